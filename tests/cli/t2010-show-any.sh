#!/bin/sh
# bops show ID: a record of any kind by id or prefix; bops okr show OBJ/N:
# one key result with its check-ins.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Viết bài blog về Tết" --id viet-blog >/dev/null 2>&1 &&
	"$BOPS" okr add "Cứu thế giới" --id save-the-world >/dev/null 2>&1 &&
	"$BOPS" okr kr add save-the-world "Serve 1000 meals at the hospital" \
	    target=1000 unit=meals >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-24T09:00:00Z "$BOPS" okr checkin save-the-world/1 \
	    300 --note "tuần đầu" >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-30T09:00:00Z "$BOPS" okr checkin save-the-world/1 \
	    450 confidence=0.8 >/dev/null 2>&1
}

test_case 'show finds a record of any kind by a prefix' '
	setup &&
	expect_status 0 bops show viet &&
	expect_out_contains "title    Viết bài blog về Tết" &&
	expect_status 0 bops show save --json &&
	expect_out_contains "\"id\":\"save-the-world\",\"title\":\"Cứu thế giới\"" &&
	expect_status 0 bops show save-the-world --fields id,status --csv &&
	expect_out "id,status
save-the-world,active"
'
test_case 'a whole id wins over the prefix of a longer one' '
	setup &&
	bops task add "Save" --id save >/dev/null 2>&1 &&
	expect_status 0 bops show save --fields id --csv &&
	expect_out "id
save"
'
test_case 'the same id in two kinds is ambiguous, naming both' '
	setup &&
	bops task add "Cứu" --id save-the-world >/dev/null 2>&1 &&
	expect_status 3 bops show save-the-world &&
	expect_err_contains "'"'"'save-the-world'"'"' is ambiguous: task save-the-world, okr save-the-world"
'
test_case 'no such record, and an id that is no id' '
	setup &&
	expect_status 3 bops show nothing &&
	expect_err_contains "no record '"'"'nothing'"'"'" &&
	expect_status 2 bops show "../x" &&
	expect_status 2 bops show &&
	expect_err_contains "usage: bops show ID|OBJECTIVE/N [ID ...]"
'
test_case 'okr show OBJ/N shows one key result with its check-ins' '
	setup &&
	expect_status 0 bops okr show save-the-world/1 &&
	expect_out "id          save-the-world/1
title       Serve 1000 meals at the hospital
start       0
target      1000
current     450
unit        meals
direction   up
weight      1
confidence  0.8

checkins:
  at                    by          value  confidence  note
  2026-11-24T09:00:00Z  Lan Nguyen  300                tuần đầu
  2026-11-30T09:00:00Z  Lan Nguyen  450    0.8" &&
	expect_status 0 bops show save/1 --json &&
	expect_out_contains "\"id\":\"save-the-world/1\",\"title\":\"Serve 1000 meals at the hospital\"" &&
	expect_out_contains "\"checkins\":[{\"at\":\"2026-11-24T09:00:00Z\""
'
test_case 'okr show of a missing key result, and of an objective' '
	setup &&
	expect_status 3 bops okr show save-the-world/2 &&
	expect_err_contains "no key result save-the-world/2" &&
	expect_status 2 bops okr show save-the-world/x &&
	expect_status 0 bops okr show save --fields id --csv &&
	expect_out "id
save-the-world"
'
test_done
