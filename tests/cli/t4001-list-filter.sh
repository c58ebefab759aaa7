#!/bin/sh
# bops task list FILTER ...: = (any of), !=, <, <=, >, >=, ~, me, dates.
# Done tasks are listed with --all (t4007 covers what list leaves out).
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Viết bài blog về Tết" --id viet priority=high \
	    due=2026-11-25 assignee=me tags+=blog tags+=tet estimate=2 \
	    >/dev/null 2>&1 &&
	"$BOPS" task add "ที่ประชุมทีมขาย" --id thai priority=low due=2026-11-30 \
	    assignee=Somchai estimate=5 >/dev/null 2>&1 &&
	"$BOPS" task add "准备季度报告" --id zh priority=urgent \
	    assignee="Wang Wei" estimate=3 >/dev/null 2>&1 &&
	"$BOPS" task add "Send invoice" --id late priority=normal \
	    due=2026-11-20 assignee=me tags+=finance >/dev/null 2>&1 &&
	"$BOPS" task add "Đặt phòng họp" --id room due=2026-11-21 \
	    >/dev/null 2>&1 &&
	"$BOPS" task start late >/dev/null 2>&1 &&
	"$BOPS" task done room >/dev/null 2>&1
}

# check WANT FILTER...: fail naming the filters unless the ids, done
# tasks included, are WANT
check() {
	want=$1
	shift
	expect_ids "$want" --all "$@"
}

test_case 'without a filter every task is listed in the default order' '
	setup &&
	expect_status 0 bops task list --all &&
	expect_out "id    status       priority  assignee    due         title
zh    not-started  urgent    Wang Wei                准备季度报告
viet  not-started  high      Lan Nguyen  2026-11-25  Viết bài blog về Tết
thai  not-started  low       Somchai     2026-11-30  ที่ประชุมทีมขาย
late  processing   normal    Lan Nguyen  2026-11-20  Send invoice
room  done                               2026-11-21  Đặt phòng họp" &&
	test ! -s err
'
test_case '= matches any of the comma-separated values' '
	setup &&
	check "viet" priority=high &&
	check "zh viet" priority=high,urgent &&
	check "late room" status=processing,done
'
test_case '= with an empty value matches unset fields' '
	setup && check "zh" due= && check "room" priority=
'
test_case '!= excludes a value, unset fields included' '
	setup && check "zh thai late room" priority!=high
'
test_case '<, <=, >, >= compare dates' '
	setup &&
	check "late room" "due<2026-11-25" &&
	check "viet late room" "due<=2026-11-25" &&
	check "thai" "due>2026-11-25" &&
	check "viet thai" "due>=2026-11-25"
'
test_case '<, <=, >, >= compare numbers as numbers' '
	setup &&
	check "zh thai" "estimate>2" &&
	check "zh viet" "estimate<=3" &&
	check "" "estimate>=10" &&
	check "zh viet thai" "estimate<10"
'
test_case '~ is a case-insensitive substring, in any script' '
	setup &&
	check "late" "title~INVOICE" &&
	check "viet" "title~VIẾT" &&
	check "room" "title~đặt" &&
	check "room" "title~ĐẶT PHÒNG" &&
	check "thai" "title~ประชุม" &&
	check "zh" "title~季度" &&
	check "zh" "assignee~wang"
'
test_case 'me is the identity' '
	setup &&
	check "viet late" assignee=me &&
	check "zh thai room" assignee!=me &&
	BOPS_AUTHOR="Wang Wei <wang@example.com>" check "zh" assignee=me
'
test_case 'priority compares as people say it: > is more urgent' '
	setup &&
	check "zh viet" "priority>normal" &&
	check "zh" "priority>high" &&
	check "zh viet late" "priority>=normal" &&
	check "thai" "priority<normal" &&
	check "thai late" "priority<=normal" &&
	check "" "priority<low" &&
	check "" "priority>urgent"
'
test_case 'statuses compare in board order: later columns are greater' '
	setup &&
	check "late room" "status>not-started" &&
	check "zh viet thai late" "status<done"
'
test_case 'relative dates: due<today, due<=friday, due<=+1w' '
	setup &&
	check "late room" "due<today" &&
	check "viet late room" "due<=friday" &&
	check "viet thai late room" "due<=+1w" &&
	check "viet thai" "due>=tomorrow" &&
	BOPS_NOW=2026-11-26T09:00:00Z check "viet late room" "due<today"
'
test_case 'a list field matches when any item does' '
	setup &&
	check "viet" tags=blog &&
	check "viet late" tags=finance,tet &&
	check "zh thai late room" tags!=blog &&
	check "late" "tags~fin"
'
test_case 'several filters must all match' '
	setup &&
	check "late" assignee=me "due<2026-11-25" &&
	check "viet room" "title~t" &&
	check "viet" "title~t" priority=high,low
'
test_case 'no match prints nothing and exits 0' '
	setup &&
	expect_status 0 bops task list priority=high assignee=Nobody &&
	test ! -s out && test ! -s err
'
test_case 'a filter on an unknown field exits 2' '
	setup &&
	expect_status 2 bops task list colour=red &&
	expect_err_contains "unknown field '"'"'colour'"'"' for task"
'
test_case 'a filter value of the wrong type exits 2' '
	setup &&
	expect_status 2 bops task list "due<someday" &&
	expect_err_contains "field '"'"'due'"'"': must be a date" &&
	expect_status 2 bops task list "estimate>lots" &&
	expect_err_contains "must be a number" &&
	expect_status 2 bops task list priority=soon
'
test_case 'a word that is not a filter exits 2' '
	setup &&
	expect_status 2 bops task list something &&
	expect_err_contains "expected field=value"
'
test_case 'text matches in any Unicode form and case, and is stored as typed' '
	setup &&
	nfd=$(printf "Vie\314\202\314\201t the\314\202m ba\314\200i") &&
	who=$(printf "Nguye\314\202\314\203n Mai") &&
	"$BOPS" task add "$nfd" --id nfd "assignee=$who" >/dev/null 2>&1 &&
	grep -qxF "title: $nfd" tasks/nf/nfd.yaml &&
	grep -qxF "assignee: $who" tasks/nf/nfd.yaml &&
	check "viet nfd" "title~viết" &&
	check "viet nfd" "title~$(printf "VIE\314\202\314\201T")" &&
	check "nfd" "title~THÊM" &&
	check "nfd" "assignee=nguyễn mai" &&
	check "nfd" "assignee~NGUYỄN" &&
	BOPS_AUTHOR="Nguyễn Mai <mai@example.com>" check "nfd" assignee=me
'
test_case 'me is the name, the e-mail or both, in any case' '
	setup &&
	"$BOPS" task add "Mail" --id mail assignee=LAN@example.com \
	    >/dev/null 2>&1 &&
	"$BOPS" task add "Both" --id both "assignee=lan nguyen <lan@example.com>" \
	    >/dev/null 2>&1 &&
	check "viet both mail late" assignee=me
'
test_case 'assignee=me finds a task assigned to the e-mail of Name <email>' '
	setup &&
	"$BOPS" task add "Gọi bếp bệnh viện" --id mail \
	    assignee=linh@example.com >/dev/null 2>&1 &&
	"$BOPS" task add "Call the kitchen" --id upper \
	    assignee=LINH@Example.COM >/dev/null 2>&1 &&
	"$BOPS" task add "Plan the menu" --id both \
	    "assignee=linh tran <LINH@example.com>" >/dev/null 2>&1 &&
	"$BOPS" task add "Not hers" --id other \
	    assignee=linh.tran@example.com >/dev/null 2>&1 &&
	BOPS_AUTHOR="Linh Tran <linh@example.com>" check "both mail upper" \
	    assignee=me &&
	BOPS_AUTHOR="LINH TRAN <Linh@Example.com>" check "both mail upper" \
	    assignee=me &&
	BOPS_AUTHOR="Linh Tran <linh@example.com>" \
	    check "zh viet thai other late room" assignee!=me
'
test_case 'enum values match in any case and form, and are stored as configured' '
	setup &&
	check "viet" priority=HIGH &&
	check "zh viet" "priority>Normal" &&
	expect_status 0 bops task set thai priority=Urgent &&
	grep -qx "priority: urgent" tasks/th/thai.yaml &&
	bops config board.columns "not-started,processing,đang-làm,done" \
	    2>/dev/null &&
	expect_status 0 bops task move thai "$(printf "\304\220ANG-LA\314\200M")" &&
	grep -qx "status: đang-làm" tasks/th/thai.yaml &&
	check "thai" "status=$(printf "\304\221ang-la\314\200m")" &&
	ws_clean
'
test_done
