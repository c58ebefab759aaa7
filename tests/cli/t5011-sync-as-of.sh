#!/bin/sh
# --as-of DATE|REV on list, show, board, okr score and okr tree: the state
# at that point, read from git history, without writing anything.
. "$(dirname "$0")/lib.sh"

# history: a workspace changed on 2026-11-02, -10, -20 and -21.
history() {
	export BOPS_NOW=2026-11-02T09:00:00Z
	new_ws &&
	bops -q task add Brief --id brief >/dev/null &&
	bops -q okr add "Save the world" --id save period=2026-Q4 >/dev/null &&
	bops -q okr kr add save Meals target=100 >/dev/null &&
	BOPS_NOW=2026-11-10T09:00:00Z bops -q task set brief status=processing >/dev/null &&
	BOPS_NOW=2026-11-10T09:00:00Z bops -q okr checkin save/1 20 >/dev/null &&
	BOPS_NOW=2026-11-20T09:00:00Z bops -q task set brief status=done >/dev/null &&
	BOPS_NOW=2026-11-20T09:00:00Z bops -q okr checkin save/1 60 >/dev/null &&
	BOPS_NOW=2026-11-21T09:00:00Z bops -q task add Later --id later >/dev/null &&
	export BOPS_NOW=2026-11-23T09:00:00Z &&
	head=$(git rev-parse HEAD)
}

# unchanged: as-of reads wrote nothing.
unchanged() {
	test "$(git rev-parse HEAD)" = "$head" && ws_clean
}

test_case 'list --as-of a date shows the records as they were' '
	history &&
	expect_status 0 bops task list --all --as-of 2026-11-05 &&
	expect_out "id     status       priority  assignee  due  title
brief  not-started                           Brief" &&
	expect_status 0 bops task list --all --as-of 2026-11-15 --fields id,status &&
	expect_out "id     status
brief  processing" &&
	expect_status 0 bops task list --all --fields id,status &&
	expect_out "id     status
later  not-started
brief  done" &&
	unchanged
'

test_case 'a date counts to the end of that day' '
	history &&
	expect_status 0 bops task list --all --as-of 2026-11-10 --fields id,status &&
	expect_out "id     status
brief  processing" &&
	expect_status 0 bops task list --all --as-of 2026-11-09 --fields id,status &&
	expect_out "id     status
brief  not-started"
'

test_case 'show --as-of a date and a revision' '
	history &&
	expect_status 0 bops task show brief --as-of 2026-11-15 &&
	expect_out_contains "status   processing" &&
	expect_status 0 bops task show brief --as-of HEAD~3 --json &&
	grep -q "\"status\": *\"processing\"" out &&
	rev=$(git rev-parse HEAD~5) &&
	expect_status 0 bops task show brief --as-of "$rev" &&
	expect_out_contains "status   not-started" &&
	expect_status 0 bops task show brief --as-of "$(echo $rev | cut -c1-8)" &&
	expect_out_contains "status   not-started" &&
	unchanged
'

test_case 'a record added later does not exist before' '
	history &&
	expect_status 3 bops task show later --as-of 2026-11-15 &&
	expect_err_contains "later" &&
	expect_status 0 bops task show later --as-of 2026-11-21
'

test_case 'board --as-of' '
	history &&
	expect_status 0 bops task board --as-of 2026-11-15 --json &&
	grep -q "{\"name\":\"processing\",\"limit\":3,\"count\":1,\"tasks\":\[{\"id\":\"brief\"" out &&
	expect_status 0 bops task board --as-of 2026-11-05 &&
	expect_out_contains "not-started 1" &&
	unchanged
'

test_case 'okr score and okr tree --as-of: progress and the clock then' '
	history &&
	expect_status 0 bops okr score --as-of 2026-11-15 &&
	expect_out "id      progress  expected  pace       confidence  title
save        0.20      0.50  off-track              Save the world
save/1      0.20      0.50  off-track              Meals" &&
	expect_status 0 bops okr score &&
	expect_out_contains "save/1      0.60      0.58  on-track" &&
	expect_status 0 bops okr tree --as-of 2026-11-15 &&
	expect_out_contains "20/100" &&
	expect_status 0 bops okr tree &&
	expect_out_contains "60/100" &&
	unchanged
'

test_case 'a date before the workspace existed: exit 3' '
	history &&
	expect_status 3 bops task list --all --as-of 2026-10-01 &&
	expect_err_contains "no history before" &&
	expect_status 3 bops okr score --as-of 2026-10-01
'

test_case 'garbage: exit 2' '
	history &&
	expect_status 2 bops task list --all --as-of "gar!bage" &&
	expect_err_contains "neither a date nor a revision" &&
	expect_status 2 bops task show brief --as-of nosuchrev &&
	expect_status 2 bops okr tree --as-of "" &&
	expect_status 2 bops task board --as-of 2026-13-45
'

test_case 'after a sync, --as-of sees the merged history' '
	export PATH="$SRC:$PATH" &&
	history &&
	git init -q --bare -b main ../r.git &&
	git remote add origin ../r.git &&
	bops sync >/dev/null 2>&1 &&
	cd .. && bops -q clone r.git b && cd b &&
	expect_status 0 bops task list --all --as-of 2026-11-15 --fields id,status &&
	expect_out "id     status
brief  processing"
'

test_done
