#!/bin/sh
# Lists merge by their policy: check-ins as a union ordered by time,
# tags three-way, key results by id (both kept when both add one).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# with_okr: two clones sharing objective "save" with key result 1.
with_okr() {
	two_clones &&
	a -q okr add "Save the world" --id save period=2026-Q4 >/dev/null &&
	a -q okr kr add save "Serve meals" target=1000 >/dev/null &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1
}

test_case 'both check in on one KR: both check-ins, ordered by time' '
	with_okr &&
	(BOPS_NOW=2026-11-24T10:00:00Z a -q okr checkin save/1 300 \
	    --note "from Ann" >/dev/null) &&
	(BOPS_NOW=2026-11-24T08:00:00Z b -q okr checkin save/1 300 \
	    --note "from Bob" >/dev/null) &&
	(BOPS_NOW=2026-11-24T12:00:00Z b -q okr checkin save/1 300 \
	    --note "Bob again" >/dev/null) &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 b sync &&
	expect_out save &&
	a sync >/dev/null 2>&1 &&
	grep -e "note:" -e "- at:" a/okrs/save.yaml >got &&
	printf "%s\n" "  - at: 2026-11-24T08:00:00Z" "    note: from Bob" \
	    "  - at: 2026-11-24T10:00:00Z" "    note: from Ann" \
	    "  - at: 2026-11-24T12:00:00Z" "    note: Bob again" >want &&
	diff -u want got >&2 &&
	! grep -q conflicts a/okrs/save.yaml &&
	converged
'

test_case 'check-ins at the same instant order by who made them' '
	with_okr &&
	(BOPS_NOW=2026-11-24T10:00:00Z a -q okr checkin save/1 250 \
	    >/dev/null) &&
	(BOPS_NOW=2026-11-24T10:00:00Z b -q okr checkin save/1 250 \
	    >/dev/null) &&
	b sync >/dev/null 2>&1 && a sync >/dev/null 2>&1 &&
	b sync >/dev/null 2>&1 &&
	grep "by:" a/okrs/save.yaml >got &&
	printf "%s\n" "    by: Ann Le" "    by: Bob Tran" >want &&
	diff -u want got >&2 &&
	converged
'

test_case 'tags: +x on one side and -y on the other' '
	two_clones &&
	a -q task set brief tags+=y tags+=keep >/dev/null &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1 &&
	a -q task set brief tags+=x >/dev/null &&
	b -q task set brief tags-=y >/dev/null &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 b sync &&
	a sync >/dev/null 2>&1 &&
	sed -n "/^tags:/,/^[a-z]/p" a/tasks/br/brief.yaml >got &&
	printf "%s\n" "tags:" "- keep" "- x" "rank: 0toy6c0brief" >want &&
	diff -u want got >&2 &&
	converged
'

test_case 'tags: removing the last tag against adding one' '
	two_clones &&
	a -q task set brief tags+=old >/dev/null &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1 &&
	a -q task set brief tags-=old >/dev/null &&
	b -q task set brief tags+=new >/dev/null &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 b sync &&
	a sync >/dev/null 2>&1 &&
	sed -n "/^tags:/,/^[a-z]/p" a/tasks/br/brief.yaml >got &&
	printf "%s\n" "tags:" "- new" "rank: 0toy6c0brief" >want &&
	diff -u want got >&2 &&
	converged
'

test_case 'both add a key result: both kept, one renumbered' '
	with_okr &&
	a -q okr kr add save "Recruit cooks" target=20 >/dev/null &&
	b -q okr kr add save "Find donors" target=5 >/dev/null &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 b sync &&
	a sync >/dev/null 2>&1 &&
	grep -e "^- id:" -e "^  title:" a/okrs/save.yaml >got &&
	printf "%s\n" "- id: 1" "  title: Serve meals" "- id: 2" \
	    "  title: Find donors" "- id: 3" "  title: Recruit cooks" >want &&
	diff -u want got >&2 &&
	! grep -q conflicts a/okrs/save.yaml &&
	converged &&
	expect_status 0 a okr score 2026-Q4 &&
	expect_out_contains "save/3"
'

test_case 'both edit different key results and different fields of one' '
	with_okr &&
	a -q okr kr add save "Recruit cooks" target=20 >/dev/null &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1 &&
	a -q okr kr set save/1 target=1200 >/dev/null &&
	a -q okr kr set save/2 unit=people >/dev/null &&
	b -q okr kr set save/1 unit=meals >/dev/null &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 b sync &&
	a sync >/dev/null 2>&1 &&
	grep -qx "  target: 1200" a/okrs/save.yaml &&
	grep -qx "  unit: meals" a/okrs/save.yaml &&
	grep -qx "  unit: people" a/okrs/save.yaml &&
	converged
'

test_case 'one KR field two ways: a conflict named by its path' '
	with_okr &&
	a -q okr kr set save/1 target=1200 >/dev/null &&
	b -q okr kr set save/1 target=1500 >/dev/null &&
	a sync >/dev/null 2>&1 &&
	expect_status 5 b sync &&
	expect_status 0 b conflicts &&
	expect_out_contains "key_results.1.target  1200     1500" &&
	b -q okr set save team=ops >/dev/null &&
	git -C b diff --numstat HEAD~1 HEAD >numstat &&
	test "$(cat numstat)" = "1	0	okrs/save.yaml" &&
	expect_status 0 b resolve save key_results.1.target --take ours &&
	grep -qx "  target: 1500" b/okrs/save.yaml &&
	sync_both && converged
'

test_done
