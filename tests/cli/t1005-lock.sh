#!/bin/sh
# The workspace lock: a stale lock file is harmless, a held lock is exit 5.
. "$(dirname "$0")/lib.sh"

test_case 'a leftover lock file does not block a writer' '
	new_ws && touch .git/bops.lock &&
	expect_status 0 bops task add "After a crash" --id after && ws_clean
'
test_case 'a held lock is exit 5 after BOPS_LOCK_TIMEOUT' '
	new_ws || exit 1
	n=$(commits)
	flock -o .git/bops.lock sleep 2 &
	holder=$!
	sleep 0.3 &&
	BOPS_LOCK_TIMEOUT=0.3 expect_status 5 bops task add "Blocked" --id blocked
	rc=$?
	kill $holder 2>/dev/null; wait $holder 2>/dev/null
	test $rc = 0 &&
	expect_err_contains "workspace is locked by another bops process" &&
	test ! -s out && test "$(commits)" = "$n" && test ! -e tasks
'
test_case 'readers do not wait for the lock' '
	new_ws && bops task add "Readable" --id readable >/dev/null 2>&1 ||
		exit 1
	flock -o .git/bops.lock sleep 2 &
	holder=$!
	sleep 0.3 &&
	BOPS_LOCK_TIMEOUT=0.3 expect_status 0 bops task list --fields id
	rc=$?
	kill $holder 2>/dev/null; wait $holder 2>/dev/null
	test $rc = 0 && expect_out "id
readable"
'
test_case 'a stale git index.lock is reported (exit 5), nothing written' '
	new_ws && n=$(commits) && touch .git/index.lock &&
	expect_status 5 bops task add "Blocked" &&
	expect_err_contains "index.lock'"'"' exists" &&
	test "$(commits)" = "$n" && rm .git/index.lock && ws_clean
'
test_case 'a BOPS_LOCK_TIMEOUT that is no number of seconds is refused' '
	new_ws && n=$(commits) &&
	for t in nan -nan inf -1 1e300 x 0x10; do
		BOPS_LOCK_TIMEOUT=$t expect_status 2 bops task add "T $t" &&
		expect_err_contains "BOPS_LOCK_TIMEOUT" || return 1
	done &&
	test "$(commits)" = "$n" && ws_clean
'
test_done
