#!/bin/sh
# The workspace lock: a holder makes a writer wait, and fail with exit 5
# when BOPS_LOCK_TIMEOUT runs out; a lock file without a holder blocks
# nothing.  A git lock (index.lock, the branch's .lock) is reported, exit
# 5, naming it; one left by a writer that died is recovered.
. "$(dirname "$0")/lib.sh"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# hold SECONDS: hold flock on .git/bops.lock in the background; flock's
# pid in $holder, its child's in $child.  Returns once the lock is held.
hold() {
	rm -f "$HOME/held"
	flock -o .git/bops.lock sh -c 'echo $$ >"$HOME/held.tmp" &&
	    mv "$HOME/held.tmp" "$HOME/held" && exec sleep "$0"' "$1" &
	holder=$!
	k=0
	while [ ! -s "$HOME/held" ]; do
		k=$((k + 1))
		[ $k -lt 500 ] || { fail "the lock was never taken"; return 1; }
		sleep 0.01
	done
	child=$(cat "$HOME/held")
}

# release: end the holder (flock -o: the lock goes with flock).
release() {
	kill "$holder" "$child" 2>/dev/null
	wait "$holder" 2>/dev/null
	return 0
}

# nothing_written BEFORE: no commit since BEFORE, no record file.
nothing_written() {
	[ "$(commits)" -eq "$1" ] || { fail "a commit was made"; return 1; }
	[ -z "$(find tasks -name '*.yaml' 2>/dev/null)" ] ||
	    { fail "a record file was written"; return 1; }
}

held_lock_times_out() {
	command -v flock >/dev/null || { fail "flock(1) is needed"; return 1; }
	new_ws || return 1
	before=$(commits)
	hold 30 || return 1
	t0=$(now_ms)
	expect_status 5 env BOPS_LOCK_TIMEOUT=0.5 "$BOPS" task add "blocked"
	st=$?
	t=$(($(now_ms) - t0))
	release
	[ $st -eq 0 ] || return 1
	expect_err_contains "locked" || return 1
	[ "$(wc -l <err)" -eq 1 ] || { fail "more than one line"; return 1; }
	[ $t -ge 450 ] && [ $t -lt 5000 ] ||
	    { fail "gave up after $t ms, want about 500"; return 1; }
	nothing_written "$before" || return 1
	# The other writers too, and a timeout of 0 does not wait.
	id=$(bops task add "a record" 2>/dev/null) || return 1
	before=$(commits)
	hold 30 || return 1
	t0=$(now_ms)
	expect_status 5 env BOPS_LOCK_TIMEOUT=0 "$BOPS" task set "$id" priority=high &&
	expect_status 5 env BOPS_LOCK_TIMEOUT=0 "$BOPS" task move "$id" done &&
	expect_status 5 env BOPS_LOCK_TIMEOUT=0 "$BOPS" task rm "$id" &&
	expect_status 5 env BOPS_LOCK_TIMEOUT=0 "$BOPS" config board.wip.done 9
	st=$?
	t=$(($(now_ms) - t0))
	# Reads take no lock.
	expect_status 0 bops task list && expect_out_contains "a record" &&
	expect_status 0 bops task show "$id"
	st2=$?
	release
	[ $st -eq 0 ] && [ $st2 -eq 0 ] || return 1
	[ $t -lt 2000 ] || { fail "a timeout of 0 waited $t ms"; return 1; }
	[ "$(commits)" -eq "$before" ] || { fail "a commit was made"; return 1; }
	ws_clean
}

writer_waits_for_the_lock() {
	new_ws || return 1
	hold 0.6 || return 1
	t0=$(now_ms)
	expect_status 0 env BOPS_LOCK_TIMEOUT=20 "$BOPS" task add "waited"
	st=$?
	t=$(($(now_ms) - t0))
	release
	[ $st -eq 0 ] || return 1
	[ $t -ge 300 ] || { fail "did not wait for the lock ($t ms)"; return 1; }
	ws_clean
}

lock_file_without_holder_blocks_nothing() {
	new_ws || return 1
	# Left by a writer that died, with whatever it holds.
	printf 'pid 12345\n' >.git/bops.lock
	expect_status 0 env BOPS_LOCK_TIMEOUT=0 "$BOPS" task add "first" || return 1
	# A holder that was killed leaves the file and no lock.
	hold 30 || return 1
	kill -9 "$holder" "$child" 2>/dev/null
	wait "$holder" 2>/dev/null
	[ -e .git/bops.lock ] || { fail "no lock file"; return 1; }
	expect_status 0 env BOPS_LOCK_TIMEOUT=0 "$BOPS" task add "second" || return 1
	ws_clean
}

# stale_git_lock NAME: .git/NAME.lock, not a bops writer's, is reported
# and kept; once removed, the write goes through.
stale_git_lock() {
	new_ws || return 1
	before=$(commits)
	: >".git/$1.lock"
	expect_status 5 bops task add "blocked" &&
	expect_err_contains ".git/$1.lock" || return 1
	[ "$(wc -l <err)" -eq 1 ] || { fail "more than one line"; return 1; }
	nothing_written "$before" || return 1
	[ -e ".git/$1.lock" ] || { fail "another's lock was removed"; return 1; }
	rm ".git/$1.lock"
	expect_status 0 bops task add "goes through" && ws_clean
}

# A writer that died after its commit left its journal and git locks:
# the next writer finishes its work and removes them.  (This writes the
# journal as bops does: "<old blob or -> <path>" lines.)
dead_writers_git_locks_recovered() {
	new_ws || return 1
	id=$(bops task add "committed, not applied" 2>/dev/null) || return 1
	f=tasks/$(echo "$id" | cut -c1-2)/$id.yaml
	# Undo the work-tree and index part, as if killed before them.
	rm "$f" && git rm -q --cached "$f" || return 1
	printf -- '- %s\n' "$f" >.git/bops/journal
	: >.git/index.lock
	: >.git/refs/heads/main.lock
	before=$(commits)
	# A read does not recover: it writes nothing.
	expect_status 0 bops task show "$id" || return 1
	[ -e .git/index.lock ] && [ -e .git/bops/journal ] && [ ! -e "$f" ] ||
	    { fail "a read recovered"; return 1; }
	expect_status 0 bops task add "the next writer" || return 1
	[ "$(commits)" -eq $((before + 1)) ] || return 1
	[ ! -e .git/index.lock ] && [ ! -e .git/refs/heads/main.lock ] ||
	    { fail "stale git locks left"; return 1; }
	[ ! -e .git/bops/journal ] || { fail "journal left"; return 1; }
	git cat-file -e "HEAD:$f" && [ -f "$f" ] &&
	    [ "$(git hash-object "$f")" = "$(git rev-parse "HEAD:$f")" ] ||
	    { fail "$f not restored"; return 1; }
	ws_clean
}

# A git lock older than the journal is not the dead writer's: reported.
older_git_lock_kept() {
	new_ws || return 1
	id=$(bops task add "a record" 2>/dev/null) || return 1
	f=tasks/$(echo "$id" | cut -c1-2)/$id.yaml
	: >.git/index.lock
	touch -d '1 hour ago' .git/index.lock
	printf -- '- %s\n' "$f" >.git/bops/journal
	before=$(commits)
	expect_status 5 bops task add "blocked" &&
	expect_err_contains ".git/index.lock" || return 1
	[ -e .git/index.lock ] || { fail "the lock was removed"; return 1; }
	[ "$(commits)" -eq "$before" ] || { fail "a commit was made"; return 1; }
	rm .git/index.lock
	expect_status 0 bops task add "goes through" && ws_clean
}

test_case 'a held lock: writers exit 5 after BOPS_LOCK_TIMEOUT' \
    held_lock_times_out
test_case 'a writer waits for the lock to be released' \
    writer_waits_for_the_lock
test_case 'a lock file without a holder blocks nothing' \
    lock_file_without_holder_blocks_nothing
test_case 'a stale .git/index.lock is reported, exit 5' \
    'stale_git_lock index'
test_case 'a stale .git/refs/heads/main.lock is reported, exit 5' \
    'stale_git_lock refs/heads/main'
test_case "a dead writer's journal and git locks are recovered" \
    dead_writers_git_locks_recovered
test_case 'a git lock older than the journal is kept and reported' \
    older_git_lock_kept
test_done
