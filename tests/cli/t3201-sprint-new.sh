#!/bin/sh
# bops sprint new: default start, ISO-week ids, lengths, overlaps.
. "$(dirname "$0")/lib.sh"

test_case 'new on the start day starts today and prints the ISO week' '
	new_ws &&
	expect_status 0 bops sprint new goal="find the shortest path to sign-up" &&
	expect_out 2026-w48 &&
	expect_err_contains "sprint 2026-w48: new 2026-11-23..2026-11-29" &&
	test "$(git log -1 --format=%s)" = "sprint 2026-w48: new 2026-11-23..2026-11-29" &&
	expect_status 0 bops sprint show 2026-w48 --json &&
	expect_out_contains "\"start\":\"2026-11-23\"" &&
	expect_out_contains "\"end\":\"2026-11-29\"" &&
	expect_out_contains "\"status\":\"planned\"" &&
	expect_out_contains "\"goal\":\"find the shortest path to sign-up\"" &&
	ws_clean
'
test_case 'new on a Wednesday starts on the next Monday' '
	new_ws &&
	BOPS_NOW=2026-11-25T09:00:00Z expect_status 0 bops sprint new &&
	expect_out 2026-w49 &&
	expect_status 0 bops sprint show 2026-w49 --fields start,end --csv &&
	expect_out "start,end
2026-11-30,2026-12-06" &&
	ws_clean
'
test_case 'new starts on sprint.start_day from the config' '
	new_ws &&
	expect_status 0 bops config sprint.start_day thursday &&
	BOPS_NOW=2026-11-25T09:00:00Z expect_status 0 bops sprint new &&
	expect_out 2026-w48 &&
	expect_err_contains "new 2026-11-26..2026-12-02" &&
	BOPS_NOW=2026-11-26T09:00:00Z expect_status 5 bops sprint new &&
	expect_err_contains "the next free start is start=2026-12-03" &&
	BOPS_NOW=2026-11-27T09:00:00Z expect_status 0 bops sprint new &&
	expect_out 2026-w49 &&
	expect_err_contains "new 2026-12-03..2026-12-09" &&
	ws_clean
'
test_case 'new takes its length from sprint.length' '
	new_ws &&
	expect_status 0 bops config sprint.length 2w &&
	expect_status 0 bops sprint new &&
	expect_err_contains "new 2026-11-23..2026-12-06" &&
	expect_status 5 bops sprint new &&
	expect_status 5 bops sprint new start=2026-11-30 &&
	expect_status 0 bops sprint new start=2026-12-07 &&
	expect_out 2026-w50 &&
	expect_err_contains "new 2026-12-07..2026-12-20" &&
	ws_clean
'
test_case 'new with start= and length= overrides, relative dates too' '
	new_ws &&
	expect_status 0 bops sprint new start=2027-03-01 length=14d &&
	expect_out 2027-w09 &&
	expect_err_contains "new 2027-03-01..2027-03-14" &&
	expect_status 0 bops sprint new start=+3w length=1d &&
	expect_out 2026-w51 &&
	expect_err_contains "new 2026-12-14..2026-12-14" &&
	expect_status 0 bops sprint add start=2027-01-04 length=1w &&
	expect_out 2027-w01 &&
	expect_err_contains "new 2027-01-04..2027-01-10" &&
	ws_clean
'
test_case 'a second sprint in a taken ISO week needs --id' '
	new_ws &&
	expect_status 0 bops sprint new start=2026-12-14 length=1d &&
	expect_status 5 bops sprint new start=2026-12-15 length=1d &&
	expect_err_contains "already exists" &&
	expect_status 0 bops sprint new start=2026-12-15 length=1d --id dec-15 &&
	expect_out dec-15 &&
	expect_status 0 bops sprint add start=2026-12-16 length=2d title=Sprint --id dec-16 &&
	expect_out dec-16 &&
	expect_err_contains "new 2026-12-16..2026-12-17" &&
	ws_clean
'
test_case 'ISO week 53 runs across the year end, and the next is 2027-w01' '
	new_ws &&
	expect_status 0 bops sprint new start=2026-12-28 &&
	expect_out 2026-w53 &&
	expect_err_contains "new 2026-12-28..2027-01-03" &&
	BOPS_NOW=2026-12-30T09:00:00Z expect_status 0 bops sprint new &&
	expect_out 2027-w01 &&
	expect_err_contains "new 2027-01-04..2027-01-10" &&
	BOPS_NOW=2026-12-30T09:00:00Z expect_status 0 bops sprint current &&
	expect_out 2026-w53 &&
	ws_clean
'
test_case 'an overlapping sprint is refused (exit 5) and nothing is written' '
	new_ws &&
	expect_status 0 bops sprint new &&
	n=$(commits) &&
	expect_status 5 bops sprint new start=2026-11-29 &&
	expect_err_contains "overlap sprint '\''2026-w48'\'' (2026-11-23..2026-11-29)" &&
	expect_status 5 bops sprint new start=2026-11-16 length=8d --id before &&
	expect_status 5 bops sprint new start=2026-11-01 length=8w --id around &&
	test "$(commits)" = "$n" &&
	test ! -e sprints/2026-w49.yaml && test ! -e sprints/before.yaml &&
	test ! -e sprints/around.yaml &&
	expect_status 0 bops sprint new start=2026-11-16 length=7d &&
	expect_out 2026-w47 &&
	ws_clean
'
test_case 'a sprint that cannot be read stops new and date changes (exit 4)' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	bops -q sprint new start=2026-12-07 --id later >/dev/null &&
	sed -i "s/^end: 2026-11-29$/end: 2026-11-31/" sprints/2026-w48.yaml &&
	git commit -q -a -m "hand edit" &&
	n=$(commits) &&
	expect_status 4 bops sprint new start=2026-11-25 --id inside &&
	expect_err_contains "sprints/2026-w48.yaml:" &&
	expect_status 4 bops sprint set later start=2026-11-24 &&
	expect_err_contains "sprints/2026-w48.yaml:" &&
	test "$(commits)" = "$n" && test ! -e sprints/inside.yaml &&
	grep -qx "start: 2026-12-07" sprints/later.yaml
'
test_case 'a bad length, start or argument exits 2 and writes nothing' '
	new_ws &&
	n=$(commits) &&
	for l in 0d 12h 36h xx -1w ""; do
		expect_status 2 bops sprint new length=$l || exit 1
	done &&
	expect_err_contains "length: want whole days" &&
	expect_status 2 bops sprint new start=bogus &&
	expect_status 2 bops sprint new start=2026-02-30 &&
	expect_status 2 bops sprint new goal &&
	expect_status 2 bops sprint new --bogus &&
	expect_status 2 bops sprint new --id "bad id" &&
	expect_status 2 bops sprint new committed=5 &&
	expect_status 2 bops sprint new capacity=-1 &&
	expect_status 2 bops sprint new status=open &&
	test "$(commits)" = "$n" && test ! -d sprints -o -z "$(ls sprints)" &&
	ws_clean
'
test_case 'new --help prints the usage' '
	new_ws &&
	expect_status 0 bops sprint new --help &&
	expect_out_contains "usage: bops sprint new"
'
test_done
