#!/bin/sh
# bops init: a new workspace, an existing repository, re-init refused.
. "$(dirname "$0")/lib.sh"

test_case 'init DIR makes a git repository on main with one commit' '
	expect_status 0 bops init ws &&
	test ! -s out &&
	expect_err_contains "initialized bops workspace '"'"'ws'"'"'" &&
	cd ws &&
	test "$(git symbolic-ref HEAD)" = refs/heads/main &&
	test "$(commits)" = 1 &&
	test "$(git log -1 --format=%s)" = "bops init" &&
	test "$(git ls-tree --name-only HEAD | sort | tr "\n" " ")" = \
	    ".gitattributes bops.yaml " &&
	ws_clean
'
test_case 'init commits as BOPS_AUTHOR at BOPS_NOW' '
	bops init ws 2>/dev/null && cd ws &&
	test "$(git log -1 --format="%an <%ae> %aI %cI")" = \
	    "Lan Nguyen <lan@example.com> 2026-11-23T09:00:00+00:00 2026-11-23T09:00:00+00:00"
'
test_case 'init writes bops.yaml named after the directory, and .gitattributes' '
	bops init my-team 2>/dev/null && cd my-team &&
	grep -q "^name: my-team$" bops.yaml &&
	grep -q "^# " bops.yaml &&
	grep -q "^  - processing$" bops.yaml &&
	grep -q "^    processing: 3$" bops.yaml &&
	printf "%s\n" "# Records merge field by field (bops merge-driver);" \
	    "# every other file as git merges it." "bops.yaml merge=bops" \
	    "tasks/*/*.yaml merge=bops" "okrs/*.yaml merge=bops" \
	    "sprints/*.yaml merge=bops" "tickets/*/*.yaml merge=bops" \
	    "customers/*/*.yaml merge=bops" "deals/*/*.yaml merge=bops" \
	    "segments/*.yaml merge=bops" "journeys/*.yaml merge=bops" \
	    >want && cmp want .gitattributes &&
	rm want &&
	test "$(git config merge.bops.driver)" = "bops merge-driver %O %A %B %P" &&
	expect_status 0 bops config name && expect_out "my-team"
'
test_case 'init without DIR uses the current directory' '
	mkdir here && cd here &&
	expect_status 0 bops init && test -f bops.yaml && ws_clean
'
test_case 'init with -C DIR uses DIR' '
	mkdir there &&
	expect_status 0 bops -C there init && test -f there/bops.yaml
'
test_case 'init in an existing repository keeps its history' '
	git init -q repo && cd repo && echo hello >readme &&
	git add readme && git commit -qm first &&
	expect_status 0 bops init &&
	test "$(git log --format=%s | tr "\n" /)" = "bops init/first/" &&
	test "$(cat readme)" = hello && ws_clean
'
test_case 're-running init on a workspace is refused (exit 5)' '
	bops init ws 2>/dev/null && cd ws &&
	cp bops.yaml ../before &&
	expect_status 5 bops init &&
	expect_err_contains "is already a bops workspace" &&
	test "$(commits)" = 1 && cmp -s bops.yaml ../before && ws_clean
'
test_case 're-init from outside with DIR is refused too' '
	bops init ws 2>/dev/null &&
	expect_status 5 bops init ws && test "$(git -C ws rev-list --count HEAD)" = 1
'
test_case 'init takes at most one directory' '
	expect_status 2 bops init a b && expect_err_contains "usage:" &&
	test ! -e a && test ! -e b
'
test_case 'init then add works right away' '
	bops init ws 2>/dev/null && cd ws &&
	expect_status 0 bops task add "First task" --id first &&
	expect_out first && test "$(commits)" = 2 && ws_clean
'
test_case 'init inside a workspace is refused and makes nothing' '
	new_ws &&
	expect_status 5 bops init sub &&
	expect_err_contains "inside the workspace" &&
	test ! -e sub &&
	mkdir -p deep/er &&
	expect_status 5 bops init deep/er &&
	test ! -e deep/er/.git
'
test_done
