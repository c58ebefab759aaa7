#!/bin/sh
# Two people change one record at once: different fields merge cleanly,
# and after both sync, both clones and the remote hold one tree, whoever
# synced first.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

test_case 'different fields of one record merge without conflict' '
	two_clones &&
	a -q task set brief status=processing >/dev/null &&
	b -q task set brief priority=high due=2026-12-01 >/dev/null &&
	expect_status 0 a sync &&
	expect_status 0 b sync &&
	expect_out brief &&
	expect_err_contains "1 commit in, 2 out, 1 record changed, 0 conflicts" &&
	expect_status 0 a sync &&
	expect_out brief &&
	expect_status 0 b task show brief --json &&
	grep -q "\"status\": *\"processing\"" out &&
	grep -q "\"priority\": *\"high\"" out &&
	grep -q "\"due\": *\"2026-12-01\"" out &&
	! grep -q conflicts b/tasks/br/brief.yaml &&
	converged
'

test_case 'the merge is a merge commit with both parents' '
	two_clones &&
	a -q task set brief status=processing >/dev/null &&
	b -q task set brief priority=high >/dev/null &&
	a sync >/dev/null 2>&1 &&
	b sync >/dev/null 2>&1 &&
	test "$(git -C b rev-list --count --merges HEAD)" = 1 &&
	git -C b log -1 --format=%s >subject &&
	grep -qx "sync: merge origin/main" subject &&
	git -C b log -1 --format=%an >who &&
	grep -qx "Bob Tran" who &&
	git -C b merge-base --is-ancestor "$(git -C a rev-parse HEAD)" HEAD
'

# converge_after FIRST SECOND: both change the record, FIRST syncs first;
# print the merged file.
converge_after() {
	two_clones &&
	a -q task set brief status=done tags+=print >/dev/null &&
	a -q task add "Book the hall" --id hall >/dev/null &&
	b -q task set brief priority=low "description=call before noon" >/dev/null &&
	b -q task add "Order food" --id food >/dev/null &&
	$1 sync >/dev/null 2>&1 && $2 sync >/dev/null 2>&1 &&
	$1 sync >/dev/null 2>&1 && $2 sync >/dev/null 2>&1 &&
	converged && cat a/tasks/br/brief.yaml
}

test_case 'the result is the same whoever syncs first' '
	mkdir ab ba &&
	(cd ab && HOME=$PWD converge_after a b) >ab.yaml &&
	(cd ba && HOME=$PWD converge_after b a) >ba.yaml &&
	cmp ab.yaml ba.yaml &&
	grep -qx "status: done" ab.yaml &&
	grep -qx "priority: low" ab.yaml &&
	grep -qx "description: call before noon" ab.yaml &&
	grep -qx "\- print" ab.yaml &&
	test -f ab/a/tasks/ha/hall.yaml && test -f ab/a/tasks/fo/food.yaml &&
	test "$(git -C ab/a rev-parse "HEAD^{tree}")" = \
	    "$(git -C ba/a rev-parse "HEAD^{tree}")"
'

test_case 'syncing twice more changes nothing' '
	two_clones &&
	a -q task set brief status=processing >/dev/null &&
	b -q task set brief priority=high >/dev/null &&
	sync_both &&
	head_a=$(git -C a rev-parse HEAD) && head_b=$(git -C b rev-parse HEAD) &&
	expect_status 0 b sync && test ! -s out && test ! -s err &&
	expect_status 0 a sync && test ! -s out && test ! -s err &&
	test "$(git -C a rev-parse HEAD)" = "$head_a" &&
	test "$(git -C b rev-parse HEAD)" = "$head_b" &&
	converged
'

test_case 'a record added on each side comes to the other' '
	two_clones &&
	a -q task add "Ann task" --id ann-task >/dev/null &&
	b -q task add "Bob task" --id bob-task >/dev/null &&
	sync_both &&
	expect_status 0 a task list --fields id &&
	expect_out_contains ann-task && expect_out_contains bob-task &&
	converged
'

test_case 'both add a record with the same id: fields merge from nothing' '
	two_clones &&
	a -q task add "Launch" --id launch priority=high >/dev/null &&
	b -q task add "Launch" --id launch due=2026-12-24 >/dev/null &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 b sync &&
	a sync >/dev/null 2>&1 &&
	grep -qx "priority: high" b/tasks/la/launch.yaml &&
	grep -qx "due: 2026-12-24" b/tasks/la/launch.yaml &&
	converged
'

test_case 'the config merges field by field too' '
	two_clones &&
	a -q config sprint.length 14d >/dev/null &&
	b -q config name team >/dev/null &&
	sync_both &&
	grep -q "^name: team" a/bops.yaml &&
	grep -q "length: 2w" a/bops.yaml &&
	converged
'

test_case 'a hand edit the merge would change: exit 5, nothing done' '
	two_clones &&
	a -q task set brief status=done >/dev/null &&
	a sync >/dev/null 2>&1 &&
	echo "x_note: mine" >>b/tasks/br/brief.yaml &&
	head=$(git -C b rev-parse HEAD) &&
	expect_status 5 b sync &&
	test ! -s out &&
	expect_err_contains "tasks/br/brief.yaml: has uncommitted changes" &&
	! grep -q "commit.* in" err &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	grep -qx "x_note: mine" b/tasks/br/brief.yaml &&
	git -C b checkout -q -- tasks/br/brief.yaml &&
	expect_status 0 b sync &&
	grep -qx "status: done" b/tasks/br/brief.yaml
'

test_done
