#!/bin/sh
# The fast paths of reads answer as the slow ones do.  A read that the
# cache answers starts no libgit2: HEAD and its branch are read from
# .git, the config and the kinds' trees of HEAD from what
# .git/bops/cache/head remembers; filters, board counts and cards and WIP
# counts read the cache's packed values.  Whatever moved HEAD (bops, a
# hand commit, a revert, git gc, another writer), the answers equal those
# of a cache rebuilt from nothing, which reads every record from git.
. "$(dirname "$0")/lib.sh"

# answers NAME: what the reads print, in $HOME/NAME.*; fails on any
# failure or any word on stderr.
answers() {
	for q in "list --json" "list status=processing assignee=me --json" \
	    "list priority>=high tags=seo,ops --sort -due,title --json" \
	    "list title~khách --csv" "list --limit 2 --sort -created" \
	    "board --json" "board --limit 1" "backlog --json"; do
		n=$(printf '%s' "$q" | tr -c 'a-z0-9' _)
		# shellcheck disable=SC2086
		"$BOPS" task $q >"$HOME/$1.$n" 2>"$HOME/$1.err" ||
		    { fail "task $q failed:"; sed 's/^/#   /' "$HOME/$1.err" >&2;
		    return 1; }
		[ ! -s "$HOME/$1.err" ] ||
		    { fail "task $q said:"; sed 's/^/#   /' "$HOME/$1.err" >&2;
		    return 1; }
	done
}

# same WHAT: the reads answer as a cache made from nothing does, and
# the cache kept up to date is byte for byte the one made from nothing.
same() {
	answers fast || { fail "after $1"; return 1; }
	cache=$(git rev-parse --git-dir)/bops/cache/task
	cp "$cache" "$HOME/cache.kept" ||
	    { fail "after $1, no task cache"; return 1; }
	rm -rf "${cache%/task}"
	answers slow || { fail "after $1, from nothing"; return 1; }
	cmp -s "$cache" "$HOME/cache.kept" ||
	    { fail "after $1, the cache kept differs from one made anew";
	    return 1; }
	for f in "$HOME"/slow.*; do
		g="$HOME/fast.${f##*/slow.}"
		[ "${f##*.}" = err ] && continue
		cmp -s "$f" "$g" ||
		    { fail "after $1, ${f##*/slow.} differs:";
		    diff "$f" "$g" | head | sed 's/^/#   /' >&2; return 1; }
	done
}

setup() {
	new_ws &&
	bops -q task add "Gọi lại cho khách hàng Phở 24" --id goi priority=high \
	    tags=seo,ops assignee=me due=2026-11-30 >/dev/null &&
	bops -q task add "Write the plan" --id plan priority=urgent tags=ops \
	    >/dev/null &&
	bops -q task add "准备季度报告" --id report priority=low assignee=me \
	    >/dev/null &&
	bops -q task add "Call Minh" --id call tags=seo due=2026-12-01 \
	    >/dev/null &&
	bops -q task start goi >/dev/null && bops -q task start plan >/dev/null &&
	bops -q task done report >/dev/null || { fail "setup"; return 1; }
}

# hand_commit FILE SED: change a record with sed and commit it with git.
hand_commit() {
	sed -i "$2" "$1" && git commit -q -am "by hand: $1" ||
	    { fail "hand commit of $1"; return 1; }
}

writes_and_hand_commits() {
	setup && answers before && same "bops writes" || return 1
	hand_commit tasks/ca/call.yaml 's/^title: .*/title: Call Minh khách/' &&
	same "a hand commit" || return 1
	git revert --no-edit HEAD >/dev/null && same "git revert" || return 1
	bops -q task set call status=processing >/dev/null &&
	same "a write after them" && ws_clean
}

packed_refs() {
	setup && git gc -q && [ ! -f .git/refs/heads/main ] ||
	    { fail "git gc left the loose ref"; return 1; }
	same "git gc packed the branch" || return 1
	# packed-refs is read without libgit2: a broken config goes unseen.
	answers want && cp .git/config "$HOME/config" &&
	printf '[broken\n' >.git/config && answers got &&
	cp "$HOME/config" .git/config &&
	cmp -s "$HOME/want.list___json" "$HOME/got.list___json" ||
	    { fail "a read on a packed branch opened the repository"
	    return 1; }
	bops -q task set plan priority=low >/dev/null &&
	same "a write on a packed branch" || return 1
	git pack-refs --all && hand_commit tasks/pl/plan.yaml \
	    's/^priority: .*/priority: high/' && same "a hand commit, packed" &&
	ws_clean
}

detached_head() {
	setup && answers before && git checkout -q --detach &&
	expect_status 6 bops task list && expect_err_contains "HEAD is detached" &&
	git checkout -q main && same "coming back to the branch"
}

# A linked worktree's .git is a file: libgit2 opens it.
worktree() {
	setup && git worktree add -q ../other -b other >/dev/null 2>&1 &&
	( cd ../other && hand_commit tasks/go/goi.yaml \
	    's/^priority: .*/priority: low/' && same "a commit in a worktree" &&
	    answers other ) || return 1
	same "the worktree's commit" &&
	! cmp -s "$HOME/other.list___json" "$HOME/fast.list___json" ||
	    { fail "the worktree and the main tree answer alike"; return 1; }
}

damaged_head_state() {
	setup && answers want || return 1
	head=.git/bops/cache/head
	[ -f $head ] || { fail "no $head"; return 1; }
	cp $head "$HOME/head"
	size=$(wc -c <"$HOME/head")
	for off in 0 10 55 100 $((size / 2)) $((size - 9)) $((size - 1)); do
		cp "$HOME/head" $head
		printf 'Z' | dd of=$head bs=1 seek=$off conv=notrunc 2>/dev/null
		answers got || return 1
		cmp -s "$HOME/want.list___json" "$HOME/got.list___json" &&
		cmp -s "$HOME/want.board___json" "$HOME/got.board___json" ||
		    { fail "a byte changed at $off changed an answer"; return 1; }
		cmp -s "$HOME/head" $head ||
		    { fail "byte $off: $head not made again"; return 1; }
	done
	head -c 20 "$HOME/head" >$head && answers got &&
	cmp -s "$HOME/want.list___json" "$HOME/got.list___json" || return 1
	# Another workspace's: for another commit.
	(new_ws "$HOME/two" && bops -q task add two >/dev/null) || return 1
	cp "$HOME/two/$head" $head && same "another workspace's head state"
}

# What a read the cache answers leaves alone: .git/config is read by
# libgit2 when it opens the repository, so a broken one shows which reads
# open it.  Once HEAD moves, the read needs git, and says so.
no_libgit2() {
	setup && answers want && cp .git/config "$HOME/config" &&
	printf '[broken\n' >.git/config || return 1
	answers got &&
	cmp -s "$HOME/want.list___json" "$HOME/got.list___json" ||
	    { fail "a cache-valid read opened the repository"; return 1; }
	cp "$HOME/config" .git/config &&
	hand_commit tasks/ca/call.yaml 's/^title: .*/title: Call Minh again/' &&
	printf '[broken\n' >.git/config &&
	expect_status 6 bops task list && expect_err_contains "config" &&
	cp "$HOME/config" .git/config && same "a repaired config"
}

concurrent_writers() {
	setup || return 1
	for i in 1 2 3 4 5 6; do
		"$BOPS" -q task add "Parallel $i" --id "par$i" \
		    tags=seo >"out.$i" 2>&1 &
	done
	wait
	for i in 1 2 3 4 5 6; do
		grep -qx "par$i" "out.$i" || { fail "writer $i:";
		    sed 's/^/#   /' "out.$i" >&2; return 1; }
		rm -f "out.$i"
	done
	same "six writers at once" && ws_clean
}

# The WIP count reads the cache: a hand commit that filled the column
# counts, and a move past the limit is refused as before.
wip_count() {
	setup && bops -q task start call >/dev/null &&
	hand_commit tasks/re/report.yaml 's/^status: .*/status: processing/' &&
	bops -q task add "Fifth" --id fifth >/dev/null &&
	expect_status 5 bops task start fifth &&
	expect_err_contains "'processing' is at its WIP limit (4 of 3)" &&
	expect_status 0 bops task start fifth --force && ws_clean
}

clone_without_cache() {
	setup && answers origin && cd "$HOME" &&
	bops -q clone ws copy >/dev/null 2>&1 && cd copy &&
	rm -rf .git/bops && answers got || return 1
	for f in "$HOME"/origin.*; do
		[ "${f##*.}" = err ] && continue
		cmp -s "$f" "$HOME/got.${f##*/origin.}" ||
		    { fail "the clone answers ${f##*/origin.} otherwise";
		    return 1; }
	done
	same "a clone"
}

# More top-level fields than the cache gives places to (64): filters,
# sort orders and the board read such records the slow way, the same.
many_fields() {
	setup && for i in $(seq 1 70); do echo "x_f$i: v$i"; done \
	    >>tasks/pl/plan.yaml && git commit -q -am "70 fields" &&
	same "a record of 70 more fields" &&
	expect_status 0 bops task list x_f70=v70 --csv --fields id &&
	expect_out "id
plan" && expect_status 0 bops task board --limit 1 &&
	grep -q " plan Write the plan " out ||
	    { fail "the board lacks plan:"; sed 's/^/#   /' out >&2; return 1; }
}

test_case 'bops writes, hand commits and a revert: the same answers' \
    writes_and_hand_commits
test_case 'a branch packed by git gc is read without libgit2, the same' \
    packed_refs
test_case 'a detached HEAD is refused as before' detached_head
test_case 'a linked worktree reads its own branch' worktree
test_case 'a damaged or foreign head state is read again' damaged_head_state
test_case 'a read the cache answers does not open the repository' no_libgit2
test_case 'six writers at once, then the same answers' concurrent_writers
test_case 'the WIP count sees a hand commit' wip_count
test_case 'a clone without its cache answers as its origin' \
    clone_without_cache
test_case 'records with more fields than the cache places: the same' \
    many_fields
test_done
