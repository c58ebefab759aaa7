#!/bin/sh
# Aliases in bops.yaml (alias.NAME: COMMAND ARGS), as git's alias.*; one
# may never shadow a built-in command.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Viết bài blog về Tết" --id viet assignee=me \
	    >/dev/null 2>&1 &&
	"$BOPS" task add "准备季度报告" --id zh assignee="Wang Wei" \
	    >/dev/null 2>&1 &&
	"$BOPS" task add "Send invoice" --id inv assignee=me >/dev/null 2>&1 &&
	"$BOPS" task done inv >/dev/null 2>&1
}

test_case 'an alias runs its command, with the arguments that follow' '
	setup &&
	expect_status 0 bops config alias.mine "task list assignee=me --all" &&
	expect_status 0 bops mine --fields id --csv &&
	expect_out "id
viet
inv" &&
	expect_status 0 bops mine status=done --fields id --csv &&
	expect_out "id
inv" &&
	grep -q "^  mine: task list assignee=me --all$" bops.yaml && ws_clean
'
test_case 'quotes in an alias group words, and nothing is expanded' '
	setup &&
	bops config alias.tet "task list '"'"'title~bài blog'"'"' --fields id" \
	    >/dev/null 2>&1 &&
	expect_status 0 bops tet && expect_out "id
viet" &&
	bops config alias.home "task list title~\$HOME" >/dev/null 2>&1 &&
	expect_status 0 bops home && test ! -s out
'
test_case 'an alias that shadows a command is refused by bops config' '
	setup && before=$(git rev-parse HEAD) &&
	expect_status 2 bops config alias.log "task log" &&
	expect_err_contains "alias '"'"'log'"'"' would shadow the command '"'"'log'"'"'" &&
	expect_status 2 bops config alias.task "show" &&
	expect_status 2 bops config alias.bad "task '"'"'list" &&
	expect_err_contains "alias '"'"'bad'"'"': a quote is not closed" &&
	test "$(git rev-parse HEAD)" = "$before"
'
test_case 'one in the file is an invalid config: exit 4, check names it' '
	setup &&
	printf "alias:\n  show: task list\n" >>bops.yaml &&
	git commit -qam "alias by hand" &&
	expect_status 4 bops task list &&
	expect_err_contains "bops.yaml:" &&
	expect_err_contains "alias '"'"'show'"'"' would shadow the command '"'"'show'"'"'" &&
	expect_status 4 bops mine &&
	expect_status 1 bops check &&
	expect_out_contains "alias '"'"'show'"'"' would shadow" &&
	expect_status 0 bops config alias.show "" &&
	expect_status 0 bops task list
'
test_case 'an unknown command is still unknown, in a workspace or not' '
	setup &&
	expect_status 2 bops nosuch &&
	expect_err_contains "unknown command '"'"'nosuch'"'"'" &&
	cd .. &&
	expect_status 2 bops mine &&
	expect_err_contains "unknown command '"'"'mine'"'"'"
'
test_case 'an alias names a command: its first word must be one' '
	setup &&
	bops config alias.a1 "nosuch list" >/dev/null 2>&1 &&
	expect_status 2 bops a1 &&
	expect_err_contains "unknown command '"'"'nosuch'"'"'"
'
test_done
