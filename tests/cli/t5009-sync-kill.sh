#!/bin/sh
# kill -9 at any instant of a sync, then a rerun: the workspace is sound
# (fsck, status), nothing committed is lost, and both clones converge.
# The remote is a path, so the killed process may be the one writing it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

RUNS=8

now_ms() { echo $(($(date +%s%N) / 1000000)); }
random_below() { echo $(($(od -An -N2 -tu2 /dev/urandom) % $1)); }
sleep_ms() { sleep "$(($1 / 1000)).$(printf %03d $(($1 % 1000)))"; }

test_case 'sync killed at random instants, then rerun, converges' '
	two_clones || return 1
	t0=$(now_ms)
	b sync >/dev/null 2>&1
	ms=$(($(now_ms) - t0 + 10))
	killed=0
	i=0
	while [ $i -lt $RUNS ]; do
		i=$((i + 1))
		a -q task set brief "x_round=a$i" >/dev/null &&
		a -q task add "a $i" --id "a-$i" >/dev/null &&
		a sync >/dev/null 2>&1 &&
		b -q task set brief "priority=high" "x_b=$i" >/dev/null &&
		b -q task add "b $i" --id "b-$i" >/dev/null || return 1
		mine=$(git -C b rev-parse HEAD)
		(cd b && BOPS_AUTHOR="$BOB" exec "$BOPS" sync) >/dev/null 2>&1 &
		pid=$!
		sleep_ms "$(random_below $ms)"
		kill -9 $pid 2>/dev/null
		wait $pid
		[ $? -eq 137 ] && killed=$((killed + 1))
		# Through a path the push writes the remote itself: a kill
		# there can leave its ref locked.  The rerun says so (exit 6)
		# and leaves the lock to the user, who removes it.
		if ! b sync >out 2>err; then
			grep -q "r.git/refs/heads/main.lock" err ||
			    { fail "run $i: rerun failed"; cat err >&2; return 1; }
			rm r.git/refs/heads/main.lock
			expect_status 0 b sync || return 1
		fi
		git -C b merge-base --is-ancestor "$mine" HEAD ||
		    { fail "run $i: a commit was lost"; return 1; }
		(cd b && ws_clean) || { fail "run $i: not sound"; return 1; }
	done
	[ $killed -gt 0 ] || { fail "no sync was killed"; return 1; }
	echo "# $killed of $RUNS syncs killed" >&2
	sync_both && converged &&
	k=0 && while [ $k -lt $RUNS ]; do
		k=$((k + 1))
		test -f "a/tasks/a-/a-$k.yaml" && test -f "a/tasks/b-/b-$k.yaml" ||
		    { fail "task $k missing"; return 1; }
	done
'

test_case 'a pack lock left by a sync killed in its fetch is removed' '
	two_clones &&
	mkdir -p b/.git/bops &&
	printf origin >b/.git/bops/sync &&
	sleep 0.01 &&
	: >b/.git/objects/pack/pack_git2_0123456789abcdef.idx.lock &&
	: >b/.git/objects/pack/pack_git2_0123456789abcdef &&
	expect_status 0 b sync &&
	test ! -e b/.git/objects/pack/pack_git2_0123456789abcdef.idx.lock &&
	test ! -e b/.git/objects/pack/pack_git2_0123456789abcdef &&
	test ! -e b/.git/bops/sync
'

test_case 'a pack lock older than the sync marker is not ours: kept' '
	two_clones &&
	: >b/.git/objects/pack/pack_git2_0123456789abcdef.idx.lock &&
	touch -d "2020-01-01" b/.git/objects/pack/pack_git2_0123456789abcdef.idx.lock &&
	mkdir -p b/.git/bops && printf origin >b/.git/bops/sync &&
	expect_status 0 b sync &&
	test -e b/.git/objects/pack/pack_git2_0123456789abcdef.idx.lock
'

test_done
