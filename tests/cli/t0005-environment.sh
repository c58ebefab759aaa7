#!/bin/sh
# The environment bops reads is checked: a value it cannot use is a
# usage error (exit 2) that names the variable and the form it wants,
# never silently replaced by a default.
. "$(dirname "$0")/lib.sh"

test_case 'BOPS_LOCK_TIMEOUT that is not a number of seconds is exit 2' '
	new_ws && n=$(commits) &&
	for v in abc -1 " 5" "5 " 1e3 inf nan 0x10 86401 5s . 1. .5 "1,5"; do
		BOPS_LOCK_TIMEOUT=$v expect_status 2 bops task add "Hello" &&
		expect_err_contains "BOPS_LOCK_TIMEOUT" &&
		expect_err_contains "seconds from 0 to 86400" &&
		test ! -s out && test "$(commits)" = "$n" ||
		    { fail "BOPS_LOCK_TIMEOUT=$v"; return 1; }
	done &&
	BOPS_LOCK_TIMEOUT=abc expect_status 2 bops task list &&
	ws_clean
'
test_case 'BOPS_LOCK_TIMEOUT takes whole and fractional seconds' '
	new_ws &&
	for v in 0 0.5 10 86400 ""; do
		BOPS_LOCK_TIMEOUT=$v expect_status 0 bops task add "T $v" ||
		    { fail "BOPS_LOCK_TIMEOUT=$v"; return 1; }
	done && ws_clean
'
test_case 'a malformed BOPS_AUTHOR or BOPS_NOW stops reads as well (exit 2)' '
	new_ws && bops task add "T" --id t >/dev/null 2>&1 &&
	BOPS_AUTHOR="nobody" expect_status 2 bops task list &&
	expect_err_contains "BOPS_AUTHOR" &&
	BOPS_NOW=yesterday expect_status 2 bops task show t &&
	expect_err_contains "BOPS_NOW" &&
	BOPS_NOW=yesterday expect_status 2 bops log &&
	BOPS_AUTHOR= expect_status 0 bops task list
'
test_case 'help and version need no environment' '
	BOPS_LOCK_TIMEOUT=abc BOPS_NOW=x BOPS_AUTHOR=y \
	    expect_status 0 bops version &&
	BOPS_LOCK_TIMEOUT=abc expect_status 0 bops help task
'
test_case 'a BOPS_DIR that is not there is exit 6, naming BOPS_DIR' '
	BOPS_DIR=$PWD/nowhere expect_status 6 bops task list &&
	expect_err_contains "bops: BOPS_DIR: cannot use" && expect_err_contains "nowhere" &&
	touch file && BOPS_DIR=$PWD/file expect_status 6 bops task list &&
	expect_err_contains "bops: BOPS_DIR: not a bops workspace" &&
	new_ws && cd .. &&
	BOPS_DIR=$PWD/ws expect_status 0 bops task list &&
	BOPS_DIR= expect_status 6 bops task list &&
	! grep -q "bops: BOPS_DIR" err
'
test_case 'a blank VISUAL or EDITOR counts as unset' '
	new_ws && bops task add "T" --id t >/dev/null 2>&1 &&
	printf "#!/bin/sh\nsed -i s/^title:.*/title:\\\\ Edited/ \"\$1\"\n" \
	    >../ed.sh && chmod +x ../ed.sh &&
	VISUAL=" " EDITOR="$PWD/../ed.sh" expect_status 0 bops task edit t &&
	grep -qx "title: Edited" tasks/t/t.yaml &&
	VISUAL="$PWD/../ed.sh" EDITOR="	" expect_status 0 bops task edit t &&
	VISUAL=" " EDITOR=" " expect_status 6 bops task edit t </dev/null &&
	expect_err_contains "no editor" && ws_clean
'
test_case 'NO_COLOR with any value, and TZ, change nothing else' '
	new_ws && bops task add "T" --id t due=2026-11-30 >/dev/null 2>&1 &&
	bops task list >../plain &&
	NO_COLOR=0 expect_status 0 bops task list && cmp ../plain out &&
	TZ=Nowhere/Garbage expect_status 0 bops task list && cmp ../plain out
'
test_done
