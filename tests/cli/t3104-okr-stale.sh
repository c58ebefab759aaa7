#!/bin/sh
# okr stale: key results with no check-in within okr.checkin_every.
. "$(dirname "$0")/lib.sh"

two_krs() {
	new_ws &&
	bops okr add "Save the world" --id save-the-world owner=me \
	    >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Serve 1000 meals at the hospital" \
	    target=1000 unit=meals >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Open a second kitchen" target=1 \
	    owner=Somchai >/dev/null 2>&1
}

test_case 'key results never checked in are stale' '
	two_krs &&
	expect_status 0 bops okr stale &&
	expect_out "id                last   owner       title
save-the-world/1  never  Lan Nguyen  Serve 1000 meals at the hospital
save-the-world/2  never  Somchai     Open a second kitchen" &&
	expect_status 1 bops okr stale --exit-code &&
	expect_out_contains "save-the-world/2  never" &&
	test ! -s err
'

test_case 'nothing stale: no output and exit 0, with or without --exit-code' '
	two_krs &&
	bops okr checkin save-the-world/1 10 >/dev/null 2>&1 &&
	bops okr checkin save-the-world/2 0 >/dev/null 2>&1 &&
	expect_status 0 bops okr stale &&
	test ! -s out && test ! -s err &&
	expect_status 0 bops okr stale --exit-code &&
	test ! -s out && test ! -s err &&
	ws_clean
'

test_case 'a check-in is stale once it is older than 7 days' '
	two_krs &&
	BOPS_NOW=2026-11-16T09:00:00Z bops okr checkin save-the-world/1 10 \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-20T09:00:00Z bops okr checkin save-the-world/2 1 \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T09:00:00Z expect_status 0 bops okr stale --exit-code &&
	test ! -s out &&
	BOPS_NOW=2026-11-23T09:00:01Z expect_status 1 bops okr stale --exit-code &&
	expect_out "id                last                  owner       title
save-the-world/1  2026-11-16T09:00:00Z  Lan Nguyen  Serve 1000 meals at the hospital" &&
	BOPS_NOW=2026-11-27T09:00:01Z expect_status 1 bops okr stale --exit-code &&
	expect_out "id                last                  owner       title
save-the-world/1  2026-11-16T09:00:00Z  Lan Nguyen  Serve 1000 meals at the hospital
save-the-world/2  2026-11-20T09:00:00Z  Somchai     Open a second kitchen"
'

test_case 'the last check-in counts, not the first' '
	two_krs &&
	bops okr kr rm save-the-world/2 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-02T09:00:00Z bops okr checkin save-the-world/1 10 \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-20T09:00:00Z bops okr checkin save-the-world/1 20 \
	    >/dev/null 2>&1 &&
	expect_status 0 bops okr stale --exit-code &&
	test ! -s out
'

test_case 'okr.checkin_every sets the cadence' '
	two_krs &&
	bops okr checkin save-the-world/1 10 >/dev/null 2>&1 &&
	bops okr checkin save-the-world/2 1 >/dev/null 2>&1 &&
	BOPS_NOW=2026-12-01T09:00:00Z expect_status 1 bops okr stale --exit-code &&
	bops config okr.checkin_every 14d >/dev/null 2>&1 &&
	grep -q "checkin_every: 2w" bops.yaml &&
	BOPS_NOW=2026-12-01T09:00:00Z expect_status 0 bops okr stale --exit-code &&
	test ! -s out &&
	BOPS_NOW=2026-12-07T09:00:00Z expect_status 0 bops okr stale --exit-code &&
	BOPS_NOW=2026-12-07T09:00:01Z expect_status 1 bops okr stale --exit-code &&
	test "$(wc -l <out)" -eq 3 &&
	bops config okr.checkin_every 1d >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-24T09:00:01Z expect_status 1 bops okr stale --exit-code &&
	BOPS_NOW=2026-11-24T09:00:00Z expect_status 0 bops okr stale --exit-code &&
	ws_clean
'

test_case 'a bad cadence in the config is refused' '
	new_ws &&
	expect_status 2 bops config okr.checkin_every soon &&
	grep -q "checkin_every: 1w" bops.yaml
'

test_case 'only active objectives whose period has started count' '
	two_krs &&
	for s in draft achieved missed dropped; do
		bops okr add "$s one" --id "$s" status=$s >/dev/null 2>&1 &&
		bops okr kr add "$s" "KR of $s" target=1 >/dev/null 2>&1 ||
		return 1
	done &&
	bops okr add "Next year" --id next period=2027 >/dev/null 2>&1 &&
	bops okr kr add next "Open a third kitchen" target=1 >/dev/null 2>&1 &&
	bops okr add "Last quarter" --id last period=2026-Q3 >/dev/null 2>&1 &&
	bops okr kr add last "Late" target=1 >/dev/null 2>&1 &&
	bops okr add "No key results" --id empty >/dev/null 2>&1 &&
	expect_status 1 bops okr stale --exit-code &&
	cut -d" " -f1 out >ids &&
	printf "%s\n" id last/1 save-the-world/1 save-the-world/2 >want &&
	diff -u want ids >&2 && rm want ids &&
	BOPS_NOW=2027-01-04T09:00:00Z expect_status 0 bops okr stale &&
	expect_out_contains "next/1" &&
	bops okr set draft status=active >/dev/null 2>&1 &&
	expect_status 0 bops okr stale &&
	expect_out_contains "draft/1"
'

test_case 'okr stale takes no arguments' '
	two_krs &&
	expect_status 2 bops okr stale save-the-world &&
	expect_status 2 bops okr stale --bogus &&
	expect_status 0 bops okr stale --help &&
	expect_out_contains "okr stale [--exit-code]"
'

test_case 'outside a workspace okr stale exits 6' '
	expect_status 6 bops okr stale --exit-code
'

test_done
