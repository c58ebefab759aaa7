#!/bin/sh
# ticket open, and the verbs every kind has, for tickets: a customer's
# request with a priority from bops.yaml; bad input exits as it should
# and writes nothing.
. "$(dirname "$0")/lib.sh"

# desk: a workspace in Ho Chi Minh City with customer chi-pham.
desk() {
	new_ws &&
	bops -q config timezone Asia/Ho_Chi_Minh &&
	bops -q customer add Chi Pham --id chi-pham company="Bệnh viện Chợ Rẫy" \
	    stage=customer email=chi@choray.vn >/dev/null ||
	    { fail "desk failed"; return 1; }
}

# unchanged N: HEAD still has N commits and the work tree is clean.
unchanged() {
	test "$(commits)" = "$1" &&
	test -z "$(git status --porcelain | grep -v -e " out$" -e " err$")" ||
	    { fail "something was written"; return 1; }
}

test_case 'open prints the new id; the ticket is new, for its customer' '
	desk &&
	expect_status 0 bops ticket open Kitchen app is down customer=chi-pham \
	    priority=urgent queue=support channel=zalo &&
	id=$(cat out) &&
	expect_err_contains "opened ticket $id: Kitchen app is down" &&
	expect_status 0 bops ticket show "$id" &&
	expect_out "id        $id
subject   Kitchen app is down
customer  chi-pham
priority  urgent
status    new
queue     support
channel   zalo
created   2026-11-23T09:00:00Z
updated   2026-11-23T09:00:00Z" &&
	test "$(git log -1 --format=%s)" = \
	    "ticket $id: open '\''Kitchen app is down'\''" &&
	test -f "tickets/$(printf %.2s "$id")/$id.yaml" &&
	ws_clean
'

test_case 'a prefix names the customer; the whole id is kept' '
	desk &&
	expect_status 0 bops ticket open Invoice wrong customer=chi- \
	    priority=normal --id inv &&
	expect_out inv &&
	grep -qx "customer: chi-pham" tickets/in/inv.yaml &&
	ws_clean
'

test_case 'an unknown customer exits 3 and writes nothing' '
	desk &&
	n=$(commits) &&
	expect_status 3 bops ticket open Help customer=nobody priority=high &&
	expect_err_contains "customer=nobody: no customer '\''nobody'\''" &&
	unchanged "$n"
'

test_case 'an unknown or missing priority exits 2 and lists the priorities' '
	desk &&
	n=$(commits) &&
	expect_status 2 bops ticket open Help customer=chi-pham priority=p1 &&
	expect_err_contains "'\''p1'\'' is not one of: urgent, high, normal, low" &&
	expect_status 2 bops ticket open Help customer=chi-pham &&
	expect_err_contains "priority=P is needed, one of: urgent, high, normal, low" &&
	expect_status 2 bops ticket open Help priority=high &&
	expect_err_contains "customer=C is needed" &&
	expect_status 2 bops ticket open customer=chi-pham priority=high &&
	expect_err_contains "usage: bops ticket open SUBJECT" &&
	expect_status 2 bops ticket open Help customer=chi-pham priority=high \
	    channel=pigeon &&
	expect_status 2 bops ticket open Help customer=chi-pham priority=high \
	    colour=red &&
	expect_status 2 bops ticket open Help customer=chi-pham priority=high \
	    --id ../x &&
	unchanged "$n"
'

test_case 'priorities come from bops.yaml, in any case' '
	desk &&
	sed -i "/^ticket:/,\$d" bops.yaml &&
	printf "ticket:\n  priorities: [p1, p2]\n" >>bops.yaml &&
	git commit -qam "priorities p1, p2" &&
	expect_status 0 bops config ticket.priorities &&
	expect_out "p1
p2" &&
	expect_status 0 bops ticket open Help customer=chi-pham priority=P2 \
	    --id h &&
	grep -qx "priority: p2" tickets/h/h.yaml &&
	expect_status 2 bops ticket open Help customer=chi-pham priority=urgent
'

test_case 'the opening message goes in the thread, from the customer' '
	desk &&
	expect_status 0 bops ticket open Help customer=chi-pham priority=high \
	    --id h --message "The menu app shows an error" &&
	expect_status 0 bops ticket show h --yaml &&
	expect_out_contains "thread:
- at: 2026-11-23T09:00:00Z
  by: Chi Pham
  event: message
  text: The menu app shows an error" &&
	printf "Line one\nLine two\n\n" |
	    bops -q ticket open Piped customer=chi-pham priority=low \
	    requester="Minh <minh@choray.vn>" --id p -m - >/dev/null &&
	grep -qx "  by: Minh <minh@choray.vn>" tickets/p/p.yaml &&
	grep -qx "    Line two" tickets/p/p.yaml &&
	: | expect_status 2 bops ticket open Empty customer=chi-pham \
	    priority=low -m - &&
	expect_err_contains "the text is empty" &&
	ws_clean
'

test_case 'a follow-up takes the customer and priority of the ticket it follows' '
	desk &&
	bops -q ticket open First customer=chi-pham priority=high queue=billing \
	    --id first >/dev/null &&
	bops -q ticket close first >/dev/null &&
	expect_status 0 bops ticket open Again follows=firs --id again &&
	expect_status 0 bops ticket list id=again --fields customer,priority,queue,follows &&
	expect_out "customer  priority  queue    follows
chi-pham  high      billing  first" &&
	expect_status 3 bops ticket open Again follows=nope &&
	ws_clean
'

test_case 'the verbs every kind has work on tickets' '
	desk &&
	bops -q ticket open "Máy in hỏng" customer=chi-pham priority=normal \
	    --id printer >/dev/null &&
	bops -q ticket add "Wifi down" customer=chi-pham priority=urgent \
	    --id wifi >/dev/null &&
	expect_status 0 bops ticket list &&
	expect_out "id       status  priority  assignee  queue  customer  subject
wifi     new     urgent                     chi-pham  Wifi down
printer  new     normal                     chi-pham  Máy in hỏng" &&
	expect_status 0 bops ticket list "priority>normal" --fields id &&
	expect_out "id
wifi" &&
	expect_status 0 bops ticket set wifi tags+=network queue=support &&
	expect_status 0 bops ticket log wifi &&
	expect_out_contains "tags: +network" &&
	expect_status 0 bops ticket list --json --fields id &&
	expect_out_contains "\"id\":\"wifi\"" &&
	expect_status 4 bops ticket set wifi customer=nobody &&
	expect_status 0 bops ticket rm printer &&
	expect_status 3 bops ticket show printer &&
	ws_clean
'

test_case 'follows= and created are checked like every field' '
	desk &&
	n=$(commits) &&
	expect_status 2 bops ticket set nope created=2026-01-01T00:00:00Z &&
	expect_status 3 bops ticket show nope &&
	unchanged "$n"
'

test_done
