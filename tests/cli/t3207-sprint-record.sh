#!/bin/sh
# The sprint record through the generic verbs: goal, review, retro,
# objectives; committed and completed belong to bops.
. "$(dirname "$0")/lib.sh"

test_case 'review, retro and objectives are set with the generic verbs' '
	new_ws &&
	bops -q sprint new goal="find the shortest path to sign-up" >/dev/null &&
	expect_status 0 bops sprint set 2026-w48 "title=Week 48" capacity=20 \
	    objectives=SAVE/1,SAVE/2 "review=story/chat won" \
	    "retro=start the ads on Monday" &&
	expect_out 2026-w48 &&
	expect_status 0 bops sprint show 2026-w48 --json &&
	expect_out_contains "\"title\":\"Week 48\"" &&
	expect_out_contains "\"objectives\":[\"SAVE/1\",\"SAVE/2\"]" &&
	expect_out_contains "\"capacity\":20" &&
	expect_out_contains "\"review\":\"story/chat won\"" &&
	expect_out_contains "\"retro\":\"start the ads on Monday\"" &&
	expect_status 0 bops sprint list "goal~shortest" --fields id,capacity --csv &&
	expect_out "id,capacity
2026-w48,20" &&
	ws_clean
'
test_case 'committed and completed cannot be set by hand (exit 2)' '
	new_ws &&
	bops -q sprint new >/dev/null && n=$(commits) &&
	expect_status 2 bops sprint set 2026-w48 committed=3 &&
	expect_err_contains "set by bops" &&
	expect_status 2 bops sprint set 2026-w48 completed=3 &&
	expect_status 2 bops sprint set 2026-w48 status=done &&
	expect_status 3 bops sprint set 2026-w01 goal=x &&
	test "$(commits)" = "$n"
'
test_case 'log shows the life of a sprint, field by field' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	bops -q task add A estimate=2 --id a >/dev/null &&
	bops -q sprint plan 2026-w48 a >/dev/null &&
	BOPS_NOW=2026-11-23T10:00:00Z bops -q sprint start 2026-w48 >/dev/null &&
	BOPS_NOW=2026-11-30T08:00:00Z bops -q sprint close 2026-w48 --carry-to backlog >/dev/null &&
	expect_status 0 bops sprint log 2026-w48 &&
	expect_out_contains "sprint 2026-w48: close, completed 0 points, carried 1 task to the backlog" &&
	expect_out_contains "status: active -> closed" &&
	expect_out_contains "sprint 2026-w48: start, committed 2 points in 1 task" &&
	expect_out_contains "committed 2" &&
	expect_status 0 bops task show a --json &&
	expect_out_contains "\"carried\":1"
'
test_case 'rm removes a sprint; its id is free again' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	expect_status 0 bops sprint rm 2026-w48 &&
	test ! -e sprints/2026-w48.yaml &&
	expect_status 3 bops sprint show 2026-w48 &&
	expect_status 0 bops sprint new &&
	expect_out 2026-w48 &&
	ws_clean
'
test_done
