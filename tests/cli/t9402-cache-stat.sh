#!/bin/sh
# A read the cache answers checksums the cache file only when it cannot
# tell that nothing touched the file since bops wrote and checksummed
# it: .git/bops/cache/<kind>.stat records the file's device, inode,
# size, times and checksum.  Any change to the file (in place, with its
# size and modification time kept, or a copy over it) and any damage to
# the record sends the read back to the checksum, which sees damage and
# rebuilds: the answers never change.  The record is made once the
# clock tick of the file's last change is over (a change within it would
# keep the change time): so a cache made by a read is recorded by the
# next read after the tick, which checksums it.
. "$(dirname "$0")/lib.sh"

CACHE=.git/bops/cache/task

setup() {
	new_ws &&
	bops task add "first" priority=high tags=a,b >/dev/null 2>&1 &&
	bops task add "Việt Nam – 東京 ไทย" assignee=lan >/dev/null 2>&1 &&
	bops task add "third" --id third estimate=3 >/dev/null 2>&1 &&
	settle && settle &&
	bops task list --json >"$HOME/want" 2>&1 &&
	cp "$CACHE" "$HOME/cache"
}

# settle: a read once the clock tick of the last change is over.
settle() {
	sleep 0.1 && bops task list >/dev/null 2>&1
}

# same WHAT: task list answers as at setup, says nothing, and the cache
# is the good one again.
same() {
	bops task list --json >"$HOME/got" 2>"$HOME/err" ||
	    { fail "after $1 task list failed"; return 1; }
	[ ! -s "$HOME/err" ] || { fail "after $1 task list said:";
	    sed 's/^/#   /' "$HOME/err" >&2; return 1; }
	cmp -s "$HOME/want" "$HOME/got" ||
	    { fail "after $1 the answer differs"; return 1; }
	cmp -s "$HOME/cache" "$CACHE" ||
	    { fail "after $1 the cache was not rebuilt"; return 1; }
}

# flip OFFSET: change one byte of the cache in place, keeping its size
# and its modification time.
flip() {
	b=$(od -An -tu1 -j "$1" -N1 "$CACHE" | tr -d " ")
	touch -r "$CACHE" "$HOME/stamp" &&
	printf "\\$(printf %o $(((b + 1) % 256)))" |
	    dd of="$CACHE" bs=1 seek="$1" conv=notrunc 2>/dev/null &&
	touch -r "$HOME/stamp" "$CACHE"
}

test_case 'a read records the cache it checksummed; the next trusts it' '
	setup &&
	test -s "$CACHE.stat" &&
	grep -q "^BOPSSTAT1 " "$CACHE.stat" &&
	cp -p "$CACHE.stat" "$HOME/stat" &&
	sleep 0.1 && same "a plain read" &&
	cmp -s "$HOME/stat" "$CACHE.stat" &&
	test ! "$CACHE.stat" -nt "$HOME/stat" ||
	    fail "the record was made again"
'

test_case 'a byte changed in place, size and time kept: checksummed, rebuilt' '
	setup &&
	size=$(wc -c <"$CACHE") &&
	for off in 60 $((size / 3)) $((size / 2)) $((size - 20)) \
	    $((size - 1)); do
		flip $off && ! cmp -s "$HOME/cache" "$CACHE" &&
		same "changing byte $off in place" || return 1
	done
'

test_case 'a copy over the cache, a truncation: checksummed, rebuilt' '
	setup &&
	head -c 100 "$HOME/cache" >"$CACHE" && same "truncating" &&
	cp "$HOME/cache" "$HOME/bad" &&
	printf "X" | dd of="$HOME/bad" bs=1 seek=70 conv=notrunc \
	    2>/dev/null &&
	cp "$HOME/bad" "$CACHE" && same "a damaged copy" &&
	cp -p "$HOME/bad" "$CACHE" && same "a damaged copy, times kept"
'

test_case 'a damaged, foreign or missing record: checksummed, the same' '
	setup &&
	rm "$CACHE.stat" && same "no record" && settle &&
	test -s "$CACHE.stat" &&
	echo "BOPSSTAT1 1 2 3" >"$CACHE.stat" && same "a foreign record" &&
	head -c 20 /dev/urandom >"$CACHE.stat" && same "random bytes" &&
	rm "$CACHE.stat" && mkdir "$CACHE.stat" && same "a directory" &&
	rmdir "$CACHE.stat" &&
	flip 80 && same "then a byte changed" &&
	ws_clean
'

test_case 'a record copied from another cache does not vouch for this one' '
	setup &&
	cp "$CACHE.stat" "$HOME/stat" &&
	flip 90 && cp "$HOME/stat" "$CACHE.stat" &&
	same "an old record over a changed cache"
'

test_done
