#!/bin/sh
# deal: exact money, the pipeline from bops.yaml, move (lost needs a
# reason), the board per stage and currency, the forecast; bops check
# reports a deal whose customer was removed.
. "$(dirname "$0")/lib.sh"

deals() {
	BOPS_NOW=2026-11-02T03:00:00Z bops -q customer add "Bệnh viện Chợ Rẫy" \
	    --id choray >/dev/null &&
	BOPS_NOW=2026-11-02T03:00:00Z bops -q deal add "Suất cơm bệnh viện" \
	    --id d1 customer=choray amount=350000000 currency=vnd \
	    expected_close=2026-12-15 >/dev/null &&
	BOPS_NOW=2026-11-02T03:00:00Z bops -q deal add "Lunch plan" --id d2 \
	    amount=12000.5 currency=USD expected_close=2026-11-30 >/dev/null &&
	BOPS_NOW=2026-11-02T03:00:00Z bops -q deal add "ข้าวกล่อง" --id d3 \
	    amount=450000 currency=THB expected_close=2026-12-01 >/dev/null &&
	BOPS_NOW=2026-11-03T03:00:00Z bops -q deal move d2 negotiation \
	    >/dev/null &&
	BOPS_NOW=2026-11-20T03:00:00Z bops -q deal move d1 won >/dev/null
}

test_case 'a deal starts in the first stage, its amount exact and canonical' '
	new_ws && deals &&
	expect_status 0 bops deal show d2 --yaml &&
	expect_out_contains "amount: '\''12000.50'\''
currency: USD
stage: negotiation" &&
	expect_status 0 bops deal show d1 --yaml &&
	expect_out_contains "currency: VND
stage: won
expected_close: 2026-12-15
stage_history:
- at: 2026-11-02T03:00:00Z
  by: Lan Nguyen
  stage: qualified
- at: 2026-11-20T03:00:00Z
  by: Lan Nguyen
  stage: won" &&
	ws_clean
'

test_case 'bad money, stages and currencies exit 2 and write nothing' '
	new_ws && deals &&
	n=$(commits) &&
	expect_status 2 bops deal add X amount=1.5 currency=VND &&
	expect_err_contains "amount '\''1.5'\'': VND has no minor unit" &&
	expect_status 2 bops deal add X amount=1 currency=XYZ &&
	expect_err_contains "unknown currency '\''XYZ'\''" &&
	expect_status 2 bops deal add X amount=1e3 currency=USD &&
	expect_status 2 bops deal add X amount=5 &&
	expect_status 2 bops deal set d2 amount=1.234 &&
	expect_err_contains "USD has 2 decimals" &&
	expect_status 2 bops deal set d1 currency=EURO &&
	expect_status 2 bops deal move d2 closing &&
	expect_err_contains "unknown stage '\''closing'\''; one of: qualified, proposal, negotiation, won, lost" &&
	expect_status 2 bops deal move d2 lost &&
	expect_err_contains "a lost deal needs its reason: bops deal move d2 lost reason=TEXT" &&
	expect_status 2 bops deal set d2 stage=lost &&
	test "$(commits)" = "$n" &&
	expect_status 0 bops deal move d2 lost "reason=chose a cheaper caterer" &&
	expect_status 0 bops deal show d2 --yaml &&
	expect_out_contains "lost_reason: chose a cheaper caterer" &&
	ws_clean
'

test_case 'a hand edit with bad money is an invalid file (exit 4)' '
	new_ws && deals &&
	sed -i "s/^currency: USD/currency: USX/" deals/d2/d2.yaml &&
	git commit -qam "bad currency" &&
	expect_status 1 bops check &&
	expect_out_contains "deals/d2/d2.yaml:3:11: unknown currency" &&
	expect_status 4 bops deal show d2
'

test_case 'board: per stage, amounts per currency, never summed' '
	new_ws && deals &&
	expect_status 0 bops deal board &&
	expect_out "stage        chance  deals  currency       amount     weighted
qualified       20%      1  THB        450,000.00    90,000.00
proposal        40%      0
negotiation     70%      1  USD         12,000.50     8,400.35
won            100%      1  VND       350,000,000  350,000,000
lost             0%      0" &&
	expect_status 0 bops deal board customer=choray --json &&
	expect_out_contains "{\"stage\":\"won\",\"probability\":100,\"deals\":1,\"totals\":[{\"currency\":\"VND\",\"amount\":\"350000000\",\"weighted\":\"350000000\"}]}" &&
	ws_clean
'

test_case 'stages and probabilities come from bops.yaml' '
	new_ws && deals &&
	bops -q config deal.probability.negotiation 90 >/dev/null &&
	expect_status 0 bops deal board &&
	expect_out_contains "negotiation     90%      1  USD         12,000.50    10,800.45" &&
	expect_status 2 bops config deal.probability.negotiation 101 &&
	ws_clean
'

test_case 'forecast: weighted by month, won and lost, win rate, days to close' '
	new_ws && deals &&
	BOPS_NOW=2026-11-21T03:00:00Z bops -q deal move d3 lost reason=price \
	    >/dev/null &&
	expect_status 0 bops deal forecast 2026-Q4 &&
	expect_out "month    deals  currency     amount  weighted
2026-11      1  USD       12,000.50  8,400.35

won   1  VND 350,000,000
lost  1  THB 450,000.00
win rate 50%
median days to close 18.0" &&
	expect_status 0 bops deal forecast --json &&
	expect_out_contains "\"win_rate\":0.5" &&
	expect_status 2 bops deal forecast 2026-Q5 &&
	ws_clean
'

test_case 'tasks refer to a deal or a customer, checked like other refs' '
	new_ws && deals &&
	expect_status 0 bops task add "Gửi báo giá" --id quote deal=d2 customer=choray &&
	expect_status 4 bops task add X deal=nope &&
	expect_err_contains "deal '\''nope'\'': no such deal" &&
	expect_status 0 bops task list deal=d2 --fields id &&
	expect_out "id
quote" &&
	ws_clean
'

test_case 'a customer that deals point at stays; check reports one removed' '
	new_ws && deals &&
	expect_status 5 bops customer rm choray &&
	expect_err_contains "customer '\''choray'\'' is the customer of 1 deal (d1); give it another first: bops deal set d1 customer=" &&
	git rm -q customers/ch/choray.yaml && git commit -qm "removed by hand" &&
	expect_status 1 bops check &&
	expect_out_contains "deals/d1/d1.yaml: customer '\''choray'\'': no such customer"
'

test_done
