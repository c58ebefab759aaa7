#!/bin/sh
# bops task backlog and bops task rank ID --before|--after OTHER
. "$(dirname "$0")/lib.sh"

# four tasks added a minute apart: alpha bravo charlie delta
setup() {
	new_ws && i=0 &&
	for t in alpha bravo charlie delta; do
		i=$((i + 1))
		BOPS_NOW=2026-11-23T09:0$i:00Z "$BOPS" task add "Task $t" \
		    --id $t >/dev/null 2>&1 || return 1
	done
}

order() {
	"$BOPS" task backlog --fields id | tail -n +2 | tr "\n" " "
}

test_case 'the backlog lists unfinished tasks in the order they came' '
	setup &&
	expect_status 0 bops task backlog &&
	expect_out "id       priority  estimate  assignee  title
alpha                                  Task alpha
bravo                                  Task bravo
charlie                                Task charlie
delta                                  Task delta" && test ! -s err
'
test_case 'done tasks leave the backlog; started ones stay' '
	setup &&
	bops task done bravo >/dev/null 2>&1 && bops task start charlie >/dev/null 2>&1 &&
	test "$(order)" = "alpha charlie delta "
'
test_case 'rank --before moves a task up, in one commit' '
	setup && n=$(commits) &&
	expect_status 0 bops task rank delta --before alpha &&
	expect_out delta &&
	test "$(commits)" = $((n + 1)) &&
	git log -1 --format=%s | grep -q "^task delta: rank [0-9a-z]* -> [0-9a-z]*$" &&
	test "$(git show --name-only --format= HEAD)" = tasks/de/delta.yaml &&
	test "$(order)" = "delta alpha bravo charlie " && ws_clean
'
test_case 'rank --after moves a task down' '
	setup &&
	expect_status 0 bops task rank alpha --after charlie &&
	test "$(order)" = "bravo charlie alpha delta " &&
	expect_status 0 bops task rank bravo --after delta &&
	test "$(order)" = "charlie alpha delta bravo " && ws_clean
'
test_case 'rank between neighbours many times keeps the order' '
	setup &&
	for i in 1 2 3 4 5 6; do
		bops task rank delta --after alpha >/dev/null 2>&1 || exit 1
		bops task rank delta --before alpha >/dev/null 2>&1 || exit 1
	done &&
	test "$(order)" = "delta alpha bravo charlie " &&
	bops task rank charlie --before bravo >/dev/null 2>&1 &&
	test "$(order)" = "delta alpha charlie bravo " && ws_clean
'
test_case 'ranking to where a task already is commits nothing' '
	setup && n=$(commits) &&
	expect_status 0 bops task rank bravo --after alpha &&
	expect_err_contains "no change" && test "$(commits)" = "$n"
'
test_case 'tasks added in the same second can be ranked among themselves' '
	new_ws &&
	for t in aaaa bbbb cccc; do
		bops task add "$t" --id $t >/dev/null 2>&1 || exit 1
	done &&
	BOPS_NOW=2026-11-23T09:00:01Z bops task add "later" --id dddd \
	    >/dev/null 2>&1 &&
	expect_status 0 bops task rank cccc --before bbbb &&
	test "$(order)" = "aaaa cccc bbbb dddd " &&
	expect_status 0 bops task rank aaaa --after bbbb &&
	test "$(order)" = "cccc bbbb aaaa dddd " && ws_clean
'
test_case 'tasks added in the same second keep the order they were added in' '
	new_ws &&
	for t in zulu yankee xray whiskey; do
		bops -q task add "Task $t" --id $t >/dev/null || exit 1
	done &&
	test "$(order)" = "zulu yankee xray whiskey " ||
	    fail "order: $(order)" &&
	ranks=$(bops task list --fields rank --csv | tail -n +2 | sort -u) &&
	test "$(echo "$ranks" | wc -l)" = 4 || fail "ranks: $ranks"
'
test_case 'a new task goes after one ranked past the clock' '
	setup &&
	expect_status 0 bops task rank alpha --after delta &&
	BOPS_NOW=2026-11-24T09:00:00Z bops -q task add "Task echo" --id echo \
	    >/dev/null &&
	test "$(order)" = "bravo charlie delta alpha echo " ||
	    fail "order: $(order)"
'
test_case 'the order survives a task leaving and coming back' '
	setup &&
	bops -q task done bravo >/dev/null &&
	bops -q task add "Task echo" --id echo >/dev/null &&
	bops -q task move bravo not-started >/dev/null &&
	test "$(order)" = "alpha bravo charlie delta echo " ||
	    fail "order: $(order)"
'
test_case 'rank takes prefixes' '
	setup &&
	expect_status 0 bops task rank delt --before alph &&
	test "$(order)" = "delta alpha bravo charlie "
'
test_case 'rank needs exactly one of --before and --after' '
	setup && n=$(commits) &&
	expect_status 2 bops task rank alpha && expect_err_contains "usage:" &&
	expect_status 2 bops task rank alpha --before bravo --after charlie &&
	expect_status 2 bops task rank alpha bravo &&
	test "$(commits)" = "$n"
'
test_case 'rank against itself exits 2' '
	setup &&
	expect_status 2 bops task rank alpha --before alpha &&
	expect_err_contains "cannot rank a task against itself"
'
test_case 'rank against an unknown task exits 3' '
	setup && n=$(commits) &&
	expect_status 3 bops task rank alpha --before nothing &&
	expect_status 3 bops task rank nothing --before alpha &&
	test "$(commits)" = "$n"
'
test_case 'rank against a task not in the backlog exits 2' '
	setup && bops task done bravo >/dev/null 2>&1 &&
	expect_status 2 bops task rank alpha --after bravo &&
	expect_err_contains "not in the backlog"
'
test_case 'the backlog takes filters and --json' '
	setup && bops task set charlie priority=high >/dev/null 2>&1 &&
	expect_status 0 bops task backlog priority=high --fields id,priority &&
	expect_out "id       priority
charlie  high" &&
	expect_status 0 bops task backlog --json &&
	python3 -c "
import json
assert [t[\"id\"] for t in json.load(open(\"out\"))] == [\"alpha\", \"bravo\", \"charlie\", \"delta\"]
"
'
test_case 'the backlog refuses --sort' '
	setup && expect_status 2 bops task backlog --sort id &&
	expect_err_contains "bops task rank"
'
test_done
