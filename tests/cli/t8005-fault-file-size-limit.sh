#!/bin/sh
# A file-size limit (ulimit -f, SIGXFSZ ignored) is an error, exit 6,
# never a partial file: the record file is old (or absent) byte for byte,
# no temp file is left, and HEAD is unchanged or holds the whole change,
# which the next writer then finishes in the work tree.
. "$(dirname "$0")/lib.sh"

# limited COMMAND...: run COMMAND with files limited to 1 KiB.
limited() {
	(ulimit -f 2 && exec "$@")
}

# A 4 KiB value git cannot compress below the limit, and one it can.
random_text() {
	od -An -tx1 -N2048 /dev/urandom | tr -d ' \n'
}
compressible_text() {
	printf '%4096s' '' | tr ' ' a
}

no_temp_files() {
	s=$(find . -name '*.bops-tmp')
	[ -z "$s" ] || { fail "temp files left: $s"; return 1; }
}

# failed_cleanly: the last expect_status saw exit 6 with a one-line
# message about the size.
failed_cleanly() {
	expect_err_contains "File too large" || return 1
	[ "$(wc -l <err)" -eq 1 ] || { fail "more than one line on stderr"; return 1; }
	no_temp_files
}

# settled PATH: after the next writer, PATH holds HEAD's version and the
# workspace is sound.
settled() {
	expect_status 0 bops task add "the next writer" || return 1
	git diff --quiet HEAD -- "$1" ||
	    { fail "$1 is not HEAD's version"; return 1; }
	[ ! -e .git/bops/journal ] || { fail "journal left"; return 1; }
	no_temp_files && ws_clean
}

# add_case TEXT_FN
add_case() {
	new_ws || return 1
	description=$($1)
	before=$(commits)
	expect_status 6 limited "$BOPS" task add big --id big description="$description" ||
	    return 1
	failed_cleanly || return 1
	case $(($(commits) - before)) in
	0)
		[ ! -e tasks/bi/big.yaml ] ||
		    { fail "a record file without a commit"; return 1; }
		git cat-file -e HEAD:tasks/bi/big.yaml 2>/dev/null &&
		    { fail "HEAD has the record"; return 1; }
		;;
	1)
		# Committed whole, not yet in the work tree.
		git show HEAD:tasks/bi/big.yaml | grep -qx "description: $description" ||
		    { fail "HEAD holds a partial record"; return 1; }
		;;
	*)
		fail "$(($(commits) - before)) commits"; return 1 ;;
	esac
	[ ! -e tasks/bi/big.yaml ] ||
	    { fail "tasks/bi/big.yaml exists after a failed add"; return 1; }
	settled tasks/bi/big.yaml
}

# set_case TEXT_FN
set_case() {
	new_ws || return 1
	bops task add small --id small description=short >/dev/null 2>&1 || return 1
	cp tasks/sm/small.yaml "$HOME/saved"
	description=$($1)
	before=$(commits)
	expect_status 6 limited "$BOPS" task set small description="$description" ||
	    return 1
	failed_cleanly || return 1
	cmp "$HOME/saved" tasks/sm/small.yaml ||
	    { fail "the record file changed"; return 1; }
	case $(($(commits) - before)) in
	0) ;;
	1)
		git show HEAD:tasks/sm/small.yaml | grep -qx "description: $description" ||
		    { fail "HEAD holds a partial record"; return 1; }
		;;
	*)
		fail "$(($(commits) - before)) commits"; return 1 ;;
	esac
	settled tasks/sm/small.yaml
}

# The cache of a read under the limit cannot be written: still a good
# answer.
read_under_limit() {
	new_ws || return 1
	bops task add "small" >/dev/null 2>&1 &&
	bops task add "large" description="$(random_text)" >/dev/null 2>&1 ||
	    return 1
	# (stdout is a file here, under the limit too: keep it short)
	expect_status 0 bops task list --csv --fields id,title || return 1
	mv out "$HOME/want"
	rm -rf .git/bops/cache
	expect_status 0 limited "$BOPS" task list --csv --fields id,title ||
	    return 1
	cmp -s out "$HOME/want" || { fail "a different answer"; return 1; }
	no_temp_files && ws_clean
}

test_case 'add of an incompressible 4 KiB value under ulimit -f' \
    'add_case random_text'
test_case 'add of a compressible 4 KiB value under ulimit -f' \
    'add_case compressible_text'
test_case 'set of an incompressible 4 KiB value under ulimit -f' \
    'set_case random_text'
test_case 'set of a compressible 4 KiB value under ulimit -f' \
    'set_case compressible_text'
test_case 'a read under ulimit -f answers right' read_under_limit
test_done
