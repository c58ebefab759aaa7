#!/bin/sh
# Ids are checked against the whitelist [a-z0-9][a-z0-9-]{0,63} (upper
# case folded) before they reach a file name, and a refused id writes
# nothing.  Exit statuses:
#   add --id BAD                      2 (a malformed argument)
#   show/set/rm/edit/log/move BAD     2 (malformed, never looked up)
#   show/set/rm ... of a well-formed id that names no record: 3
#   `-rf` is taken as an option by every verb: 2 ("unknown option")
. "$(dirname "$0")/lib.sh"

LONG=a123456789b123456789c123456789d123456789e123456789f123456789abcd
TAB=$(printf 'a\tb')
NL=$(printf 'a\nb')

# hostile: one id per line is not possible (one holds a newline), so
# each caller loops over the positional parameters set here.
set_hostile() {
	set -- '../x' '-rf' '$(touch f)' '`touch f`' 'a/b' '..' '.' '' \
	    "${LONG}e" '/etc/passwd' 'x/../../y' '~root' 'a b' 'a_b' 'a.b' \
	    '-' '-x' 'é' "$TAB" "$NL" '../X' 'A/B' 'x;touch f' 'x|touch f' \
	    '*' '?'
	hostile_n=$#
	i=0
	for h in "$@"; do
		i=$((i + 1))
		eval "hostile_$i=\$h"
	done
}

# snapshot NAME: the list of files and their bytes (but the cache and
# expect_status's out and err), and the object count, to $HOME/NAME.
snapshot() {
	{
		find . -path ./.git/bops -prune -o ! -name out ! -name err \
		    -print | LC_ALL=C sort
		find . -path ./.git/bops -prune -o -type f ! -name out \
		    ! -name err -print | LC_ALL=C sort | xargs cksum
		git count-objects -v
	} >"$HOME/$1" 2>&1
}

# unchanged: nothing was written since the snapshot "before", and no file
# named f appeared anywhere.
unchanged() {
	snapshot after
	cmp -s "$HOME/before" "$HOME/after" ||
	    { fail "$1 wrote something:";
	    diff "$HOME/before" "$HOME/after" | head | sed 's/^/#   /' >&2;
	    return 1; }
	s=$(find "$HOME" -name f)
	[ -z "$s" ] || { fail "$1 ran a command: $s exists"; return 1; }
}

hostile_add_refused() {
	new_ws || return 1
	bops task add "a record" >/dev/null 2>&1 || return 1
	set_hostile
	snapshot before
	i=0
	while [ $i -lt $hostile_n ]; do
		i=$((i + 1))
		eval "h=\$hostile_$i"
		expect_status 2 bops task add "hostile $i" --id "$h" ||
		    { fail "id #$i"; return 1; }
		expect_status 2 bops task add "hostile $i" "--id=$h" ||
		    { fail "id #$i"; return 1; }
		unchanged "add --id #$i" || return 1
	done
	# The message shows the id harmlessly: no raw control character.
	expect_status 2 bops task add x --id "$TAB" &&
	expect_err_contains 'invalid id' || return 1
	[ "$(wc -l <err)" -eq 1 ] ||
	    { fail "a raw newline or tab in the message"; return 1; }
	expect_status 2 bops task add x --id "$NL" &&
	[ "$(wc -l <err)" -eq 1 ] || { fail "a raw newline in the message"; return 1; }
	ws_clean
}

hostile_lookup_refused() {
	new_ws || return 1
	id=$(bops task add "a record" 2>/dev/null) || return 1
	export EDITOR=true
	set_hostile
	snapshot before
	i=0
	while [ $i -lt $hostile_n ]; do
		i=$((i + 1))
		eval "h=\$hostile_$i"
		for verb in show log rm edit start done; do
			expect_status 2 bops task $verb "$h" ||
			    { fail "id #$i"; return 1; }
		done
		expect_status 2 bops task set "$h" priority=high &&
		expect_status 2 bops task move "$h" done &&
		expect_status 2 bops task rank "$id" --before "$h" ||
		    { fail "id #$i"; return 1; }
	done
	unchanged "a lookup of a hostile id" && ws_clean
}

# After `--`, `-rf` is an id, and still refused.
dash_dash_id_refused() {
	new_ws || return 1
	snapshot before
	expect_status 2 bops task show -- -rf &&
	expect_err_contains "invalid id '-rf'" &&
	expect_status 2 bops task rm -- -rf &&
	unchanged "-- -rf"
}

well_formed_unknown_id_not_found() {
	new_ws || return 1
	bops task add "a record" >/dev/null 2>&1 || return 1
	snapshot before
	for verb in show log rm; do
		expect_status 3 bops task $verb no-such-record &&
		expect_err_contains "no task 'no-such-record'" || return 1
	done
	expect_status 3 bops task set no-such-record priority=high &&
	unchanged "an unknown id"
}

slug_limits() {
	new_ws || return 1
	before=$(commits)
	expect_status 0 bops task add "sixty-four" --id "$LONG" &&
	expect_out "$LONG" || return 1
	[ -f "tasks/a1/$LONG.yaml" ] || { fail "no tasks/a1/$LONG.yaml"; return 1; }
	expect_status 0 bops task add "one" --id 7 && expect_out 7 || return 1
	[ -f tasks/7/7.yaml ] || [ -f tasks/7.yaml ] ||
	    { fail "no file for id 7"; ls -R tasks >&2; return 1; }
	[ "$(commits)" -eq $((before + 2)) ] || return 1
	ws_clean
}

upper_case_folded() {
	new_ws || return 1
	expect_status 0 bops task add "folded" --id ABC-1 &&
	expect_out abc-1 || return 1
	[ -f tasks/ab/abc-1.yaml ] || { fail "no tasks/ab/abc-1.yaml"; return 1; }
	[ -z "$(find . -name 'ABC*')" ] || { fail "an upper-case file"; return 1; }
	expect_status 0 bops task show ABC-1 && expect_out_contains abc-1 &&
	expect_status 0 bops task set Abc-1 priority=high &&
	expect_out abc-1 &&
	expect_status 5 bops task add "again" --id abc-1 &&
	expect_err_contains "already exists" &&
	ws_clean
}

test_case 'add --id refuses hostile ids and writes nothing' \
    hostile_add_refused
test_case 'show/set/rm/edit/log/move refuse hostile ids and write nothing' \
    hostile_lookup_refused
test_case 'an id after -- is still checked' dash_dash_id_refused
test_case 'a well-formed id that names nothing exits 3' \
    well_formed_unknown_id_not_found
test_case 'a 64-character slug and a one-character slug are ids' slug_limits
test_case 'upper case is folded: --id ABC-1 makes abc-1' upper_case_folded
test_done
