#!/bin/sh
# bops clone (a path, a file:// URL), the merge driver it registers, the
# first sync, a quiet sync, and remotes that cannot be reached.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

test_case 'the first sync of a new workspace pushes it' '
	git init -q --bare -b main r.git &&
	BOPS_AUTHOR="$ANN" bops -q init a &&
	git -C a remote add origin ../r.git &&
	a -q task add "Write the brief" --id brief >/dev/null &&
	expect_status 0 a sync &&
	expect_err_contains "sync origin: 0 commits in, 2 out" &&
	test "$(git -C a rev-parse HEAD)" = "$(git -C r.git rev-parse main)"
'

test_case 'clone of a path checks out the workspace and registers the driver' '
	two_clones &&
	test -f b/tasks/br/brief.yaml &&
	cmp a/tasks/br/brief.yaml b/tasks/br/brief.yaml &&
	test "$(git -C b config merge.bops.driver)" = \
	    "bops merge-driver %O %A %B %P" &&
	test "$(git -C b symbolic-ref HEAD)" = refs/heads/main &&
	grep -qx "tasks/\*/\*.yaml merge=bops" b/.gitattributes &&
	(cd b && ws_clean) &&
	expect_status 0 b task list &&
	expect_out_contains "Write the brief"
'

test_case 'clone of a file:// URL into a named directory' '
	two_clones &&
	expect_status 0 bops clone "file://$PWD/r.git" c &&
	expect_err_contains "cloned file://$PWD/r.git into $PWD/c" &&
	test "$(git -C c rev-parse HEAD)" = "$(git -C a rev-parse HEAD)" &&
	test "$(git -C c config merge.bops.driver)" = \
	    "bops merge-driver %O %A %B %P" &&
	(cd c && ws_clean)
'

test_case 'clone of a bare remote whose HEAD names master takes main' '
	git init -q --bare r.git &&
	git -C r.git symbolic-ref HEAD refs/heads/master &&
	BOPS_AUTHOR="$ANN" bops -q init a &&
	git -C a remote add origin ../r.git &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 bops clone r.git b &&
	test "$(git -C b symbolic-ref HEAD)" = refs/heads/main &&
	(cd b && ws_clean)
'

test_case 'clone refuses a directory that exists' '
	two_clones &&
	mkdir c && touch c/keep &&
	expect_status 5 bops clone r.git c &&
	expect_err_contains "already exists" &&
	test -f c/keep && ! test -e c/.git
'

test_case 'clone of a remote that does not exist fails with exit 6' '
	expect_status 6 bops clone "$PWD/nowhere.git" c &&
	expect_err_contains "remote '\''$PWD/nowhere.git'\'': clone: no repository there" &&
	! test -e c/bops.yaml
'

test_case 'sync with nothing to do says nothing' '
	two_clones &&
	expect_status 0 b sync &&
	test ! -s out && test ! -s err &&
	expect_status 0 a sync &&
	test ! -s out && test ! -s err
'

test_case 'sync reports what came in and what went out' '
	two_clones &&
	a -q task add "Call the printer" --id printer >/dev/null &&
	a -q task set brief priority=high >/dev/null &&
	expect_status 0 a sync &&
	test ! -s out &&
	expect_err_contains "sync origin: 0 commits in, 2 out, 0 records changed, 0 conflicts" &&
	expect_status 0 b sync &&
	expect_out "brief
printer" &&
	expect_err_contains "sync origin: 2 commits in, 0 out, 2 records changed, 0 conflicts" &&
	converged
'

test_case 'an offline remote: exit 6, the message names it, commits stay' '
	two_clones &&
	git -C b remote add gone "$PWD/gone.git" &&
	b -q task set brief status=done >/dev/null &&
	head=$(git -C b rev-parse HEAD) &&
	expect_status 6 b sync --remote gone &&
	expect_err_contains "bops: remote '\''gone'\'': fetch: no repository there" &&
	! grep -q "out" err &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	(cd b && ws_clean)
'

test_case 'a remote that is not configured: exit 6' '
	two_clones &&
	expect_status 6 b sync --remote nosuch &&
	expect_err_contains "nosuch"
'

test_case 'sync and clone reject bad usage with exit 2' '
	two_clones &&
	expect_status 2 b sync extra &&
	expect_status 2 b sync --nope &&
	expect_status 2 bops clone &&
	expect_status 2 bops clone r.git c d
'

# The checkout bops makes in one pass is the one git makes: files, an
# executable, a link, a submodule's directory, line endings that
# .gitattributes asks for, the index (git status clean) and the cache.
clone_as_git() {
	two_clones &&
	(cd a && mkdir -p docs/deep && printf 'a\nb\n' >docs/deep/n.txt &&
	printf '#!/bin/sh\n' >docs/run.sh && chmod +x docs/run.sh &&
	ln -s deep/n.txt docs/link &&
	printf '*.txt text eol=crlf\n' >docs/.gitattributes &&
	git add docs && git update-index --add --cacheinfo \
	    160000,$(git rev-parse HEAD),docs/sub &&
	git commit -q -m docs && git push -q origin main) || return 1
	bops -q clone r.git c >/dev/null 2>&1 && git clone -q r.git g 2>/dev/null ||
	    { fail "a clone failed"; return 1; }
	(cd c && find . -path ./.git -prune -o -print | sort) >c.list &&
	(cd g && find . -path ./.git -prune -o -print | sort) >g.list &&
	cmp c.list g.list || { fail "other files:"; diff c.list g.list |
	    sed "s/^/#   /" >&2; return 1; }
	while read -r f; do
		if [ -L "g/$f" ]; then
			[ -L "c/$f" ] && [ "$(readlink "c/$f")" = \
			    "$(readlink "g/$f")" ] || { fail "$f: not the link"; return 1; }
		elif [ -f "g/$f" ]; then
			cmp -s "c/$f" "g/$f" &&
			[ "$(stat -c %A "c/$f")" = "$(stat -c %A "g/$f")" ] ||
			    { fail "$f differs"; return 1; }
		fi
	done <g.list
	grep -q "$(printf "a\r")" c/docs/deep/n.txt ||
	    { fail "no CRLF in n.txt"; return 1; }
	[ -z "$(git -C c status --porcelain)" ] ||
	    { fail "git status:"; git -C c status --porcelain >&2; return 1; }
	[ "$(git -C c ls-files -s | sort)" = "$(git -C g ls-files -s | sort)" ] ||
	    { fail "the indexes differ"; return 1; }
	(cd c && ws_clean)
}
test_case 'the clone checks out what git clone does, index and all' \
    clone_as_git

test_done
