#!/bin/sh
# A read at another commit than HEAD (--as-of, the days of a burndown)
# takes from HEAD's cache file every record whose blob is the same, and
# parses only the others: its answers are those of a workspace with no
# cache at all, after records changed, went, came back, after a change
# of the config that validation reads, and with a damaged cache file.
# It writes nothing to the cache.
. "$(dirname "$0")/lib.sh"

GEN=$(cd "$(dirname "$0")/../bench" && pwd)/gen.py

commit() {
	git add -A && git -c user.name=Hand -c user.email=hand@example.com \
	    commit -q -m "$1"
}

# history: generated tasks, then bops writes, a hand commit, a removal,
# a config change (a column renamed), and more writes.
history() {
	need python3 && new_ws &&
	python3 "$GEN" 300 . /dev/null --okrs=3 >/dev/null && commit gen &&
	id=$(bops task list --limit 1 --csv --fields id | tail -n 1) &&
	bops -q task set "$id" priority=low &&
	bops -q task add "Gọi lại cho khách hàng" assignee=lan &&
	sed -i "s/^title: .*/title: Đổi bằng tay/" \
	    "$(git ls-files tasks | sed -n 40p)" && commit hand &&
	bops -q task rm "$(bops task list --all --limit 1 --sort -id \
	    --csv --fields id | tail -n 1)" --yes &&
	bops -q config board.wip.processing 900 &&
	bops -q task add "准备季度报告" priority=high &&
	bops -q task set "$id" priority=urgent
}

# answers DIR OUT: what reads at each older commit give, in DIR.
answers() {
	for rev in HEAD~1 HEAD~2 HEAD~3 HEAD~4 HEAD~5 HEAD~6; do
		(cd "$1" && "$BOPS" task list --as-of "$rev" --all --json &&
		    "$BOPS" task board --as-of "$rev" --json &&
		    "$BOPS" okr list --as-of "$rev" --json) ||
		    { echo "failed at $rev"; return 1; }
	done >"$2" 2>&1
}

test_case 'reads at older commits answer as with no cache, write nothing' '
	history && bops task list >/dev/null &&
	rm -rf "$HOME/bare" && cp -R . "$HOME/bare" &&
	rm -rf "$HOME/bare/.git/bops" &&
	( cd .git/bops/cache && ls -l --time-style=full-iso ) >"$HOME/before" &&
	answers . "$HOME/with" && answers "$HOME/bare" "$HOME/without" &&
	cmp "$HOME/with" "$HOME/without" &&
	test "$(grep -c "\"id\"" "$HOME/with")" -gt 1000 &&
	( cd .git/bops/cache && ls -l --time-style=full-iso ) >"$HOME/after" &&
	cmp "$HOME/before" "$HOME/after"
'

test_case 'a damaged cache file is not taken from at an older commit' '
	history && bops task list >/dev/null &&
	rm -rf "$HOME/bare" && cp -R . "$HOME/bare" &&
	rm -rf "$HOME/bare/.git/bops" &&
	f=.git/bops/cache/task && size=$(wc -c <"$f") &&
	printf "X" | dd of="$f" bs=1 seek=$((size / 2)) conv=notrunc \
	    2>/dev/null &&
	answers . "$HOME/with" && answers "$HOME/bare" "$HOME/without" &&
	cmp "$HOME/with" "$HOME/without"
'

test_case 'a record the same at HEAD is taken from its cache, not read' '
	history && bops task list >/dev/null &&
	f=$(git ls-files tasks | sed -n 100p) &&
	git log --format=%H -- "$f" >"$HOME/changes" &&
	test "$(wc -l <"$HOME/changes")" -eq 1 &&
	blob=$(git rev-parse "HEAD:$f") && rest=${blob#??} &&
	rm ".git/objects/${blob%$rest}/$rest" &&
	bops task list --as-of HEAD~1 --all --json >"$HOME/out" &&
	grep -q "\"id\":\"$(basename "$f" .yaml)\"" "$HOME/out"
'

test_done
