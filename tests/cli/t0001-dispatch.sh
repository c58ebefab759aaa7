#!/bin/sh
. "$(dirname "$0")/lib.sh"

test_case 'version prints the version' '
	expect_status 0 bops version && expect_out_contains "bops "
'
test_case 'an unknown command exits 2' '
	expect_status 2 bops frobnicate && expect_err_contains "unknown command"
'
test_case 'outside a workspace exits 6 with a hint' '
	expect_status 6 bops task list && expect_err_contains "hint:"
'
test_case 'global options are taken anywhere among the arguments' '
	new_ws &&
	expect_status 0 bops task add One --id one -q &&
	expect_out one && test ! -s err &&
	expect_status 0 bops task -q add Two --id two &&
	expect_out two && test ! -s err &&
	expect_status 0 bops task add Three --quiet --id three &&
	test ! -s err &&
	cd .. &&
	expect_status 0 bops task list --fields id -C ws &&
	expect_out "id
one
three
two" &&
	expect_status 0 bops task list -Cws --no-color --fields id &&
	expect_out_contains three &&
	expect_status 0 bops task --no-color show one -C ws &&
	expect_out_contains One
'
test_case '-- ends the options: what follows is the command'"'"'s' '
	new_ws &&
	expect_status 0 bops task add --id dash -- -q is a title &&
	expect_out dash &&
	expect_status 0 bops task show dash --json &&
	expect_out_contains "\"title\":\"-q is a title\"" &&
	expect_status 2 bops task list -C &&
	expect_err_contains "-C"
'
test_case 'a typo gets a suggestion: commands, verbs, options and fields' '
	new_ws &&
	expect_status 2 bops tsak list &&
	expect_err_contains "unknown command '"'"'tsak'"'"'; did you mean '"'"'task'"'"'?" &&
	expect_status 2 bops task lsit &&
	expect_err_contains "unknown verb '"'"'lsit'"'"' for task; did you mean '"'"'list'"'"'?" &&
	expect_status 2 bops task list --jsno &&
	expect_err_contains "unknown option '"'"'--jsno'"'"'; did you mean '"'"'--json'"'"'?" &&
	expect_status 2 bops --quite task list &&
	expect_err_contains "unknown option '"'"'--quite'"'"'; did you mean '"'"'--quiet'"'"'?" &&
	expect_status 2 bops help tsak &&
	expect_err_contains "did you mean '"'"'task'"'"'?" &&
	expect_status 2 bops okr chekin x/1 3 &&
	expect_err_contains "did you mean '"'"'checkin'"'"'?" &&
	expect_status 2 bops task list prority=high &&
	expect_err_contains "unknown field '"'"'prority'"'"' for task; did you mean '"'"'priority'"'"'?" &&
	expect_status 2 bops task add Title stauts=done &&
	expect_err_contains "did you mean '"'"'status'"'"'?" &&
	expect_status 2 bops frobnicate &&
	! grep -q "did you mean" err
'
test_done
