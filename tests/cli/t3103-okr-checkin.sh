#!/bin/sh
# okr checkin: appended in order, never rewritten, with history in the log.
. "$(dirname "$0")/lib.sh"

meals() {
	new_ws &&
	bops okr add "Save the world" --id save-the-world >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Serve 1000 meals at the hospital" \
	    target=1000 unit=meals >/dev/null 2>&1
}

test_case 'a check-in sets current and appends at, by, value, confidence, note' '
	meals &&
	expect_status 0 bops okr checkin save-the-world/1 250 confidence=0.8 \
	    --note "first week at the hospital" &&
	expect_out save-the-world/1 &&
	expect_err_contains "checkin 1 '\''Serve 1000 meals at the hospital'\'' 250 (confidence 0.8)" &&
	sed -n "/^key_results:/,/^created:/p" okrs/save-the-world.yaml >got &&
	printf "%s\n" "key_results:" "- id: 1" \
	    "  title: Serve 1000 meals at the hospital" "  start: 0" \
	    "  target: 1000" "  current: 250" "  unit: meals" \
	    "  direction: up" "  weight: 1" "  confidence: 0.8" \
	    "  checkins:" "  - at: 2026-11-23T09:00:00Z" "    by: Lan Nguyen" \
	    "    value: 250" "    confidence: 0.8" \
	    "    note: first week at the hospital" \
	    "created: 2026-11-23T09:00:00Z" >want &&
	diff -u want got >&2 && rm want got &&
	ws_clean
'

test_case 'check-ins are appended in order, earlier ones untouched' '
	meals &&
	BOPS_NOW=2026-11-02T09:00:00Z bops okr checkin save-the-world/1 100 \
	    -m "week one" >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-09T09:00:00Z bops okr checkin save-the-world/1 180 \
	    confidence=0.5 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-16T09:00:00Z bops okr checkin save-the-world/1 150 \
	    --note "a correction" >/dev/null 2>&1 &&
	grep -E "^  - at:|^    value:|^    note:|^ *confidence:|^  current:" \
	    okrs/save-the-world.yaml >got &&
	printf "%s\n" "  current: 150" "  confidence: 0.5" \
	    "  - at: 2026-11-02T09:00:00Z" "    value: 100" "    note: week one" \
	    "  - at: 2026-11-09T09:00:00Z" "    value: 180" "    confidence: 0.5" \
	    "  - at: 2026-11-16T09:00:00Z" "    value: 150" \
	    "    note: a correction" >want &&
	diff -u want got >&2 && rm want got &&
	test "$(git log --format=%s -3 | tr "\n" "|")" = "okr save-the-world: checkin 1 '\''Serve 1000 meals at the hospital'\'' 150|okr save-the-world: checkin 1 '\''Serve 1000 meals at the hospital'\'' 180 (confidence 0.5)|okr save-the-world: checkin 1 '\''Serve 1000 meals at the hospital'\'' 100|" &&
	git diff HEAD~2 HEAD~1 -- okrs/save-the-world.yaml >d &&
	test "$(grep "^-[^-]" d | grep -vc "^-updated:")" -eq 1 &&
	grep -q "^-  current: 100$" d &&
	git diff HEAD~1 HEAD -- okrs/save-the-world.yaml >d &&
	test "$(grep "^-[^-]" d | grep -vc "^-updated:")" -eq 1 &&
	grep -q "^-  current: 180$" d &&
	rm d &&
	ws_clean
'

test_case 'okr log shows every check-in, newest first, field by field' '
	meals &&
	BOPS_NOW=2026-11-02T09:00:00Z bops okr checkin save-the-world/1 100 \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-09T09:00:00Z bops okr checkin save-the-world/1 250 \
	    confidence=0.7 --note "week two" >/dev/null 2>&1 &&
	expect_status 0 bops okr log save-the-world &&
	head -n 4 out >got &&
	printf "%s\n" \
	    "2026-11-09 09:00 +0000  $(git rev-parse --short=10 HEAD)  Lan Nguyen  okr save-the-world: checkin 1 '\''Serve 1000 meals at the hospital'\'' 250 (confidence 0.7)" \
	    "    key_results: ~1 (1: current 100 -> 250, confidence 0.7, checkins +1)" \
	    "2026-11-02 09:00 +0000  $(git rev-parse --short=10 HEAD~1)  Lan Nguyen  okr save-the-world: checkin 1 '\''Serve 1000 meals at the hospital'\'' 100" \
	    "    key_results: ~1 (1: current 100, checkins +1)" >want &&
	diff -u want got >&2 && rm want got &&
	expect_status 0 bops okr log save-the-world --json &&
	expect_out_contains "\"message\":\"okr save-the-world: checkin 1 '\''Serve 1000 meals at the hospital'\'' 250 (confidence 0.7)\"" &&
	expect_out_contains "\"date\":\"2026-11-09T09:00:00Z\"" &&
	expect_out_contains "week two"
'

test_case 'the commit message names the key result and the value' '
	meals &&
	bops okr kr add save-the-world "Cut average response time by 50%" \
	    start=48 target=24 unit=h direction=down >/dev/null 2>&1 &&
	expect_status 0 bops okr checkin save-the-world/2 36 &&
	test "$(git log -1 --format=%s)" = "okr save-the-world: checkin 2 '\''Cut average response time by 50%'\'' 36" &&
	expect_status 0 bops okr checkin save-the-world/2 30.5 confidence=1 &&
	test "$(git log -1 --format=%s)" = "okr save-the-world: checkin 2 '\''Cut average response time by 50%'\'' 30.5 (confidence 1)"
'

test_case 'a long title in any language is cut by columns between characters' '
	new_ws &&
	bops okr add "Cứu thế giới" --id cuu >/dev/null 2>&1 &&
	bops okr kr add cuu "Đi cứu thế giới bằng 1000 suất cơm tại bệnh viện" \
	    target=1000 >/dev/null 2>&1 &&
	bops okr kr add cuu "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง" \
	    target=95 >/dev/null 2>&1 &&
	bops okr checkin cuu/1 10 >/dev/null 2>&1 &&
	bops okr checkin cuu/2 10 >/dev/null 2>&1 &&
	git log --format=%s >msgs &&
	iconv -f UTF-8 -t UTF-8 msgs >/dev/null &&
	grep -qF "okr cuu: checkin 1 '\''Đi cứu thế giới bằng 1000 suất cơm tại b...'\'' 10" msgs &&
	grep -qF "okr cuu: checkin 2 '\''ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่...'\'' 10" msgs &&
	grep -qF "okr cuu: kr 1 add '\''Đi cứu thế giới bằng 1000 suất cơm tại bệnh viện'\''" msgs &&
	rm msgs
'

test_case 'the check-in is stamped with BOPS_NOW and the identity' '
	meals &&
	BOPS_NOW=2026-12-01T08:30:00Z BOPS_AUTHOR="Somchai <s@example.com>" \
	    bops okr checkin save-the-world/1 400 >/dev/null 2>&1 &&
	grep -q "^  - at: 2026-12-01T08:30:00Z$" okrs/save-the-world.yaml &&
	grep -q "^    by: Somchai$" okrs/save-the-world.yaml
'

test_case 'a value or confidence that is no number is refused, exit 2' '
	meals &&
	n=$(commits) &&
	for v in abc "" 1x 0x10 nan inf 1e999 "1 000"; do
		expect_status 2 bops okr checkin save-the-world/1 "$v" ||
		return 1
	done &&
	expect_status 2 bops okr checkin save-the-world/1 abc &&
	expect_err_contains "check-in value must be a number, got '\''abc'\''" &&
	for c in 1.5 -0.1 2 x "" nan 0.5x; do
		expect_status 2 bops okr checkin save-the-world/1 5 \
		    "confidence=$c" || return 1
	done &&
	expect_status 2 bops okr checkin save-the-world/1 5 confidence=1.5 &&
	expect_err_contains "confidence must be a number from 0 to 1, got '\''1.5'\''" &&
	expect_status 2 bops okr checkin save-the-world/1 5 conf=1 &&
	expect_status 2 bops okr checkin save-the-world/1 &&
	expect_status 2 bops okr checkin save-the-world/1 5 confidence=1 x &&
	expect_status 2 bops okr checkin save-the-world/1 5 --frob &&
	test "$(commits)" -eq "$n" &&
	ws_clean
'

test_case 'negative and decimal values and both ends of confidence are fine' '
	meals &&
	expect_status 0 bops okr checkin save-the-world/1 -5 confidence=0 &&
	grep -q "^  current: -5$" okrs/save-the-world.yaml &&
	expect_status 0 bops okr checkin save-the-world/1 12.75 confidence=1 &&
	grep -q "^  current: 12.75$" okrs/save-the-world.yaml &&
	grep -q "^  confidence: 1$" okrs/save-the-world.yaml &&
	ws_clean
'

test_case 'a bad key result address is exit 2, a missing one exit 3' '
	meals &&
	n=$(commits) &&
	for kr in save-the-world save-the-world/ save-the-world/x \
	    save-the-world/0 save-the-world/-1 /1 ""; do
		expect_status 2 bops okr checkin "$kr" 5 || return 1
	done &&
	expect_err_contains "expected OBJECTIVE/N for a key result" &&
	expect_status 3 bops okr checkin save-the-world/2 5 &&
	expect_err_contains "no key result save-the-world/2" &&
	expect_status 3 bops okr checkin nope/1 5 &&
	expect_err_contains "nope" &&
	test "$(commits)" -eq "$n" &&
	ws_clean
'

test_case 'a check-in refuses an uncommitted hand edit, exit 5' '
	meals &&
	n=$(commits) &&
	echo "x_note: mine" >>okrs/save-the-world.yaml &&
	expect_status 5 bops okr checkin save-the-world/1 5 &&
	test "$(commits)" -eq "$n" &&
	grep -q "^x_note: mine$" okrs/save-the-world.yaml
'

test_case 'okr checkin --help prints the usage' '
	new_ws &&
	expect_status 0 bops okr checkin --help &&
	expect_out_contains "okr checkin OBJECTIVE/N VALUE"
'

test_done
