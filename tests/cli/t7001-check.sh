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
test_done
