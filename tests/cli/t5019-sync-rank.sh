#!/bin/sh
# Backlog ranks of tasks added at once on two clones, offline.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# order CLONE: the backlog of a clone, ids on one line
order() {
	(cd "$1" && "$BOPS" task backlog --fields id | tail -n +2 | tr "\n" " ")
}

test_case 'tasks added in the same second on two clones get distinct ranks' '
	two_clones &&
	for t in a1 a2 a3; do a -q task add "Ann $t" --id $t >/dev/null ||
	    exit 1; done &&
	for t in b1 b2 b3; do b -q task add "Bob $t" --id $t >/dev/null ||
	    exit 1; done &&
	sync_both && converged &&
	ranks=$(cd a && "$BOPS" task list --fields rank --csv | tail -n +2) &&
	test "$(echo "$ranks" | sort -u | wc -l)" = 7 ||
	    fail "ranks not distinct: $ranks" &&
	o=$(order a) &&
	test "$(echo "$o" | tr " " "\n" | grep "^a[0-9]" | tr "\n" " ")" = "a1 a2 a3 " &&
	test "$(echo "$o" | tr " " "\n" | grep "^b[0-9]" | tr "\n" " ")" = "b1 b2 b3 " &&
	test "$(order b)" = "$o" || fail "a: $o, b: $(order b)"
'
test_done
