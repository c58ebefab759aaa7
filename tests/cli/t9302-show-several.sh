#!/bin/sh
# bops show ID ID...: records of any kind at once, as git show takes
# several objects; --json an array; every id looked up before any is
# shown; an ambiguous prefix names every candidate.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Viết bài blog về Tết" --id viet-blog >/dev/null 2>&1 &&
	"$BOPS" task add "Gửi báo giá" --id viet-quote >/dev/null 2>&1 &&
	"$BOPS" okr add "Cứu thế giới" --id save-the-world >/dev/null 2>&1 &&
	"$BOPS" customer add "สมชาย ใจดี" --id somchai >/dev/null 2>&1
}

test_case 'show of several ids prints each, a blank line between' '
	setup &&
	expect_status 0 bops show viet-blog save somc &&
	expect_out_contains "title    Viết bài blog về Tết" &&
	expect_out_contains "title    Cứu thế giới" &&
	expect_out_contains "name     สมชาย ใจดี" &&
	test "$(grep -B1 "^id " out | grep -c "^$")" = 2 &&
	test "$(grep -c "^id " out)" = 3
'
test_case 'show --json of several is an array, of one an object' '
	setup &&
	expect_status 0 bops show viet-blog save-the-world --json &&
	python3 -c "
import json, sys
a = json.load(open(\"out\"))
assert [r[\"id\"] for r in a] == [\"viet-blog\", \"save-the-world\"], a
assert a[1][\"title\"] == \"Cứu thế giới\", a" &&
	expect_status 0 bops show viet-blog --json &&
	python3 -c "
import json
assert json.load(open(\"out\"))[\"id\"] == \"viet-blog\"" &&
	expect_status 0 bops show viet-blog somchai --yaml &&
	expect_out_contains "- id: viet-blog" &&
	expect_out_contains "- id: somchai"
'
test_case 'csv of several records of one kind; of two kinds refused' '
	setup &&
	expect_status 0 bops show viet-blog viet-quote --csv --fields id,title &&
	expect_out "id,title
viet-blog,Viết bài blog về Tết
viet-quote,Gửi báo giá" &&
	expect_status 2 bops show viet-blog somchai --csv &&
	expect_err_contains "--csv shows records of one kind, not task '"'"'viet-blog'"'"' and customer '"'"'somchai'"'"'"
'
test_case 'an ambiguous prefix names every candidate and shows nothing' '
	setup &&
	expect_status 3 bops show save viet &&
	test ! -s out &&
	expect_err_contains "'"'"'viet'"'"' is ambiguous: task viet-blog, task viet-quote" &&
	bops okr add "Viết lại" --id viet-okr >/dev/null 2>&1 &&
	expect_status 3 bops show viet &&
	expect_err_contains "task viet-blog, task viet-quote, okr viet-okr"
'
test_case 'one id that names nothing shows nothing' '
	setup &&
	expect_status 3 bops show viet-blog nothing &&
	test ! -s out &&
	expect_err_contains "no record '"'"'nothing'"'"'" &&
	expect_status 2 bops show viet-blog "../x" &&
	test ! -s out &&
	expect_status 2 bops show viet-blog save-the-world/1 &&
	expect_err_contains "a key result is shown alone"
'
test_case 'KIND show takes several ids of its kind, as bops show does' '
	setup &&
	expect_status 0 bops task show viet-b viet-q --json &&
	python3 -c "
import json
a = json.load(open(\"out\"))
assert [r[\"id\"] for r in a] == [\"viet-blog\", \"viet-quote\"], a" &&
	expect_status 0 bops task show viet-blog viet-quote &&
	test "$(grep -c "^id " out)" = 2 &&
	expect_status 3 bops task show viet-blog somchai &&
	test ! -s out &&
	expect_status 0 bops customer show somchai --json &&
	expect_out_contains "{\"id\":\"somchai\"" &&
	bops okr add "Giữ khách" --id keep >/dev/null 2>&1 &&
	expect_status 0 bops okr show save keep --csv --fields id &&
	expect_out "id
save-the-world
keep" &&
	expect_status 2 bops okr show keep save-the-world/1 &&
	expect_err_contains "a key result is shown alone"
'
test_case 'journey show of several: each with its governance' '
	setup &&
	bops journey add Onboarding --id onboarding >/dev/null 2>&1 &&
	bops journey add Renewal --id renewal >/dev/null 2>&1 &&
	expect_status 0 bops journey show onboarding renewal &&
	test "$(grep -c "^id " out)" = 2 &&
	expect_status 0 bops journey show onboarding renewal --json &&
	python3 -c "
import json
assert len(json.load(open(\"out\"))) == 2"
'
test_done
