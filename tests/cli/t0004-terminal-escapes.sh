#!/bin/sh
# What comes from a teammate (file names, commit authors and subjects,
# record values) never drives the terminal: control characters, C1 and
# bidi overrides are shown escaped, as \033, in every command's output.
. "$(dirname "$0")/lib.sh"

esc=$(printf '\033')
bel=$(printf '\007')
rlo=$(printf '\342\200\256')	# U+202E RIGHT-TO-LEFT OVERRIDE
evil=$(printf 'tasks/ab/\033]0;PWNED\007\033[2Jx.yaml')

# safe FILE...: none of the files holds ESC, BEL, a C1 CSI or U+202E.
safe() {
	for f in "$@"; do
		if LC_ALL=C grep -q -e "$esc" -e "$bel" -e "$rlo" \
		    -e "$(printf '\302\233')" "$f"; then
			fail "raw control characters in $f:"
			od -c "$f" | sed 's/^/#   /' >&2
			return 1
		fi
	done
}

# tty COMMAND: run bops COMMAND on a pseudo-terminal, colour allowed;
# output in ./tty.out
tty() {
	TERM=xterm script -qec "\"$BOPS\" $*" /dev/null >tty.out 2>&1
}

# A record whose title ends in a right-to-left override, committed by
# hand by a teammate whose name and subject carry escape sequences.
setup() {
	new_ws &&
	"$BOPS" task add "Brief" --id brief >/dev/null 2>&1 &&
	mkdir -p tasks/ev &&
	printf 'title: Pay %s1202 NVD\nstatus: not-started\n' "$rlo" \
	    >tasks/ev/evil.yaml &&
	git add tasks && GIT_AUTHOR_NAME="Eve${esc}[2J" \
	    git commit -qm "$(printf 'fix \033]0;PWNED\007 title')"
}

test_case 'check shows a file name with escapes escaped' '
	new_ws && mkdir -p tasks/ab && printf "title: x\n" >"$evil" &&
	git add tasks && git commit -qm "stray file" &&
	expect_status 1 bops check && safe out err &&
	expect_out_contains "tasks/ab/\\033]0;PWNED\\007\\033[2Jx.yaml: not a task record file"
'
test_case 'an untracked file name with escapes is shown escaped' '
	new_ws && mkdir -p tasks/ab && printf "title: x\n" >"$evil" &&
	expect_status 1 bops check && safe out err &&
	expect_out_contains "\\033[2Jx.yaml: not committed"
'
test_case 'log shows an author and a subject with escapes escaped' '
	setup &&
	expect_status 0 bops log && safe out err &&
	expect_out_contains "Eve\\033[2J  fix \\033]0;PWNED\\007 title" &&
	expect_status 0 bops log --json && safe out err &&
	expect_out_contains "\"author\":\"Eve\\u001b[2J\"" &&
	expect_out_contains "\"message\":\"fix \\u001b]0;PWNED\\u0007 title\""
'
test_case 'a bidi override in a value is escaped in every text output' '
	setup &&
	for c in "task list" "task show evil" "task board" "task backlog" \
	    "task log evil" "task list --fields id,title"; do
		expect_status 0 bops $c && safe out err &&
		expect_out_contains "Pay \\342\\200\\2561202 NVD" ||
		    { fail "bops $c"; return 1; }
	done
'
test_case 'JSON escapes a bidi override the JSON way' '
	setup &&
	expect_status 0 bops task show evil --json && safe out err &&
	expect_out_contains "\"title\":\"Pay \\u202e1202 NVD\""
'
test_case 'CSV and YAML keep the data for a pipe, escape it on a terminal' '
	setup &&
	expect_status 0 bops task list --csv --fields id,title &&
	grep -q "Pay ${rlo}1202 NVD" out &&
	expect_status 0 bops task show evil --yaml &&
	grep -q "Pay ${rlo}1202 NVD" out &&
	tty task list --csv --fields id,title && safe tty.out &&
	grep -q "Pay \\\\342\\\\200\\\\2561202 NVD" tty.out &&
	tty task show evil --yaml && safe tty.out
'
test_case 'a terminal with colour gets colour but no escapes from data' '
	setup &&
	for c in "task list" "task board" "log"; do
		tty $c && LC_ALL=C grep -q "Pay \\\\342\\\\200\\\\256\|Eve\\\\033" tty.out &&
		! LC_ALL=C grep -q -e "$bel" -e "$rlo" -e "$esc\]" \
		    -e "$esc\[2J" tty.out || { fail "bops $c"; return 1; }
	done &&
	tty task list && LC_ALL=C grep -q "$esc\[1m" tty.out
'
test_case 'summaries on stderr are escaped' '
	new_ws &&
	expect_status 0 bops task add "$(printf "Hi \342\200\256 there")" --id hi &&
	safe out err && expect_err_contains "Hi \\342\\200\\256 there" &&
	expect_status 0 bops task set hi "title=$(printf "x\342\201\246y")" &&
	safe out err && expect_err_contains "x\\342\\201\\246y"
'
test_case 'errors quote what was typed escaped' '
	new_ws &&
	expect_status 2 bops "$(printf "\033]0;PWNED\007")" && safe out err &&
	expect_err_contains "\\033]0;PWNED\\007" &&
	expect_status 2 bops "$(printf -- "--\033[2J")" && safe out err &&
	expect_status 2 bops task show "$(printf "\033[2J")" && safe out err &&
	expect_status 2 bops task list "$(printf "ti\033[2Jtle=x")" &&
	safe out err && expect_err_contains "ti\\033[2Jtle" &&
	expect_status 2 bops task frob "$(printf "\302\233")" && safe out err
'
test_case 'a value with escapes from a hand commit is refused, safely' '
	new_ws && mkdir -p tasks/ha &&
	printf "title: \"x\\\\e[2Jy\"\nstatus: not-started\n" \
	    >tasks/ha/hand.yaml &&
	git add tasks && git commit -qm "hand" &&
	expect_status 0 bops task list && safe out err &&
	expect_err_contains "control character U+001B" &&
	expect_status 1 bops check && safe out err
'
test_done
