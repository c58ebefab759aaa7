#!/bin/sh
# The verbs a kind has of its own take several records as set and rm do:
# ids, or --where FILTER; one commit for the lot; every record checked by
# its kind's rules before anything is written; bulk.confirm and --yes.
. "$(dirname "$0")/lib.sh"

# desk: customers chi-pham and somchai, tickets app, pay (Chi Pham's)
# and line (Somchai's), all opened Monday 2026-11-23.
desk() {
	new_ws &&
	bops -q customer add Chi Pham --id chi-pham >/dev/null &&
	bops -q customer add "สมชาย ใจดี" --id somchai >/dev/null &&
	bops -q ticket open Menu app is down customer=chi-pham \
	    priority=urgent --id app >/dev/null &&
	bops -q ticket open "Thanh toán lỗi" customer=chi-pham \
	    priority=high --id pay >/dev/null &&
	bops -q ticket open "ไลน์ไม่ตอบ" customer=somchai \
	    priority=normal --id line >/dev/null ||
	    { fail "desk failed"; return 1; }
}

# field KIND ID FIELD: the field's value as CSV shows it
field() { "$BOPS" "$1" show "$2" --fields "$3" --csv | tail -n 1; }

test_case 'ticket resolve, close, assign take several ids: one commit each' '
	desk && n=$(commits) &&
	bops -q ticket reply app "Đang xử lý" >/dev/null &&
	bops -q ticket reply pay "On it" >/dev/null &&
	n=$(commits) &&
	expect_status 0 bops ticket resolve app pay &&
	expect_out "app
pay" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "ticket: status -> resolved (2 tickets)" &&
	git log -1 --format=%b | grep -q "^ticket pay: status open -> resolved" &&
	expect_err_contains "ticket app: status open -> resolved" &&
	test "$(field ticket app status)" = resolved &&
	expect_status 0 bops ticket assign app pay line minh &&
	test "$(commits)" = $((n + 2)) &&
	test "$(field ticket line assignee)" = minh &&
	expect_status 0 bops ticket close app pay &&
	test "$(commits)" = $((n + 3)) &&
	test "$(field ticket pay status)" = closed &&
	ws_clean
'
test_case 'ticket reply and note take several ids; a closed one refuses all' '
	desk && n=$(commits) &&
	expect_status 0 bops ticket reply app pay "Chúng tôi đang khắc phục" &&
	expect_out "app
pay" &&
	test "$(commits)" = $((n + 1)) &&
	git log -1 --format=%b | grep -q "^ticket pay: reply .*, status new -> open" &&
	test "$(field ticket app status)" = open &&
	expect_status 0 bops ticket note --where customer=somchai "โทรกลับพรุ่งนี้" &&
	expect_out line && test "$(commits)" = $((n + 2)) &&
	bops -q ticket close pay >/dev/null &&
	before=$(git rev-parse HEAD) &&
	expect_status 5 bops ticket reply app pay "Đã xong" &&
	expect_err_contains "1 of 2 tickets refused; nothing was written" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	ws_clean
'
test_case 'ticket verbs take --where' '
	desk && n=$(commits) &&
	expect_status 0 bops ticket assign --where customer=chi-pham me &&
	expect_out "app
pay" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "ticket: assign to me (2 tickets)" &&
	test "$(field ticket app assignee)" = "Lan Nguyen" &&
	test -z "$(field ticket line assignee)" &&
	expect_status 0 bops ticket pending --where priority=urgent &&
	expect_out app && test "$(commits)" = $((n + 2)) &&
	expect_status 2 bops ticket resolve app --where priority=high &&
	expect_err_contains "give ids or --where, not both" &&
	ws_clean
'
test_case 'one ticket refused writes nothing, and the refusal is named' '
	desk &&
	bops -q ticket reply app "ok" >/dev/null &&
	bops -q ticket resolve app >/dev/null &&
	before=$(git rev-parse HEAD) &&
	expect_status 5 bops ticket reopen app pay &&
	test ! -s out &&
	expect_err_contains "bops: ticket '\''pay'\'' is new: nothing to reopen" &&
	expect_err_contains "1 of 2 tickets refused; nothing was written" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	test "$(field ticket app status)" = resolved &&
	expect_status 3 bops ticket close app nosuch &&
	test "$(git rev-parse HEAD)" = "$before" &&
	ws_clean
'
test_case 'a --where over bulk.confirm needs --yes without a terminal' '
	desk && bops config bulk.confirm 1 >/dev/null 2>&1 &&
	before=$(git rev-parse HEAD) &&
	expect_status 2 bops ticket assign --where status=new minh </dev/null &&
	expect_err_contains "--where picks 3 tickets (bulk.confirm is 1): add --yes" &&
	expect_status 2 bops customer stage --where stage=lead mql </dev/null &&
	expect_err_contains "add --yes" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	expect_status 0 bops ticket assign --where status=new minh --yes &&
	test "$(git log -1 --format=%s)" = "ticket: assign to minh (3 tickets)" &&
	ws_clean
'
test_case 'customer stage, lead and note take several ids and --where' '
	desk && n=$(commits) &&
	expect_status 0 bops customer stage chi-pham somchai mql &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "customer: stage -> mql (2 customers)" &&
	git log -1 --format=%b | grep -q "^customer somchai: stage lead -> mql" &&
	test "$(field customer somchai stage)" = mql &&
	expect_status 0 bops customer lead --where stage=mql connected &&
	test "$(commits)" = $((n + 2)) &&
	test "$(field customer chi-pham lead_status)" = connected &&
	expect_status 0 bops customer note chi-pham somchai "Gọi lại thứ Hai" &&
	test "$(commits)" = $((n + 3)) &&
	test "$(bops customer show somchai --json | python3 -c "
import json, sys; print(json.load(sys.stdin)[\"notes\"][-1][\"text\"])")" = "Gọi lại thứ Hai" &&
	expect_status 2 bops customer stage chi-pham nosuchstage &&
	test "$(commits)" = $((n + 3)) &&
	ws_clean
'
test_case 'deal move and set take several ids; a lost deal needs its reason' '
	new_ws &&
	bops -q deal add "Suất cơm" --id d1 amount=350000000 currency=vnd \
	    >/dev/null &&
	bops -q deal add "Lunch plan" --id d2 amount=12000.5 currency=USD \
	    >/dev/null &&
	n=$(commits) &&
	expect_status 0 bops deal move d1 d2 negotiation &&
	test "$(commits)" = $((n + 1)) &&
	test "$(field deal d2 stage)" = negotiation &&
	expect_status 2 bops deal move d1 d2 lost &&
	expect_status 0 bops deal move --where stage=negotiation lost \
	    reason="chose a caterer" &&
	test "$(commits)" = $((n + 2)) &&
	test "$(field deal d1 lost_reason)" = "chose a caterer" &&
	expect_status 0 bops deal set d1 d2 source=referral &&
	test "$(commits)" = $((n + 3)) &&
	expect_status 2 bops deal set d1 d2 amount=10.5 &&
	expect_err_contains "VND" &&
	test "$(commits)" = $((n + 3)) &&
	ws_clean
'
# A journey ready for approval: owner, sponsor, a stage with a metric.
journey() {
	bops journey add "$1" owner=me sponsor="Minh Tran" --id "$2" \
	    >/dev/null 2>&1 &&
	bops journey stage add "$2" Discover >/dev/null 2>&1 &&
	bops journey metric set "$2"/discover CSAT target=4.5 >/dev/null 2>&1
}
test_case 'journey approve, review and retire take several; one not ready refuses all' '
	new_ws && journey Onboarding onboarding && journey Renewal renewal &&
	bops journey add Draft --id draft >/dev/null 2>&1 &&
	before=$(git rev-parse HEAD) && n=$(commits) &&
	expect_status 5 bops journey approve onboarding draft renewal &&
	expect_err_contains "draft" &&
	expect_err_contains "1 of 3 journeys refused; nothing was written" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	expect_status 0 bops journey approve onboarding renewal &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "journey: approved (2 journeys)" &&
	git log -1 --format=%b | grep -q "^journey renewal: approved" &&
	expect_status 0 bops journey review --where status=approved &&
	test "$(commits)" = $((n + 2)) &&
	expect_status 0 bops journey retire onboarding renewal draft &&
	test "$(commits)" = $((n + 3)) &&
	test "$(field journey draft status)" = retired &&
	ws_clean
'
test_case 'okr grade and reopen take several objectives' '
	new_ws &&
	for o in meals feedback; do
		bops okr add "Objective $o" --id $o period=2026-Q3 \
		    >/dev/null 2>&1 &&
		bops okr kr add $o "Serve 100" target=100 >/dev/null 2>&1 &&
		bops okr checkin $o/1 80 >/dev/null 2>&1 || return 1
	done &&
	bops okr add "Nothing measured" --id empty period=2026-Q3 \
	    >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 2 bops okr grade meals empty feedback &&
	expect_err_contains "okr '\''empty'\'' has no key results to grade" &&
	test "$(commits)" = $n &&
	expect_status 0 bops okr grade meals feedback &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "okr: graded (2 okrs)" &&
	git log -1 --format=%b | grep -q "^okr feedback: graded 0.80, achieved" &&
	expect_status 0 bops okr reopen --where status=achieved &&
	test "$(commits)" = $((n + 2)) &&
	test "$(field okr meals status)" = active &&
	ws_clean
'
test_case 'sprint start takes several sprints' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	bops -q task add One estimate=3 --id a >/dev/null &&
	bops -q sprint plan 2026-w48 a >/dev/null &&
	n=$(commits) &&
	expect_status 0 bops sprint start 2026-w48 2026-w49 &&
	test "$(commits)" = $((n + 1)) &&
	git log -1 --format=%b | grep -q "^sprint 2026-w48: start, committed 3 points in 1 task" &&
	expect_status 5 bops sprint start 2026-w48 &&
	expect_err_contains "already active" &&
	test "$(commits)" = $((n + 1)) &&
	ws_clean
'
test_case 'project set takes several ids and --where' '
	new_ws &&
	bops -q project add "Bếp trung tâm" goal="Serve 1000 meals" \
	    due=2026-12-31 --id kitchen >/dev/null &&
	bops -q project add "ครัวกลาง" goal="Serve 500 meals" due=2026-12-31 \
	    --id bangkok >/dev/null &&
	n=$(commits) &&
	expect_status 0 bops project set kitchen bangkok owner=me &&
	test "$(commits)" = $((n + 1)) &&
	expect_status 0 bops project set --where owner=me tags+=food &&
	test "$(commits)" = $((n + 2)) &&
	expect_status 0 bops project status kitchen bangkok --note "Tuần 48" &&
	test "$(commits)" = $((n + 3)) &&
	test "$(git log -1 --format=%s)" = "project: status report (2 projects)" &&
	git log -1 --format=%b | grep -q "^project bangkok: status schedule" &&
	expect_status 3 bops project status kitchen nosuch &&
	test "$(commits)" = $((n + 3)) &&
	ws_clean
'
# bash_complete LINE WORD...: COMPREPLY of _bops for LINE, as t0011.
bash_complete() {
	line=$1
	shift
	PATH="$SRC:$PATH" bash -c '
		. "$1/share/completions/bops.bash"
		COMP_LINE=$2; COMP_POINT=${#2}
		shift 2
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_bops
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"
	' bash "$SRC" "$line" "$@"
}
test_case 'completion: more ids after an id, then the stage or the status' '
	desk &&
	bash_complete "bops ticket resolve app p" bops ticket resolve app p \
	    >out && expect_out "pay" &&
	bash_complete "bops customer stage chi-pham so" bops customer stage \
	    chi-pham so >out && expect_out "somchai" &&
	bash_complete "bops customer stage chi-pham m" bops customer stage \
	    chi-pham m >out && expect_out "mql" &&
	bash_complete "bops customer lead chi-pham con" bops customer lead \
	    chi-pham con >out && expect_out "connected" &&
	bash_complete "bops ticket assign app pay m" bops ticket assign app \
	    pay m >out && expect_out "me" &&
	bash_complete "bops okr grade --wh" bops okr grade --wh >out &&
	expect_out "--where"
'
test_case 'reopen and close --where reach resolved tickets, which list hides' '
	desk &&
	bops -q ticket reply app "Đang xử lý" >/dev/null &&
	bops -q ticket reply pay "On it" >/dev/null &&
	bops -q ticket resolve app pay >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 0 bops ticket reopen --where customer=chi-pham &&
	test "$(commits)" = $((n + 1)) &&
	test "$(field ticket app status)" = open &&
	test "$(field ticket pay status)" = open &&
	bops -q ticket resolve app pay >/dev/null 2>&1 &&
	expect_status 0 bops ticket close --where customer=chi-pham &&
	test "$(commits)" = $((n + 3)) &&
	test "$(field ticket app status)" = closed &&
	test "$(field ticket pay status)" = closed &&
	test "$(field ticket line status)" = new &&
	ws_clean
'
test_case 'okr reopen --where reaches graded objectives without naming status' '
	new_ws &&
	bops okr add "Objective meals" --id meals period=2026-Q3 \
	    >/dev/null 2>&1 &&
	bops okr kr add meals "Serve 100" target=100 >/dev/null 2>&1 &&
	bops okr checkin meals/1 80 >/dev/null 2>&1 &&
	bops okr grade meals >/dev/null 2>&1 &&
	test "$(field okr meals status)" = achieved &&
	n=$(commits) &&
	expect_status 0 bops okr reopen --where period=2026-Q3 &&
	test "$(commits)" = $((n + 1)) &&
	test "$(field okr meals status)" = active &&
	ws_clean
'
test_case 'rm --where removes finished records too' '
	new_ws &&
	a=$(bops -q task add "Viết bài blog" tags+=tet) &&
	b=$(bops -q task add "提高客户满意度" tags+=tet) &&
	bops -q task done "$a" >/dev/null 2>&1 &&
	expect_status 0 bops task rm --where tags=tet &&
	expect_status 3 bops task show "$a" &&
	expect_status 3 bops task show "$b" && ws_clean
'
test_done
