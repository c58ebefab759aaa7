#!/bin/sh
# bops undo: take back your last bops change with a new commit, merged
# onto what others did since, field by field; --any: anyone's.
. "$(dirname "$0")/lib.sh"

MAI="Mai Tran <mai@example.com>"
mai() { BOPS_AUTHOR="$MAI" "$BOPS" "$@"; }

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
test_case 'undo twice redoes, and the commits say which they revert' '
	setup && bops task set brief priority=low >/dev/null 2>&1 &&
	c=$(git rev-parse HEAD) &&
	bops undo >/dev/null 2>&1 && u=$(git rev-parse HEAD) &&
	test "$(git log -1 --format=%b)" = "This reverts commit $c." &&
	expect_status 0 bops undo &&
	test "$(cat err)" = "redo: task brief: priority high -> low" &&
	test "$(git log -1 --format=%b)" = "This reverts commit $u." &&
	grep -q "^priority: low$" tasks/br/brief.yaml &&
	expect_status 0 bops undo &&
	test "$(cat err)" = "undo: task brief: priority high -> low" &&
	grep -q "^priority: high$" tasks/br/brief.yaml && ws_clean
'
test_case 'undo reaches past a hand commit that changed something else' '
	setup &&
	echo "# mine" >>bops.yaml && git commit -qam "tweak config by hand" &&
	n=$(commits) &&
	expect_status 0 bops undo && expect_out brief &&
	test "$(git log -1 --format=%s)" = "undo: task brief: add '"'"'Brief'"'"'" &&
	test ! -e tasks/br/brief.yaml && tail -n 1 bops.yaml | grep -qx "# mine" &&
	test "$(commits)" = $((n + 1)) && ws_clean
'
test_case 'undo of a field a hand commit changed since is a conflict (exit 5)' '
	setup && bops task set brief priority=low >/dev/null 2>&1 &&
	sed -i "s/^priority: low$/priority: normal/" tasks/br/brief.yaml &&
	git commit -qam "by hand" && n=$(commits) &&
	cp tasks/br/brief.yaml ../before &&
	expect_status 5 bops undo &&
	expect_err_contains "tasks/br/brief.yaml: '"'"'priority'"'"' changed since" &&
	expect_err_contains "nothing written" && test ! -s out &&
	test "$(commits)" = "$n" && cmp ../before tasks/br/brief.yaml && ws_clean
'
test_case 'undo in a fresh workspace is refused (exit 5)' '
	new_ws &&
	expect_status 5 bops undo &&
	expect_err_contains "nothing to undo" && test "$(commits)" = 1
'
test_case 'undo takes back your last change, not a later one by another' '
	setup && bops task set brief priority=low >/dev/null 2>&1 &&
	mai task set brief status=processing >/dev/null 2>&1 &&
	mai task set brief due=2026-12-01 >/dev/null 2>&1 && n=$(commits) &&
	expect_status 0 bops undo && expect_out brief &&
	test "$(cat err)" = "undo: task brief: priority high -> low" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%an)" = "Lan Nguyen" &&
	grep -qx "priority: high" tasks/br/brief.yaml &&
	grep -qx "status: processing" tasks/br/brief.yaml &&
	grep -qx "due: 2026-12-01" tasks/br/brief.yaml && ws_clean
'
test_case 'undo --any takes back the last change, whoever made it' '
	setup && bops task set brief priority=low >/dev/null 2>&1 &&
	mai task set brief status=processing >/dev/null 2>&1 &&
	expect_status 0 bops undo --any &&
	grep -q "^undo: task brief: status not-started -> processing, started" err &&
	grep -qx "status: not-started" tasks/br/brief.yaml &&
	grep -qx "priority: low" tasks/br/brief.yaml && ws_clean
'
test_case 'a change someone else undid is not undone again' '
	setup && bops task set brief priority=low >/dev/null 2>&1 &&
	bops task set brief due=2026-12-01 >/dev/null 2>&1 &&
	mai undo --any >/dev/null 2>&1 &&
	! grep -q "^due:" tasks/br/brief.yaml &&
	expect_status 0 bops undo &&
	test "$(cat err)" = "undo: task brief: priority high -> low" &&
	grep -qx "priority: high" tasks/br/brief.yaml &&
	! grep -q "^due:" tasks/br/brief.yaml && ws_clean
'
test_case 'a git revert counts as an undo' '
	setup && bops task set brief priority=low >/dev/null 2>&1 &&
	bops task set brief due=2026-12-01 >/dev/null 2>&1 &&
	git revert --no-edit HEAD >/dev/null &&
	expect_status 0 bops undo &&
	test "$(cat err)" = "undo: task brief: priority high -> low" && ws_clean
'
test_case 'someone with no change of their own has nothing to undo' '
	setup && n=$(commits) &&
	mai undo >out 2>err; test $? = 5 &&
	expect_err_contains "nothing to undo: no bops change by Mai Tran <mai@example.com>" &&
	test "$(commits)" = "$n"
'
test_case 'undo of a check-in removes it, later check-ins stay' '
	new_ws &&
	bops okr add "Save the world" --id save >/dev/null 2>&1 &&
	bops okr kr add save "Meals" target=1000 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-24T09:00:00Z bops okr checkin save/1 100 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-25T09:00:00Z mai okr checkin save/1 250 >/dev/null 2>&1 &&
	expect_status 0 bops undo &&
	bops okr show save --json >../save.json &&
	grep -q "\"value\":250" ../save.json &&
	! grep -q "\"value\":100" ../save.json &&
	grep -q "\"current\":250" ../save.json && ws_clean
'
test_case 'undo of a change to several records (sprint plan)' '
	new_ws && bops task add "A" --id a >/dev/null 2>&1 &&
	bops task add "B" --id b >/dev/null 2>&1 &&
	bops sprint new start=2026-11-23 >/dev/null 2>&1 &&
	bops sprint plan 2026-w48 a b >/dev/null 2>&1 &&
	expect_status 0 bops undo &&
	! grep -q "^sprint:" tasks/a/a.yaml && ! grep -q "^sprint:" tasks/b/b.yaml &&
	grep -qx a out && grep -qx b out && ws_clean
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
	expect_status 2 bops undo --all && test "$(commits)" = "$n"
'
test_done
