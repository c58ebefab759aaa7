#!/bin/sh
# journey map --format html: one self-contained page, rendered in
# headless Chromium at 1280 and 390 pixels wide.  The page must show
# every stage and lane and overflow neither width; without Chromium the
# test fails (make deps installs it).
. "$(dirname "$0")/lib.sh"

ready() {
	new_ws &&
	bops journey add Onboarding persona="SMB owner" owner=me \
	    sponsor="Minh Tran" --id onboarding \
	    vision="Personalised, effortless experiences" >/dev/null 2>&1 &&
	for s in "Discover:1" "Sign up:-1" "Đăng ký:0" "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง:1" \
	    "提高客户满意度评分:2"; do
		bops journey stage add onboarding "${s%:*}" emotion="${s##*:}" \
		    >/dev/null 2>&1 || return 1
	done &&
	bops journey touchpoint add onboarding/discover Facebook ad \
	    channel=social >/dev/null 2>&1 &&
	bops journey pain add onboarding/sign-up \
	    "Averyveryverylongwordwithoutanyspacesthatmustwrapsomewhereinthecell" \
	    >/dev/null 2>&1 &&
	bops journey opportunity add onboarding/sign-up "Ask for less" \
	    >/dev/null 2>&1 &&
	bops journey metric set onboarding/discover CSAT target=4.5 \
	    current=4.1 unit=stars family=value >/dev/null 2>&1 &&
	bops task add Fix the form journey=onboarding/sign-up >/dev/null 2>&1
}

# chrome ARGS...: headless Chromium, no network, a fresh profile
chrome() {
	profile=$(mktemp -d) &&
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --hide-scrollbars \
	    --user-data-dir="$profile" "$@" 2>chrome.err
	rc=$?
	rm -rf "$profile"
	return $rc
}

# frame FILE WIDTH OUT: a page holding FILE in a frame WIDTH pixels wide
# (Chromium's windows are at least 500 wide), FILE given a script that
# measures its layout, so that --dump-dom shows the measure in the
# outer <body data-layout=...>.  The page itself has no script.
frame() {
	python3 - "$1" "$2" "$3" <<-\PY
	import html, sys
	page = open(sys.argv[1], encoding="utf-8").read()
	probe = """<script>(function(){var w=window.innerWidth,
	d=document.documentElement,o=[];
	document.querySelectorAll('.stage,.cell,.curve,header p,.lane')
	.forEach(function(e){var r=e.getBoundingClientRect();
	if(r.width>0&&(r.right>w+0.5||r.left<-0.5))o.push(e.className);});
	parent.document.body.setAttribute('data-layout',JSON.stringify({w:w,
	sw:d.scrollWidth,over:o,
	stages:document.querySelectorAll('.stage[data-stage]').length,
	cells:document.querySelectorAll('.cell[data-lane]').length,
	lanes:document.querySelectorAll('.lane[data-lane]').length,
	dots:document.querySelectorAll('.curve .dot').length,
	rows:new Set([].map.call(document.querySelectorAll('.stage'),
	function(e){return Math.round(e.getBoundingClientRect().top);})).size,
	narrowest:Math.min.apply(null,[].map.call(
	document.querySelectorAll('.stage'),function(e){
	return e.getBoundingClientRect().width;}))}));})();
	</script>"""
	assert "</body>" in page
	page = page.replace("</body>", probe + "</body>")
	out = ('<!DOCTYPE html><html><body style="margin:0">'
	    '<iframe width="%s" height="900" style="border:0" srcdoc="%s">'
	    '</iframe></body></html>' % (sys.argv[2], html.escape(page)))
	open(sys.argv[3], "w", encoding="utf-8").write(out)
	PY
}

# layout_ok DOM WIDTH: the measured layout of a dumped DOM
layout_ok() {
	python3 - "$1" "$2" <<-\PY
	import html, json, re, sys
	dom = open(sys.argv[1], encoding="utf-8").read()
	m = re.search(r'data-layout="([^"]*)"', dom)
	assert m, "no layout measured: the page did not render"
	r = json.loads(html.unescape(m.group(1)))
	assert r["w"] == int(sys.argv[2]), r
	assert r["sw"] <= r["w"], "the page overflows: %r" % r
	assert not r["over"], "elements overflow: %r" % r
	assert r["stages"] == 5 and r["cells"] == 30, r
	assert r["lanes"] == 6 and r["dots"] == 5, r
	if r["w"] >= 1000:	# the stages side by side, as columns
	    assert r["rows"] == 1 and r["narrowest"] >= 150, r
	else:			# one under the other, as cards
	    assert r["rows"] == 5 and r["narrowest"] >= 300, r
	PY
}

test_case 'the page is self-contained: no script, no fetch, text escaped' '
	ready &&
	bops journey stage add onboarding "<script>alert(1)</script>" \
	    slug=x >/dev/null 2>&1 &&
	expect_status 0 bops journey map onboarding --format html &&
	head -1 out | grep -q "^<!DOCTYPE html>$" &&
	grep -q "<style>" out &&
	grep -q "<svg class=\"curve\"" out &&
	! grep -qi "<script\|https\?:\|src=\|@import\|url(\|<link" out &&
	grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" out &&
	grep -q "data-stage=\"dang-ky\"" out &&
	grep -q "<h2>提高客户满意度评分</h2>" out
'

test_case 'chromium renders every stage and lane, no overflow at 1280 and 390' '
	need chromium &&
	ready &&
	bops journey map onboarding --format html >map.html 2>/dev/null &&
	for w in 1280 390; do
		frame map.html $w framed.$w.html &&
		chrome --window-size=1400,900 --dump-dom \
		    "file://$PWD/framed.$w.html" >dom.$w ||
		    { cat chrome.err >&2; return 1; }
		layout_ok dom.$w $w || return 1
	done
'

test_case 'chromium takes a screenshot of the page at 1280 by 900' '
	need chromium &&
	ready &&
	bops journey map onboarding --format html >map.html 2>/dev/null &&
	chrome --window-size=1280,900 --screenshot="$PWD/map.png" \
	    "file://$PWD/map.html" >/dev/null || { cat chrome.err >&2; return 1; } &&
	python3 - <<-\PY
	import struct
	data = open("map.png", "rb").read()
	assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
	w, h = struct.unpack(">II", data[16:24])
	assert (w, h) == (1280, 900), (w, h)
	assert len(data) > 20000, "a blank page: %d bytes" % len(data)
	PY
'

test_done
