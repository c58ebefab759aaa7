#!/bin/sh
# bops log and KIND log filters: --author (me), --since, --until (dates
# point back), --kind, -n, --json.
. "$(dirname "$0")/lib.sh"

# A week of work: Lan on Friday and Monday, Minh on Monday; 2026-11-23
# is a Monday.
setup() {
	BOPS_NOW=2026-11-19T09:00:00Z new_ws &&
	BOPS_NOW=2026-11-20T10:00:00Z "$BOPS" task add "Viết bài blog" \
	    --id blog >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-20T11:00:00Z "$BOPS" okr add "Cứu thế giới" \
	    --id world >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T08:00:00Z BOPS_AUTHOR="Minh Tran <minh@example.com>" \
	    "$BOPS" task add "准备季度报告" --id zh >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T08:30:00Z "$BOPS" task done blog >/dev/null 2>&1
}

# subjects ARGS: the subjects bops log ARGS shows, one a line
subjects() {
	"$BOPS" log "$@" >log.out || return 1
	sed "s/^[^ ]* [^ ]* [^ ]*  [0-9a-f]*  //" log.out
	rm -f log.out
}

test_case '--since monday --author me is what I did this week' '
	setup &&
	got=$(BOPS_NOW=2026-11-25T09:00:00Z subjects --since monday \
	    --author me) &&
	test "$got" = "Lan Nguyen  task blog: status not-started -> done, started 2026-11-23T08:30:00Z, ..." ||
	{ echo "# got: $got" >&2; false; }
'
test_case '--author matches a part of the name or e-mail, in any case' '
	setup &&
	expect_status 0 bops log --author MINH@ &&
	test "$(wc -l <out)" = 1 && expect_out_contains "task zh: add" &&
	expect_status 0 bops log --author "lan nguyen" &&
	test "$(wc -l <out)" = 4
'
test_case '--since and --until take dates, relative ones into the past' '
	setup &&
	expect_status 0 bops log --until friday &&
	test "$(wc -l <out)" = 3 &&
	expect_status 0 bops log --since "3 days ago" --until 2026-11-20 &&
	test "$(wc -l <out)" = 2 &&
	expect_status 0 bops log --since 3d --until 2026-11-20 &&
	test "$(wc -l <out)" = 2 &&
	expect_status 0 bops log --since 2026-11-23T08:15:00Z &&
	test "$(wc -l <out)" = 1
'
test_case '--kind keeps the commits that changed a record of that kind' '
	setup &&
	expect_status 0 bops log --kind okr &&
	test "$(wc -l <out)" = 1 && expect_out_contains "okr world: add" &&
	expect_status 2 bops log --kind nope &&
	expect_err_contains "--kind: no kind '"'"'nope'"'"'"
'
test_case '-n counts the commits that match, and --json lists them' '
	setup &&
	expect_status 0 bops log --author me -n 2 &&
	test "$(wc -l <out)" = 2 &&
	expect_status 0 bops log --kind task -n 1 --json &&
	expect_out_contains "\"author\":\"Lan Nguyen\"" &&
	test "$(grep -c commit out)" = 1
'
test_case 'bad dates are usage errors, an ambiguous one with a hint' '
	setup &&
	expect_status 2 bops log --since someday &&
	expect_err_contains "--since: invalid date '"'"'someday'"'"'" &&
	expect_status 2 bops log --until 11/20 &&
	expect_err_contains "ambiguous date '"'"'11/20'"'"': write YYYY-MM-DD"
'
test_case 'KIND log takes the same filters' '
	setup &&
	BOPS_NOW=2026-11-25T09:00:00Z expect_status 0 bops task log blog \
	    --since monday &&
	expect_out_contains "status: not-started -> done" &&
	! grep -q "title:" out &&
	expect_status 0 bops task log blog --author minh &&
	test ! -s out &&
	expect_status 0 bops task log blog -n 1 --json &&
	test "$(grep -c "\"commit\"" out)" = 1
'
test_done
