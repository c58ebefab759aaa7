#!/bin/sh
# bops task edit ID: $EDITOR, validated; without a TTY an invalid edit aborts.
. "$(dirname "$0")/lib.sh"

# editor NAME SED-SCRIPT: write an editor script ../NAME that runs sed on
# the file it is given.
editor() {
	printf '#!/bin/sh\nsed -i -e "%s" "$1"\n' "$2" >"$HOME/$1" &&
	chmod +x "$HOME/$1"
}

setup() {
	new_ws &&
	"$BOPS" task add "Brief" --id brief priority=high due=2026-12-01 \
	    >/dev/null 2>&1 &&
	cp tasks/br/brief.yaml "$HOME/before"
}

# nothing changed: no commit, the file as before, no temp file left
unchanged() {
	test "$(commits)" = "$1" && cmp tasks/br/brief.yaml "$HOME/before" &&
	test -z "$(ls .git/bops | grep "^edit-")"
}

test_case 'a valid edit is committed' '
	setup && n=$(commits) &&
	editor ed "s/^title: .*/title: Brief v2/" &&
	EDITOR="$HOME/ed" expect_status 0 bops task edit brief </dev/null &&
	expect_out brief &&
	test "$(git log -1 --format=%s)" = "task brief: title Brief -> Brief v2" &&
	test "$(commits)" = $((n + 1)) &&
	grep -q "^title: Brief v2$" tasks/br/brief.yaml &&
	test -z "$(ls .git/bops | grep "^edit-")" && ws_clean
'
test_case 'the editor gets the canonical record file' '
	setup &&
	printf "#!/bin/sh\ncp \"\$1\" \"$HOME/seen\"\n" >"$HOME/ed" &&
	chmod +x "$HOME/ed" &&
	EDITOR="$HOME/ed" expect_status 0 bops task edit brief </dev/null &&
	cmp "$HOME/seen" tasks/br/brief.yaml
'
test_case 'deleting a line clears the field' '
	setup &&
	editor ed "/^due:/d" &&
	EDITOR="$HOME/ed" expect_status 0 bops task edit brief </dev/null &&
	test "$(git log -1 --format=%s)" = "task brief: due cleared" && ws_clean
'
test_case 'VISUAL wins over EDITOR' '
	setup &&
	editor vis "s/^priority: .*/priority: low/" &&
	EDITOR=false VISUAL="$HOME/vis" \
	    expect_status 0 bops task edit brief </dev/null &&
	grep -q "^priority: low$" tasks/br/brief.yaml
'
test_case 'an invalid edit without a TTY exits 4 and writes nothing' '
	setup && n=$(commits) &&
	editor ed "s/^priority: .*/priority: someday/" &&
	EDITOR="$HOME/ed" expect_status 4 bops task edit brief </dev/null &&
	expect_err_contains "bops: tasks/br/brief.yaml:3:11: " &&
	expect_err_contains "'"'"'someday'"'"' is not one of" &&
	test ! -s out && unchanged "$n" && ws_clean
'
test_case 'broken YAML from the editor exits 4 with line and column' '
	setup && n=$(commits) &&
	editor ed "s/^title: .*/title: [unclosed/" &&
	EDITOR="$HOME/ed" expect_status 4 bops task edit brief </dev/null &&
	grep -q "^bops: tasks/br/brief.yaml:[0-9]*:[0-9]*: " err &&
	unchanged "$n" && ws_clean
'
test_case 'an unknown field from the editor exits 4' '
	setup && n=$(commits) &&
	printf "#!/bin/sh\necho colour: red >>\"\$1\"\n" >"$HOME/ed" &&
	chmod +x "$HOME/ed" &&
	EDITOR="$HOME/ed" expect_status 4 bops task edit brief </dev/null &&
	expect_err_contains "colour" && unchanged "$n" && ws_clean
'
test_case 'a read-only field changed in the editor is refused (exit 4)' '
	setup && n=$(commits) &&
	editor ed "s/^created: .*/created: 2020-01-01T00:00:00Z/" &&
	EDITOR="$HOME/ed" expect_status 4 bops task edit brief </dev/null &&
	expect_err_contains "field '"'"'created'"'"' is set by bops and cannot be changed" &&
	unchanged "$n" && ws_clean
'
test_case 'an unchanged file commits nothing' '
	setup && n=$(commits) &&
	EDITOR=true expect_status 0 bops task edit brief </dev/null &&
	expect_out brief && expect_err_contains "task brief: no change" &&
	unchanged "$n" && ws_clean
'
test_case 'a failing editor exits 6 and writes nothing' '
	setup && n=$(commits) &&
	EDITOR=false expect_status 6 bops task edit brief </dev/null &&
	expect_err_contains "the editor '"'"'false'"'"' failed; nothing was changed" &&
	unchanged "$n" && ws_clean
'
test_case 'edit of an unknown id exits 3 without running the editor' '
	setup &&
	printf "#!/bin/sh\ntouch \"$HOME/ran\"\n" >"$HOME/ed" && chmod +x "$HOME/ed" &&
	EDITOR="$HOME/ed" expect_status 3 bops task edit nothing </dev/null &&
	test ! -e "$HOME/ran"
'
test_case 'edit of a hand-edited uncommitted record is refused (exit 5)' '
	setup &&
	printf "x_note: by hand\n" >>tasks/br/brief.yaml &&
	cp tasks/br/brief.yaml "$HOME/hand" && n=$(commits) &&
	editor ed "s/^priority: .*/priority: low/" &&
	EDITOR="$HOME/ed" expect_status 5 bops task edit brief </dev/null &&
	expect_err_contains "uncommitted" &&
	test "$(commits)" = "$n" && cmp tasks/br/brief.yaml "$HOME/hand"
'
test_case 'edit needs exactly one id' '
	setup &&
	EDITOR=true expect_status 2 bops task edit && expect_err_contains "usage:"
'
test_case 'on a TTY an invalid edit is re-opened, keeping the text' '
	need script || exit 1
	setup && n=$(commits) &&
	cat >"$HOME/ed" <<-\EOF &&
	#!/bin/sh
	n=$(cat "$HOME/count" 2>/dev/null || echo 0); n=$((n + 1))
	echo $n >"$HOME/count"
	if [ $n = 1 ]; then
		sed -i -e "s/^priority: .*/priority: someday/" -e "s/^title: .*/title: Kept/" "$1"
	else
		sed -i "s/^priority: .*/priority: low/" "$1"
	fi
	EOF
	chmod +x "$HOME/ed" &&
	(sleep 1; printf "\n") | EDITOR="$HOME/ed" script -qec \
	    "\"$BOPS\" task edit brief" /dev/null >tty.out 2>&1 &&
	test "$(cat "$HOME/count")" = 2 &&
	grep -q "Press Enter to edit again" tty.out &&
	grep -q "tasks/br/brief.yaml:3:11: " tty.out && rm tty.out &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "task brief: title Brief -> Kept, priority high -> low" &&
	ws_clean
'
test_case 'on a TTY, end of input abandons an invalid edit' '
	need script || exit 1
	setup && n=$(commits) &&
	editor ed "s/^priority: .*/priority: someday/" &&
	EDITOR="$HOME/ed" expect_status 4 script -qec \
	    "\"$BOPS\" task edit brief" /dev/null </dev/null &&
	unchanged "$n" && rm -f out err && ws_clean
'
test_case 'EDITOR with quoted arguments is run by the shell, as git does' '
	setup &&
	cat >"$HOME/my editor" <<-\EOF &&
	#!/bin/sh
	[ "$1" = -c ] && [ "$2" = "set ft=yaml" ] && [ $# = 3 ] ||
	    { echo "editor args: $*" >&2; exit 1; }
	sed -i -e "s/^title: .*/title: Quoted/" "$3"
	EOF
	chmod +x "$HOME/my editor" &&
	EDITOR="\"$HOME/my editor\" -c '"'"'set ft=yaml'"'"'" \
	    expect_status 0 bops task edit brief </dev/null &&
	grep -q "^title: Quoted$" tasks/br/brief.yaml &&
	editor ed "s/^title: .*/title: Visual/" &&
	VISUAL="$HOME/ed" EDITOR=false \
	    expect_status 0 bops task edit brief </dev/null &&
	grep -q "^title: Visual$" tasks/br/brief.yaml && ws_clean
'
test_done
