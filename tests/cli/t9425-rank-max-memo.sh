#!/bin/sh
# A new task goes after every other task on the board: its rank is past
# the greatest rank at HEAD, which bops remembers between commands
# (.git/bops/cache/task.max.rank) and brings up to date from the records
# changed since.  Whatever moved HEAD (bops writes, a hand commit that
# raises or lowers ranks, a removal, a sync), the new rank is past every
# rank, as with no memo at all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

commit() {
	git add -A && git -c user.name=Hand -c user.email=hand@example.com \
	    commit -q -m "$1"
}

# The greatest rank at HEAD, read by git from the files.
top_rank() {
	git grep -h '^rank:' HEAD -- tasks | sed 's/^rank: *//' | LC_ALL=C sort |
	    tail -n 1
}

# last_is ID: task ID has the greatest rank.
last_is() {
	[ "$(top_rank)" = "$(sed -n 's/^rank: *//p' "$(git ls-files \
	    "tasks/*/$1.yaml")")" ]
}

memo=.git/bops/cache/task.max.rank

test_case 'each add goes last, and the memo follows HEAD' '
	new_ws && a=$(bops task add "Brief the agency" 2>/dev/null) &&
	b=$(bops task add "Book the venue" 2>/dev/null) &&
	c=$(bops task add "Chốt danh sách khách mời" 2>/dev/null) &&
	last_is "$c" && [ -f "$memo" ] &&
	sed -n 2p "$memo" | grep -q "^$(git rev-parse HEAD~1)$" &&
	bops task list --sort rank --csv --fields id | tail -n +2 >../ids &&
	printf "%s\n%s\n%s\n" "$a" "$b" "$c" | cmp - ../ids && ws_clean
'
test_case 'a hand commit that raises a rank: the next add goes after it' '
	new_ws && a=$(bops task add "Draft the post" 2>/dev/null) &&
	b=$(bops task add "Review the post" 2>/dev/null) &&
	f=$(git ls-files "tasks/*/$a.yaml") &&
	sed -i "s/^rank: .*/rank: zzzzzzz$a/" "$f" && commit raise &&
	c=$(bops task add "Publish" 2>/dev/null) && last_is "$c" && ws_clean
'
test_case 'the task that held the greatest rank goes or drops: still last' '
	new_ws && a=$(bops task add "One" 2>/dev/null) &&
	b=$(bops task add "Two" 2>/dev/null) &&
	f=$(git ls-files "tasks/*/$b.yaml") &&
	sed -i "s/^rank: .*/rank: 0000001$b/" "$f" && commit lower &&
	c=$(bops task add "Three" 2>/dev/null) && last_is "$c" &&
	bops -q task rm "$c" --yes >/dev/null &&
	d=$(bops task add "Four" 2>/dev/null) && last_is "$d" && ws_clean
'
test_case 'a memo that is damaged, stale or gone changes no answer' '
	new_ws && a=$(bops task add "Alpha" 2>/dev/null) &&
	b=$(bops task add "Beta" 2>/dev/null) &&
	printf "BOPSMAX1\nnot a commit\n" >"$memo" &&
	c=$(bops task add "Gamma" 2>/dev/null) && last_is "$c" &&
	head -c 60 "$memo" >m && mv m "$memo" &&
	d=$(bops task add "Delta" 2>/dev/null) && last_is "$d" &&
	rm -f "$memo" && e=$(bops task add "Epsilon" 2>/dev/null) &&
	last_is "$e" && ws_clean
'
test_case 'after a sync of a teammate'"'"'s higher rank, a new task goes last' '
	two_clones && a -q task add "Mine" --id mine >/dev/null &&
	sync_both && b -q task set mine rank=zzzzzzzmine >/dev/null &&
	sync_both && x=$(a task add "After the sync" 2>/dev/null) &&
	(cd a && last_is "$x" && ws_clean)
'
test_done
