#!/bin/sh
# report: weekly, okr, sprint and the kinds not built yet; formats; -o;
# the same revision gives the same bytes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-report.sh"

export BOPS_NOW=2026-11-26T09:00:00Z

test_case 'weekly: Progress, Plans, Problems and Celebrations' '
	team_ws &&
	expect_status 0 bops report &&
	expect_out_contains "Weekly report: 2026-w48 (2026-11-23..2026-11-29)" &&
	expect_out_contains "11 changes by 3 people" &&
	expect_out_contains "  • Write the SLA page — Lan, 2026-11-24" &&
	grep -A1 "^  • save-the-world/1 Serve 1000 meals at the hospital: 1000$" \
	    out | grep -q "^      Minh Tran, 2026-11-24$" &&
	grep -A1 "^  • Sprint 2026-w49: Lookalike list for the ads$" out |
	    grep -q "^      starts 2026-11-30, nothing planned yet$" &&
	expect_out_contains "  • task overdue: Overdue thing — overdue 2026-11-20, Somchai" &&
	expect_out_contains "  • okr csat/1: Renewal rate 90% — no check-in yet 2026-10-01, Minh" &&
	expect_out_contains "  • save-the-world/1 Serve 1000 meals at the hospital: reached 1000 meals" &&
	expect_out_contains "      by Minh Tran, Somchai P" &&
	sed -n "/^Problems/,/^Celebrations/p" out >problems &&
	! grep -q "Write the SLA" problems && grep -q "Prepare the review" problems &&
	fits 80 out && rm problems
'

test_case 'okr: the cascade, key results and metric families, lined up' '
	team_ws &&
	expect_status 0 bops report okr &&
	expect_out_contains "OKR report: 2026-Q4 (2026-10-01..2026-12-31)" &&
	grep -q "^  Cứu thế giới  *█*▌*░*  72%  on-track$" out &&
	grep -q "^    提高客户满意度评分  *░* *0%  off-track$" out &&
	expect_out_contains "No key result measures longevity" &&
	python3 -c "$WIDTH_PY
w = width
cols = set()
lines = open(\"out\", encoding=\"utf-8\").read().split(\"\n\")
i = lines.index(\"Objectives\")
for line in lines[i + 2:i + 5]:
    bar = min(line.index(c) for c in \"█░\" if c in line)
    cols.add(w(line[:bar]))
assert len(cols) == 1, cols
"
'

test_case 'sprint: the burndown of the running sprint and velocity' '
	team_ws &&
	expect_status 0 bops report sprint &&
	expect_out_contains "Burndown of 2026-w48" &&
	expect_out_contains "Goal: 提高客户满意度评分" &&
	grep -q "^  11-23  ████████████████████  15  ideal 12.9$" out &&
	grep -q "^  11-24  ████████████░░░░░░░░   9  ideal 10.7$" out &&
	grep -q "^  11-27                            ideal 4.3$" out &&
	grep -q "^  █▅▅▅$" out &&
	expect_out_contains "Mean 7.5 points over the last 2 closed sprints." &&
	grep -q "^  2026-w46  ████████████████████  10$" out &&
	grep -q "^  2026-w47  ██████████░░░░░░░░░░   5$" out
'

test_case 'journeys: the portfolio, health by stage, the metric families' '
	journey_ws &&
	expect_status 0 bops report journeys &&
	expect_out_contains "Journeys report: 2026-Q4 (2026-10-01..2026-12-31)" &&
	expect_out_contains "  • onboarding Onboarding: approved, Lan, 1 of 4 stages on target" &&
	expect_out_contains "      reviewed 2026-11-24, next 2027-02-22, changed since approval on 2026-10-01" &&
	expect_out_contains "  • support Hỗ trợ khách hàng: draft, Somchai, 0 of 1 stage on target" &&
	expect_out_contains "      reviewed 2026-10-01, review overdue since 2026-10-31" &&
	expect_out_contains "Onboarding (SMB owner): health by stage" &&
	grep -q "^  Discover  *█\{20\}  100%  CSAT 4.5/4.5 stars, emotion +1$" out &&
	grep -q "^  Đăng ký  *█\{10\}░\{10\}   50%  Completion 40/80 %, 1 open task, " out &&
	grep -q "^  续约  *no metric$" out &&
	expect_out_contains "No stage metric measures longevity: what is not measured is not managed." &&
	grep -q "^  tactical  *█\{8\}░\{12\}  2 metrics$" out &&
	grep -q "^  financial  *█\{4\}░\{16\}   1 metric$" out &&
	fits 80 out &&
	bops report journeys --format json >out &&
	grep -q "\"Completion 40/80 %, 1 open task, emotion -1\"" out &&
	at 2026-11-26T10:00:00Z task done form &&
	bops report journeys --format json >out &&
	grep -q "\"Completion 40/80 %, 0 open tasks, emotion -1\"" out
'

test_case 'journeys: json has the same figures, a retired journey no stages' '
	journey_ws &&
	at 2026-11-26T08:00:00Z journey retire support &&
	expect_status 0 bops report journeys --format json &&
	python3 -c "
import json
r = json.load(open(\"out\"))
s = [s for s in r[\"sections\"] if s[\"key\"] == \"journeys\"][0]
b = {x[\"key\"]: x for x in s[\"blocks\"]}
assert list(b) == [\"journeys-portfolio\", \"journeys-onboarding\", \"journeys-families\"], list(b)
assert [x[\"label\"].split(\":\")[0] for x in b[\"journeys-portfolio\"][\"rows\"]] == [\"onboarding Onboarding\", \"support Hỗ trợ khách hàng\"]
rows = b[\"journeys-onboarding\"][\"rows\"]
assert [(x[\"label\"], x[\"value\"], x[\"state\"]) for x in rows] == [(\"Discover\", 1, \"done\"), (\"Đăng ký\", 0.5, \"off-track\"), (\"First value\", 0.9111, \"at-risk\"), (\"ต่ออายุ\", 0.9333, \"at-risk\"), (\"续约\", None, None)], rows
fam = {x[\"label\"]: (x[\"value\"], x[\"max\"]) for x in b[\"journeys-families\"][\"rows\"]}
assert fam == {\"tactical\": (1, 4), \"value\": (2, 4), \"longevity\": (0, 4), \"financial\": (1, 4)}, fam
"
'

test_case 'weekly: the reviews of the week, and a late review a problem' '
	journey_ws &&
	expect_status 0 bops report &&
	sed -n "/^Progress/,/^Plans/p" out >progress &&
	grep -A1 "^  • onboarding Onboarding: reviewed$" progress |
	    grep -q "^      Lan Nguyen, 2026-11-24: Sign-up pains cut by half$" &&
	sed -n "/^Plans/,/^Problems/p" out >plans &&
	grep -q "^  • journey onboarding: Onboarding — changed since approval 2026-11-25, Lan$" plans &&
	sed -n "/^Problems/,/^Celebrations/p" out >problems &&
	grep -q "^  • journey support: Hỗ trợ khách hàng — review overdue 2026-10-31, Somchai$" problems &&
	bops report --period 2026-w47 >out &&
	! grep -q "Journey reviews" out && rm progress plans problems
'

test_case 'journeys: a workspace with none says so' '
	new_ws &&
	expect_status 0 bops report journeys &&
	expect_out_contains "No journeys yet: bops journey add makes one."
'

test_case 'the same revision gives the same bytes, whatever the clock' '
	team_ws &&
	rev=$(git rev-parse HEAD~3) &&
	for f in text md json html; do
		bops report all --as-of "$rev" --format $f >a.$f 2>/dev/null &&
		BOPS_NOW=2027-06-01T00:00:00Z bops report all --as-of "$rev" \
		    --format $f >b.$f 2>/dev/null &&
		cmp a.$f b.$f && test -s a.$f || return 1
	done &&
	at 2026-11-26T10:00:00Z task done review &&
	BOPS_NOW=2026-11-27T00:00:00Z bops report all --as-of "$rev" \
	    --format json >c.json && cmp a.json c.json &&
	bops report all --format json >d.json && ! cmp -s a.json d.json &&
	rm -f a.* b.* c.json d.json
'

test_case '--as-of a date: the week as it stood that day' '
	team_ws &&
	expect_status 0 bops report --as-of 2026-11-23 &&
	expect_out_contains "As of 2026-11-23 23:59 +0000" &&
	! grep -q "Write the SLA page — Lan" out
'

test_case 'json has the same figures' '
	team_ws &&
	expect_status 0 bops report okr --format json &&
	python3 -c "
import json
r = json.load(open(\"out\"))
assert r[\"report\"] == \"okr\" and r[\"period\"] == \"2026-Q4\"
okr = [s for s in r[\"sections\"] if s[\"key\"] == \"okr\"][0]
cas = okr[\"blocks\"][0]
assert cas[\"type\"] == \"bars\" and cas[\"key\"] == \"okr-cascade\"
assert [(x[\"label\"], x[\"depth\"], x[\"text\"]) for x in cas[\"rows\"]][0] == (\"Cứu thế giới\", 0, \"72%\")
assert len(cas[\"rows\"]) == 3
fam = okr[\"blocks\"][2][\"rows\"]
assert {x[\"label\"]: x[\"value\"] for x in fam} == {\"tactical\": 1, \"value\": 3, \"longevity\": 0, \"financial\": 1}
cel = [s for s in r[\"sections\"] if s[\"key\"] == \"celebrations\"][0]
assert cel[\"blocks\"][0][\"rows\"][0][\"detail\"] == \"by Minh Tran, Somchai P\"
"
'

test_case 'md: headings, lists and bars in fences' '
	team_ws &&
	expect_status 0 bops report okr --format md &&
	grep -q "^# OKR report: 2026-Q4" out &&
	grep -q "^## Objectives and key results$" out &&
	grep -q "^### Objectives$" out && grep -q "^\`\`\`text$" out &&
	grep -q "^- save-the-world/1 Serve 1000 meals at the hospital: reached 1000 meals — by Minh Tran, Somchai P$" out
'

test_case '-o FILE is written whole, by a rename' '
	team_ws &&
	expect_status 0 bops report all --format html -o ../r.html &&
	test ! -s out && expect_err_contains "wrote ../r.html" &&
	grep -q "</html>" ../r.html &&
	ls -a .. | grep -v -e "^r.html$" -e "^ws$" -e "^\.*$" -e "^out$" \
	    -e "^err$" -e "^\.stderr$" >left; test ! -s left &&
	mkdir ../ro && chmod 555 ../ro &&
	if [ "$(id -u)" != 0 ]; then
		expect_status 6 bops report -o ../ro/r.txt &&
		test ! -e ../ro/r.txt
	fi &&
	printf "old\n" >../keep.txt &&
	expect_status 2 bops report nosuch -o ../keep.txt &&
	[ "$(cat ../keep.txt)" = old ] && rm -f left && ws_clean
'

test_case 'unknown report or format: exit 2' '
	team_ws &&
	expect_status 2 bops report weekley &&
	expect_err_contains "unknown report '"'"'weekley'"'"'" &&
	expect_err_contains "did you mean '"'"'weekly'"'"'" &&
	expect_status 2 bops report --format pdf &&
	expect_err_contains "--format" &&
	expect_status 2 bops report --period 2026-Q5 &&
	expect_status 2 bops report okr sprint
'

test_case 'okr celebrate: the achievements of a period alone' '
	team_ws &&
	expect_status 0 bops okr celebrate &&
	expect_out "save-the-world/1 Serve 1000 meals at the hospital: reached 1000 meals
  by Minh Tran, Somchai P" &&
	expect_status 0 bops okr celebrate 2026-w47 && test ! -s out &&
	at 2026-12-31T12:00:00Z okr checkin service-cx/1 4.5 &&
	at 2026-12-31T12:00:00Z okr checkin service-cx/2 24 &&
	BOPS_NOW=2027-01-02T09:00:00Z bops okr grade service-cx >/dev/null 2>&1 &&
	BOPS_NOW=2027-01-02T09:00:00Z bops okr celebrate 2026-Q4 >out &&
	grep -q "^service-cx ตอบกลับ 95% .*: graded 1$" out &&
	grep -q "^  by Somchai P, Lan Nguyen$" out
'

test_case 'an empty workspace: notes, not empty charts' '
	new_ws &&
	expect_status 0 bops report all &&
	expect_out_contains "No objectives in 2026-w48." &&
	expect_out_contains "No sprints yet: bops sprint new makes one." &&
	expect_out_contains "Nothing reached its target in 2026-w48 yet."
'

test_done
