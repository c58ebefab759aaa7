#!/bin/sh
# The store: ids, sharded paths, canonical files, one commit per change
# touching only its own file, reads from HEAD.
. "$(dirname "$0")/lib.sh"

test_case 'a new task gets 10 characters of Crockford base32' '
	new_ws &&
	expect_status 0 bops task add "Random" &&
	id=$(cat out) &&
	echo "$id" | grep -qx "[0-9abcdefghjkmnpqrstvwxyz]\{10\}" &&
	sh=$(echo "$id" | cut -c1-2) &&
	test -f "tasks/$sh/$id.yaml" && ws_clean
'
test_case 'ids differ between adds' '
	new_ws &&
	a=$(bops task add A 2>/dev/null) && b=$(bops task add B 2>/dev/null) &&
	test -n "$a" && test "$a" != "$b"
'
test_case 'a slug is sharded by its first two characters' '
	new_ws &&
	expect_status 0 bops task add "Slug" --id launch-plan &&
	expect_out launch-plan &&
	test -f tasks/la/launch-plan.yaml &&
	test "$(git show --name-only --format= HEAD)" = tasks/la/launch-plan.yaml
'
test_case 'an upper-case slug is folded' '
	new_ws &&
	expect_status 0 bops task add "Upper" --id Big-Launch &&
	expect_out big-launch && test -f tasks/bi/big-launch.yaml
'
test_case 'a malformed slug exits 2 before anything is written' '
	new_ws && n=$(commits) &&
	for s in "-rf" "a b" "x/y" "" "toolong-toolong-toolong-toolong-toolong-toolong-toolong-toolong-x" "é"; do
		expect_status 2 bops task add "Bad" --id "$s" || exit 1
		expect_err_contains "invalid id" || exit 1
	done &&
	test "$(commits)" = "$n" && test ! -e tasks && ws_clean
'
test_case 'a slug in use is refused (exit 5)' '
	new_ws && bops task add "First" --id dup >/dev/null 2>&1 &&
	cp tasks/du/dup.yaml ../before && n=$(commits) &&
	expect_status 5 bops task add "Second" --id dup &&
	expect_err_contains "task '"'"'dup'"'"' already exists" &&
	test "$(commits)" = "$n" && cmp -s tasks/du/dup.yaml ../before
'
test_case 'a record file is canonical YAML in schema order' '
	new_ws &&
	bops task add "Write the brief" --id brief tags+=web description="two
lines" due=2026-12-01 priority=high assignee=me estimate=2 >/dev/null 2>&1 &&
	cat >expected <<-EOF &&
	title: Write the brief
	status: not-started
	assignee: Lan Nguyen
	priority: high
	due: 2026-12-01
	estimate: 2
	tags:
	- web
	rank: 0toy6c0brief
	description: |-
	  two
	  lines
	created: 2026-11-23T09:00:00Z
	updated: 2026-11-23T09:00:00Z
	EOF
	cmp expected tasks/br/brief.yaml && rm expected && ws_clean
'
test_case 'YAML 1.1 look-alikes stay strings' '
	new_ws &&
	bops task add "NO" --id no tags+=yes tags+=1.10 tags+=0x1F tags+=null \
	    >/dev/null 2>&1 &&
	expect_status 0 bops task show no --json &&
	expect_out_contains "\"title\":\"NO\"" &&
	expect_out_contains "\"tags\":[\"yes\",\"1.10\",\"0x1F\",\"null\"]" &&
	ws_clean
'
test_case 'one commit per command, touching only its file' '
	new_ws &&
	bops task add "One" --id one >/dev/null 2>&1 &&
	bops task add "Two" --id two >/dev/null 2>&1 && n=$(commits) &&
	expect_status 0 bops task set one priority=low &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git show --name-only --format= HEAD)" = tasks/on/one.yaml &&
	ws_clean
'
test_case 'a hand edit of another file is not swept into a commit' '
	new_ws &&
	bops task add "One" --id one >/dev/null 2>&1 &&
	bops task add "Two" --id two >/dev/null 2>&1 &&
	sed -i "s/^title: Two$/title: Two by hand/" tasks/tw/two.yaml &&
	cp tasks/tw/two.yaml ../hand &&
	expect_status 0 bops task set one priority=low &&
	test "$(git show --name-only --format= HEAD)" = tasks/on/one.yaml &&
	cmp -s tasks/tw/two.yaml ../hand &&
	git diff --quiet HEAD -- tasks/on/one.yaml &&
	! git diff --quiet HEAD -- tasks/tw/two.yaml
'
test_case 'reads come from HEAD, not from a hand edit' '
	new_ws &&
	bops task add "Committed" --id one >/dev/null 2>&1 &&
	sed -i "s/^title: .*/title: Uncommitted/" tasks/on/one.yaml &&
	expect_status 0 bops task list --fields title &&
	expect_out "title
Committed"
'
test_case 'a read never writes to the repository' '
	new_ws && bops task add "One" --id one >/dev/null 2>&1 &&
	bops task list >/dev/null 2>&1 &&
	ref=$(git rev-parse HEAD) && idx=$(git ls-files -s | md5sum) &&
	expect_status 0 bops task list && expect_status 0 bops task show one &&
	expect_status 0 bops task board && expect_status 0 bops log &&
	expect_status 0 bops check &&
	test "$(git rev-parse HEAD)" = "$ref" &&
	test "$(git ls-files -s | md5sum)" = "$idx" && ws_clean
'
test_case 'the cache can be removed and is rebuilt' '
	new_ws && bops task add "One" --id one >/dev/null 2>&1 &&
	bops task list >/dev/null 2>&1 && rm -rf .git/bops &&
	expect_status 0 bops task list --fields id && expect_out "id
one"
'
test_case 'BOPS_NOW sets created, updated and the commit time' '
	new_ws &&
	BOPS_NOW=2027-01-02T03:04:05Z bops task add "Later" --id later \
	    >/dev/null 2>&1 &&
	grep -q "^created: 2027-01-02T03:04:05Z$" tasks/la/later.yaml &&
	test "$(git log -1 --format=%aI)" = 2027-01-02T03:04:05+00:00
'
test_case 'a malformed BOPS_NOW exits 2' '
	new_ws && n=$(commits) &&
	expect_status 2 env BOPS_NOW=yesterday "$BOPS" task add "X" &&
	expect_err_contains "BOPS_NOW" && test "$(commits)" = "$n"
'
test_case 'no write while a git merge, rebase, cherry-pick or revert is unfinished' '
	new_ws &&
	bops task add "One" --id one >/dev/null 2>&1 &&
	git checkout -q -b side && echo side >side.txt && git add side.txt &&
	git commit -qm side && git checkout -q main &&
	echo main >main.txt && git add main.txt && git commit -qm main &&
	git merge -q --no-commit --no-ff side >/dev/null 2>&1 &&
	test -f .git/MERGE_HEAD && n=$(commits) &&
	expect_status 6 bops task add "Two" --id two &&
	expect_err_contains "a git merge is in progress" &&
	expect_err_contains "git merge --abort" &&
	expect_status 6 bops task set one priority=high &&
	expect_status 6 bops config board.wip.processing 2 &&
	expect_status 6 bops undo &&
	expect_status 0 bops task show one &&
	test "$(commits)" = "$n" && test ! -e tasks/tw &&
	git merge --abort &&
	for state in CHERRY_PICK_HEAD:cherry-pick REVERT_HEAD:revert; do
		git rev-parse HEAD >.git/${state%%:*} &&
		expect_status 6 bops task add "Two" --id two || exit 1
		expect_err_contains "a git ${state#*:} is in progress" || exit 1
		expect_err_contains "git ${state#*:} --abort" || exit 1
		rm .git/${state%%:*}
	done &&
	mkdir .git/rebase-merge &&
	expect_status 6 bops task add "Two" --id two &&
	expect_err_contains "a git rebase is in progress" &&
	rmdir .git/rebase-merge &&
	expect_status 0 bops task add "Two" --id two && ws_clean &&
	cd .. && git init -q plain && (cd plain && git commit -q --allow-empty \
	    -m one && git rev-parse HEAD >.git/MERGE_HEAD) &&
	expect_status 6 bops init plain &&
	expect_err_contains "a git merge is in progress" && test ! -e plain/bops.yaml
'
test_done
