#!/bin/sh
# A kind's rules live in lib/ and the transaction applies them to every
# write: each (kind, verb) pair below tries a change its kind's rule must
# refuse, and checks the refusal and that nothing was written.
. "$(dirname "$0")/lib.sh"

# world: a WIP limit of 1 that one task fills, a done task in sprint w48,
# a sprint w49, an objective whose key result 1 a task points at, and a
# graded objective.
world() {
	new_ws &&
	bops -q config board.wip.processing 1 &&
	bops -q task add Busy --id busy status=processing >/dev/null &&
	bops -q task add Idle --id idle >/dev/null &&
	bops -q sprint new start=2026-11-23 >/dev/null &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	bops -q task add Shipped --id shipped sprint=2026-w48 >/dev/null &&
	bops -q task done shipped --force >/dev/null &&
	bops -q okr add Save --id save >/dev/null &&
	bops -q okr kr add save One target=10 >/dev/null &&
	bops -q okr kr add save Two target=10 >/dev/null &&
	bops -q task add Cook --id cook kr=save/1 >/dev/null &&
	bops -q okr add Done --id done-obj >/dev/null &&
	bops -q okr kr add done-obj One target=1 >/dev/null &&
	bops -q okr grade done-obj --force >/dev/null 2>&1 &&
	printf '#!/bin/sh\nsed -i "$SED" "$1"\n' >"$HOME/ed.sh" &&
	chmod +x "$HOME/ed.sh" ||
	    { fail "world failed"; return 1; }
}

# refused STATUS TEXT CMD...: CMD exits STATUS, says TEXT, writes nothing.
refused() {
	want=$1 text=$2
	shift 2
	n=$(commits)
	expect_status "$want" "$@" &&
	expect_err_contains "$text" &&
	test "$(commits)" = "$n" &&
	test -z "$(git status --porcelain | grep -v -e " out$" -e " err$")" ||
	    { fail "not refused: $*"; return 1; }
}

test_case 'task: the WIP limit, through every verb that writes a task' '
	world &&
	refused 5 "WIP limit" bops task add New status=processing &&
	refused 5 "WIP limit" bops task set idle status=processing &&
	refused 5 "WIP limit" bops task move idle processing &&
	refused 5 "WIP limit" bops task start idle &&
	SED="s/^status: not-started/status: processing/" EDITOR="$HOME/ed.sh" \
	    refused 5 "WIP limit" bops task edit idle &&
	expect_status 0 bops task start idle --force &&
	ws_clean
'

test_case 'task: a done task stays in its sprint, through every verb' '
	world &&
	refused 5 "is done" bops task set shipped sprint=2026-w49 &&
	refused 5 "is done" bops sprint plan 2026-w49 shipped &&
	SED="s/^sprint: 2026-w48/sprint: 2026-w49/" EDITOR="$HOME/ed.sh" \
	    refused 5 "is done" bops task edit shipped &&
	ws_clean
'

test_case 'sprint: no overlap, through every verb that writes a sprint' '
	world &&
	refused 5 "overlap" bops sprint new start=2026-11-25 &&
	refused 5 "overlap" bops sprint add start=2026-11-25 &&
	refused 5 "overlap" bops sprint set 2026-w49 start=2026-11-26 &&
	SED="s/^start: 2026-11-30/start: 2026-11-26/" EDITOR="$HOME/ed.sh" \
	    refused 5 "overlap" bops sprint edit 2026-w49 &&
	ws_clean
'

test_case 'okr: a key result tasks point at stays, through every verb' '
	world &&
	refused 5 "is the kr of 1 task (cook)" bops okr kr rm save/1 &&
	SED="/^- id: 1\$/,/^- id: 2\$/{/^- id: 2\$/!d}" EDITOR="$HOME/ed.sh" \
	    refused 5 "is the kr of 1 task (cook)" bops okr edit save &&
	expect_status 0 bops okr kr rm save/2 &&
	ws_clean
'

test_case 'okr: a graded objective is frozen, through every verb' '
	world &&
	refused 5 "is graded" bops okr checkin done-obj/1 1 &&
	refused 5 "is graded" bops okr kr add done-obj Two target=2 &&
	refused 5 "is graded" bops okr kr set done-obj/1 target=5 &&
	SED="s/^  target: 1\$/  target: 7/" EDITOR="$HOME/ed.sh" \
	    refused 5 "is graded" bops okr edit done-obj &&
	ws_clean
'

# desk: a customer with a closed ticket and a resolved one.
desk() {
	world &&
	bops -q customer add Chi --id chi >/dev/null &&
	bops -q ticket open Shut customer=chi priority=high --id shut \
	    >/dev/null &&
	bops -q ticket close shut >/dev/null &&
	bops -q ticket open Solved customer=chi priority=low --id solved \
	    >/dev/null &&
	bops -q ticket resolve solved >/dev/null ||
	    { fail "desk failed"; return 1; }
}

test_case 'ticket: a closed ticket takes no reply, through every verb' '
	desk &&
	refused 5 "is closed" bops ticket reply shut "one more thing" &&
	refused 5 "is closed" bops ticket reply shut "from me" --customer &&
	refused 5 "is closed" bops ticket reopen shut &&
	refused 5 "is closed" bops ticket set shut status=open &&
	SED="s/^status: closed/status: open/" EDITOR="$HOME/ed.sh" \
	    refused 5 "is closed" bops ticket edit shut &&
	SED="/^created:/i- at: 2026-11-23T09:00:00Z\n  by: X\n  event: reply\n  text: hi" \
	    EDITOR="$HOME/ed.sh" refused 5 "takes no reply" \
	    bops ticket edit shut &&
	ws_clean
'

test_case 'ticket: the status flow holds, through every verb' '
	desk &&
	refused 5 "cannot go from resolved to pending" bops ticket pending solved &&
	refused 5 "cannot go from resolved to new" bops ticket set solved status=new &&
	SED="s/^status: resolved/status: pending/" EDITOR="$HOME/ed.sh" \
	    refused 5 "cannot go from resolved to pending" \
	    bops ticket edit solved &&
	expect_status 0 bops ticket pending solved --force &&
	ws_clean
'

test_case 'customer: one that tickets point at stays, through every verb' '
	desk &&
	refused 5 "is the customer of 2 tickets" bops customer rm chi &&
	ws_clean
'

test_case 'undo meets the rules too' '
	world &&
	bops -q task start idle --force >/dev/null &&
	bops -q task move busy done >/dev/null &&
	refused 5 "WIP limit" bops undo &&
	ws_clean
'

test_done
