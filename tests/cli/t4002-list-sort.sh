#!/bin/sh
# bops task list --sort f,-g --fields a,b --limit N
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	BOPS_NOW=2026-11-20T09:00:00Z "$BOPS" task add "Write brief" --id brief \
	    priority=high due=2026-11-25 assignee=me estimate=2 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-21T09:00:00Z "$BOPS" task add "Call Mai" --id call \
	    priority=low due=2026-11-30 assignee=Mai estimate=5 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-22T09:00:00Z "$BOPS" task add "Report" --id report \
	    priority=urgent assignee=Wang estimate=10 >/dev/null 2>&1 &&
	"$BOPS" task add "Invoice" --id invoice priority=normal \
	    due=2026-11-20 >/dev/null 2>&1
}

ids() {
	"$BOPS" task list --fields id "$@" | tail -n +2 | tr "\n" " "
}

test_case 'priority sorts as people say it: -priority puts urgent first' '
	setup &&
	test "$(ids --sort -priority)" = "report brief invoice call " &&
	test "$(ids --sort priority)" = "call invoice brief report " &&
	test "$(ids --sort +priority)" = "call invoice brief report "
'
test_case 'the default order puts the most urgent first in each column' '
	setup &&
	test "$(ids)" = "report brief invoice call " &&
	bops task start call >/dev/null 2>&1 &&
	test "$(ids)" = "report brief invoice call " &&
	bops task start brief >/dev/null 2>&1 &&
	test "$(ids)" = "report invoice brief call "
'
test_case 'a custom enum sorts in the order its declaration says' '
	setup &&
	cat >>bops.yaml <<-EOF &&
	custom:
	  task:
	    severity:
	      type: enum
	      values: [critical, major, minor]
	      order: high-to-low
	    size:
	      type: enum
	      values: [s, m, l, xl]
	EOF
	git commit -qam "custom fields" &&
	bops task set brief severity=minor size=xl >/dev/null 2>&1 &&
	bops task set call severity=critical size=s >/dev/null 2>&1 &&
	bops task set report severity=major size=m >/dev/null 2>&1 &&
	test "$(ids --sort -severity)" = "call report brief invoice " &&
	test "$(ids --sort severity)" = "brief report call invoice " &&
	test "$(ids --sort size)" = "call report brief invoice " &&
	test "$(ids --sort -size)" = "brief report call invoice " &&
	test "$(ids "severity>major")" = "call " &&
	test "$(ids "size>m")" = "brief " &&
	ws_clean
'
test_case 'dates sort in time order; unset values go last' '
	setup &&
	test "$(ids --sort due)" = "invoice brief call report " &&
	test "$(ids --sort -due)" = "call brief invoice report "
'
test_case 'numbers sort as numbers' '
	setup &&
	test "$(ids --sort estimate)" = "brief call report invoice " &&
	test "$(ids --sort -estimate)" = "report call brief invoice "
'
test_case 'several keys: the second breaks ties of the first' '
	setup && bops task set call priority=high >/dev/null 2>&1 &&
	test "$(ids --sort -priority,-due)" = "report call brief invoice " &&
	test "$(ids --sort -priority,due)" = "report brief call invoice "
'
test_case '-created lists the newest first' '
	setup &&
	test "$(ids --sort -created)" = "invoice report call brief "
'
test_case '--fields picks and orders the columns' '
	setup &&
	expect_status 0 bops task list --fields title,due,estimate --sort due &&
	expect_out "title        due         estimate
Invoice      2026-11-20
Write brief  2026-11-25         2
Call Mai     2026-11-30         5
Report                         10"
'
test_case '--fields takes x_ fields and id' '
	setup && bops task set brief x_channel=email >/dev/null 2>&1 &&
	expect_status 0 bops task list --fields id,x_channel --sort -x_channel --limit 1 &&
	expect_out "id     x_channel
brief  email"
'
test_case '--limit keeps the first N after sorting' '
	setup &&
	test "$(ids --sort due --limit 2)" = "invoice brief " &&
	test "$(ids --limit 1 --sort -estimate)" = "report " &&
	test "$(ids --limit 10)" = "$(ids)"
'
test_case '--limit applies to --json too' '
	setup &&
	expect_status 0 bops task list --json --sort -priority --limit 2 &&
	python3 -c "
import json
assert [t[\"id\"] for t in json.load(open(\"out\"))] == [\"report\", \"brief\"]
"
'
test_case 'a bad --sort, --fields or --limit exits 2' '
	setup &&
	expect_status 2 bops task list --sort colour &&
	expect_err_contains "unknown field '"'"'colour'"'"'" &&
	expect_status 2 bops task list --sort , &&
	expect_status 2 bops task list --sort &&
	expect_err_contains "needs a value" &&
	expect_status 2 bops task list --fields id,colour &&
	expect_status 2 bops task list --fields "" &&
	expect_status 2 bops task list --limit many &&
	expect_err_contains "--limit: not a count" &&
	expect_status 2 bops task list --limit 2x
'
test_case 'text sorts without regard to case or Unicode form' '
	new_ws &&
	bops -q task add "banana" --id b >/dev/null &&
	bops -q task add "Apple" --id a >/dev/null &&
	bops -q task add "$(printf "E\314\201clair")" --id e2 >/dev/null &&
	bops -q task add "éclair" --id e1 >/dev/null &&
	bops -q task add "Cherry" --id c >/dev/null &&
	test "$(ids --sort title)" = "a b c e2 e1 " ||
	    fail "got $(ids --sort title)"
'
test_done
