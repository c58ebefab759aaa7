#!/bin/sh
# customer stage and lead: every change kept in the record's history,
# whatever verb makes it; the funnel read from those histories.
. "$(dirname "$0")/lib.sh"

test_case 'stage and lead keep every change, with at and by' '
	new_ws &&
	BOPS_NOW=2026-10-01T02:00:00Z bops -q customer add "Nguyễn Thị Hoa" \
	    --id hoa >/dev/null &&
	BOPS_NOW=2026-10-03T02:00:00Z expect_status 0 bops customer lead hoa \
	    Connected &&
	expect_out hoa &&
	expect_err_contains "customer hoa: lead_status none -> connected" &&
	BOPS_NOW=2026-10-05T02:00:00Z expect_status 0 bops customer stage hoa sql &&
	expect_err_contains "customer hoa: stage lead -> sql" &&
	BOPS_NOW=2026-10-20T02:00:00Z bops -q customer stage hoa customer \
	    >/dev/null &&
	BOPS_NOW=2026-11-02T02:00:00Z bops -q customer set hoa stage=sql \
	    >/dev/null &&
	expect_status 0 bops customer show hoa --yaml &&
	expect_out_contains "stage: sql
lead_status: connected
stage_history:
- at: 2026-10-01T02:00:00Z
  by: Lan Nguyen
  stage: lead
- at: 2026-10-05T02:00:00Z
  by: Lan Nguyen
  stage: sql
- at: 2026-10-20T02:00:00Z
  by: Lan Nguyen
  stage: customer
- at: 2026-11-02T02:00:00Z
  by: Lan Nguyen
  stage: sql
lead_history:
- at: 2026-10-03T02:00:00Z
  by: Lan Nguyen
  status: connected" &&
	ws_clean
'

test_case 'an unknown stage or status exits 2 and names the allowed ones' '
	new_ws &&
	bops -q customer add Chi --id chi >/dev/null &&
	n=$(commits) &&
	expect_status 2 bops customer stage chi vip &&
	expect_err_contains "unknown stage '\''vip'\''; one of: subscriber, lead, mql, sql, opportunity, customer, evangelist, other" &&
	expect_status 2 bops customer lead chi hot &&
	expect_err_contains "unknown lead status '\''hot'\''; one of: new, attempted, connected, qualified, unqualified, bad-timing" &&
	expect_status 3 bops customer stage nobody lead &&
	expect_status 2 bops customer stage chi &&
	test "$(commits)" = "$n" &&
	ws_clean
'

test_case 'the history is bops s to write: set and edit leave it alone' '
	new_ws &&
	bops -q customer add Chi --id chi >/dev/null &&
	expect_status 2 bops customer set chi stage_history= &&
	ws_clean
'

test_case 'stages and statuses come from bops.yaml' '
	new_ws &&
	bops -q config customer.stages lead,trial,paying >/dev/null &&
	bops -q customer add Chi --id chi >/dev/null &&
	expect_status 0 bops customer stage chi trial &&
	expect_status 2 bops customer stage chi customer &&
	expect_err_contains "one of: lead, trial, paying" &&
	ws_clean
'

test_case 'funnel: entered, converted, rate and median time per stage' '
	new_ws &&
	BOPS_NOW=2026-10-01T02:00:00Z bops -q customer add A --id a >/dev/null &&
	BOPS_NOW=2026-10-02T02:00:00Z bops -q customer add B --id b >/dev/null &&
	BOPS_NOW=2026-10-03T02:00:00Z bops -q customer add C --id c \
	    owner=me >/dev/null &&
	BOPS_NOW=2026-10-05T02:00:00Z bops -q customer stage a mql >/dev/null &&
	BOPS_NOW=2026-10-06T02:00:00Z bops -q customer stage b sql >/dev/null &&
	BOPS_NOW=2026-10-15T02:00:00Z bops -q customer stage a customer \
	    >/dev/null &&
	expect_status 0 bops customer funnel 2026-Q4 &&
	expect_out "stage        entered  converted  rate  median time
subscriber         0          0     -            -
lead               3          2   67%         4.0d
mql                1          1  100%        10.0d
sql                1          0    0%            -
opportunity        0          0     -            -
customer           1          0    0%            -
evangelist         0          0     -            -
other              0          -     -            -" &&
	expect_status 0 bops customer funnel 2026-10-04..2026-10-31 owner=me &&
	expect_out_contains "lead               0          0     -            -" &&
	expect_status 0 bops customer funnel --json stage=customer &&
	expect_out_contains "{\"period\":\"2026-Q4\",\"stage\":\"lead\",\"entered\":1,\"converted\":1,\"median_days\":4}" &&
	expect_status 2 bops customer funnel 2026-Q9 &&
	expect_status 2 bops customer funnel nosuchfield=1 &&
	ws_clean
'

test_done
