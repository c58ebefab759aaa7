#!/bin/sh
# History by when things happened, not by when merges arrived: work done
# offline on Tuesday counts on Tuesday, though it is merged on Thursday.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# offline_week: sprint 2026-w50 (Monday 12-07) with five 1-point tasks,
# shared.  Minh (b) finishes t1 on Tuesday 12-08 while offline; Lan (a)
# changes t2 on Wednesday 12-09 and syncs; Minh syncs on Thursday 12-10.
offline_week() {
	export BOPS_NOW=2026-12-07T08:00:00Z &&
	two_clones &&
	a -q sprint new start=2026-12-07 >/dev/null &&
	for t in t1 t2 t3 t4 t5; do
		a -q task add "Task $t" estimate=1 --id $t >/dev/null ||
		    return 1
	done &&
	a -q sprint plan 2026-w50 t1 t2 t3 t4 t5 >/dev/null &&
	a -q sprint start 2026-w50 >/dev/null &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1 &&
	BOPS_NOW=2026-12-08T10:00:00Z b -q task done t1 --force >/dev/null &&
	BOPS_NOW=2026-12-09T10:00:00Z a -q task set t2 priority=high \
	    >/dev/null &&
	BOPS_NOW=2026-12-09T11:00:00Z a sync >/dev/null 2>&1 &&
	BOPS_NOW=2026-12-10T09:00:00Z b sync >/dev/null 2>&1 &&
	BOPS_NOW=2026-12-10T09:30:00Z a sync >/dev/null 2>&1 ||
	    { fail "offline_week setup failed"; return 1; }
}

test_case 'burndown never goes back up for a merge that came late' '
	offline_week &&
	for who in a b; do
		BOPS_NOW=2026-12-10T18:00:00Z $who sprint burndown 2026-w50 \
		    --json >bd.$who || return 1
	done &&
	cmp bd.a bd.b &&
	sed -n "s/.*\"date\":\"\([0-9-]*\)\",\"remaining\":\([0-9a-z]*\).*/\1 \2/p" \
	    bd.a >got &&
	printf "%s\n" "2026-12-07 5" "2026-12-08 4" "2026-12-09 4" \
	    "2026-12-10 4" "2026-12-11 null" "2026-12-12 null" \
	    "2026-12-13 null" >want &&
	diff -u want got >&2
'

test_case '--as-of a day shows what was true that day on both clones' '
	offline_week &&
	for who in a b; do
		BOPS_NOW=2026-12-10T18:00:00Z $who task list --all id=t1 \
		    --fields id,status --as-of 2026-12-09 >l.$who || return 1
	done &&
	cmp l.a l.b &&
	grep -q "t1 *done" l.a &&
	BOPS_NOW=2026-12-10T18:00:00Z a task list --all id=t1 --fields status \
	    --as-of 2026-12-07 >l7 &&
	grep -q "not-started" l7 &&
	BOPS_NOW=2026-12-10T18:00:00Z a task show t2 --as-of 2026-12-09 >s2 &&
	grep -q "^priority *high" s2
'

test_case 'both lines of work of that day, merged field by field' '
	offline_week &&
	BOPS_NOW=2026-12-10T18:00:00Z a task list --all --fields id,status,priority \
	    --as-of 2026-12-09 >l &&
	grep -q "t1 *done" l && grep -q "t2 *not-started *high" l &&
	test -z "$(git -C a status --porcelain)" &&
	git -C a count-objects -v >before &&
	BOPS_NOW=2026-12-10T18:00:00Z a task list --all --as-of 2026-12-09 >/dev/null &&
	git -C a count-objects -v >after &&
	cmp before after
'

test_done
