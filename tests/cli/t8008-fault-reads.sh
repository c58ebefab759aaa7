#!/bin/sh
# Output errors are errors (a full stdout exits 6), and a read never
# writes to the repository, the cache under .git/bops/ aside: not the
# index, not a ref, not an object, not the work tree, not a lock, not
# even after a writer died and left work to finish.
. "$(dirname "$0")/lib.sh"

# setup: a workspace with a few records; $id is one of them.
setup() {
	new_ws || return 1
	id=$(bops task add "first task" priority=high 2>/dev/null) &&
	bops task add "second task" tags=a,b >/dev/null 2>&1 &&
	bops task move "$id" processing >/dev/null 2>&1
}

READS='task list
task list --json
task list --csv
task list --yaml
task list status=processing --sort -title --fields id,title
task show ID
task show ID --json
task show ID --yaml
task board
task board --json
task backlog
task log ID
task log ID --json
log
log --json
config
config board.columns
check
help
help task
version'

# each_read FN: FN ARGS... for each read in READS, ID replaced by $id.
each_read() {
	echo "$READS" | while read -r line; do
		# shellcheck disable=SC2086
		"$1" $(echo "$line" | sed "s/ID/$id/") || exit 1
	done
}

full_stdout() {
	case $1 in check) return 0 ;; esac	# prints nothing when clean
	"$BOPS" "$@" >/dev/full 2>"$HOME/err"
	st=$?
	[ $st -eq 6 ] || { fail "bops $* >/dev/full exited $st"; return 1; }
	grep -q "^bops: write to standard output: No space left on device\$" \
	    "$HOME/err" || { fail "bops $* >/dev/full said:";
	    sed 's/^/#   /' "$HOME/err" >&2; return 1; }
}

reads_to_dev_full_exit_6() {
	setup || return 1
	each_read full_stdout || return 1
	# A writer that cannot print its id fails too.
	before=$(commits)
	"$BOPS" task add "unprinted" >/dev/full 2>"$HOME/err"
	st=$?
	[ $st -eq 6 ] || { fail "add >/dev/full exited $st"; return 1; }
	[ $(($(commits) - before)) -le 1 ] || return 1
	ws_clean
}

# snapshot NAME: every path and file outside .git/bops/ with its bytes and
# mtime, the refs and the object count.
snapshot() {
	{
		find . -path ./.git/bops -prune -o ! -name out ! -name err \
		    -print | LC_ALL=C sort
		find . -path ./.git/bops -prune -o -type f ! -name out \
		    ! -name err -print | LC_ALL=C sort | xargs cksum
		find . -path ./.git/bops -prune -o -newer "$HOME/stamp" \
		    ! -name out ! -name err -print | LC_ALL=C sort
		git for-each-ref
		git count-objects -v
	} >"$HOME/$1" 2>&1
}

# Set every mtime in the workspace back, so that find -newer sees what
# a read touches even within the same second.
age() {
	find . -exec touch -h -d '2020-01-01 00:00:00' {} + &&
	touch -d '2021-01-01 00:00:00' "$HOME/stamp"
}

# read_ok READ...: it succeeds (check may find problems: exit 1).
read_ok() {
	"$BOPS" "$@" >/dev/null 2>"$HOME/err"
	st=$?
	[ $st -eq 0 ] || { [ $st -eq 1 ] && [ "$1" = check ]; } ||
	    { fail "bops $* exited $st:"; sed 's/^/#   /' "$HOME/err" >&2;
	    return 1; }
}

unchanged() {
	snapshot after
	cmp -s "$HOME/before" "$HOME/after" ||
	    { fail "$1 wrote to the repository:";
	    diff "$HOME/before" "$HOME/after" | head -20 |
	    sed 's/^/#   /' >&2; return 1; }
}

reads_write_nothing() {
	setup || return 1
	rm -rf .git/bops/cache
	age && snapshot before || return 1
	each_read read_ok || return 1
	unchanged "a read" || return 1
	# Again, with the cache.
	each_read read_ok || return 1
	unchanged "a read with a cache" || return 1
	ws_clean
}

# A writer died after its commit: reads see HEAD and leave the journal
# for the next writer.
reads_do_not_recover() {
	setup || return 1
	# ulimit -f lets the commit through and stops the work-tree file.
	(ulimit -f 2 && exec "$BOPS" task set "$id" \
	    description="$(printf '%4096s' '' | tr ' ' n)") >/dev/null 2>&1
	[ -e .git/bops/journal ] ||
	    { fail "no journal to test with"; return 1; }
	age && snapshot before || return 1
	each_read read_ok || return 1
	unchanged "a read of an unfinished write" || return 1
	expect_status 0 bops task show "$id" --yaml &&
	expect_out_contains "nnnnnnnnnnnnnnnn" || return 1
	expect_status 1 bops check &&
	expect_out_contains "interrupted" || return 1
	# The next writer finishes it.
	expect_status 0 bops task set "$id" priority=low || return 1
	[ ! -e .git/bops/journal ] || { fail "journal left"; return 1; }
	ws_clean
}

reads_ignore_the_lock() {
	command -v flock >/dev/null || { fail "flock(1) is needed"; return 1; }
	setup || return 1
	flock -o .git/bops.lock sh -c 'echo $$ >"$HOME/held.tmp" &&
	    mv "$HOME/held.tmp" "$HOME/held" && exec sleep 30' &
	holder=$!
	k=0
	while [ ! -s "$HOME/held" ] && [ $k -lt 500 ]; do
		k=$((k + 1))
		sleep 0.01
	done
	child=$(cat "$HOME/held") || return 1
	expect_status 5 env BOPS_LOCK_TIMEOUT=0 "$BOPS" task set "$id" \
	    priority=low || { kill $holder $child; return 1; }
	BOPS_LOCK_TIMEOUT=0
	export BOPS_LOCK_TIMEOUT
	each_read read_ok
	st=$?
	kill $holder $child 2>/dev/null
	wait $holder 2>/dev/null
	[ $st -eq 0 ]
}

test_case 'reads and writes to a full stdout exit 6' reads_to_dev_full_exit_6
test_case 'reads write nothing outside .git/bops/' reads_write_nothing
test_case 'reads do not finish an interrupted write' reads_do_not_recover
test_case 'reads do not wait for the workspace lock' reads_ignore_the_lock
test_done
