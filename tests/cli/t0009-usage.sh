#!/bin/sh
# One usage per command and verb: `bops help KIND`, `bops KIND -h`,
# `bops KIND VERB -h`, `bops help COMMAND`, `bops COMMAND -h` and every
# usage error print the same text, made from the command's or verb's
# table row; the counts of arguments the row takes agree with it.
. "$(dirname "$0")/lib.sh"

# entries FILE: the verbs of a list of verbs (`bops help task`), one per
# line as "USAGE<tab>SUMMARY", USAGE joined back from its wrapped lines
# and without "bops ": "task move ID COLUMN [--force]<tab>move a task...".
entries() {
	awk '
	function flush() { if (u != "") print u "\t" s; u = ""; s = "" }
	/^  bops / { flush(); u = substr($0, 8); next }
	/^       / && u != "" && s == "" { sub(/^ +/, ""); u = u " " $0; next }
	/^      [^ ]/ && u != "" { s = substr($0, 7); next }
	{ flush() }
	END { flush() }
	' "$1"
}

# help_entry FILE: -h output in the same form, "USAGE<tab>SUMMARY"; it
# fails unless the output is "usage: bops USAGE", a blank line and the
# summary.
help_entry() {
	awk '
	NR == 1 { if (sub(/^usage: bops /, "") != 1) exit 1; u = $0; next }
	!blank && /^ / { sub(/^ +/, ""); u = u " " $0; next }
	!blank && /^$/ { blank = 1; next }
	blank && s == "" { s = $0; next }
	{ exit 1 }
	END { if (s == "") exit 1; print u "\t" s }
	' "$1"
}

# shape USAGE: what the positional arguments of a usage ask for, after
# the command words: "required" when one is needed, "open" when any
# number goes ("..." outside an option), each on a line.
shape() {
	printf '%s\n' "$1" | awk '
	{
		n = split($0, c, "")
		depth = 0; tok = ""; ntok = 0
		for (i = 1; i <= n + 1; i++) {
			ch = (i <= n) ? c[i] : " "
			if (ch == "[") depth++
			if (ch == "]") depth--
			if (ch == " " && depth == 0) {
				if (tok != "") t[++ntok] = tok
				tok = ""
			} else
				tok = tok ch
		}
		words = 1
		while (words < ntok && t[words + 1] ~ /^[a-z][a-z-]*$/)
			words++
		for (i = words + 1; i <= ntok; i++) {
			if (t[i] ~ /^\[-/)
				continue
			if (t[i] ~ /^\[/) {
				if (t[i] ~ / \.\.\.\]/)
					open = 1
				continue
			}
			if (t[i] ~ /^-/) {
				if (i < ntok && t[i + 1] !~ /^(-|\||\[)/)
					i++
				continue
			}
			if (t[i] == "...")
				open = 1
			else if (t[i] != "|")
				required = 1
		}
		if (required) print "required"
		if (open) print "open"
	}'
}

# The command words of a usage: "okr kr add" of "okr kr add OBJECTIVE ...".
words_of() {
	printf '%s\n' "$1" | awk '{
		w = $1
		for (i = 2; i <= NF && $i ~ /^[a-z][a-z-]*$/; i++) w = w " " $i
		print w
	}'
}

# kinds: the commands whose help is a list of verbs.
kinds() {
	for c in $("$BOPS" --list-commands); do
		"$BOPS" help "$c" 2>/dev/null | sed -n 1p |
		    grep -qx "usage: bops $c VERB \[ARGS\]" && echo "$c"
	done
}

# others: the commands that are no kind.
others() {
	k=" $(kinds | tr '\n' ' ') "
	for c in $("$BOPS" --list-commands); do
		case $k in *" $c "*) ;; *) echo "$c" ;; esac
	done
}

# all_usages: "USAGE<tab>SUMMARY" for every verb of every kind and every
# other command.
all_usages() {
	for k in $(kinds); do
		"$BOPS" help "$k" > list.out || return 1
		entries list.out
	done
	for c in $(others); do
		"$BOPS" help "$c" > help.out || return 1
		help_entry help.out ||
			{ fail "bops help $c: not a usage"; return 1; }
	done
}

test_case 'there are kinds, verbs and commands to check' '
	test "$(kinds | wc -l)" -ge 3 &&
	test "$(others | wc -l)" -ge 10 &&
	all_usages > all &&
	test "$(wc -l < all)" -ge 50 &&
	grep -q "^task move ID COLUMN \[--force\]	" all &&
	grep -q "^okr kr add OBJECTIVE TITLE" all &&
	grep -q "^sprint experiment show SPRINT NAME \[--json\]	" all
'

test_case 'bops help KIND, bops KIND -h and bops KIND print one list' '
	for k in $(kinds); do
		expect_status 0 bops help $k && mv out help.out &&
		expect_status 0 bops $k -h && cmp -s out help.out &&
		expect_status 0 bops $k --help && cmp -s out help.out &&
		expect_status 2 bops $k && cmp -s out help.out &&
		expect_err_contains "bops $k: a verb is needed" ||
			{ fail "the lists of $k differ"; exit 1; }
	done
'

test_case 'each verb has the -h of its line in bops help KIND' '
	for k in $(kinds); do
		bops help $k > list.out && entries list.out > entries.out ||
			exit 1
		while IFS="	" read -r usage summary; do
			w=$(words_of "$usage")
			expect_status 0 bops $w -h &&
			help_entry out > got && printf "%s\t%s\n" "$usage" \
			    "$summary" > want && cmp -s got want &&
			test ! -s err || {
				fail "bops $w -h:"; diff want got >&2; exit 1
			}
		done < entries.out
	done
'

test_case 'a verb of verbs lists its verbs as bops help KIND does' '
	all_usages > all &&
	cut -f1 all | while read -r usage; do
		w=$(words_of "$usage")
		set -- $w
		[ $# -ge 3 ] && echo "$1 $2"
	done | sort -u > families &&
	test -s families &&
	while read -r f; do
		expect_status 0 bops $f -h && entries out > got &&
		grep "^$f " all > want && cmp -s got want ||
			{ fail "bops $f -h:"; diff want got >&2; exit 1; }
		expect_status 2 bops $f && entries out > got &&
		cmp -s got want && expect_err_contains "a verb is needed" ||
			exit 1
	done < families
'

test_case 'bops help COMMAND and bops COMMAND -h print the same' '
	for c in $(others); do
		expect_status 0 bops help $c && mv out help.out &&
		expect_status 0 bops $c -h && cmp -s out help.out &&
		expect_status 0 bops $c --help && cmp -s out help.out &&
		help_entry out > /dev/null ||
			{ fail "the help of $c differs"; exit 1; }
	done
'

test_case 'the overview names each command with the summary of its help' '
	expect_status 0 bops help && mv out overview &&
	for c in $(kinds); do
		bops help $c | sed -n 3p > want &&
		sed -n "s/^  $c  *//p" overview > got &&
		cmp -s got want || { fail "overview: $c"; exit 1; }
	done &&
	for c in $(others); do
		bops help $c > help.out &&
		help_entry help.out | cut -f2 > want &&
		sed -n "s/^  $c  *//p" overview > got &&
		cmp -s got want || { fail "overview: $c"; exit 1; }
	done
'

test_case 'a wrong count of arguments is the usage error that -h shows' '
	all_usages > all &&
	while IFS="	" read -r usage summary; do
		w=$(words_of "$usage")
		sh=$(shape "$usage")
		# None, then nine, positional arguments, each run in a new
		# directory outside any workspace: what passes the count stops
		# there (or is help, version or init).
		for args in "" "x x x x x x x x x"; do
			if [ -z "$args" ]; then
				printf "%s\n" "$sh" | grep -qx required &&
				    bad=1 || bad=
			else
				printf "%s\n" "$sh" | grep -qx open &&
				    bad= || bad=1
			fi
			d=$(mktemp -d ./run.XXXXXX) &&
			(cd "$d" && "$BOPS" $w $args) > out 2> err < /dev/null
			st=$?
			if [ -n "$bad" ]; then
				printf "bops: usage: bops %s\n" "$usage" > want
				[ $st -eq 2 ] && cmp -s err want ||
				{ fail "bops $w $args: exit $st, not the usage:"
				  cat err >&2; exit 1; }
			elif [ $st -eq 2 ]; then
				fail "bops $w $args: a usage error, but" \
				    "the usage allows it: $usage"
				cat err >&2; exit 1
			fi
		done
	done < all
'

test_case 'every verb and command refuses an unknown option, anywhere' '
	all_usages > all &&
	cut -f1 all | while read -r usage; do
		w=$(words_of "$usage")
		expect_status 2 bops $w --bogus &&
		expect_err_contains "unknown option '"'"'--bogus'"'"'" &&
		test ! -s out || exit 1
	done
'

# usage_of WORDS...: the usage that `bops WORDS -h` prints, on one line.
usage_of() {
	"$BOPS" "$@" -h > "$HOME/h.out" && help_entry "$HOME/h.out" | cut -f1
}

# expect_usage WORDS...: ./err is the usage error of WORDS.
expect_usage() {
	printf "bops: usage: bops %s\n" "$(usage_of "$@")" > "$HOME/want" &&
	cmp -s err "$HOME/want" ||
		{ fail "not the usage of $*:"; cat err >&2; return 1; }
}

test_case 'usage errors from inside a verb print the same usage' '
	new_ws &&
	bops task add One --id one >/dev/null 2>&1 &&
	bops okr add Goal --id goal >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 2 bops task rank one && expect_usage task rank &&
	expect_status 2 bops task rank one --before one --after one &&
	expect_err_contains "--before and --after exclude each other" &&
	expect_status 2 bops task list --json --csv --yaml &&
	expect_err_contains "--json, --csv and --yaml exclude each other" &&
	expect_status 2 bops okr kr add goal target=3 &&
	expect_usage okr kr add &&
	expect_status 2 bops okr checkin goal/1 5 weight=3 &&
	expect_usage okr checkin &&
	expect_status 2 bops resolve one status && expect_usage resolve &&
	expect_status 2 bops sprint experiment result w1 n a/b reach=1 x=1 &&
	expect_usage sprint experiment result &&
	test "$(commits)" = "$n" && ws_clean
'

test_case 'no line of help is wider than 80 columns' '
	for k in $(kinds); do bops help $k; done > all.help &&
	for c in $(others); do bops help $c; done >> all.help &&
	bops help >> all.help &&
	all_usages | cut -f1 | while read -r usage; do
		bops $(words_of "$usage") -h
	done >> all.help &&
	! awk "length > 80 { print; bad = 1 } END { exit !bad }" all.help
'

test_done
