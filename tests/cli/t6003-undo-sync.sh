#!/bin/sh
# bops undo in a shared workspace: after a sync (a fast-forward or a
# merge) it takes back your own last change, never a teammate's, and
# what teammates did since survives.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# field WHO NAME: the value of field NAME of the brief in WHO's clone.
field() { sed -n "s/^$2: //p" "$1/tasks/br/brief.yaml"; }

test_case 'after a fast-forward, undo takes back your change, not theirs' '
	two_clones &&
	a -q task set brief status=processing >/dev/null && a sync >/dev/null 2>&1 &&
	b sync >/dev/null 2>&1 &&
	b -q task set brief priority=high >/dev/null && b sync >/dev/null 2>&1 &&
	theirs=$(git -C b rev-parse HEAD) &&
	a sync >/dev/null 2>&1 &&
	test "$(git -C a rev-parse HEAD)" = "$theirs" &&
	expect_status 0 a undo && expect_out brief &&
	grep -q "^undo: task brief: status not-started -> processing, started" err &&
	test "$(git -C a log -1 --format=%an)" = "Ann Le" &&
	test "$(field a status)" = not-started && test "$(field a priority)" = high &&
	sync_both && converged &&
	test "$(field b status)" = not-started && test "$(field b priority)" = high
'
test_case 'after a merge, undo takes back your change below it' '
	two_clones &&
	a -q task set brief status=processing >/dev/null &&
	b -q task set brief priority=high >/dev/null && b sync >/dev/null 2>&1 &&
	a sync >/dev/null 2>&1 &&
	test "$(git -C a rev-list --count --merges HEAD)" = 1 &&
	expect_status 0 a undo && expect_out brief &&
	grep -q "^undo: task brief: status not-started -> processing, started" err &&
	test "$(field a status)" = not-started && test "$(field a priority)" = high &&
	sync_both && converged && test "$(field b priority)" = high &&
	test "$(field b status)" = not-started
'
test_case 'a teammate changed the same field since: conflict, nothing written' '
	two_clones &&
	a -q task set brief priority=low >/dev/null && a sync >/dev/null 2>&1 &&
	b sync >/dev/null 2>&1 &&
	b -q task set brief priority=urgent >/dev/null && b sync >/dev/null 2>&1 &&
	a sync >/dev/null 2>&1 && head=$(git -C a rev-parse HEAD) &&
	expect_status 5 a undo &&
	expect_err_contains "'"'"'priority'"'"' changed since" &&
	test "$(git -C a rev-parse HEAD)" = "$head" &&
	test "$(field a priority)" = urgent && (cd a && ws_clean)
'
test_case 'undo --any after a fast-forward takes back the teammate change' '
	two_clones &&
	b -q task set brief priority=high >/dev/null && b sync >/dev/null 2>&1 &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 a undo --any &&
	test "$(cat err)" = "undo: task brief: priority high" &&
	test -z "$(field a priority)" && (cd a && ws_clean)
'
test_case 'a teammate undoing your change is seen by your undo' '
	two_clones &&
	a -q task set brief priority=low >/dev/null &&
	a -q task set brief due=2026-12-01 >/dev/null && a sync >/dev/null 2>&1 &&
	b sync >/dev/null 2>&1 && b -q undo --any >/dev/null &&
	b sync >/dev/null 2>&1 && a sync >/dev/null 2>&1 &&
	expect_status 0 a undo &&
	test "$(cat err)" = "undo: task brief: priority low" &&
	test -z "$(field a priority)" && test -z "$(field a due)" &&
	sync_both && converged
'
test_done
