#!/bin/sh
# import over a record merges its sub-records by key: a key result keeps
# the check-ins made after the export, a risk the fields set after it,
# and what the workspace alone holds stays; an old export of a record
# that only grew since changes nothing.  Import never deletes.
. "$(dirname "$0")/lib.sh"

# okr_ws: an objective with two key results, one checked in.
okr_ws() {
	new_ws &&
	BOPS_NOW=2026-11-02T09:00:00Z bops okr add "Cứu thế giới" \
	    --id save-the-world period=2026-Q4 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-02T09:00:00Z bops okr kr add save-the-world \
	    "Serve 1000 meals at the hospital" target=1000 unit=meals \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-02T09:00:00Z bops okr kr add save-the-world \
	    "提高客户满意度评分" target=4.5 start=3.9 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-09T09:00:00Z bops okr checkin save-the-world/1 400 \
	    confidence=0.6 --note "tuần đầu" >/dev/null 2>&1
}

# kr N FIELD: a key result's field, as JSON.
kr() {
	bops okr show save-the-world --json | python3 -c "
import json, sys
kr = [k for k in json.load(sys.stdin)[\"key_results\"] if k[\"id\"] == $1][0]
print(json.dumps(kr.get(\"$2\"), ensure_ascii=False))"
}

for fmt in json csv; do
test_case "okr ($fmt): a check-in made after the export is kept" '
	okr_ws &&
	bops export okr --format '$fmt' >../old.'$fmt' &&
	BOPS_NOW=2026-11-16T09:00:00Z bops okr checkin save-the-world/1 800 \
	    confidence=0.9 --note "đã phục vụ 800 suất" >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-16T09:05:00Z bops okr kr add save-the-world \
	    "Raise 200 million VND" target=200 >/dev/null 2>&1 &&
	before=$(git rev-parse HEAD) &&
	BOPS_NOW=2026-11-17T09:00:00Z expect_status 0 bops import \
	    ../old.'$fmt' --kind okr &&
	test "$(git rev-parse HEAD)" = "$before" &&
	test "$(kr 1 checkins | python3 -c "
import json, sys
print(\" \".join(str(c[\"value\"]) for c in json.load(sys.stdin)))")" \
	    = "400 800" &&
	test "$(kr 1 current)" = 800 &&
	test "$(kr 1 confidence)" = 0.9 &&
	test "$(kr 3 title)" = "\"Raise 200 million VND\"" &&
	test "$(kr 2 title)" = "\"提高客户满意度评分\"" &&
	ws_clean
'
done

test_case 'okr: an import that knows every check-in sets what it says' '
	okr_ws &&
	bops export okr --format json >../old.json &&
	python3 - <<-\EOT &&
	import json
	r = json.load(open("../old.json"))
	r[0]["key_results"][0]["title"] = "Serve 1200 meals"
	r[0]["key_results"][0]["target"] = 1200
	del r[0]["key_results"][1]
	json.dump(r, open("../new.json", "w"), ensure_ascii=False)
	EOT
	BOPS_NOW=2026-11-17T09:00:00Z expect_status 0 bops import \
	    ../new.json --kind okr &&
	test "$(kr 1 title)" = "\"Serve 1200 meals\"" &&
	test "$(kr 1 target)" = 1200 && test "$(kr 1 current)" = 400 &&
	test "$(kr 2 title)" = "\"提高客户满意度评分\"" &&
	ws_clean
'

# project_ws: a project with a milestone and a risk.
project_ws() {
	new_ws &&
	BOPS_NOW=2026-10-01T08:00:00Z bops project add \
	    "Thuê ngoài dịch vụ khách hàng" --id out-cs status=active goal="CSAT 4.5" \
	    due=2026-12-31 >/dev/null 2>&1 &&
	BOPS_NOW=2026-10-01T08:00:00Z bops project milestone add out-cs \
	    "Vendor chosen" due=2026-10-15 >/dev/null 2>&1 &&
	BOPS_NOW=2026-10-01T08:00:00Z bops project risk add out-cs \
	    "Agents leave after training" probability=4 impact=4 \
	    >/dev/null 2>&1
}

test_case 'project: a risk keeps the fields set after the export' '
	project_ws &&
	bops export project --format json >../old.json &&
	BOPS_NOW=2026-10-10T08:00:00Z bops project risk set out-cs/1 \
	    owner=Minh contingency="Hire from the second vendor" \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-10-10T08:00:00Z bops project risk add out-cs \
	    "Vendor late" probability=2 impact=3 >/dev/null 2>&1 &&
	BOPS_NOW=2026-10-14T08:00:00Z bops project milestone done out-cs/1 \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-10-20T08:00:00Z expect_status 0 bops import \
	    ../old.json --kind project &&
	bops project show out-cs --json >../p.json &&
	python3 - <<-\EOT &&
	import json
	p = json.load(open("../p.json"))
	r = {x["id"]: x for x in p["risks"]}
	assert r[1]["owner"] == "Minh", r[1]
	assert r[1]["contingency"] == "Hire from the second vendor", r[1]
	assert r[1]["title"] == "Agents leave after training", r[1]
	assert r[2]["title"] == "Vendor late", r
	assert p["milestones"][0]["done"] == "2026-10-14", p["milestones"]
	EOT
	ws_clean
'

test_case 'the same export imported twice changes nothing more' '
	project_ws &&
	BOPS_NOW=2026-10-10T08:00:00Z bops project risk set out-cs/1 \
	    owner=Minh >/dev/null 2>&1 &&
	bops export project okr --format json >../all.json &&
	before=$(git rev-parse HEAD) &&
	expect_status 0 bops import ../all.json --kind project &&
	test "$(git rev-parse HEAD)" = "$before" &&
	ws_clean
'

test_done
