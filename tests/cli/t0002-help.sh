#!/bin/sh
# help and -h for every command and verb; unknown options and commands.
. "$(dirname "$0")/lib.sh"

workspace_cmds="init config check log undo help version"
task_verbs="add list show set edit rm log move start done board backlog rank"

test_case 'bops help prints the overview on stdout and exits 0' '
	expect_status 0 bops help &&
	expect_out_contains "usage: bops [-C DIR] [-q] [--no-color] COMMAND" &&
	expect_out_contains "  task " &&
	expect_out_contains "  init " &&
	test ! -s err
'
test_case 'bops -h and --help print the overview' '
	expect_status 0 bops -h && expect_out_contains "usage: bops" &&
	expect_status 0 bops --help && expect_out_contains "usage: bops" &&
	test ! -s err
'
test_case 'bops without a command prints the overview and exits 2' '
	expect_status 2 bops && expect_out_contains "usage: bops"
'
test_case 'version and --version print the version' '
	expect_status 0 bops version && grep -q "^bops [0-9][0-9.]*" out &&
	cp out v1 &&
	expect_status 0 bops --version && cmp -s out v1
'
test_case 'version takes no arguments' '
	expect_status 2 bops version extra && expect_err_contains "usage:"
'
test_case 'every workspace command has -h, outside a workspace too' '
	for c in $workspace_cmds; do
		expect_status 0 bops $c -h || exit 1
		grep -q "^usage: bops $c" out ||
			{ echo "# $c -h: no usage line" >&2; exit 1; }
		test ! -s err || { echo "# $c -h wrote stderr" >&2; exit 1; }
	done
'
test_case 'bops help COMMAND works for every command' '
	for c in $workspace_cmds task; do
		expect_status 0 bops help $c || exit 1
		grep -q "usage: bops $c" out ||
			{ echo "# help $c: no usage line" >&2; exit 1; }
		test ! -s err || exit 1
	done
'
test_case 'every task verb has -h, outside a workspace too' '
	for v in $task_verbs; do
		expect_status 0 bops task $v -h || exit 1
		grep -q "^usage: bops task $v" out ||
			{ echo "# task $v -h: no usage line" >&2; exit 1; }
		test ! -s err || { echo "# task $v -h wrote stderr" >&2; exit 1; }
		expect_status 0 bops task $v --help || exit 1
	done
'
test_case 'bops task -h lists every verb' '
	expect_status 0 bops task -h &&
	for v in $task_verbs; do
		grep -q "^  bops task $v" out ||
			{ echo "# verb $v not listed" >&2; exit 1; }
	done
'
test_case 'an unknown global option exits 2' '
	expect_status 2 bops --bogus help &&
	expect_err_contains "unknown option '"'"'--bogus'"'"'"
'
test_case 'an unknown command exits 2 with a hint' '
	expect_status 2 bops frobnicate &&
	expect_err_contains "bops: unknown command '"'"'frobnicate'"'"'" &&
	expect_err_contains "bops help" &&
	test ! -s out
'
test_case 'bops help with an unknown command exits 2' '
	expect_status 2 bops help frobnicate &&
	expect_err_contains "unknown command"
'
test_case 'a task without a verb or with an unknown verb exits 2' '
	new_ws &&
	expect_status 2 bops task && expect_err_contains "a verb is needed" &&
	expect_status 2 bops task frob &&
	expect_err_contains "unknown verb '"'"'frob'"'"' for task"
'
test_case 'every task verb refuses an unknown option with exit 2' '
	new_ws &&
	bops task add "One" --id one >/dev/null 2>&1 &&
	n=$(commits) &&
	for v in $task_verbs; do
		expect_status 2 bops task $v one --bogus || exit 1
		expect_err_contains "unknown option '"'"'--bogus'"'"'" || exit 1
	done &&
	test "$(commits)" = "$n" && ws_clean
'
test_case 'workspace commands refuse an unknown option with exit 2' '
	new_ws &&
	for c in config check log undo version; do
		expect_status 2 bops $c --bogus || exit 1
		expect_err_contains "unknown option" || exit 1
	done &&
	expect_status 2 bops init --bogus other &&
	test ! -e other && ws_clean
'
test_done
