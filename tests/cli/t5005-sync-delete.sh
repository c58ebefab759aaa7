#!/bin/sh
# A record removed on one side and changed on the other is kept, with a
# "(deleted)" conflict; resolve either way.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# deleted_vs_changed: Ann removes brief and syncs; Bob changes it and
# syncs (exit 5).
deleted_vs_changed() {
	two_clones &&
	a -q task rm brief >/dev/null &&
	b -q task set brief priority=high >/dev/null &&
	a sync >/dev/null 2>&1 &&
	b sync >sync.out 2>sync.err
	test $? -eq 5 || { fail "bob sync did not exit 5"; cat sync.err >&2; return 1; }
}

test_case 'removed against changed: kept, with a conflict' '
	deleted_vs_changed &&
	grep -qx "priority: high" b/tasks/br/brief.yaml &&
	sed -n "/^conflicts:/,\$p" b/tasks/br/brief.yaml |
	    sed -e "s/commit: .*/commit: C/" >got &&
	printf "%s\n" "conflicts:" "- field: (deleted)" "  values:" \
	    "  - commit: C" "    author: Ann Le <ann@example.com>" \
	    "  - value: kept" "    commit: C" \
	    "    author: Bob Tran <bob@example.com>" >want &&
	diff -u want got >&2 &&
	expect_status 0 b conflicts &&
	expect_out_contains "task  brief  (deleted)  (unset)  kept" &&
	expect_status 0 a sync &&
	test -f a/tasks/br/brief.yaml &&
	cmp a/tasks/br/brief.yaml b/tasks/br/brief.yaml
'

test_case 'changed against removed, the other way round' '
	two_clones &&
	a -q task rm brief >/dev/null &&
	b -q task set brief priority=high >/dev/null &&
	b sync >/dev/null 2>&1 &&
	expect_status 5 a sync &&
	grep -qx "priority: high" a/tasks/br/brief.yaml &&
	expect_status 0 b sync &&
	cmp a/tasks/br/brief.yaml b/tasks/br/brief.yaml
'

test_case 'resolve by keeping it' '
	deleted_vs_changed &&
	expect_status 0 b resolve brief "(deleted)" --take ours &&
	! grep -q conflicts b/tasks/br/brief.yaml &&
	grep -qx "priority: high" b/tasks/br/brief.yaml &&
	sync_both && converged &&
	test -f a/tasks/br/brief.yaml
'

test_case 'resolve by removing it' '
	deleted_vs_changed &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 a resolve brief "(deleted)" --take ours &&
	test ! -e a/tasks/br/brief.yaml &&
	sync_both && converged &&
	test ! -e b/tasks/br/brief.yaml &&
	expect_status 3 b task show brief
'

test_case 'removed on one side, untouched on the other: gone' '
	two_clones &&
	a -q task rm brief >/dev/null &&
	b -q task add "Other" --id other >/dev/null &&
	sync_both &&
	test ! -e b/tasks/br/brief.yaml &&
	converged
'

test_done
