#!/bin/sh
# okr grade: freeze two-decimal grades, achieved at >= okr.achieved.
. "$(dirname "$0")/lib.sh"

export BOPS_NOW=2027-01-04T09:00:00Z

# thirds: an objective of 2026-Q4 with KRs at 1/3 and 2/3 (weight 2).
thirds() {
	new_ws &&
	bops okr add "Raise the customer feedback response rate by 20% next quarter" \
	    --id service period=2026-Q4 >/dev/null 2>&1 &&
	bops okr kr add service "Answer 95% of customer feedback within 24 hours" \
	    target=3 >/dev/null 2>&1 &&
	bops okr kr add service "Average rating 4.5 stars" target=3 weight=2 \
	    >/dev/null 2>&1 &&
	bops okr checkin service/1 1 >/dev/null 2>&1 &&
	bops okr checkin service/2 2 >/dev/null 2>&1
}

# one_kr PROGRESS_OF_100: an objective with one KR at N/100.
one_kr() {
	new_ws &&
	bops okr add "Save the world" --id save-the-world period=2026-Q4 \
	    >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Serve 100 meals" target=100 \
	    >/dev/null 2>&1 &&
	bops okr checkin save-the-world/1 "$1" >/dev/null 2>&1
}

test_case 'grades are frozen as two-decimal numbers in the file' '
	thirds &&
	n=$(commits) &&
	expect_status 0 bops okr grade service &&
	expect_out service &&
	test "$(commits)" -eq $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "okr service: graded 0.56, missed" &&
	grep -n "grade:" okrs/service.yaml >got &&
	printf "%s\n" "4:grade: 0.56" "13:  grade: 0.33" "25:  grade: 0.67" \
	    >want &&
	diff -u want got >&2 && rm want got &&
	grep -q "^status: missed$" okrs/service.yaml &&
	ws_clean
'

test_case 'grade lists each key result on stderr, marked when achieved' '
	thirds &&
	bops okr checkin service/2 3 >/dev/null 2>&1 &&
	expect_status 0 bops okr grade service &&
	expect_err_contains "okr service: graded 0.78, achieved" &&
	expect_err_contains "  · service/1 0.33  Answer 95% of customer feedback within 24 hours" &&
	expect_err_contains "  ✓ service/2 1.00  Average rating 4.5 stars" &&
	LC_ALL=C expect_status 0 bops okr grade service &&
	expect_err_contains "  - service/1 0.33" &&
	expect_err_contains "  + service/2 1.00" &&
	expect_status 0 bops -q okr grade service &&
	test ! -s err
'

test_case 'achieved at 0.7 and above, missed below' '
	one_kr 70 &&
	expect_status 0 bops okr grade save-the-world &&
	grep -q "^status: achieved$" okrs/save-the-world.yaml &&
	grep -q "^grade: 0.7$" okrs/save-the-world.yaml &&
	cd .. && rm -rf ws && one_kr 69 &&
	expect_status 0 bops okr grade save-the-world &&
	grep -q "^status: missed$" okrs/save-the-world.yaml &&
	grep -q "^grade: 0.69$" okrs/save-the-world.yaml
'

test_case 'grades round to two decimals before the threshold' '
	one_kr 69.6 &&
	expect_status 0 bops okr grade save-the-world &&
	grep -q "^grade: 0.7$" okrs/save-the-world.yaml &&
	grep -q "^status: achieved$" okrs/save-the-world.yaml
'

test_case 'okr.achieved sets the threshold' '
	one_kr 65 &&
	expect_status 0 bops config okr.achieved 0.6 &&
	expect_status 0 bops okr grade save-the-world &&
	grep -q "^status: achieved$" okrs/save-the-world.yaml &&
	expect_status 0 bops config okr.achieved 0.9 &&
	expect_status 0 bops okr grade save-the-world &&
	grep -q "^status: missed$" okrs/save-the-world.yaml &&
	expect_status 2 bops config okr.achieved 1.5 &&
	ws_clean
'

test_case 'okr show shows the grades' '
	thirds &&
	bops okr grade service >/dev/null 2>&1 &&
	expect_status 0 bops okr show service &&
	expect_out_contains "grade    0.56" &&
	expect_out_contains "status   missed" &&
	grep -E "^  [12] " out | grep -o "0\.[0-9]*  *(1)" >got &&
	printf "%s\n" "0.33   (1)" "0.67   (1)" >want &&
	diff -u want got >&2 && rm want got &&
	expect_status 0 bops okr show service --json &&
	expect_out_contains "\"grade\":0.56"
'

test_case 'a second grade with nothing new makes no commit' '
	thirds &&
	bops okr grade service >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 0 bops okr grade service &&
	test "$(commits)" -eq "$n" &&
	ws_clean
'

test_case 'grading before the period ends is refused (exit 5) without --force' '
	new_ws &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr add "Cứu thế giới" --id save period=2026-Q4 >/dev/null &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr kr add save "Serve 1000 meals" target=1000 >/dev/null &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr checkin save/1 400 >/dev/null &&
	n=$(commits) &&
	BOPS_NOW=2026-11-23T09:00:00Z expect_status 5 bops okr grade save &&
	expect_err_contains "okr '\''save'\'' is in its period 2026-Q4 until 2026-12-31" &&
	expect_err_contains "--force" &&
	BOPS_NOW=2026-12-31T23:59:59Z expect_status 5 bops okr grade save &&
	test "$(commits)" -eq "$n" &&
	! grep -q grade okrs/save.yaml &&
	grep -q "^status: active$" okrs/save.yaml &&
	BOPS_NOW=2026-11-23T09:00:00Z expect_status 0 bops okr grade save --force &&
	grep -q "^grade: 0.4$" okrs/save.yaml &&
	ws_clean
'

test_case 'the period ends at midnight in the workspace zone' '
	new_ws &&
	bops -q config timezone Asia/Ho_Chi_Minh &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr add "Save" --id save period=2026-Q4 >/dev/null &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr kr add save Meals target=10 >/dev/null &&
	BOPS_NOW=2026-12-31T16:59:59Z expect_status 5 bops okr grade save &&
	BOPS_NOW=2026-12-31T17:00:00Z expect_status 0 bops okr grade save &&
	grep -q "^status: missed$" okrs/save.yaml
'

test_case 'a child objective without a period waits for its parent period' '
	new_ws &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr add "Save" --id save period=2026-Q4 >/dev/null &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr add "Kitchen" --id kitchen parent=save >/dev/null &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr set kitchen period= >/dev/null &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr kr add kitchen Meals target=10 >/dev/null &&
	BOPS_NOW=2026-12-01T09:00:00Z expect_status 5 bops okr grade kitchen &&
	expect_err_contains "2026-Q4" &&
	expect_status 0 bops okr grade kitchen
'

test_case 'a graded objective takes no check-in, kr change or measure (exit 5)' '
	thirds &&
	bops okr grade service >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 5 bops okr checkin service/1 3 &&
	expect_err_contains "okr '\''service'\'' is graded (0.56, missed)" &&
	expect_err_contains "bops okr reopen service" &&
	expect_status 5 bops okr kr set service/1 target=4 &&
	expect_status 5 bops okr kr add service "One more" target=1 &&
	expect_status 5 bops okr kr rm service/2 &&
	test "$(commits)" -eq "$n" &&
	grep -q "^grade: 0.56$" okrs/service.yaml &&
	ws_clean
'

test_case 'okr measure refuses a graded objective (5), skips it for all' '
	new_ws &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr add "Ship" --id ship period=2026-Q4 >/dev/null &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr kr add ship "Tasks done" target=2 measure="count task status=done" >/dev/null &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr add "Other" --id other period=2026-Q4 >/dev/null &&
	BOPS_NOW=2026-11-23T09:00:00Z bops -q okr kr add other "Tasks" target=5 measure="count task" >/dev/null &&
	bops -q task add "Gọi bếp" --id kitchen >/dev/null &&
	bops -q task done kitchen >/dev/null &&
	bops -q okr grade ship >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 5 bops okr measure ship &&
	expect_err_contains "okr '\''ship'\'' is graded (0, missed)" &&
	test "$(commits)" -eq "$n" &&
	expect_status 0 bops okr measure &&
	expect_out "other/1" &&
	test "$(commits)" -eq $((n + 1)) &&
	! grep -q "current" okrs/ship.yaml &&
	grep -q "^  current: 1$" okrs/other.yaml &&
	ws_clean
'

test_case 'okr reopen clears the grades, in history, and check-ins resume' '
	thirds &&
	bops okr grade service >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 0 bops okr reopen service &&
	expect_out service &&
	expect_err_contains "okr service: reopen, grade 0.56 cleared" &&
	test "$(git log -1 --format=%s)" = "okr service: reopen, grade 0.56 cleared" &&
	test "$(commits)" -eq $((n + 1)) &&
	! grep -q grade okrs/service.yaml &&
	grep -q "^status: active$" okrs/service.yaml &&
	expect_status 0 bops okr log service &&
	expect_out_contains "    grade: cleared" &&
	expect_out_contains "    key_results: ~2 (1: grade cleared; 2: grade cleared)" &&
	expect_out_contains "    status: missed -> active" &&
	expect_status 0 bops okr checkin service/1 3 &&
	expect_status 0 bops okr grade service &&
	grep -q "^grade: 0.78$" okrs/service.yaml &&
	grep -q "^  grade: 1$" okrs/service.yaml &&
	grep -q "^status: achieved$" okrs/service.yaml &&
	ws_clean
'

test_case 'okr reopen of an objective not graded changes nothing' '
	thirds && n=$(commits) &&
	expect_status 0 bops okr reopen service &&
	expect_err_contains "no change" &&
	test "$(commits)" -eq "$n" &&
	expect_status 3 bops okr reopen nope &&
	expect_status 2 bops okr reopen &&
	expect_status 3 bops okr reopen service extra
'

test_case 'a down KR grades by its progress too' '
	new_ws &&
	bops okr add "Respond faster" --id fast period=2026-Q4 >/dev/null 2>&1 &&
	bops okr kr add fast "Cut average response time by 50%" start=48 \
	    target=24 unit=h direction=down >/dev/null 2>&1 &&
	bops okr checkin fast/1 30 >/dev/null 2>&1 &&
	expect_status 0 bops okr grade fast &&
	grep -q "^  grade: 0.75$" okrs/fast.yaml &&
	grep -q "^status: achieved$" okrs/fast.yaml
'

test_case 'the grade is kept by bops' '
	thirds &&
	n=$(commits) &&
	expect_status 2 bops okr set service grade=1 &&
	expect_status 2 bops okr kr set service/1 grade=1 &&
	test "$(commits)" -eq "$n" &&
	! grep -q grade okrs/service.yaml
'

test_case 'grade errors: no objective, no key results, bad arguments' '
	new_ws &&
	bops okr add Empty --id empty >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 3 bops okr grade nope &&
	expect_status 2 bops okr grade empty &&
	expect_err_contains "okr '\''empty'\'' has no key results to grade" &&
	expect_status 2 bops okr grade &&
	expect_status 3 bops okr grade empty extra &&
	test "$(commits)" -eq "$n" &&
	ws_clean
'

test_done
