#!/bin/sh
# The README's tour, pasted as a newcomer would: every "$ " command of
# README.md, in order, in one shell session in a new empty directory, with
# this tree's bops first on PATH and a clean environment, must print
# exactly what the README shows after it.  Random ids, commit hashes and
# the directory aside, any difference fails, named by its README line
# (tests/cli/readme.py says how it reads the README).
. "$(dirname "$0")/lib.sh"

readme() {
	python3 "$SRC/tests/cli/readme.py" "$1" "$SRC" "$2"
}

test_case 'every command prints what the README shows' '
	readme "$SRC/README.md" run >report 2>&1 ||
	    { sed "s/^/#   /" report >&2; return 1; }
'

# The test itself: a README whose shown output is wrong by one character
# fails, and the report names the line.
test_case 'a README line that bops does not print fails, by its line' '
	cp "$SRC/README.md" README.md &&
	n=$(awk "/^\\\$ bops task board/ { getline; print NR; exit }" \
	    README.md) &&
	test -n "$n" || { fail "README shows no task board"; return 1; }
	sed "${n}s/\$/x/" README.md >broken.md &&
	if readme broken.md run >report 2>&1; then
		fail "a broken README passed:"; sed "s/^/#   /" report >&2
		return 1
	fi
	grep -q "^  broken.md:$n: -.*x\$" report ||
	    { fail "the report does not name line $n:";
	    sed "s/^/#   /" report >&2; return 1; }
	test "$(grep -c "printed something else" report)" = 1 ||
	    { fail "more than the one broken command failed:";
	    sed "s/^/#   /" report >&2; return 1; }
'

test_done
