#!/bin/sh
# bops KIND list hides finished records (a task done, a sprint closed, an
# objective achieved, missed or dropped) unless --all or a filter on the
# field that says so; count does the same.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Send invoice" --id open >/dev/null 2>&1 &&
	"$BOPS" task add "Đặt phòng họp" --id room >/dev/null 2>&1 &&
	"$BOPS" task add "准备季度报告" --id zh >/dev/null 2>&1 &&
	"$BOPS" task start zh >/dev/null 2>&1 &&
	"$BOPS" task done room >/dev/null 2>&1
}

test_case 'list leaves done tasks out by default' '
	setup &&
	expect_ids "open zh" &&
	expect_ids "open" status=not-started
'
test_case 'list --all (and -a) shows them too' '
	setup &&
	expect_ids "open zh room" --all &&
	expect_ids "open zh room" -a
'
test_case 'a filter on status shows what it asks for, done included' '
	setup &&
	expect_ids "room" status=done &&
	expect_ids "zh room" "status>not-started" &&
	expect_ids "open zh" status!=done
'
test_case 'other filters keep done tasks out' '
	setup &&
	expect_ids "zh" title~报告 &&
	expect_ids "" title~phòng &&
	expect_ids "room" title~phòng --all
'
test_case 'JSON and CSV lists leave them out as the table does' '
	setup &&
	expect_status 0 bops task list --json &&
	! grep -q "\"room\"" out && grep -q "\"open\"" out &&
	expect_status 0 bops task list --csv --all &&
	grep -q "^room," out
'
test_case 'closed sprints and achieved objectives are finished too' '
	new_ws &&
	bops okr add "Cứu thế giới" --id world >/dev/null 2>&1 &&
	bops okr add "Old one" --id old status=achieved >/dev/null 2>&1 &&
	expect_status 0 bops okr list --fields id &&
	expect_out "id
world" &&
	expect_status 0 bops okr list --fields id --all &&
	expect_out "id
old
world"
'
test_case 'deals won or lost are finished: stage=won lists them' '
	new_ws &&
	bops deal add "Hospital meals" --id meals >/dev/null 2>&1 &&
	bops deal add "Old contract" --id old stage=lost lost_reason=price \
	    >/dev/null 2>&1 &&
	expect_status 0 bops deal list --fields id &&
	expect_out "id
meals" &&
	expect_status 0 bops deal list stage=lost --fields id &&
	expect_out "id
old" &&
	expect_status 0 bops deal count --all && expect_out 2
'
test_done
