#!/bin/sh
# journey map in a terminal and as Mermaid; journey link and the
# records connected to stages, counted live; bops check on stale links.
. "$(dirname "$0")/lib.sh"

ready() {
	new_ws &&
	bops config cx.vision "Personalised, effortless experiences" \
	    >/dev/null 2>&1 &&
	bops journey add Onboarding persona="SMB owner" owner=me \
	    sponsor="Minh Tran" --id onboarding >/dev/null 2>&1 &&
	bops journey stage add onboarding Discover emotion=1 team=Marketing \
	    >/dev/null 2>&1 &&
	bops journey stage add onboarding "Đăng ký" emotion=-2 >/dev/null 2>&1 &&
	bops journey stage add onboarding "提高客户满意度评分" emotion=2 \
	    >/dev/null 2>&1 &&
	bops journey touchpoint add onboarding/discover Facebook ad: "50% off" \
	    channel=social >/dev/null 2>&1 &&
	bops journey touchpoint add onboarding/dang-ky Landing page, form \
	    channel=web team=Web >/dev/null 2>&1 &&
	bops journey pain add onboarding/dang-ky \
	    "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง" >/dev/null 2>&1 &&
	bops journey metric set onboarding/discover CSAT target=4.5 \
	    current=4.1 unit=stars >/dev/null 2>&1
}

test_case 'the map has a column per stage and a row per lane' '
	ready &&
	expect_status 0 bops journey map onboarding &&
	head -1 out | grep -q "^Onboarding (SMB owner), draft, owner Lan Nguyen, sponsor Minh Tran$" &&
	expect_out_contains "programme vision: Personalised, effortless experiences" &&
	grep -q "^  *Discover  *Đăng ký  *提高客户满意度评分$" out &&
	grep -q "^touchpoints  *Facebook ad: 50% off  *Landing page, form" out &&
	grep -q "^pains  " out &&
	grep -q "^emotion  *+2  *●$" out &&
	grep -q "^ *-2  *●$" out &&
	grep -q "^metric  *CSAT 4.1/4.5 stars$" out &&
	grep -q "█" out &&
	fits 100 out &&
	! grep -q " $" out
'

test_case 'the map fits the terminal: wrapped, cut, or in bands' '
	ready &&
	need script &&
	for w in 40 60 80 132; do
		script -qc "stty cols $w; \"$BOPS\" --no-color journey map onboarding" \
		    /dev/null >map.$w || return 1
		tr -d "\r" <map.$w | sed 1,3d >grid.$w &&
		fits "$w" grid.$w ||
		fail "map wider than $w columns" || return 1
	done &&
	test "$(grep -c "^  *─" grid.132)" -eq 1 &&
	test "$(grep -c "^  *-\{4\}\|^  *─" grid.40)" -ge 2 &&
	rm -f map.* grid.*
'

test_case 'connected records are counted live, open ones apart' '
	ready &&
	t1=$(bops task add Fix the form journey=onboarding/dang-ky 2>/dev/null) &&
	t2=$(bops task add Shorter form journey=onboarding/dang-ky 2>/dev/null) &&
	t3=$(bops task add Ads brief 2>/dev/null) &&
	bops task done $t2 >/dev/null 2>&1 &&
	bops okr add "Raise the response rate" --id service \
	    journey=onboarding/discover >/dev/null 2>&1 &&
	bops okr kr add service Answer 95% within 24h target=95 >/dev/null 2>&1 &&
	bops okr checkin service/1 57 >/dev/null 2>&1 &&
	expect_status 0 bops journey link onboarding/discover task $t3 &&
	expect_out onboarding/discover &&
	expect_status 0 bops journey link onboarding/dang-ky okr service/1 &&
	grep -q "^  - okr/service/1$" journeys/onboarding.yaml &&
	expect_status 0 bops journey map onboarding &&
	grep -q "^connected  *1 open task  *1 open task$" out &&
	expect_out_contains "service 60%" &&
	expect_out_contains "service/1 60%" &&
	ws_clean
'

test_case 'open tickets raised at a stage are counted, breached SLAs marked' '
	ready &&
	bops customer add Chi Pham --id chi stage=customer >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-20T10:00:00Z bops ticket open Giao hàng trễ \
	    customer=chi priority=urgent journey=onboarding/dang-ky \
	    >/dev/null 2>&1 &&
	t2=$(bops ticket open Where is my invoice customer=chi \
	    priority=low 2>/dev/null) &&
	expect_status 0 bops journey link onboarding/dang-ky ticket $t2 &&
	expect_status 3 bops ticket open Lost customer=chi priority=low \
	    journey=onboarding/nope &&
	expect_err_contains "its stages: discover, dang-ky" &&
	expect_status 0 bops journey map onboarding &&
	grep -q "^connected  *2 open tickets (1$" out &&
	ws_clean
'

test_case 'link refuses a record that does not exist (3) or a bad kind (2)' '
	ready &&
	n=$(commits) &&
	expect_status 3 bops journey link onboarding/discover task zzzzzzzz &&
	expect_status 3 bops journey link onboarding/nope task zzzzzzzz &&
	bops okr add Service --id service >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 3 bops journey link onboarding/discover okr service/1 &&
	expect_err_contains "no key result service/1" &&
	expect_status 2 bops journey link onboarding/discover bogus x &&
	expect_status 2 bops journey link onboarding/discover journey onboarding &&
	expect_status 2 bops journey link onboarding/discover task a/b &&
	expect_status 2 bops journey link onboarding task x &&
	expect_status 2 bops journey link onboarding/discover task &&
	test "$(commits)" = "$n" &&
	ws_clean
'

test_case 'bops check reports links and journey= refs that went stale' '
	ready &&
	t=$(bops task add Call 2>/dev/null) &&
	u=$(bops task add Form journey=onboarding/dang-ky 2>/dev/null) &&
	bops journey link onboarding/discover task $t >/dev/null 2>&1 &&
	bops task rm $t >/dev/null 2>&1 &&
	expect_status 1 bops check &&
	expect_out_contains "journeys/onboarding.yaml: stage '"'"'discover'"'"' link '"'"'task/$t'"'"': no such task" &&
	bops journey rm onboarding >/dev/null 2>&1 &&
	expect_status 1 bops check &&
	expect_out_contains "journey '"'"'onboarding/dang-ky'"'"': no such journey"
'

test_case 'a stage removed by a teammate is a stale ref, found by check' '
	ready &&
	u=$(bops task add Form journey=onboarding/dang-ky 2>/dev/null) &&
	python3 - <<-\PY &&
	import re
	p = "journeys/onboarding.yaml"
	s = open(p, encoding="utf-8").read()
	s = re.sub(r"- slug: dang-ky\n(  .*\n|    .*\n)*", "", s)
	open(p, "w", encoding="utf-8").write(s)
	PY
	git commit -qam "teammate drops a stage" &&
	expect_status 1 bops check &&
	expect_out_contains "journey '"'"'onboarding/dang-ky'"'"': no such stage"
'

# mermaid_ok FILE: the structure of a Mermaid journey diagram: "journey",
# a title, then sections each with at least one "task: score: actors"
# line, the score 1 to 5; no other line.
mermaid_ok() {
	python3 - "$1" <<-\PY
	import re, sys
	lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
	assert lines[-1] == "", "no final newline"
	lines = lines[:-1]
	assert lines[0] == "journey", lines[0]
	assert re.fullmatch(r"  title [^\n:]+", lines[1]), lines[1]
	sections = 0
	tasks = 0
	for l in lines[2:]:
	    if l.startswith("  section "):
	        assert tasks or not sections, "empty section"
	        assert re.fullmatch(r"  section [^:#;]+", l), l
	        sections += 1
	        tasks = 0
	        continue
	    m = re.fullmatch(r"    ([^:#;]+): ([1-5]): ([^:,#;]+(, [^:,#;]+)*)", l)
	    assert m and sections, l
	    tasks += 1
	assert tasks, "empty last section"
	print(sections)
	PY
}

test_case 'mermaid: a section per stage, emotion as a 1-5 score' '
	ready &&
	expect_status 0 bops journey map onboarding --format mermaid &&
	test "$(mermaid_ok out)" = 3 &&
	head -2 out >got &&
	printf "journey\n  title Onboarding\n" >want &&
	diff -u want got &&
	grep -q "^  section Discover$" out &&
	grep -q "^    Facebook ad꞉ 50% off: 4: Marketing$" out &&
	grep -q "^    Landing page‚ form: 1: Web$" out &&
	grep -q "^  section 提高客户满意度评分$" out &&
	grep -q "^    提高客户满意度评分: 5: SMB owner$" out &&
	rm want got
'

test_case 'mermaid: hostile names cannot break the diagram' '
	new_ws &&
	bops journey add "A: b; #c" --id j >/dev/null 2>&1 &&
	bops journey stage add j "x: 1; y" slug=x emotion=0 >/dev/null 2>&1 &&
	bops journey touchpoint add j/x "a#b:c, d" channel="e: f" \
	    team="g, h" >/dev/null 2>&1 &&
	expect_status 0 bops journey map j --format mermaid &&
	test "$(mermaid_ok out)" = 1
'

test_done
