#!/bin/sh
# Records are hostile input.  A record committed with git that breaks the
# YAML profile (or the schema) is found by `bops check` (exit 1, one
# `path:line:col: message` line, line and column from 1), skipped by
# reads with that line as a warning, and refused by show and set (exit 4);
# the good records around it are not affected.
. "$(dirname "$0")/lib.sh"

# bad NAME: the content of the bad record NAME on stdout.
bad() {
	case $1 in
	tab)		printf 'title: x\n\tstatus: done\n' ;;
	dup)		printf 'title: x\nstatus: done\ntitle: y\n' ;;
	anchor)		printf 'title: &a x\nstatus: done\n' ;;
	alias)		printf 'title: x\nnotes: *a\n' ;;
	tag)		printf 'title: !!str x\nstatus: done\n' ;;
	localtag)	printf 'title: x\nnotes: !mine y\n' ;;
	merge)		printf 'title: x\n<<: {status: done}\n' ;;
	conflict)	printf 'title: x\n<<<<<<< HEAD\nstatus: done\n=======\n'
			printf 'status: not-started\n>>>>>>> theirs\n' ;;
	nul)		printf 'title: x\nnotes: a\000b\n' ;;
	ctrl)		printf 'title: x\nnotes: a\033b\n' ;;
	# columns count characters, not bytes
	ctrlwide)	printf 'title: Vi\341\273\207t\033\n' ;;
	utf8wide)	printf 'title: x\nnotes: \303\251\303\251\377\n' ;;
	cr)		printf 'title: x\r\nstatus: done\r\n' ;;
	utf8)		printf 'title: x\nnotes: caf\351\n' ;;
	overlong)	printf 'title: x\nnotes: \300\257\n' ;;
	bom)		printf '\357\273\277title: x\n' ;;
	deep)
		printf 'title: x\nx_deep:\n'
		ind='  '
		k=2
		while [ $k -le 33 ]; do
			printf '%sa:\n' "$ind"
			ind="$ind  "
			k=$((k + 1))
		done
		printf '%sb: 1\n' "$ind" ;;
	# 29 deep: within the profile, but no room for a merge's conflict
	deeprecord)
		printf 'title: x\nx_deep:\n'
		ind='  '
		k=3
		while [ $k -le 28 ]; do
			printf '%sa:\n' "$ind"
			ind="$ind  "
			k=$((k + 1))
		done
		printf '%sb: 1\n' "$ind" ;;
	large)
		printf 'title: x\nnotes: '
		head -c 1048600 /dev/zero | tr '\0' a
		printf '\n' ;;
	list)		printf -- '- title: x\n' ;;
	scalar)		printf 'just words\n' ;;
	empty)		;;
	comments)	printf '# only a comment\n' ;;
	twodocs)	printf 'title: x\n---\ntitle: y\n' ;;
	unclosed)	printf 'title: x\nnotes: "open\n' ;;
	# schema violations
	unknown)	printf 'title: x\nstatus: done\ncolour: red\n' ;;
	enum)		printf 'title: x\nstatus: finished\n' ;;
	date)		printf 'title: x\nstatus: done\ndue: 2026-02-30\n' ;;
	notitle)	printf 'status: done\n' ;;
	listtype)	printf 'title: x\ntags: {a: b}\n' ;;
	esac
}

# The expected position and a word of the message, per case.
CASES='tab 2:1 tab
dup 3:1 duplicate
anchor 1:8 anchor
alias 2:8 alias
tag 1:8 tag
localtag 2:8 tag
merge 2:1 merge
conflict 2:1 conflict
nul 2:9 U+0000
ctrl 2:9 U+001B
ctrlwide 1:12 U+001B
utf8wide 2:10 utf-8
cr 1:9 U+000D
utf8 2:11 utf-8
overlong 2:8 utf-8
bom 1:1 byte order mark
deep 34:65 deep
deeprecord 29:58 deep for a record
large 1:1 large
list 1:1 mapping
scalar 1:1 mapping
empty 1:1 empty
comments 1:1 empty
twodocs 2:1 document
unclosed 3:1 end of stream
unknown 3:1 colour
enum 2:9 finished
date 3:6 date
notitle 1:1 title
listtype 2:7 tags'

# setup: the bad records, committed by hand, and two good ones.
setup() {
	new_ws || return 1
	good=$(bops task add "a good record" 2>/dev/null) &&
	bops task add "another good one" --id zz-good >/dev/null 2>&1 ||
	    return 1
	echo "$CASES" | while read -r name pos word; do
		mkdir -p tasks/ba &&
		bad "$name" >"tasks/ba/bad-$name.yaml" || exit 1
	done || return 1
	git add tasks && git commit -q -m "bad records by hand" || return 1
	n=$(echo "$CASES" | wc -l)
}

check_reports_each() {
	setup || return 1
	expect_status 1 bops check || return 1
	echo "$CASES" | while read -r name pos word; do
		line=$(grep "^tasks/ba/bad-$name\.yaml:" out)
		[ "$(echo "$line" | wc -l)" -eq 1 ] && [ -n "$line" ] ||
		    { fail "check: want one line for bad-$name, got '$line'";
		    exit 1; }
		case $line in
		"tasks/ba/bad-$name.yaml:$pos: "*"$word"*) ;;
		*)	fail "check: bad-$name: want $pos ... $word, got: $line"
			exit 1 ;;
		esac
	done || return 1
	[ "$(wc -l <out)" -eq "$n" ] ||
	    { fail "check printed $(wc -l <out) lines for $n problems:";
	    sed 's/^/#   /' out >&2; return 1; }
	expect_err_contains "$n problems"
}

reads_skip_each() {
	setup || return 1
	expect_status 0 bops task list --csv --fields id,title || return 1
	want=$(printf '%s,a good record\nzz-good,another good one' "$good" |
	    sort)
	[ "$(sed 1d out | sort)" = "$want" ] ||
	    { fail "list shows:"; sed 's/^/#   /' out >&2; return 1; }
	echo "$CASES" | while read -r name pos word; do
		grep -q "^bops: warning: skipped tasks/ba/bad-$name\.yaml:$pos: " err ||
		    { fail "list: no warning for bad-$name at $pos:";
		    sed 's/^/#   /' err >&2; exit 1; }
	done || return 1
	[ "$(wc -l <err)" -eq "$n" ] || { fail "$(wc -l <err) warnings"; return 1; }
	# Also the other reads, and nothing on stdout about them.
	for read in "task list --json" "task board" "task backlog"; do
		# shellcheck disable=SC2086
		expect_status 0 bops $read || return 1
		[ "$(grep -c 'warning: skipped' err)" -eq "$n" ] ||
		    { fail "$read: want $n warnings"; return 1; }
		grep -q 'bad-' out && { fail "$read shows a bad record"; return 1; }
	done
	return 0
}

show_and_set_refuse_each() {
	setup || return 1
	before=$(commits)
	echo "$CASES" | while read -r name pos word; do
		expect_status 4 bops task show "bad-$name" &&
		expect_err_contains "tasks/ba/bad-$name.yaml:$pos: " ||
		    { fail "show bad-$name"; exit 1; }
		[ ! -s out ] || { fail "show bad-$name printed"; exit 1; }
		expect_status 4 bops task set "bad-$name" priority=high &&
		expect_err_contains "tasks/ba/bad-$name.yaml:$pos: " ||
		    { fail "set bad-$name"; exit 1; }
	done || return 1
	[ "$(commits)" -eq "$before" ] || { fail "a commit was made"; return 1; }
	# The good records are still served.
	expect_status 0 bops task set zz-good priority=low &&
	expect_status 0 bops task show zz-good && expect_out_contains low
}

test_case 'check reports each bad record at its line and column' \
    check_reports_each
test_case 'reads skip each bad record with a warning, exit 0' \
    reads_skip_each
test_case 'show and set refuse each bad record, exit 4' \
    show_and_set_refuse_each
test_done
