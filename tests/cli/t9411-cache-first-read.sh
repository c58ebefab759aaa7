#!/bin/sh
# The first read after a clone builds the cache with no cache to start
# from: from 512 records to parse on, every processor reads its share of
# the blobs from the object store and parses them.  Its answers, its
# warnings and its cache file must be those of a cache built a few
# records at a time, and it says nothing on stderr when stderr is not a
# terminal (the progress line is for a terminal only).
. "$(dirname "$0")/lib.sh"

GEN=$(cd "$(dirname "$0")/../bench" && pwd)/gen.py
CACHE=.git/bops/cache/task

# records: 700 generated tasks, and one that is not valid, as files in
# the work tree.
records() {
	need python3 &&
	python3 "$GEN" 700 . /dev/null --okrs=0 >/dev/null &&
	mkdir -p tasks/zz &&
	printf 'title: Kiểm tra 東京\nstatus: bogus\n' >tasks/zz/zzzzzzzzzz.yaml
}

# commit MESSAGE: commit the work tree with plain git.
commit() {
	git add -A && git -c user.name=Hand -c user.email=hand@example.com \
	    commit -q -m "$1"
}

test_case 'a first read on every processor answers as one in steps' '
	new_ws && records &&
	# In steps: 300 records first, the rest in a second commit, so that
	# no build parses 512.
	mkdir "$HOME/later" &&
	git ls-files --others tasks | sed -n "301,\$p" >"$HOME/rest" &&
	while read -r f; do
		mkdir -p "$HOME/later/${f%/*}" && mv "$f" "$HOME/later/$f" ||
		    exit 1
	done <"$HOME/rest" &&
	commit "first part" &&
	bops task list >/dev/null 2>&1 &&
	cp -R "$HOME/later/tasks" . &&
	commit "second part" &&
	bops task list --all --json >"$HOME/steps" 2>"$HOME/steps.err" &&
	test "$(grep -c "\"id\"" "$HOME/steps")" -eq 700 &&
	cp "$CACHE" "$HOME/steps.cache" &&
	# At once, as after a clone.
	rm -rf .git/bops/cache &&
	bops task list --all --json >"$HOME/once" 2>"$HOME/once.err" &&
	cmp "$HOME/steps" "$HOME/once" &&
	cmp "$HOME/steps.err" "$HOME/once.err" &&
	cmp "$HOME/steps.cache" "$CACHE" &&
	grep -q "zzzzzzzzzz" "$HOME/once.err" &&
	test "$(wc -l <"$HOME/once.err")" -eq 1 &&
	! grep -q "building" "$HOME/once.err"
'

test_case 'a first read with a blob missing fails, names it, keeps no cache' '
	new_ws && records && commit "hand" &&
	blob=$(git rev-parse HEAD:$(git ls-files tasks | sed -n 350p)) &&
	rest=${blob#??} &&
	rm -f ".git/objects/${blob%$rest}/$rest" &&
	rm -rf .git/bops/cache &&
	expect_status 3 bops task list &&
	expect_err_contains "bops: read '\''$blob'\'': no such blob" &&
	test ! -e "$CACHE" &&
	! test -s out
'

test_done
