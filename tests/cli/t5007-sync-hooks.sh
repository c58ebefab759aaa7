#!/bin/sh
# A real server (git daemon on 127.0.0.1; libgit2's local transport runs
# no hooks): a push a hook rejects is exit 6, never "synced"; a push that
# loses a race with another clone is retried and succeeds.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

if ! [ -x "$(git --exec-path)/git-daemon" ]; then
	echo "ok 1 # skip git daemon is not installed"
	echo "1..1"
	exit 0
fi

# serve: git daemon for ./r.git; both clones use it as origin.
serve() {
	start_daemon "$PWD" || { fail "git daemon did not start"; return 1; }
	url="git://127.0.0.1:$port/r.git"
	git -C a remote set-url origin "$url" &&
	git -C b remote set-url origin "$url"
}

test_case 'a pre-receive hook rejects the push: exit 6, commits stay' '
	trap stop_daemon EXIT &&
	two_clones && serve &&
	printf "#!/bin/sh\necho \"frozen until Monday\" >&2\nexit 1\n" \
	    >r.git/hooks/pre-receive &&
	chmod +x r.git/hooks/pre-receive &&
	remote=$(git -C r.git rev-parse main) &&
	b -q task set brief status=done >/dev/null &&
	head=$(git -C b rev-parse HEAD) &&
	expect_status 6 b sync &&
	expect_err_contains "bops: remote '\''origin'\'' rejected the push" &&
	expect_err_contains "pre-receive hook declined" &&
	! grep -qi synced err && ! grep -q "[1-9][0-9]* out" err &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	test "$(git -C r.git rev-parse main)" = "$remote" &&
	(cd b && ws_clean) &&
	rm r.git/hooks/pre-receive &&
	expect_status 0 b sync &&
	expect_err_contains "1 out" &&
	test "$(git -C r.git rev-parse main)" = "$head"
'

test_case 'a rejected push after a merge keeps the merge' '
	trap stop_daemon EXIT &&
	two_clones && serve &&
	a -q task set brief priority=high >/dev/null &&
	a sync >/dev/null 2>&1 &&
	printf "#!/bin/sh\nexit 1\n" >r.git/hooks/pre-receive &&
	chmod +x r.git/hooks/pre-receive &&
	b -q task set brief status=done >/dev/null &&
	expect_status 6 b sync &&
	grep -qx "priority: high" b/tasks/br/brief.yaml &&
	grep -qx "status: done" b/tasks/br/brief.yaml &&
	(cd b && ws_clean) &&
	rm r.git/hooks/pre-receive &&
	expect_status 0 b sync && expect_status 0 a sync &&
	converged
'

test_case 'the remote moves between fetch and push: sync retries' '
	trap stop_daemon EXIT &&
	two_clones &&
	b -q task set brief priority=low >/dev/null &&
	git -C b push -q origin HEAD:refs/heads/pending &&
	cat >r.git/hooks/update <<-\EOF &&
	#!/bin/sh
	# Another clone pushes while this push is under way, once.
	if [ ! -e race.done ]; then
		: >race.done
		git update-ref refs/heads/main refs/heads/pending
	fi
	exit 0
	EOF
	chmod +x r.git/hooks/update &&
	serve &&
	a -q task set brief status=done >/dev/null &&
	mine=$(git -C a rev-parse HEAD) &&
	theirs=$(git -C r.git rev-parse pending) &&
	expect_status 0 a sync &&
	test -e r.git/race.done &&
	expect_err_contains "1 commit in" &&
	test "$(git -C r.git rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	git -C r.git merge-base --is-ancestor "$mine" main &&
	git -C r.git merge-base --is-ancestor "$theirs" main &&
	grep -qx "status: done" a/tasks/br/brief.yaml &&
	grep -qx "priority: low" a/tasks/br/brief.yaml
'

test_case 'a remote that keeps moving: exit 6 after 5 tries, nothing lost' '
	trap stop_daemon EXIT &&
	two_clones &&
	cat >r.git/hooks/update <<-\EOF &&
	#!/bin/sh
	# Every push loses the race to another commit.
	c=$(git commit-tree -p refs/heads/main -m race "refs/heads/main^{tree}")
	git update-ref refs/heads/main "$c"
	echo x >>tries
	exit 0
	EOF
	chmod +x r.git/hooks/update &&
	serve &&
	a -q task set brief status=done >/dev/null &&
	mine=$(git -C a rev-parse HEAD) &&
	expect_status 6 a sync &&
	expect_err_contains "bops: remote '\''origin'\'' kept moving: gave up after 5 tries" &&
	test "$(wc -l <r.git/tries)" = 5 &&
	git -C a merge-base --is-ancestor "$mine" HEAD &&
	grep -qx "status: done" a/tasks/br/brief.yaml &&
	(cd a && ws_clean)
'

test_done
