#!/bin/sh
# due: what needs attention, grouped by owner, most urgent first.
. "$(dirname "$0")/lib.sh"

# BOPS_NOW is Monday 2026-11-23 09:00 UTC.
team() {
	new_ws &&
	bops task add "Gửi báo giá cho khách" assignee=Minh due=2026-11-20 \
	    >/dev/null 2>&1 &&
	bops task add "Đặt phòng họp" assignee=Minh due=2026-11-22 \
	    >/dev/null 2>&1 &&
	bops task add "ตอบกลับลูกค้า" assignee=Somchai due=tomorrow \
	    >/dev/null 2>&1 &&
	bops task add "Later" assignee=Somchai due=2026-12-20 >/dev/null 2>&1 &&
	bops task add "Done already" assignee=Minh due=2026-11-01 \
	    status=done >/dev/null 2>&1 &&
	bops okr add "Cứu thế giới" --id save-the-world owner=me \
	    period=2026-Q4 >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Serve 1000 meals at the hospital" \
	    target=1000 unit=meals >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-10T09:00:00Z bops okr checkin save-the-world/1 10 \
	    >/dev/null 2>&1 &&
	bops sprint new start=2026-11-23 goal="提高客户满意度评分" \
	    >/dev/null 2>&1
}

test_case 'overdue tasks, late check-ins and sprints, grouped by owner' '
	team &&
	expect_status 0 bops due &&
	sed "s/ [0-9a-z]\{10\}\$/ ID/; s/task [0-9a-z]\{10\}/task ID/" out \
	    >got &&
	cat >want <<-\EOT &&
	Lan Nguyen (1)
	  check-in late  2026-11-17  okr save-the-world/1  Serve 1000 meals at the hosp…
	    bops okr checkin save-the-world/1 VALUE
	
	Minh (2)
	  overdue  2026-11-20  task ID  Gửi báo giá cho khách
	    bops task done ID
	  overdue  2026-11-22  task ID  Đặt phòng họp
	    bops task done ID
	
	(no owner) (1)
	  starts today  2026-11-23  sprint 2026-w48  提高客户满意度评分
	    bops sprint start 2026-w48
	
	Somchai (1)
	  due  2026-11-24  task ID  ตอบกลับลูกค้า
	    bops task done ID
	EOT
	diff -u want got >&2
'

test_case 'nothing due: silent, exit 0 even with --exit-code' '
	new_ws &&
	bops task add "Later" due=2026-12-20 >/dev/null 2>&1 &&
	expect_status 0 bops due --exit-code &&
	test ! -s out && test ! -s err
'

test_case '--exit-code exits 1 when something is due' '
	team &&
	expect_status 1 bops due --exit-code &&
	expect_out_contains "Gửi báo giá" && test ! -s err
'

test_case '--owner keeps one owner, me is the identity' '
	team &&
	expect_status 0 bops due --owner minh &&
	expect_out_contains "Minh (2)" &&
	! grep -q Somchai out && ! grep -q "no owner" out &&
	expect_status 0 bops due --owner me &&
	expect_out_contains "Lan Nguyen (1)" && ! grep -q Minh out &&
	expect_status 0 bops due --owner nobody-here --exit-code &&
	test ! -s out
'

test_case '--within widens the window' '
	team &&
	expect_status 0 bops due --owner Somchai --within 4w &&
	expect_out_contains "Later" &&
	expect_status 0 bops due --owner Somchai --within 0 &&
	test ! -s out &&
	expect_status 2 bops due --within soon &&
	expect_err_contains "--within"
'

test_case '--json: one object per item with the same figures' '
	team &&
	expect_status 0 bops due --json &&
	python3 -c "
import json, sys
items = json.load(open(\"out\"))
assert len(items) == 5, items
assert items[1][\"owner\"] == \"Minh\" and items[1][\"what\"] == \"overdue\"
assert items[1][\"since\"] == \"2026-11-20T00:00:00Z\"
assert items[0][\"command\"] == \"bops okr checkin save-the-world/1 VALUE\"
assert items[3][\"owner\"] is None and items[3][\"kind\"] == \"sprint\"
assert [i[\"urgency\"] for i in items] == [6.0, 3.38, 1.38, 0.38, -0.62]
"
'

test_case 'an active sprint ending within the window is due' '
	team &&
	bops sprint start 2026-w48 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-28T09:00:00Z bops due >out 2>err &&
	grep -q "ends  *2026-11-29  sprint 2026-w48" out &&
	BOPS_NOW=2026-12-01T09:00:00Z bops due >out 2>err &&
	grep -q "not closed  *2026-11-29  sprint 2026-w48" out &&
	grep -q "bops sprint close 2026-w48" out
'

test_case 'journeys: a review past due or coming, a map changed since approval' '
	new_ws &&
	BOPS_NOW=2026-08-01T09:00:00Z bops journey add Onboarding \
	    --id onboarding owner=Lan sponsor=Minh >/dev/null 2>&1 &&
	BOPS_NOW=2026-08-01T09:00:00Z bops journey stage add onboarding \
	    "Đăng ký" >/dev/null 2>&1 &&
	BOPS_NOW=2026-08-01T09:00:00Z bops journey metric set \
	    onboarding/dang-ky CSAT target=4.5 current=4.1 >/dev/null 2>&1 &&
	BOPS_NOW=2026-08-01T09:00:00Z bops journey add "Hỗ trợ" --id support \
	    owner=Somchai >/dev/null 2>&1 &&
	BOPS_NOW=2026-08-27T09:00:00Z bops journey review support \
	    >/dev/null 2>&1 &&
	expect_status 0 bops due &&
	cat >want <<-\EOT &&
	Lan (1)
	  review overdue  2026-10-30  journey onboarding  Onboarding
	    bops journey review onboarding
	EOT
	diff -u want out >&2 &&
	expect_status 0 bops due --within 4d &&
	expect_out_contains "  review due  2026-11-25  journey support  Hỗ trợ" &&
	expect_out_contains "    bops journey review support" &&
	bops journey approve onboarding >/dev/null 2>&1 &&
	expect_status 0 bops due --exit-code && test ! -s out &&
	BOPS_NOW=2026-11-24T10:00:00Z bops journey metric set \
	    onboarding/dang-ky CSAT target=4.5 current=4.3 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-24T12:00:00Z bops due --owner Lan >out &&
	cat >want <<-\EOT &&
	Lan (1)
	  changed since approval  2026-11-24  journey onboarding  Onboarding
	    bops journey approve onboarding
	EOT
	diff -u want out >&2 &&
	bops journey retire support >/dev/null 2>&1 &&
	BOPS_NOW=2026-12-31T09:00:00Z bops due --owner Somchai >out &&
	test ! -s out
'

test_done
