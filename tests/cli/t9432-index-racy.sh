#!/bin/sh
# Racy git: a tracked file changed by hand in the second its index entry
# and the index were written, with its size kept, shows in no stat data
# git compares.  git then compares the content, since the entry is as
# new as the index; once a newer index is written it would not.  The
# update in place writes such an entry with size 0, as git does, so the
# hand edit still shows after bops writes another record.
. "$(dirname "$0")/lib.sh"

test_case 'a hand edit in the index'"'"'s second still shows after a write' '
	new_ws && a=$(bops task add "Edited by hand" 2>/dev/null) &&
	b=$(bops task add "Written by bops" 2>/dev/null) &&
	f=$(git ls-files "tasks/*$a*") &&
	git config core.trustctime false &&
	touch -d @1700000000 "$f" && git update-index --refresh &&
	sed "s/^title: Edited by hand/title: Edited by HAND/" "$f" >f.tmp &&
	cat f.tmp >"$f" && rm f.tmp &&
	touch -d @1700000000 "$f" .git/index &&
	[ "$(GIT_OPTIONAL_LOCKS=0 git status --porcelain)" = " M $f" ] ||
	    { fail "git does not see the edit"; return 1; }
	bops -q task set "$b" priority=high >/dev/null &&
	[ "$(git status --porcelain)" = " M $f" ] ||
	    { git status --porcelain >&2; fail "the edit was hidden"; return 1; }
	! git diff-files --quiet
'
test_case 'an unchanged entry of that second is kept as it was' '
	new_ws && a=$(bops task add "Untouched" 2>/dev/null) &&
	b=$(bops task add "Written by bops" 2>/dev/null) &&
	f=$(git ls-files "tasks/*$a*") &&
	touch -d @1700000000 "$f" && git update-index --refresh &&
	touch -d @1700000000 .git/index &&
	size=$(git ls-files --debug "$f" | sed -n "s/^  size: \([0-9]*\).*/\1/p") &&
	bops -q task set "$b" priority=high >/dev/null &&
	[ "$(git ls-files --debug "$f" |
	    sed -n "s/^  size: \([0-9]*\).*/\1/p")" = "$size" ] &&
	[ "$size" != 0 ] && ws_clean
'
test_done
