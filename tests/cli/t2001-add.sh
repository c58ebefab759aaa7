#!/bin/sh
# bops task add TITLE [field=value ...] [--id SLUG]
. "$(dirname "$0")/lib.sh"

# due NAME: the due date of task NAME, from --json
due() {
	"$BOPS" task show "$1" --json | sed -n 's/.*"due":"\([^"]*\)".*/\1/p'
}

test_case 'add prints the id on stdout and a summary on stderr' '
	new_ws && n=$(commits) &&
	expect_status 0 bops task add "Write the brief" --id brief &&
	expect_out brief &&
	test "$(cat err)" = "added task brief: Write the brief" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "task brief: add '"'"'Write the brief'"'"'" &&
	ws_clean
'
test_case '-q silences the summary but not the id' '
	new_ws &&
	expect_status 0 bops -q task add "Quiet" --id quiet &&
	expect_out quiet && test ! -s err
'
test_case 'the words before the first assignment make the title' '
	new_ws &&
	expect_status 0 bops task add Call Mai about the price priority=high --id call &&
	expect_status 0 bops task show call --json &&
	expect_out_contains "\"title\":\"Call Mai about the price\"" &&
	expect_out_contains "\"priority\":\"high\""
'
test_case 'a long title is cut in the commit message' '
	new_ws &&
	t=$(printf "%060d" 0) &&
	bops task add "$t" --id long >/dev/null 2>&1 &&
	test "$(git log -1 --format=%s)" = \
	    "task long: add '"'"'$(printf "%050d" 0)...'"'"'"
'
test_case 'fields are set at once, with the defaults' '
	new_ws &&
	expect_status 0 bops task add "Plan" --id plan priority=urgent \
	    estimate=2.5 tags+=q4 assignee="Mai Tran" &&
	expect_status 0 bops task show plan &&
	expect_out "id        plan
title     Plan
status    not-started
assignee  Mai Tran
priority  urgent
estimate  2.5
tags      q4
rank      0toy6c0plan
created   2026-11-23T09:00:00Z
updated   2026-11-23T09:00:00Z" && ws_clean
'
test_case 'assignee=me is the identity' '
	new_ws &&
	bops task add "Mine" --id mine assignee=me >/dev/null 2>&1 &&
	grep -q "^assignee: Lan Nguyen$" tasks/mi/mine.yaml
'
test_case 'due=friday on a Monday is that Friday' '
	new_ws &&
	bops task add "Fri" --id fri due=friday >/dev/null 2>&1 &&
	test "$(due fri)" = 2026-11-27 && ws_clean
'
test_case 'relative dates resolve against BOPS_NOW' '
	new_ws &&
	for pair in today=2026-11-23 tomorrow=2026-11-24 +3d=2026-11-26 \
	    -1w=2026-11-16 monday=2026-11-30 sunday=2026-11-29 \
	    eow=2026-11-29 eom=2026-11-30 eoq=2026-12-31 \
	    2026-w48=2026-11-23 2026-W49=2026-11-30 2024-02-29=2024-02-29; do
		in=${pair%%=*} want=${pair#*=}
		id=d$(echo "$in" | tr -dc "a-z0-9")
		bops task add "$in" --id "$id" due="$in" >/dev/null 2>&1 ||
			{ echo "# add due=$in failed" >&2; exit 1; }
		got=$(due "$id")
		test "$got" = "$want" ||
			{ echo "# due=$in gave $got, want $want" >&2; exit 1; }
	done
'
test_case 'today is the day in the workspace time zone' '
	new_ws &&
	bops config timezone Asia/Ho_Chi_Minh 2>/dev/null &&
	BOPS_NOW=2026-11-23T20:00:00Z bops task add "Late" --id late \
	    due=today >/dev/null 2>&1 &&
	test "$(due late)" = 2026-11-24
'
test_case 'a bad value exits 2 and writes nothing' '
	new_ws && n=$(commits) &&
	expect_status 2 bops task add "Bad" priority=soon &&
	expect_err_contains "field '"'"'priority'"'"': '"'"'soon'"'"' is not one of: urgent, high, normal, low" &&
	expect_status 2 bops task add "Bad" due=2025-02-29 &&
	expect_err_contains "field '"'"'due'"'"': must be a date" &&
	expect_status 2 bops task add "Bad" due=someday &&
	expect_status 2 bops task add "Bad" estimate=-1 &&
	expect_err_contains "must be at least 0" &&
	expect_status 2 bops task add "Bad" estimate=lots &&
	expect_status 2 bops task add "$(printf "%0201d" 0)" &&
	expect_err_contains "at most 200 characters" &&
	test ! -s out && test "$(commits)" = "$n" && test ! -e tasks && ws_clean
'
test_case 'a read-only field cannot be given (exit 2)' '
	new_ws && n=$(commits) &&
	expect_status 2 bops task add "Bad" created=2020-01-01T00:00:00Z &&
	expect_err_contains "is set by bops" && test "$(commits)" = "$n"
'
test_case 'a missing title exits 2' '
	new_ws &&
	expect_status 2 bops task add && expect_err_contains "usage:" &&
	expect_status 2 bops task add "" &&
	expect_status 2 bops task add priority=high && test ! -e tasks
'
test_case 'a word after the fields is refused' '
	new_ws &&
	expect_status 2 bops task add Title priority=high stray &&
	expect_err_contains "expected field=value after the title, got '"'"'stray'"'"'" &&
	test ! -e tasks
'
test_case '--id needs a value' '
	new_ws && expect_status 2 bops task add "X" --id && test ! -e tasks
'
test_case 'x_ fields are kept' '
	new_ws &&
	expect_status 0 bops task add "Custom" --id custom x_source=web &&
	grep -q "^x_source: web$" tasks/cu/custom.yaml && ws_clean
'
test_done
