#!/bin/sh
# A refresh after a write copies the old cache's entries that the write
# did not change into the new file, under a new checksum.  It checks the
# old file's checksum first, even when its .stat record vouches for it:
# an entry damaged in place (size and modification time kept, the
# record made to match) must not become part of a file that checksums.
. "$(dirname "$0")/lib.sh"

CACHE=.git/bops/cache/task

# vouch: make .stat describe the cache as it is now, with the checksum
# it ends in (as a forged or stale record would).
vouch() {
	python3 - "$CACHE" <<'PY'
import os, sys
p = sys.argv[1]
st = os.stat(p)
with open(p, "rb") as f:
    data = f.read()
s = data[-8:]
lo = int.from_bytes(s[:4], "little")
hi = int.from_bytes(s[4:], "little")
ns = lambda t: "%d.%09d" % (t // 10**9, t % 10**9)
with open(p + ".stat", "w") as f:
    f.write("BOPSSTAT1 %d %d %d %s %s %08x%08x\n" % (st.st_dev,
        st.st_ino, st.st_size, ns(st.st_mtime_ns), ns(st.st_ctime_ns),
        lo, hi))
PY
}

test_case 'a refresh checks the old cache before copying its entries' '
	need python3 &&
	new_ws &&
	bops task add "Quarterly plan" --id plan >/dev/null 2>&1 &&
	bops task add "Việt Nam – 東京" --id tokyo >/dev/null 2>&1 &&
	bops task list >/dev/null 2>&1 &&
	off=$(grep -abo "Quarterly" "$CACHE" | head -1 | cut -d: -f1) &&
	test -n "$off" &&
	touch -r "$CACHE" "$HOME/stamp" &&
	printf "X" | dd of="$CACHE" bs=1 seek="$off" conv=notrunc \
	    2>/dev/null &&
	touch -r "$HOME/stamp" "$CACHE" &&
	grep -aq "Xuarterly" "$CACHE" &&
	vouch &&
	bops task add "Third" --id third >/dev/null 2>&1 &&
	bops task list --all --json >"$HOME/out" 2>"$HOME/err" &&
	grep -q "Quarterly plan" "$HOME/out" &&
	! grep -q "Xuarterly" "$HOME/out" &&
	! grep -aq "Xuarterly" "$CACHE" &&
	grep -q "\"third\"" "$HOME/out"
'

test_done
