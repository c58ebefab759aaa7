#!/bin/sh
# bops sprint velocity and rollover over three closed sprints.
. "$(dirname "$0")/lib.sh"

# three: sprints 2026-w45, w46 and w47 closed with 1, 2 and 8 points
# completed; x was carried twice, t three times, y once.
three() {
	new_ws &&
	export BOPS_NOW=2026-11-02T09:00:00Z &&
	bops -q task add Ten messages estimate=5 --id x >/dev/null &&
	bops -q task add Two pages estimate=2 --id y >/dev/null &&
	bops -q task add Quick fix --id z >/dev/null &&
	bops -q task add Ad groups estimate=3 --id w >/dev/null &&
	bops -q task add Tracking pixel --id t >/dev/null &&
	bops -q sprint new >/dev/null &&
	bops -q sprint plan 2026-w45 x y z t >/dev/null &&
	bops -q sprint start 2026-w45 >/dev/null &&
	BOPS_NOW=2026-11-04T09:00:00Z bops -q task done z >/dev/null &&
	BOPS_NOW=2026-11-09T08:00:00Z bops -q sprint close 2026-w45 >/dev/null &&
	BOPS_NOW=2026-11-09T09:00:00Z bops -q sprint plan 2026-w46 w >/dev/null &&
	BOPS_NOW=2026-11-09T09:00:00Z bops -q sprint start 2026-w46 >/dev/null &&
	BOPS_NOW=2026-11-12T09:00:00Z bops -q task done y >/dev/null &&
	BOPS_NOW=2026-11-16T08:00:00Z bops -q sprint close 2026-w46 >/dev/null &&
	BOPS_NOW=2026-11-16T09:00:00Z bops -q sprint start 2026-w47 >/dev/null &&
	BOPS_NOW=2026-11-18T09:00:00Z bops -q task done x >/dev/null &&
	BOPS_NOW=2026-11-19T09:00:00Z bops -q task done w >/dev/null &&
	BOPS_NOW=2026-11-23T08:00:00Z bops -q sprint close 2026-w47 >/dev/null &&
	export BOPS_NOW=2026-11-23T09:00:00Z
}

test_case 'three sprints record committed and completed points' '
	three &&
	expect_status 0 bops sprint list --fields id,status,committed,completed --csv &&
	expect_out "id,status,committed,completed
2026-w45,closed,9,1
2026-w46,closed,11,2
2026-w47,closed,9,8
2026-w48,planned,," &&
	ws_clean
'
test_case 'velocity shows the last closed sprints and their mean' '
	three &&
	expect_status 0 bops sprint velocity &&
	expect_out "sprint    start       end         completed
2026-w47  2026-11-16  2026-11-22          8
2026-w46  2026-11-09  2026-11-15          2
2026-w45  2026-11-02  2026-11-08          1
mean 3.7 points over 3 sprints"
'
test_case 'velocity -n 2 --json: the last two and their mean' '
	three &&
	expect_status 0 bops sprint velocity -n 2 --json &&
	expect_out "{\"sprints\":[{\"id\":\"2026-w47\",\"start\":\"2026-11-16\",\"end\":\"2026-11-22\",\"completed\":8},{\"id\":\"2026-w46\",\"start\":\"2026-11-09\",\"end\":\"2026-11-15\",\"completed\":2}],\"mean\":5}" &&
	expect_status 0 bops sprint velocity --count 1 --json &&
	expect_out_contains "\"mean\":8}" &&
	expect_status 0 bops sprint velocity -n 10 --json &&
	expect_out_contains "\"completed\":1}],\"mean\":3.6667}"
'
test_case 'velocity gives large points whole, the mean to four decimals' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	bops -q task add Big estimate=1234567 --id big >/dev/null &&
	bops -q task add Small estimate=0.5 --id small >/dev/null &&
	bops -q sprint plan 2026-w48 big small >/dev/null &&
	bops -q sprint start 2026-w48 >/dev/null &&
	bops -q task done big >/dev/null && bops -q task done small >/dev/null &&
	BOPS_NOW=2026-11-30T08:00:00Z bops -q sprint close 2026-w48 >/dev/null &&
	bops -q task add Third estimate=1 --id third >/dev/null &&
	BOPS_NOW=2026-11-30T09:00:00Z bops -q sprint new >/dev/null &&
	BOPS_NOW=2026-11-30T09:00:00Z bops -q sprint plan 2026-w49 third >/dev/null &&
	BOPS_NOW=2026-11-30T09:00:00Z bops -q sprint start 2026-w49 >/dev/null &&
	BOPS_NOW=2026-11-30T10:00:00Z bops -q task done third >/dev/null &&
	BOPS_NOW=2026-12-07T08:00:00Z bops -q sprint close 2026-w49 >/dev/null &&
	BOPS_NOW=2026-12-07T09:00:00Z expect_status 0 bops sprint velocity --json &&
	expect_out_contains "\"completed\":1234567.5}],\"mean\":617284.25}" &&
	BOPS_NOW=2026-12-07T09:00:00Z expect_status 0 bops sprint velocity &&
	expect_out_contains "2026-w48  2026-11-23  2026-11-29  1234567.5"
'
test_case 'velocity with no closed sprint prints nothing, or an empty list' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	expect_status 0 bops sprint velocity && test ! -s out &&
	expect_status 0 bops sprint velocity --json &&
	expect_out "{\"sprints\":[],\"mean\":0}"
'
test_case 'velocity with a bad count or arguments exits 2' '
	new_ws &&
	for n in 0 -1 x 2x ""; do
		expect_status 2 bops sprint velocity -n "$n" || exit 1
	done &&
	expect_err_contains "-n: not a count" &&
	expect_status 2 bops sprint velocity 3 &&
	expect_status 2 bops sprint velocity -n &&
	expect_status 2 bops sprint velocity --bogus
'
test_case 'a task finished in one sprint counts there once' '
	three &&
	n=$(commits) &&
	expect_status 5 bops sprint plan 2026-w48 y &&
	expect_err_contains "task '\''y'\'' is done" &&
	expect_status 5 bops task set y sprint=2026-w48 &&
	test "$(commits)" = "$n" &&
	bops -q sprint plan 2026-w48 t >/dev/null &&
	BOPS_NOW=2026-11-30T08:00:00Z bops -q sprint close 2026-w48 --carry-to backlog >/dev/null &&
	expect_status 0 bops sprint velocity -n 4 &&
	expect_out "sprint    start       end         completed
2026-w48  2026-11-23  2026-11-29          0
2026-w47  2026-11-16  2026-11-22          8
2026-w46  2026-11-09  2026-11-15          2
2026-w45  2026-11-02  2026-11-08          1
mean 2.8 points over 4 sprints"
'
test_case 'rollover lists tasks carried across two or more sprints' '
	three &&
	expect_status 0 bops sprint rollover --csv &&
	expect_out "id,carried,sprint,status,assignee,title
t,3,2026-w48,not-started,,Tracking pixel
x,2,2026-w47,done,,Ten messages" &&
	expect_status 0 bops sprint rollover &&
	expect_out_contains "t         3  2026-w48  not-started" &&
	! grep -q -e "^y" -e "^w" out &&
	expect_status 0 bops sprint rollover --json &&
	expect_out_contains "\"id\":\"t\"" &&
	expect_out_contains "\"carried\":3" &&
	expect_status 0 bops sprint rollover --fields id,carried --csv &&
	expect_out "id,carried
t,3
x,2"
'
test_case 'rollover with nothing carried twice prints only the header' '
	new_ws &&
	bops -q task add Once --id once >/dev/null &&
	bops -q sprint new >/dev/null &&
	bops -q sprint plan 2026-w48 once >/dev/null &&
	bops -q sprint close 2026-w48 >/dev/null &&
	expect_status 0 bops sprint rollover --csv &&
	expect_out "id,carried,sprint,status,assignee,title" &&
	expect_status 0 bops sprint rollover --json && expect_out "[]" &&
	expect_status 2 bops sprint rollover 2026-w48
'
test_done
