#!/bin/sh
# Every write checks what it is about to commit against the whole YAML
# profile, as a later read would: a record or bops.yaml whose canonical
# bytes would not read back (over 1 MiB, a control character...) is
# refused with exit 4 and a `path: message` line, and nothing is written.
. "$(dirname "$0")/lib.sh"

# commit a hand edit with git
hand_commit() { git add -A && git commit -qm "${1:-by hand}"; }

# unchanged: no new commit since $n, and a clean work tree.
unchanged() {
	test "$(commits)" = "$n" ||
	    { fail "a commit was made"; return 1; }
	test -z "$(git status --porcelain -- tasks okrs sprints bops.yaml)" ||
	    { fail "the work tree changed"; return 1; }
}

test_case 'tags that would grow a task past 1 MiB are refused' '
	new_ws && bops -q task add Big --id big >/dev/null &&
	big=$(head -c 120000 /dev/zero | tr "\0" a) &&
	for i in 1 2 3 4 5 6 7 8; do
		bops -q task set big "tags+=$i$big" >/dev/null ||
		    { fail "set $i failed"; return 1; }
	done &&
	cp tasks/bi/big.yaml ../before && n=$(commits) &&
	{ bops task set big "tags+=9$big" >out 2>err; test $? = 4; } &&
	expect_err_contains "bops: tasks/bi/big.yaml: too large to write (" &&
	expect_err_contains " bytes, at most 1048576)" &&
	test ! -s out && unchanged && cmp ../before tasks/bi/big.yaml &&
	expect_status 0 bops task show big &&
	expect_status 0 bops task list && expect_out_contains "Big" &&
	ws_clean &&
	expect_status 0 bops task rm big && ws_clean
'
test_case 'a control character in a value is refused with the path' '
	new_ws && bops -q task add Note --id note >/dev/null && n=$(commits) &&
	expect_status 4 bops task set note "notes=a$(printf "\033")b" &&
	expect_err_contains "bops: tasks/no/note.yaml: cannot emit value of '"'"'notes'"'"': control character U+001B" &&
	unchanged &&
	expect_status 4 bops task set note "x_raw=$(printf "\001")" &&
	expect_err_contains "bops: tasks/no/note.yaml: cannot emit value of '"'"'x_raw'"'"': control character U+0001" &&
	unchanged && ws_clean
'
test_case 'a config whose canonical form passes 1 MiB is refused' '
	new_ws &&
	{ printf "name: big\ndeal:\n  stages:\n  - won\n  - lost\n" &&
	  awk "BEGIN { for (i = 100000; i < 190000; i++) print \"  - \" i }"
	} >bops.yaml && hand_commit &&
	test "$(wc -c <bops.yaml)" -lt 1048576 &&
	expect_status 0 bops check &&
	cp bops.yaml ../before && n=$(commits) &&
	expect_status 4 bops config name small &&
	expect_err_contains "bops: bops.yaml: too large to write (" &&
	unchanged && cmp ../before bops.yaml
'
test_case 'undo refuses to bring back a config that would not read back' '
	new_ws &&
	sed -i "s/^timezone: .*/timezone: Mars\/Olympus/" bops.yaml &&
	hand_commit && expect_status 1 bops check &&
	expect_status 0 bops config timezone UTC &&
	expect_status 0 bops check &&
	cp bops.yaml ../before && n=$(commits) &&
	expect_status 4 bops undo &&
	expect_err_contains "bops.yaml: would not read back (" &&
	expect_err_contains "unknown time zone '"'"'Mars/Olympus'"'"'" &&
	unchanged && cmp ../before bops.yaml && ws_clean
'
test_done
