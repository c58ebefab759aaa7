#!/bin/sh
# due and report for the service desk and sales: SLA clocks breached or at
# risk, follow-ups that bops tick has still to open, deals past their
# expected close; attainment by priority, the pipeline by stage.
. "$(dirname "$0")/lib.sh"

# Thursday 2026-11-26, business hours 09:00-17:00 UTC: an urgent ticket
# opened at 09:00 (first response due 10:00), one at 10:50 (due 11:50).
desk() {
	new_ws &&
	BOPS_NOW=2026-10-28T08:00:00Z bops customer add Chi Pham --id chi \
	    stage=customer owner=Somchai >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-26T09:00:00Z bops ticket open Giao hàng trễ \
	    customer=chi priority=urgent assignee=Minh --id late \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-26T10:50:00Z bops ticket open แอปสั่งอาหารล่ม \
	    customer=chi priority=urgent assignee=Minh --id app \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-26T10:55:00Z bops ticket open Hoá đơn sai \
	    customer=chi priority=normal --id bill >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-26T10:58:00Z bops ticket reply bill "Đã nhận" \
	    >/dev/null 2>&1
}

test_case 'due: a breached clock first, one at risk, with their commands' '
	desk &&
	BOPS_NOW=2026-11-26T11:00:00Z bops due --owner Minh >out 2>err &&
	sed -n 1,5p out >got &&
	cat >want <<-\EOT &&
	Minh (4)
	  first response breached  2026-11-26  ticket late  Giao hàng trễ
	    bops ticket reply late TEXT
	  first response at risk   2026-11-26  ticket app   แอปสั่งอาหารล่ม
	    bops ticket reply app TEXT
	EOT
	diff -u want got >&2 &&
	BOPS_NOW=2026-11-26T11:00:00Z bops due --json >out &&
	python3 -c "
import json
items = [i for i in json.load(open(\"out\")) if i[\"kind\"] == \"ticket\"]
assert [(i[\"id\"], i[\"late\"]) for i in items][:2] == [(\"late\", True), (\"app\", False)], items
assert items[0][\"since\"] == \"2026-11-26T10:00:00Z\"
assert not any(i[\"id\"] == \"bill\" and i[\"what\"].startswith(\"first\") for i in items)
"
'

test_case 'due: a resolved ticket is not due' '
	desk &&
	BOPS_NOW=2026-11-26T11:01:00Z bops ticket resolve late >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-26T11:02:00Z bops due >out &&
	! grep -q "ticket late" out && grep -q "ticket app" out
'

test_case 'due: a follow-up whose cycle came round, until bops tick opens it' '
	desk &&
	BOPS_NOW=2026-10-28T09:00:00Z bops ticket follow-up chi every=30d \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-25T09:00:00Z bops due --owner Somchai >out &&
	test ! -s out &&
	BOPS_NOW=2026-11-25T09:00:00Z bops due --owner Somchai --within 2d \
	    >out &&
	grep -q "^  follow-up due  2026-11-27  customer chi/1" out &&
	grep -q "^    bops tick$" out &&
	BOPS_NOW=2026-11-27T09:00:00Z bops tick >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-27T09:01:00Z bops due --owner Somchai >out &&
	! grep -q "follow-up due" out
'

test_case 'report service: attainment by priority of the period'"'"'s tickets' '
	desk &&
	BOPS_NOW=2026-11-26T12:00:00Z bops report service --period 2026-11 \
	    >out &&
	grep -q "^3 tickets opened in 2026-11; attainment" out &&
	grep -q "^SLA attainment by priority: first response$" out &&
	grep -q "^  urgent  ░* *0%  0 of 2 met$" out &&
	grep -q "^  normal  █*  100%  1 of 1 met$" out &&
	grep -q "^  all     ██████▋░* *33%  1 of 3 met$" out &&
	! grep -q "Not built yet" out &&
	BOPS_NOW=2026-11-26T12:00:00Z bops report service --period 2026-10 \
	    >out && grep -q "^No tickets opened in 2026-10.$" out
'

test_case 'report weekly: tickets resolved in Progress, breaches in Problems' '
	desk &&
	BOPS_NOW=2026-11-26T11:30:00Z bops ticket resolve bill >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-26T12:00:00Z bops report >out &&
	grep -A1 "^Tickets resolved$" out | grep -q -- "^----" &&
	grep -q "^  • Hoá đơn sai — 2026-11-26$" out &&
	sed -n "/^Problems/,/^Celebrations/p" out | grep -q "ticket late: Giao hàng trễ"
'

test_case 'deals: past their expected close is due; report sales, the pipeline' '
	desk &&
	BOPS_NOW=2026-11-27T09:00:00Z bops deal add Suất cơm bệnh viện \
	    --id hospital customer=chi amount=350000000 currency=VND \
	    expected_close=2026-11-30 owner=Minh >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-27T09:00:00Z bops deal add ข้าวกล่อง --id box \
	    customer=chi amount=450000 currency=THB expected_close=2026-12-20 \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-28T09:00:00Z bops deal move box negotiation \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-12-01T09:00:00Z bops due --owner Minh >out &&
	grep -q "^  past expected close  *2026-11-30  deal hospital  Suất cơm bệnh viện$" out &&
	grep -q "^    bops deal move hospital STAGE$" out &&
	BOPS_NOW=2026-12-01T09:00:00Z bops report sales >out &&
	grep -q "^2 open deals; amounts per currency" out &&
	grep -q "^  qualified    ██████████░*  1  VND 350,000,000$" out &&
	grep -q "^  negotiation  ██████████░*  1  THB 450,000.00$" out &&
	BOPS_NOW=2026-12-02T09:00:00Z bops deal move hospital won >/dev/null 2>&1 &&
	BOPS_NOW=2026-12-03T09:00:00Z bops report --period 2026-w49 >out &&
	grep -A3 "^Deals won$" out | grep -q "^  • Suất cơm bệnh viện — 2026-12-02$"
'

test_done
