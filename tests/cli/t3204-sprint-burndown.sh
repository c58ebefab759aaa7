#!/bin/sh
# bops sprint burndown: remaining points day by day, rebuilt from git.
. "$(dirname "$0")/lib.sh"

# worked: sprint 2026-w48 started on Monday 2026-11-23 with a (3 points),
# b (2), c (no estimate: 1) and d (1), then worked through the week:
#   Tue  a done                                   remaining 4
#   Wed  d re-estimated to 4                       7
#   Thu  c done; e (2 points) added and planned    8
#   Fri  b done                                    6
worked() {
	new_ws &&
	bops -q sprint new >/dev/null &&
	bops -q task add Three messages estimate=3 --id a >/dev/null &&
	bops -q task add Three destinations estimate=2 --id b >/dev/null &&
	bops -q task add Landing page --id c >/dev/null &&
	bops -q task add Lookalike list estimate=1 --id d >/dev/null &&
	bops -q sprint plan 2026-w48 a b c d >/dev/null &&
	bops -q sprint start 2026-w48 >/dev/null &&
	BOPS_NOW=2026-11-23T15:00:00Z bops -q task start a >/dev/null &&
	BOPS_NOW=2026-11-24T10:00:00Z bops -q task done a >/dev/null &&
	BOPS_NOW=2026-11-25T10:00:00Z bops -q task set d estimate=4 >/dev/null &&
	BOPS_NOW=2026-11-26T11:00:00Z bops -q task done c >/dev/null &&
	BOPS_NOW=2026-11-26T16:00:00Z bops -q task add Chat script estimate=2 --id e >/dev/null &&
	BOPS_NOW=2026-11-26T16:00:00Z bops -q sprint plan 2026-w48 e >/dev/null &&
	BOPS_NOW=2026-11-27T12:00:00Z bops -q task done b >/dev/null
}

test_case 'burndown --json gives remaining and ideal per day, null ahead' '
	worked &&
	grep -qx "committed: 7" sprints/2026-w48.yaml &&
	BOPS_NOW=2026-11-27T18:00:00Z expect_status 0 bops sprint burndown 2026-w48 --json &&
	expect_out "[
{\"date\":\"2026-11-23\",\"remaining\":7,\"ideal\":6},
{\"date\":\"2026-11-24\",\"remaining\":4,\"ideal\":5},
{\"date\":\"2026-11-25\",\"remaining\":7,\"ideal\":4},
{\"date\":\"2026-11-26\",\"remaining\":8,\"ideal\":3},
{\"date\":\"2026-11-27\",\"remaining\":6,\"ideal\":2},
{\"date\":\"2026-11-28\",\"remaining\":null,\"ideal\":1},
{\"date\":\"2026-11-29\",\"remaining\":null,\"ideal\":0}
]" &&
	ws_clean
'
test_case 'burndown leaves the days after today null' '
	worked &&
	BOPS_NOW=2026-11-24T08:00:00Z expect_status 0 bops sprint burndown --json &&
	expect_out_contains "{\"date\":\"2026-11-23\",\"remaining\":7,\"ideal\":6}," &&
	expect_out_contains "{\"date\":\"2026-11-24\",\"remaining\":4,\"ideal\":5}," &&
	expect_out_contains "{\"date\":\"2026-11-25\",\"remaining\":null,\"ideal\":4},"
'
test_case 'burndown after close still reads the days from history' '
	worked &&
	BOPS_NOW=2026-11-30T08:00:00Z bops -q sprint close 2026-w48 >/dev/null &&
	grep -qx "completed: 6" sprints/2026-w48.yaml &&
	BOPS_NOW=2026-12-01T09:00:00Z expect_status 0 bops sprint burndown 2026-w48 --json &&
	expect_out "[
{\"date\":\"2026-11-23\",\"remaining\":7,\"ideal\":6},
{\"date\":\"2026-11-24\",\"remaining\":4,\"ideal\":5},
{\"date\":\"2026-11-25\",\"remaining\":7,\"ideal\":4},
{\"date\":\"2026-11-26\",\"remaining\":8,\"ideal\":3},
{\"date\":\"2026-11-27\",\"remaining\":6,\"ideal\":2},
{\"date\":\"2026-11-28\",\"remaining\":6,\"ideal\":1},
{\"date\":\"2026-11-29\",\"remaining\":6,\"ideal\":0}
]" &&
	BOPS_NOW=2026-12-01T09:00:00Z expect_status 0 bops sprint burndown --json &&
	expect_out "[
{\"date\":\"2026-11-30\",\"remaining\":6,\"ideal\":5.1429},
{\"date\":\"2026-12-01\",\"remaining\":6,\"ideal\":4.2857},
{\"date\":\"2026-12-02\",\"remaining\":null,\"ideal\":3.4286},
{\"date\":\"2026-12-03\",\"remaining\":null,\"ideal\":2.5714},
{\"date\":\"2026-12-04\",\"remaining\":null,\"ideal\":1.7143},
{\"date\":\"2026-12-05\",\"remaining\":null,\"ideal\":0.8571},
{\"date\":\"2026-12-06\",\"remaining\":null,\"ideal\":0}
]" &&
	ws_clean
'
test_case 'burndown prints a chart with the ideal line' '
	worked &&
	BOPS_NOW=2026-11-27T18:00:00Z expect_status 0 bops sprint burndown 2026-w48 &&
	test "$(wc -l < out)" = 7 &&
	grep -q "^2026-11-23  .*  *7  ideal 6.0$" out &&
	grep -q "^2026-11-26  .*  *8  ideal 3.0$" out &&
	grep -q "^2026-11-27  .*  *6  ideal 2.0$" out &&
	grep -q "^2026-11-28  *ideal 1.0$" out &&
	grep -q "^2026-11-29  *ideal 0.0$" out
'
test_case 'burndown has no value for days before the workspace existed' '
	new_ws &&
	bops -q sprint new start=2026-11-20 >/dev/null &&
	bops -q task add One estimate=4 --id one >/dev/null &&
	bops -q sprint plan 2026-w47 one >/dev/null &&
	BOPS_NOW=2026-11-25T09:00:00Z bops -q task done one >/dev/null &&
	BOPS_NOW=2026-11-27T09:00:00Z expect_status 0 bops sprint burndown 2026-w47 --json &&
	expect_out "[
{\"date\":\"2026-11-20\",\"remaining\":null,\"ideal\":3.4286},
{\"date\":\"2026-11-21\",\"remaining\":null,\"ideal\":2.8571},
{\"date\":\"2026-11-22\",\"remaining\":null,\"ideal\":2.2857},
{\"date\":\"2026-11-23\",\"remaining\":4,\"ideal\":1.7143},
{\"date\":\"2026-11-24\",\"remaining\":4,\"ideal\":1.1429},
{\"date\":\"2026-11-25\",\"remaining\":0,\"ideal\":0.5714},
{\"date\":\"2026-11-26\",\"remaining\":0,\"ideal\":0}
]"
'
test_case 'burndown days are days in the workspace time zone' '
	new_ws &&
	bops -q config timezone Asia/Ho_Chi_Minh &&
	bops -q sprint new length=2d >/dev/null &&
	bops -q task add A estimate=2 --id a >/dev/null &&
	bops -q task add B estimate=2 --id b >/dev/null &&
	bops -q sprint plan 2026-w48 a b >/dev/null &&
	bops -q sprint start 2026-w48 >/dev/null &&
	BOPS_NOW=2026-11-23T16:59:59Z bops -q task done a >/dev/null &&
	BOPS_NOW=2026-11-23T17:00:00Z bops -q task done b >/dev/null &&
	BOPS_NOW=2026-11-24T12:00:00Z expect_status 0 bops sprint burndown --json &&
	expect_out "[
{\"date\":\"2026-11-23\",\"remaining\":2,\"ideal\":2},
{\"date\":\"2026-11-24\",\"remaining\":0,\"ideal\":0}
]"
'
test_case 'a one-day sprint: the ideal line is 0 at its end' '
	new_ws &&
	bops -q sprint new length=1d >/dev/null &&
	bops -q task add A estimate=5 --id a >/dev/null &&
	bops -q sprint plan 2026-w48 a >/dev/null &&
	bops -q sprint start 2026-w48 >/dev/null &&
	expect_status 0 bops sprint burndown --json &&
	expect_out "[
{\"date\":\"2026-11-23\",\"remaining\":5,\"ideal\":0}
]"
'
test_case 'the chart gives large remaining points whole' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	bops -q task add A estimate=1234567 --id a >/dev/null &&
	bops -q sprint plan 2026-w48 a >/dev/null &&
	bops -q sprint start 2026-w48 >/dev/null &&
	expect_status 0 bops sprint burndown &&
	grep -q "^2026-11-23  .*  1234567  ideal 1058200.3$" out &&
	expect_status 0 bops sprint burndown --json &&
	expect_out_contains "{\"date\":\"2026-11-23\",\"remaining\":1234567,\"ideal\":1058200.2857}"
'
test_case 'burndown of no sprint exits 3, of too many 2' '
	new_ws &&
	expect_status 3 bops sprint burndown &&
	expect_status 3 bops sprint burndown 2026-w48 &&
	bops -q sprint new >/dev/null &&
	expect_status 2 bops sprint burndown 2026-w48 2026-w49 &&
	expect_status 2 bops sprint burndown --bogus
'
test_done
