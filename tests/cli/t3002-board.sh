#!/bin/sh
# bops task board [FILTER ...] [--json]: columns with count and WIP limit.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Viết bài blog" --id blog priority=high assignee=me \
	    >/dev/null 2>&1 &&
	"$BOPS" task add "准备季度报告" --id report priority=urgent >/dev/null 2>&1 &&
	"$BOPS" task add "Call Mai" --id call-mai >/dev/null 2>&1 &&
	"$BOPS" task add "Call Minh" --id call-minh priority=low >/dev/null 2>&1 &&
	"$BOPS" task start blog >/dev/null 2>&1 &&
	"$BOPS" task done call-mai >/dev/null 2>&1
}

rule=$(printf "%32s" "" | sed "s/ /─/g")

test_case 'the board shows each column with its count and limit' '
	setup &&
	expect_status 0 bops task board &&
	expect_out "not-started 2                     processing 1/3                    done 1
$rule  $rule  $rule
repo 准备季度报告                 blog Viết bài blog                call-ma Call Mai
call-mi Call Minh" && test ! -s err
'
test_case 'the board follows the configured columns' '
	setup &&
	bops config board.columns not-started,processing,review,done 2>/dev/null &&
	bops config board.wip.review 2 2>/dev/null &&
	expect_status 0 bops task board &&
	head -1 out >got &&
	printf "%-25s%-25s%-25s%s\n" "not-started 2" "processing 1/3" \
	    "review 0/2" "done 1" >want &&
	cmp want got && rm want got
'
test_case 'a column over its limit shows the count past the limit' '
	setup && bops config board.wip.processing 1 2>/dev/null &&
	bops task start report --force >/dev/null 2>&1 &&
	expect_status 0 bops task board &&
	expect_out_contains "processing 2/1"
'
test_case 'a filter narrows the board but keeps every column' '
	setup &&
	expect_status 0 bops task board priority=high,urgent &&
	expect_out "not-started 1                     processing 1/3                    done 0
$rule  $rule  $rule
repo 准备季度报告                 blog Viết bài blog"
'
test_case 'an empty workspace has an empty board' '
	new_ws &&
	expect_status 0 bops task board &&
	expect_out "not-started 0                     processing 0/3                    done 0
$rule  $rule  $rule"
'
test_case 'without a UTF-8 locale the rule is ASCII' '
	setup &&
	LC_ALL=C LANG=C expect_status 0 bops task board &&
	sed -n 2p out | grep -q "^-\{32\}  -\{32\}  -\{32\}$"
'
test_case 'board --json has every column with limit, count and tasks' '
	setup &&
	expect_status 0 bops task board --json &&
	python3 -c "
import json
b = json.load(open(\"out\"))
cols = b[\"columns\"]
assert [c[\"name\"] for c in cols] == [\"not-started\", \"processing\", \"done\"]
assert [c[\"limit\"] for c in cols] == [None, 3, None], cols
assert [c[\"count\"] for c in cols] == [2, 1, 1]
assert [t[\"id\"] for t in cols[0][\"tasks\"]] == [\"report\", \"call-minh\"]
assert cols[1][\"tasks\"][0][\"title\"] == \"Viết bài blog\"
assert cols[1][\"tasks\"][0][\"assignee\"] == \"Lan Nguyen\"
assert cols[2][\"tasks\"][0][\"finished\"] == \"2026-11-23T09:00:00Z\"
"
'
test_case 'board --json with a filter counts what matches' '
	setup &&
	expect_status 0 bops task board assignee=me --json &&
	python3 -c "
import json
b = json.load(open(\"out\"))
assert [c[\"count\"] for c in b[\"columns\"]] == [0, 1, 0]
"
'
# many: 25 tasks not started, in an order the board must find itself.
many() {
	new_ws &&
	for i in $(seq 1 25); do
		p=normal
		[ $((i % 5)) -eq 0 ] && p=urgent
		[ $((i % 7)) -eq 0 ] && p=low
		"$BOPS" -q task add "Task $i" --id "t$i" priority=$p \
		    >/dev/null 2>&1 || return 1
	done
	"$BOPS" -q task start t3 >/dev/null 2>&1
}

test_case 'a column shows its first 20 cards and how many more it has' '
	many &&
	expect_status 0 bops task board &&
	[ "$(sed -n 3p out | cut -c1-32 | sed "s/ *$//")" = "t5 Task 5" ] &&
	[ "$(grep -c "^t" out)" -eq 20 ] &&
	grep -q "^… 4 more *$" out &&
	head -1 out | grep -q "^not-started 24 .*processing 1/3"
'
test_case 'board --limit shows the first N cards, a negative limit all' '
	many &&
	expect_status 0 bops task board --limit -1 --json && mv out all &&
	expect_status 0 bops task board --limit 3 --json && mv out three &&
	expect_status 0 bops task board --limit 0 &&
	! grep -q "^t" out && grep -q "^… 24 more" out &&
	python3 -c "
import json
a = json.load(open(\"all\"))[\"columns\"]
t = json.load(open(\"three\"))[\"columns\"]
assert [c[\"count\"] for c in a] == [24, 1, 0], a
assert [c[\"count\"] for c in t] == [24, 1, 0], t
assert len(a[0][\"tasks\"]) == 24
for x, y in zip(a, t):
    assert y[\"tasks\"] == x[\"tasks\"][:3], (x[\"name\"], y[\"tasks\"])
ids = [x[\"id\"] for x in a[0][\"tasks\"]]
assert ids[:6] == [\"t5\", \"t10\", \"t15\", \"t20\", \"t25\", \"t1\"], ids
assert ids[-3:] == [\"t7\", \"t14\", \"t21\"], ids
" &&
	expect_status 2 bops task board --limit many
'
test_case 'a bad filter on the board exits 2' '
	setup &&
	expect_status 2 bops task board colour=red &&
	expect_status 2 bops task board justaword
'
test_done
