#!/bin/sh
# okr measure: KRs whose value is counted from other records.
. "$(dirname "$0")/lib.sh"

SPEC="count task kr=save-the-world/1 status=done"

measured() {
	new_ws &&
	bops okr add "Save the world" --id save-the-world >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Serve 10 meal drives" target=10 \
	    "measure=$SPEC" >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Checked in by hand" target=5 \
	    >/dev/null 2>&1 &&
	for t in one two three; do
		bops task add "Meal drive $t" kr=save-the-world/1 >>ids 2>/dev/null ||
		return 1
	done &&
	bops task add "Other work" >/dev/null 2>&1 &&
	bops task done "$(sed -n 1p ids)" >/dev/null 2>&1 &&
	bops task done "$(sed -n 2p ids)" >/dev/null 2>&1 &&
	bops task done "$(bops task list title~other --fields id | sed -n 2p)" \
	    >/dev/null 2>&1 &&
	rm ids
}

test_case 'measure counts the matching tasks and checks the count in' '
	measured &&
	n=$(commits) &&
	BOPS_NOW=2026-11-24T06:00:00Z expect_status 0 bops okr measure &&
	expect_out save-the-world/1 &&
	expect_err_contains "okr: measure save-the-world/1 2" &&
	test "$(commits)" -eq $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "okr: measure save-the-world/1 2" &&
	sed -n "/^  current:/p;/^  checkins:/,/^- id: 2/p" okrs/save-the-world.yaml >got &&
	printf "%s\n" "  current: 2" "  checkins:" \
	    "  - at: 2026-11-24T06:00:00Z" "    by: Lan Nguyen" "    value: 2" \
	    "    note: $SPEC" "- id: 2" >want &&
	diff -u want got >&2 && rm want got &&
	expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"save-the-world/1\",\"progress\":0.20," &&
	ws_clean
'

test_case 'a second run changes nothing and makes no commit' '
	measured &&
	bops okr measure >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 0 bops okr measure &&
	test ! -s out && test ! -s err &&
	test "$(commits)" -eq "$n" &&
	test "$(grep -c "^  - at:" okrs/save-the-world.yaml)" -eq 1 &&
	ws_clean
'

test_case 'a new match is checked in on the next run' '
	measured &&
	bops okr measure >/dev/null 2>&1 &&
	bops task add "Meal drive four" kr=save-the-world/1 >id 2>/dev/null &&
	bops task done "$(cat id)" >/dev/null 2>&1 && rm id &&
	expect_status 0 bops okr measure &&
	test "$(git log -1 --format=%s)" = "okr: measure save-the-world/1 3" &&
	grep -q "^  current: 3$" okrs/save-the-world.yaml &&
	test "$(grep -c "^    value:" okrs/save-the-world.yaml)" -eq 2 &&
	ws_clean
'

test_case 'the hand-checked KR is left alone' '
	measured &&
	bops okr checkin save-the-world/2 4 >/dev/null 2>&1 &&
	bops okr measure >/dev/null 2>&1 &&
	grep -q "^  current: 4$" okrs/save-the-world.yaml &&
	test "$(grep -c "^    value: 4$" okrs/save-the-world.yaml)" -eq 1
'

test_case 'measure OBJ measures that objective only' '
	measured &&
	bops okr add Other --id other >/dev/null 2>&1 &&
	bops okr kr add other "All tasks" target=10 "measure=count task" \
	    >/dev/null 2>&1 &&
	expect_status 0 bops okr measure other &&
	expect_out other/1 &&
	grep -q "^  current: 4$" okrs/other.yaml &&
	! grep -q "^  current:" okrs/save-the-world.yaml &&
	expect_status 0 bops okr measure &&
	expect_out save-the-world/1 &&
	expect_status 3 bops okr measure nope &&
	expect_status 2 bops okr measure other save-the-world &&
	ws_clean
'

test_case 'a bad measure is refused when the KR is added or set, exit 2' '
	measured &&
	n=$(commits) &&
	for m in "frob task" "count" "count nokind x=1" \
	    "count task nofield=1" "count task status=nosuch"; do
		expect_status 2 bops okr kr add save-the-world "Bad" target=1 \
		    "measure=$m" || return 1
	done &&
	expect_status 2 bops okr kr add save-the-world Bad target=1 \
	    "measure=frob task" &&
	expect_err_contains "measure '\''frob task'\'': want '\''count KIND FILTER...'\''" &&
	expect_status 2 bops okr kr set save-the-world/1 "measure=count nokind" &&
	expect_err_contains "measure '\''count nokind'\''" &&
	expect_status 2 bops okr kr set save-the-world/1 \
	    "measure=count task nofield=1" &&
	expect_err_contains "nofield" &&
	test "$(commits)" -eq "$n" &&
	expect_status 0 bops okr kr set save-the-world/1 measure= &&
	! grep -q measure: okrs/save-the-world.yaml &&
	ws_clean
'

test_case 'a bad measure in the file stops measure with exit 4' '
	measured &&
	sed "s/^  measure: .*/  measure: frob task/" okrs/save-the-world.yaml \
	    >x && mv x okrs/save-the-world.yaml &&
	git commit -qam "by hand" &&
	n=$(commits) &&
	expect_status 4 bops okr measure &&
	expect_err_contains "okrs/save-the-world.yaml: key result 1: measure '\''frob task'\''" &&
	test "$(commits)" -eq "$n" &&
	ws_clean
'

test_case 'a broken record of the counted kind stops measure, exit 4' '
	measured &&
	f=$(grep -l "title: Meal drive three" tasks/*/*.yaml) &&
	sed -i "s/^status: .*/status: finished/" "$f" &&
	git commit -qam "by hand" &&
	n=$(commits) &&
	expect_status 4 bops okr measure &&
	expect_err_contains "$f:" &&
	test "$(commits)" -eq "$n" &&
	! grep -q "current:" okrs/save-the-world.yaml
'

test_case 'a broken objective stops measure, exit 4, and writes nothing' '
	measured &&
	bops okr add "Other" --id other >/dev/null 2>&1 &&
	bops okr kr add other "Tasks" target=5 "measure=count task" >/dev/null 2>&1 &&
	sed -i "s/^status: active$/status: bogus/" okrs/other.yaml &&
	git commit -qam "by hand" &&
	n=$(commits) &&
	expect_status 4 bops okr measure &&
	expect_err_contains "okrs/other.yaml:" &&
	test "$(commits)" -eq "$n" &&
	! grep -q "current:" okrs/save-the-world.yaml &&
	expect_status 0 bops okr measure save-the-world &&
	expect_out save-the-world/1
'

test_case 'measure with nothing to measure is silent' '
	new_ws &&
	expect_status 0 bops okr measure &&
	test ! -s out && test ! -s err &&
	bops okr add "No measures" --id plain >/dev/null 2>&1 &&
	bops okr kr add plain "By hand" target=1 >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 0 bops okr measure &&
	test ! -s out && test ! -s err &&
	test "$(commits)" -eq "$n"
'

test_case 'measure refuses an uncommitted hand edit, exit 5' '
	measured &&
	echo "x_note: mine" >>okrs/save-the-world.yaml &&
	n=$(commits) &&
	expect_status 5 bops okr measure &&
	test "$(commits)" -eq "$n" &&
	grep -q "^x_note: mine$" okrs/save-the-world.yaml
'

# 62 filters that match every task, then one that does not: the last
# counts as much as the first (four tasks, three of them done).
test_case 'a measure counts by every one of its filters, however many' '
	measured &&
	spec="count task" && i=0 &&
	# u begins no id: generated ids are Crockford base32, without i, l, o and u
	while [ $i -lt 62 ]; do spec="$spec id!=u"; i=$((i + 1)); done &&
	spec="$spec status=done" &&
	expect_status 0 bops okr kr set save-the-world/1 "measure=$spec" &&
	expect_status 0 bops okr measure &&
	expect_err_contains "okr: measure save-the-world/1 3" &&
	ws_clean
'

test_done
