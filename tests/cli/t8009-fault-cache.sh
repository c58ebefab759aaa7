#!/bin/sh
# The read cache (.git/bops/cache/) can be deleted, truncated or damaged
# at any time: reads notice, rebuild it from git and answer exactly as
# before; they never crash and never answer from damaged bytes.
. "$(dirname "$0")/lib.sh"

CACHE=.git/bops/cache/task

# setup: records of several shapes, the answers in $HOME/want.*, and the
# good cache in $HOME/cache.
setup() {
	new_ws || return 1
	bops task add "first" priority=high tags=a,b due=2026-12-01 \
	    >/dev/null 2>&1 &&
	bops task add "Việt Nam – 東京 ไทย" assignee=lan description="line one
line two" >/dev/null 2>&1 &&
	bops task add "third" --id third estimate=3 >/dev/null 2>&1 &&
	bops task move third done >/dev/null 2>&1 ||
	    { fail "setup failed"; return 1; }
	answers want || return 1
	[ -f "$CACHE" ] || { fail "no cache at $CACHE"; return 1; }
	cp "$CACHE" "$HOME/cache"
}

# answers NAME: the reads' output to $HOME/NAME.*; fails on any failure.
answers() {
	for f in table json csv; do
		case $f in
		table) "$BOPS" task list ;;
		*) "$BOPS" task list --$f ;;
		esac >"$HOME/$1.$f" 2>"$HOME/$1.err" ||
		    { fail "task list ($f) failed:";
		    sed 's/^/#   /' "$HOME/$1.err" >&2; return 1; }
	done
	"$BOPS" task list status=done --json >"$HOME/$1.filter" 2>>"$HOME/$1.err" &&
	"$BOPS" task board >"$HOME/$1.board" 2>>"$HOME/$1.err" ||
	    { fail "a read failed:"; sed 's/^/#   /' "$HOME/$1.err" >&2;
	    return 1; }
	[ ! -s "$HOME/$1.err" ] ||
	    { fail "a read said something:"; sed 's/^/#   /' "$HOME/$1.err" >&2;
	    return 1; }
}

# same_answers WHAT: the reads answer as they did at setup.
same_answers() {
	answers got || { fail "after $1"; return 1; }
	for f in table json csv filter board; do
		cmp -s "$HOME/want.$f" "$HOME/got.$f" ||
		    { fail "after $1, $f differs:";
		    diff "$HOME/want.$f" "$HOME/got.$f" | head |
		    sed 's/^/#   /' >&2; return 1; }
	done
}

# same_list WHAT: a quicker same_answers, of one read.
same_list() {
	"$BOPS" task list --json >"$HOME/got.json" 2>"$HOME/got.err" ||
	    { fail "after $1 task list failed:";
	    sed 's/^/#   /' "$HOME/got.err" >&2; return 1; }
	[ ! -s "$HOME/got.err" ] ||
	    { fail "after $1 task list said:";
	    sed 's/^/#   /' "$HOME/got.err" >&2; return 1; }
	cmp -s "$HOME/want.json" "$HOME/got.json" ||
	    { fail "after $1 the answer differs"; return 1; }
}

# rebuilt WHAT: the cache is the good one again.
rebuilt() {
	cmp -s "$HOME/cache" "$CACHE" ||
	    { fail "after $1 the cache was not rebuilt"; return 1; }
}

deleted_cache_rebuilt() {
	setup || return 1
	rm -rf .git/bops/cache
	same_answers "deleting the cache" && rebuilt "deleting the cache" ||
	    return 1
	rm -rf .git/bops
	same_answers "deleting .git/bops" && rebuilt "deleting .git/bops" &&
	ws_clean
}

truncated_cache_rebuilt() {
	setup || return 1
	size=$(wc -c <"$HOME/cache")
	for n in 0 1 10 11 50 90 91 95 $((size / 2)) $((size - 9)) \
	    $((size - 8)) $((size - 1)); do
		head -c "$n" "$HOME/cache" >"$CACHE"
		same_list "truncating to $n bytes" &&
		rebuilt "truncating to $n bytes" || return 1
	done
	# Longer than it should be.
	cp "$HOME/cache" "$CACHE" && printf 'tail' >>"$CACHE"
	same_answers "appending" && rebuilt "appending" && ws_clean
}

# Flip one byte at a time, all through the file.
damaged_cache_rebuilt() {
	setup || return 1
	size=$(wc -c <"$HOME/cache")
	step=$((size / 25 + 1))
	off=0
	while [ $off -lt "$size" ]; do
		cp "$HOME/cache" "$CACHE"
		b=$(od -An -tu1 -j "$off" -N1 "$HOME/cache" | tr -d ' ')
		printf "\\$(printf %o $(((b + 1) % 256)))" |
		    dd of="$CACHE" bs=1 seek="$off" conv=notrunc 2>/dev/null
		cmp -s "$HOME/cache" "$CACHE" &&
		    { fail "byte $off was not changed"; return 1; }
		same_list "changing byte $off" &&
		rebuilt "changing byte $off" || return 1
		off=$((off + step))
	done
	# The last 8 bytes, one by one.
	off=$((size - 8))
	while [ $off -lt "$size" ]; do
		cp "$HOME/cache" "$CACHE"
		printf 'Z' | dd of="$CACHE" bs=1 seek="$off" conv=notrunc \
		    2>/dev/null
		same_list "changing byte $off" &&
		rebuilt "changing byte $off" || return 1
		off=$((off + 1))
	done
	same_answers "all that" && ws_clean
}

garbage_cache_rebuilt() {
	setup || return 1
	size=$(wc -c <"$HOME/cache")
	head -c "$size" /dev/urandom >"$CACHE"
	same_answers "random bytes" && rebuilt "random bytes" || return 1
	# The right header over random bytes.
	head -c 100 "$HOME/cache" >"$CACHE"
	head -c 5000 /dev/urandom >>"$CACHE"
	same_answers "a good header over random bytes" &&
	rebuilt "a good header over random bytes" || return 1
	# Another workspace's cache.
	cp "$HOME/cache" "$HOME/mine"
	(new_ws "$HOME/other" && bops task add other >/dev/null 2>&1) ||
	    return 1
	cp "$HOME/other/$CACHE" "$CACHE"
	same_answers "another workspace's cache" &&
	rebuilt "another workspace's cache" && ws_clean
}

# A cache that cannot be read or written: reads still answer.
unusable_cache_tolerated() {
	setup || return 1
	rm -rf .git/bops/cache
	mkdir -p "$CACHE"	# a directory where the file goes
	same_answers "a directory in the cache's place" || return 1
	rm -rf .git/bops/cache
	: >.git/bops/cache	# a file where the directory goes
	same_answers "a file in the cache directory's place" || return 1
	rm -f .git/bops/cache
	same_answers "removing it" && rebuilt "removing it"
}

# HEAD moved by git, not bops: the cache follows.
cache_follows_head() {
	setup || return 1
	git mv tasks/th/third.yaml tasks/th/third.yaml.off &&
	git commit -q -m "hide third" || return 1
	expect_status 0 bops task list --csv --fields id || return 1
	grep -q third out && { fail "a stale cache answered"; return 1; }
	git revert --no-edit HEAD >/dev/null || return 1
	same_answers "git revert" && rebuilt "git revert"
}

test_case 'a deleted cache is rebuilt; answers are the same' \
    deleted_cache_rebuilt
test_case 'a truncated cache is rebuilt; answers are the same' \
    truncated_cache_rebuilt
test_case 'a cache with a changed byte is rebuilt; answers are the same' \
    damaged_cache_rebuilt
test_case 'a cache of random bytes is rebuilt; answers are the same' \
    garbage_cache_rebuilt
test_case 'a cache that cannot be used is no error' unusable_cache_tolerated
test_case 'the cache follows a HEAD moved by git' cache_follows_head

# After a write only the changed shard is read again; the answers match
# a cache made from nothing, also when a stale .shards file lies about.
shard_refresh() {
	new_ws &&
	for id in aaaa1 aaaa2 bbbb1 cccc1; do
		"$BOPS" -q task add "Task $id" --id $id >/dev/null || return 1
	done
	"$BOPS" task list --json >before || return 1
	head -1 .git/bops/cache/task.shards | grep -qx "$(git rev-parse HEAD:tasks)" ||
	    { fail ".shards does not name the tasks tree"; return 1; }
	grep -q "^aa $(git rev-parse HEAD:tasks/aa)$" .git/bops/cache/task.shards ||
	    { fail ".shards lacks shard aa"; return 1; }
	"$BOPS" -q task set bbbb1 priority=high >/dev/null &&
	"$BOPS" task list --json >after1 &&
	rm -rf .git/bops/cache &&
	"$BOPS" task list --json >after2 &&
	cmp after1 after2 &&
	grep -q '"priority":"high"' after1 &&
	! cmp -s before after1 &&
	"$BOPS" -q task set aaaa1 priority=low >/dev/null &&
	# a .shards that claims every shard is unchanged must not be
	# believed for another tree
	sed -i "1s/.*/0000000000000000000000000000000000000000/" \
	    .git/bops/cache/task.shards &&
	"$BOPS" task list --json >after3 &&
	rm -rf .git/bops/cache &&
	"$BOPS" task list --json >after4 &&
	cmp after3 after4 && grep -q '"priority":"low"' after3
}
test_case 'a refresh after a write re-reads only changed shards, same answers' \
    shard_refresh
test_done
