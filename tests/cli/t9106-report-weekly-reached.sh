#!/bin/sh
# report weekly: its Progress names the key results that reached their
# target in the week, by the check-in that reached it, beside the tasks
# done, the check-ins, the tickets resolved and the deals won; its Plans
# say what is planned for the next sprints.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-report.sh"

export BOPS_NOW=2026-11-26T09:00:00Z

test_case 'weekly: key results that reached their target, in Progress' '
	team_ws &&
	expect_status 0 bops report &&
	sed -n "/^Progress$/,/^Plans$/p" out >progress &&
	grep -A3 "^Key results reached$" progress >reached &&
	grep -q "^  • save-the-world/1 Serve 1000 meals at the hospital: 1000 meals$" reached &&
	grep -q "^      Minh Tran, 2026-11-24$" reached &&
	expect_status 0 bops report --period 2026-w47 &&
	! grep -q "^Key results reached$" out &&
	expect_status 0 bops report --format json &&
	python3 -c "
import json
r = json.load(open(\"out\"))
p = [s for s in r[\"sections\"] if s[\"key\"] == \"progress\"][0]
b = [b for b in p[\"blocks\"] if b[\"key\"] == \"progress-reached\"][0]
assert [x[\"label\"] for x in b[\"rows\"]] == [\"save-the-world/1 Serve 1000 meals at the hospital: 1000 meals\"], b
" && rm progress reached
'

test_case 'weekly: the next sprint with the tasks planned for it' '
	team_ws &&
	expect_status 0 bops report &&
	grep -A1 "^  • Sprint 2026-w49: Lookalike list for the ads$" out |
	    grep -q "^      starts 2026-11-30, nothing planned yet$" &&
	at 2026-11-26T08:00:00Z task add "Xuất danh sách lookalike" \
	    estimate=5 sprint=2026-w49 &&
	at 2026-11-26T08:00:00Z task add "Ads copy" estimate=3 \
	    sprint=2026-w49 &&
	expect_status 0 bops report &&
	grep -A1 "^  • Sprint 2026-w49: Lookalike list for the ads$" out |
	    grep -q "^      starts 2026-11-30, 2 tasks planned (8 points)$"
'

test_done
