#!/bin/sh
# make demo: share/demo.sh builds its workspace and tours it without a
# failure, the service desk included (customers, tickets, a follow-up
# rule that bops tick opens once), and leaves a workspace bops check
# finds clean.
. "$(dirname "$0")/lib.sh"

test_case 'the demo runs to its end and leaves a clean workspace' '
	sh "$SRC/share/demo.sh" "$PWD/demo" >out 2>&1 ||
	    { fail "demo.sh failed:"; sed "s/^/#   /" out >&2; return 1; }
	grep -q "^# the workspace is $PWD/demo\$" out &&
	bops -C demo check &&
	test "$(bops -C demo customer list --fields id | sed 1d | sort |
	    tr "\n" " ")" = "chi hoa krua nordkok wangwei " &&
	test "$(bops -C demo deal list stage=won --fields id | sed 1d)" = \
	    hospital &&
	test "$(bops -C demo ticket list status=new,open,pending --fields id |
	    sed 1d | wc -l)" = 4 &&
	bops -C demo ticket show "$(bops -C demo ticket list rule=chi/1 \
	    --fields id | sed 1d)" --yaml >shown &&
	grep -q "^customer: chi\$" shown && grep -q "^due: 2026-12-26\$" shown
'

test_case 'the demo shows the queue, a breached clock explained and the report' '
	sh "$SRC/share/demo.sh" "$PWD/demo" >out 2>&1 &&
	grep -q "^urgent 1 .*high 1 .*normal 1 .*low 0" out &&
	grep -q "^resolution      breached 5h of 4h" out &&
	grep -q "pending (waiting on the customer)" out &&
	grep -q "^all             4         1/2 50%" out &&
	test "$(grep -c "^tick: follow-up ticket" out)" = 1 &&
	grep -q "^won            100%      1  VND       350,000,000  350,000,000" out &&
	grep -q "^win rate 50%" out &&
	grep -q "^customer           3          0    0%            -" out
'

test_case 'a second run replaces its own demo workspace, not another directory' '
	sh "$SRC/share/demo.sh" "$PWD/demo" >/dev/null 2>&1 &&
	sh "$SRC/share/demo.sh" "$PWD/demo" >/dev/null 2>&1 &&
	mkdir other && echo keep >other/file &&
	expect_status 2 sh "$SRC/share/demo.sh" "$PWD/other" &&
	test "$(cat other/file)" = keep
'

test_done
