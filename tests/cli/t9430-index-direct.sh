#!/bin/sh
# A write updates the index in place, entry by entry, from the old file:
# after every command git sees a clean work tree, its stat data say so
# (git diff-files), and a commit git makes by hand from that index holds
# bops's change, though git's own cache tree (TREE) was in the index.
. "$(dirname "$0")/lib.sh"

# index_has EXT: the index holds extension EXT.
index_has() {
	python3 - "$1" <<'PY'
import sys
d = open(".git/index", "rb").read()
n, off = int.from_bytes(d[8:12], "big"), 12
for _ in range(n):
    fl = int.from_bytes(d[off + 60:off + 62], "big")
    fixed = 64 if fl & 0x4000 else 62
    ln = fl & 0xfff
    if ln == 0xfff:
        ln = d.index(b"\0", off + fixed) - off - fixed
    off += (fixed + ln + 8) & ~7
while off < len(d) - 20:
    if d[off:off + 4] == sys.argv[1].encode():
        sys.exit(0)
    off += 8 + int.from_bytes(d[off + 4:off + 8], "big")
sys.exit(1)
PY
}

# consistent: git status and git's stat data agree with the work tree,
# and every entry is HEAD's.
consistent() {
	[ -z "$(git status --porcelain)" ] || { git status --porcelain >&2;
	    fail "git status is not clean"; return 1; }
	git diff-files --quiet || { fail "stat data stale"; return 1; }
	git ls-files -s | awk '{ print $1, $2, $4 }' >idx.out
	git ls-tree -r HEAD | awk '{ print $1, $3, $4 }' >tree.out
	cmp -s idx.out tree.out || { diff idx.out tree.out >&2;
	    fail "index and HEAD differ"; return 1; }
	rm -f idx.out tree.out
}

test_case 'adds, sets, moves and removals leave git status clean' '
	new_ws &&
	a=$(bops task add "Gặp khách hàng ở Hà Nội" 2>/dev/null) &&
	consistent &&
	b=$(bops task add "Rapport trimestriel – Zürich" 2>/dev/null) &&
	c=$(bops task add "東京オフィスの予算" --id zz-last 2>/dev/null) &&
	d=$(bops task add "First of all" --id 00-first 2>/dev/null) &&
	consistent &&
	bops -q task set "$a" priority=high assignee=lan >/dev/null &&
	bops -q task set "$c" estimate=3 >/dev/null &&
	consistent &&
	bops -q task rm "$c" >/dev/null && consistent &&
	bops -q task rm "$d" >/dev/null && consistent &&
	bops -q task done "$b" >/dev/null && consistent &&
	bops -q undo >/dev/null && consistent && ws_clean
'

test_case 'a hand commit over git'"'"'s cache tree records bops'"'"'s change' '
	new_ws &&
	a=$(bops task add "Quarterly review" 2>/dev/null) &&
	echo "notes" >notes.txt && git add notes.txt &&
	git commit -q -m "notes by hand" && index_has TREE ||
	    { fail "git wrote no cache tree"; return 1; }
	bops -q task set "$a" priority=high >/dev/null && consistent &&
	echo "more" >>notes.txt && git add notes.txt &&
	git commit -q -m "more notes by hand" &&
	[ -z "$(git diff HEAD)" ] && [ -z "$(git status --porcelain)" ] &&
	f=$(git ls-files "tasks/*$a*") &&
	[ "$(git rev-parse "HEAD:$f")" = "$(git hash-object "$f")" ] &&
	git log -p -2 -- "$f" | grep -q "^+priority: high" &&
	[ "$(git ls-tree -r HEAD | wc -l)" = "$(git ls-files | wc -l)" ] &&
	ws_clean
'
test_done
