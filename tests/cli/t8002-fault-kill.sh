#!/bin/sh
# SIGKILL at any instant: every record old or new, never partial; every
# command that printed its id is in HEAD; the next writer recovers.
. "$(dirname "$0")/lib.sh"

RUNS=30

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A random number in [0, $1).
random_below() {
	echo $(($(od -An -N2 -tu2 /dev/urandom) % $1))
}

# calibrate: $ms, how long one add takes here, at least 5 ms.
calibrate() {
	t0=$(now_ms)
	bops task add calibration >/dev/null 2>&1 || return 1
	ms=$(($(now_ms) - t0))
	[ "$ms" -ge 5 ] || ms=5
}

# sleep_ms N
sleep_ms() {
	sleep "$(($1 / 1000)).$(printf %03d $(($1 % 1000)))"
}

# kill_loop COMMAND...: run COMMAND RUNS times in the background and
# kill -9 it after a random delay of up to twice its usual time.  Run i
# leaves its stdout in $HOME/out.i and its status in $HOME/status.i.
kill_loop() {
	i=0
	while [ $i -lt $RUNS ]; do
		i=$((i + 1))
		"$BOPS" "$@" >"$HOME/out.$i" 2>/dev/null &
		pid=$!
		sleep_ms "$(random_below $((2 * ms)))"
		kill -9 $pid 2>/dev/null
		{ wait $pid; } 2>/dev/null
		echo $? >"$HOME/status.$i"
	done
	killed=$(cat "$HOME"/status.* | grep -c '^137$')
	[ "$killed" -gt 0 ] || { fail "no run was killed"; return 1; }
	# A run that was not killed succeeded.
	if grep -v -e '^0$' -e '^137$' "$HOME"/status.* >&2; then
		fail "a run that was not killed failed"
		return 1
	fi
}

# records_whole: every record file in the work tree is its HEAD version
# (a file is written only after its commit), and no other file is there
# but temp files.
records_whole() {
	git diff --quiet --diff-filter=M HEAD -- tasks ||
	    { fail "a record file differs from HEAD:";
	    git diff --stat HEAD -- tasks | sed 's/^/#   /' >&2; return 1; }
	# Against HEAD's tree, not the index: a writer killed after its
	# work-tree write and before its index update leaves the file
	# untracked by the index though HEAD has it.
	git ls-tree -r --name-only HEAD -- tasks >head.list &&
	s=$(find tasks -type f ! -name '*.bops-tmp' 2>/dev/null | sort |
	    comm -23 - head.list) &&
	rm -f head.list &&
	[ -z "$s" ] || { fail "files not in HEAD: $s"; return 1; }
}

# recovered: what the next writer must leave behind.
recovered() {
	[ ! -e .git/bops/journal ] || { fail "journal left"; return 1; }
	s=$(find . -name '*.bops-tmp')
	[ -z "$s" ] || { fail "temp files left: $s"; return 1; }
	s=$(find .git -name '*.lock' ! -name bops.lock)
	[ -z "$s" ] || { fail "git locks left: $s"; return 1; }
	ws_clean
}

kill_during_adds() {
	new_ws || return 1
	base=$(git rev-parse HEAD)
	calibrate || return 1
	kill_loop task add "a task" description="text to write" || return 1
	printed=0
	i=0
	while [ $i -lt $RUNS ]; do
		i=$((i + 1))
		[ -s "$HOME/out.$i" ] || continue
		printed=$((printed + 1))
		id=$(cat "$HOME/out.$i")
		case $id in
		*[!a-z0-9]*) fail "run $i printed '$id'"; return 1 ;;
		esac
		[ ${#id} -eq 10 ] || { fail "run $i printed '$id'"; return 1; }
		git cat-file -e "HEAD:tasks/$(echo "$id" | cut -c1-2)/$id.yaml" ||
		    { fail "run $i printed $id, which is not in HEAD"; return 1; }
	done
	echo "# $killed of $RUNS killed, $printed printed an id" >&2
	# One record per commit: no empty or doubled commit.
	[ "$(git ls-tree -r --name-only HEAD tasks | wc -l)" -eq \
	    "$(git rev-list --count "$base..HEAD")" ] ||
	    { fail "records and commits do not match"; return 1; }
	records_whole || return 1
	git fsck --strict >/dev/null 2>&1 || { fail "fsck before recovery"; return 1; }
	# The next writer finishes what a killed one left.
	expect_status 0 bops task add after || return 1
	recovered
}

kill_during_sets() {
	new_ws || return 1
	id=$(bops task add target 2>/dev/null) || return 1
	calibrate || return 1
	i=0
	while [ $i -lt $RUNS ]; do
		i=$((i + 1))
		"$BOPS" task set "$id" description="value $i" >"$HOME/out.$i" 2>/dev/null &
		pid=$!
		sleep_ms "$(random_below $((2 * ms)))"
		kill -9 $pid 2>/dev/null
		{ wait $pid; } 2>/dev/null
		st=$?
		[ $st -eq 0 ] || [ $st -eq 137 ] ||
		    { fail "run $i exited $st"; return 1; }
		# The file is whole: HEAD's version, or the one before it
		# (committed by a killed run, not yet written).
		f=tasks/$(echo "$id" | cut -c1-2)/$id.yaml
		[ -f "$f" ] || { fail "run $i: $f is gone"; return 1; }
		h=$(git hash-object "$f")
		[ "$h" = "$(git rev-parse "HEAD:$f")" ] ||
		    [ "$h" = "$(git rev-parse "HEAD~1:$f")" ] ||
		    { fail "run $i left a file that is no version"; return 1; }
		# A run that printed its id is HEAD.
		if [ -s "$HOME/out.$i" ]; then
			last=$i
			git show "HEAD:$f" | grep -qx "description: value $i" ||
			    { fail "run $i printed, HEAD lacks it"; return 1; }
		fi
	done
	[ -n "${last:-}" ] || { fail "no run finished"; return 1; }
	# HEAD holds the last printed value or a later one.
	v=$(git show "HEAD:$f" | sed -n 's/^description: value //p')
	[ "$v" -ge "$last" ] ||
	    { fail "HEAD has value $v, but run $last printed"; return 1; }
	expect_status 0 bops task set "$id" priority=low || return 1
	recovered
}

kill_during_reads() {
	new_ws || return 1
	for t in one two three four five; do
		bops task add "$t" >/dev/null 2>&1 || return 1
	done
	expect_status 0 bops task list --all --json || return 1
	mv out "$HOME/want"
	t0=$(now_ms)
	rm -rf .git/bops/cache
	bops task list --all --json >/dev/null 2>&1 || return 1
	ms=$(($(now_ms) - t0))
	[ "$ms" -ge 5 ] || ms=5
	i=0
	while [ $i -lt $RUNS ]; do
		i=$((i + 1))
		rm -rf .git/bops/cache
		"$BOPS" task list --json >/dev/null 2>&1 &
		pid=$!
		sleep_ms "$(random_below $((2 * ms)))"
		kill -9 $pid 2>/dev/null
		{ wait $pid; } 2>/dev/null
		expect_status 0 bops task list --all --json &&
		cmp -s out "$HOME/want" ||
		    { fail "run $i: list differs after a killed read"; return 1; }
	done
	ws_clean
}

test_case 'kill -9 during adds: printed ids in HEAD, next writer recovers' \
    kill_during_adds
test_case 'kill -9 during sets: the record is old or new, never partial' \
    kill_during_sets
test_case 'kill -9 during reads: the cache comes back right' \
    kill_during_reads
test_done
