#!/bin/sh
# Governance: approve (exit 5 with what is missing), changed since
# approval, review cadence and due, portfolio, retire, --as-of.
. "$(dirname "$0")/lib.sh"

# A journey with two stages, a metric on each, owner and sponsor.
ready() {
	new_ws &&
	bops journey add Onboarding persona="SMB owner" owner=me \
	    sponsor="Minh Tran" --id onboarding >/dev/null 2>&1 &&
	bops journey stage add onboarding Discover emotion=1 >/dev/null 2>&1 &&
	bops journey stage add onboarding Sign up emotion=-1 >/dev/null 2>&1 &&
	bops journey metric set onboarding/discover CSAT target=4.5 \
	    current=4.1 family=value >/dev/null 2>&1 &&
	bops journey metric set onboarding/sign-up Completion target=80 \
	    current=55 unit=% family=tactical >/dev/null 2>&1
}

test_case 'approve lists what is missing and exits 5, changing nothing' '
	new_ws &&
	bops journey add Onboarding --id onboarding >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 5 bops journey approve onboarding &&
	expect_err_contains "it needs an owner, a sponsor, a stage" &&
	bops journey set onboarding owner=me sponsor=Minh >/dev/null 2>&1 &&
	bops journey stage add onboarding Discover >/dev/null 2>&1 &&
	bops journey stage add onboarding Renew >/dev/null 2>&1 &&
	bops journey metric set onboarding/renew NRR target=110 >/dev/null 2>&1 &&
	expect_status 5 bops journey approve onboarding &&
	expect_err_contains "it needs a metric on stage '"'"'discover'"'"'" &&
	expect_status 5 bops journey set onboarding status=approved &&
	grep -q "^status: draft$" journeys/onboarding.yaml &&
	test "$(commits)" = "$((n + 4))" &&
	ws_clean
'

test_case 'approve records who and when; show and map say nothing changed' '
	ready &&
	expect_status 0 bops journey approve onboarding &&
	expect_out onboarding &&
	expect_err_contains "journey onboarding: approved" &&
	grep -q "^status: approved$" journeys/onboarding.yaml &&
	grep -q "^approved_by: Lan Nguyen$" journeys/onboarding.yaml &&
	grep -q "^approved_at: 2026-11-23T09:00:00Z$" journeys/onboarding.yaml &&
	expect_status 0 bops journey show onboarding &&
	! grep -q "changed since approval" out &&
	expect_out_contains "review due on 2027-02-21" &&
	ws_clean
'

test_case 'a changed stage or metric shows as changed since approval' '
	ready &&
	bops journey approve onboarding >/dev/null 2>&1 &&
	BOPS_NOW=2026-12-01T10:00:00Z bops journey metric set \
	    onboarding/discover CSAT target=4.6 >/dev/null 2>&1 &&
	grep -q "^status: approved$" journeys/onboarding.yaml &&
	expect_status 0 bops journey show onboarding &&
	expect_out_contains "changed since approval on 2026-11-23" &&
	expect_status 0 bops journey map onboarding &&
	expect_out_contains "changed since approval on 2026-11-23" &&
	expect_status 0 bops journey portfolio &&
	expect_out_contains "changed since approval" &&
	BOPS_NOW=2026-12-02T10:00:00Z bops journey approve onboarding \
	    >/dev/null 2>&1 &&
	grep -q "^approved_at: 2026-12-02T10:00:00Z$" \
	    journeys/onboarding.yaml &&
	expect_status 0 bops journey map onboarding &&
	! grep -q "changed since approval" out &&
	bops journey metric set onboarding/discover CSAT target=4.7 \
	    >/dev/null 2>&1 &&
	bops journey set onboarding status=in-review >/dev/null 2>&1 &&
	expect_status 0 bops journey show onboarding &&
	! grep -q "changed since approval" out &&
	ws_clean
'

test_case 'a link is no change to the approved map' '
	ready &&
	bops journey approve onboarding >/dev/null 2>&1 &&
	t=$(bops task add Call 2>/dev/null) &&
	expect_status 0 bops journey link onboarding/discover task $t &&
	expect_status 0 bops journey show onboarding &&
	! grep -q "changed since approval" out &&
	ws_clean
'

test_case 'review stamps the review; a journey past its cadence is due' '
	ready &&
	BOPS_NOW=2027-03-01T09:00:00Z bops journey portfolio >out 2>err &&
	grep -q "^onboarding  draft .*2026-11-23  2027-02-21 .*review overdue" out &&
	expect_status 0 env BOPS_NOW=2027-03-01T09:00:00Z "$BOPS" journey review \
	    onboarding --note "CSAT up, sign-up still hurts" &&
	expect_out onboarding &&
	grep -q "^- at: 2027-03-01T09:00:00Z$" journeys/onboarding.yaml &&
	grep -q "^  by: Lan Nguyen$" journeys/onboarding.yaml &&
	grep -q "^  note: CSAT up, sign-up still hurts$" journeys/onboarding.yaml &&
	BOPS_NOW=2027-03-02T09:00:00Z bops journey portfolio >out 2>err &&
	grep -q "^onboarding  draft .*2027-03-01  2027-05-30 " out &&
	! grep -q "overdue" out &&
	BOPS_NOW=2027-03-02T09:00:00Z bops journey show onboarding >out &&
	grep -q "review due on 2027-05-30" out &&
	bops journey set onboarding review_every=1w >/dev/null 2>&1 &&
	BOPS_NOW=2027-03-09T09:00:00Z bops journey show onboarding >out &&
	grep -q "review overdue since 2027-03-08" out &&
	ws_clean
'

test_case 'portfolio shows every journey, its health, and --json' '
	ready &&
	bops journey add Support --id support owner=me >/dev/null 2>&1 &&
	expect_status 0 bops journey portfolio &&
	head -1 out | grep -q "^ID  *STATUS  *OWNER  *REVIEWED  *DUE  *STAGES  *ON TARGET  *NOTE  *TITLE$" &&
	grep -q "^onboarding  draft  *Lan Nguyen .* 2  0/2  *Onboarding$" out &&
	grep -q "^support  *draft" out &&
	bops journey metric set onboarding/discover CSAT current=4.5 \
	    >/dev/null 2>&1 &&
	expect_status 0 bops journey portfolio --json &&
	python3 -c "
import json, sys
a = json.load(open(\"out\"))
assert [j[\"id\"] for j in a] == [\"onboarding\", \"support\"], a
o = a[0]
assert o[\"on_target\"] == 1 and o[\"with_metric\"] == 2, o
assert o[\"due\"] == \"2027-02-21\" and o[\"overdue\"] is False, o
assert o[\"stages\"] == 2 and o[\"owner\"] == \"Lan Nguyen\", o
" &&
	expect_status 2 bops journey portfolio extra
'

test_case 'retire ends a journey: no review is due' '
	ready &&
	expect_status 0 bops journey retire onboarding &&
	grep -q "^status: retired$" journeys/onboarding.yaml &&
	BOPS_NOW=2028-01-01T00:00:00Z bops journey portfolio >out &&
	! grep -q overdue out &&
	ws_clean
'

test_case '--as-of shows the map and the journey as they stood' '
	ready &&
	BOPS_NOW=2026-12-20T09:00:00Z bops journey metric set \
	    onboarding/discover CSAT current=4.4 >/dev/null 2>&1 &&
	BOPS_NOW=2026-12-21T09:00:00Z bops journey stage add onboarding \
	    Renew >/dev/null 2>&1 &&
	BOPS_NOW=2026-12-22T09:00:00Z bops journey map onboarding >now &&
	grep -q "Renew" now &&
	grep -q "CSAT 4.4/4.5" now &&
	expect_status 0 env BOPS_NOW=2026-12-22T09:00:00Z "$BOPS" journey map \
	    onboarding --as-of 2026-12-01 &&
	expect_out_contains "CSAT 4.1/4.5" &&
	! grep -q "Renew" out &&
	expect_status 0 env BOPS_NOW=2026-12-22T09:00:00Z "$BOPS" journey show \
	    onboarding --as-of 2026-12-20 &&
	! grep -q "renew" out &&
	expect_status 2 bops journey map onboarding --as-of someday &&
	rm now &&
	ws_clean
'

test_case 'the map format is text, mermaid or html' '
	ready &&
	expect_status 2 bops journey map onboarding --format pdf &&
	expect_err_contains "want text, mermaid or html" &&
	expect_status 3 bops journey map nosuch &&
	expect_status 2 bops journey map
'

test_done
