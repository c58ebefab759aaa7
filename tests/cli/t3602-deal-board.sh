#!/bin/sh
# deal board: the pipeline as a Kanban board, a column per stage of
# deal.stages headed by its count, its probability and per currency the
# total and the weighted amount (never summed across currencies), then
# the deals as cards, soonest expected close first; columns that do not
# fit side by side wrap into bands.  --limit, --summary, --json, filters.
. "$(dirname "$0")/lib.sh"

# Deals in Vietnamese, Thai, Chinese and English, three currencies in
# the first stage, two of them USD.
pipeline() {
	new_ws &&
	for d in "qual-th THB 45000 2026-11-24 ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง" \
	    "qual-us USD 5000 2026-12-01 Nordic lunch boxes" \
	    "qual-cn CNY 88000 2026-12-20 员工午餐" \
	    "qual-us2 USD 1000.25 2026-11-25 Catering trial" \
	    "prop VND 1200000 2026-11-28 Hộp cơm văn phòng cho bệnh viện Chợ Rẫy" \
	    "nego USD 12000.5 2026-11-30 提高客户满意度评分的午餐计划" \
	    "won-vn VND 350000000 2026-12-15 Đi cứu thế giới bằng 1000 suất cơm tại bệnh viện"; do
		set -- $d
		id=$1 cur=$2 amount=$3 close=$4
		shift 4
		BOPS_NOW=2026-11-02T03:00:00Z bops -q deal add "$*" --id $id \
		    amount=$amount currency=$cur expected_close=$close \
		    owner=me >/dev/null || return 1
	done &&
	BOPS_NOW=2026-11-03T03:00:00Z bops -q deal move prop proposal \
	    >/dev/null &&
	BOPS_NOW=2026-11-03T03:00:00Z bops -q deal move nego negotiation \
	    >/dev/null &&
	BOPS_NOW=2026-11-20T03:00:00Z bops -q deal move won-vn won >/dev/null
}

# tty COLS ARGS: bops on a terminal COLS wide, without colour, into ./out.
tty() {
	cols=$1
	shift
	script -qec "stty cols $cols; \"$BOPS\" --no-color $*" /dev/null |
	    tr -d "\r" >out
}

# starts FILE COL: whether every line of FILE that reaches display column
# COL (from 0) has a space before it: the columns of a board line up.
starts() {
	python3 -c "
import sys, unicodedata
def cells(s):
    out = []
    for c in s:
        if unicodedata.category(c) in (\"Mn\", \"Me\", \"Cf\"):
            if out:
                out[-1] += c
            continue
        out.append(c)
        if unicodedata.east_asian_width(c) in (\"W\", \"F\"):
            out.append(\"\")
    return out
col = int(sys.argv[2])
for l in open(sys.argv[1], encoding=\"utf-8\"):
    c = cells(l.rstrip(\"\n\"))
    if len(c) > col and c[col - 1] not in (\" \", \"─\"):
        sys.exit(\"line does not break before column %d: %s\" % (col, l))
" "$1" "$2"
}

rule=$(printf "%32s" "" | sed "s/ /─/g")
r25=$(printf "%25s" "" | sed "s/ /─/g")

test_case 'a column per stage, the deals as cards in their stage' '
	pipeline &&
	expect_status 0 bops deal board &&
	expect_out "qualified 4 at 20%                proposal 1 at 40%                 negotiation 1 at 70%
CNY 88,000.00 → 17,600.00         VND 1,200,000 → 480,000           USD 12,000.50 → 8,400.35
THB 45,000.00 → 9,000.00
USD 6,000.25 → 1,200.05
$rule  $rule  $rule
qual-t ตอบกลับ 95% ของข้อเสนอแนะข…  prop Hộp cơm văn phòng cho bệnh…  nego 提高客户满意度评分的午餐计…
  THB 45,000.00 2026-11-24          VND 1,200,000 2026-11-28          USD 12,000.50 2026-11-30
qual-us2 Catering trial
  USD 1,000.25 2026-11-25
qual-us Nordic lunch boxes
  USD 5,000.00 2026-12-01
qual-c 员工午餐
  CNY 88,000.00 2026-12-20

won 1 at 100%                     lost 0 at 0%
VND 350,000,000
$rule  $rule
won- Đi cứu thế giới bằng 1000 …
  VND 350,000,000 2026-12-15" &&
	ws_clean
'

test_case 'per currency a line of its own, never summed across currencies' '
	pipeline &&
	expect_status 0 bops deal board &&
	test "$(grep -c "^USD 6,000.25 → 1,200.05" out)" = 1 &&
	test "$(grep -c "^THB 45,000.00 → 9,000.00" out)" = 1 &&
	test "$(grep -c "^CNY 88,000.00 → 17,600.00" out)" = 1 &&
	! grep -q "139,000.25\|51,000.25\|94,000.25\|133,000.00" out
'

test_case 'at 80 columns: won and lost fold below, cut titles line up' '
	pipeline &&
	need script &&
	tty 80 deal board &&
	expect_out "qualified 4 at 20%         proposal 1 at 40%          negotiation 1 at 70%
CNY 88,000.00 → 17,600.00  VND 1,200,000 → 480,000    USD 12,000.50 → 8,400.35
THB 45,000.00 → 9,000.00
USD 6,000.25 → 1,200.05
$r25  $r25  $r25
qual-t ตอบกลับ 95% ของข้อเ…  prop Hộp cơm văn phòng c…  nego 提高客户满意度评分…
  THB 45,000.00              VND 1,200,000              USD 12,000.50
qual-us2 Catering trial
  USD 1,000.25 2026-11-25
qual-us Nordic lunch box…
  USD 5,000.00 2026-12-01
qual-c 员工午餐
  CNY 88,000.00

won 1 at 100%              lost 0 at 0%
VND 350,000,000
$r25  $r25
won- Đi cứu thế giới bằn…
  VND 350,000,000" &&
	fits 80 out &&
	starts out 27 && starts out 54
'

test_case 'a head wider than a third of the terminal: two columns a band' '
	pipeline &&
	need script &&
	bops -q deal set prop amount=350000000 >/dev/null &&
	tty 80 deal board &&
	grep -q "^qualified 4 at 20%  *proposal 1 at 40%$" out &&
	grep -q "^CNY 88,000.00 → 17,600.00  *VND 350,000,000 → 140,000,000$" out &&
	grep -q "^negotiation 1 at 70%  *won 1 at 100%$" out &&
	grep -q "^lost 0 at 0%$" out &&
	fits 80 out &&
	starts out 40
'

test_case 'wide terminals put every stage side by side' '
	pipeline &&
	need script &&
	tty 160 deal board &&
	grep -q "^qualified 4 at 20%  *proposal 1 at 40%  *negotiation 1 at 70%  *won 1 at 100%  *lost 0 at 0%$" out &&
	grep -q "^qual-t .*  prop .*  nego .*  won- " out &&
	fits 160 out
'

test_case '--limit N: N cards per column, then how many more' '
	pipeline &&
	expect_status 0 bops deal board --limit 2 &&
	expect_out "qualified 4 at 20%                proposal 1 at 40%                 negotiation 1 at 70%
CNY 88,000.00 → 17,600.00         VND 1,200,000 → 480,000           USD 12,000.50 → 8,400.35
THB 45,000.00 → 9,000.00
USD 6,000.25 → 1,200.05
$rule  $rule  $rule
qual-t ตอบกลับ 95% ของข้อเสนอแนะข…  prop Hộp cơm văn phòng cho bệnh…  nego 提高客户满意度评分的午餐计…
  THB 45,000.00 2026-11-24          VND 1,200,000 2026-11-28          USD 12,000.50 2026-11-30
qual-us2 Catering trial
  USD 1,000.25 2026-11-25
+2 more

won 1 at 100%                     lost 0 at 0%
VND 350,000,000
$rule  $rule
won- Đi cứu thế giới bằng 1000 …
  VND 350,000,000 2026-12-15" &&
	expect_status 0 bops deal board --limit 0 &&
	grep -q "^+4 more  *+1 more  *+1 more$" out &&
	grep -q "^+1 more$" out &&
	expect_status 2 bops deal board --limit many &&
	expect_status 2 bops deal board --limit 2 --summary &&
	expect_err_contains "--limit and --summary exclude each other"
'

test_case 'a filter narrows the cards and the totals, every stage stays' '
	pipeline &&
	expect_status 0 bops deal board currency=USD "expected_close<=2026-11-30" &&
	expect_out "qualified 1 at 20%                proposal 0 at 40%                 negotiation 1 at 70%
USD 1,000.25 → 200.05                                               USD 12,000.50 → 8,400.35
$rule  $rule  $rule
qual Catering trial                                                 nego 提高客户满意度评分的午餐计…
  USD 1,000.25 2026-11-25                                             USD 12,000.50 2026-11-30

won 0 at 100%                     lost 0 at 0%
$rule  $rule" &&
	expect_status 2 bops deal board colour=red
'

test_case 'a card shows the owner when it fits, and no empty line' '
	new_ws &&
	bops -q deal add "Tea" --id tea owner=me >/dev/null &&
	bops -q deal add "Rice" --id rice amount=5 currency=USD owner=me \
	    expected_close=2026-12-01 >/dev/null &&
	bops -q deal add "Bare" --id bare >/dev/null &&
	need script &&
	tty 200 deal board &&
	grep -q "^rice Rice *$" out &&
	grep -q "^  USD 5.00 2026-12-01 Lan Nguyen *$" out &&
	test "$(grep -A1 "^bare Bare" out | sed 1d | cut -c1-7)" = "tea Tea" &&
	grep -q "^tea Tea *$" out &&
	grep -q "^  Lan Nguyen *$" out
'

test_case 'on a terminal: red past the expected close, closed deals dim' '
	pipeline &&
	need script &&
	esc=$(printf "\033") &&
	BOPS_NOW=2026-11-26T09:00:00Z script -qec "\"$BOPS\" deal board" \
	    /dev/null | tr -d "\r" >out &&
	grep -qF "${esc}[1mqualified 4 at 20%${esc}[0m" out &&
	grep -qF "${esc}[31mqual-us2 Catering trial${esc}[0m" out &&
	grep -qF "${esc}[31m  USD 1,000.25" out &&
	grep -qF "${esc}[31mqual-t " out &&
	grep -qF "${esc}[2mwon- " out &&
	! grep -qF "${esc}[31mnego" out &&
	! grep -qF "${esc}[31mqual-us Nordic" out
'

test_case '--summary: the table of stages, one row per currency' '
	pipeline &&
	expect_status 0 bops deal board --summary &&
	expect_out "stage        chance  deals  currency       amount     weighted
qualified       20%      4  CNY         88,000.00    17,600.00
                            THB         45,000.00     9,000.00
                            USD          6,000.25     1,200.05
proposal        40%      1  VND         1,200,000      480,000
negotiation     70%      1  USD         12,000.50     8,400.35
won            100%      1  VND       350,000,000  350,000,000
lost             0%      0" &&
	expect_status 0 bops deal board --summary --json &&
	expect_out_contains "{\"stage\":\"negotiation\",\"probability\":70,\"deals\":1,\"totals\":[{\"currency\":\"USD\",\"amount\":\"12000.50\",\"weighted\":\"8400.35\"}]}"
'

test_case '--json: the columns with their totals and their cards' '
	pipeline &&
	expect_status 0 bops deal board --json --limit 3 &&
	python3 -c "
import json
b = json.load(open(\"out\"))
cols = b[\"columns\"]
assert [c[\"name\"] for c in cols] == [\"qualified\", \"proposal\", \"negotiation\", \"won\", \"lost\"], cols
assert [c[\"probability\"] for c in cols] == [20, 40, 70, 100, 0]
assert [c[\"count\"] for c in cols] == [4, 1, 1, 1, 0]
q = cols[0]
assert q[\"totals\"] == [
    {\"currency\": \"CNY\", \"amount\": \"88000.00\", \"weighted\": \"17600.00\"},
    {\"currency\": \"THB\", \"amount\": \"45000.00\", \"weighted\": \"9000.00\"},
    {\"currency\": \"USD\", \"amount\": \"6000.25\", \"weighted\": \"1200.05\"}], q
assert [d[\"id\"] for d in q[\"deals\"]] == [\"qual-th\", \"qual-us2\", \"qual-us\"], q
assert cols[3][\"deals\"][0][\"amount\"] == \"350000000\"
assert cols[4][\"totals\"] == [] and cols[4][\"deals\"] == []
assert cols[3][\"totals\"][0][\"weighted\"] == \"350000000\"
"
'

test_case 'a bad --limit, and no deals: the columns alone' '
	new_ws &&
	expect_status 0 bops deal board &&
	expect_out "qualified 0 at 20%                proposal 0 at 40%                 negotiation 0 at 70%
$rule  $rule  $rule

won 0 at 100%                     lost 0 at 0%
$rule  $rule" &&
	expect_status 2 bops deal board --limit -x
'

test_done
