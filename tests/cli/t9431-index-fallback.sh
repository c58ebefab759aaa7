#!/bin/sh
# What the in-place update of the index does not handle goes through
# libgit2's whole-index write, as before: an index of version 4, a
# conflict or a skip-worktree entry at the changed path.  A held
# index.lock is reported and leaves the index as it was; a damaged index
# is an error and is not written over.
. "$(dirname "$0")/lib.sh"

index_version() {
	od -An -tu1 -j7 -N1 .git/index | tr -d " "
}

test_case 'an index of version 4 is updated and stays version 4' '
	new_ws && a=$(bops task add "Kickoff" 2>/dev/null) &&
	git update-index --index-version 4 && [ "$(index_version)" = 4 ] &&
	bops -q task set "$a" priority=high >/dev/null &&
	b=$(bops task add "Follow-up" 2>/dev/null) &&
	[ "$(index_version)" = 4 ] && git diff-files --quiet &&
	[ -n "$b" ] && ws_clean
'
test_case 'a conflict at the changed path: libgit2 resolves it' '
	new_ws && a=$(bops task add "Budget" 2>/dev/null) &&
	f=$(git ls-files "tasks/*$a*") && h=$(git rev-parse "HEAD:$f") &&
	printf "0 %s\t%s\n100644 %s 1\t%s\n100644 %s 2\t%s\n" \
	    0000000000000000000000000000000000000000 "$f" "$h" "$f" "$h" "$f" |
	    git update-index --index-info &&
	[ "$(git ls-files -u | wc -l)" = 2 ] &&
	bops -q task set "$a" priority=low >/dev/null &&
	[ "$(git ls-files -u | wc -l)" = 0 ] && git diff-files --quiet &&
	ws_clean
'
test_case 'a skip-worktree entry at the changed path: libgit2 updates it' '
	new_ws && a=$(bops task add "Hiring plan" 2>/dev/null) &&
	f=$(git ls-files "tasks/*$a*") &&
	git update-index --skip-worktree "$f" &&
	bops -q task set "$a" priority=high >/dev/null &&
	git diff-files --quiet && [ -z "$(git status --porcelain)" ] &&
	[ "$(git rev-parse ":$f")" = "$(git rev-parse "HEAD:$f")" ]
'
test_case 'a held index.lock: exit 5, the index as it was' '
	new_ws && a=$(bops task add "Locked out" 2>/dev/null) &&
	cp .git/index ../index.before && : >.git/index.lock &&
	n=$(commits) &&
	expect_status 5 bops task set "$a" priority=high &&
	expect_err_contains "index.lock" &&
	cmp .git/index ../index.before && [ "$(commits)" = "$n" ] &&
	rm .git/index.lock && ws_clean
'
test_case 'a damaged index: an error, and it is not written over' '
	new_ws && a=$(bops task add "Damaged" 2>/dev/null) &&
	printf "\377" | dd of=.git/index bs=1 seek=13 conv=notrunc 2>/dev/null &&
	cp .git/index ../index.bad &&
	expect_status 6 bops task set "$a" priority=high &&
	expect_err_contains "index" &&
	cmp .git/index ../index.bad && [ ! -e .git/index.lock ]
'
test_done
