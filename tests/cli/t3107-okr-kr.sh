#!/bin/sh
# okr add and okr kr add/set/rm: periods, key results and their errors.
. "$(dirname "$0")/lib.sh"

objective() {
	new_ws &&
	bops okr add "Save the world" --id save-the-world >/dev/null 2>&1
}

test_case 'the period defaults to this quarter' '
	new_ws &&
	expect_status 0 bops okr add "Save the world" --id a &&
	expect_out a &&
	grep -q "^period: 2026-Q4$" okrs/a.yaml &&
	grep -q "^status: active$" okrs/a.yaml &&
	BOPS_NOW=2026-03-31T23:59:59Z bops okr add B --id b >/dev/null 2>&1 &&
	grep -q "^period: 2026-Q1$" okrs/b.yaml &&
	BOPS_NOW=2026-04-01T00:00:00Z bops okr add C --id c >/dev/null 2>&1 &&
	grep -q "^period: 2026-Q2$" okrs/c.yaml &&
	ws_clean
'

test_case 'this quarter is the quarter in the workspace time zone' '
	new_ws &&
	bops config timezone Asia/Ho_Chi_Minh >/dev/null 2>&1 &&
	BOPS_NOW=2026-09-30T16:59:59Z bops okr add A --id a >/dev/null 2>&1 &&
	grep -q "^period: 2026-Q3$" okrs/a.yaml &&
	BOPS_NOW=2026-09-30T17:00:00Z bops okr add B --id b >/dev/null 2>&1 &&
	grep -q "^period: 2026-Q4$" okrs/b.yaml
'

test_case 'every period form is accepted and written canonically' '
	new_ws &&
	i=0 &&
	while read -r given want; do
		i=$((i + 1))
		bops okr add "P $i" --id "p$i" "period=$given" >/dev/null 2>&1 &&
		grep -q "^period: $want$" "okrs/p$i.yaml" ||
		fail "period $given is not written as $want" || return 1
	done <<-EOF &&
	2026 2026
	2026-H1 2026-H1
	2026-h2 2026-H2
	2026-Q1 2026-Q1
	2026-q4 2026-Q4
	2026-11 2026-11
	2024-02 2024-02
	2026-w48 2026-w48
	2026-W53 2026-w53
	2026-11-01..2026-12-15 2026-11-01..2026-12-15
	EOF
	ws_clean
'

test_case 'an invalid period is refused, exit 2, nothing written' '
	new_ws &&
	n=$(commits) &&
	for p in 2026-Q5 2026-H3 2026-13 2027-w53 2026-12-15..2026-11-01 \
	    garbage 26 2026-Q0; do
		expect_status 2 bops okr add X "period=$p" || return 1
	done &&
	expect_err_contains "period" &&
	test "$(commits)" -eq "$n" &&
	test ! -d okrs || test -z "$(ls okrs)" &&
	bops okr add A --id a >/dev/null 2>&1 &&
	expect_status 2 bops okr set a period=2026-Q5 &&
	grep -q "^period: 2026-Q4$" okrs/a.yaml &&
	expect_status 2 bops okr score 2026-Q5 &&
	expect_err_contains "invalid period '\''2026-Q5'\''" &&
	expect_status 2 bops okr score garbage &&
	ws_clean
'

test_case 'kr add prints OBJ/N and numbers key results 1, 2, 3' '
	objective &&
	expect_status 0 bops okr kr add save-the-world \
	    "Serve 1000 meals at the hospital" target=1000 unit=meals &&
	expect_out save-the-world/1 &&
	expect_err_contains "okr save-the-world: kr 1 add '\''Serve 1000 meals at the hospital'\''" &&
	expect_status 0 bops okr kr add save-the-world Cut average response time \
	    by 50% start=48 target=24 unit=h direction=down weight=2 &&
	expect_out save-the-world/2 &&
	expect_status 0 bops okr kr add save-the-world "Open a kitchen" \
	    target=1 owner=me category=value confidence=0.5 &&
	expect_out save-the-world/3 &&
	sed -n "/^key_results:/,/^created:/p" okrs/save-the-world.yaml >got &&
	printf "%s\n" "key_results:" "- id: 1" \
	    "  title: Serve 1000 meals at the hospital" "  start: 0" \
	    "  target: 1000" "  unit: meals" "  direction: up" "  weight: 1" \
	    "- id: 2" "  title: Cut average response time by 50%" "  start: 48" \
	    "  target: 24" "  unit: h" "  direction: down" "  weight: 2" \
	    "- id: 3" "  title: Open a kitchen" "  start: 0" "  target: 1" \
	    "  direction: up" "  weight: 1" "  confidence: 0.5" \
	    "  owner: Lan Nguyen" "  category: value" \
	    "created: 2026-11-23T09:00:00Z" >want &&
	diff -u want got >&2 && rm want got &&
	ws_clean
'

test_case 'kr add needs a target (exit 2) and valid fields' '
	objective &&
	n=$(commits) &&
	expect_status 2 bops okr kr add save-the-world "No target" &&
	expect_err_contains "a key result needs target=N" &&
	expect_status 2 bops okr kr add save-the-world "X" target=abc &&
	expect_status 2 bops okr kr add save-the-world "X" target=1 \
	    direction=sideways &&
	expect_status 2 bops okr kr add save-the-world "X" target=1 weight=-1 &&
	expect_status 2 bops okr kr add save-the-world "X" target=1 \
	    confidence=1.5 &&
	expect_status 2 bops okr kr add save-the-world "X" target=1 nofield=1 &&
	expect_status 2 bops okr kr add save-the-world "X" target=1 id=7 &&
	expect_status 2 bops okr kr add save-the-world "X" target=1 grade=1 &&
	expect_status 2 bops okr kr add save-the-world "X" target=1 \
	    checkins=x &&
	expect_status 2 bops okr kr add save-the-world target=1 &&
	expect_status 2 bops okr kr add save-the-world &&
	expect_status 3 bops okr kr add nope "X" target=1 &&
	test "$(commits)" -eq "$n" &&
	ws_clean
'

test_case 'kr set changes fields and names them in the commit' '
	objective &&
	bops okr kr add save-the-world "Serve meals" target=1000 \
	    >/dev/null 2>&1 &&
	expect_status 0 bops okr kr set save-the-world/1 target=1200 \
	    unit=meals "title=Serve 1200 meals" &&
	expect_out save-the-world/1 &&
	test "$(git log -1 --format=%s)" = "okr save-the-world: kr 1 title Serve meals -> Serve 1200 meals, target 1000 -> 1200, unit meals" &&
	grep -q "^  target: 1200$" okrs/save-the-world.yaml &&
	expect_status 0 bops okr kr set save-the-world/1 unit= &&
	! grep -q "unit:" okrs/save-the-world.yaml &&
	ws_clean
'

test_case 'kr set errors: missing KR exit 3, bad address exit 2' '
	objective &&
	bops okr kr add save-the-world "Serve meals" target=1000 \
	    >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 3 bops okr kr set save-the-world/2 target=3 &&
	expect_err_contains "no key result save-the-world/2" &&
	expect_status 3 bops okr kr set nope/1 target=3 &&
	for kr in save-the-world save-the-world/x save-the-world/0 \
	    save-the-world/1.5 /1 save-the-world/; do
		expect_status 2 bops okr kr set "$kr" target=3 || return 1
	done &&
	expect_err_contains "expected OBJECTIVE/N" &&
	expect_status 2 bops okr kr set save-the-world/1 &&
	expect_status 2 bops okr kr set save-the-world/1 target= &&
	expect_status 2 bops okr kr set save-the-world/1 start= &&
	expect_status 2 bops okr kr set save-the-world/1 direction=left &&
	expect_status 2 bops okr kr set save-the-world/1 id=2 &&
	expect_status 2 bops okr kr frob save-the-world/1 &&
	expect_err_contains "unknown verb '\''frob'\'' for okr kr" &&
	expect_status 2 bops okr kr &&
	test "$(commits)" -eq "$n" &&
	ws_clean
'

test_case 'kr rm removes one key result; the last one takes the list' '
	objective &&
	bops okr kr add save-the-world "One" target=1 >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Two" target=2 >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Three" target=3 >/dev/null 2>&1 &&
	expect_status 0 bops okr kr rm save-the-world/2 &&
	expect_out save-the-world/2 &&
	test "$(git log -1 --format=%s)" = "okr save-the-world: kr 2 removed" &&
	test "$(grep -c "^- id:" okrs/save-the-world.yaml)" -eq 2 &&
	! grep -q "title: Two" okrs/save-the-world.yaml &&
	expect_status 0 bops okr kr add save-the-world "Four" target=4 &&
	expect_out save-the-world/4 &&
	expect_status 3 bops okr kr rm save-the-world/2 &&
	expect_status 2 bops okr kr rm save-the-world/1 extra &&
	expect_status 2 bops okr kr rm save-the-world &&
	bops okr kr rm save-the-world/1 >/dev/null 2>&1 &&
	bops okr kr rm save-the-world/3 >/dev/null 2>&1 &&
	bops okr kr rm save-the-world/4 >/dev/null 2>&1 &&
	! grep -q "key_results" okrs/save-the-world.yaml &&
	ws_clean
'

test_case 'kr rm refuses while tasks point at the key result (exit 5)' '
	objective &&
	bops okr kr add save-the-world "One" target=1 >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Two" target=2 >/dev/null 2>&1 &&
	bops -q task add Cook kr=save-the-world/2 --id cook >/dev/null &&
	bops -q task add Serve kr=save-the-world/2 --id serve >/dev/null &&
	n=$(commits) &&
	expect_status 5 bops okr kr rm save-the-world/2 &&
	expect_err_contains "key result '"'"'save-the-world/2'"'"' is the kr of 2 tasks (cook, serve)" &&
	expect_err_contains "bops task set cook kr=" &&
	test "$(commits)" = "$n" && grep -q "title: Two" okrs/save-the-world.yaml &&
	bops -q task set cook kr= >/dev/null &&
	bops -q task set serve kr=save-the-world/1 >/dev/null &&
	expect_status 0 bops okr kr rm save-the-world/2 &&
	expect_status 5 bops okr kr rm save-the-world/1 &&
	expect_err_contains "is the kr of 1 task (serve)" &&
	ws_clean
'

test_case 'exit codes: 2 usage, 3 not found, 6 no workspace, or no identity for a write' '
	expect_status 6 bops okr add X &&
	expect_status 6 bops okr tree &&
	objective &&
	expect_status 2 bops okr frob &&
	expect_status 2 bops okr score 2026-Q4 2027 &&
	expect_status 2 bops okr tree --bogus &&
	expect_status 2 bops okr measure --bogus &&
	expect_status 2 bops okr grade --bogus save-the-world &&
	expect_status 3 bops okr show nope &&
	expect_status 3 bops okr grade nope &&
	expect_status 3 bops okr log nope &&
	expect_status 0 bops okr list &&
	expect_out_contains "save-the-world  2026-Q4  active" &&
	bops okr kr add save-the-world "Meals" target=10 >/dev/null 2>&1 &&
	n=$(commits) &&
	(
		unset BOPS_AUTHOR GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
		    GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
		HOME=$PWD/nohome expect_status 6 bops okr checkin \
		    save-the-world/1 5 &&
		expect_err_contains "no identity" &&
		HOME=$PWD/nohome expect_status 0 bops okr measure
	) &&
	test "$(commits)" -eq "$n"
'

test_case 'okr help lists every verb' '
	new_ws &&
	expect_status 0 bops help okr &&
	for v in add list show set edit rm log kr checkin tree score stale \
	    grade measure; do
		grep -q "^  bops okr $v " out || fail "help lacks $v" || return 1
	done
'

test_done
