#!/bin/sh
# bops task log ID: the record's history from git, field by field.
. "$(dirname "$0")/lib.sh"

# Three changes by two people on three days, and another task between.
setup() {
	new_ws &&
	"$BOPS" task add "Brief" --id brief priority=high >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-24T10:15:00Z BOPS_AUTHOR="Mai Tran <mai@example.com>" \
	    "$BOPS" task set brief priority=low tags+=web due=friday \
	    >/dev/null 2>&1 &&
	"$BOPS" task add "Other" --id other >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-25T08:00:00Z "$BOPS" task start brief >/dev/null 2>&1
}

# commit ids vary with the template; mask them
mask() { sed "s/  [0-9a-f]\{10\}  /  COMMIT  /" out >masked && mv masked out; }

test_case 'task log shows each commit of the record, newest first' '
	setup &&
	expect_status 0 bops task log brief && mask &&
	expect_out "2026-11-25 08:00 +0000  COMMIT  Lan Nguyen  task brief: status not-started -> processing, started 2026-11-25T08:00:00Z
    status: not-started -> processing
    started: 2026-11-25T08:00:00Z
2026-11-24 10:15 +0000  COMMIT  Mai Tran  task brief: priority high -> low, due 2026-11-27, tags +web
    priority: high -> low
    due: 2026-11-27
    tags: +web
2026-11-23 09:00 +0000  COMMIT  Lan Nguyen  task brief: add '"'"'Brief'"'"'
    title: Brief
    status: not-started
    priority: high
    rank: 0toy6c0brief
    created: 2026-11-23T09:00:00Z" && test ! -s err
'
test_case 'task log --json is an array of commits with their changes' '
	setup &&
	expect_status 0 bops task log brief --json &&
	python3 -c "
import json, sys
log = json.load(open(\"out\"))
assert len(log) == 3, len(log)
assert log[0][\"author\"] == \"Lan Nguyen\"
assert log[0][\"date\"] == \"2026-11-25T08:00:00Z\"
assert log[0][\"changes\"][0] == {\"field\": \"status\", \"old\": \"not-started\", \"new\": \"processing\"}, log[0]
assert log[1][\"author\"] == \"Mai Tran\" and log[1][\"email\"] == \"mai@example.com\"
assert {\"field\": \"priority\", \"old\": \"high\", \"new\": \"low\"} in log[1][\"changes\"]
assert {\"field\": \"due\", \"old\": None, \"new\": \"2026-11-27\"} in log[1][\"changes\"]
assert log[2][\"message\"] == \"task brief: add '"'"'Brief'"'"'\"
assert all(len(c[\"commit\"]) == 40 for c in log)
"
'
test_case 'task log takes a prefix' '
	setup &&
	expect_status 0 bops task log brie && expect_out_contains "task brief: add"
'
test_case 'task log of an unknown id exits 3' '
	setup &&
	expect_status 3 bops task log nothing &&
	expect_err_contains "no task '"'"'nothing'"'"'" && test ! -s out
'
test_case 'task log of a malformed id exits 2' '
	setup && expect_status 2 bops task log ../x
'
test_case 'task log needs exactly one id' '
	setup && expect_status 2 bops task log && expect_err_contains "usage:"
'
test_case 'task log shows times in the workspace zone with its offset' '
	setup &&
	bops -q config timezone Asia/Ho_Chi_Minh &&
	expect_status 0 bops task log brief && mask &&
	grep -v "^    " out >got &&
	printf "%s\n" \
	    "2026-11-25 15:00 +0700  COMMIT  Lan Nguyen  task brief: status not-started -> processing, started 2026-11-25T08:00:00Z" \
	    "2026-11-24 17:15 +0700  COMMIT  Mai Tran  task brief: priority high -> low, due 2026-11-27, tags +web" \
	    "2026-11-23 16:00 +0700  COMMIT  Lan Nguyen  task brief: add '"'"'Brief'"'"'" >want &&
	diff -u want got >&2 && rm want got &&
	expect_status 0 bops task log brief --json &&
	expect_out_contains "\"date\":\"2026-11-24T10:15:00Z\""
'
test_case 'a hand commit shows in the history too' '
	setup &&
	sed -i "s/^title: .*/title: Brief by hand/" tasks/br/brief.yaml &&
	GIT_AUTHOR_DATE=2026-11-26T12:00:00Z git commit -qam "retitle by hand" &&
	expect_status 0 bops task log brief &&
	head -2 out | sed "s/  [0-9a-f]\{10\}  /  COMMIT  /" >got &&
	printf "%s\n" "2026-11-26 12:00 +0000  COMMIT  Test Runner  retitle by hand" \
	    "    title: Brief -> Brief by hand" >want &&
	cmp want got && rm want got
'
test_done
