#!/bin/sh
# Identity: BOPS_AUTHOR, else git config; none is exit 6 and nothing written.
. "$(dirname "$0")/lib.sh"

# bops with no identity anywhere: no BOPS_AUTHOR, an empty HOME, no
# system git config.
anon() {
	mkdir -p "$HOME/nohome"
	env -u BOPS_AUTHOR -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL \
	    -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL -u XDG_CONFIG_HOME \
	    HOME="$HOME/nohome" GIT_CONFIG_NOSYSTEM=1 "$BOPS" "$@"
}

test_case 'init DIR without an identity exits 6 and creates nothing' '
	expect_status 6 anon init ws &&
	expect_err_contains "bops: no identity" &&
	expect_err_contains "hint: git config --global user.name" &&
	test ! -e ws
'
test_case 'init in the current directory without an identity writes nothing' '
	mkdir here && cd here &&
	expect_status 6 anon init &&
	test -z "$(ls -A | grep -v -e "^out$" -e "^err$")"
'
test_case 'init in an existing empty directory without an identity' '
	mkdir empty &&
	expect_status 6 anon init empty &&
	test -z "$(ls -A empty)"
'
test_case 'init of a repository without an identity leaves it alone' '
	git init -q repo &&
	expect_status 6 anon init repo &&
	test ! -e repo/bops.yaml &&
	! git -C repo rev-parse -q --verify HEAD >/dev/null
'
test_case 'add without an identity exits 6 and writes nothing' '
	new_ws && n=$(commits) &&
	expect_status 6 anon task add "Nobody" --id nobody &&
	expect_err_contains "no identity" &&
	test ! -s out && test "$(commits)" = "$n" && test ! -e tasks &&
	ws_clean
'
test_case 'set, move and rm without an identity exit 6' '
	new_ws && bops task add "T" --id t >/dev/null 2>&1 && n=$(commits) &&
	expect_status 6 anon task set t priority=high &&
	expect_status 6 anon task move t processing &&
	expect_status 6 anon task rm t &&
	expect_status 6 anon config board.wip.processing 1 &&
	test "$(commits)" = "$n" && ws_clean
'
test_case 'reads need no identity' '
	new_ws && bops task add "T" --id t >/dev/null 2>&1 &&
	expect_status 0 anon task list --fields id && expect_out "id
t" &&
	expect_status 0 anon task show t
'
test_case 'git config user.name and user.email give the identity' '
	new_ws &&
	git config user.name "Mai Tran" && git config user.email mai@example.com &&
	expect_status 0 anon task add "Mine" --id mine &&
	test "$(git log -1 --format="%an <%ae>")" = "Mai Tran <mai@example.com>" &&
	expect_status 0 anon task set mine assignee=me &&
	expect_status 0 bops task show mine --json &&
	expect_out_contains "\"assignee\":\"Mai Tran\"" && ws_clean
'
test_case 'global git config in HOME gives the identity for init' '
	mkdir -p nohome &&
	printf "[user]\n\tname = Global Person\n\temail = g@example.com\n" \
	    >nohome/.gitconfig &&
	expect_status 0 anon init ws &&
	test "$(git -C ws log -1 --format="%an <%ae>")" = \
	    "Global Person <g@example.com>"
'
test_case 'BOPS_AUTHOR wins over git config' '
	new_ws &&
	git config user.name "Mai Tran" && git config user.email mai@example.com &&
	expect_status 0 bops task add "Lan" --id lan &&
	test "$(git log -1 --format="%an <%ae>")" = "Lan Nguyen <lan@example.com>"
'
test_case 'work that commits nothing needs no identity (cron)' '
	new_ws &&
	bops okr add "Save the world" --id save >/dev/null 2>&1 &&
	bops okr kr add save "Done tasks" target=10 \
	    "measure=count task status=done" >/dev/null 2>&1 &&
	bops task add "T" --id t priority=high >/dev/null 2>&1 &&
	bops okr measure >/dev/null 2>&1 && n=$(commits) &&
	expect_status 0 anon okr measure &&
	for c in "task list" "task show t" "task board" "task backlog" \
	    "task log t" "log" "okr tree" "okr score" "okr stale" "check" \
	    "conflicts" "config board.wip.processing" "sprint list" \
	    "task list priority=high"; do
		expect_status 0 anon $c || exit 1
	done &&
	expect_status 0 anon task set t priority=high &&
	expect_err_contains "no change" &&
	expect_status 0 anon task move t not-started &&
	expect_status 0 anon config board.wip.processing 3 &&
	test "$(commits)" = "$n" && ws_clean
'
test_case 'sync with nothing to commit needs no identity' '
	git init -q --bare r.git &&
	new_ws && git remote add origin ../r.git &&
	bops task add "T" --id t >/dev/null 2>&1 &&
	bops sync >/dev/null 2>&1 &&
	expect_status 0 anon sync &&
	cd .. && expect_status 0 anon clone r.git anonclone &&
	bops -q clone r.git other >/dev/null &&
	(cd other && bops -q task add "U" --id u >/dev/null && bops -q sync) &&
	cd ws && expect_status 0 anon sync &&
	expect_status 0 anon task show u && ws_clean
'
test_done
