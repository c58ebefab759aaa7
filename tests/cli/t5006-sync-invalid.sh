#!/bin/sh
# A pushed record that does not validate: sync exits 4, names the file
# with path:line:col, keeps the last valid version and never commits the
# broken blob.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# push_broken TEXT: Ann commits TEXT as tasks/br/brief.yaml with plain git
# and pushes it with git.
push_broken() {
	printf "$1" >a/tasks/br/brief.yaml &&
	git -C a commit -q -a -m "hand edit" &&
	git -C a push -q origin main 2>/dev/null
}

test_case 'broken YAML: exit 4, path:line:col, the valid version kept' '
	two_clones &&
	good=$(git -C b rev-parse HEAD:tasks/br/brief.yaml) &&
	b -q task add "Other" --id other >/dev/null &&
	push_broken "title: X\nstatus: [done\n" &&
	expect_status 4 b sync &&
	expect_err_contains "tasks/br/brief.yaml:3:1: " &&
	expect_err_contains "kept the last valid version" &&
	test "$(git -C b rev-parse HEAD:tasks/br/brief.yaml)" = "$good" &&
	git -C b show HEAD:tasks/br/brief.yaml >shown &&
	! grep -q "\[done" shown &&
	! grep -q "\[done" b/tasks/br/brief.yaml &&
	(cd b && ws_clean)
'

test_case 'a record that breaks the schema: exit 4, the field named' '
	two_clones &&
	push_broken "title: X\nstatus: nonsense\n" &&
	expect_status 4 b sync &&
	expect_err_contains "tasks/br/brief.yaml:2:9: " &&
	expect_err_contains "status" &&
	grep -qx "status: not-started" b/tasks/br/brief.yaml &&
	(cd b && ws_clean)
'

test_case 'no commit made by sync holds the broken blob' '
	two_clones &&
	push_broken "title: X\nstatus: nonsense\n" &&
	broken=$(git -C a rev-parse HEAD:tasks/br/brief.yaml) &&
	b sync >/dev/null 2>&1
	for c in $(git -C b rev-list --author="Bob Tran" HEAD); do
		if [ "$(git -C b rev-parse "$c:tasks/br/brief.yaml")" = "$broken" ]
		then fail "commit $c holds the broken blob"; return 1; fi
	done &&
	git -C b log -p --author="Bob Tran" >log &&
	! grep -q nonsense log
'

test_case 'the fix is pushed: the other clone gets the valid record back' '
	two_clones &&
	push_broken "title: X\nstatus: nonsense\n" &&
	b sync >/dev/null 2>&1
	expect_status 0 a sync &&
	grep -qx "status: not-started" a/tasks/br/brief.yaml &&
	(cd a && ws_clean) && (cd b && ws_clean)
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
	push_broken "title: X\n\tbad\n" &&
	b sync >/dev/null 2>&1
	expect_status 0 b task list &&
	expect_out_contains "Write the brief" &&
	expect_status 0 b task show brief
'

test_done
