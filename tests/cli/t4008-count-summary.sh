#!/bin/sh
# KIND count [FILTER] and KIND summary [--by FIELD] [FILTER]: what list
# would list, counted, or grouped with the sums of its numbers; --json.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Viết bài blog về Tết" --id viet priority=high \
	    assignee=me estimate=2 tags+=blog tags+=tet >/dev/null 2>&1 &&
	"$BOPS" task add "ที่ประชุมทีมขาย" --id thai priority=low \
	    assignee=Somchai estimate=3.5 tags+=blog >/dev/null 2>&1 &&
	"$BOPS" task add "准备季度报告" --id zh estimate=1 >/dev/null 2>&1 &&
	"$BOPS" task add "Đặt phòng họp" --id room estimate=8 >/dev/null 2>&1 &&
	"$BOPS" task start zh >/dev/null 2>&1 &&
	"$BOPS" task done room >/dev/null 2>&1
}

test_case 'count counts what list lists: finished ones with --all' '
	setup &&
	expect_status 0 bops task count && expect_out 3 &&
	expect_status 0 bops task count --all && expect_out 4 &&
	expect_status 0 bops task count tags=blog && expect_out 2 &&
	expect_status 0 bops task count status=done && expect_out 1 &&
	expect_status 0 bops task count assignee=nobody && expect_out 0 &&
	expect_status 0 bops task count --json priority=high &&
	expect_out "{\"count\":1}"
'
test_case 'summary groups by status in board order, with estimate sums' '
	setup &&
	expect_status 0 bops task summary --all &&
	expect_out "status       count  estimate
not-started      2       5.5
processing       1         1
done             1         8
total            4      14.5"
'
test_case 'summary --by priority, assignee and tag (a task in each of its tags)' '
	setup &&
	expect_status 0 bops task summary --by priority &&
	expect_out "priority  count  estimate
high          1         2
low           1       3.5
-             1         1
total         3       6.5" &&
	expect_status 0 bops task summary --by assignee &&
	expect_out_contains "Lan Nguyen      1         2" &&
	expect_status 0 bops task summary --by tag &&
	expect_out "tags   count  estimate
blog       2       5.5
tet        1         2
-          1         1
total      3       6.5"
'
test_case 'summary --json gives the groups and the total' '
	setup &&
	expect_status 0 bops task summary --by tags --json tags=tet &&
	expect_out "{\"by\":\"tags\",\"groups\":[
{\"value\":\"blog\",\"count\":1,\"estimate\":2},
{\"value\":\"tet\",\"count\":1,\"estimate\":2}
],\"total\":{\"count\":1,\"estimate\":2}}"
'
test_case 'summary of another kind, and fields that do not group' '
	setup &&
	bops okr add "Cứu thế giới" --id world >/dev/null 2>&1 &&
	expect_status 0 bops okr summary --by status &&
	expect_out "status  count
active      1
total       1" &&
	expect_status 2 bops task summary --by notes &&
	expect_err_contains "--by: field '"'"'notes'"'"' does not group records" &&
	expect_status 2 bops task summary --by prio &&
	expect_err_contains "unknown field" &&
	expect_status 2 bops task count nosuch=1
'
test_done
