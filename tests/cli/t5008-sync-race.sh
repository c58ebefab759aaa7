#!/bin/sh
# Two clones add and sync at the same time through one remote: every sync
# succeeds or fails with exit 6, no commit is ever lost, and afterwards
# both converge.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

ROUNDS=8

# worker WHO: ROUNDS adds, each followed by a sync; ids to ids.WHO, sync
# statuses to status.WHO.
worker() {
	k=0
	while [ $k -lt $ROUNDS ]; do
		k=$((k + 1))
		$1 -q task add "$1 task $k" --id "$1-$k" >>"ids.$1" 2>>"err.$1" ||
		    echo "add $k failed" >>"fail.$1"
		$1 sync >/dev/null 2>>"err.$1"
		echo $? >>"status.$1"
	done
}

test_case 'syncs at the same time lose nothing and converge' '
	two_clones || return 1
	worker b &
	pid=$!
	worker a
	wait $pid
	! cat fail.a fail.b 2>/dev/null | grep . >&2 &&
	if grep -v -e "^0$" -e "^6$" status.a status.b >&2; then
		fail "a sync exited neither 0 nor 6"; cat err.a err.b >&2
		return 1
	fi &&
	cat status.a status.b >statuses &&
	k=0 && while [ $k -lt 4 ]; do
		a sync >/dev/null 2>&1; b sync >/dev/null 2>&1; k=$((k + 1))
	done &&
	for id in $(cat ids.a ids.b); do
		git -C a cat-file -e "HEAD:tasks/$(echo $id | cut -c1-2)/$id.yaml" ||
		    { fail "$id lost"; return 1; }
	done &&
	test "$(cat ids.a ids.b | wc -l)" = $((2 * ROUNDS)) &&
	converged
'

test_done
