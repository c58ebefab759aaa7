#!/bin/sh
# --json everywhere: every read that takes it prints one JSON document
# that python3's json module parses, with each value typed by its field's
# schema (numbers as numbers, booleans as booleans, lists as arrays,
# records as objects, dates, instants and durations as strings), null
# where a fixed shape has no value.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# json COMMAND...: run bops COMMAND, expect exit 0, and check that ./out
# is one JSON document ending in a newline.
json() {
	expect_status 0 bops "$@" || return 1
	python3 -c '
import json, sys
text = open("out", encoding="utf-8").read()
assert text.endswith("\n"), "no final newline"
json.loads(text)
' || fail "bops $* --json: not JSON"
}

# check PYTHON: run PYTHON with `d` the document in ./out and helpers
# num(x) (a JSON number, not a boolean) and one(d, key, value) (the item
# of list d whose key is value).
check() {
	need python3 &&
	python3 -c '
import json, sys
d = json.load(open("out", encoding="utf-8"))
def num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)
def one(items, key, value):
    found = [i for i in items if i.get(key) == value]
    assert len(found) == 1, (key, value, items)
    return found[0]
'"$1" || { sed 's/^/#   out: /' out >&2; return 1; }
}

# custom: a bool, an int and a duration of the team's own for tasks.
custom() {
	cat >>bops.yaml <<-EOF &&
	custom:
	  task:
	    billable:
	      type: bool
	    visits:
	      type: int
	    effort:
	      type: duration
	EOF
	git commit -qm "custom fields" bops.yaml
}

# tasks: a workspace with custom fields, a sprint and two tasks, one of
# them with every kind of value.
tasks() {
	new_ws && custom &&
	bops -q sprint new >/dev/null &&
	bops -q task add "Gọi lại bếp bệnh viện" --id kitchen estimate=3 \
	    tags=hospital,meals due=2026-11-26 billable=true visits=2 \
	    effort=1h30m priority=high "notes=two
lines" >/dev/null &&
	bops -q task add "提高客户满意度评分" --id csat >/dev/null &&
	bops -q sprint plan 2026-w48 kitchen >/dev/null
}

test_case 'list, show and backlog: values typed by the schema' '
	tasks &&
	json task show kitchen --json &&
	check "
assert d[\"id\"] == \"kitchen\" and list(d)[0] == \"id\"
assert d[\"estimate\"] == 3 and num(d[\"estimate\"])
assert d[\"visits\"] == 2 and num(d[\"visits\"])
assert d[\"billable\"] is True
assert d[\"tags\"] == [\"hospital\", \"meals\"]
assert d[\"due\"] == \"2026-11-26\" and d[\"effort\"] == \"1h30m\"
assert d[\"created\"] == \"2026-11-23T09:00:00Z\"
assert d[\"notes\"] == \"two\nlines\"
assert d[\"title\"] == \"Gọi lại bếp bệnh viện\"
assert d[\"sprint\"] == \"2026-w48\"
assert \"assignee\" not in d
" &&
	json task list --json &&
	check "
assert isinstance(d, list) and len(d) == 2
k = one(d, \"id\", \"kitchen\")
assert num(k[\"estimate\"]) and k[\"billable\"] is True
assert \"estimate\" not in one(d, \"id\", \"csat\")
" &&
	json task backlog --json &&
	check "assert [t[\"id\"] for t in d] == [\"csat\"]" &&
	json task list title~nothing --json && expect_out "[]"
'

test_case 'task log: old and new typed by their field' '
	tasks &&
	bops -q task set kitchen estimate=5 billable=false tags-=meals \
	    visits= >/dev/null &&
	json task log kitchen --json &&
	check "
c = {x[\"field\"]: x for x in d[0][\"changes\"]}
assert c[\"estimate\"] == {\"field\": \"estimate\", \"old\": 3, \"new\": 5}, c
assert c[\"billable\"][\"old\"] is True and c[\"billable\"][\"new\"] is False
assert c[\"tags\"][\"old\"] == [\"hospital\", \"meals\"]
assert c[\"tags\"][\"new\"] == [\"hospital\"]
assert c[\"visits\"][\"old\"] == 2 and c[\"visits\"][\"new\"] is None
first = {x[\"field\"]: x[\"new\"] for x in d[-1][\"changes\"]}
assert first[\"estimate\"] == 3 and first[\"billable\"] is True
assert first[\"due\"] == \"2026-11-26\" and first[\"effort\"] == \"1h30m\"
assert len(d[0][\"commit\"]) == 40 and d[0][\"date\"].endswith(\"Z\")
" &&
	bops -q task rm kitchen >/dev/null &&
	json task log kitchen --json &&
	check "
c = d[0][\"changes\"]
assert len(c) == 1 and c[0][\"field\"] == \"record\", c
assert c[0][\"new\"] is None
old = c[0][\"old\"]
assert old[\"estimate\"] == 5 and old[\"billable\"] is False
assert old[\"tags\"] == [\"hospital\"]
"
'

test_case 'okr show, list, log, tree and score: key results and check-ins' '
	new_ws &&
	bops -q okr add "Save the world" --id save-the-world period=2026-Q4 \
	    >/dev/null &&
	bops -q okr kr add save-the-world "Serve 1000 meals at the hospital" \
	    target=1000 unit=meals >/dev/null &&
	BOPS_NOW=2026-11-24T09:00:00Z bops -q okr checkin save-the-world/1 \
	    250 confidence=0.8 --note "tuần một" >/dev/null &&
	json okr show save-the-world --json &&
	check "
kr = d[\"key_results\"][0]
assert kr[\"id\"] == 1 and num(kr[\"id\"])
assert kr[\"target\"] == 1000 and kr[\"start\"] == 0 and kr[\"current\"] == 250
assert kr[\"weight\"] == 1 and kr[\"confidence\"] == 0.8
assert kr[\"direction\"] == \"up\" and kr[\"unit\"] == \"meals\"
ci = kr[\"checkins\"][0]
assert ci == {\"at\": \"2026-11-24T09:00:00Z\", \"by\": \"Lan Nguyen\",
    \"value\": 250, \"confidence\": 0.8, \"note\": \"tuần một\"}, ci
assert d[\"period\"] == \"2026-Q4\"
" &&
	json okr list --json &&
	check "assert num(d[0][\"key_results\"][0][\"checkins\"][0][\"value\"])" &&
	json okr log save-the-world --json &&
	check "
c = d[0][\"changes\"]
kr = one(c, \"field\", \"key_results\")
assert kr[\"old\"][0][\"id\"] == 1 and \"current\" not in kr[\"old\"][0]
assert kr[\"new\"][0][\"current\"] == 250
assert kr[\"new\"][0][\"checkins\"][0][\"confidence\"] == 0.8
" &&
	BOPS_NOW=2026-11-25T09:00:00Z json okr tree --json &&
	check "
o = d[0]
assert o[\"id\"] == \"save-the-world\" and num(o[\"progress\"])
assert num(o[\"expected\"]) and o[\"pace\"] in (\"on-track\", \"at-risk\", \"off-track\")
assert o[\"key_results\"][0][\"id\"] == \"save-the-world/1\"
assert num(o[\"key_results\"][0][\"progress\"]) and o[\"children\"] == []
" &&
	BOPS_NOW=2026-11-25T09:00:00Z json okr score --json &&
	check "
assert one(d, \"id\", \"save-the-world\")[\"confidence\"] is None
kr = one(d, \"id\", \"save-the-world/1\")
assert kr[\"confidence\"] == 0.8 and num(kr[\"progress\"]) and num(kr[\"expected\"])
"
'

test_case 'boards: columns with a number or null limit, typed tasks' '
	tasks &&
	bops -q config board.wip.processing 3 &&
	json task board --json &&
	check "
c = d[\"columns\"]
assert [x[\"name\"] for x in c] == [\"not-started\", \"processing\", \"done\"]
assert c[0][\"limit\"] is None and c[1][\"limit\"] == 3 and num(c[1][\"limit\"])
assert c[0][\"count\"] == 2 and num(c[0][\"count\"])
assert one(c[0][\"tasks\"], \"id\", \"kitchen\")[\"estimate\"] == 3
" &&
	json sprint board --json &&
	check "
assert [t[\"id\"] for t in d[\"columns\"][0][\"tasks\"]] == [\"kitchen\"]
assert d[\"columns\"][0][\"tasks\"][0][\"billable\"] is True
"
'

test_case 'sprints: show, current, burndown, velocity, rollover' '
	tasks &&
	bops -q sprint start 2026-w48 >/dev/null &&
	json sprint show 2026-w48 --json &&
	check "
assert d[\"committed\"] == 3 and num(d[\"committed\"])
assert d[\"start\"] == \"2026-11-23\" and d[\"status\"] == \"active\"
" &&
	json sprint current --json && check "assert d[\"id\"] == \"2026-w48\"" &&
	BOPS_NOW=2026-11-25T12:00:00Z json sprint burndown --json &&
	check "
assert len(d) == 7 and d[0][\"date\"] == \"2026-11-23\"
assert num(d[0][\"remaining\"]) and num(d[0][\"ideal\"])
assert d[6][\"remaining\"] is None
" &&
	BOPS_NOW=2026-11-29T12:00:00Z bops -q task done kitchen >/dev/null &&
	BOPS_NOW=2026-11-29T12:00:00Z bops -q sprint close 2026-w48 \
	    --carry-to backlog >/dev/null &&
	json sprint velocity --json &&
	check "
s = d[\"sprints\"][0]
assert s[\"id\"] == \"2026-w48\" and s[\"completed\"] == 3 and num(d[\"mean\"])
assert s[\"start\"] == \"2026-11-23\" and s[\"end\"] == \"2026-11-29\"
" &&
	json sprint rollover --json && expect_out "[]"
'

test_case 'experiment: whole counts exact, null where nothing was tested' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	bops -q sprint experiment add 2026-w48 signup messages=story,price \
	    destinations=landing,chat >/dev/null &&
	bops -q sprint experiment result 2026-w48 signup story/landing \
	    reach=12345678 conversions=1234567 >/dev/null &&
	bops -q sprint experiment result 2026-w48 signup price/landing \
	    reach=9007199254740991 conversions=0 >/dev/null &&
	json sprint experiment show 2026-w48 signup --json &&
	check "
assert d[\"sprint\"] == \"2026-w48\" and d[\"name\"] == \"signup\"
assert d[\"winner\"] == \"story/landing\"
v = one(d[\"variants\"], \"id\", \"story/landing\")
assert v[\"reach\"] == 12345678 and v[\"conversions\"] == 1234567, v
assert v[\"rank\"] == 1 and num(v[\"rate\"]) and v[\"z\"] is None
w = one(d[\"variants\"], \"id\", \"price/landing\")
assert w[\"reach\"] == 9007199254740991 and w[\"significant\"] is True
assert num(w[\"z\"]) and num(w[\"p\"]) and num(w[\"p_adjusted\"])
u = one(d[\"variants\"], \"id\", \"story/chat\")
assert u[\"reach\"] == 0 and u[\"significant\"] is None
" &&
	expect_status 0 bops sprint experiment show 2026-w48 signup &&
	grep -q "^1  story/landing  *12345678  *1234567 " out
'

test_case 'workspace log and conflicts with nothing in them' '
	new_ws &&
	json log --json &&
	check "
assert len(d) == 1 and len(d[0][\"commit\"]) == 40
assert d[0][\"date\"] == \"2026-11-23T09:00:00Z\"
assert d[0][\"author\"] and d[0][\"email\"] and d[0][\"message\"]
" &&
	json log -n 0 --json && expect_out "[]" &&
	json conflicts --json && expect_out "[]" &&
	json okr tree --json && expect_out "[]" &&
	json okr score --json && expect_out "[]" &&
	json sprint velocity --json &&
	check "assert d == {\"sprints\": [], \"mean\": 0}"
'

test_case 'conflicts: both values typed, null for a removed one' '
	two_clones &&
	a -q task set brief estimate=3 due=2026-11-27 >/dev/null &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1 &&
	a -q task set brief estimate=5 due= >/dev/null &&
	b -q task set brief estimate=8 due=2026-11-30 >/dev/null &&
	a -q config board.wip.processing 2 &&
	b -q config board.wip.processing 4 &&
	a sync >/dev/null 2>&1 &&
	{ b sync >/dev/null 2>&1; test $? = 5; } &&
	cd b && json conflicts --json &&
	check "
e = one(d, \"field\", \"estimate\")
assert e[\"kind\"] == \"task\" and e[\"id\"] == \"brief\"
assert e[\"base\"] == 3 and e[\"values\"] == [5, 8], e
assert e[\"error\"] is None
u = one(d, \"field\", \"due\")
assert u[\"base\"] == \"2026-11-27\" and u[\"values\"] == [None, \"2026-11-30\"], u
w = one(d, \"field\", \"board.wip.processing\")
assert w[\"kind\"] == \"config\" and w[\"values\"] == [2, 4], w
" &&
	json task show brief --json &&
	check "
c = one(d[\"conflicts\"], \"field\", \"estimate\")
assert c[\"base\"] == 3 and [v[\"value\"] for v in c[\"values\"]] == [5, 8]
assert c[\"values\"][0][\"author\"] == \"Ann Le <ann@example.com>\"
u = one(d[\"conflicts\"], \"field\", \"due\")
assert \"value\" not in u[\"values\"][0] and u[\"values\"][1][\"value\"] == \"2026-11-30\"
"
'

test_case 'a record that does not validate is listed with its error' '
	new_ws &&
	bops -q task add "Brief" --id brief >/dev/null &&
	printf "estimate: lots\n" >>tasks/br/brief.yaml &&
	git commit -qam "by hand" &&
	json conflicts --json 2>/dev/null &&
	check "
e = d[0]
assert e[\"kind\"] == \"task\" and e[\"id\"] == \"brief\" and e[\"field\"] == \"(invalid)\"
assert \"estimate\" in e[\"error\"] and e[\"base\"] is None and e[\"values\"] == []
"
'

test_case 'history of hand edits: a value that is not of its type stays a string' '
	new_ws &&
	bops -q task add "Brief" --id brief estimate=2 >/dev/null &&
	for v in lots 1e999 .nan 0x1F "\"3\"" 99999999999999999999 true; do
		sed -i "s/^estimate: .*/estimate: $v/" tasks/br/brief.yaml &&
		git commit -qam "estimate $v" || exit 1
	done &&
	printf "carried: 9007199254740993\nx_note: 5\n" >>tasks/br/brief.yaml &&
	git commit -qam "hostile" &&
	json task log brief --json &&
	check "
c = {x[\"field\"]: x for x in d[0][\"changes\"]}
assert c[\"carried\"][\"new\"] == \"9007199254740993\", c
assert c[\"x_note\"][\"new\"] == \"5\"
est = [x[\"changes\"][0][\"new\"] for x in d[1:8]]
assert est == [\"true\", 1e20, 3, \"0x1F\", \".nan\", \"1e999\", \"lots\"], est
assert d[7][\"changes\"][0] == {\"field\": \"estimate\", \"old\": 2,
    \"new\": \"lots\"}, d[7]
"
'
test_done
