#!/bin/sh
# Import of a task exported before the notes log (`"notes": TEXT`): the
# text is read as the current form in the light of what the task holds,
# and joins its notes log; no entry of the log is lost.
. "$(dirname "$0")/lib.sh"

# A task with a description and two notes, exported in the old form
# with the text of a third.
old_export() {
	new_ws &&
	id=$(bops -q task add "Viết bài blog về Tết" description="Kế hoạch Tết" \
	    assignee="Minh Tran") &&
	bops -q task note "$id" "Gọi nhà in: giao thứ Sáu" >/dev/null &&
	bops -q task note "$id" "提高客户满意度评分" >/dev/null &&
	printf '[{"id":"%s","title":"Viết bài blog về Tết","status":"not-started","description":"Kế hoạch Tết","notes":"%s"}]\n' \
	    "$id" "$1" >old.json
}

test_case 'an old export'"'"'s notes text joins the log, which keeps its entries' '
	old_export "ร้านพิมพ์โทรกลับ" && n=$(commits) &&
	expect_status 0 bops import old.json --kind task --format json &&
	test "$(commits)" = $((n + 1)) &&
	expect_status 0 bops task show "$id" --json &&
	expect_out_contains "Gọi nhà in: giao thứ Sáu" &&
	expect_out_contains "提高客户满意度评分" &&
	expect_out_contains "ร้านพิมพ์โทรกลับ" &&
	expect_out_contains "\"description\":\"Kế hoạch Tết\"" &&
	rm old.json && ws_clean
'
test_case 'importing the same old export again changes nothing' '
	old_export "ร้านพิมพ์โทรกลับ" &&
	expect_status 0 bops import old.json --kind task --format json &&
	n=$(commits) && cp "$(ls tasks/*/*.yaml)" before.yaml &&
	expect_status 0 bops import old.json --kind task --format json &&
	test "$(commits)" = "$n" && cmp before.yaml "$(ls tasks/*/*.yaml)" &&
	rm before.yaml old.json && ws_clean
'
test_done
