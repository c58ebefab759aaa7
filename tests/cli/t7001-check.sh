#!/bin/sh
# bops check: every record, the config and the work tree; exit 1 on problems.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	for t in good bad; do
		"$BOPS" task add "Task $t" --id $t >/dev/null 2>&1 || return 1
	done
}

# commit a hand edit with git
hand_commit() { git add -A tasks bops.yaml && git commit -qm "${1:-by hand}"; }
# commit every record and bops.yaml as they are
commit_all() {
	for p in tasks okrs sprints bops.yaml; do
		[ ! -e "$p" ] || git add -A "$p" || return 1
	done
	git commit -qm "${1:-by hand}"
}

test_case 'a sound workspace checks clean and silent' '
	setup &&
	expect_status 0 bops check && test ! -s out && test ! -s err
'
test_case 'a hand-broken committed record: exit 1 and a path:line:col line' '
	setup &&
	sed -i "s/^status: .*/status: finished/" tasks/ba/bad.yaml && hand_commit &&
	expect_status 1 bops check &&
	expect_out "tasks/ba/bad.yaml:2:9: '"'"'status'"'"' '"'"'finished'"'"' is not one of: not-started, processing, done" &&
	test "$(cat err)" = "1 problem found"
'
test_case 'each YAML profile violation is found with its position' '
	setup &&
	printf "title: x\ntitle: y\nstatus: done\n" >tasks/ba/bad.yaml &&
	printf "title: &a x\nstatus: *a\n" >tasks/go/good.yaml &&
	hand_commit && expect_status 1 bops check &&
	expect_out "tasks/ba/bad.yaml:2:1: duplicate key '"'"'title'"'"'
tasks/go/good.yaml:1:8: anchor not allowed" &&
	printf "title: x\n<<<<<<< HEAD\nstatus: done\n" >tasks/ba/bad.yaml &&
	printf "title: x\001\nstatus: done\n" >tasks/go/good.yaml &&
	hand_commit && expect_status 1 bops check &&
	expect_out "tasks/ba/bad.yaml:2:1: merge conflict marker
tasks/go/good.yaml:1:9: control character U+0001" &&
	test "$(cat err)" = "2 problems found"
'
test_case 'an unknown field and broken YAML are found' '
	setup &&
	printf "title: x\nstatus: done\ncolour: red\n" >tasks/ba/bad.yaml &&
	printf "title: [x\n" >tasks/go/good.yaml && hand_commit &&
	expect_status 1 bops check &&
	grep -q "^tasks/ba/bad.yaml:3:1: unknown field '"'"'colour'"'"'$" out &&
	grep -q "^tasks/go/good.yaml:[0-9]*:[0-9]*: " out
'
test_case 'every problem in a record is reported, each at its place' '
	setup &&
	printf "%s\n" "title: Task bad" "status: finished" "colour: red" \
	    "due: 2026-02-30" "estimate: lots" "tags: [a, b]" \
	    "created: 2026-11-23T09:00:00Z" >tasks/ba/bad.yaml &&
	hand_commit && expect_status 1 bops check &&
	expect_out "tasks/ba/bad.yaml:2:9: '"'"'status'"'"' '"'"'finished'"'"' is not one of: not-started, processing, done
tasks/ba/bad.yaml:3:1: unknown field '"'"'colour'"'"'
tasks/ba/bad.yaml:4:6: '"'"'due'"'"' must be a date YYYY-MM-DD
tasks/ba/bad.yaml:5:11: '"'"'estimate'"'"' must be a number" &&
	test "$(cat err)" = "4 problems found" &&
	expect_status 4 bops task show bad &&
	test "$(wc -l <err)" -eq 1
'
test_case 'problems in sub-records and lists are all reported too' '
	new_ws &&
	bops -q okr add Save --id save >/dev/null &&
	bops -q okr kr add save "Serve meals" target=1000 >/dev/null &&
	printf "%s\n" "title: Save" "status: gone" "key_results:" \
	    "- id: 1" "  title: Serve meals" "  target: many" "  shade: blue" \
	    "- id: 1" "  title: Again" "  target: 5" "  direction: sideways" \
	    >okrs/save.yaml &&
	commit_all && expect_status 1 bops check &&
	expect_out "okrs/save.yaml:2:9: '"'"'status'"'"' '"'"'gone'"'"' is not one of: draft, active, achieved, missed, dropped
okrs/save.yaml:6:11: '"'"'target'"'"' must be a number
okrs/save.yaml:7:3: unknown field '"'"'shade'"'"'
okrs/save.yaml:8:3: duplicate key_results id '"'"'1'"'"'
okrs/save.yaml:11:14: '"'"'direction'"'"' '"'"'sideways'"'"' is not one of: up, down"
'
test_case 'a file that does not parse reports only where parsing stopped' '
	setup &&
	printf "title: [x\nstatus: finished\ncolour: red\n" >tasks/ba/bad.yaml &&
	hand_commit && expect_status 1 bops check &&
	test "$(wc -l <out)" -eq 1 &&
	grep -q "^tasks/ba/bad.yaml:[0-9]*:[0-9]*: " out &&
	test "$(cat err)" = "1 problem found"
'
test_case 'an uncommitted hand edit is found' '
	setup &&
	printf "x_note: mine\n" >>tasks/go/good.yaml &&
	cp tasks/go/good.yaml ../hand &&
	expect_status 1 bops check &&
	expect_out "tasks/go/good.yaml: uncommitted change in the work tree" &&
	cmp ../hand tasks/go/good.yaml
'
test_case 'an uncommitted edit of bops.yaml is found' '
	setup && echo "# mine" >>bops.yaml &&
	expect_status 1 bops check &&
	expect_out "bops.yaml: uncommitted change in the work tree"
'
test_case 'a record file not committed is found' '
	setup && mkdir -p tasks/ne && cp tasks/go/good.yaml tasks/ne/new.yaml &&
	expect_status 1 bops check &&
	expect_out "tasks/ne/new.yaml: not committed (add it with git, or remove it)"
'
test_case 'a record in the wrong place is found' '
	setup && git mv tasks/go/good.yaml tasks/good.yaml && hand_commit &&
	expect_status 1 bops check &&
	expect_out "tasks/good.yaml: not a task record file (want tasks/<xx>/<id>.yaml)"
'
test_case 'a broken committed bops.yaml is found' '
	setup &&
	printf "timezone: [\n" >>bops.yaml && hand_commit &&
	expect_status 1 bops check &&
	grep -q "^bops.yaml:[0-9]*:[0-9]*: " out
'
test_case 'an invalid value in bops.yaml is found' '
	setup &&
	sed -i "s/^timezone: .*/timezone: Mars\/Olympus/" bops.yaml && hand_commit &&
	expect_status 1 bops check &&
	expect_out_contains "bops.yaml:" &&
	expect_out_contains "unknown time zone '"'"'Mars/Olympus'"'"'"
'
test_case 'every problem in bops.yaml is reported' '
	setup &&
	sed -i -e "s/^name: .*/&\ncolour: red/" \
	    -e "s/^  - processing$/&\n  - done/" \
	    -e "s/^    processing: 3$/    processing: -1/" bops.yaml &&
	commit_all && expect_status 1 bops check &&
	expect_out "bops.yaml:6:1: unknown field '"'"'colour'"'"'
bops.yaml:18:5: '"'"'columns'"'"' lists '"'"'done'"'"' twice
bops.yaml:21:17: '"'"'processing'"'"' must be at least 0" &&
	test "$(cat err)" = "3 problems found" &&
	git revert --no-edit HEAD >/dev/null &&
	sed -i -e "s/^timezone: .*/timezone: Mars\/Olympus/" \
	    -e "s/^    processing: 3$/&\n    review: 2/" bops.yaml &&
	commit_all && expect_status 1 bops check &&
	expect_out "bops.yaml:8:11: unknown time zone '"'"'Mars/Olympus'"'"'
bops.yaml:20:5: board.wip.review: no such column in board.columns"
'
test_case 'check writes nothing' '
	setup &&
	sed -i "s/^status: .*/status: finished/" tasks/ba/bad.yaml && hand_commit &&
	n=$(commits) && expect_status 1 bops check &&
	test "$(commits)" = "$n" && test -z "$(git status --porcelain -- tasks)"
'
test_case 'after a fix check is clean again' '
	setup &&
	sed -i "s/^status: .*/status: finished/" tasks/ba/bad.yaml && hand_commit &&
	sed -i "s/^status: .*/status: done/" tasks/ba/bad.yaml && hand_commit fix &&
	expect_status 0 bops check && ws_clean
'
test_case 'check takes no arguments' '
	setup && expect_status 2 bops check tasks && expect_err_contains "usage:"
'
test_case 'check reports a reference to a removed record' '
	new_ws &&
	bops -q okr add Parent --id parent >/dev/null &&
	bops -q okr add Child --id child parent=parent >/dev/null &&
	expect_status 0 bops check &&
	bops -q okr rm parent >/dev/null &&
	expect_status 1 bops check &&
	expect_out "okrs/child.yaml: parent '"'"'parent'"'"': no such okr"
'
test_case 'check reports a task whose key result is gone' '
	new_ws &&
	bops -q okr add Save --id save >/dev/null &&
	bops -q okr kr add save "Serve meals" target=10 >/dev/null &&
	bops -q okr kr add save "Cook" target=5 >/dev/null &&
	bops -q task add Cook kr=save/2 --id cook >/dev/null &&
	bops -q task add Serve kr=save/1 --id serve >/dev/null &&
	expect_status 0 bops check &&
	awk "/^- id: 2\$/ { skip = 1; next } /^- / { skip = 0 } !skip" \
	    okrs/save.yaml >x && mv x okrs/save.yaml &&
	commit_all && grep -q "^- id: 1$" okrs/save.yaml &&
	expect_status 1 bops check &&
	expect_out "tasks/co/cook.yaml: kr '"'"'save/2'"'"': no such key result" &&
	git rm -q okrs/save.yaml && commit_all &&
	expect_status 1 bops check &&
	expect_out "tasks/co/cook.yaml: kr '"'"'save/2'"'"': no such okr
tasks/se/serve.yaml: kr '"'"'save/1'"'"': no such okr"
'
test_case 'check reports objective parent cycles made by hand' '
	new_ws &&
	for o in a b c d; do bops -q okr add "Objective $o" --id $o >/dev/null; done &&
	bops -q okr set c parent=b >/dev/null &&
	bops -q okr set d parent=c >/dev/null &&
	expect_status 0 bops check &&
	sed -i "s/^status:/parent: a\nstatus:/" okrs/a.yaml &&
	sed -i "s/^status:/parent: c\nstatus:/" okrs/b.yaml &&
	commit_all &&
	expect_status 1 bops check &&
	expect_out "okrs/a.yaml:3:9: parent '"'"'a'"'"' is the objective itself
okrs/b.yaml: parent '"'"'c'"'"' makes a cycle: b -> c -> b" &&
	expect_status 4 bops okr show a &&
	expect_status 0 bops okr tree &&
	expect_err_contains "parent '"'"'a'"'"' is the objective itself"
'
test_case 'check reports repeated board columns and a negative WIP limit' '
	new_ws &&
	sed -i "s/^  - processing$/  - processing\n  - done/" bops.yaml &&
	commit_all &&
	expect_status 1 bops check &&
	expect_out "bops.yaml:17:5: '"'"'columns'"'"' lists '"'"'done'"'"' twice" &&
	git revert --no-edit HEAD >/dev/null &&
	expect_status 0 bops check &&
	sed -i "s/^    processing: 3$/    processing: -1/" bops.yaml &&
	commit_all &&
	expect_status 1 bops check &&
	expect_out_contains "bops.yaml:" &&
	expect_out_contains "'"'"'processing'"'"' must be at least 0" &&
	git revert --no-edit HEAD >/dev/null && n=$(commits) &&
	expect_status 2 bops config board.wip.processing -1 &&
	expect_err_contains "must be at least 0" &&
	expect_status 2 bops config board.columns todo,doing,todo &&
	expect_err_contains "'"'"'columns'"'"' lists '"'"'todo'"'"' twice" &&
	test "$(commits)" = "$n" && ws_clean
'
test_done
