#!/bin/sh
# A full disk and a read-only file system are errors, exit 6, never a
# partial file; once there is room again the next writer finishes and the
# workspace is sound.  The workspace lives on a small tmpfs, mounted in a
# private mount namespace (unshare), so that nothing outlives the script.
if [ -z "${BOPS_TEST_NS:-}" ]; then
	BOPS_TEST_NS=1
	export BOPS_TEST_NS
	# As root a mount namespace is enough; otherwise a user namespace.
	if unshare -m true 2>/dev/null; then
		exec unshare -m sh "$0" "$@"
	elif unshare -rm true 2>/dev/null; then
		exec unshare -rm sh "$0" "$@"
	fi
fi
. "$(dirname "$0")/lib.sh"

# on_tmpfs SIZE FUNCTION: run FUNCTION in ./mnt, a tmpfs of SIZE, then
# unmount it.
on_tmpfs() {
	mkdir mnt &&
	mount -t tmpfs -o "size=$1" tmpfs mnt ||
	    { fail "cannot mount a tmpfs (needs root or user namespaces)";
	    return 1; }
	(cd mnt && $2)
	rc=$?
	umount mnt
	return $rc
}

# fill KIB: fill the file system of . up to KIB KiB left free.
fill() {
	rm -f ../fill
	dd if=/dev/zero of=../fill bs=4096 2>/dev/null
	[ "$1" -eq 0 ] || truncate -s "-$(($1 * 1024))" ../fill
}

no_temp_files() {
	s=$(find . -name '*.bops-tmp')
	[ -z "$s" ] || { fail "temp files left: $s"; return 1; }
}

# expect_failed: the command whose stderr is ./err ran out of space
# cleanly: one line that says so.
expect_failed() {
	grep -q -e "No space left on device" -e "is the disk full" err ||
	    { fail "no reason given:"; sed 's/^/#   /' err >&2; return 1; }
	[ "$(wc -l <err)" -eq 1 ] ||
	    { fail "more than one line on stderr"; return 1; }
}

# A sweep of the room left: each add succeeds or fails with exit 6 and
# no partial file; afterwards the workspace is sound.
adds_on_a_full_disk() {
	new_ws ws || return 1
	big=$(printf '%3000s' '' | tr ' ' x)
	failures=0
	for free in 0 4 8 12 16 20 24 28 32 40 48 64; do
		fill $free
		before=$(commits)
		# Messages go outside the full file system.
		"$BOPS" task add "free $free" --id "free-$free" description="$big" \
		    >"$HOME/out" 2>"$HOME/err"
		st=$?
		case $st in
		0)	continue ;;
		6)	;;
		*)	fail "free $free: exit $st"; cat "$HOME/err" >&2
			return 1 ;;
		esac
		failures=$((failures + 1))
		(cd "$HOME" && expect_failed) ||
		    { fail "free $free"; return 1; }
		[ -s "$HOME/out" ] && { fail "free $free: printed an id"; return 1; }
		no_temp_files || return 1
		f=tasks/fr/free-$free.yaml
		# (git diff would want to write the index: compare by hand)
		if [ -e "$f" ]; then
			[ "$(git hash-object "$f")" = \
			    "$(git rev-parse "HEAD:$f" 2>/dev/null)" ] ||
			    { fail "free $free: a partial $f"; return 1; }
		fi
		case $(($(commits) - before)) in
		0)	[ ! -e "$f" ] || { fail "free $free: $f without a commit"; return 1; } ;;
		1)	git show "HEAD:$f" | grep -qx "description: $big" ||
			    { fail "free $free: HEAD holds a partial record"; return 1; } ;;
		*)	fail "free $free: $(($(commits) - before)) commits"; return 1 ;;
		esac
	done
	[ "$failures" -gt 0 ] || { fail "the disk never filled"; return 1; }
	rm -f ../fill
	expect_status 0 bops task add "room again" || return 1
	[ ! -e .git/bops/journal ] || { fail "journal left"; return 1; }
	no_temp_files && ws_clean
}

# A change of an existing record on a full disk: old or new, never
# partial.  The new version is three pages where the old one was one,
# and compresses well, so that the record file, too, runs out of room.
sets_on_a_full_disk() {
	new_ws ws || return 1
	bops task add "the record" --id rec description=short >/dev/null 2>&1 ||
	    return 1
	big=$(printf '%12000s' '' | tr ' ' y)
	failures=0
	for free in 0 4 8 12 16 20 24 28 32 36 40 48; do
		expect_status 0 bops task set rec description="short $free" ||
		    { fail "free $free"; return 1; }
		fill $free
		cp tasks/re/rec.yaml "$HOME/saved"
		"$BOPS" task set rec description="$big" >"$HOME/out" 2>"$HOME/err"
		st=$?
		[ $st -eq 0 ] || [ $st -eq 6 ] ||
		    { fail "free $free: exit $st"; return 1; }
		h=$(git hash-object tasks/re/rec.yaml)
		if [ $st -eq 6 ]; then
			failures=$((failures + 1))
			(cd "$HOME" && expect_failed) ||
			    { fail "free $free"; return 1; }
			cmp -s "$HOME/saved" tasks/re/rec.yaml ||
			    { fail "free $free: the record file changed"; return 1; }
		else
			[ "$h" = "$(git rev-parse HEAD:tasks/re/rec.yaml)" ] ||
			    { fail "free $free: file is not HEAD's"; return 1; }
		fi
		no_temp_files || return 1
		rm -f ../fill
		# Room again: the next writer settles the file on HEAD's.
		expect_status 0 bops task set rec priority=high ||
		    { fail "free $free"; return 1; }
		git diff --quiet HEAD -- tasks/re/rec.yaml ||
		    { fail "free $free: not settled"; return 1; }
		expect_status 0 bops task set rec priority=low || return 1
	done
	[ "$failures" -gt 0 ] || { fail "the disk never filled"; return 1; }
	ws_clean
}

read_only_file_system() {
	new_ws ws || return 1
	id=$(bops task add "a record" 2>/dev/null) || return 1
	expect_status 0 bops task list --json || return 1
	mv out "$HOME/want"
	rm -rf .git/bops/cache
	before=$(commits)
	mount -o remount,ro "$PWD/.." || { fail "cannot remount read-only"; return 1; }
	"$BOPS" task set "$id" priority=high >"$HOME/out" 2>"$HOME/err"
	st=$?
	"$BOPS" task add "another" >>"$HOME/out" 2>>"$HOME/err"
	st2=$?
	"$BOPS" task list --json >"$HOME/list" 2>"$HOME/list.err"
	st3=$?
	mount -o remount,rw "$PWD/.."
	[ $st -eq 6 ] && [ $st2 -eq 6 ] ||
	    { fail "exit $st and $st2, want 6:"; sed 's/^/#   /' "$HOME/err" >&2;
	    return 1; }
	grep -q "Read-only file system" "$HOME/err" ||
	    { fail "no reason given:"; sed 's/^/#   /' "$HOME/err" >&2; return 1; }
	[ -s "$HOME/out" ] && { fail "an id was printed"; return 1; }
	# A read still answers, without its cache.
	[ $st3 -eq 0 ] && cmp -s "$HOME/list" "$HOME/want" ||
	    { fail "list on a read-only file system: exit $st3"; return 1; }
	[ "$(commits)" -eq "$before" ] || return 1
	ws_clean
}

test_case 'adds on a full tmpfs fail cleanly and recover' \
    'on_tmpfs 512k adds_on_a_full_disk'
test_case 'sets on a full tmpfs leave the record old or new' \
    'on_tmpfs 2m sets_on_a_full_disk'
test_case 'a read-only file system: writes exit 6, reads answer' \
    'on_tmpfs 512k read_only_file_system'
test_done
