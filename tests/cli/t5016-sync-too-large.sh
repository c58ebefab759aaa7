#!/bin/sh
# A merge whose result would break the profile (over 1 MiB) is a
# conflict kept as data: one whole version stays, the other is named by
# its commit, both clones decide the same, nothing is dropped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# big_tags WHO LETTER: five tags of 120 KB on brief, one commit each.
big_tags() {
	for k in 1 2 3 4 5; do
		tag=$(python3 -c "print('$2$k' * 60000)")
		$1 -q task set brief "tags+=$tag" >/dev/null ||
		    { fail "$1 tags+= failed"; return 1; }
	done
}

test_case 'both sides grow one record past 1 MiB: a (too large) conflict' '
	two_clones &&
	big_tags a x && big_tags b y &&
	a sync >/dev/null 2>&1 &&
	expect_status 5 b sync &&
	expect_status 0 b conflicts &&
	expect_out_contains "(too large)" &&
	size=$(wc -c <b/tasks/br/brief.yaml) &&
	test "$size" -le 1048576 &&
	expect_status 0 a sync &&
	expect_status 0 b sync &&
	cmp a/tasks/br/brief.yaml b/tasks/br/brief.yaml &&
	git -C a log -p --all >all.log &&
	grep -q "x5x5x5" all.log && grep -q "y5y5y5" all.log &&
	(cd a && "$BOPS" check >/dev/null; test $? -eq 1)
'

test_case 'the conflict names both versions; --take picks a whole one' '
	two_clones &&
	big_tags a x && big_tags b y &&
	a sync >/dev/null 2>&1 &&
	{ b sync >/dev/null 2>&1; test $? -eq 5; } &&
	grep -c "commit:" b/tasks/br/brief.yaml >n &&
	test "$(cat n)" -eq 2 &&
	kept=$(grep -c "x5x5x5" b/tasks/br/brief.yaml) &&
	test "$kept" -eq 1 &&
	expect_status 0 b resolve brief "(too large)" --take 1 &&
	! grep -q "^conflicts:" b/tasks/br/brief.yaml &&
	grep -q "y5y5y5" b/tasks/br/brief.yaml &&
	! grep -q "x5x5x5" b/tasks/br/brief.yaml &&
	(cd b && ws_clean)
'

test_case 'taking the kept one clears the conflict and keeps it' '
	two_clones &&
	big_tags a x && big_tags b y &&
	a sync >/dev/null 2>&1 &&
	{ b sync >/dev/null 2>&1; test $? -eq 5; } &&
	expect_status 0 b resolve brief "(too large)" --take 2 &&
	! grep -q "^conflicts:" b/tasks/br/brief.yaml &&
	grep -q "x5x5x5" b/tasks/br/brief.yaml &&
	(cd b && ws_clean)
'

test_case 'each side valid, the merge not (a sprint ends before it starts)' '
	two_clones &&
	a -q sprint new start=2026-11-30 --id s1 >/dev/null &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1 &&
	a -q sprint set s1 start=2026-12-04 >/dev/null &&
	b -q sprint set s1 end=2026-12-02 >/dev/null &&
	a sync >/dev/null 2>&1 &&
	expect_status 5 b sync &&
	expect_status 0 b conflicts &&
	expect_out_contains "(no valid merge)" &&
	expect_status 0 b sprint show s1 &&
	expect_status 0 a sync && expect_status 0 b sync &&
	cmp a/sprints/s1.yaml b/sprints/s1.yaml &&
	expect_status 0 b resolve s1 "(no valid merge)" --take 1 &&
	! grep -q "^conflicts:" b/sprints/s1.yaml &&
	(cd b && ws_clean)
'

test_done
