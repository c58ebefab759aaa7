#!/bin/sh
# Records are hostile input, and the largest legal ones must not slow bops
# down: loading, validating, showing, changing, checking and merging a
# record is O(n log n) in its size.  A record of 100,000 x_* keys just
# under 1 MiB, one of 50,000 tags and an objective of 10,000 key results
# each take well under a second here; the generous `timeout` only makes
# quadratic behaviour (minutes) fail instead of hang.
. "$(dirname "$0")/lib.sh"

T="timeout 20"

# commit a hand edit with git
hand_commit() { git add -A && git commit -qm "${1:-by hand}"; }

# keys N: a task with N x_* keys, as committed by hand.
keys() {
	printf 'title: Big\nstatus: not-started\n' >tasks/bi/big.yaml &&
	awk -v n="$1" 'BEGIN {
		d = "0123456789abcdefghijklmnopqrstuvwxyz"
		for (i = 0; i < n; i++) {
			k = ""; v = i
			for (j = 0; j < 4; j++) {
				k = k substr(d, v % 36 + 1, 1); v = int(v / 36)
			}
			printf "x_%s: v\n", k
		}
	}' >>tasks/bi/big.yaml
}

# tags N: the same task with N distinct tags and each of them twice.
tags() {
	printf 'title: Big\nstatus: not-started\ntags:\n' >tasks/bi/big.yaml &&
	awk -v n="$1" 'BEGIN {
		for (i = 0; i < n; i++) printf "- t%05d\n", i
		for (i = 0; i < n; i++) printf "- t%05d\n", i
	}' >>tasks/bi/big.yaml
}

setup() {
	new_ws && bops -q task add Big --id big >/dev/null
}

test_case '100,000 keys just under 1 MiB: check, show, list and set are fast' '
	setup && keys 100000 && hand_commit &&
	size=$(wc -c <tasks/bi/big.yaml) &&
	test "$size" -gt 1000000 && test "$size" -le 1048576 &&
	expect_status 0 $T "$BOPS" check &&
	expect_status 0 $T "$BOPS" task show big --json &&
	expect_out_contains "\"x_zzz0\":\"v\"" &&
	expect_status 0 $T "$BOPS" task list &&
	expect_out_contains "Big" &&
	expect_status 0 $T "$BOPS" task set big x_zzz0=w priority=high &&
	grep -q "^x_zzz0: w$" tasks/bi/big.yaml &&
	expect_status 0 $T "$BOPS" task log big &&
	ws_clean
'
test_case 'a duplicate among 100,000 keys is found at its place, fast' '
	setup && keys 99999 && echo "x_0000: again" >>tasks/bi/big.yaml &&
	hand_commit &&
	expect_status 1 $T "$BOPS" check &&
	expect_out "tasks/bi/big.yaml:100002:1: duplicate key '"'"'x_0000'"'"'"
'
test_case '50,000 tags, each twice: read as a set, fast' '
	setup && tags 50000 && hand_commit &&
	expect_status 0 $T "$BOPS" check &&
	expect_status 0 $T "$BOPS" task show big --json &&
	expect_out_contains "\"t49999\"]" &&
	expect_status 0 $T "$BOPS" task set big tags+=new tags-=t00000 &&
	test "$(grep -c "^- t" tasks/bi/big.yaml)" = 49999 &&
	grep -q "^- new$" tasks/bi/big.yaml &&
	ws_clean
'
test_case '10,000 key results: validated and changed fast' '
	setup && mkdir -p okrs &&
	{ printf "title: Big\nstatus: active\nkey_results:\n" &&
	  awk "BEGIN { for (i = 1; i <= 10000; i++)
		printf \"- id: %d\\n  title: k\\n  target: 1\\n\", i }"
	} >okrs/big.yaml && hand_commit &&
	expect_status 0 $T "$BOPS" check &&
	expect_status 0 $T "$BOPS" okr checkin big/10000 1 &&
	expect_status 0 $T "$BOPS" okr show big --json &&
	ws_clean
'
test_case 'the merge driver merges two large versions fast' '
	setup && keys 100000 && cp tasks/bi/big.yaml base &&
	sed "s/^x_0000: v/x_0000: ours/" base >ours &&
	sed "s/^x_zzz0: v/x_zzz0: theirs/" base >theirs &&
	expect_status 0 $T "$BOPS" merge-driver base ours theirs tasks/bi/big.yaml &&
	grep -q "^x_0000: ours$" ours && grep -q "^x_zzz0: theirs$" ours &&
	tags 50000 && cp tasks/bi/big.yaml base &&
	{ cat base; echo "- mine"; } >ours && { cat base; echo "- yours"; } >theirs &&
	expect_status 0 $T "$BOPS" merge-driver base ours theirs tasks/bi/big.yaml &&
	grep -q "^- mine$" ours && grep -q "^- yours$" ours &&
	test "$(grep -c "^- " ours)" = 50002
'
test_done
