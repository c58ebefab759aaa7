#!/bin/sh
# Standard output and standard error sent to one pipe or file (`bops task
# add x 2>&1 | cat`) come out in the order bops wrote them, as on a
# terminal: the id first, then the summary, then any warning or error.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# both COMMAND...: run COMMAND with stdout and stderr into one file,
# ./both; its exit status is kept in $st.
both() {
	"$@" >both 2>&1
	st=$?
}

# expect_both TEXT: ./both must equal TEXT.
expect_both() {
	printf '%s\n' "$1" >expected
	cmp -s expected both || {
		fail "combined output differs:"
		diff -u expected both | sed 's/^/#   /' >&2
		return 1
	}
}

test_case 'add: the id, then the summary' '
	new_ws &&
	both bops task add "Gọi lại bếp bệnh viện" --id kitchen && test $st = 0 &&
	expect_both "kitchen
added task kitchen: Gọi lại bếp bệnh viện"
'

test_case 'the same through a pipe' '
	new_ws &&
	bops task add "Skapa annonsgrupper" --id ads 2>&1 | cat >both &&
	expect_both "ads
added task ads: Skapa annonsgrupper"
'

test_case 'plan: the ids, the summary, then the warning' '
	new_ws &&
	bops -q task add "Landing page" --id landing estimate=5 >/dev/null &&
	bops -q task add "Chat script" --id chat estimate=3 >/dev/null &&
	bops -q sprint new capacity=6 >/dev/null &&
	both bops sprint plan 2026-w48 landing chat && test $st = 0 &&
	expect_both "landing
chat
sprint 2026-w48: plan 2 tasks
bops: warning: sprint '"'"'2026-w48'"'"' holds 8 points, over its capacity of 6"
'

test_case 'grade: the id, the summary, then the grades' '
	new_ws &&
	bops -q okr add "Save the world" --id world >/dev/null &&
	bops -q okr kr add world Meals target=1000 >/dev/null &&
	bops -q okr checkin world/1 700 >/dev/null &&
	both bops okr grade world --force && test $st = 0 &&
	expect_both "world
okr world: graded 0.70, achieved
  ✓ world/1 0.70  Meals"
'

test_case 'sync: the ids, then what did not validate, then the error' '
	two_clones &&
	a -q task add "Good one" --id good >/dev/null &&
	printf "title: X\nstatus: nonsense\n" >a/tasks/br/brief.yaml &&
	git -C a commit -q -a -m "hand edit" &&
	git -C a push -q origin main 2>/dev/null &&
	both b sync && test $st = 4 &&
	sed -n 1,2p both >ids && printf "brief\ngood\n" >want &&
	cmp -s want ids || { fail "the ids do not come first:";
	    sed "s/^/#   /" both >&2; return 1; }
	sed -n 3p both | grep -q "^bops: tasks/br/brief.yaml:2:9: " ||
	    { fail "the invalid record is not the third line:";
	    sed "s/^/#   /" both >&2; return 1; }
	tail -n 1 both | grep -q "^bops: sync: merged, but nothing pushed" ||
	    { fail "the error is not last:"; sed "s/^/#   /" both >&2;
	    return 1; }
'

test_case 'a summary that cannot flush the id still names stdout' '
	new_ws &&
	"$BOPS" task add "Unprinted" --id unprinted >/dev/full 2>err
	test $? = 6 || { fail "add >/dev/full did not exit 6"; return 1; }
	grep -qx "bops: write to standard output: No space left on device" err ||
	    { fail "stderr:"; sed "s/^/#   /" err >&2; return 1; }
'

test_done
