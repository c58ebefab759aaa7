#!/bin/sh
# A task written before the notes log held its free text as `notes: TEXT`.
# Such a record, committed with plain git, reads as the current form (the
# text as its description, or as one entry of the log when it has a
# description); check notes it, every verb works, the file is rewritten
# only by the next write, and a teammate's old record syncs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# old_task FILE ID [DESCRIPTION]: write the old form of task ID to FILE.
old_task() {
	mkdir -p "$(dirname "$1")" && {
		printf '%s\n' "title: Viết bài blog về Tết" \
		    "status: processing" "assignee: Minh Tran"
		[ -z "${3:-}" ] || printf 'description: %s\n' "$3"
		printf '%s\n' "notes: |-" "  Gọi nhà in: giao thứ Sáu" \
		    "  提高客户满意度评分" "created: 2026-11-02T08:00:00Z" \
		    "updated: 2026-11-03T08:00:00Z"
	} >"$1"
}

# old_ws [DESCRIPTION]: a workspace with the old task "viet", committed by
# plain git.
old_ws() {
	new_ws && old_task tasks/vi/viet.yaml viet "${1:-}" &&
	git add tasks && git commit -qm "old task" && cp tasks/vi/viet.yaml old
}

test_case 'list and show read the old text as the description' '
	old_ws && n=$(commits) &&
	expect_status 0 bops task list &&
	expect_out_contains "viet" &&
	expect_status 0 bops task show viet --json &&
	expect_out_contains "\"description\":\"Gọi nhà in: giao thứ Sáu\\n提高客户满意度评分\"" &&
	! grep -q "\"notes\"" out &&
	test "$(commits)" = "$n" && cmp old tasks/vi/viet.yaml && rm old &&
	ws_clean
'
test_case 'check notes the old form and finds no problem' '
	old_ws && rm old &&
	expect_status 0 bops check &&
	expect_out "tasks/vi/viet.yaml:4:1: note: '"'"'notes'"'"' holds text, as before the notes log: read as the description; the next write of the task stores it so" &&
	expect_err_contains "no problem found; 1 warning" &&
	test "$(commits)" = 2 && ws_clean
'
test_case 'the next write stores the new form, in its own commit' '
	old_ws && rm old &&
	expect_status 0 bops task set viet priority=high &&
	test "$(git log -1 --format=%s)" = "task viet: priority high" &&
	git log -p -1 >diff &&
	grep -q "^-notes: |-" diff && grep -q "^+description: |-" diff &&
	git log -p --skip=1 -- tasks >older &&
	! grep -q "^+description" older && rm diff older &&
	grep -q "^  Gọi nhà in: giao thứ Sáu$" tasks/vi/viet.yaml &&
	grep -q "^  提高客户满意度评分$" tasks/vi/viet.yaml &&
	! grep -q "^notes:" tasks/vi/viet.yaml &&
	expect_status 0 bops check && test ! -s out && ws_clean
'
test_case 'with a description the text is one entry of the log' '
	old_ws "Kế hoạch Tết" &&
	expect_status 0 bops task show viet --json &&
	expect_out_contains "\"description\":\"Kế hoạch Tết\"" &&
	expect_out_contains "\"notes\":[{\"at\":\"2026-11-02T08:00:00Z\",\"by\":\"Minh Tran\",\"text\":\"Gọi nhà in: giao thứ Sáu\\n提高客户满意度评分\"}]" &&
	cmp old tasks/vi/viet.yaml &&
	expect_status 0 bops check &&
	expect_out_contains "read as one entry of the log" &&
	expect_status 0 bops task note viet "ส่งแล้ว" &&
	grep -A8 "^notes:" tasks/vi/viet.yaml >got &&
	printf "%s\n" "notes:" "- at: 2026-11-02T08:00:00Z" "  by: Minh Tran" \
	    "  text: |-" "    Gọi nhà in: giao thứ Sáu" "    提高客户满意度评分" \
	    "- at: 2026-11-23T09:00:00Z" "  by: Lan Nguyen" \
	    "  text: ส่งแล้ว" >want &&
	diff -u want got >&2 && rm want got old && ws_clean
'
test_case 'a teammate'"'"'s old record merges in sync, nothing lost' '
	two_clones &&
	(cd b && old_task tasks/vi/viet.yaml viet && git add tasks &&
	    git commit -qm "old task" && git push -q origin HEAD:main) &&
	a sync >/dev/null 2>&1 &&
	b task set viet priority=high >/dev/null 2>&1 &&
	(cd a && old_task tasks/vi/viet.yaml viet "Kế hoạch Tết" &&
	    git commit -qam "description by hand") &&
	sync_both && converged &&
	a task show viet --json >got &&
	grep -qF "\"description\":\"Kế hoạch Tết\"" got &&
	grep -qF "\"priority\":\"high\"" got &&
	grep -qF "\"text\":\"Gọi nhà in: giao thứ Sáu\\n提高客户满意度评分\"" got
'

test_case 'plain git pull merges it with the driver, nothing lost' '
	two_clones &&
	git -C a config pull.rebase false && git -C b config pull.rebase false &&
	(cd b && old_task tasks/vi/viet.yaml viet && git add tasks &&
	    git commit -qm "old task" && git push -q origin HEAD:main) &&
	git -C a pull -q origin main >/dev/null 2>&1 &&
	a task set viet priority=high >/dev/null 2>&1 &&
	git -C a push -q origin main &&
	(cd b && old_task tasks/vi/viet.yaml viet "Kế hoạch Tết" &&
	    git commit -qam "description by hand" &&
	    git pull -q origin main >/dev/null 2>&1) &&
	b task show viet --json >got &&
	grep -qF "\"description\":\"Kế hoạch Tết\"" got &&
	grep -qF "\"priority\":\"high\"" got &&
	grep -qF "\"text\":\"Gọi nhà in: giao thứ Sáu\\n提高客户满意度评分\"" got &&
	(cd b && ws_clean)
'

test_done
