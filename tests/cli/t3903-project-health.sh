#!/bin/sh
# project: health (schedule, cost, quality, risk, each with its reason),
# its thresholds in bops.yaml, status reports, the retrospective whose
# actions become tasks.
. "$(dirname "$0")/lib.sh"

project() {
	BOPS_NOW=2026-10-01T02:00:00Z bops -q project add "BPO chăm sóc khách hàng" \
	    --id cskh status=active goal="CSAT 4.5" metric=CSAT target=4.5 \
	    start=2026-10-01 due=2026-12-31 budget=1200000000 currency=VND \
	    >/dev/null &&
	bops -q project milestone add cskh "Agents trained" due=2026-10-31 \
	    >/dev/null &&
	bops -q project milestone add cskh "Go live" due=2026-11-20 >/dev/null &&
	BOPS_NOW=2026-10-30T03:00:00Z bops -q project milestone done cskh/1 \
	    >/dev/null &&
	bops -q task add "Tuyển 20 nhân viên" --id hire project=cskh \
	    status=done >/dev/null &&
	bops -q task add "Kịch bản gọi điện" --id script project=cskh \
	    >/dev/null &&
	bops -q project cost add cskh 500000000 category=staff >/dev/null &&
	bops -q project risk add cskh "Agents leave after training" \
	    probability=4 impact=4 >/dev/null &&
	cat >ed.sh <<-\EOS &&
	#!/bin/sh
	cat >>"$1" <<-\EOY
	metrics:
	- name: CSAT
	  family: value
	  factor: quality
	  target: 4.5
	  current: 4.2
	  unit: stars
	- name: First response
	  family: tactical
	  factor: performance
	  target: 4
	  current: 3
	  unit: h
	  direction: down
	EOY
	EOS
	chmod +x ed.sh &&
	EDITOR=./ed.sh bops -q project edit cskh </dev/null >/dev/null &&
	rm ed.sh
}

test_case 'health: each part green, amber or red, and why' '
	new_ws && project &&
	expect_status 0 bops project health cskh &&
	expect_out "project   amber  BPO chăm sóc khách hàng
schedule  amber  50% done at 58% of the time (1 of 2 milestones, 1 of 2 tasks); milestone 2 '\''Go live'\'' 3 days overdue
cost      green  CPI 1.20: earned 600,000,000 VND for 500,000,000 VND spent
quality   amber  CSAT 4.2 against a target of 4.5
risk      amber  risk 1 scores 16 with no contingency plan" &&
	bops -q project milestone done cskh/2 >/dev/null &&
	bops -q project risk set cskh/1 "contingency=Hire from the waiting list" >/dev/null &&
	expect_status 0 bops project health cskh --json &&
	expect_out "{\"project\":\"cskh\",\"title\":\"BPO chăm sóc khách hàng\",\"health\":\"amber\",\"schedule\":{\"health\":\"green\",\"why\":\"75% done at 58% of the time (2 of 2 milestones, 1 of 2 tasks)\"},\"cost\":{\"health\":\"green\",\"why\":\"CPI 1.80: earned 900,000,000 VND for 500,000,000 VND spent\"},\"quality\":{\"health\":\"amber\",\"why\":\"CSAT 4.2 against a target of 4.5\"},\"risk\":{\"health\":\"green\",\"why\":\"1 open risk, the highest scores 16\"}}" &&
	ws_clean
'

test_case 'metric set: made when new, changed by name, checked' '
	new_ws && project &&
	expect_status 0 bops project metric set cskh "Tỷ lệ nghỉ việc" target=10 \
	    current=12 unit=% direction=down family=longevity factor=performance &&
	expect_out "cskh" &&
	expect_err_contains "project cskh: metric Tỷ lệ nghỉ việc add" &&
	expect_status 0 bops project metric set cskh CSAT current=4.6 &&
	expect_err_contains "project cskh: metric CSAT current 4.2 -> 4.6" &&
	expect_status 0 bops project health cskh &&
	expect_out_contains "quality   red    Tỷ lệ nghỉ việc 12 against a target of 10" &&
	n=$(commits) &&
	expect_status 2 bops project metric set cskh New current=1 &&
	expect_err_contains "a new metric needs target=N" &&
	expect_status 2 bops project metric set cskh CSAT family=loyalty &&
	expect_err_contains "tactical, value, longevity, financial" &&
	expect_status 2 bops project metric set cskh CSAT factor=speed &&
	expect_status 2 bops project metric set cskh CSAT current=high &&
	expect_status 2 bops project metric set cskh CSAT name=X &&
	test "$(commits)" = "$n" &&
	ws_clean
'

test_case 'a table of every project; past its due day is red' '
	new_ws && project &&
	expect_status 0 bops project add "Skapa en kundcentrerad ePMO" --id epmo \
	    goal="One PMO" due=2026-11-01 &&
	expect_status 0 bops project add "提高客户满意度评分" --id csat \
	    goal="CSAT" due=2027-03-31 status=cancelled &&
	expect_status 0 bops project health &&
	expect_out "project  health  schedule  cost   quality  risk   title
csat     -       -         -      -        -      提高客户满意度评分
cskh     amber   amber     green  amber    amber  BPO chăm sóc khách hàng
epmo     red     red       -      -        green  Skapa en kundcentrerad ePMO" &&
	expect_status 0 bops project health epmo &&
	expect_out_contains "schedule  red    22 days past its due day" &&
	expect_status 3 bops project health nope &&
	ws_clean
'

test_case 'the thresholds come from bops.yaml, checked' '
	new_ws && project &&
	expect_status 0 bops config project.health.quality_amber 0.95 &&
	expect_status 0 bops config project.health.risk_red 16 &&
	expect_status 0 bops project health cskh &&
	expect_out_contains "quality   red    CSAT 4.2 against a target of 4.5" &&
	expect_out_contains "risk      red    risk 1 scores 16 with no contingency plan" &&
	expect_status 2 bops config project.health.at_risk 0.95 &&
	expect_err_contains "project.health.at_risk must not be above on_track" &&
	expect_status 2 bops config project.health.risk_amber 26 &&
	expect_status 2 bops config project.health.on_track x &&
	ws_clean
'

test_case 'status records a report with the health of each part' '
	new_ws && project &&
	expect_status 0 bops project status cskh --note "Go live trễ một tuần" &&
	expect_out "cskh" &&
	expect_err_contains "project cskh: status schedule amber cost green quality amber risk amber" &&
	echo "Training done" | expect_status 0 bops project status cskh --note - &&
	expect_status 0 bops project show cskh --yaml &&
	expect_out_contains "reports:
- at: 2026-11-23T09:00:00Z
  by: Lan Nguyen
  schedule: amber
  cost: green
  quality: amber
  risk: amber
  note: Go live trễ một tuần
- at: 2026-11-23T09:00:00Z" &&
	expect_out_contains "  note: Training done" &&
	expect_status 2 bops project set cskh reports= &&
	expect_status 3 bops project status nope &&
	ws_clean
'

test_case 'retro: went well, to improve, actions that become tasks' '
	new_ws && project &&
	expect_status 0 bops project retro cskh went-well "Đào tạo nhanh" &&
	expect_out "cskh" &&
	expect_status 0 bops project retro cskh improve "Kịch bản rõ hơn" &&
	expect_status 0 bops project set cskh status=cancelled &&
	n=$(commits) &&
	expect_status 0 bops project retro cskh action "Tuyển thêm hai nhân viên" &&
	task=$(cat out) &&
	test "$(commits)" = "$((n + 1))" &&
	expect_status 0 bops task show "$task" --yaml &&
	expect_out_contains "title: Tuyển thêm hai nhân viên" &&
	expect_out_contains "project: cskh" &&
	expect_out_contains "- retro" &&
	expect_status 0 bops project show cskh --yaml &&
	expect_out_contains "went_well:
- Đào tạo nhanh
to_improve:
- Kịch bản rõ hơn
actions:
- Tuyển thêm hai nhân viên" &&
	expect_status 2 bops project retro cskh lessons "x" &&
	expect_err_contains "unknown part of a retrospective '\''lessons'\''; one of: went-well, improve, action" &&
	expect_status 3 bops project retro nope action "x" &&
	test "$(commits)" = "$((n + 1))" &&
	ws_clean
'

test_done
