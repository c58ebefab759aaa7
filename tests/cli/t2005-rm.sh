#!/bin/sh
# bops task rm ID: the file goes, the history stays.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Old idea" --id old-idea >/dev/null 2>&1 &&
	"$BOPS" task add "Keep me" --id keep >/dev/null 2>&1
}

test_case 'rm removes the file in one commit' '
	setup && n=$(commits) &&
	expect_status 0 bops task rm old-idea &&
	expect_out old-idea &&
	test "$(cat err)" = "removed task old-idea" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "task old-idea: remove '"'"'Old idea'"'"'" &&
	test "$(git show --name-status --format= HEAD)" = \
	    "D	tasks/ol/old-idea.yaml" &&
	test ! -e tasks/ol/old-idea.yaml && ws_clean
'
test_case 'a removed task is gone from show and list' '
	setup && bops task rm old-idea >/dev/null 2>&1 &&
	expect_status 3 bops task show old-idea &&
	expect_status 0 bops task list --fields id && expect_out "id
keep"
'
test_case 'the history of a removed task stays' '
	setup && bops task rm old-idea >/dev/null 2>&1 &&
	expect_status 0 bops task log old-idea &&
	expect_out_contains "task old-idea: remove '"'"'Old idea'"'"'" &&
	expect_out_contains "task old-idea: add '"'"'Old idea'"'"'" &&
	git show HEAD~1:tasks/ol/old-idea.yaml | grep -q "^title: Old idea$"
'
test_case 'the id of a removed task can be used again' '
	setup && bops task rm old-idea >/dev/null 2>&1 &&
	expect_status 0 bops task add "New idea" --id old-idea && ws_clean
'
test_case 'rm of an unknown id exits 3' '
	setup && n=$(commits) &&
	expect_status 3 bops task rm nothing &&
	expect_err_contains "no task '"'"'nothing'"'"'" &&
	test "$(commits)" = "$n"
'
test_case 'rm needs an id or --where, and a missing one writes nothing' '
	setup &&
	expect_status 2 bops task rm && expect_err_contains "usage:" &&
	expect_status 3 bops task rm old-idea nosuch &&
	test -e tasks/ol/old-idea.yaml && test -e tasks/ke/keep.yaml
'
test_case 'rm of a hand-edited uncommitted record is refused (exit 5)' '
	setup &&
	printf "x_note: by hand\n" >>tasks/ol/old-idea.yaml &&
	cp tasks/ol/old-idea.yaml ../hand && n=$(commits) &&
	expect_status 5 bops task rm old-idea &&
	test "$(commits)" = "$n" && cmp tasks/ol/old-idea.yaml ../hand
'
test_case 'the shard directory goes when its last file goes' '
	setup && bops task rm old-idea >/dev/null 2>&1 &&
	test ! -e tasks/ol && ws_clean
'
test_done
