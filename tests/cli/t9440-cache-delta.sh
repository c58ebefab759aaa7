#!/bin/sh
# After a write, the cache of a sharded kind is refreshed through a
# delta beside the cache file (.git/bops/cache/task.delta): the records
# of the shards changed since the file was made, the file left as it
# was.  Reads through the file and its delta answer as a cache built
# from nothing, after adds, sets, moves, removals and syncs; a delta cut
# short or another workspace's is not used, and the answers stay.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

GEN=$(cd "$(dirname "$0")/../bench" && pwd)/gen.py
CACHE=.git/bops/cache/task
BOPS_NOW=2026-11-23T09:00:00Z
export BOPS_NOW

# records N: N generated tasks and 8 OKRs, committed with plain git.
records() {
	need python3 &&
	python3 "$GEN" "$1" . /dev/null --okrs=8 >/dev/null &&
	git add -A && git -c user.name=Hand -c user.email=hand@example.com \
	    commit -q -m "generated"
}

# answers DIR NAME: the reads in DIR, with their statuses, to $HOME/NAME.
answers() {
	(cd "$1" || exit 1
	"$BOPS" task list --all --json; echo "list $?"
	"$BOPS" task list status=processing assignee=bao; echo "filter $?"
	"$BOPS" task board --json; echo "board $?"
	"$BOPS" okr score; echo "score $?"
	"$BOPS" check; echo "check $?") >"$HOME/$2" 2>&1
}

# as_rebuilt [DIR]: the reads in DIR (.) answer as in a copy of it
# without its cache.
as_rebuilt() {
	rm -rf "$HOME/copy" && cp -R "${1:-.}" "$HOME/copy" &&
	rm -rf "$HOME/copy/.git/bops/cache" &&
	answers "${1:-.}" got && answers "$HOME/copy" want ||
	    { fail "a read failed"; return 1; }
	grep -q '^list 0$' "$HOME/want" && grep -q '^check 0$' "$HOME/want" ||
	    { fail "the reads failed:"; sed 's/^/#   /' "$HOME/want" >&2;
	    return 1; }
	cmp -s "$HOME/want" "$HOME/got" ||
	    { fail "answers differ:"; diff "$HOME/want" "$HOME/got" | head |
	    sed 's/^/#   /' >&2; return 1; }
}

# nth N: the id of the Nth task of the list.
nth() {
	"$BOPS" task list --all --csv --fields id | sed -n "$(($1 + 1))p"
}

test_case 'reads through a delta answer as a cache built from nothing' '
	new_ws && records 400 &&
	bops task list >/dev/null 2>&1 &&
	cp "$CACHE" "$HOME/base" &&
	bops -q task add "Kiểm tra hợp đồng – 東京" >/dev/null &&
	as_rebuilt &&
	test -s "$CACHE.delta" && cmp -s "$HOME/base" "$CACHE" &&
	bops -q task add "Báo cáo quý" priority=high >/dev/null &&
	bops -q task set "$(nth 5)" priority=high assignee=bao >/dev/null &&
	as_rebuilt &&
	bops -q task move "$(nth 7)" processing --force >/dev/null &&
	as_rebuilt &&
	bops -q task rm "$(nth 9)" --yes >/dev/null &&
	as_rebuilt &&
	cmp -s "$HOME/base" "$CACHE" &&
	# git moves HEAD back: the delta is for another tree
	git reset -q --hard HEAD~2 && as_rebuilt &&
	bops -q task add "Sau khi reset" >/dev/null && as_rebuilt && ws_clean
'

test_case 'after syncs, reads through a delta answer as from nothing' '
	two_clones &&
	(cd a && records 300) && a sync >/dev/null 2>&1 &&
	b sync >/dev/null 2>&1 && b task list >/dev/null 2>&1 &&
	cp "b/$CACHE" "$HOME/base" &&
	a -q task add "Từ Ann" priority=high >/dev/null &&
	a -q task set brief assignee=bao >/dev/null &&
	a sync >/dev/null 2>&1 &&
	b -q task add "From Bob – 東京" >/dev/null &&
	b sync >/dev/null 2>&1 &&
	as_rebuilt b &&
	test -s "b/$CACHE.delta" && cmp -s "$HOME/base" "b/$CACHE" &&
	a sync >/dev/null 2>&1 && as_rebuilt a && converged
'

# A workspace with a base and a delta; the cache directory kept in
# $HOME/good.
with_delta() {
	new_ws && records 400 &&
	bops task list >/dev/null 2>&1 &&
	bops -q task set "$(nth 3)" priority=low >/dev/null &&
	bops task list >/dev/null 2>&1 &&
	test -s "$CACHE.delta" &&
	rm -rf "$HOME/good" && cp -R .git/bops/cache "$HOME/good"
}

test_case 'a delta cut short is not used; the answers stay' '
	with_delta &&
	size=$(wc -c <"$HOME/good/task.delta") &&
	for n in 0 1 40 $((size / 2)) $((size - 9)) $((size - 8)) \
	    $((size - 1)); do
		rm -rf .git/bops/cache && cp -R "$HOME/good" .git/bops/cache &&
		head -c "$n" "$HOME/good/task.delta" >"$CACHE.delta" &&
		as_rebuilt || { fail "cut to $n bytes"; exit 1; }
	done
'

test_case 'another workspace'\''s delta is not used; the answers stay' '
	(new_ws "$HOME/other" && records 400 &&
	    bops task list >/dev/null 2>&1 &&
	    bops -q task set "$(nth 3)" priority=low >/dev/null &&
	    bops task list >/dev/null 2>&1 && test -s "$CACHE.delta") &&
	with_delta &&
	cp "$HOME/other/$CACHE.delta" "$CACHE.delta" &&
	rm -f "$CACHE.delta.stat" &&
	as_rebuilt &&
	# the whole of its cache, base and delta
	cp "$HOME/other/$CACHE" "$HOME/other/$CACHE.delta" \
	    "$HOME/other/$CACHE.shards" .git/bops/cache/ &&
	as_rebuilt && ws_clean
'

test_done
