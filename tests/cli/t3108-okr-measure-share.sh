#!/bin/sh
# okr measure: the shares, percent KIND FILTER... of FILTER... and
# sla ticket first-response|resolution [FILTER...], on a percentage's
# scale (0-100), to a tenth.
. "$(dirname "$0")/lib.sh"

# Three drives of save-the-world/1, two of them done, and one other task;
# the key results measured are save-the-world/2 and on.
drives() {
	new_ws &&
	bops okr add "Save the world" --id save-the-world >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Serve 3 meal drives" target=3 \
	    >/dev/null 2>&1 &&
	for t in one two three; do
		bops task add "Meal drive $t" kr=save-the-world/1 >>ids 2>/dev/null ||
		return 1
	done &&
	bops task add "Other work" >/dev/null 2>&1 &&
	bops task done "$(sed -n 1p ids)" >/dev/null 2>&1 &&
	bops task done "$(sed -n 2p ids)" >/dev/null 2>&1 &&
	rm ids
}

test_case 'percent: the share of the records of "of" that match the rest' '
	drives &&
	bops okr kr add save-the-world "Drives done" target=100 unit=% \
	    "measure=percent task status=done of kr=save-the-world/1" \
	    >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 0 bops okr measure &&
	expect_out save-the-world/2 &&
	expect_err_contains "okr: measure save-the-world/2 66.7" &&
	test "$(commits)" -eq $((n + 1)) &&
	grep -q "^  current: 66.7$" okrs/save-the-world.yaml &&
	grep -q "^    value: 66.7$" okrs/save-the-world.yaml &&
	grep -q "^    note: percent task status=done of kr=save-the-world/1$" \
	    okrs/save-the-world.yaml &&
	bops task done "$(bops task list title~three --fields id | sed -n 2p)" \
	    >/dev/null 2>&1 &&
	expect_status 0 bops okr measure &&
	expect_err_contains "okr: measure save-the-world/2 100" &&
	grep -q "^  current: 100$" okrs/save-the-world.yaml &&
	ws_clean
'

test_case 'percent of nothing after "of": of every record of the kind' '
	drives &&
	bops okr kr add save-the-world "Done" target=100 \
	    "measure=percent task status=done of" >/dev/null 2>&1 &&
	expect_status 0 bops okr measure &&
	expect_err_contains "okr: measure save-the-world/2 50" &&
	ws_clean
'

test_case 'percent of no record is no value: nothing checked in' '
	drives &&
	bops okr kr add save-the-world "Urgent done" target=100 \
	    "measure=percent task status=done of priority=urgent" \
	    >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 0 bops okr measure &&
	test ! -s out && test ! -s err &&
	test "$(commits)" -eq "$n" &&
	! grep -q "current:" okrs/save-the-world.yaml &&
	ws_clean
'

# Tickets of 2026-Q4 in business hours (Mon-Fri 09:00-17:00 UTC):
#   a urgent, answered after 30m (met), resolved after 5h (breached);
#   b high, answered after 5h (breached), resolved after 6h (met);
#   c normal, opened Tuesday 09:00: within both its targets still;
#   d urgent, of 2026-Q3, answered late: not of the period;
#   e high in the billing queue, answered after 1h (met), resolved
#     after 2h (met).
tickets() {
	new_ws &&
	bops customer add Chi Pham --id chi stage=customer >/dev/null 2>&1 &&
	BOPS_NOW=2026-09-28T09:00:00Z bops ticket open Old --id d \
	    customer=chi priority=urgent >/dev/null 2>&1 &&
	BOPS_NOW=2026-09-28T12:00:00Z bops ticket reply d Late \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T09:00:00Z bops ticket open Down --id a \
	    customer=chi priority=urgent queue=support >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T09:00:00Z bops ticket open Slow --id b \
	    customer=chi priority=high queue=support >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T09:00:00Z bops ticket open Bill --id e \
	    customer=chi priority=high queue=billing >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T09:30:00Z bops ticket reply a "On it" \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T10:00:00Z bops ticket reply e Looking \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T11:00:00Z bops ticket resolve e >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T14:00:00Z bops ticket reply b Sorry \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T14:00:00Z bops ticket resolve a >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-23T15:00:00Z bops ticket resolve b >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-24T09:00:00Z bops ticket open New --id c \
	    customer=chi priority=normal >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-24T10:00:00Z bops okr add "Answer fast" --id fast \
	    >/dev/null 2>&1
}

test_case 'sla first-response: the share of the period s decided clocks met' '
	tickets &&
	export BOPS_NOW=2026-11-24T10:00:00Z &&
	bops okr kr add fast "Answer within target" target=95 unit=% \
	    "measure=sla ticket first-response" >/dev/null 2>&1 &&
	expect_status 0 bops okr measure &&
	expect_out fast/1 &&
	expect_err_contains "okr: measure fast/1 66.7" &&
	grep -q "^  current: 66.7$" okrs/fast.yaml &&
	grep -q "^    note: sla ticket first-response$" okrs/fast.yaml &&
	ws_clean
'

test_case 'sla resolution, with filters' '
	tickets &&
	export BOPS_NOW=2026-11-24T10:00:00Z &&
	bops okr kr add fast "Resolve in time" target=95 \
	    "measure=sla ticket resolution" >/dev/null 2>&1 &&
	bops okr kr add fast "Support resolves in time" target=95 \
	    "measure=sla ticket resolution queue=support" >/dev/null 2>&1 &&
	bops okr kr add fast "Urgent answered in time" target=95 \
	    "measure=sla ticket first-response priority=urgent" \
	    >/dev/null 2>&1 &&
	expect_status 0 bops okr measure &&
	expect_err_contains "okr: measure fast/1 66.7 fast/2 50 fast/3 100" &&
	ws_clean
'

test_case 'sla: a clock still within its target counts once it is decided' '
	tickets &&
	BOPS_NOW=2026-11-24T10:00:00Z bops okr kr add fast "Normal answered" \
	    target=95 "measure=sla ticket first-response priority=normal" \
	    >/dev/null 2>&1 &&
	n=$(commits) &&
	BOPS_NOW=2026-11-24T10:00:00Z expect_status 0 bops okr measure &&
	test ! -s out && test "$(commits)" -eq "$n" &&
	BOPS_NOW=2026-11-25T09:30:00Z expect_status 0 bops okr measure &&
	expect_err_contains "okr: measure fast/1 0" &&
	grep -q "^  current: 0$" okrs/fast.yaml
'

test_case 'sla: the tickets of the objective s own period' '
	tickets &&
	export BOPS_NOW=2026-11-24T10:00:00Z &&
	bops okr add "Last quarter" --id q3 period=2026-Q3 >/dev/null 2>&1 &&
	bops okr kr add q3 "Answered" target=95 \
	    "measure=sla ticket first-response" >/dev/null 2>&1 &&
	expect_status 0 bops okr measure q3 &&
	expect_err_contains "okr: measure q3/1 0" &&
	bops okr add "This year" --id y period=2026 >/dev/null 2>&1 &&
	bops okr kr add y "Answered" target=95 \
	    "measure=sla ticket first-response" >/dev/null 2>&1 &&
	expect_status 0 bops okr measure y &&
	expect_err_contains "okr: measure y/1 50" &&
	ws_clean
'

test_case 'a bad share is refused when the KR is added, exit 2, naming the forms' '
	drives &&
	n=$(commits) &&
	for m in "percent task status=done" "percent task of status=done" \
	    "percent task a=1 of b=2 of c=3" "sla task first-response" \
	    "sla ticket" "sla ticket response" "sla ticket first_response" \
	    "percent task nofield=1 of" "percent task status=done of nofield=1" \
	    "sla ticket resolution nofield=1" \
	    "sla ticket resolution priority=nosuch"; do
		expect_status 2 bops okr kr add save-the-world Bad target=1 \
		    "measure=$m" || { fail "measure=$m"; return 1; }
	done &&
	expect_status 2 bops okr kr add save-the-world Bad target=1 \
	    "measure=sla ticket response" &&
	expect_err_contains "'\''percent KIND FILTER... of FILTER...'\'' or '\''sla ticket first-response|resolution [FILTER...]'\''" &&
	test "$(commits)" -eq "$n"
'

test_done
