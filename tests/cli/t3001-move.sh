#!/bin/sh
# bops task move ID COLUMN, start, done: stamps and WIP limits.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	for t in one two three four; do
		"$BOPS" task add "Task $t" --id "$t" >/dev/null 2>&1 || return 1
	done
}

test_case 'start moves to processing and stamps started' '
	setup && n=$(commits) &&
	BOPS_NOW=2026-11-24T08:30:00Z expect_status 0 bops task start one &&
	expect_out one &&
	test "$(cat err)" = "task one: status not-started -> processing, started 2026-11-24T08:30:00Z" &&
	test "$(git log -1 --format=%s)" = "task one: status not-started -> processing, started 2026-11-24T08:30:00Z" &&
	test "$(commits)" = $((n + 1)) &&
	grep -q "^started: 2026-11-24T08:30:00Z$" tasks/on/one.yaml && ws_clean
'
test_case 'move names the column; the commit names the change' '
	setup &&
	expect_status 0 bops task move one processing &&
	test "$(git log -1 --format=%s)" = "task one: status not-started -> processing, started 2026-11-23T09:00:00Z" &&
	ws_clean
'
test_case 'done stamps finished and keeps started' '
	setup &&
	BOPS_NOW=2026-11-24T08:00:00Z bops task start one >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-25T17:00:00Z expect_status 0 bops task done one &&
	test "$(git log -1 --format=%s)" = "task one: status processing -> done, finished 2026-11-25T17:00:00Z" &&
	grep -q "^started: 2026-11-24T08:00:00Z$" tasks/on/one.yaml &&
	grep -q "^finished: 2026-11-25T17:00:00Z$" tasks/on/one.yaml && ws_clean
'
test_case 'leaving done clears finished; started stays the first time' '
	setup &&
	BOPS_NOW=2026-11-24T08:00:00Z bops task start one >/dev/null 2>&1 &&
	bops task done one >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-26T08:00:00Z expect_status 0 bops task move one processing &&
	test "$(git log -1 --format=%s)" = "task one: status done -> processing, finished cleared" &&
	! grep -q "^finished:" tasks/on/one.yaml &&
	grep -q "^started: 2026-11-24T08:00:00Z$" tasks/on/one.yaml &&
	expect_status 0 bops task move one not-started &&
	grep -q "^started: 2026-11-24T08:00:00Z$" tasks/on/one.yaml && ws_clean
'
test_case 'a move to the same column commits nothing' '
	setup && bops task start one >/dev/null 2>&1 && n=$(commits) &&
	expect_status 0 bops task start one && expect_out one &&
	expect_err_contains "task one: no change" &&
	expect_status 0 bops task move one processing &&
	test "$(commits)" = "$n" && ws_clean
'
test_case 'an unknown column exits 2 naming the columns' '
	setup && n=$(commits) &&
	expect_status 2 bops task move one nowhere &&
	expect_err_contains "unknown column '"'"'nowhere'"'"'; the board has: not-started, processing, done" &&
	test "$(commits)" = "$n"
'
test_case 'an unknown column is checked before the id' '
	setup &&
	expect_status 2 bops task move nothing nowhere
'
test_case 'move of an unknown id exits 3' '
	setup && expect_status 3 bops task move nothing done &&
	expect_status 3 bops task start nothing && expect_status 3 bops task done nothing
'
test_case 'move needs an id and a column, start and done an id' '
	setup &&
	expect_status 2 bops task move one && expect_err_contains "usage:" &&
	expect_status 2 bops task start && expect_status 2 bops task done &&
	expect_status 2 bops task start one --where status=done &&
	expect_err_contains "give ids or --where, not both"
'
test_case 'a move past the WIP limit exits 5 and writes nothing' '
	setup &&
	bops task start one >/dev/null 2>&1 && bops task start two >/dev/null 2>&1 &&
	bops task start three >/dev/null 2>&1 && n=$(commits) &&
	cp tasks/fo/four.yaml ../before &&
	expect_status 5 bops task start four &&
	expect_err_contains "bops: '"'"'processing'"'"' is at its WIP limit (3 of 3)" &&
	expect_err_contains "hint: finish something first, or use --force" &&
	test ! -s out &&
	test "$(commits)" = "$n" && cmp -s tasks/fo/four.yaml ../before &&
	expect_status 5 bops task move four processing && ws_clean
'
test_case 'config board.wip.processing 1, then the second move is refused' '
	setup &&
	bops config board.wip.processing 1 2>/dev/null &&
	expect_status 0 bops task move one processing &&
	n=$(commits) &&
	expect_status 5 bops task move two processing &&
	expect_err_contains "(1 of 1)" && test "$(commits)" = "$n" &&
	expect_status 0 bops task move two processing --force &&
	expect_out two && test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "task two: status not-started -> processing, started 2026-11-23T09:00:00Z" &&
	expect_status 0 bops task start three -f &&
	ws_clean
'
test_case 'a task already in a full column can stay there' '
	setup && bops config board.wip.processing 1 2>/dev/null &&
	bops task start one >/dev/null 2>&1 &&
	expect_status 0 bops task start one
'
test_case 'done has no WIP limit by default, and a limit on it is kept' '
	setup &&
	for t in one two three four; do
		bops task done $t >/dev/null 2>&1 || exit 1
	done &&
	bops config board.wip.done 4 2>/dev/null &&
	bops task add "Five" --id five >/dev/null 2>&1 &&
	expect_status 5 bops task done five
'
test_case 'with no limit configured a column takes any number' '
	setup && bops config board.wip.processing "" 2>/dev/null &&
	for t in one two three four; do
		expect_status 0 bops task start $t || exit 1
	done && ws_clean
'
test_case 'custom columns: start is the second, done the last' '
	setup && bops config board.wip.processing "" 2>/dev/null &&
	bops config board.columns not-started,doing,review,shipped 2>/dev/null &&
	expect_status 0 bops task start one &&
	grep -q "^status: doing$" tasks/on/one.yaml &&
	expect_status 0 bops task move one review &&
	! grep -q "^finished:" tasks/on/one.yaml &&
	expect_status 0 bops task done one &&
	grep -q "^status: shipped$" tasks/on/one.yaml &&
	grep -q "^finished:" tasks/on/one.yaml && ws_clean
'
test_done
