#!/bin/sh
# A teammate with push access fills the shared remote with everything a
# hostile commit can hold: links at temp names and at record paths, a
# linked shard, a submodule, a directory where a record belongs, a file
# name that drives the terminal, a record over 1 MiB, one with 20,000
# keys, sprints that end before they start or last ten thousand years,
# objectives whose parents go round, a task whose key result is gone, a
# record that does not parse, an author whose name holds escape codes.
# The victim clones it and runs every read and write verb.  Nothing is
# written outside the workspace, nothing hangs (timeout), nothing crashes
# (no signal, no sanitizer report), and `bops check` names every problem.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

T=30
ESC=$(printf '\033')
BEL=$(printf '\007')

# canary: $HOME/canary and $HOME/outside/keep, outside every workspace.
canary() {
	echo canary >"$HOME/canary" && mkdir "$HOME/outside" &&
	echo keep >"$HOME/outside/keep"
}

outside_intact() {
	[ "$(cat "$HOME/canary")" = canary ] ||
	    { fail "the canary changed"; return 1; }
	[ "$(ls -A "$HOME/outside")" = keep ] &&
	    [ "$(cat "$HOME/outside/keep")" = keep ] ||
	    { fail "outside/ changed: $(ls -A "$HOME/outside")"; return 1; }
}

# poison: run in the teammate's workspace ./t: plant everything, commit
# with plain git (and one commit by a hostile author), push.
poison() {
	ln -s "$HOME/canary" tasks/pl/plan.yaml.bops-tmp &&
	ln -s "$HOME/canary" bops.yaml.bops-tmp &&
	mkdir -p tasks/ev tasks/di/dirrec.yaml tasks/ab tasks/bi tasks/ke \
	    tasks/kr sprints okrs &&
	ln -s /dev/zero tasks/ev/evil.yaml &&
	ln -s "$HOME/outside" tasks/sy &&
	echo x >tasks/di/dirrec.yaml/x &&
	printf "title: X\n" >"tasks/ab/${ESC}]0;PWNED${BEL}${ESC}[2Jx.yaml" &&
	python3 -c "print('title: Big\nnotes: ' + 'x' * 1100000)" \
	    >tasks/bi/bigrec.yaml &&
	python3 -c "
print('title: Keys')
for i in range(20000):
    print('x_k%d: v' % i)" >tasks/ke/keysrec.yaml &&
	printf "title: Dangling\nstatus: not-started\nkr: save/9\n" \
	    >tasks/kr/krdang.yaml &&
	printf "title: Broken\nstatus: [done\n" >tasks/kr/krbroke.yaml &&
	printf "title: Back\nstart: 2026-12-07\nend: 2026-11-01\n" \
	    >sprints/back.yaml &&
	printf "title: Forever\nstart: 0001-01-01\nend: 9999-12-31\n" \
	    >sprints/forever.yaml &&
	printf "title: Save\nkey_results:\n- id: 1\n  title: One\n  target: 10\n" \
	    >okrs/save.yaml &&
	printf "title: Self\nparent: self\n" >okrs/self.yaml &&
	printf "title: C1\nparent: c2\n" >okrs/c1.yaml &&
	printf "title: C2\nparent: c1\n" >okrs/c2.yaml &&
	printf "notes\n" >NOTES.md &&
	git add -A &&
	git update-index --add --cacheinfo \
	    160000,0123456789012345678901234567890123456789,tasks/gi/gitrec.yaml &&
	git commit -qm "teammate's change" &&
	printf "tree %s\nparent %s\nauthor Eve ${ESC}[2J <e@x> 1795424400 +0000\ncommitter Eve <e@x> 1795424400 +0000\n\n${ESC}]0;PWNED${BEL} bad \377\n" \
	    "$(git write-tree)" "$(git rev-parse HEAD)" >"$HOME/commit" &&
	git update-ref HEAD "$(git hash-object -t commit -w --literally \
	    "$HOME/commit")" &&
	git push -q origin main
}

# victim: the remote, poisoned; the victim's clone in ./v.
victim() {
	canary &&
	git init -q --bare -b main r.git &&
	BOPS_AUTHOR="$ANN" "$BOPS" -q init t &&
	git -C t remote add origin ../r.git &&
	(cd t && BOPS_AUTHOR="$ANN" "$BOPS" -q task add "Plan the launch" \
	    --id plan >/dev/null && poison) &&
	expect_status 0 timeout $T "$BOPS" clone r.git v ||
	    { fail "the victim could not clone"; cat err >&2; return 1; }
}

# survive ARGS: run bops ARGS in ./v under timeout; any exit status is
# fine but a hang, a signal or a sanitizer report; an escape byte never
# reaches the output.
survive() {
	(cd v && timeout $T "$BOPS" "$@" >../s.out 2>../s.err </dev/null)
	st=$?
	[ $st -ne 124 ] || { fail "bops $*: hung"; return 1; }
	[ $st -lt 128 ] || { fail "bops $*: killed by signal $((st - 128))";
	    sed 's/^/#   /' s.err >&2; return 1; }
	! grep -q -e "Sanitizer" -e "runtime error:" s.err ||
	    { fail "bops $*: sanitizer report"; sed 's/^/#   /' s.err >&2;
	    return 1; }
	! grep -q "$ESC" s.out s.err ||
	    { fail "bops $*: an escape reached the terminal"; return 1; }
	outside_intact || { fail "after bops $*"; return 1; }
}

test_case 'every read verb on the poisoned clone survives' '
	victim &&
	for cmd in "task list" "task list --json" "task list --csv" \
	    "task show plan" "task show evil" "task show bigrec" \
	    "task show keysrec" "task board" "task backlog" "task log plan" \
	    "log" "log --json" "okr list" "okr tree" "okr score" "okr stale" \
	    "okr show self" "sprint list" "sprint current" \
	    "sprint board back" "sprint burndown back" \
	    "sprint burndown forever" "sprint velocity" "conflicts" \
	    "conflicts --json" "check" "config" \
	    "task list --as-of 2026-11-22" "task list --as-of HEAD~1"; do
		# shellcheck disable=SC2086
		survive $cmd || return 1
	done
'

test_case 'every write verb on the poisoned clone survives' '
	victim &&
	export EDITOR=true &&
	for cmd in "task add New" "task set plan status=processing" \
	    "task move plan done" "task edit plan" "task set evil status=done" \
	    "task rm evil" "task set bigrec status=done" "task set keysrec \
	    priority=high" "task set krdang status=done" "task edit krbroke" \
	    "task rm krbroke" "okr checkin save/1 5" "okr measure" \
	    "okr kr add save Two target=2" "okr set self parent=" \
	    "sprint new" "sprint plan 2026-w48 plan" "sprint close back" \
	    "sprint start forever" "sync" "undo" "undo --any" \
	    "resolve plan status --take 1" "config board.wip.processing 4"; do
		# shellcheck disable=SC2086
		survive $cmd || return 1
	done &&
	cd v && git fsck --strict >/dev/null 2>&1 &&
	test -L tasks/pl/plan.yaml.bops-tmp && test -L bops.yaml.bops-tmp
'

test_case 'bops check names every problem the teammate planted' '
	victim &&
	cd v &&
	{ timeout $T "$BOPS" check >check.out 2>check.err; st=$?; } &&
	{ test $st -eq 1 || { fail "check exited $st"; cat check.err >&2;
	    return 1; }; } &&
	! grep -q "$ESC" check.out check.err &&
	for want in "tasks/ev/evil.yaml" "tasks/sy" "tasks/gi/gitrec.yaml" \
	    "tasks/di/dirrec.yaml" "tasks/ab/\\\\033]0;PWNED" \
	    "tasks/bi/bigrec.yaml" "tasks/kr/krdang.yaml" \
	    "tasks/kr/krbroke.yaml" "sprints/back.yaml" \
	    "sprints/forever.yaml" "okrs/self.yaml" "okrs/c1.yaml"; do
		grep -qF -- "$(printf "%s" "$want" | sed "s/\\\\\\\\/\\\\/g")" \
		    check.out || { fail "check does not name $want";
		    sed "s/^/#   /" check.out >&2; return 1; }
	done &&
	grep -q "krdang.yaml: kr .save/9.: no such key result" check.out &&
	grep -q "parent .* makes a cycle" check.out &&
	outside_intact
'

test_case 'a hostile config: every command says why, nothing is written' '
	canary &&
	new_ws &&
	sed -i "s/^  - done\$/  - done\n  - done/" bops.yaml &&
	sed -i "s/^    processing: 3\$/    processing: -3/" bops.yaml &&
	git commit -q -a -m "hostile config" &&
	n=$(commits) &&
	for cmd in "task list" "task add X" "okr tree" "sprint new" "log"; do
		# shellcheck disable=SC2086
		timeout $T "$BOPS" $cmd >out 2>err
		st=$?
		{ test $st -ne 124 && test $st -lt 128; } ||
		    { fail "bops $cmd: exit $st"; return 1; }
	done &&
	test "$(commits)" = "$n" &&
	expect_status 1 bops check &&
	expect_out_contains "bops.yaml:" &&
	outside_intact
'

test_done
