# lib.sh: helpers for the CLI tests.  Each test script sources this file,
# runs cases with `test_case NAME COMMANDS`, and ends with `test_done`.
# Output is TAP: "ok N - name" / "not ok N - name".
#
# Every case runs in a fresh directory under tests/cli/trash/<script>/<N>
# (kept when the case fails), with HOME pointing there, a fixed identity,
# BOPS_NOW set, and the binary built in the tree as $BOPS.

set -u
TEST_NAME=$(basename "$0" .sh)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BOPS="$SRC/bops"
TRASH="$SRC/tests/cli/trash/$TEST_NAME"
rm -rf "$TRASH"
mkdir -p "$TRASH"
test_count=0
test_failed=0

export GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Test Runner" GIT_AUTHOR_EMAIL=runner@example.com
export GIT_COMMITTER_NAME="Test Runner" GIT_COMMITTER_EMAIL=runner@example.com
export BOPS_NOW=2026-11-23T09:00:00Z
export BOPS_AUTHOR="Lan Nguyen <lan@example.com>"
# Nothing the caller's shell has set may reach a case: the terminal
# (TERM=dumb in an Emacs shell, NO_COLOR, COLUMNS that git --stat and
# bops would read), the locale, the editor and pager, and git's own
# variables.  A case that depends on one of them sets it itself.
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm
unset BOPS_DIR BOPS_LOCK_TIMEOUT NO_COLOR CLICOLOR CLICOLOR_FORCE \
	COLUMNS LINES EDITOR VISUAL PAGER GIT_PAGER GIT_EDITOR LANGUAGE \
	GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_CEILING_DIRECTORIES \
	GIT_CONFIG GIT_CONFIG_GLOBAL GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT \
	XDG_CONFIG_HOME

bops() { "$BOPS" "$@"; }

# fail MESSAGE: fail the current case with a message.
fail() {
	echo "# $*" >&2
	return 1
}

# need TOOL: fail the case when TOOL is missing (`make deps` installs
# every tool the tests use), rather than let it pass untested.
need() {
	command -v "$1" >/dev/null || fail "$1 is needed: run make deps"
}

# expect_status N COMMAND...: run COMMAND, fail unless it exits N.
# Its stdout and stderr are kept in ./out and ./err.
expect_status() {
	want=$1
	shift
	"$@" >out 2>err
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "# expected exit $want, got $got: $*" >&2
		sed 's/^/#   out: /' out >&2
		sed 's/^/#   err: /' err >&2
		return 1
	fi
	return 0
}

# expect_out TEXT: ./out must equal TEXT (a final newline is implied).
expect_out() {
	printf '%s\n' "$1" > expected
	if ! cmp -s expected out; then
		echo "# stdout differs:" >&2
		diff -u expected out | sed 's/^/#   /' >&2
		return 1
	fi
}

# expect_err_contains TEXT / expect_out_contains TEXT
expect_err_contains() {
	grep -qF -- "$1" err || { echo "# stderr lacks '$1':" >&2; sed 's/^/#   /' err >&2; return 1; }
}
expect_out_contains() {
	grep -qF -- "$1" out || { echo "# stdout lacks '$1':" >&2; sed 's/^/#   /' out >&2; return 1; }
}

# new_ws [DIR]: make a workspace (default ./ws) and cd into it.
new_ws() {
	d=${1:-ws}
	"$BOPS" init "$d" >/dev/null 2>&1 || { echo "# bops init $d failed" >&2; return 1; }
	cd "$d" || return 1
}

# ws_clean: the workspace must be sound: git fsck, bops check, and a
# clean `git status`.
ws_clean() {
	git fsck --strict >fsck.out 2>&1 || { cat fsck.out >&2; rm -f fsck.out; return 1; }
	rm -f fsck.out
	"$BOPS" check >check.out 2>&1 || { sed 's/^/#   check: /' check.out >&2; rm -f check.out; return 1; }
	rm -f check.out
	s=$(git status --porcelain --untracked-files=all | grep -v -e ' out$' -e ' err$' -e ' expected$')
	[ -z "$s" ] || { echo "# git status not clean:" >&2; echo "$s" | sed 's/^/#   /' >&2; return 1; }
}

# commits: the number of commits on HEAD.
commits() { git rev-list --count HEAD; }

# WIDTH_PY: Python that defines width(s), the columns a terminal gives s
# (wide characters 2, combining marks and format characters 0), and
# imports re, sys and unicodedata: for a test's own measures of what bops
# lines up (python3 -c "$WIDTH_PY ...").
WIDTH_PY='import re, sys, unicodedata
def width(s):
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf")
        else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
'

# widths FILE: the display width of each line of FILE, one a line.
widths() {
	python3 -c "$WIDTH_PY
for l in open(sys.argv[1], encoding='utf-8'):
    print(width(l.rstrip('\r\n')))" "$1"
}

# widest FILE: the display width of the widest line of FILE.
widest() { widths "$1" | sort -n | tail -1; }

# fits COLUMNS FILE: fail naming the first line of FILE wider than
# COLUMNS, or FILE empty.
fits() {
	widths "$2" >fits.out && [ -s fits.out ] ||
	    { rm -f fits.out; fail "$2 is empty or cannot be measured"; return 1; }
	n=$(awk -v max="$1" '$1 > max { print NR; exit }' fits.out)
	rm -f fits.out
	[ -z "$n" ] ||
	    fail "line $n is wider than $1 columns: $(sed -n "${n}p" "$2")"
}

# task_ids ARGS...: the ids that `bops task list ARGS...` lists, in its
# order, on one line.
task_ids() {
	"$BOPS" task list "$@" --fields id >ids.out 2>ids.err ||
		{ cat ids.err >&2; rm -f ids.out ids.err; return 1; }
	tail -n +2 ids.out | tr "\n" " " | sed "s/ $//"
	rm -f ids.out ids.err
}

# expect_ids WANT ARGS...: fail naming the arguments unless task_ids
# ARGS... is WANT.
expect_ids() {
	want=$1
	shift
	got=$(task_ids "$@") || return 1
	[ "$got" = "$want" ] ||
		{ echo "# list $*: got \"$got\", want \"$want\"" >&2; return 1; }
}

# test_case NAME COMMANDS: run COMMANDS (a string, eval'd in a subshell)
# in a fresh directory.
test_case() {
	test_count=$((test_count + 1))
	dir="$TRASH/$test_count"
	mkdir -p "$dir"
	if (cd "$dir" && export HOME="$dir" && eval "$2") 2>"$dir/.stderr"; then
		echo "ok $test_count - $1"
		rm -rf "$dir"
	else
		echo "not ok $test_count - $1"
		sed 's/^/# /' "$dir/.stderr"
		test_failed=$((test_failed + 1))
	fi
}

test_done() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ] && rmdir "$TRASH" 2>/dev/null
	[ "$test_failed" -eq 0 ]
}
