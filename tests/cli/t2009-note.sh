#!/bin/sh
# KIND note ID... TEXT and notes+=TEXT: a stamped, attributed entry in the
# record's notes log; notes from two clones merge as a union.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Viết bài blog về Tết" --id viet >/dev/null 2>&1 &&
	"$BOPS" task add "准备季度报告" --id zh >/dev/null 2>&1
}

test_case 'note appends an entry with the time and the author' '
	setup && n=$(commits) &&
	expect_status 0 bops task note viet "Gọi nhà in: giao thứ Sáu" &&
	expect_out viet &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "task viet: notes +1" &&
	BOPS_NOW=2026-11-24T10:00:00Z bops task note viet "ส่งแล้ว" \
	    >/dev/null 2>&1 &&
	grep -A6 "^notes:" tasks/vi/viet.yaml >got &&
	printf "%s\n" "notes:" "- at: 2026-11-23T09:00:00Z" \
	    "  by: Lan Nguyen" "  text: '"'"'Gọi nhà in: giao thứ Sáu'"'"'" \
	    "- at: 2026-11-24T10:00:00Z" "  by: Lan Nguyen" \
	    "  text: ส่งแล้ว" >want &&
	diff -u want got >&2 && rm want got && ws_clean
'
test_case 'show and --json show the notes' '
	setup && bops task note viet "first" >/dev/null 2>&1 &&
	expect_status 0 bops task show viet &&
	expect_out_contains "2026-11-23T09:00:00Z  Lan Nguyen  first" &&
	expect_status 0 bops task show viet --json &&
	expect_out_contains "\"notes\":[{\"at\":\"2026-11-23T09:00:00Z\",\"by\":\"Lan Nguyen\",\"text\":\"first\"}]"
'
test_case 'notes+= in set does the same' '
	setup &&
	expect_status 0 bops task set viet notes+=done priority=high &&
	grep -q "^  text: done$" tasks/vi/viet.yaml &&
	grep -q "^priority: high$" tasks/vi/viet.yaml && ws_clean
'
test_case 'note takes several ids and --where: one commit' '
	setup && n=$(commits) &&
	expect_status 0 bops task note viet zh "Họp lúc 9h" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "task: note '"'"'Họp lúc 9h'"'"' (2 tasks)" &&
	grep -q "Họp lúc 9h" tasks/zh/zh.yaml &&
	expect_status 0 bops task note --where title~blog "again" &&
	expect_out viet && ws_clean
'
test_case 'objectives and sprints take notes too' '
	setup &&
	bops okr add "Cứu thế giới" --id world >/dev/null 2>&1 &&
	expect_status 0 bops okr note world "kick-off went well" &&
	grep -q "text: kick-off went well" okrs/world.yaml &&
	bops sprint new >/dev/null 2>&1 &&
	expect_status 0 bops sprint note 2026-w48 "retro: fewer meetings" &&
	grep -q "text: .retro: fewer meetings" sprints/2026-w48.yaml &&
	ws_clean
'
test_case 'deals, journeys and segments take notes too' '
	setup &&
	bops deal add "Hospital meals" --id meals >/dev/null 2>&1 &&
	expect_status 0 bops deal note meals "gọi lại thứ Hai" &&
	grep -q "text: gọi lại thứ Hai" deals/me/meals.yaml &&
	bops journey add "Onboarding" --id onb >/dev/null 2>&1 &&
	expect_status 0 bops journey note onb "kick-off" &&
	grep -q "text: kick-off" journeys/onb.yaml &&
	bops segment add hanoi stage=lead >/dev/null 2>&1 &&
	expect_status 0 bops segment note hanoi "for Tết" &&
	grep -q "text: for Tết" segments/hanoi.yaml &&
	ws_clean
'
test_case 'an empty note, a missing text or a bad id writes nothing' '
	setup && before=$(git rev-parse HEAD) &&
	expect_status 2 bops task note viet "" &&
	expect_err_contains "nothing to add" &&
	expect_status 2 bops task note &&
	expect_err_contains "usage: bops task note [ID ...] TEXT" &&
	expect_status 3 bops task note nosuch "x" &&
	expect_status 2 bops task set viet notes-=x &&
	test "$(git rev-parse HEAD)" = "$before"
'
test_case 'notes added on two clones merge as a union' '
	two_clones &&
	(BOPS_NOW=2026-11-24T10:00:00Z a -q task note brief "from Ann" \
	    >/dev/null) &&
	(BOPS_NOW=2026-11-24T08:00:00Z b -q task note brief "from Bob" \
	    >/dev/null) &&
	sync_both &&
	grep -e "text:" -e "by:" a/tasks/br/brief.yaml >got &&
	printf "%s\n" "  by: Bob Tran" "  text: from Bob" "  by: Ann Le" \
	    "  text: from Ann" >want &&
	diff -u want got >&2 &&
	! grep -q conflicts a/tasks/br/brief.yaml &&
	converged
'
test_done
