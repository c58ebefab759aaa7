#!/bin/sh
# report sales: the customer funnel (customer funnel's figures) and the
# deal forecast (deal forecast's figures) beside the pipeline, in text,
# Markdown and JSON, in 80 columns.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-report.sh"

export BOPS_NOW=2026-11-26T09:00:00Z

# width FILE: every line of FILE fits 80 columns, by display width, and
# in each block of bars the bars start in one column.
width() {
	python3 - "$1" <<-\EOT
	import sys, unicodedata
	def w(s):
	    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf") else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
	cols, blocks = set(), []
	for line in open(sys.argv[1], encoding="utf-8"):
	    line = line.rstrip("\n")
	    assert w(line) <= 80, line
	    bar = [line.index(c) for c in "█░" if c in line]
	    if not bar:
	        if cols:
	            blocks.append(cols)
	        cols = set()
	        continue
	    cols.add(w(line[:min(bar)]))
	assert all(len(c) == 1 for c in blocks), blocks
	EOT
}

test_case 'text: the funnel by stage and the forecast by month and currency' '
	team_ws && sales_ws &&
	expect_status 0 bops report sales &&
	grep -q "^Funnel: customers by lifecycle stage$" out &&
	grep -q "^  lead         ████████████████████  3  converted 2 (67%), median 17.0d$" out &&
	grep -q "^  sql          ██████▋░*  1  converted 1 (100%), median 15.0d$" out &&
	grep -q "^  customer     █████████████▎░*  2  converted 0 (0%), median -$" out &&
	grep -q "^  subscriber   ░* *0  converted 0 (-), median -$" out &&
	grep -q "^  other        ░* *0  median -$" out &&
	grep -q "^Forecast: weighted pipeline by expected close month$" out &&
	grep -q "^Weighted by each stage.s win probability; a bar compares one currency.s months.$" out &&
	grep -q "^  2026-12 USD  █\{20\}  1.0k  1,000.00 of 5,000.00 in 1 deal$" out &&
	grep -q "^  2026-12 VND  █\{20\}   48M  48,000,000 of 120,000,000 in 1 deal$" out &&
	grep -q "^  2026-12 THB  █\{20\}  315k  315,000.00 of 450,000.00 in 1 deal$" out &&
	! grep -q "^  2027-01" out &&
	grep -A2 "^Closed in 2026-Q4$" out | grep -q "^  • Won: 1 deal — VND 350,000,000$" &&
	grep -q "^  • Won: 1 deal — VND 350,000,000$" out &&
	grep -q "^  • Lost: 1 deal — VND 20,000,000$" out &&
	grep -q "^  • Win rate: 50%$" out &&
	grep -q "^  • Median days to close: 45.0$" out &&
	width out
'

test_case 'json: the same figures as customer funnel and deal forecast' '
	team_ws && sales_ws &&
	expect_status 0 bops report sales --format json && mv out r.json &&
	expect_status 0 bops customer funnel 2026-Q4 --json && mv out f.json &&
	expect_status 0 bops deal forecast 2026-Q4 --json && mv out d.json &&
	python3 - <<-\EOT
	import json
	r = json.load(open("r.json"))
	b = {b["key"]: b for s in r["sections"] for b in s["blocks"]}
	funnel = json.load(open("f.json"))
	rows = b["sales-funnel"]["rows"]
	assert [x["label"] for x in rows] == [f["stage"] for f in funnel]
	assert [x["value"] for x in rows] == [f["entered"] for f in funnel]
	for x, f in zip(rows, funnel):
	    if f["converted"] is not None:
	        assert x["detail"].startswith("converted %d " % f["converted"]), x
	    m = f["median_days"]
	    assert x["detail"].endswith("median %s" % ("-" if m is None else "%.1fd" % m)), x
	fc = json.load(open("d.json"))
	want = [("%s %s" % (m["month"], t["currency"]), float(t["weighted"]))
	        for m in fc["months"] for t in m["totals"]]
	got = [(x["label"], x["value"]) for x in b["sales-forecast"]["rows"]]
	assert got == want, (got, want)
	closed = [x["label"] for x in b["sales-closed"]["rows"]]
	assert closed == ["Won: %d deal" % fc["won"], "Lost: %d deal" % fc["lost"],
	    "Win rate: %.0f%%" % (100 * fc["win_rate"]),
	    "Median days to close: %.1f" % fc["median_days_to_close"]], closed
	EOT
'

test_case 'md: the funnel and the forecast as bars in text blocks' '
	team_ws && sales_ws &&
	expect_status 0 bops report sales --format md &&
	grep -q "^### Funnel: customers by lifecycle stage$" out &&
	grep -A4 "^### Forecast: weighted pipeline by expected close month$" \
	    out | grep -q "^\`\`\`text$" &&
	grep -q "^  2026-12 THB  █*  315k  " out &&
	grep "[█░]" out >bars && test -s bars &&
	width bars
'

test_case 'a period with no open deal to close, and no customers' '
	new_ws &&
	BOPS_NOW=2026-11-02T08:00:00Z bops deal add "Bữa trưa" --id lunch \
	    amount=100 currency=USD expected_close=2027-02-01 >/dev/null 2>&1 &&
	expect_status 0 bops report sales --period 2026-11 &&
	grep -q "^No open deal is expected to close in 2026-11.$" out &&
	grep -q "^  qualified  *█*  1  USD 100.00$" out &&
	! grep -q "^Funnel" out &&
	expect_status 0 bops report sales --period 2026-11 --format json &&
	python3 -c "
import json
r = json.load(open(\"out\"))
b = {b[\"key\"]: b for s in r[\"sections\"] for b in s[\"blocks\"]}
assert b[\"sales-forecast\"][\"rows\"] == [], b
assert \"sales-funnel\" not in b
"
'

test_done
