#!/bin/sh
# ticket follow-up and bops tick: a rule made on day D every 30d opens
# its first ticket on D+30 in the workspace's zone, then every 30 days;
# tick is idempotent, prints the ids it made and nothing when there was
# nothing to do; it also starts the planned sprints whose day came.
. "$(dirname "$0")/lib.sh"

# desk: Ho Chi Minh City; customer chi with a rule made on Monday
# 2026-11-23 (16:00 local) every 30 days.
desk() {
	new_ws &&
	bops -q config timezone Asia/Ho_Chi_Minh &&
	bops -q customer add Chi Pham --id chi stage=customer >/dev/null &&
	bops -q ticket follow-up chi every=30d >/dev/null ||
	    { fail "desk failed"; return 1; }
}

test_case 'follow-up adds a rule to the customer and prints CUSTOMER/N' '
	new_ws &&
	bops -q customer add Chi Pham --id chi >/dev/null &&
	expect_status 0 bops ticket follow-up chi every=30d &&
	expect_out chi/1 &&
	expect_err_contains "customer chi: follow-up 1 every 30d from 2026-11-23, first due 2026-12-23" &&
	expect_status 0 bops ticket follow-up chi every=1w priority=high \
	    subject="Weekly call" queue=success assignee=me &&
	expect_out chi/2 &&
	expect_status 0 bops customer show chi --yaml &&
	expect_out_contains "follow_ups:
- id: 1
  every: 30d
  since: 2026-11-23
- id: 2
  every: 1w
  since: 2026-11-23
  priority: high
  subject: Weekly call
  queue: success
  assignee: Lan Nguyen" &&
	ws_clean
'

test_case 'a bad rule exits 2; an unknown customer 3; nothing written' '
	new_ws &&
	bops -q customer add Chi Pham --id chi >/dev/null &&
	n=$(commits) &&
	expect_status 2 bops ticket follow-up chi every=36h &&
	expect_err_contains "follow-up every=36h: want whole days from 1d to 3660d (30d, 1w)" &&
	expect_status 2 bops ticket follow-up chi every=monthly &&
	expect_status 2 bops ticket follow-up chi priority=high &&
	expect_err_contains "usage: bops ticket follow-up CUSTOMER every=DAYS" &&
	expect_status 2 bops ticket follow-up chi every=30d priority=p9 &&
	expect_status 2 bops ticket follow-up chi every=30d colour=red &&
	expect_status 3 bops ticket follow-up nobody every=30d &&
	test "$(commits)" = "$n"
'

test_case 'nothing due: tick prints nothing and commits nothing' '
	desk &&
	n=$(commits) &&
	expect_status 0 bops tick &&
	test ! -s out && test ! -s err &&
	BOPS_NOW=2026-12-22T16:59:59Z expect_status 0 bops tick &&
	test ! -s out && test ! -s err &&
	test "$(commits)" = "$n"
'

test_case 'on D+30 in the zone, tick opens the follow-up; again, nothing' '
	desk &&
	n=$(commits) &&
	BOPS_NOW=2026-12-22T17:00:00Z expect_status 0 bops tick &&
	id=$(cat out) &&
	test "$(wc -l <out)" = 1 &&
	expect_err_contains "tick: follow-up ticket $id for chi, due 2026-12-23" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "tick: 1 follow-up" &&
	expect_status 0 bops ticket show "$id" --yaml &&
	expect_out "id: $id
subject: Follow up with Chi Pham
customer: chi
priority: low
status: new
rule: chi/1
due: 2026-12-23
created: 2026-12-22T17:00:00Z
updated: 2026-12-22T17:00:00Z" &&
	BOPS_NOW=2026-12-23T09:00:00Z expect_status 0 bops tick &&
	test ! -s out && test ! -s err &&
	test "$(commits)" = $((n + 1)) &&
	ws_clean
'

test_case 'the next cycle opens the next ticket; a missed cycle opens one, the last' '
	desk &&
	BOPS_NOW=2026-12-23T02:00:00Z bops -q tick >first &&
	BOPS_NOW=2027-01-22T02:00:00Z bops -q tick >second &&
	test -s second && ! cmp -s first second &&
	expect_status 0 bops ticket list rule=chi/1 --fields due &&
	expect_out "due
2026-12-23
2027-01-22" &&
	BOPS_NOW=2027-04-01T02:00:00Z expect_status 0 bops tick &&
	test "$(wc -l <out)" = 1 &&
	expect_status 0 bops ticket list rule=chi/1 --fields due --sort due &&
	expect_out "due
2026-12-23
2027-01-22
2027-03-23" &&
	rm first second &&
	ws_clean
'

test_case 'the follow-up id is derived from the rule and the due day' '
	desk &&
	BOPS_NOW=2026-12-23T02:00:00Z bops -q tick >id1 &&
	id=$(cat id1) && rm id1 &&
	bops -q ticket rm "$id" >/dev/null &&
	git reset -q --hard HEAD~2 &&
	BOPS_NOW=2026-12-24T08:00:00Z bops -q tick >id2 &&
	test "$(cat id2)" = "$id" && rm id2 &&
	ws_clean
'

test_case 'a rule sets the ticket: subject, priority, queue, assignee' '
	new_ws &&
	bops -q customer add Chi Pham --id chi >/dev/null &&
	BOPS_NOW=2026-11-23T02:00:00Z bops -q ticket follow-up chi every=1w \
	    priority=high subject="Weekly call" queue=success assignee=Minh \
	    >/dev/null &&
	BOPS_NOW=2026-11-30T02:00:00Z bops -q tick >/dev/null &&
	expect_status 0 bops ticket list --fields subject,priority,queue,assignee &&
	expect_out "subject      priority  queue    assignee
Weekly call  high      success  Minh"
'

test_case 'tick starts the planned sprints whose day came, with their points' '
	new_ws &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	bops -q task add Brief --id brief estimate=3 sprint=2026-w49 >/dev/null &&
	bops -q task add Ads --id ads sprint=2026-w49 >/dev/null &&
	BOPS_NOW=2026-11-29T23:59:59Z expect_status 0 bops tick &&
	test ! -s out &&
	BOPS_NOW=2026-11-30T08:00:00Z expect_status 0 bops tick &&
	expect_out 2026-w49 &&
	expect_err_contains "tick: sprint 2026-w49: start, committed 4 points in 2 tasks" &&
	expect_status 0 bops sprint list --fields status,committed &&
	expect_out "status  committed
active          4" &&
	BOPS_NOW=2026-11-30T08:00:00Z expect_status 0 bops tick &&
	test ! -s out &&
	ws_clean
'

test_case 'a sprint whose days are over is left to a person' '
	new_ws &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	BOPS_NOW=2026-12-07T00:00:00Z expect_status 0 bops tick &&
	test ! -s out &&
	expect_status 0 bops sprint list --fields status &&
	expect_out "status
planned"
'

test_case 'tick outside a workspace exits 6; with an argument, 2' '
	expect_status 6 bops tick &&
	new_ws &&
	expect_status 2 bops tick now
'

test_done
