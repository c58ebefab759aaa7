#!/bin/sh
# report projects: the risk matrix of the running projects' open risks
# (a 5 x 5 grid, in every format) and each project's budget burn (the
# cumulative actual against the plan pro rata, with the EAC).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-report.sh"

# Thursday 2026-11-26 09:00 UTC.
export BOPS_NOW=2026-11-26T09:00:00Z

test_case 'text: the risk matrix is drawn as risks --matrix draws it' '
	team_ws && projects_ws &&
	at 2026-10-01T08:00:00Z project risk add out-cs "Tết rush" \
	    probability=4 impact=4 contingency="Overtime" &&
	expect_status 0 bops report projects &&
	sed -n "/^Risk matrix$/,/probability$/p" out >got &&
	cat >want <<-\EOT &&
	Risk matrix
	-----------
	The open risks of the running projects (2) by probability and impact; a cell'\''s colour is its score'\''s band.
	impact
	  5 |    .    .    .    .    .
	  4 |    .    .    .    2    .
	  3 |    .    .    .    .    .
	  2 |    .    .    .    .    .
	  1 |    .    .    .    .    .
	    +-------------------------
	         1    2    3    4    5  probability
	EOT
	diff -u want got >&2 &&
	expect_status 0 bops project risks out-cs --open --matrix &&
	sed -n "/^impact$/,\$p" want >want2 &&
	diff -u want2 out >&2
'

test_case 'json: the 5 x 5 counts and each cell'\''s band' '
	team_ws && projects_ws &&
	expect_status 0 bops report projects --format json &&
	python3 -c "
import json
r = json.load(open(\"out\"))
b = {b[\"key\"]: b for s in r[\"sections\"] for b in s[\"blocks\"]}
m = b[\"projects-risk-matrix\"]
assert m[\"type\"] == \"matrix\" and m[\"x\"] == \"probability\" and m[\"y\"] == \"impact\", m
want = [[0] * 5 for _ in range(5)]
want[1][3] = 1
assert m[\"cells\"] == want, m[\"cells\"]
assert len(m[\"rows\"]) == 25
bands = [c[\"state\"] for c in m[\"rows\"]]
assert bands[0:5] == [\"green\", \"yellow\", \"amber\", \"red\", \"red\"], bands
assert bands[20:25] == [\"green\"] * 5, bands
assert m[\"rows\"][8][\"max\"] == 16 and m[\"rows\"][8][\"value\"] == 1
"
'

test_case 'burn: weekly points of the cumulative actual against the plan, exact' '
	team_ws && projects_ws &&
	expect_status 0 bops report projects --format json &&
	python3 -c "
import json
r = json.load(open(\"out\"))
b = {b[\"key\"]: b for s in r[\"sections\"] for b in s[\"blocks\"]}
u = b[\"projects-burn-out-cs\"]
assert u[\"type\"] == \"burn\", u
rows = u[\"rows\"]
# 2026-10-01 .. 2026-12-31 is 92 days: a point a week, 14 of them
assert len(rows) == 14, len(rows)
assert rows[0][\"label\"] == \"2026-10-07\" and rows[-1][\"label\"] == \"2026-12-31\"
known = [x for x in rows if x[\"value\"] is not None]
# the week of 2026-11-26 has begun: 9 points known
assert len(known) == 9, len(known)
assert [x[\"text\"] for x in known][4:] == [\"200,000,000 VND\"] * 3 + [\"300,000,000 VND\"] * 2, known
assert rows[0][\"text\"] == \"0 VND\"
# planned: the budget pro rata, in whole dong, the last the budget
assert rows[0][\"detail\"] == \"91,304,348 VND\", rows[0]
assert rows[-1][\"detail\"] == \"1,200,000,000 VND\" and rows[-1][\"max\"] == 1200000000
assert rows[-1][\"value\"] is None and rows[-1][\"text\"] is None
assert u[\"mark_text\"] == \"EAC 600,000,000 VND\", u[\"mark_text\"]
assert u[\"mark\"] == 600000000
assert \"weekly from 2026-10-01 to 2026-12-31\" in u[\"note\"], u[\"note\"]
assert \"projects-burn-shipped\" not in b
" &&
	expect_status 0 bops report projects &&
	grep -q "^Budget burn: out-cs Thuê ngoài dịch vụ khách hàng$" out &&
	grep -q "^  ▁▁▁▁▂▂▂▃▃ *2026-12-02: 300,000,000 VND spent, 821,739,130 VND planned$" out &&
	expect_status 0 bops report projects --format md &&
	grep -q "^### Risk matrix$" out && grep -q "^### Budget burn: out-cs" out
'

test_case 'burn: a day a point for a short plan, costs after the due day too' '
	new_ws &&
	BOPS_NOW=2026-11-01T02:00:00Z bops -q project add "Pilot" --id pilot \
	    status=active goal="Pilot" start=2026-11-01 due=2026-11-10 \
	    budget=1000.00 currency=USD >/dev/null &&
	BOPS_NOW=2026-11-03T02:00:00Z bops -q project cost add pilot 300 \
	    category=staff >/dev/null &&
	BOPS_NOW=2026-11-12T02:00:00Z bops -q project cost add pilot 900.50 \
	    category=staff >/dev/null &&
	BOPS_NOW=2026-11-12T05:00:00Z bops report projects --format json >out &&
	python3 -c "
import json
r = json.load(open(\"out\"))
b = {b[\"key\"]: b for s in r[\"sections\"] for b in s[\"blocks\"]}
rows = b[\"projects-burn-pilot\"][\"rows\"]
assert [x[\"label\"] for x in rows][0::11] == [\"2026-11-01\", \"2026-11-12\"], rows
assert len(rows) == 12
assert rows[1][\"text\"] == \"0.00 USD\" and rows[2][\"text\"] == \"300.00 USD\"
assert rows[9][\"detail\"] == \"1,000.00 USD\" and rows[11][\"detail\"] == \"1,000.00 USD\"
assert rows[0][\"detail\"] == \"100.00 USD\"
assert rows[11][\"text\"] == \"1,200.50 USD\"
"
'

test_case 'html: 25 cells on the grid, two lines in the burn chart' '
	team_ws && projects_ws &&
	expect_status 0 bops report projects --format html -o ../r.html &&
	python3 - <<-\EOT
	import re
	h = open("../r.html", encoding="utf-8").read()
	m = re.search(r"<div class=\"matrix\".*?</div>", h, re.S)
	assert m, "no matrix"
	cells = re.findall(r"<span class=\"cell ([a-z -]+)\"", m.group(0))
	assert len(cells) == 25, len(cells)
	assert cells[8] == "amber", cells[8]
	assert sum("empty" not in c for c in cells) == 1
	burn = re.search(r"id=\"projects-burn-out-cs\".*?</figure>", h, re.S).group(0)
	pts = {c: p.split() for c, p in re.findall(
	    r"<polyline class=\"(actual|planned)\" points=\"([^\"]*)\"", burn)}
	assert len(pts["planned"]) == 14 and len(pts["actual"]) == 9, pts
	assert "<circle class=\"eac\"" in burn and ">planned</text>" in burn
	assert "<script" not in h
	EOT
'

test_done
