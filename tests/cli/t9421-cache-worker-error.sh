#!/bin/sh
# A first read that parses on every processor and fails in several of
# its threads at once (blobs missing all over the tree) reports the
# failure of the first record in tree order, with its code and its
# message, after the threads are gone: what each thread keeps of its
# failure is its own copy, not an error of the thread's own ring.
. "$(dirname "$0")/lib.sh"

GEN=$(cd "$(dirname "$0")/../bench" && pwd)/gen.py
CACHE=.git/bops/cache/task

test_case 'blobs missing in every thread: exit 3, the first one named' '
	need python3 &&
	new_ws &&
	python3 "$GEN" 900 . /dev/null --okrs=0 >/dev/null &&
	git add -A &&
	git -c user.name=Hand -c user.email=hand@example.com \
	    commit -q -m "hand" &&
	git ls-tree -r HEAD tasks | awk "{ print \$3 }" >"$HOME/blobs" &&
	test "$(wc -l <"$HOME/blobs")" -ge 900 &&
	for n in 40 200 380 520 660 810 890; do
		blob=$(sed -n "${n}p" "$HOME/blobs") &&
		rest=${blob#??} &&
		rm -f ".git/objects/${blob%$rest}/$rest" || return 1
	done &&
	first=$(sed -n 40p "$HOME/blobs") &&
	rm -rf .git/bops/cache &&
	for round in 1 2 3; do
		expect_status 3 bops task list &&
		expect_err_contains "bops: read '\''$first'\'': no such blob" &&
		test "$(wc -l <err)" -eq 1 &&
		test ! -e "$CACHE" || return 1
	done
'

test_done
