#!/bin/sh
# Plain `git pull` and `git push` keep working: git runs the bops merge
# driver (merge=bops in .gitattributes, merge.bops.driver in .git/config)
# for record files.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# pulled: both clones use plain git with merge commits.
pulled() {
	two_clones &&
	git -C a config pull.rebase false &&
	git -C b config pull.rebase false
}

test_case 'bops init registers the driver beside .gitattributes' '
	BOPS_AUTHOR="$ANN" bops -q init w &&
	test "$(git -C w config merge.bops.driver)" = \
	    "bops merge-driver %O %A %B %P" &&
	grep -qx "\*.yaml merge=bops" w/.gitattributes &&
	git -C w check-attr merge tasks/x/x.yaml >attr &&
	grep -q "merge: bops" attr
'

test_case 'different fields merge with git pull, no conflict markers' '
	pulled &&
	a -q task set brief status=processing >/dev/null &&
	git -C a push -q origin main &&
	b -q task set brief priority=high >/dev/null &&
	git -C b pull -q origin main >/dev/null &&
	! grep -q -e "<<<<<<<" -e ">>>>>>>" -e "=======" b/tasks/br/brief.yaml &&
	grep -qx "status: processing" b/tasks/br/brief.yaml &&
	grep -qx "priority: high" b/tasks/br/brief.yaml &&
	test "$(git -C b rev-list --count --merges HEAD)" = 1 &&
	(cd b && ws_clean) &&
	git -C b push -q origin main &&
	git -C a pull -q origin main >/dev/null &&
	cmp a/tasks/br/brief.yaml b/tasks/br/brief.yaml &&
	(cd a && ws_clean)
'

test_case 'the same field two ways: a conflict kept as data, no markers' '
	pulled &&
	a -q task set brief status=done >/dev/null &&
	git -C a push -q origin main &&
	b -q task set brief status=processing >/dev/null &&
	git -C b pull -q origin main >/dev/null 2>pull.err &&
	grep -q "1 conflict recorded" pull.err &&
	! grep -q -e "<<<<<<<" -e ">>>>>>>" b/tasks/br/brief.yaml &&
	grep -qx "status: processing" b/tasks/br/brief.yaml &&
	expect_status 0 b conflicts &&
	expect_out_contains "task  brief  status  done     processing" &&
	expect_status 1 b check &&
	expect_status 0 b resolve brief status --take 1 &&
	grep -qx "status: done" b/tasks/br/brief.yaml &&
	expect_status 0 b check
'

test_case 'git pull and bops sync give the same record' '
	pulled &&
	a -q task set brief status=processing tags+=a >/dev/null &&
	git -C a push -q origin main &&
	b -q task set brief priority=high tags+=b >/dev/null &&
	cp -R b c &&
	git -C b pull -q origin main >/dev/null &&
	(cd c && BOPS_AUTHOR="$BOB" "$BOPS" sync) >/dev/null 2>&1 &&
	cmp b/tasks/br/brief.yaml c/tasks/br/brief.yaml
'

test_case 'a file that does not parse is left to git (a conflict)' '
	pulled &&
	printf "title: X\nstatus: [done\n" >a/tasks/br/brief.yaml &&
	git -C a commit -q -a -m broken &&
	git -C a push -q origin main &&
	b -q task set brief priority=high >/dev/null &&
	! git -C b pull -q origin main >pull.out 2>&1 &&
	grep -q "CONFLICT" pull.out &&
	git -C b merge --abort &&
	grep -qx "priority: high" b/tasks/br/brief.yaml
'

test_case 'merge-driver by hand: merges into OURS, exit 0' '
	BOPS_AUTHOR="$ANN" bops -q init w && cd w &&
	printf "title: X\nstatus: not-started\n" >base &&
	printf "title: X\nstatus: done\n" >ours &&
	printf "title: Y2\nstatus: not-started\n" >theirs &&
	expect_status 0 bops merge-driver base ours theirs tasks/x/x.yaml &&
	printf "title: Y2\nstatus: done\n" >want &&
	cmp want ours &&
	expect_status 2 bops merge-driver base ours theirs
'

test_case 'merge-driver on a file that is not a record fails' '
	BOPS_AUTHOR="$ANN" bops -q init w && cd w &&
	printf "a\n" >base && printf "b\n" >ours && printf "c\n" >theirs &&
	expect_status 1 bops merge-driver base ours theirs notes.txt &&
	test "$(cat ours)" = b
'

test_done
