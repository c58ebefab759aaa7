#!/bin/sh
# Colour only on a terminal, never with NO_COLOR, --no-color or TERM=dumb.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Overdue" --id overdue due=2026-11-20 >/dev/null 2>&1 &&
	"$BOPS" task add "Later" --id later due=2026-12-20 >/dev/null 2>&1
}

# tty COMMAND: run bops COMMAND on a pseudo-terminal; output in ./tty.out
tty() {
	script -qec "\"$BOPS\" $*" /dev/null >tty.out 2>&1
}

esc=$(printf "\033")

test_case 'a terminal gets colour: overdue rows red' '
	need script || exit 1
	setup && tty task list &&
	grep -q "$esc\[31moverdue" tty.out && ! grep -q "$esc\[31mlater" tty.out
'
test_case 'NO_COLOR turns colour off' '
	need script || exit 1
	setup && NO_COLOR=1 tty task list &&
	grep -q "overdue" tty.out && ! grep -q "$esc" tty.out
'
test_case '--no-color turns colour off' '
	need script || exit 1
	setup && tty --no-color task list &&
	grep -q "overdue" tty.out && ! grep -q "$esc" tty.out
'
test_case 'TERM=dumb turns colour off' '
	need script || exit 1
	setup && TERM=dumb tty task board &&
	grep -q "Overdue" tty.out && ! grep -q "$esc" tty.out
'
test_case 'a pipe never gets colour, board and show included' '
	setup &&
	for c in "task list" "task board" "task backlog" "task show overdue" \
	    "log" "task log overdue"; do
		expect_status 0 bops $c || exit 1
		! grep -q "$esc" out || { echo "# colour in $c" >&2; exit 1; }
	done
'
test_done
