#!/bin/sh
# Tickets across two clones: concurrent replies merge as a union of the
# thread; the same field changed two ways is a conflict kept as data;
# both clones ticking write the same follow-up, which merges as one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# with_ticket: two clones sharing customer chi and ticket app, opened
# Monday 2026-11-23 09:00 UTC.
with_ticket() {
	two_clones &&
	a -q customer add Chi Pham --id chi stage=customer >/dev/null &&
	(BOPS_NOW=2026-11-23T09:00:00Z a -q ticket open Menu app is down \
	    customer=chi priority=urgent --id app >/dev/null) &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1 ||
	    { fail "with_ticket failed"; return 1; }
}

test_case 'replies from both clones: a union of the thread, in time order' '
	with_ticket &&
	(BOPS_NOW=2026-11-23T09:30:00Z a -q ticket reply app "From Ann" \
	    >/dev/null) &&
	(BOPS_NOW=2026-11-23T09:20:00Z b -q ticket reply app "From Bob" \
	    >/dev/null) &&
	(BOPS_NOW=2026-11-23T09:40:00Z b -q ticket note app "Bob again" \
	    >/dev/null) &&
	sync_both &&
	grep -e "^  text:" -e "^  new:" a/tickets/ap/app.yaml >got &&
	printf "%s\n" "  text: From Bob" "  new: open" "  text: From Ann" \
	    "  new: open" "  text: Bob again" >want &&
	diff -u want got >&2 &&
	! grep -q conflicts a/tickets/ap/app.yaml &&
	BOPS_NOW=2026-11-23T10:00:00Z expect_status 0 a ticket sla app &&
	expect_out_contains "first response  met 20m of 1h" &&
	converged
'

test_case 'the same field changed two ways: a conflict kept in the ticket' '
	with_ticket &&
	a -q ticket assign app Minh >/dev/null &&
	b -q ticket assign app Somchai >/dev/null &&
	a sync >/dev/null 2>&1 &&
	expect_status 5 b sync &&
	expect_err_contains "1 conflict recorded" &&
	expect_status 0 b conflicts &&
	expect_out_contains "ticket  app  assignee" &&
	expect_status 0 b resolve app assignee --take theirs &&
	sync_both &&
	grep -qx "assignee: Minh" a/tickets/ap/app.yaml &&
	converged
'

test_case 'two changes of status: a conflict, and both events in the thread' '
	with_ticket &&
	(BOPS_NOW=2026-11-23T10:00:00Z a -q ticket resolve app >/dev/null) &&
	(BOPS_NOW=2026-11-23T10:30:00Z b -q ticket pending app >/dev/null) &&
	a sync >/dev/null 2>&1 &&
	expect_status 5 b sync &&
	a sync >/dev/null 2>&1 &&
	grep -c "^  event: status" a/tickets/ap/app.yaml >n &&
	test "$(cat n)" = 2 && rm n &&
	grep -q "^- field: status" a/tickets/ap/app.yaml &&
	expect_status 0 a resolve app status --value resolved &&
	sync_both &&
	grep -qx "status: resolved" b/tickets/ap/app.yaml &&
	converged
'

test_case 'both clones tick: the same follow-up file, merged as one' '
	two_clones &&
	(BOPS_NOW=2026-11-23T09:00:00Z a -q customer add Chi --id chi \
	    >/dev/null) &&
	(BOPS_NOW=2026-11-23T09:00:00Z a -q ticket follow-up chi every=30d \
	    >/dev/null) &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1 &&
	(BOPS_NOW=2026-12-23T08:00:00Z a tick >ida 2>/dev/null) &&
	(BOPS_NOW=2026-12-23T15:30:00Z b tick >idb 2>/dev/null) &&
	test -s ida && test "$(cat ida)" = "$(cat idb)" &&
	id=$(cat ida) && rm ida idb &&
	f=tickets/$(printf %.2s "$id")/$id.yaml &&
	cmp a/$f b/$f &&
	sync_both &&
	expect_status 0 a ticket list --fields id &&
	expect_out "id
$id" &&
	! grep -q conflicts a/$f a/customers/ch/chi.yaml &&
	grep -q "^  last: 2026-12-23" a/customers/ch/chi.yaml &&
	(BOPS_NOW=2026-12-23T16:00:00Z b tick >none) &&
	test ! -s none && rm none &&
	converged
'

test_done
