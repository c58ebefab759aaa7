#!/bin/sh
# report --format html, rendered by headless Chromium: self-contained,
# the charts there with a bar per figure (journeys' stages and families,
# SLA attainment by priority, the sales funnel, pipeline and forecast
# among them), the risk matrix's 25 cells and a budget burn's two lines
# with a point per figure, nothing past the page at 1280 and at 390
# pixels wide.
# Without Chromium the cases fail: `make deps`
# installs it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-report.sh"

export BOPS_NOW=2026-11-26T09:00:00Z

# chrome ARG...: headless Chromium with nothing that reaches the network.
chrome() {
	need chromium || return 1
	_profile=$(mktemp -d) &&
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$_profile" "$@" 2>chrome.log
	_rc=$?
	rm -rf "$_profile"
	return $_rc
}

# A page that shows the report in a frame WIDTH pixels wide (a window
# is never narrower than 500 in headless Chromium) and, once it is
# loaded, measures every element of the report against the frame and
# counts each block's bars, into <pre id="bops-check">.  The report
# itself has no script.
checker() {
	cat >"$2" <<-EOT
	<!DOCTYPE html><html><head><meta charset="utf-8"></head>
	<body style="margin:0"><iframe id="f" src="r.html" scrolling="no"
	style="border:0;width:$1px;height:3000px;display:block"></iframe>
	<script>document.getElementById("f").addEventListener("load",
	function () {
	var d = this.contentDocument, W = this.contentWindow.innerWidth;
	var out = {width: W, scroll: d.documentElement.scrollWidth, over: [],
	    blocks: {}};
	d.querySelectorAll("body *").forEach(function (e) {
	    var r = e.getBoundingClientRect();
	    if (r.width > 0 && (r.right > W + 0.5 || r.left < -0.5))
	        out.over.push(e.tagName + " " +
	            (e.textContent || "").slice(0, 40)); });
	d.querySelectorAll(".block").forEach(function (b) {
	    out.blocks[b.id] = {rows: +b.dataset.rows,
	        bars: b.querySelectorAll("svg.bar").length,
	        rects: b.querySelectorAll("rect.bar").length,
	        cells: b.querySelectorAll(".matrix .cell").length, lines: {}};
	    b.querySelectorAll("polyline").forEach(function (l) {
	        out.blocks[b.id].lines[l.getAttribute("class")] =
	            l.points.numberOfItems; }); });
	var p = document.createElement("pre"); p.id = "bops-check";
	p.textContent = JSON.stringify(out); document.body.appendChild(p);
	});</script></body></html>
	EOT
}

test_case 'the HTML report is one file: inline CSS and SVG, no script, no fetch' '
	journey_ws && projects_ws &&
	expect_status 0 bops report all --format html -o ../r.html &&
	grep -q "<style>" ../r.html && grep -q "<svg" ../r.html &&
	! grep -qi "<script" ../r.html && ! grep -qi "<link" ../r.html &&
	! grep -qi -e "src=" -e "url(" -e "http://" -e "https://" \
	    -e "@import" ../r.html
'

# render WIDTH: the checker's findings at that width into check.json,
# and a screenshot into shot.png.
render() {
	checker "$1" ../check.html &&
	chrome --allow-file-access-from-files --virtual-time-budget=5000 \
	    --window-size=1280,900 --dump-dom \
	    "file://$(cd .. && pwd)/check.html" >../dom.html &&
	python3 - <<-\EOT &&
	import html, json, re
	dom = open("../dom.html", encoding="utf-8").read()
	m = re.search(r"<pre id=\"bops-check\">(.*?)</pre>", dom, re.S)
	assert m, "the checker did not run"
	open("../check.json", "w").write(html.unescape(m.group(1)))
	EOT
	chrome --allow-file-access-from-files --window-size=1280,3000 \
	    --force-device-scale-factor=0.5 --screenshot="$(cd .. && pwd)/shot.png" \
	    "file://$(cd .. && pwd)/check.html" >/dev/null
}

# check WIDTH [REPORT ARG...]: nothing overflows, each block has its
# bars, the figures of the JSON report (all, by default); the screenshot
# (at half scale) is the window's size and shows colour, for all the
# green of a bar among it.
check() {
	_width=$1
	shift
	bops report "${@:-all}" --format json >../r.json &&
	python3 - "$_width" <<-\EOT
	import json, struct, sys, zlib
	width = int(sys.argv[1])
	c = json.load(open("../check.json"))
	assert c["width"] == width, c["width"]
	assert c["scroll"] <= width, ("page wider than the window", c["scroll"])
	assert not c["over"], ("past the edge", c["over"][:5])
	r = json.load(open("../r.json"))
	blocks = {b["key"]: b for s in r["sections"] for b in s["blocks"]}
	charts = 0
	for key, b in blocks.items():
	    got = c["blocks"][key]
	    assert got["rows"] == len(b["rows"]), key
	    if b["type"] == "bars":
	        assert got["bars"] == len(b["rows"]), (key, got)
	        charts += 1
	    elif b["type"] in ("burndown", "columns"):
	        known = [x for x in b["rows"] if x["value"] is not None]
	        assert got["rects"] == len(known), (key, got, len(known))
	        charts += 1
	    elif b["type"] == "matrix":
	        assert got["cells"] == len(b["rows"]) == 25, (key, got)
	        charts += 1
	    elif b["type"] == "burn":
	        known = [x for x in b["rows"] if x["value"] is not None]
	        assert got["lines"] == {"actual": len(known),
	            "planned": len(b["rows"])}, (key, got, len(known))
	        charts += 1
	if r["report"] == "sales":
	    # the funnel a bar per lifecycle stage, the forecast one per
	    # month and currency, the pipeline one per open stage
	    for key, bars in (("sales-funnel", 8), ("sales-forecast", 3),
	            ("sales-pipeline", 3)):
	        assert c["blocks"][key]["bars"] == bars, (key, c["blocks"][key])
	    assert c["blocks"]["sales-closed"]["rows"] == 4
	    assert charts == 3, charts
	else:
	    assert c["blocks"]["okr-cascade"]["bars"] == 3
	    assert c["blocks"]["sprint-burndown"]["rects"] == 4
	    assert c["blocks"]["sprint-velocity"]["rects"] == 2
	    assert c["blocks"]["journeys-portfolio"]["rows"] == 2
	    assert c["blocks"]["journeys-onboarding"]["bars"] == 5
	    assert c["blocks"]["journeys-support"]["bars"] == 1
	    assert c["blocks"]["journeys-families"]["bars"] == 4
	    for key, bars in (("projects-health", 5), ("projects-milestones", 1),
	            ("projects-budget", 2), ("projects-risks", 1),
	            ("projects-families", 4), ("projects-factors", 4)):
	        assert c["blocks"][key]["bars"] == bars, (key, c["blocks"][key])
	    assert c["blocks"]["projects-evm"]["rows"] == 1
	    assert c["blocks"]["problems-projects"]["rows"] == 1
	    # SLA attainment a bar per priority and one for all; the funnel
	    # a bar per lifecycle stage, the pipeline per open stage
	    for key, bars in (("service-first", 5), ("service-resolution", 5),
	            ("sales-funnel", 8), ("sales-pipeline", 3)):
	        assert c["blocks"][key]["bars"] == bars, (key, c["blocks"][key])
	    assert "sales-forecast" in c["blocks"]
	    assert c["blocks"]["projects-risk-matrix"]["cells"] == 25
	    assert c["blocks"]["projects-burn-out-cs"]["lines"] == {"actual": 9,
	        "planned": 14}, c["blocks"]["projects-burn-out-cs"]
	    assert charts >= 18, charts
	# The screenshot: a PNG of the window, with the bars' green in it.
	data = open("../shot.png", "rb").read()
	assert data[:8] == b"\x89PNG\r\n\x1a\n"
	w, h, depth, ctype = struct.unpack(">IIBB", data[16:26])
	assert (w, h) == (640, 1500), (w, h)
	pos, idat = 8, b""
	while pos < len(data):
	    n, = struct.unpack(">I", data[pos:pos + 4])
	    if data[pos + 4:pos + 8] == b"IDAT":
	        idat += data[pos + 8:pos + 8 + n]
	    pos += 12 + n
	raw = zlib.decompress(idat)
	bpp = {2: 3, 6: 4}[ctype]
	stride = w * bpp + 1
	prev = bytearray(w * bpp)
	colours = set()
	for y in range(h):
	    f, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
	    for i in range(len(line)):
	        a = line[i - bpp] if i >= bpp else 0
	        b, cc = prev[i], prev[i - bpp] if i >= bpp else 0
	        if f == 1: line[i] = (line[i] + a) & 255
	        elif f == 2: line[i] = (line[i] + b) & 255
	        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
	        elif f == 4:
	            p = a + b - cc
	            pa, pb, pc = abs(p - a), abs(p - b), abs(p - cc)
	            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else cc)) & 255
	    prev = line
	    if y % 4 == 0:
	        for x in range(0, width // 2):
	            colours.add(tuple(line[x * bpp:x * bpp + 3]))
	assert len(colours) > 20, len(colours)
	assert r["report"] != "all" or any(abs(x - 0x16) < 12 and abs(g - 0xa3) < 12 and abs(b - 0x4a) < 12 for x, g, b in colours), "no green bar"
	EOT
}

test_case 'at 1280 px: charts and bars there, nothing overflows' '
	journey_ws && projects_ws && sales_ws && desk_ws &&
	bops report all --format html -o ../r.html 2>/dev/null &&
	render 1280 && check 1280
'

test_case 'at 390 px (a phone): the same, nothing overflows' '
	journey_ws && projects_ws && sales_ws && desk_ws &&
	bops report all --format html -o ../r.html 2>/dev/null &&
	render 390 && check 390
'

test_case 'sales at 1280 and 390 px: the funnel, the forecast and the pipeline' '
	team_ws && sales_ws &&
	bops report sales --period 2026-Q4 --format html -o ../r.html \
	    2>/dev/null &&
	render 1280 && check 1280 sales --period 2026-Q4 &&
	render 390 && check 390 sales --period 2026-Q4
'

test_done
