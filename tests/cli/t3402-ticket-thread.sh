#!/bin/sh
# reply, note, assign, pending, resolve, close, reopen: each one commit,
# each change of status recorded in the thread; a closed ticket takes no
# reply.
. "$(dirname "$0")/lib.sh"

# desk: a workspace in Ho Chi Minh City, customer chi-pham and ticket
# app (urgent), opened Monday 2026-11-23 at 09:00 local.
desk() {
	new_ws &&
	bops -q config timezone Asia/Ho_Chi_Minh &&
	bops -q customer add Chi Pham --id chi-pham >/dev/null &&
	BOPS_NOW=2026-11-23T02:00:00Z bops -q ticket open Menu app is down \
	    customer=chi-pham priority=urgent --id app >/dev/null ||
	    { fail "desk failed"; return 1; }
}

# events: the thread's entries, one a line: "event by text|old>new".
events() {
	bops ticket show app --json | python3 -c "
import json, sys
for e in json.load(sys.stdin).get('thread', []):
    print(e['event'], e['by'], e.get('text') or e['old'] + '>' + e['new'])"
}

test_case 'reply opens a new ticket, in one commit that says so' '
	desk &&
	n=$(commits) &&
	expect_status 0 bops ticket reply app "Đang khởi động lại máy chủ" &&
	expect_out app &&
	expect_err_contains "ticket app: reply '\''Đang khởi động lại máy chủ'\'', status new -> open" &&
	test "$(commits)" = $((n + 1)) &&
	events >"$HOME/ev" &&
	test "$(cat "$HOME/ev")" = "reply Lan Nguyen Đang khởi động lại máy chủ
status Lan Nguyen new>open" &&
	ws_clean
'

test_case 'a note is internal and changes no status' '
	desk &&
	expect_status 0 bops ticket note app "kitchen says it is the wifi" &&
	expect_err_contains "ticket app: note '\''kitchen says it is the wifi'\''" &&
	expect_status 0 bops ticket list --fields id,status &&
	expect_out "id   status
app  new" &&
	ws_clean
'

test_case 'TEXT - reads standard input, as a mail filter pipes it' '
	desk &&
	printf "Hello,\n\nthe app is back.\n" >"$HOME/mail" &&
	expect_status 0 bops ticket reply app - <"$HOME/mail" &&
	bops ticket show app --yaml >"$HOME/shown" &&
	grep -q "^    Hello,\$" "$HOME/shown" &&
	grep -q "^    the app is back.\$" "$HOME/shown" &&
	expect_status 2 bops ticket reply app - </dev/null &&
	expect_err_contains "the text is empty" &&
	expect_status 2 bops ticket note app "" &&
	printf "bad \033[31m\n" >"$HOME/esc" &&
	n=$(commits) &&
	expect_status 4 bops ticket reply app - <"$HOME/esc" &&
	expect_err_contains "control character U+001B" &&
	test "$(commits)" = "$n" &&
	ws_clean
'

test_case 'the customer s message is no response and reopens a pending ticket' '
	desk &&
	bops -q ticket reply app "Could you send a screenshot?" >/dev/null &&
	bops -q ticket pending app >/dev/null &&
	expect_status 0 bops ticket reply app "Here it is" --customer &&
	expect_err_contains "ticket app: message '\''Here it is'\'', status pending -> open" &&
	events >"$HOME/ev" &&
	grep -qx "message Chi Pham Here it is" "$HOME/ev" &&
	ws_clean
'

test_case 'assign takes a name or me' '
	desk &&
	expect_status 0 bops ticket assign app me &&
	expect_err_contains "ticket app: assignee Lan Nguyen" &&
	expect_status 0 bops ticket assign app Minh &&
	expect_err_contains "assignee Lan Nguyen -> Minh" &&
	ws_clean
'

test_case 'pending, resolve, reopen and close, each in the thread' '
	desk &&
	expect_status 0 bops ticket pending app &&
	expect_err_contains "ticket app: status new -> pending" &&
	expect_status 0 bops ticket reopen app &&
	expect_status 0 bops ticket resolve app &&
	expect_status 0 bops ticket reopen app &&
	expect_err_contains "ticket app: status resolved -> open" &&
	expect_status 0 bops ticket reopen app &&
	expect_err_contains "ticket app: no change" &&
	expect_status 0 bops ticket resolve app &&
	expect_status 0 bops ticket close app &&
	events >"$HOME/ev" &&
	test "$(cat "$HOME/ev")" = "status Lan Nguyen new>pending
status Lan Nguyen pending>open
status Lan Nguyen open>resolved
status Lan Nguyen resolved>open
status Lan Nguyen open>resolved
status Lan Nguyen resolved>closed" &&
	ws_clean
'

test_case 'a reply to a closed ticket exits 5 and points to a follow-up' '
	desk &&
	bops -q ticket close app >/dev/null &&
	n=$(commits) &&
	expect_status 5 bops ticket reply app "one more thing" &&
	expect_err_contains "ticket '\''app'\'' is closed and takes no reply; open a follow-up: bops ticket open SUBJECT follows=app" &&
	expect_status 5 bops ticket reply app "one more thing" --customer &&
	expect_status 5 bops ticket reopen app &&
	expect_err_contains "or reopen it anyway with bops ticket set app status=open --force" &&
	test "$(commits)" = "$n" &&
	expect_status 0 bops ticket note app "customer called again" &&
	expect_status 0 bops ticket set app status=open --force &&
	ws_clean
'

test_case 'the flow holds through set and edit, and --force passes it' '
	desk &&
	bops -q ticket resolve app >/dev/null &&
	n=$(commits) &&
	expect_status 5 bops ticket pending app &&
	expect_err_contains "ticket '\''app'\'' cannot go from resolved to pending" &&
	expect_status 5 bops ticket set app status=new &&
	printf "#!/bin/sh\nsed -i s/^status:.resolved/status:\\\\ pending/ \"\$1\"\n" \
	    >"$HOME/ed.sh" && chmod +x "$HOME/ed.sh" &&
	EDITOR="$HOME/ed.sh" expect_status 5 bops ticket edit app &&
	test "$(commits)" = "$n" &&
	expect_status 0 bops ticket pending app --force &&
	ws_clean
'

test_case 'reopen of a new ticket is refused: a reply opens it' '
	desk &&
	expect_status 5 bops ticket reopen app &&
	expect_err_contains "ticket '\''app'\'' is new: nothing to reopen"
'

test_case 'undo takes a change of status back with its entry' '
	desk &&
	bops -q ticket resolve app >/dev/null &&
	expect_status 0 bops undo &&
	expect_status 0 bops ticket list --fields status &&
	expect_out "status
new" &&
	events >"$HOME/ev" && test ! -s "$HOME/ev" &&
	bops -q ticket reply app "On it" >/dev/null &&
	bops -q ticket close app >/dev/null &&
	expect_status 0 bops undo &&
	events >"$HOME/ev" &&
	test "$(cat "$HOME/ev")" = "reply Lan Nguyen On it
status Lan Nguyen new>open" &&
	expect_status 0 bops undo &&
	expect_err_contains "redo: ticket app: status open -> closed" &&
	events >"$HOME/ev" &&
	test "$(cat "$HOME/ev")" = "reply Lan Nguyen On it
status Lan Nguyen new>open
status Lan Nguyen open>closed" &&
	ws_clean
'

test_case 'an unknown ticket exits 3; a malformed id 2; nothing written' '
	desk &&
	n=$(commits) &&
	expect_status 3 bops ticket reply nope hi &&
	expect_status 3 bops ticket resolve nope &&
	expect_status 2 bops ticket note "../x" hi &&
	expect_status 2 bops ticket reply app &&
	expect_status 2 bops ticket assign app &&
	test "$(commits)" = "$n"
'

test_done
