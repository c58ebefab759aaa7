#!/bin/sh
# deal and project: the amount (budget) and currency typed to add and set
# are checked before the lock, in the same way for both kinds: the last
# of each typed is the one checked, and an empty one, which clears the
# field, is none.
. "$(dirname "$0")/lib.sh"

kinds() {
	bops -q deal add "Suất cơm bệnh viện" --id d1 amount=350000000 \
	    currency=VND >/dev/null &&
	bops -q project add "BPO chăm sóc khách hàng" --id p1 goal="CSAT 4.5" \
	    due=2026-12-31 budget=1200000000 currency=VND >/dev/null
}

test_case 'a currency typed and then cleared leaves the amount without one' '
	new_ws && kinds &&
	n=$(commits) &&
	expect_status 2 bops deal add "Lunch plan" amount=5 currency=USD currency= &&
	expect_err_contains "an amount needs its currency (currency=USD)" &&
	expect_status 2 bops project add "Ship" goal=G due=2027-01-01 budget=5 \
	    currency=VND currency= &&
	expect_err_contains "a budget needs its currency (currency=VND)" &&
	test "$(commits)" = "$n" &&
	ws_clean
'

test_case 'the last amount and currency typed are the ones checked' '
	new_ws && kinds &&
	n=$(commits) &&
	expect_status 2 bops deal set d1 amount=12000.5 currency=USD currency=THB amount=1.234 &&
	expect_err_contains "amount '\''1.234'\'': THB has 2 decimals" &&
	expect_status 2 bops project set p1 budget=7.5 currency=USD currency=VND &&
	expect_err_contains "amount '\''7.5'\'': VND has no minor unit" &&
	test "$(commits)" = "$n" &&
	expect_status 0 bops deal set d1 amount=1.234 amount=12000.5 currency=USD &&
	expect_status 0 bops deal show d1 --yaml &&
	expect_out_contains "amount: '\''12000.50'\''
currency: USD" &&
	expect_status 0 bops project set p1 budget=7.5 budget=8 currency=VND &&
	expect_status 0 bops project show p1 --yaml &&
	expect_out_contains "budget: '\''8'\''" &&
	ws_clean
'

test_done
