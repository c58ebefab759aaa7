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

test_case 'the demo shows the queue, a breached clock explained, the deal board and the report' '
	sh "$SRC/share/demo.sh" "$PWD/demo" >out 2>&1 &&
	grep -q "^urgent 1 .*high 1 .*normal 1 .*low 0" out &&
	grep -q "^resolution      breached 5h of 4h" out &&
	grep -q "pending (waiting on the customer)" out &&
	grep -q "^all             4         1/2 50%" out &&
	test "$(grep -c "^tick: follow-up ticket" out)" = 1 &&
	grep -q "^won 1 at 100%  *lost 1 at 0%$" out &&
	grep -q "^VND 350,000,000  *CNY 88,000.00$" out &&
	grep -q "^hosp Suất cơm bệnh viện  *staf 员工午餐$" out &&
	grep -q "^                                  kont Luncher för kontoret  *krua ข้าวกล่องสำหรับครัว$" out &&
	grep -q "^win rate 50%" out &&
	grep -q "^customer           3          0    0%            -" out &&
	grep -q "^Projects report: 2026-Q4 " out &&
	grep -q "^  bpo-cskh VND  .*  29%  430,000,000 of 1,500,000,000 VND" out
'

test_case 'the demo project: BPO outsourcing, a CSAT metric, a VND budget, three risks, a retrospective' '
	sh "$SRC/share/demo.sh" "$PWD/demo" >out 2>&1 &&
	bops -C demo project show bpo-cskh --json >p.json &&
	python3 - <<-\EOT &&
	import json
	p = json.load(open("p.json"))
	assert p["title"].startswith("Thuê ngoài chăm sóc khách hàng"), p["title"]
	assert p["currency"] == "VND" and p["budget"] == "1500000000", p
	assert [m["name"] for m in p["metrics"]][0] == "CSAT", p["metrics"]
	assert len(p["risks"]) == 3, p["risks"]
	assert p["went_well"] and p["actions"], p
	assert p["csat"] in (4.1, "4.1"), p["csat"]
	assert [(r["person"], r["allocation"]) for r in p["resources"]] == [
	    ("Lan", 60), ("Minh", 100)], p["resources"]
	EOT
	test "$(bops -C demo task list project=bpo-cskh tags=retro --fields id |
	    sed 1d | wc -l)" = 1 &&
	grep -q "^Risk matrix$" out && grep -q "^Budget burn: bpo-cskh " out
'

test_case 'a second run replaces its own demo workspace, not another directory' '
	sh "$SRC/share/demo.sh" "$PWD/demo" >/dev/null 2>&1 &&
	sh "$SRC/share/demo.sh" "$PWD/demo" >/dev/null 2>&1 &&
	mkdir other && echo keep >other/file &&
	expect_status 2 sh "$SRC/share/demo.sh" "$PWD/other" &&
	test "$(cat other/file)" = keep
'

test_case 'the demo ends by writing the HTML report and naming it' '
	expect_status 0 sh "$SRC/share/demo.sh" "$PWD/demo" &&
	tail -1 out | grep -q "^# the HTML report: $PWD/demo/report.html$" &&
	grep -q "</html>" demo/report.html &&
	grep -q "<svg class=\"bar\"" demo/report.html &&
	expect_out_contains "\$ bops due" &&
	grep -q "^Weekly report: 2026-w[0-9]* (" out
'

test_done
