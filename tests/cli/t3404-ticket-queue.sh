#!/bin/sh
# ticket queue: the tickets still to do on a board, a column per
# priority (most urgent first), oldest first, each card with the state
# of its running clock; a queue's name and filters narrow it.
. "$(dirname "$0")/lib.sh"

desk() {
	new_ws &&
	bops -q config timezone Asia/Ho_Chi_Minh &&
	bops -q customer add Chi Pham --id chi >/dev/null &&
	bops -q customer add Somchai --id som >/dev/null &&
	for t in "02:00 app urgent support chi Menu app down" \
	    "02:10 inv high billing som ใบแจ้งหนี้ผิด" \
	    "02:20 printer normal support chi Máy in hỏng" \
	    "02:30 wifi normal support chi Wifi slow" \
	    "02:40 old low support chi Old one"; do
		set -- $t
		when=$1 id=$2 prio=$3 queue=$4 cust=$5
		shift 5
		BOPS_NOW=2026-11-23T$when:00Z bops -q ticket open "$*" \
		    customer=$cust priority=$prio queue=$queue --id $id \
		    >/dev/null || return 1
	done &&
	BOPS_NOW=2026-11-23T02:50:00Z bops -q ticket resolve old >/dev/null &&
	BOPS_NOW=2026-11-23T02:55:00Z bops -q ticket reply app "On it" \
	    >/dev/null &&
	BOPS_NOW=2026-11-23T04:30:00Z bops -q ticket reply wifi "Which floor?" \
	    >/dev/null &&
	BOPS_NOW=2026-11-23T04:30:00Z bops -q ticket pending wifi >/dev/null ||
	    { fail "desk failed"; return 1; }
}

test_case 'a column per priority, oldest first, the SLA state on each card' '
	desk &&
	BOPS_NOW=2026-11-23T05:40:00Z expect_status 0 bops ticket queue &&
	expect_out "urgent 1                 high 1                   normal 2                 low 0
───────────────────────  ───────────────────────  ───────────────────────  ───────────────────────
app at-risk Menu app d…  inv at-risk ใบแจ้งหนี้ผิด    prin 4h40m left Máy in…
                                                  wifi paused Wifi slow" &&
	BOPS_NOW=2026-11-23T06:20:00Z expect_status 0 bops ticket queue &&
	expect_out_contains "app breached Menu app …  inv breached ใบแจ้งหนี้ผิด   prin 4h left Máy in hỏ…" &&
	ws_clean
'

test_case 'a queue by name, and filters' '
	desk &&
	BOPS_NOW=2026-11-23T05:40:00Z expect_status 0 bops ticket queue billing &&
	expect_out "urgent 0                 high 1                   normal 0                 low 0
───────────────────────  ───────────────────────  ───────────────────────  ───────────────────────
                         inv at-risk ใบแจ้งหนี้ผิด" &&
	BOPS_NOW=2026-11-23T05:40:00Z expect_status 0 bops ticket queue support \
	    customer=chi "priority>normal" &&
	expect_out "urgent 1                 high 0                   normal 0                 low 0
───────────────────────  ───────────────────────  ───────────────────────  ───────────────────────
app at-risk Menu app d…" &&
	expect_status 2 bops ticket queue "colour=red" &&
	expect_status 0 bops ticket queue nobody &&
	expect_out_contains "urgent 0"
'

test_case 'queue --json: each card its whole ticket and both clocks' '
	desk &&
	BOPS_NOW=2026-11-23T05:40:00Z expect_status 0 bops ticket queue billing \
	    --json &&
	expect_out "{\"columns\":[
{\"name\":\"urgent\",\"count\":0,\"tickets\":[]},
{\"name\":\"high\",\"count\":1,\"tickets\":[{\"ticket\":{\"id\":\"inv\",\"subject\":\"ใบแจ้งหนี้ผิด\",\"customer\":\"som\",\"priority\":\"high\",\"status\":\"new\",\"queue\":\"billing\",\"created\":\"2026-11-23T02:10:00Z\",\"updated\":\"2026-11-23T02:10:00Z\"},\"first_response\":{\"state\":\"at-risk\",\"target\":14400,\"elapsed\":12600,\"stopped\":null,\"due\":\"2026-11-23T06:10:00Z\",\"breached_at\":null},\"resolution\":{\"state\":\"running\",\"target\":28800,\"elapsed\":12600,\"stopped\":null,\"due\":\"2026-11-24T02:10:00Z\",\"breached_at\":null}}]},
{\"name\":\"normal\",\"count\":0,\"tickets\":[]},
{\"name\":\"low\",\"count\":0,\"tickets\":[]}
]}"
'

test_case 'no open ticket: the columns alone' '
	new_ws &&
	expect_status 0 bops ticket queue &&
	expect_out "urgent 0                 high 0                   normal 0                 low 0
───────────────────────  ───────────────────────  ───────────────────────  ───────────────────────"
'

test_done
