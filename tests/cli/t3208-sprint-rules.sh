#!/bin/sh
# A sprint's own rules hold however it was made: its end is not before
# its start, it lasts at most sprint.max_length (a quarter, 92 days, by
# default), and no two sprints share a day.  `bops check` finds a
# hand-made sprint that breaks them; the commands that read it refuse it
# (exit 4) instead of crashing; every write refuses to make one.
. "$(dirname "$0")/lib.sh"

# commit a hand edit with git
hand_commit() { git add -A && git commit -qm "${1:-by hand}"; }

# sprint ID START END: a sprint file made by hand.
sprint() {
	mkdir -p sprints &&
	printf 'start: %s\nend: %s\nstatus: active\n' "$2" "$3" >sprints/$1.yaml
}

test_case 'an end before the start: check finds it, burndown refuses it' '
	new_ws && sprint bad 2026-11-23 2026-11-01 && hand_commit &&
	expect_status 1 bops check &&
	expect_out "sprints/bad.yaml:2:6: end 2026-11-01 is before start 2026-11-23" &&
	expect_status 4 bops sprint burndown bad &&
	expect_err_contains "sprints/bad.yaml:2:6: end 2026-11-01 is before start" &&
	expect_status 4 bops sprint burndown bad --json &&
	expect_status 0 bops sprint list &&
	expect_err_contains "warning" && test ! -s out
'
test_case 'a sprint of 3.65 million days: check finds it, burndown refuses it' '
	new_ws && sprint huge 0001-01-01 9999-12-31 && hand_commit &&
	expect_status 1 bops check &&
	expect_out "sprints/huge.yaml:2:6: the sprint lasts 3652059 days, more than sprint.max_length (92 days)" &&
	expect_status 4 timeout 20 "$BOPS" sprint burndown huge &&
	test ! -s out &&
	expect_status 4 timeout 20 "$BOPS" sprint burndown huge --json &&
	test ! -s out
'
test_case 'set and edit refuse an end before the start or a sprint too long' '
	new_ws && bops -q sprint new start=2026-11-23 >/dev/null && n=$(commits) &&
	expect_status 4 bops sprint set 2026-w48 end=2026-11-01 &&
	expect_err_contains "sprints/2026-w48.yaml: end 2026-11-01 is before start 2026-11-23" &&
	expect_status 4 bops sprint set 2026-w48 end=2027-03-01 &&
	expect_err_contains "sprints/2026-w48.yaml: the sprint lasts 99 days, more than sprint.max_length (92 days)" &&
	expect_status 0 bops sprint set 2026-w48 end=2027-02-22 &&
	expect_status 4 bops sprint new start=2027-06-07 length=14w &&
	expect_err_contains "more than sprint.max_length (92 days)" &&
	sed "s/^end: .*/end: 2028-01-01/" sprints/2026-w48.yaml >../edited &&
	EDITOR="cp ../edited" expect_status 4 bops sprint edit 2026-w48 &&
	expect_err_contains "the sprint lasts" &&
	test "$(commits)" = "$((n + 1))" && ws_clean
'
test_case 'sprint.max_length allows longer sprints, up to a year' '
	new_ws &&
	expect_status 0 bops config sprint.max_length 26w &&
	expect_status 0 bops sprint new start=2026-11-23 length=20w &&
	expect_status 2 bops config sprint.max_length 400d &&
	expect_err_contains "sprint.max_length must be whole days from 1d to 366d" &&
	expect_status 2 bops config sprint.max_length 36h &&
	expect_status 5 bops config sprint.max_length 2w &&
	expect_err_contains "sprint 2026-w48 lasts 140 days, more than 2w" &&
	expect_status 2 bops config sprint.length 27w &&
	expect_err_contains "sprint.length must be whole days, at most sprint.max_length" &&
	expect_status 0 bops config sprint.max_length &&
	expect_out 26w && ws_clean
'
test_case 'overlapping sprints made by hand: one line each' '
	new_ws && sprint a 2026-11-23 2026-11-29 && sprint b 2026-11-29 2026-12-05 &&
	sprint c 2026-12-06 2026-12-12 && sprint d 2026-11-20 2026-12-20 &&
	hand_commit &&
	expect_status 1 bops check &&
	expect_out "sprints/a.yaml: shares days with sprint '"'"'d'"'"' (2026-11-20..2026-12-20)
sprints/b.yaml: shares days with sprint '"'"'d'"'"' (2026-11-20..2026-12-20)
sprints/c.yaml: shares days with sprint '"'"'d'"'"' (2026-11-20..2026-12-20)" &&
	git rm -q sprints/d.yaml && hand_commit &&
	expect_status 1 bops check &&
	expect_out "sprints/b.yaml: shares days with sprint '"'"'a'"'"' (2026-11-23..2026-11-29)"
'
test_case 'huge points, far dates and many variants end in an error, never an abort' '
	new_ws &&
	expect_status 2 bops task add Big estimate=1e309 &&
	expect_err_contains "estimate" &&
	bops -q task add A estimate=1e308 --id a >/dev/null &&
	bops -q task add B estimate=1e308 --id b >/dev/null &&
	bops -q sprint new start=2026-11-23 >/dev/null &&
	bops -q sprint plan 2026-w48 a b >/dev/null &&
	expect_status 4 bops sprint start 2026-w48 &&
	expect_err_contains "too large" &&
	expect_status 0 bops sprint burndown 2026-w48 --json &&
	expect_out_contains "\"remaining\":null" &&
	python3 -c "import json,sys; json.load(open(\"out\"))" &&
	expect_status 0 bops sprint new start=9999-12-20 --id last &&
	expect_status 2 bops sprint new start=9999-12-27 &&
	expect_err_contains "after 9999-12-31" &&
	bops -q task add Late --id late >/dev/null &&
	bops -q sprint plan last late >/dev/null &&
	expect_status 2 bops sprint close last &&
	expect_err_contains "after 9999-12-31" &&
	m=$(awk "BEGIN { for (i = 0; i < 200; i++) printf \"m%d,\", i }") &&
	expect_status 2 bops sprint experiment add 2026-w48 big "messages=$m" destinations=a,b &&
	expect_err_contains "at most 100" &&
	ws_clean
'
test_done
