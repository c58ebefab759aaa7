#!/bin/sh
# project: its part of due (milestones, risks, status reports, the
# project past its due day) and of report projects and weekly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-report.sh"

# Thursday 2026-11-26 09:00 UTC.
export BOPS_NOW=2026-11-26T09:00:00Z

test_case 'due: milestones, risks and a late status report, for their owners' '
	team_ws && projects_ws &&
	expect_status 0 bops due --owner Lan &&
	cat >want <<-\EOT &&
	Lan (4)
	  milestone overdue   2026-11-20  project out-cs/2  Agents trained
	    bops project milestone done out-cs/2
	  status report late  2026-11-23  project out-cs    Thuê ngoài dịch vụ khách hà…
	    bops project status out-cs --note TEXT
	  overdue             2026-11-25  task review       Prepare the review
	    bops task done review
	  milestone due       2026-11-27  project out-cs/3  Go live
	    bops project milestone done out-cs/3
	EOT
	diff -u want out >&2 &&
	expect_status 0 bops due --owner Minh &&
	grep -q "^  risk trigger passed  2026-11-25  project out-cs/1  Agents leave after training$" out &&
	grep -q "^    bops project risk set out-cs/1 status=STATUS$" out &&
	grep -q "^  no contingency plan  2026-11-26  project out-cs/1" out &&
	grep -q "^    bops project risk set out-cs/1 contingency=TEXT$" out &&
	! grep -q "Vendor late" out && ! grep -q shipped out
'

test_case 'due: what deals with an item takes it off the list' '
	team_ws && projects_ws &&
	at 2026-11-26T08:00:00Z project milestone done out-cs/2 &&
	at 2026-11-26T08:00:00Z project status out-cs &&
	at 2026-11-26T08:00:00Z project risk set out-cs/1 status=mitigating \
	    "contingency=Hire from the waiting list" &&
	expect_status 0 bops due --json &&
	python3 -c "
import json
items = [i for i in json.load(open(\"out\")) if i[\"kind\"] == \"project\"]
assert [(i[\"id\"], i[\"what\"]) for i in items] == [
    (\"out-cs/1\", \"risk trigger passed\"), (\"out-cs/3\", \"milestone due\")], items
assert items[0][\"owner\"] == \"Minh\" and items[1][\"owner\"] == \"Lan\"
" &&
	at 2026-11-26T08:00:00Z project risk set out-cs/1 status=closed &&
	BOPS_NOW=2026-12-04T09:00:00Z bops due --owner Lan >out &&
	grep -q "^  status report late  2026-12-03  project out-cs " out
'

test_case 'due: a project past its due day that is not done, with --exit-code' '
	new_ws &&
	BOPS_NOW=2026-09-01T09:00:00Z bops -q project add "Skapa en kundcentrerad ePMO" \
	    --id epmo status=active owner=Somchai goal="An ePMO" \
	    due=2026-11-20 >/dev/null &&
	expect_status 1 bops due --exit-code &&
	grep -q "^  past due  2026-11-20  project epmo  Skapa en kundcentrerad ePMO$" out &&
	grep -q "^    bops project set epmo status=done$" out &&
	bops -q project set epmo status=done >/dev/null &&
	expect_status 0 bops due --exit-code && test ! -s out
'

test_case 'report projects: health, milestones, money per currency, EVM, risks, balance' '
	team_ws && projects_ws &&
	expect_status 0 bops report projects &&
	expect_out_contains "Projects report: 2026-Q4 (2026-10-01..2026-12-31)" &&
	grep -q "^  out-cs Thuê ngoài dịch vụ kh…  [^ ]*  amber  1 of 4 parts green$" out &&
	grep -q "^    risk  *[^ ]*  amber  risk 1 scores 16 …$" out &&
	grep -q "^  out-cs Thuê ngoài dịch vụ k…  [^ ]*  1 of 3  1 overdue$" out &&
	grep -q "^  out-cs VND  █████░*  25%  300,000,000 of 1,200,000,000 VND spent$" out &&
	grep -q "^  out-cs USD  █████░*  25%  250.50 of 1,000.00 USD spent$" out &&
	grep -q "PV 735,326,087 VND, EV 600,000,000 VND, AC 300,000,000 VND; CPI 2.00" out &&
	expect_out_contains "No project metric measures tactical, financial" &&
	expect_out_contains "No project metric measures value, compliance" &&
	! grep -q Shipped out &&
	expect_status 0 bops report projects --format json &&
	python3 -c "
import json
r = json.load(open(\"out\"))
s = [s for s in r[\"sections\"] if s[\"key\"] == \"projects\"][0]
b = {b[\"key\"]: b for b in s[\"blocks\"]}
assert list(b) == [\"projects-health\", \"projects-milestones\",
    \"projects-budget\", \"projects-evm\", \"projects-risks\",
    \"projects-risk-matrix\", \"projects-burn-out-cs\",
    \"projects-families\", \"projects-factors\"], list(b)
h = b[\"projects-health\"][\"rows\"]
assert [(x[\"label\"], x[\"text\"], x[\"state\"]) for x in h[1:]] == [
    (\"schedule\", \"amber\", \"at-risk\"), (\"cost\", \"green\", \"on-track\"),
    (\"quality\", \"amber\", \"at-risk\"), (\"risk\", \"amber\", \"at-risk\")]
vnd = [x for x in b[\"projects-budget\"][\"rows\"] if x[\"label\"] == \"out-cs VND\"][0]
assert (vnd[\"value\"], vnd[\"max\"]) == (300000000, 1200000000), vnd
assert b[\"projects-risks\"][\"rows\"][0][\"detail\"] == \"1 open, exposure 16, 1 occurred\"
assert {x[\"label\"]: x[\"value\"] for x in b[\"projects-factors\"][\"rows\"]} == {
    \"quality\": 1, \"performance\": 1, \"value\": 0, \"compliance\": 0}
"
'

test_case 'weekly: milestones reached and costs as Progress, the red and the occurred as Problems' '
	team_ws && projects_ws &&
	at 2026-11-25T09:00:00Z project milestone done out-cs/3 &&
	expect_status 0 bops report &&
	expect_out_contains "  • out-cs/3 Go live — Thuê ngoài dịch vụ khách hàng, 2026-11-25" &&
	expect_out_contains "  • out-cs: 100,000,000 VND staff — Minh Tran, 2026-11-24" &&
	expect_out_contains "  • out-cs: 250.50 USD tools — Lan Nguyen, 2026-11-24" &&
	! grep -q "200,000,000 VND" out &&
	expect_out_contains "  • risk out-cs/2: Vendor late — occurred" &&
	expect_out_contains "  • project out-cs/2: Agents trained — milestone overdue 2026-11-20, Lan" &&
	at 2026-11-26T08:00:00Z project cost add out-cs 1000000000 category=staff &&
	expect_status 0 bops report &&
	sed -n "/^Problems/,/^Celebrations/p" out >problems &&
	grep -A1 "^  • project out-cs: Thuê ngoài dịch vụ khách hàng$" problems |
	    grep -q "^      red: cost (over budget: spent 1,300,000,000 VND of" &&
	rm problems
'

test_case 'report projects with no running project says so; all has it' '
	new_ws &&
	expect_status 0 bops report projects &&
	expect_out_contains "No active projects." &&
	expect_status 0 bops report all &&
	expect_out_contains "No active projects." &&
	expect_status 2 bops report project &&
	expect_err_contains "journeys, projects or all" &&
	expect_err_contains "did you mean '"'"'projects'"'"'"
'

test_done
