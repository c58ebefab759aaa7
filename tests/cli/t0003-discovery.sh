#!/bin/sh
# Finding the workspace: -C DIR, then BOPS_DIR, then walking up.
. "$(dirname "$0")/lib.sh"

# two workspaces, a and b, each with one task named after it
two_ws() {
	"$BOPS" init a >/dev/null 2>&1 && "$BOPS" init b >/dev/null 2>&1 &&
	"$BOPS" -C a task add "in a" --id task-a >/dev/null 2>&1 &&
	"$BOPS" -C b task add "in b" --id task-b >/dev/null 2>&1
}

test_case 'outside a workspace every workspace command exits 6 with a hint' '
	for c in "task list" "task add x" config check log undo; do
		expect_status 6 bops $c || exit 1
		expect_err_contains "bops: not a bops workspace" || exit 1
		expect_err_contains "hint: run \`bops init\`" || exit 1
	done &&
	test ! -e .git
'
test_case 'a git repository without bops.yaml is not a workspace' '
	git init -q plain && cd plain &&
	expect_status 6 bops task list &&
	expect_err_contains "not a bops workspace"
'
test_case '-C DIR names the workspace' '
	two_ws &&
	expect_status 0 bops -C a task list --fields id &&
	expect_out "id
task-a" &&
	expect_status 0 bops -Cb task list --fields id &&
	expect_out "id
task-b"
'
test_case 'BOPS_DIR names the workspace' '
	two_ws &&
	expect_status 0 env BOPS_DIR=b "$BOPS" task list --fields id &&
	expect_out "id
task-b"
'
test_case '-C wins over BOPS_DIR' '
	two_ws &&
	expect_status 0 env BOPS_DIR=b "$BOPS" -C a task list --fields id &&
	expect_out "id
task-a"
'
test_case 'BOPS_DIR wins over the current directory' '
	two_ws && cd a &&
	expect_status 0 env BOPS_DIR=../b "$BOPS" task list --fields id &&
	expect_out "id
task-b"
'
test_case 'a subdirectory finds its workspace by walking up' '
	two_ws && mkdir -p a/deep/er && cd a/deep/er &&
	expect_status 0 bops task list --fields id &&
	expect_out "id
task-a" &&
	expect_status 0 bops task add "from below" --id below &&
	rm -f out err expected && cd ../.. &&
	test -f tasks/be/below.yaml && ws_clean
'
test_case '-C with a missing directory exits 6' '
	expect_status 6 bops -C nowhere task list &&
	expect_err_contains "nowhere" && test ! -e nowhere
'
test_case 'BOPS_DIR pointing outside a workspace exits 6' '
	mkdir empty &&
	expect_status 6 env BOPS_DIR=empty "$BOPS" task list &&
	expect_err_contains "not a bops workspace"
'
test_case '-C writes into the named workspace' '
	two_ws &&
	expect_status 0 bops -C b task add "via -C" --id via &&
	test -f b/tasks/vi/via.yaml && test ! -e a/tasks/vi &&
	cd b && ws_clean
'
test_done
