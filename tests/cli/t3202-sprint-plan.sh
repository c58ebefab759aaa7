#!/bin/sh
# bops sprint plan, unplan, board and current.
. "$(dirname "$0")/lib.sh"

# tasks: four tasks (ads 3 points, copy 2, chat none, other 5) and
# sprint 2026-w48.
tasks() {
	new_ws &&
	bops -q sprint new >/dev/null &&
	bops -q task add Run the ads estimate=3 --id ads >/dev/null &&
	bops -q task add Write the copy estimate=2 --id copy >/dev/null &&
	bops -q task add Open the chat --id chat >/dev/null &&
	bops -q task add Something else estimate=5 --id other >/dev/null
}

test_case 'plan sets sprint on several tasks in one commit' '
	tasks && n=$(commits) &&
	expect_status 0 bops sprint plan 2026-w48 ads copy chat &&
	expect_out "ads
copy
chat" &&
	expect_err_contains "sprint 2026-w48: plan 3 tasks" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "sprint 2026-w48: plan 3 tasks" &&
	test "$(git show --stat --format= HEAD | grep -c tasks/)" = 3 &&
	expect_status 0 bops task list sprint=2026-w48 --fields id --csv &&
	expect_out "id
ads
chat
copy" &&
	ws_clean
'
test_case 'plan takes a unique id prefix of the sprint' '
	tasks &&
	expect_status 0 bops sprint plan 2026 ads &&
	expect_err_contains "sprint 2026-w48: plan 1 task" &&
	ws_clean
'
test_case 'unplan takes several tasks back to the backlog in one commit' '
	tasks &&
	bops -q sprint plan 2026-w48 ads copy chat >/dev/null && n=$(commits) &&
	expect_status 0 bops sprint unplan ads chat &&
	expect_out "ads
chat" &&
	test "$(git log -1 --format=%s)" = "sprint: unplan 2 tasks" &&
	test "$(commits)" = $((n + 1)) &&
	! grep -q sprint: tasks/ads/ads.yaml &&
	grep -q "sprint: 2026-w48" tasks/co/copy.yaml &&
	expect_status 0 bops task backlog --fields id --csv &&
	expect_out "id
ads
chat
other" &&
	ws_clean
'
test_case 'plan and unplan that change nothing make no commit' '
	tasks &&
	bops -q sprint plan 2026-w48 ads >/dev/null && n=$(commits) &&
	expect_status 0 bops sprint plan 2026-w48 ads &&
	expect_status 0 bops sprint unplan other &&
	test "$(commits)" = "$n" &&
	ws_clean
'
test_case 'plan warns on stderr when the sprint is over its capacity' '
	tasks &&
	bops -q sprint set 2026-w48 capacity=6 >/dev/null &&
	expect_status 0 bops sprint plan 2026-w48 ads copy chat &&
	! grep -q capacity err &&
	expect_status 0 bops sprint plan 2026-w48 other &&
	expect_out other &&
	expect_err_contains "warning: sprint '\''2026-w48'\'' holds 11 points, over its capacity of 6" &&
	grep -q "sprint: 2026-w48" tasks/ot/other.yaml &&
	ws_clean
'
test_case 'the capacity warning gives the points whole, every digit' '
	tasks &&
	bops -q sprint set 2026-w48 capacity=1000000 >/dev/null &&
	bops -q task set other estimate=1234567 >/dev/null &&
	expect_status 0 bops sprint plan 2026-w48 other &&
	expect_err_contains "holds 1234567 points, over its capacity of 1000000"
'
test_case 'plan of an unknown task exits 3 and writes nothing' '
	tasks && n=$(commits) &&
	expect_status 3 bops sprint plan 2026-w48 ads nope &&
	expect_err_contains "nope" &&
	expect_status 3 bops sprint unplan ads nope &&
	test "$(commits)" = "$n" &&
	! grep -q sprint: tasks/ads/ads.yaml &&
	ws_clean
'
test_case 'plan refuses a done task (exit 5) and writes nothing' '
	tasks &&
	BOPS_NOW=2026-11-25T10:00:00Z bops -q task done copy >/dev/null &&
	n=$(commits) &&
	expect_status 5 bops sprint plan 2026-w48 ads copy &&
	expect_err_contains "task '\''copy'\'' is done (finished 2026-11-25T10:00:00Z)" &&
	expect_err_contains "new task" &&
	test "$(commits)" = "$n" &&
	! grep -q sprint: tasks/ads/ads.yaml &&
	! grep -q sprint: tasks/co/copy.yaml &&
	ws_clean
'
test_case 'set and edit refuse to move a done task into a sprint (exit 5)' '
	tasks &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	bops -q sprint plan 2026-w48 copy >/dev/null &&
	bops -q task done copy >/dev/null &&
	n=$(commits) &&
	expect_status 5 bops task set copy sprint=2026-w49 &&
	expect_err_contains "task '\''copy'\'' is done" &&
	printf "%s\n" "#!/bin/sh" "sed -i \"s/^sprint:.*/sprint: 2026-w49/\" \"\$1\"" >../ed.sh &&
	chmod +x ../ed.sh &&
	EDITOR=../ed.sh expect_status 5 bops task edit copy &&
	expect_err_contains "task '\''copy'\'' is done" &&
	test "$(commits)" = "$n" &&
	grep -q "sprint: 2026-w48" tasks/co/copy.yaml &&
	expect_status 0 bops task set copy sprint= &&
	! grep -q sprint: tasks/co/copy.yaml &&
	expect_status 5 bops task set copy sprint=2026-w48 &&
	ws_clean
'
test_case 'a task done and planned in one change is planned' '
	tasks &&
	expect_status 0 bops task set chat status=done sprint=2026-w48 &&
	grep -q "sprint: 2026-w48" tasks/ch/chat.yaml &&
	expect_status 0 bops task set chat title="Open the chat now" &&
	ws_clean
'
test_case 'plan and unplan name each task once' '
	tasks &&
	expect_status 0 bops sprint plan 2026-w48 ads ads copy &&
	expect_out "ads
copy" &&
	expect_err_contains "sprint 2026-w48: plan 2 tasks" &&
	expect_status 0 bops sprint unplan copy copy &&
	expect_out copy &&
	expect_err_contains "sprint: unplan 1 task" &&
	ws_clean
'
test_case 'plan into an unknown sprint exits 3, a closed one 5' '
	tasks && n=$(commits) &&
	expect_status 3 bops sprint plan 2026-w01 ads &&
	expect_err_contains "no sprint '\''2026-w01'\''" &&
	test "$(commits)" = "$n" &&
	bops -q sprint close 2026-w48 --carry-to backlog >/dev/null &&
	n=$(commits) &&
	expect_status 5 bops sprint plan 2026-w48 ads &&
	expect_err_contains "closed" &&
	test "$(commits)" = "$n" &&
	ws_clean
'
test_case 'plan and unplan without enough arguments exit 2' '
	tasks &&
	expect_status 2 bops sprint plan 2026-w48 &&
	expect_status 2 bops sprint plan &&
	expect_status 2 bops sprint unplan &&
	expect_status 2 bops sprint plan 2026-w48 ads --bogus
'
test_case 'board shows only the tasks of the sprint' '
	tasks &&
	bops -q sprint plan 2026-w48 ads copy >/dev/null &&
	bops -q task done copy >/dev/null &&
	expect_status 0 bops sprint board 2026-w48 &&
	expect_out_contains "ads Run the ads" &&
	expect_out_contains "copy Write the copy" &&
	! grep -q -e chat -e other out &&
	expect_status 0 bops sprint board 2026-w48 --json &&
	expect_out_contains "{\"name\":\"not-started\",\"limit\":null,\"count\":1,\"tasks\":[{\"id\":\"ads\"" &&
	expect_out_contains "{\"name\":\"done\",\"limit\":null,\"count\":1,\"tasks\":[{\"id\":\"copy\"" &&
	! grep -q -e chat -e other out
'
test_case 'board without a sprint shows the current one' '
	tasks &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	bops -q sprint plan 2026-w48 ads >/dev/null &&
	bops -q sprint plan 2026-w49 copy >/dev/null &&
	expect_status 0 bops sprint board &&
	expect_out_contains "ads Run the ads" && ! grep -q copy out &&
	BOPS_NOW=2026-12-01T09:00:00Z expect_status 0 bops sprint board &&
	expect_out_contains "copy Write the copy" && ! grep -q ads out &&
	BOPS_NOW=2026-12-08T09:00:00Z expect_status 3 bops sprint board &&
	expect_err_contains "no current sprint" &&
	expect_status 3 bops sprint board nope &&
	expect_status 2 bops sprint board 2026-w48 2026-w49
'
test_case 'current is the active sprint first, else the one holding today' '
	new_ws &&
	expect_status 3 bops sprint current &&
	expect_err_contains "no current sprint" &&
	bops -q sprint new >/dev/null &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	expect_status 0 bops sprint current && expect_out 2026-w48 &&
	BOPS_NOW=2026-11-29T23:59:59Z expect_status 0 bops sprint current &&
	expect_out 2026-w48 &&
	BOPS_NOW=2026-11-30T00:00:00Z expect_status 0 bops sprint current &&
	expect_out 2026-w49 &&
	BOPS_NOW=2026-12-07T00:00:00Z expect_status 3 bops sprint current &&
	BOPS_NOW=2026-11-22T09:00:00Z expect_status 3 bops sprint current &&
	bops -q sprint start 2026-w49 >/dev/null &&
	expect_status 0 bops sprint current && expect_out 2026-w49 &&
	BOPS_NOW=2027-01-20T09:00:00Z expect_status 0 bops sprint current &&
	expect_out 2026-w49 &&
	expect_status 0 bops sprint current --json &&
	expect_out_contains "{\"id\":\"2026-w49\"" &&
	expect_out_contains "\"status\":\"active\"" &&
	expect_status 2 bops sprint current 2026-w48 &&
	expect_status 2 bops sprint current --bogus
'
test_case 'current follows the workspace time zone' '
	new_ws &&
	bops -q config timezone Asia/Ho_Chi_Minh &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	BOPS_NOW=2026-11-29T16:59:59Z expect_status 3 bops sprint current &&
	BOPS_NOW=2026-11-29T17:00:00Z expect_status 0 bops sprint current &&
	expect_out 2026-w49
'
test_done
