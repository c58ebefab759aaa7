#!/bin/sh
# bops undo: revert the last bops commit with a new commit.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Brief" --id brief priority=high >/dev/null 2>&1
}

test_case 'undo reverts a set with a new commit' '
	setup && bops task set brief priority=low >/dev/null 2>&1 &&
	n=$(commits) && git show HEAD~1:tasks/br/brief.yaml >want &&
	expect_status 0 bops undo &&
	expect_out brief &&
	test "$(cat err)" = "undo: task brief: priority high -> low" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "undo: task brief: priority high -> low" &&
	cmp want tasks/br/brief.yaml && rm want && ws_clean
'
test_case 'undo of an add removes the record' '
	setup && n=$(commits) &&
	expect_status 0 bops undo && expect_out brief &&
	test ! -e tasks/br/brief.yaml && test "$(commits)" = $((n + 1)) &&
	expect_status 3 bops task show brief && ws_clean
'
test_case 'undo of an rm brings the record back' '
	setup && cp tasks/br/brief.yaml ../before &&
	bops task rm brief >/dev/null 2>&1 &&
	expect_status 0 bops undo &&
	cmp ../before tasks/br/brief.yaml && ws_clean
'
test_case 'undo of a config change restores bops.yaml' '
	setup && cp bops.yaml ../before &&
	bops config board.wip.processing 1 2>/dev/null &&
	expect_status 0 bops undo && test ! -s out &&
	test "$(git log -1 --format=%s)" = "undo: config: board.wip.processing 3 -> 1" &&
	cmp ../before bops.yaml && ws_clean
'
test_case 'undo twice redoes' '
	setup && bops task set brief priority=low >/dev/null 2>&1 &&
	bops undo >/dev/null 2>&1 &&
	expect_status 0 bops undo &&
	grep -q "^priority: low$" tasks/br/brief.yaml && ws_clean
'
test_case 'undo after a hand commit is refused (exit 5)' '
	setup &&
	echo "# mine" >>bops.yaml && git commit -qam "tweak config by hand" &&
	n=$(commits) &&
	expect_status 5 bops undo &&
	expect_err_contains "the last commit is not a bops change: '"'"'tweak config by hand'"'"'" &&
	test ! -s out && test "$(commits)" = "$n" && ws_clean
'
test_case 'undo in a fresh workspace is refused (exit 5)' '
	new_ws &&
	expect_status 5 bops undo &&
	expect_err_contains "nothing to undo" && test "$(commits)" = 1
'
test_case 'undo refuses when the record has an uncommitted hand edit' '
	setup && bops task set brief priority=low >/dev/null 2>&1 &&
	printf "x_note: mine\n" >>tasks/br/brief.yaml &&
	cp tasks/br/brief.yaml ../hand && n=$(commits) &&
	expect_status 5 bops undo &&
	test "$(commits)" = "$n" && cmp ../hand tasks/br/brief.yaml
'
test_case 'undo takes no arguments' '
	setup && n=$(commits) &&
	expect_status 2 bops undo brief && expect_err_contains "usage:" &&
	test "$(commits)" = "$n"
'
test_done
