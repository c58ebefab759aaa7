#!/bin/sh
# The demo workspace (share/demo.sh) holds the Onboarding journey of
# SCENARIOS.md, approved, linked to the service objective's key results.
. "$(dirname "$0")/lib.sh"

test_case 'the demo builds an approved Onboarding journey linked to the service OKR and tickets' '
	sh "$SRC/share/demo.sh" demo >demo.out 2>&1 ||
	    { sed "s/^/#   /" demo.out >&2; return 1; }
	cd demo &&
	grep -q "^status: approved$" journeys/onboarding.yaml &&
	grep -q "^  - okr/service/2$" journeys/onboarding.yaml &&
	grep -q "^journey: onboarding/adopt$" okrs/service.yaml &&
	test "$(grep -c "^- slug: " journeys/onboarding.yaml)" = 5 &&
	test "$(grep -c "^  metric:" journeys/onboarding.yaml)" = 5 &&
	grep -q "^  section Renew$" ../demo.out &&
	grep -q "<svg class=\"curve\"" onboarding.html &&
	"$BOPS" check &&
	"$BOPS" journey map onboarding >map &&
	grep -q "service/2 33%" map &&
	grep -q "1 open ticket" map
'

test_done
