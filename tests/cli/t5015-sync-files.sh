#!/bin/sh
# Files that are no records get git's three-way line merge; a conflict
# leaves markers in that file only, and nothing is dropped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# notes_both: NOTES.md committed and shared, then changed on both sides
# with plain git.
notes_both() {
	printf "one\ntwo\nthree\nfour\nfive\n" >a/NOTES.md &&
	git -C a add NOTES.md && git -C a commit -q -m notes &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1
}

test_case 'lines added on both sides are both kept' '
	two_clones && notes_both &&
	printf "Ann line\n" >>a/NOTES.md && git -C a commit -q -a -m ann &&
	sed -i "1i Bob line" b/NOTES.md && git -C b commit -q -a -m bob &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 b sync &&
	grep -qx "Ann line" b/NOTES.md && grep -qx "Bob line" b/NOTES.md &&
	expect_status 0 a sync && converged
'

test_case 'overlapping changes: exit 5, markers in that file only' '
	two_clones && notes_both &&
	b -q task set brief priority=high >/dev/null &&
	sed -i "s/three/Ann three/" a/NOTES.md && git -C a commit -q -a -m ann &&
	sed -i "s/three/Bob three/" b/NOTES.md && git -C b commit -q -a -m bob &&
	a sync >/dev/null 2>&1 &&
	expect_status 5 b sync &&
	expect_err_contains "NOTES.md: changed on both sides: conflict markers" &&
	grep -q "^<<<<<<< " b/NOTES.md && grep -qx "Ann three" b/NOTES.md &&
	grep -qx "Bob three" b/NOTES.md &&
	! grep -rq "<<<<<<<" b/tasks &&
	grep -qx "priority: high" b/tasks/br/brief.yaml &&
	test -z "$(git -C b status --porcelain --untracked-files=no)"
'

test_case 'removed on one side, changed on the other: kept' '
	two_clones && notes_both &&
	git -C a rm -q NOTES.md && git -C a commit -q -m rm &&
	printf "more\n" >>b/NOTES.md && git -C b commit -q -a -m more &&
	a sync >/dev/null 2>&1 &&
	expect_status 5 b sync &&
	expect_err_contains "NOTES.md: removed by" &&
	grep -qx more b/NOTES.md
'

test_case 'a binary file changed on both sides: ours kept, theirs named' '
	two_clones &&
	printf "\000\001a" >a/logo.bin && git -C a add logo.bin &&
	git -C a commit -q -m logo && a sync >/dev/null 2>&1 &&
	b sync >/dev/null 2>&1 &&
	printf "\000\001ann" >a/logo.bin && git -C a commit -q -a -m ann &&
	printf "\000\001bob" >b/logo.bin && git -C b commit -q -a -m bob &&
	a sync >/dev/null 2>&1 &&
	expect_status 5 b sync &&
	expect_err_contains "logo.bin: binary, changed on both sides" &&
	printf "\000\001bob" >want && cmp want b/logo.bin
'

test_done
