#!/bin/sh
# bops config [KEY [VALUE]]: read, set (validated and committed), clear.
. "$(dirname "$0")/lib.sh"

test_case 'config prints bops.yaml without its comments' '
	new_ws &&
	expect_status 0 bops config &&
	grep -v -e "^ *#" -e "^$" bops.yaml >want &&
	cmp -s want out && rm want
'
test_case 'config KEY prints one value' '
	new_ws &&
	expect_status 0 bops config board.wip.processing && expect_out 3 &&
	expect_status 0 bops config timezone && expect_out UTC &&
	expect_status 0 bops config sprint.start_day && expect_out monday
'
test_case 'config KEY prints a list one item a line' '
	new_ws &&
	expect_status 0 bops config board.columns &&
	expect_out "not-started
processing
done"
'
test_case 'config KEY of a map prints YAML' '
	new_ws &&
	expect_status 0 bops config board.wip && expect_out "processing: 3"
'
test_case 'config of an unset key exits 3' '
	new_ws &&
	expect_status 3 bops config board.wip.done &&
	expect_err_contains "config key '"'"'board.wip.done'"'"' is not set"
'
test_case 'config KEY VALUE commits the change' '
	new_ws && n=$(commits) &&
	expect_status 0 bops config board.wip.processing 1 &&
	test ! -s out &&
	expect_err_contains "config: board.wip.processing 3 -> 1" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "config: board.wip.processing 3 -> 1" &&
	test "$(git diff --name-only HEAD~1 HEAD)" = bops.yaml &&
	grep -q "^    processing: 1$" bops.yaml &&
	expect_status 0 bops config board.wip.processing && expect_out 1 &&
	ws_clean
'
test_case 'config keeps the comments of bops.yaml' '
	new_ws &&
	bops config board.wip.processing 2 2>/dev/null &&
	grep -q "^# bops workspace configuration" bops.yaml &&
	test "$(git diff HEAD~1 HEAD | grep -c "^[-+] ")" = 2
'
test_case 'config sets a new key of a free map' '
	new_ws &&
	expect_status 0 bops config board.wip.done 10 &&
	test "$(git log -1 --format=%s)" = "config: board.wip.done 10" &&
	expect_status 0 bops config board.wip.done && expect_out 10 &&
	ws_clean
'
test_case 'config sets a list from commas' '
	new_ws &&
	expect_status 0 bops config board.columns todo,processing,review,done &&
	expect_status 0 bops config board.columns &&
	expect_out "todo
processing
review
done" && ws_clean
'
test_case 'config KEY with an empty value clears it' '
	new_ws &&
	expect_status 0 bops config board.wip.processing "" &&
	test "$(git log -1 --format=%s)" = \
	    "config: board.wip.processing 3 -> cleared" &&
	expect_status 3 bops config board.wip.processing && ws_clean
'
test_case 'setting the same value commits nothing' '
	new_ws && n=$(commits) &&
	expect_status 0 bops config board.wip.processing 3 &&
	expect_err_contains "unchanged" &&
	test "$(commits)" = "$n" && ws_clean
'
test_case 'a value of the wrong type exits 2 and writes nothing' '
	new_ws && n=$(commits) && cp bops.yaml ../before &&
	expect_status 2 bops config board.wip.processing many &&
	expect_err_contains "must be a whole number" &&
	expect_status 2 bops config sprint.start_day funday &&
	expect_err_contains "'"'"'funday'"'"' is not one of" &&
	expect_status 2 bops config sprint.length 3x &&
	expect_status 2 bops config okr.achieved 2 &&
	test "$(commits)" = "$n" && cmp -s bops.yaml ../before && ws_clean
'
test_case 'an unknown time zone is a bad value (exit 2), not a file error' '
	new_ws && n=$(commits) &&
	expect_status 2 bops config timezone Mars/Olympus &&
	! grep -q "bops.yaml:" err &&
	expect_err_contains "bops: timezone: unknown time zone '"'"'Mars/Olympus'"'"'" &&
	test "$(commits)" = "$n" && ws_clean
'
test_case 'a WIP limit of no column is an unknown key, with a suggestion' '
	new_ws && n=$(commits) &&
	expect_status 2 bops config board.wip.procesing 3 &&
	test "$(cat err)" = "bops: unknown key '"'"'board.wip.procesing'"'"'; did you mean '"'"'board.wip.processing'"'"'?" ||
	    fail "$(cat err)" &&
	expect_status 2 bops config board.wip.procesing &&
	expect_err_contains "unknown key '"'"'board.wip.procesing'"'"'" &&
	expect_status 2 bops config board.colums a,b &&
	test "$(cat err)" = "bops: unknown key '"'"'board.colums'"'"'; did you mean '"'"'board.columns'"'"'?" ||
	    fail "$(cat err)" &&
	test "$(commits)" = "$n" && ws_clean
'
test_case 'a board of its own columns takes no default WIP limit' '
	new_ws &&
	printf "name: ws\nboard:\n  columns: [todo, doing, done]\n" >bops.yaml &&
	git commit -qam "own columns" &&
	expect_status 0 bops config name acme &&
	expect_status 3 bops config board.wip &&
	expect_status 0 bops config board.wip.doing 2 &&
	expect_status 0 bops config board.wip &&
	expect_out "doing: 2" &&
	ws_clean
'

test_case 'a broken bops.yaml is cited where it is broken, line and all' '
	new_ws &&
	sed -i "s/^  length: 1w$/  length: 3x/" bops.yaml &&
	line=$(grep -n "^  length: 3x$" bops.yaml | cut -d: -f1) &&
	test -n "$line" && git commit -qam "break sprint.length" &&
	expect_status 4 bops config board.wip.processing 4 &&
	expect_err_contains "bops.yaml:$line:" &&
	expect_status 0 bops config sprint.length 1w &&
	expect_status 0 bops config board.wip.processing 4 && ws_clean
'
test_case 'a name that is no zone of the tz database is refused (exit 2)' '
	new_ws && n=$(commits) &&
	for z in localtime posixrules right/UTC GMT+7 XYZ-7 +07 \
	    /usr/share/zoneinfo/UTC europe/stockholm; do
		expect_status 2 bops config timezone "$z" &&
		expect_err_contains "unknown time zone '"'"'$z'"'"'" || return 1
	done &&
	test "$(commits)" = "$n" && ws_clean
'
test_case 'a known time zone is accepted' '
	new_ws &&
	expect_status 0 bops config timezone Asia/Ho_Chi_Minh &&
	grep -q "^timezone: Asia/Ho_Chi_Minh$" bops.yaml && ws_clean
'
test_case 'an unknown key exits 2' '
	new_ws && n=$(commits) &&
	expect_status 2 bops config nope 1 &&
	expect_err_contains "unknown key '"'"'nope'"'"'" &&
	expect_status 2 bops config board.nope 1 &&
	expect_status 2 bops config board.nope &&
	expect_status 2 bops config name.part 1 &&
	expect_status 2 bops config "board..wip" 1 &&
	test "$(commits)" = "$n" && ws_clean
'
test_case 'a map key cannot be set as a whole (exit 2)' '
	new_ws &&
	expect_status 2 bops config board.wip 3 &&
	expect_err_contains "holds several values"
'
test_case 'config takes at most a key and a value' '
	new_ws &&
	expect_status 2 bops config a b c && expect_err_contains "usage:"
'
test_case 'a broken committed bops.yaml is exit 4 with path:line:col' '
	new_ws &&
	printf "timezone: [\n" >>bops.yaml && git commit -qam "break config" &&
	expect_status 4 bops config &&
	grep -q "^bops: bops.yaml:[0-9]*:[0-9]*: " err &&
	expect_status 4 bops task list &&
	grep -q "^bops: bops.yaml:[0-9]*:[0-9]*: " err
'
test_done
