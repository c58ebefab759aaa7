#!/bin/sh
# bops sprint start and close: committed and completed points, carry-over.
. "$(dirname "$0")/lib.sh"

# planned: sprint 2026-w48 with a (3 points), b (2), c (no estimate: 1)
# and d (5) planned, and e (8) in the backlog.
planned() {
	new_ws &&
	bops -q sprint new goal="find the shortest path to sign-up" >/dev/null &&
	bops -q task add Three messages estimate=3 --id a >/dev/null &&
	bops -q task add Three destinations estimate=2 --id b >/dev/null &&
	bops -q task add Landing page --id c >/dev/null &&
	bops -q task add Lookalike list estimate=5 --id d >/dev/null &&
	bops -q task add Not this sprint estimate=8 --id e >/dev/null &&
	bops -q sprint plan 2026-w48 a b c d >/dev/null
}

test_case 'start freezes committed: estimates, 1 for a task without one' '
	planned && n=$(commits) &&
	expect_status 0 bops sprint start 2026-w48 &&
	expect_out 2026-w48 &&
	expect_err_contains "sprint 2026-w48: start, committed 11 points in 4 tasks" &&
	test "$(git log -1 --format=%s)" = "sprint 2026-w48: start, committed 11 points in 4 tasks" &&
	test "$(commits)" = $((n + 1)) &&
	grep -qx "status: active" sprints/2026-w48.yaml &&
	grep -qx "committed: 11" sprints/2026-w48.yaml &&
	bops -q task add Late arrival estimate=2 --id f >/dev/null &&
	bops -q sprint plan 2026-w48 f >/dev/null &&
	grep -qx "committed: 11" sprints/2026-w48.yaml &&
	ws_clean
'
test_case 'start of a sprint with one task of one point says so' '
	new_ws && bops -q sprint new >/dev/null &&
	bops -q task add Only --id only >/dev/null &&
	bops -q sprint plan 2026-w48 only >/dev/null &&
	expect_status 0 bops sprint start 2026-w48 &&
	test "$(git log -1 --format=%s)" = "sprint 2026-w48: start, committed 1 point in 1 task"
'
test_case 'start refuses an active or closed sprint (exit 5)' '
	planned &&
	bops -q sprint start 2026-w48 >/dev/null && n=$(commits) &&
	bops -q task add Late estimate=2 --id f >/dev/null &&
	bops -q sprint plan 2026-w48 f >/dev/null && n=$(commits) &&
	expect_status 5 bops sprint start 2026-w48 &&
	expect_err_contains "already active" &&
	grep -qx "committed: 11" sprints/2026-w48.yaml &&
	bops -q sprint close 2026-w48 --carry-to backlog >/dev/null && n=$(commits) &&
	expect_status 5 bops sprint start 2026-w48 &&
	expect_err_contains "closed" &&
	test "$(commits)" = "$n" &&
	ws_clean
'
test_case 'start of an unknown sprint exits 3, without one 2' '
	planned &&
	expect_status 3 bops sprint start 2026-w01 &&
	expect_status 2 bops sprint start &&
	expect_status 3 bops sprint start 2026-w48 2026-w01 &&
	expect_status 0 bops sprint start --help &&
	expect_out_contains "usage: bops sprint start [SPRINT ...]"
'
test_case 'close carries unfinished tasks to a next sprint it makes' '
	planned &&
	bops -q sprint start 2026-w48 >/dev/null &&
	BOPS_NOW=2026-11-24T10:00:00Z bops -q task done a >/dev/null &&
	BOPS_NOW=2026-11-25T10:00:00Z bops -q task start c >/dev/null &&
	BOPS_NOW=2026-11-26T10:00:00Z bops -q task done b >/dev/null &&
	n=$(commits) &&
	BOPS_NOW=2026-11-30T08:00:00Z expect_status 0 bops sprint close 2026-w48 &&
	expect_out "2026-w48
c
d" &&
	msg="sprint 2026-w48: close, completed 5 points, carried 2 tasks to 2026-w49" &&
	expect_err_contains "$msg" &&
	test "$(git log -1 --format=%s)" = "$msg" &&
	test "$(commits)" = $((n + 1)) &&
	grep -qx "status: closed" sprints/2026-w48.yaml &&
	grep -qx "committed: 11" sprints/2026-w48.yaml &&
	grep -qx "completed: 5" sprints/2026-w48.yaml &&
	expect_status 0 bops sprint show 2026-w49 --fields start,end,status --csv &&
	expect_out "start,end,status
2026-11-30,2026-12-06,planned" &&
	expect_status 0 bops task list --all --sort id --fields id,sprint,carried,status --csv &&
	expect_out "id,sprint,carried,status
a,2026-w48,,done
b,2026-w48,,done
c,2026-w49,1,processing
d,2026-w49,1,not-started
e,,,not-started" &&
	ws_clean
'
test_case 'the next sprint made on close has the length of the closed one' '
	new_ws &&
	bops -q sprint new length=2w >/dev/null &&
	bops -q task add Big --id big >/dev/null &&
	bops -q sprint plan 2026-w48 big >/dev/null &&
	expect_status 0 bops sprint close 2026-w48 &&
	expect_err_contains "carried 1 task to 2026-w50" &&
	expect_status 0 bops sprint show 2026-w50 --fields start,end --csv &&
	expect_out "start,end
2026-12-07,2026-12-20" &&
	ws_clean
'
test_case 'close carries into the next existing sprint, a second time too' '
	planned &&
	bops -q sprint new start=2026-12-07 >/dev/null &&
	bops -q sprint new start=2026-12-21 >/dev/null &&
	bops -q task done a >/dev/null &&
	expect_status 0 bops sprint close 2026-w48 &&
	expect_err_contains "carried 3 tasks to 2026-w50" &&
	test ! -e sprints/2026-w49.yaml &&
	bops -q task done b >/dev/null &&
	expect_status 0 bops sprint close 2026-w50 &&
	expect_out "2026-w50
c
d" &&
	expect_err_contains "close, completed 2 points, carried 2 tasks to 2026-w52" &&
	expect_status 0 bops task list --all sprint=2026-w52 --fields id,carried --csv &&
	expect_out "id,carried
c,2
d,2" &&
	ws_clean
'
test_case 'close --carry-to NEXT names the sprint, made when it is missing' '
	planned &&
	bops -q sprint new start=2026-12-07 >/dev/null &&
	expect_status 0 bops sprint close 2026-w48 --carry-to hospital-push &&
	expect_err_contains "carried 4 tasks to hospital-push" &&
	expect_status 0 bops sprint show hospital-push --fields start,end --csv &&
	expect_out "start,end
2026-11-30,2026-12-06" &&
	expect_status 0 bops sprint close hospital-push --carry-to 2026-w50 &&
	expect_err_contains "close, completed 0 points, carried 4 tasks to 2026-w50" &&
	grep -qx "carried: 2" tasks/d/d.yaml &&
	ws_clean
'
test_case 'close --carry-to backlog clears the sprint of unfinished tasks' '
	planned &&
	bops -q sprint start 2026-w48 >/dev/null &&
	bops -q task done d >/dev/null &&
	n=$(commits) &&
	expect_status 0 bops sprint close 2026-w48 --carry-to backlog &&
	expect_out "2026-w48
a
b
c" &&
	msg="sprint 2026-w48: close, completed 5 points, carried 3 tasks to the backlog" &&
	test "$(git log -1 --format=%s)" = "$msg" &&
	test "$(commits)" = $((n + 1)) &&
	test ! -e sprints/2026-w49.yaml &&
	expect_status 0 bops task list --all --sort id --fields id,sprint,carried --csv &&
	expect_out "id,sprint,carried
a,,1
b,,1
c,,1
d,2026-w48,
e,," &&
	expect_status 0 bops task backlog --fields id --csv &&
	expect_out "id
a
b
c
e" &&
	ws_clean
'
test_case 'close with nothing to carry makes no next sprint' '
	planned &&
	for t in a b c d; do bops -q task done $t >/dev/null || exit 1; done &&
	n=$(commits) &&
	expect_status 0 bops sprint close 2026-w48 &&
	expect_out 2026-w48 &&
	msg="sprint 2026-w48: close, completed 11 points, nothing to carry" &&
	expect_err_contains "$msg" &&
	test "$(git log -1 --format=%s)" = "$msg" &&
	test "$(commits)" = $((n + 1)) &&
	test ! -e sprints/2026-w49.yaml &&
	expect_status 0 bops sprint list --all --fields id --csv &&
	expect_out "id
2026-w48" &&
	ws_clean
'
test_case 'close --carry-to NEXT with nothing to carry makes no NEXT' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	bops -q task add Only --id only >/dev/null &&
	bops -q sprint plan 2026-w48 only >/dev/null &&
	bops -q task done only >/dev/null &&
	expect_status 0 bops sprint close 2026-w48 --carry-to hospital-push &&
	expect_err_contains "close, completed 1 point, nothing to carry" &&
	test ! -e sprints/hospital-push.yaml &&
	ws_clean
'
test_case 'close with a broken task exits 4 and writes nothing' '
	planned &&
	bops -q sprint start 2026-w48 >/dev/null &&
	sed -i "s/^estimate: 3$/estimate: lots/" tasks/a/a.yaml &&
	git commit -q -a -m "hand edit" &&
	n=$(commits) &&
	expect_status 4 bops sprint close 2026-w48 &&
	expect_err_contains "tasks/a/a.yaml:3:11: " &&
	expect_err_contains "sprint '\''2026-w48'\''" &&
	test "$(commits)" = "$n" &&
	grep -qx "status: active" sprints/2026-w48.yaml &&
	test ! -e sprints/2026-w49.yaml &&
	! grep -q carried tasks/b/b.yaml &&
	expect_status 4 bops sprint close 2026-w48 --carry-to backlog &&
	test "$(commits)" = "$n" &&
	git revert --no-edit HEAD >/dev/null &&
	expect_status 0 bops sprint close 2026-w48 &&
	expect_err_contains "carried 4 tasks to 2026-w49"
'
test_case 'start with a broken task exits 4 and writes nothing' '
	planned &&
	sed -i "s/^estimate: 3$/estimate: lots/" tasks/a/a.yaml &&
	git commit -q -a -m "hand edit" &&
	n=$(commits) &&
	expect_status 4 bops sprint start 2026-w48 &&
	expect_err_contains "tasks/a/a.yaml:3:11: " &&
	test "$(commits)" = "$n" &&
	grep -qx "status: planned" sprints/2026-w48.yaml
'
test_case 'close with a broken sprint record makes no sprint over it' '
	planned &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	sed -i "s/^status: planned$/status: bogus/" sprints/2026-w49.yaml &&
	git commit -q -a -m "hand edit" &&
	n=$(commits) &&
	expect_status 4 bops sprint close 2026-w48 &&
	expect_err_contains "sprints/2026-w49.yaml:" &&
	test "$(commits)" = "$n" &&
	grep -qx "status: planned" sprints/2026-w48.yaml
'
test_case 'closing a closed sprint is refused (exit 5) and writes nothing' '
	planned &&
	bops -q sprint close 2026-w48 --carry-to backlog >/dev/null &&
	n=$(commits) &&
	expect_status 5 bops sprint close 2026-w48 &&
	expect_err_contains "sprint '\''2026-w48'\'' is already closed" &&
	expect_status 5 bops sprint close 2026-w48 --carry-to backlog &&
	test "$(commits)" = "$n" && test ! -e sprints/2026-w49.yaml &&
	ws_clean
'
test_case 'close refuses to carry into itself (2) or a closed sprint (5)' '
	planned &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	bops -q sprint close 2026-w49 >/dev/null &&
	n=$(commits) &&
	expect_status 2 bops sprint close 2026-w48 --carry-to 2026-w48 &&
	expect_err_contains "the sprint being closed" &&
	expect_status 5 bops sprint close 2026-w48 --carry-to 2026-w49 &&
	expect_err_contains "closed" &&
	expect_status 5 bops sprint close 2026-w48 &&
	expect_status 2 bops sprint close 2026-w48 --carry-to "bad id" &&
	test "$(commits)" = "$n" &&
	grep -qx "status: planned" sprints/2026-w48.yaml &&
	! grep -q carried tasks/a/a.yaml &&
	ws_clean
'
test_case 'close refuses a made next sprint that would overlap (exit 5)' '
	planned &&
	bops -q sprint new start=2026-12-03 --id thursday >/dev/null &&
	bops -q sprint new start=2026-11-16 --id before >/dev/null &&
	n=$(commits) &&
	expect_status 5 bops sprint close 2026-w48 --carry-to fresh &&
	expect_err_contains "overlap sprint '\''thursday'\''" &&
	test "$(commits)" = "$n" && test ! -e sprints/fresh.yaml &&
	ws_clean
'
test_case 'close of an unknown sprint exits 3, bad arguments 2' '
	planned && n=$(commits) &&
	expect_status 3 bops sprint close 2026-w01 &&
	expect_status 2 bops sprint close &&
	expect_status 2 bops sprint close 2026-w48 --carry-to &&
	expect_status 2 bops sprint close 2026-w48 2026-w49 &&
	expect_status 2 bops sprint close 2026-w48 --bogus &&
	test "$(commits)" = "$n"
'
test_case 'close of a sprint with an uncommitted hand edit exits 5' '
	planned &&
	echo "retro: went well" >> sprints/2026-w48.yaml &&
	expect_status 5 bops sprint close 2026-w48 &&
	expect_status 5 bops sprint start 2026-w48 &&
	git checkout -q sprints &&
	! grep -q carried tasks/a/a.yaml &&
	ws_clean
'
test_case 'a hand-broken sprint record exits 4' '
	planned &&
	sed -i "s/status: planned/status: bogus/" sprints/2026-w48.yaml &&
	git commit -q -a -m "hand edit" &&
	expect_status 4 bops sprint start 2026-w48 &&
	expect_err_contains "sprints/2026-w48.yaml:" &&
	expect_status 4 bops sprint close 2026-w48
'
test_case 'outside a workspace the verbs exit 6' '
	expect_status 6 bops sprint current &&
	expect_status 6 bops sprint start 2026-w48 &&
	expect_status 6 bops sprint velocity
'
test_case 'an unknown verb exits 2' '
	new_ws &&
	expect_status 2 bops sprint frobnicate &&
	expect_err_contains "unknown verb" &&
	expect_status 2 bops sprint
'
test_done
