#!/bin/sh
# A pushed record that does not validate: sync keeps it byte for byte as
# it came (never dropped, never reverted to an older version), names it
# with path:line:col, exits 4 and pushes nothing that time.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# push_broken TEXT: Ann commits TEXT as tasks/br/brief.yaml with plain git
# and pushes it with git.
push_broken() {
	printf "$1" >a/tasks/br/brief.yaml &&
	git -C a commit -q -a -m "hand edit" &&
	git -C a push -q origin main 2>/dev/null
}

test_case 'broken YAML: exit 4, path:line:col, kept as it came' '
	two_clones &&
	b -q task add "Other" --id other >/dev/null &&
	push_broken "title: X\nstatus: [done\n" &&
	broken=$(git -C a rev-parse HEAD:tasks/br/brief.yaml) &&
	expect_status 4 b sync &&
	expect_err_contains "tasks/br/brief.yaml:3:1: " &&
	expect_err_contains "kept as it came" &&
	test "$(git -C b rev-parse HEAD:tasks/br/brief.yaml)" = "$broken" &&
	grep -q "\[done" b/tasks/br/brief.yaml &&
	test -z "$(git -C b status --porcelain --untracked-files=no)"
'

test_case 'a record that breaks the schema: exit 4, the field named' '
	two_clones &&
	push_broken "title: X\nstatus: nonsense\n" &&
	expect_status 4 b sync &&
	expect_err_contains "tasks/br/brief.yaml:2:9: " &&
	expect_err_contains "status" &&
	grep -qx "status: nonsense" b/tasks/br/brief.yaml
'

test_case 'no sync makes a commit that reverts or drops the record' '
	two_clones &&
	push_broken "title: X\nstatus: nonsense\n" &&
	broken=$(git -C a rev-parse HEAD:tasks/br/brief.yaml) &&
	{ b sync >/dev/null 2>&1; test $? -eq 4; } &&
	expect_status 0 b sync &&
	expect_status 0 a sync &&
	for c in $(git -C b rev-list --author="Bob Tran" HEAD); do
		blob=$(git -C b rev-parse "$c:tasks/br/brief.yaml") ||
		    { fail "commit $c dropped the record"; return 1; }
		test "$blob" = "$broken" ||
		    { fail "commit $c holds another version"; return 1; }
	done &&
	test "$(git -C a rev-parse HEAD:tasks/br/brief.yaml)" = "$broken"
'

test_case 'other records that came in with it are taken' '
	two_clones &&
	a -q task add "Good one" --id good >/dev/null &&
	push_broken "title: X\nstatus: nonsense\n" &&
	expect_status 4 b sync &&
	test -f b/tasks/go/good.yaml &&
	expect_out_contains good
'

test_case 'a broken incoming record never breaks reads' '
	two_clones &&
	b -q task add "Other" --id other >/dev/null &&
	push_broken "title: X\n\tbad\n" &&
	{ b sync >/dev/null 2>&1; test $? -eq 4; } &&
	expect_status 0 b task list &&
	expect_out_contains "Other" &&
	expect_err_contains "tasks/br/brief.yaml" &&
	expect_status 4 b task show brief &&
	expect_err_contains "tasks/br/brief.yaml:2:1"
'

test_case 'a record that does not validate can be removed' '
	two_clones &&
	push_broken "title: X\nstatus: nonsense\n" &&
	{ b sync >/dev/null 2>&1; test $? -eq 4; } &&
	expect_status 0 b task rm brief &&
	test ! -e b/tasks/br/brief.yaml &&
	(cd b && ws_clean)
'

test_done
