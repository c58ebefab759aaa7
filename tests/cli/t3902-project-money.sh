#!/bin/sh
# project: the budget by category, the append-only cost log in exact
# money, costs in a currency the budget has not refused, budget against
# actual with earned value and the forecast at completion.
. "$(dirname "$0")/lib.sh"

money() {
	BOPS_NOW=2026-10-01T02:00:00Z bops -q project add "BPO chăm sóc khách hàng" \
	    --id cskh status=active goal="CSAT 4.5" metric=CSAT target=4.5 \
	    start=2026-10-01 due=2026-12-31 budget=1200000000 currency=VND \
	    >/dev/null &&
	bops -q project milestone add cskh "Agents trained" due=2026-10-31 \
	    >/dev/null &&
	bops -q project milestone add cskh "Go live" due=2026-11-30 >/dev/null &&
	bops -q project milestone add cskh "Review" due=2026-12-20 >/dev/null &&
	bops -q project milestone add cskh "Handover" due=2026-12-31 >/dev/null &&
	BOPS_NOW=2026-10-30T03:00:00Z bops -q project milestone done cskh/1 \
	    >/dev/null &&
	bops -q project budget-line cskh staff 800000000 >/dev/null &&
	bops -q project budget-line cskh tools 250000000 >/dev/null &&
	BOPS_NOW=2026-10-31T10:00:00Z bops -q project cost add cskh 350000000 \
	    category=staff --note "Lương tháng 10" >/dev/null &&
	BOPS_NOW=2026-11-02T10:00:00Z bops -q project cost add cskh 120000000 \
	    category=tools >/dev/null
}

test_case 'costs: a log with when and by whom, exact and canonical' '
	new_ws && money &&
	expect_status 0 bops project show cskh --yaml &&
	expect_out_contains "costs:
- at: 2026-10-31T10:00:00Z
  by: Lan Nguyen
  amount: '\''350000000'\''
  currency: VND
  category: staff
  note: Lương tháng 10
- at: 2026-11-02T10:00:00Z
  by: Lan Nguyen
  amount: '\''120000000'\''
  currency: VND
  category: tools" &&
	expect_status 2 bops project cost add cskh 1.5 category=staff &&
	expect_err_contains "VND has no minor unit" &&
	expect_status 2 bops project cost add cskh 100 &&
	expect_err_contains "a cost needs its budget category (category=staff)" &&
	expect_status 2 bops project cost add cskh 100 category=staff currency=XYZ &&
	expect_status 2 bops project cost add cskh 100 category=staff by=me &&
	expect_status 2 bops project cost add cskh 12,000 category=staff &&
	ws_clean
'

test_case 'a cost in another currency is refused unless a line has it' '
	new_ws && money &&
	n=$(commits) &&
	expect_status 5 bops project cost add cskh 1200.50 category=travel currency=usd &&
	expect_err_contains "project '\''cskh'\'' has no budget in USD; add a budget line in it first: bops project budget-line cskh CATEGORY AMOUNT currency=USD" &&
	test "$(commits)" = "$n" &&
	expect_status 2 bops project budget-line cskh travel 10.999 currency=USD &&
	expect_status 0 bops project budget-line cskh travel 5000 currency=usd &&
	expect_status 0 bops project cost add cskh 1200.5 category=travel currency=USD &&
	expect_status 0 bops project show cskh --yaml &&
	expect_out_contains "- category: travel
  amount: '\''5000.00'\''
  currency: USD" &&
	expect_out_contains "  amount: '\''1200.50'\''
  currency: USD
  category: travel" &&
	ws_clean
'

test_case 'costs are kept by bops: a correction is a negative cost, undo works' '
	new_ws && money &&
	n=$(commits) &&
	cat >ed.sh <<-\EOS &&
	#!/bin/sh
	sed -i "s/^  amount: .350000000.$/  amount: '\''35000000'\''/" "$1"
	EOS
	chmod +x ed.sh &&
	EDITOR=./ed.sh expect_status 4 bops project edit cskh </dev/null &&
	expect_err_contains "field '\''costs'\'' is set by bops and cannot be changed" &&
	expect_status 2 bops project set cskh costs= &&
	test "$(commits)" = "$n" &&
	rm ed.sh &&
	expect_status 0 bops project cost add cskh -315000000 category=staff \
	    --note "Nhập sai: 35 triệu" &&
	expect_status 0 bops project budget cskh --json &&
	expect_out_contains "{\"category\":\"staff\",\"currency\":\"VND\",\"budget\":\"800000000\",\"actual\":\"35000000\"}" &&
	expect_status 0 bops undo &&
	expect_status 0 bops project budget cskh --json &&
	expect_out_contains "\"actual\":\"350000000\"" &&
	ws_clean
'

test_case 'budget against actual, earned value, forecast at completion' '
	new_ws && money &&
	expect_status 0 bops project budget cskh &&
	expect_out "category       currency         budget       actual    remaining  used
staff          VND         800,000,000  350,000,000  450,000,000   44%
tools          VND         250,000,000  120,000,000  130,000,000   48%
(unallocated)  VND         150,000,000            0  150,000,000    0%
total          VND       1,200,000,000  470,000,000  730,000,000   39%

time elapsed            58%
work done               25% (1 of 4 milestones, 0 of 0 tasks)
burn                    ███████▊░░░░░░░░░░░░ 39% of the budget
planned value (PV)      696,195,652 VND
earned value (EV)       300,000,000 VND
actual cost (AC)        470,000,000 VND
CPI 0.64  SPI 0.43
forecast at completion  1,880,000,000 VND
over budget by          680,000,000 VND" &&
	expect_status 0 bops project budget cskh --json &&
	expect_out_contains "\"currency\":\"VND\",\"bac\":\"1200000000\",\"pv\":\"696195652\",\"ev\":\"300000000\",\"ac\":\"470000000\",\"elapsed\":0.5802,\"cpi\":0.6383,\"spi\":0.4309,\"eac\":\"1880000000\"" &&
	expect_status 0 bops project budget-line cskh tools 0 &&
	expect_status 0 bops project budget cskh &&
	expect_out_contains "tools          VND                   0  120,000,000  -120,000,000     -" &&
	expect_status 3 bops project budget nope &&
	ws_clean
'

test_case 'a project without budget or costs says so' '
	new_ws &&
	expect_status 0 bops project add X --id x goal=Y due=2026-12-31 &&
	expect_status 0 bops project budget x &&
	expect_out "no budget and no cost (bops project set x budget=AMOUNT currency=CUR)" &&
	expect_status 2 bops project cost add x 100 category=staff &&
	expect_err_contains "project '\''x'\'' has no currency" &&
	expect_status 5 bops project cost add x 100 category=staff currency=VND &&
	ws_clean
'

test_done
