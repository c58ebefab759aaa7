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
	grep -qx "tasks/\*/\*.yaml merge=bops" w/.gitattributes &&
	git -C w check-attr merge tasks/x/x.yaml okrs/o.yaml sprints/s.yaml \
	    bops.yaml >attr &&
	test "$(grep -c "merge: bops" attr)" = 4 &&
	git -C w check-attr merge ci/conf.yaml tasks/x.yaml okrs/x/y.yaml >attr &&
	test "$(grep -c "merge: unspecified" attr)" = 3
'

test_case 'git pull merges other YAML as text, without the driver' '
	pulled &&
	mkdir -p a/ci && printf "one: 1\ntwo: 2\nthree: 3\n" >a/ci/conf.yaml &&
	git -C a add ci/conf.yaml && git -C a commit -q -m ci &&
	git -C a push -q origin main && git -C b pull -q origin main &&
	sed -i "s/one: 1/one: 10/" a/ci/conf.yaml &&
	git -C a commit -q -a -m a && git -C a push -q origin main &&
	sed -i "s/three: 3/three: 30/" b/ci/conf.yaml &&
	git -C b commit -q -a -m b &&
	git -C b pull -q origin main >/dev/null &&
	printf "one: 10\ntwo: 2\nthree: 30\n" >want &&
	cmp want b/ci/conf.yaml
'

test_case 'the driver itself merges a file that is no record by lines' '
	pulled &&
	printf "a\nb\nc\n" >base && printf "A\nb\nc\n" >ours &&
	printf "a\nb\nC\n" >theirs &&
	(cd a && expect_status 0 "$BOPS" merge-driver ../base ../ours \
	    ../theirs ci/conf.yaml) &&
	printf "A\nb\nC\n" >want && cmp want ours &&
	printf "a\nb\nc\n" >base && printf "X\nb\nc\n" >ours &&
	printf "Y\nb\nc\n" >theirs &&
	(cd a && expect_status 1 "$BOPS" merge-driver ../base ../ours \
	    ../theirs ci/conf.yaml) &&
	grep -q "^<<<<<<< ours" ours && grep -qx X ours && grep -qx Y ours
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

test_case 'merge-driver on a record that does not parse leaves ours' '
	BOPS_AUTHOR="$ANN" bops -q init w && cd w &&
	printf "title: a\n" >base && printf "title: [b\n" >ours &&
	printf "title: c\n" >theirs &&
	expect_status 1 bops merge-driver base ours theirs tasks/ab/abcd.yaml &&
	test "$(cat ours)" = "title: [b"
'

test_case 'sync registers the driver in a plain git clone' '
	two_clones && git clone -q r.git c &&
	test -z "$(git -C c config merge.bops.driver)" &&
	expect_status 1 bops -C c check &&
	expect_out_contains ".git/config: no merge driver" &&
	BOPS_AUTHOR="$BOB" expect_status 0 bops -C c sync &&
	expect_err_contains "registered the merge driver in .git/config" &&
	test "$(git -C c config merge.bops.driver)" = \
	    "bops merge-driver %O %A %B %P" &&
	(cd c && ws_clean) &&
	BOPS_AUTHOR="$BOB" expect_status 0 bops -C c sync &&
	! grep -q "merge driver" err
'

test_case 'then git pull in that clone merges different fields of a record' '
	pulled && git clone -q r.git c && git -C c config pull.rebase false &&
	(cd c && BOPS_AUTHOR="$BOB" "$BOPS" -q sync) &&
	a -q task set brief status=processing >/dev/null &&
	git -C a push -q origin main &&
	(cd c && BOPS_AUTHOR="$BOB" "$BOPS" -q task set brief \
	    priority=high >/dev/null) &&
	git -C c pull -q origin main >/dev/null &&
	grep -qx "status: processing" c/tasks/br/brief.yaml &&
	grep -qx "priority: high" c/tasks/br/brief.yaml &&
	(cd c && ws_clean)
'

test_done
