#!/bin/sh
# Bulk verbs: several ids, or --where FILTER; one commit for the lot; the
# rules of every record run before anything is written; bulk.confirm.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	for t in lan1 lan2 lan3 lan4 lan5 lan6; do
		"$BOPS" task add "Viết bài $t" --id $t assignee=lan \
		    >/dev/null 2>&1 || return 1
	done &&
	"$BOPS" task add "ที่ประชุมทีมขาย" --id som assignee=Somchai \
	    >/dev/null 2>&1
}

# status ID: the status of a task
status() { "$BOPS" task show "$1" --fields status --csv | tail -n 1; }

test_case 'done takes several ids: one commit, the ids on stdout' '
	setup && n=$(commits) &&
	expect_status 0 bops task done lan1 lan2 som &&
	expect_out "lan1
lan2
som" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "task: status -> done (3 tasks)" &&
	git log -1 --format=%b | grep -q "^task som: status not-started -> done" &&
	test "$(git show --name-only --format= HEAD | wc -l)" = 3 &&
	test "$(status lan1)" = done && test "$(status som)" = done &&
	expect_err_contains "task lan2: status not-started -> done" &&
	ws_clean
'
test_case 'set takes several ids before the assignments' '
	setup && n=$(commits) &&
	expect_status 0 bops task set lan1 lan2 priority=high tags+=blog &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "task: priority=high tags+=blog (2 tasks)" &&
	expect_status 0 bops task list priority=high --fields id &&
	expect_out "id
lan1
lan2" && ws_clean
'
test_case 'set --where picks by filters, every --where must match' '
	setup &&
	bops task start lan1 lan2 >/dev/null 2>&1 &&
	bops task start som >/dev/null 2>&1 &&
	expect_status 0 bops task set --where status=processing \
	    --where assignee=lan priority=high &&
	expect_out "lan1
lan2" &&
	expect_status 0 bops task list priority=high --fields id &&
	expect_out "id
lan1
lan2" && ws_clean
'
test_case 'one refusal writes nothing and every refusal is named' '
	setup && n=$(commits) && before=$(git rev-parse HEAD) &&
	expect_status 5 bops task start lan1 lan2 lan3 lan4 lan5 &&
	test ! -s out &&
	expect_err_contains "bops: task lan4: '"'"'processing'"'"' is at its WIP limit (3 of 3)" &&
	expect_err_contains "bops: task lan5: '"'"'processing'"'"' is at its WIP limit" &&
	expect_err_contains "2 of 5 tasks refused; nothing was written" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	test "$(status lan1)" = not-started &&
	ws_clean
'
test_case 'a hand edit of one record refuses the lot' '
	setup && before=$(git rev-parse HEAD) &&
	echo "x_note: mine" >>tasks/la/lan2.yaml &&
	expect_status 5 bops task done lan1 lan2 lan3 &&
	expect_err_contains "lan2" &&
	expect_err_contains "1 of 3 tasks refused; nothing was written" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	grep -q "x_note: mine" tasks/la/lan2.yaml &&
	git diff --quiet -- tasks/la/lan1.yaml
'
test_case 'an unknown id among several writes nothing' '
	setup && before=$(git rev-parse HEAD) &&
	expect_status 3 bops task done lan1 nosuch &&
	expect_err_contains "nosuch" &&
	test "$(git rev-parse HEAD)" = "$before"
'
test_case 'a --where over bulk.confirm needs --yes without a terminal' '
	setup && before=$(git rev-parse HEAD) &&
	expect_status 2 bops task set --where assignee=lan priority=low \
	    </dev/null &&
	expect_err_contains "--where picks 6 tasks (bulk.confirm is 5): add --yes" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	expect_status 0 bops task set --where assignee=lan priority=low --yes &&
	test "$(git log -1 --format=%s)" = "task: priority=low (6 tasks)" &&
	ws_clean
'
test_case 'bulk.confirm in bops.yaml raises the limit' '
	setup &&
	bops config bulk.confirm 10 >/dev/null 2>&1 &&
	expect_status 0 bops task done --where assignee=lan </dev/null &&
	test "$(git log -1 --format=%s)" = "task: status -> done (6 tasks)"
'
test_case 'on a terminal a large --where asks, and no writes nothing' '
	need script || exit 1
	setup && before=$(git rev-parse HEAD) &&
	(sleep 1; printf "n\n") | script -qec \
	    "\"$BOPS\" task done --where assignee=lan" /dev/null >tty.out 2>&1;
	grep -q "change them all? \[y/N\]" tty.out &&
	test "$(git rev-parse HEAD)" = "$before" &&
	(sleep 1; printf "y\n") | script -qec \
	    "\"$BOPS\" task done --where assignee=lan" /dev/null >tty.out 2>&1 &&
	test "$(git log -1 --format=%s)" = "task: status -> done (6 tasks)" &&
	rm tty.out
'
test_case 'ids and --where together, or neither, are usage errors' '
	setup &&
	expect_status 2 bops task done lan1 --where assignee=lan &&
	expect_err_contains "give ids or --where, not both" &&
	expect_status 2 bops task done &&
	expect_err_contains "usage: bops task done [ID ...] [--where FILTER ...]" &&
	expect_status 2 bops task set lan1 lan2 &&
	expect_err_contains "expected field=value, field+=item or field-=item, got '"'"'lan2'"'"'" &&
	expect_status 2 bops task set lan1 &&
	expect_err_contains "usage: bops task set [ID ...]"
'
test_case 'a --where that picks nothing writes nothing' '
	setup && before=$(git rev-parse HEAD) &&
	expect_status 0 bops task done --where assignee=nobody &&
	expect_err_contains "no task matches" &&
	test "$(git rev-parse HEAD)" = "$before"
'
test_case 'rm and move take several ids' '
	setup && n=$(commits) &&
	expect_status 0 bops task move lan1 lan2 done &&
	expect_status 0 bops task rm lan3 lan4 &&
	test "$(commits)" = $((n + 2)) &&
	test "$(git log -1 --format=%s)" = "task: remove (2 tasks)" &&
	test ! -e tasks/la/lan3.yaml && test ! -e tasks/la/lan4.yaml &&
	test "$(status lan2)" = done && ws_clean
'
test_case 'a bulk change is undone as one' '
	setup &&
	bops task done lan1 lan2 >/dev/null 2>&1 &&
	expect_status 0 bops undo &&
	test "$(status lan1)" = not-started &&
	test "$(status lan2)" = not-started && ws_clean
'
test_done
