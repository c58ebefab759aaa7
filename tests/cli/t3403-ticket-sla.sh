#!/bin/sh
# ticket sla: the clocks, replayed from each ticket's thread against the
# business hours of bops.yaml (Monday to Friday, 09:00-17:00), never
# stored: a ticket opened at night or on a weekend, a holiday, a pending
# stretch over a weekend, reopen after resolve, the changes of DST;
# --breached, --at-risk, --exit-code, --json and --report.
. "$(dirname "$0")/lib.sh"

# desk ZONE: a workspace in ZONE with customer chi, 2026-12-24 a holiday.
desk() {
	new_ws &&
	bops -q config timezone "${1:-Asia/Ho_Chi_Minh}" &&
	bops -q config ticket.business_hours.holidays 2026-12-24 &&
	bops -q customer add Chi Pham --id chi >/dev/null ||
	    { fail "desk failed"; return 1; }
}

# at INSTANT CMD...: bops at that instant, quietly.
at() {
	when=$1
	shift
	BOPS_NOW=$when bops -q "$@" >/dev/null ||
	    { fail "failed at $when: bops $*"; return 1; }
}

test_case 'opened on a Saturday night; pending across the night; reopened by the customer' '
	desk &&
	at 2026-11-21T15:00:00Z ticket open Weekend ticket customer=chi \
	    priority=urgent --id wk &&
	at 2026-11-23T02:45:00Z ticket reply wk Looking &&
	at 2026-11-23T04:00:00Z ticket pending wk &&
	at 2026-11-24T02:30:00Z ticket reply wk --customer "Still down" &&
	BOPS_NOW=2026-11-24T05:00:00Z expect_status 0 bops ticket sla wk \
	    --explain &&
	expect_out "ticket wk: Weekend ticket
urgent, open, opened 2026-11-21 22:00 +0700
first response  met 45m of 1h, answered 2026-11-23 09:45 +0700
  2026-11-21 22:00 +0700  2026-11-23 09:00 +0700       not counted: outside business hours, not a working day
  2026-11-23 09:00 +0700  2026-11-23 09:45 +0700  45m  counted
resolution      breached 4h30m of 4h, since 2026-11-24 11:30 +0700
  2026-11-21 22:00 +0700  2026-11-23 09:00 +0700         not counted: outside business hours, not a working day
  2026-11-23 09:00 +0700  2026-11-23 11:00 +0700     2h  counted
  2026-11-23 11:00 +0700  2026-11-24 09:30 +0700         not counted: pending (waiting on the customer)
  2026-11-24 09:30 +0700  2026-11-24 12:00 +0700  2h30m  counted" &&
	test ! -s err &&
	BOPS_NOW=2026-11-24T05:00:00Z expect_status 1 bops ticket sla wk \
	    --exit-code &&
	ws_clean
'

test_case 'a holiday is skipped' '
	desk &&
	at 2026-12-23T09:00:00Z ticket open Xmas customer=chi priority=urgent \
	    --id xm &&
	BOPS_NOW=2026-12-25T03:30:00Z expect_status 0 bops ticket sla xm \
	    --explain &&
	expect_out "ticket xm: Xmas
urgent, new, opened 2026-12-23 16:00 +0700
first response  breached 2h30m of 1h, since 2026-12-23 17:00 +0700
  2026-12-23 16:00 +0700  2026-12-23 17:00 +0700     1h  counted
  2026-12-23 17:00 +0700  2026-12-25 09:00 +0700         not counted: outside business hours, holiday
  2026-12-25 09:00 +0700  2026-12-25 10:30 +0700  1h30m  counted
resolution      running 2h30m of 4h, due 2026-12-25 12:00 +0700
  2026-12-23 16:00 +0700  2026-12-23 17:00 +0700     1h  counted
  2026-12-23 17:00 +0700  2026-12-25 09:00 +0700         not counted: outside business hours, holiday
  2026-12-25 09:00 +0700  2026-12-25 10:30 +0700  1h30m  counted"
'

test_case 'reopen after resolve: the clock goes on from where it stopped' '
	desk &&
	at 2026-11-23T02:00:00Z ticket open Reopen customer=chi priority=high \
	    --id ro &&
	at 2026-11-23T03:00:00Z ticket reply ro "Fixed, I think" &&
	at 2026-11-23T04:00:00Z ticket resolve ro &&
	BOPS_NOW=2026-11-23T09:00:00Z expect_status 0 bops ticket sla ro &&
	expect_out_contains "resolution      met 2h of 8h, resolved 2026-11-23 11:00 +0700" &&
	at 2026-11-24T02:00:00Z ticket reopen ro &&
	BOPS_NOW=2026-11-24T03:00:00Z expect_status 0 bops ticket sla ro \
	    --explain &&
	expect_out "ticket ro: Reopen
high, open, opened 2026-11-23 09:00 +0700
first response  met 1h of 4h, answered 2026-11-23 10:00 +0700
  2026-11-23 09:00 +0700  2026-11-23 10:00 +0700  1h  counted
resolution      running 3h of 8h, due 2026-11-24 15:00 +0700
  2026-11-23 09:00 +0700  2026-11-23 11:00 +0700  2h  counted
  2026-11-23 11:00 +0700  2026-11-24 09:00 +0700      not counted: resolved
  2026-11-24 09:00 +0700  2026-11-24 10:00 +0700  1h  counted"
'

test_case 'business hours keep to the wall clock over the changes of DST (Stockholm)' '
	desk Europe/Stockholm &&
	at 2026-03-27T15:30:00Z ticket open Spring customer=chi \
	    priority=urgent --id sp &&
	at 2026-03-30T07:15:00Z ticket reply sp Hej &&
	BOPS_NOW=2026-03-30T09:00:00Z expect_status 0 bops ticket sla sp \
	    --explain &&
	expect_out "ticket sp: Spring
urgent, open, opened 2026-03-27 16:30 +0100
first response  met 45m of 1h, answered 2026-03-30 09:15 +0200
  2026-03-27 16:30 +0100  2026-03-27 17:00 +0100  30m  counted
  2026-03-27 17:00 +0100  2026-03-30 09:00 +0200       not counted: outside business hours, not a working day
  2026-03-30 09:00 +0200  2026-03-30 09:15 +0200  15m  counted
resolution      running 2h30m of 4h, due 2026-03-30 12:30 +0200
  2026-03-27 16:30 +0100  2026-03-27 17:00 +0100  30m  counted
  2026-03-27 17:00 +0100  2026-03-30 09:00 +0200       not counted: outside business hours, not a working day
  2026-03-30 09:00 +0200  2026-03-30 11:00 +0200   2h  counted" &&
	at 2026-10-23T14:30:00Z ticket open Autumn customer=chi \
	    priority=high --id au &&
	BOPS_NOW=2026-10-26T09:00:00Z expect_status 0 bops ticket sla au &&
	expect_out "ticket au: Autumn
high, new, opened 2026-10-23 16:30 +0200
first response  running 1h30m of 4h, due 2026-10-26 12:30 +0100
resolution      running 1h30m of 8h, due 2026-10-26 16:30 +0100"
'

test_case 'the clocks change with the business hours, never stored' '
	desk &&
	at 2026-11-23T02:00:00Z ticket open Hours customer=chi priority=urgent \
	    --id h &&
	BOPS_NOW=2026-11-23T03:30:00Z expect_status 0 bops ticket sla h &&
	expect_out_contains "first response  breached 1h30m of 1h" &&
	! grep -q -e breached -e elapsed tickets/h/h.yaml &&
	at 2026-11-23T03:30:00Z config ticket.business_hours.start 10:00 &&
	BOPS_NOW=2026-11-23T03:30:00Z expect_status 0 bops ticket sla h &&
	expect_out_contains "first response  running 30m of 1h, due 2026-11-23 11:00 +0700" &&
	at 2026-11-23T03:30:00Z config ticket.first_response.urgent 2h &&
	BOPS_NOW=2026-11-23T03:30:00Z expect_status 0 bops ticket sla h &&
	expect_out_contains "first response  running 30m of 2h"
'

test_case 'sla lists the open tickets; --breached and --at-risk exit 1 when they find one' '
	desk &&
	at 2026-11-23T02:00:00Z ticket open Late customer=chi priority=urgent \
	    --id late &&
	at 2026-11-23T03:00:00Z ticket open Soon customer=chi priority=high \
	    --id soon &&
	at 2026-11-23T03:00:00Z ticket open Done customer=chi priority=low \
	    --id done &&
	at 2026-11-23T03:10:00Z ticket resolve done &&
	BOPS_NOW=2026-11-23T06:20:00Z expect_status 0 bops ticket sla &&
	expect_out "id    priority  status  first response     resolution         subject
late  urgent    new     breached 4h20m/1h  breached 4h20m/4h  Late
soon  high      new     at-risk 3h20m/4h   running 3h20m/8h   Soon" &&
	BOPS_NOW=2026-11-23T06:20:00Z expect_status 1 bops ticket sla --breached &&
	expect_out "id    priority  status  first response     resolution         subject
late  urgent    new     breached 4h20m/1h  breached 4h20m/4h  Late" &&
	test ! -s err &&
	BOPS_NOW=2026-11-23T06:20:00Z expect_status 1 bops ticket sla --at-risk &&
	expect_out_contains "soon  high" &&
	BOPS_NOW=2026-11-23T06:20:00Z expect_status 1 bops ticket sla --exit-code &&
	BOPS_NOW=2026-11-23T02:10:00Z expect_status 0 bops ticket sla --breached &&
	test ! -s out &&
	BOPS_NOW=2026-11-23T02:10:00Z expect_status 0 bops ticket sla --exit-code &&
	BOPS_NOW=2026-11-23T06:20:00Z expect_status 0 bops ticket sla --json &&
	expect_out_contains "{\"id\":\"late\",\"priority\":\"urgent\",\"status\":\"new\",\"subject\":\"Late\",\"first_response\":{\"state\":\"breached\",\"target\":3600,\"elapsed\":15600,\"stopped\":null,\"due\":null,\"breached_at\":\"2026-11-23T03:00:00Z\"}"
'

test_case 'sla --report: attainment per priority, median and p90 by nearest rank' '
	desk &&
	at 2026-10-30T02:00:00Z ticket open October customer=chi priority=urgent &&
	at 2026-11-23T02:00:00Z ticket open U1 customer=chi priority=urgent --id u1 &&
	at 2026-11-23T02:30:00Z ticket reply u1 ok &&
	at 2026-11-23T04:00:00Z ticket resolve u1 &&
	at 2026-11-23T03:00:00Z ticket open U2 customer=chi priority=urgent --id u2 &&
	at 2026-11-23T04:30:00Z ticket reply u2 ok &&
	at 2026-11-23T08:00:00Z ticket resolve u2 &&
	at 2026-11-24T02:00:00Z ticket open U3 customer=chi priority=urgent --id u3 &&
	at 2026-11-23T02:00:00Z ticket open N1 customer=chi priority=normal --id n1 &&
	at 2026-11-23T06:00:00Z ticket reply n1 ok &&
	BOPS_NOW=2026-11-24T05:00:00Z expect_status 0 bops ticket sla --report &&
	expect_out "SLA attainment, tickets opened in 2026-11
priority  tickets  first response  median    p90  resolution  median  p90
urgent          3         1/3 33%     30m  1h30m     1/2 50%      2h   5h
high            0               -       -      -           -       -    -
normal          1        1/1 100%      4h     4h           -       -    -
low             0               -       -      -           -       -    -
all             4         2/4 50%   1h30m     4h     1/2 50%      2h   5h" &&
	BOPS_NOW=2026-11-24T05:00:00Z expect_status 0 bops ticket sla --report 2026-10 --json &&
	expect_out_contains "{\"priority\":\"urgent\",\"tickets\":1,\"first_response\":{\"met\":0,\"breached\":1,\"share\":0.0000,\"median\":null,\"p90\":null}" &&
	expect_status 0 bops ticket sla --report 2026-11-23..2026-11-23 &&
	expect_out_contains "all             3" &&
	ws_clean
'

test_case 'bad input: exit 2 or 3, and nothing written' '
	desk &&
	at 2026-11-23T02:00:00Z ticket open One customer=chi priority=urgent \
	    --id one &&
	n=$(commits) &&
	expect_status 2 bops ticket sla --report 2026-13 &&
	expect_err_contains "invalid period" &&
	expect_status 2 bops ticket sla --explain &&
	expect_err_contains "--explain: which ticket?" &&
	expect_status 2 bops ticket sla --report --breached &&
	expect_status 2 bops ticket sla --breached --at-risk &&
	expect_err_contains "--breached and --at-risk exclude each other" &&
	expect_status 3 bops ticket sla nope &&
	expect_status 2 bops ticket sla one two &&
	test "$(commits)" = "$n"
'

test_done
