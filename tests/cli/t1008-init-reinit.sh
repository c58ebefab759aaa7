#!/bin/sh
# bops init in an existing workspace re-initialises it, as git init does: a
# workspace made before a kind existed learns it in .gitattributes, a clone
# made with plain git gets the merge driver; bops check says when either is
# missing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# The .gitattributes of a bops that knew tasks, objectives and sprints.
OLD_ATTRS='# Records merge field by field (bops merge-driver);
# every other file as git merges it.
bops.yaml merge=bops
tasks/*/*.yaml merge=bops
okrs/*.yaml merge=bops
sprints/*.yaml merge=bops'
KNOWS='knows tickets, customers, deals, segments, journeys'

# fresh: ./fresh, a workspace as bops init makes one today, to compare with.
fresh() {
	bops -q init fresh || { fail "bops init fresh failed"; return 1; }
}

# old_ws [DIR]: a workspace whose .gitattributes an older bops wrote
# (committed with git); cd into it.
old_ws() {
	new_ws "${1:-ws}" &&
	printf '%s\n' "$OLD_ATTRS" >.gitattributes &&
	git commit -q -m "older bops" .gitattributes
}

test_case 'check reports an older .gitattributes; init adds its lines in one commit' '
	fresh && old_ws && n=$(commits) &&
	expect_status 1 bops check &&
	expect_out_contains ".gitattributes: no merge=bops line for tickets, customers, deals, segments, journeys" &&
	expect_out_contains "; run bops init to add them" &&
	cp bops.yaml ../before &&
	expect_status 0 bops init &&
	test ! -s out &&
	expect_err_contains "reinitialized: .gitattributes $KNOWS" &&
	test "$(commits)" = $((n + 1)) &&
	case "$(git log -1 --format=%s)" in
	"init: .gitattributes $KNOWS"*) ;; *) fail "subject"; false ;; esac &&
	test "$(git log -1 --format=%an)" = "Lan Nguyen" &&
	test "$(git show --name-only --format= HEAD)" = .gitattributes &&
	{ printf "%s\n" "$OLD_ATTRS"; sed -n "/^tickets\//,\$p" \
	    ../fresh/.gitattributes; } >../want &&
	cmp ../want .gitattributes &&
	cmp bops.yaml ../before &&
	git check-attr merge tickets/ab/abcd.yaml customers/ab/abcd.yaml \
	    deals/ab/abcd.yaml segments/s.yaml journeys/j.yaml >../attr &&
	test "$(grep -c "merge: bops$" ../attr)" = 5 &&
	ws_clean
'

test_case 'init again on the re-initialised workspace has nothing to do' '
	old_ws && bops -q init && n=$(commits) &&
	expect_status 0 bops init &&
	expect_err_contains "nothing to do" &&
	test "$(commits)" = $n && ws_clean
'

test_case 'records and their history are left alone' '
	old_ws &&
	bops -q task add "Viết bản tóm tắt" --id brief >/dev/null &&
	bops -q okr add "Cứu thế giới" --id save >/dev/null &&
	git ls-tree -r HEAD | grep -v "	.gitattributes$" >../before &&
	git log --format="%H %s" >../log &&
	expect_status 0 bops init &&
	git ls-tree -r HEAD | grep -v "	.gitattributes$" >../after &&
	cmp ../before ../after &&
	git log --format="%H %s" HEAD~1 | cmp - ../log && ws_clean
'

test_case 'init keeps the user'"'"'s own lines and their order, and duplicates none' '
	fresh && new_ws &&
	printf "%s\n" "*.pdf binary" "# our own" "tasks/*/*.yaml merge=bops" \
	    "docs/*.md diff=markdown" "  okrs/*.yaml	merge=bops  " \
	    "tickets/*/*.yaml diff=yaml" "customers/*/*.yaml merge=bops" \
	    "customers/*/*.yaml -merge" >.gitattributes &&
	printf "deals/*/*.yaml merge=bops" >>.gitattributes &&
	git commit -q -m mine .gitattributes && cp .gitattributes ../mine &&
	expect_status 0 bops init &&
	expect_err_contains "knows bops.yaml, sprints, tickets, customers, segments, journeys" &&
	{ cat ../mine; echo; printf "%s\n" "bops.yaml merge=bops" \
	    "sprints/*.yaml merge=bops" "tickets/*/*.yaml merge=bops" \
	    "customers/*/*.yaml merge=bops";
	  sed -n "/^segments\//,\$p" ../fresh/.gitattributes; } >../want &&
	cmp ../want .gitattributes &&
	test "$(grep -c "^tasks/" .gitattributes)" = 1 &&
	test "$(grep -c "okrs/" .gitattributes)" = 1 &&
	test "$(grep -c "^deals/" .gitattributes)" = 1 &&
	git check-attr merge customers/ab/abcd.yaml >../attr &&
	grep -q "merge: bops$" ../attr &&
	ws_clean
'

test_case 'a hand-edited .gitattributes is refused (exit 5); nothing changes' '
	old_ws && git config --remove-section merge.bops && n=$(commits) &&
	echo "*.png binary" >>.gitattributes && cp .gitattributes ../edited &&
	expect_status 5 bops init &&
	expect_err_contains ".gitattributes" &&
	test "$(commits)" = $n && cmp ../edited .gitattributes &&
	test -z "$(git config merge.bops.driver)" &&
	git checkout -q .gitattributes &&
	expect_status 0 bops init && test "$(commits)" = $((n + 1))
'

test_case 'a hand edit of .gitattributes is no matter when no line is missing' '
	new_ws &&
	echo "*.png binary" >>.gitattributes &&
	expect_status 0 bops init && expect_err_contains "nothing to do" &&
	test "$(commits)" = 1 && grep -qx "\*.png binary" .gitattributes
'

test_case 'no merge driver: check says so, init registers it without a commit' '
	new_ws && git config --remove-section merge.bops && n=$(commits) &&
	expect_status 1 bops check &&
	expect_out_contains ".git/config: " &&
	expect_out_contains "merge.bops.driver" &&
	expect_out_contains "; run bops init to add it" &&
	expect_status 0 bops init &&
	expect_err_contains "reinitialized: the merge driver is registered in .git/config" &&
	test "$(commits)" = $n &&
	test "$(git config merge.bops.driver)" = "bops merge-driver %O %A %B %P" &&
	test "$(git config merge.bops.name)" = "bops record merge" &&
	ws_clean &&
	expect_status 0 bops init && expect_err_contains "nothing to do"
'

test_case 'a driver the user registered elsewhere is kept' '
	new_ws && git config --remove-section merge.bops &&
	git config --global merge.bops.driver \
	    "/opt/bops/bin/bops merge-driver %O %A %B %P" &&
	expect_status 0 bops check &&
	expect_status 0 bops init && expect_err_contains "nothing to do" &&
	test -z "$(git config --local merge.bops.driver)"
'

test_case 'a workspace without .gitattributes gets the whole of it' '
	fresh && new_ws && git rm -q .gitattributes &&
	git commit -q -m "no attributes" &&
	expect_status 1 bops check &&
	expect_out_contains ".gitattributes: no merge=bops line for bops.yaml, tasks, okrs" &&
	expect_status 0 bops init &&
	cmp ../fresh/.gitattributes .gitattributes && ws_clean
'

test_case 're-init refuses a link where .gitattributes belongs' '
	new_ws && git rm -q .gitattributes &&
	ln -s bops.yaml .gitattributes && git add .gitattributes &&
	git commit -q -m link && n=$(commits) &&
	expect_status 4 bops init && expect_err_contains ".gitattributes" &&
	test "$(commits)" = $n
'

test_case 'init re-initialises a workspace whose bops.yaml is invalid' '
	old_ws && printf "name: [broken\n" >bops.yaml &&
	git commit -q -m broken bops.yaml && cp bops.yaml ../before &&
	expect_status 0 bops init &&
	expect_err_contains "reinitialized: .gitattributes $KNOWS" &&
	cmp ../before bops.yaml
'

test_case 'after init, plain git merge unites the thread of a ticket both replied to' '
	git init -q --bare -b main r.git &&
	BOPS_AUTHOR="$ANN" bops -q init a &&
	(cd a && printf "%s\n" "$OLD_ATTRS" >.gitattributes &&
	    git commit -q -m "older bops" .gitattributes) &&
	git -C a remote add origin ../r.git &&
	a -q customer add Chi Pham --id chi-pham >/dev/null &&
	a -q ticket open "Menu app is down" customer=chi-pham \
	    priority=urgent --id app >/dev/null &&
	git -C a push -q origin main &&
	git clone -q r.git b && git -C b config pull.rebase false &&
	expect_status 1 b check &&
	expect_out_contains ".gitattributes: no merge=bops line for tickets" &&
	expect_out_contains ".git/config: " &&
	expect_status 0 a init &&
	git -C a push -q origin main &&
	git -C b pull -q origin main &&
	expect_status 0 b init &&
	expect_err_contains "reinitialized: the merge driver is registered" &&
	a -q ticket reply app "Đang khởi động lại máy chủ" >/dev/null &&
	git -C a push -q origin main &&
	BOPS_NOW=2026-11-23T09:05:00Z b -q ticket reply app \
	    "Restarting the server now" >/dev/null &&
	git -C b pull -q origin main >/dev/null &&
	test "$(git -C b rev-list --count --merges HEAD)" = 1 &&
	f=b/tickets/ap/app.yaml &&
	! grep -q -e "<<<<<<<" -e ">>>>>>>" -e "=======" $f &&
	grep -q "Đang khởi động lại máy chủ" $f &&
	grep -q "Restarting the server now" $f &&
	test "$(grep -c "^  event: reply$" $f)" = 2 &&
	(cd b && ws_clean)
'

test_done
