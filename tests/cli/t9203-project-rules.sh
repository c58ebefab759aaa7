#!/bin/sh
# project: the rules of the issue that no other script pins down: the
# status flow, a risk's probability and impact in a file, the score at
# which bops due asks for a contingency plan, and what a finished
# project is to list.
. "$(dirname "$0")/lib.sh"

project() {
	bops -q project add "Thuê ngoài chăm sóc khách hàng" --id cskh \
	    goal="CSAT 4.5" metric=CSAT target=4.5 owner=Lan \
	    start=2026-10-01 due=2026-12-31 budget=1200000000 currency=VND \
	    >/dev/null
}

test_case 'status: proposed, active, on-hold, done or cancelled, in that order' '
	new_ws && project &&
	expect_status 0 bops project show cskh --yaml &&
	expect_out_contains "status: proposed" &&
	n=$(commits) &&
	expect_status 2 bops project set cskh status=closed &&
	expect_err_contains "proposed, active, on-hold, done, cancelled" &&
	test "$(commits)" = "$n" &&
	for s in active on-hold active done; do
		expect_status 0 bops project set cskh status=$s || return 1
	done &&
	git log -4 --format=%s >subjects &&
	cat >want <<-\EOT &&
	project cskh: status active -> done
	project cskh: status on-hold -> active
	project cskh: status active -> on-hold
	project cskh: status proposed -> active
	EOT
	diff -u want subjects >&2 &&
	rm want subjects &&
	bops -q project add "Skapa en kundcentrerad ePMO" --id epmo goal=G \
	    due=2026-12-31 status=on-hold >/dev/null &&
	bops -q project add "提高客户满意度" --id csat goal=G due=2026-12-31 \
	    status=cancelled >/dev/null &&
	expect_status 0 bops project list --fields id &&
	expect_out "id
epmo" &&
	expect_status 0 bops project list "status>=on-hold" --sort status \
	    --fields id,status status=on-hold,done,cancelled &&
	expect_out "id    status
epmo  on-hold
cskh  done
csat  cancelled" &&
	ws_clean
'

test_case 'risks: impact out of 1-5 in a file is exit 4, typed exit 2' '
	new_ws && project &&
	bops -q project risk add cskh "Agents leave" probability=4 impact=4 \
	    >/dev/null &&
	n=$(commits) &&
	for v in 0 6 -1 x; do
		expect_status 2 bops project risk add cskh X probability=1 \
		    impact=$v || return 1
	done &&
	test "$(commits)" = "$n" &&
	sed -i "s/^  impact: 4$/  impact: 0/" projects/cskh.yaml &&
	git commit -qam "hand edit" &&
	expect_status 4 bops project risks cskh --matrix &&
	expect_err_contains "projects/cskh.yaml:" &&
	git reset -q --hard HEAD~1 &&
	ws_clean
'

test_case 'due: an open risk scored 15 or more with no plan, for its owner' '
	new_ws && project &&
	bops -q project set cskh status=active >/dev/null &&
	bops -q project risk add cskh "Tết volume" probability=3 impact=5 \
	    owner=Minh >/dev/null &&
	bops -q project risk add cskh "CRM outage" probability=2 impact=5 \
	    >/dev/null &&
	bops -q project risk add cskh "Attrition" probability=4 impact=4 \
	    contingency="Waiting list" >/dev/null &&
	bops -q project risk add cskh "Đối tác phá sản" probability=5 \
	    impact=5 status=closed >/dev/null &&
	bops due --json >out &&
	python3 -c "
import json
items = [(i[\"id\"], i[\"what\"], i[\"owner\"]) for i in json.load(open(\"out\"))
    if i[\"what\"] == \"no contingency plan\"]
assert items == [(\"cskh/1\", \"no contingency plan\", \"Minh\")], items
" &&
	bops -q project risk set cskh/1 status=mitigating >/dev/null &&
	expect_status 0 bops due --owner Minh &&
	expect_out_contains "no contingency plan" &&
	bops -q project risk set cskh/1 status=occurred >/dev/null &&
	expect_status 0 bops due --owner Minh &&
	! grep -q "no contingency plan" out &&
	ws_clean
'

test_done
