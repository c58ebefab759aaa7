#!/bin/sh
# project: add with its SMART goal, milestones and risks numbered within
# their project, the risk list and its matrix, tasks linked with
# project=, and what bops check warns of.
. "$(dirname "$0")/lib.sh"

plan() {
	BOPS_NOW=2026-10-01T02:00:00Z bops -q customer add "Công ty Sao Mai" \
	    --id saomai >/dev/null &&
	BOPS_NOW=2026-10-01T02:00:00Z bops -q project add \
	    "Thuê ngoài chăm sóc khách hàng" --id cskh status=active \
	    goal="CSAT 4.5 by the end of the year" metric=CSAT target=4.5 \
	    start=2026-10-01 due=2026-12-31 customer=saomai \
	    budget=1200000000 currency=vnd >/dev/null &&
	bops -q project milestone add cskh Agents trained due=2026-10-31 \
	    >/dev/null &&
	bops -q project milestone add cskh Go live due=2026-11-15 >/dev/null &&
	bops -q project milestone add cskh "Quarterly review" due=2026-12-20 \
	    >/dev/null &&
	bops -q project risk add cskh "Agents leave after training" \
	    probability=4 impact=4 owner=me >/dev/null &&
	bops -q project risk add cskh "Ticket volume doubles" probability=3 \
	    impact=5 "contingency=Overflow to the in-house team" >/dev/null &&
	bops -q project risk add cskh "ระบบ CRM ล่ม" probability=2 impact=3 \
	    category=vendor >/dev/null
}

test_case 'add needs a goal and a due day; the budget is exact' '
	new_ws && plan &&
	expect_status 0 bops project show cskh --yaml &&
	expect_out_contains "currency: VND
budget: '\''1200000000'\''" &&
	expect_out_contains "status: active" &&
	n=$(commits) &&
	expect_status 2 bops project add X due=2026-12-31 &&
	expect_err_contains "a project needs its SMART goal and its due day: goal=TEXT due=DATE" &&
	expect_status 2 bops project add X goal=Y &&
	expect_status 2 bops project add X goal=Y due=2026-12-31 budget=5 &&
	expect_err_contains "a budget needs its currency" &&
	expect_status 2 bops project add X goal=Y due=2026-12-31 budget=1.5 currency=VND &&
	expect_err_contains "VND has no minor unit" &&
	expect_status 2 bops project set cskh budget=-5 &&
	expect_status 2 bops project set cskh currency=XYZ &&
	expect_status 4 bops project add X goal=Y due=2026-12-31 start=2027-01-01 &&
	expect_err_contains "the due day is before the start" &&
	test "$(commits)" = "$n" &&
	expect_status 0 bops project add "Dự án mới" goal=Y due=2026-12-31 &&
	expect_status 0 bops project show "$(cat out)" --yaml &&
	expect_out_contains "status: proposed" &&
	ws_clean
'

test_case 'milestones: numbered, reached today, changed by number' '
	new_ws && plan &&
	expect_status 0 bops project milestone add cskh "Báo cáo quý" due=2026-12-28 &&
	expect_out "cskh/4" &&
	BOPS_NOW=2026-10-30T03:00:00Z expect_status 0 bops project milestone done cskh/1 &&
	expect_out "cskh/1" &&
	expect_err_contains "project cskh: milestone 1 done" &&
	n=$(commits) &&
	expect_status 0 bops project milestone done cskh/1 &&
	test "$(commits)" = "$n" &&
	expect_status 0 bops project milestone set cskh/2 due=2026-11-22 &&
	n=$(commits) &&
	expect_status 0 bops project show cskh --yaml &&
	expect_out_contains "- id: 1
  name: Agents trained
  due: 2026-10-31
  done: 2026-10-30
- id: 2
  name: Go live
  due: 2026-11-22" &&
	expect_status 2 bops project milestone add cskh "No day" &&
	expect_err_contains "a milestone needs due=" &&
	expect_status 2 bops project milestone add cskh X due=someday &&
	expect_status 2 bops project milestone set cskh/2 id=7 &&
	expect_status 2 bops project milestone done cskh &&
	expect_err_contains "expected PROJECT/N for a milestone" &&
	expect_status 3 bops project milestone done cskh/9 &&
	expect_err_contains "no milestone cskh/9" &&
	expect_status 3 bops project milestone done nope/1 &&
	test "$(commits)" = "$n" &&
	ws_clean
'

test_case 'risks: probability and impact 1-5 (exit 2 typed, 4 in a file)' '
	new_ws && plan &&
	n=$(commits) &&
	expect_status 2 bops project risk add cskh X probability=6 impact=1 &&
	expect_err_contains "probability" &&
	expect_status 2 bops project risk add cskh X probability=0 impact=1 &&
	expect_status 2 bops project risk add cskh X probability=3 &&
	expect_err_contains "a risk needs impact=" &&
	expect_status 2 bops project risk set cskh/1 impact=9 &&
	expect_status 2 bops project risk set cskh/1 status=gone &&
	test "$(commits)" = "$n" &&
	expect_status 0 bops project risk set cskh/1 status=mitigating \
	    "mitigation=Retention bonus after three months" &&
	expect_out "cskh/1" &&
	sed -i "s/^  probability: 2$/  probability: 7/" projects/cskh.yaml &&
	git commit -qam "hand edit" &&
	expect_status 4 bops project show cskh &&
	expect_err_contains "projects/cskh.yaml:" &&
	expect_status 1 bops check
'

test_case 'risks by score; --open; the 5 x 5 matrix; --json' '
	new_ws && plan &&
	bops -q project risk set cskh/3 status=closed >/dev/null &&
	expect_status 0 bops project risks &&
	expect_out "risk    score  p  i  status  owner       plan         title
cskh/1     16  4  4  open    Lan Nguyen  -            Agents leave after training
cskh/2     15  3  5  open                contingency  Ticket volume doubles
cskh/3      6  2  3  closed              -            ระบบ CRM ล่ม" &&
	expect_status 0 bops project risks cskh --open --matrix &&
	expect_out "impact
  5 |    .    .    1    .    .
  4 |    .    .    .    1    .
  3 |    .    .    .    .    .
  2 |    .    .    .    .    .
  1 |    .    .    .    .    .
    +-------------------------
         1    2    3    4    5  probability" &&
	expect_status 0 bops project risks --json --open &&
	expect_out_contains "{\"project\":\"cskh\",\"id\":2,\"probability\":3,\"impact\":5,\"score\":15,\"title\":\"Ticket volume doubles\",\"status\":\"open\",\"contingency\":\"Overflow to the in-house team\"}" &&
	expect_status 3 bops project risks nope &&
	ws_clean
'

test_case 'tasks link with project=; a linked project stays' '
	new_ws && plan &&
	expect_status 0 bops task add "Đào tạo ca đêm" --id train project=cskh &&
	expect_status 4 bops task add X project=nope &&
	expect_err_contains "no such project" &&
	expect_status 5 bops project rm cskh &&
	expect_err_contains "project '\''cskh'\'' is the project of 1 task (train)" &&
	expect_status 0 bops task set train project= &&
	expect_status 0 bops project rm cskh &&
	ws_clean
'

test_case 'a key result that measures a goal stays' '
	new_ws && plan &&
	bops -q okr add "Cứu thế giới" --id save >/dev/null &&
	bops -q okr kr add save "CSAT 4.5" target=4.5 >/dev/null &&
	expect_status 0 bops project set cskh kr=save/1 &&
	expect_status 5 bops okr kr rm save/1 &&
	expect_err_contains "key result '\''save/1'\'' is the kr of 1 project (cskh)" &&
	expect_status 0 bops project set cskh kr= &&
	expect_status 0 bops okr kr rm save/1 &&
	ws_clean
'

test_case 'check warns of a goal without measure or date, a late milestone' '
	new_ws && plan &&
	expect_status 0 bops project add "Không đo" --id vague goal="Be better" due=2026-12-01 &&
	bops -q project milestone add cskh Late due=2027-01-10 >/dev/null &&
	expect_status 0 bops check &&
	expect_out "projects/cskh.yaml: warning: milestone '\''Late'\'' is due 2027-01-10, after the project
projects/vague.yaml: warning: the goal has no measure (kr=OBJECTIVE/N, or metric=NAME target=N)" &&
	expect_err_contains "no problem found; 2 warnings" &&
	expect_status 4 bops project set vague kr=nope/1 &&
	expect_err_contains "kr '\''nope/1'\'': no such key result" &&
	expect_status 0 bops project set vague goal= &&
	expect_status 0 bops check &&
	expect_out_contains "projects/vague.yaml: warning: no SMART goal" &&
	sed -i "/^due:/d" projects/vague.yaml && git commit -qam "no due" &&
	expect_status 0 bops check &&
	expect_out_contains "projects/vague.yaml: warning: the goal has no date (due=DATE or goal_due=DATE)"
'

test_done
