#!/bin/sh
# sync counts what moved: commits in, commits out (merges included).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

test_case 'four offline adds and a merge go out: 1 in, 5 out' '
	two_clones &&
	for t in one two three four; do
		b -q task add "$t" --id "$t" >/dev/null || return 1
	done &&
	a -q task add "Ann" --id anns >/dev/null && a sync >/dev/null 2>&1 &&
	expect_status 0 b sync &&
	expect_err_contains "sync origin: 1 commit in, 5 out, 1 record changed, 0 conflicts" &&
	test "$(git -C r.git rev-list --count main)" = \
	    "$(git -C b rev-list --count HEAD)"
'

test_case 'a fast-forward: commits in, none out' '
	two_clones &&
	a -q task add "x" --id xone >/dev/null &&
	a -q task add "y" --id yone >/dev/null &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 b sync &&
	expect_err_contains "sync origin: 2 commits in, 0 out, 2 records changed"
'

test_case 'only ours: none in, each commit out' '
	two_clones &&
	b -q task add "x" --id xone >/dev/null &&
	b -q task add "y" --id yone >/dev/null &&
	expect_status 0 b sync &&
	expect_err_contains "sync origin: 0 commits in, 2 out, 0 records changed"
'

test_done
