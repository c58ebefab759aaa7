#!/bin/sh
# man.sh: lint the man pages and check that they cover the commands.
#
#   - every man/*.[157] is clean under `groff -mdoc -ww -z` (no output at
#     all) and its .Dt matches its file name;
#   - every command of `bops --list-commands` is listed in bops.1 as
#     `.It Cm COMMAND` and has its page: a record command (a kind)
#     man/bops-KIND.1, init bops-init.1, config bops-init.1 or
#     bops-config.5, log and undo bops-log.1, clone bops-clone.1, sync,
#     conflicts, resolve and merge-driver bops-sync.1, help and version
#     bops.1, any other man/bops-COMMAND.1; a section 1 page names the
#     command in a `.Cm COMMAND` line;
#   - every verb of `bops help KIND` has a SYNOPSIS line `.Cm KIND VERB`
#     in man/bops-KIND.1;
#   - the SYNOPSIS of each man/bops-*.1 agrees with the usage bops prints:
#     every line names a command or verb (`bops okr kr add ...`), every
#     command and verb of the page has a line, and where it has one line
#     that line is its usage, as `bops help` shows it (letter case and the
#     spaces around '|' aside);
#   - every `.Xr bops... N` names a page that exists.
#
# Prints nothing when all is well; otherwise one line per problem on
# standard error, and exits 1.
cd "$(dirname "$0")/.." || exit 2
BOPS=./bops
problems=0

problem() {
	printf 'man.sh: %s\n' "$*" >&2
	problems=$((problems + 1))
}

# has FILE REGEX: whether FILE has a line matching the extended REGEX.
has() {
	[ -f "$1" ] && grep -Eq -- "$2" "$1"
}

# quote TEXT: TEXT with the characters special to grep -E escaped.
quote() {
	printf '%s' "$1" | sed 's/[].[^$*+?(){}|\\/]/\\&/g'
}

if ! command -v groff >/dev/null 2>&1; then
	echo 'man.sh: groff is needed: apt-get install groff-base' >&2
	exit 1
fi
if [ ! -x "$BOPS" ]; then
	echo "man.sh: no $BOPS; run make first" >&2
	exit 1
fi

# Lint.
pages=$(ls man/*.[157] 2>/dev/null)
[ -n "$pages" ] || problem "no man pages in man/"
for page in $pages; do
	out=$(groff -mdoc -ww -z "$page" 2>&1)
	if [ -n "$out" ]; then
		problem "$page: groff -mdoc -ww -z is not silent:"
		printf '%s\n' "$out" | sed 's/^/    /' >&2
	fi
	base=$(basename "$page")
	name=$(printf '%s' "${base%.*}" | tr 'a-z' 'A-Z')
	sect=${base##*.}
	has "$page" "^\\.Dt $(quote "$name") $sect\$" ||
	    problem "$page: want '.Dt $name $sect'"
done

# Commands and verbs.
commands=$("$BOPS" --list-commands) || {
	problem "$BOPS --list-commands failed"
	commands=
}
for cmd in $commands; do
	q=$(quote "$cmd")
	has man/bops.1 "^\\.It Cm $q( |\$)" ||
	    problem "man/bops.1: command '$cmd' is not listed (.It Cm $cmd)"
	usage=$("$BOPS" help "$cmd" 2>/dev/null | sed -n 1p)
	if [ "$usage" = "usage: bops $cmd VERB [ARGS]" ]; then
		page=man/bops-$cmd.1
		if [ ! -f "$page" ]; then
			problem "'bops $cmd' has no man page $page"
			continue
		fi
		verbs=$("$BOPS" help "$cmd" |
		    sed -n "s/^  bops $cmd \\([^ ]*\\).*/\\1/p")
		[ -n "$verbs" ] ||
		    problem "'bops help $cmd' lists no verbs"
		for verb in $verbs; do
			has "$page" "^\\.Cm $q $(quote "$verb")( |\$)" ||
			    problem "$page: no SYNOPSIS line" \
			    "'.Cm $cmd $verb' for 'bops $cmd $verb'"
		done
		continue
	fi
	case $cmd in
	init | config) page=man/bops-init.1 ;;
	log | undo) page=man/bops-log.1 ;;
	clone) page=man/bops-clone.1 ;;
	sync | conflicts | resolve | merge-driver)
		page=man/bops-sync.1 ;;
	help | version) page=man/bops.1 ;;
	*) page=man/bops-$cmd.1 ;;
	esac
	if [ "$cmd" = config ] && [ -f man/bops-config.5 ] &&
	    ! has "$page" "^\\.Cm config( |\$)"; then
		continue
	fi
	if [ ! -f "$page" ]; then
		problem "'bops $cmd' has no man page $page"
	elif [ "$page" != man/bops.1 ] && ! has "$page" "^\\.Cm $q( |\$)"; then
		problem "$page: does not name '$cmd' in a '.Cm $cmd' line"
	fi
done

# The SYNOPSIS lines against the usages.  usages: "WORDS<tab>USAGE" for
# every verb of every kind and every other command, USAGE joined back
# from its wrapped lines ("task move<tab>task move ID COLUMN [--force]").
words_of() {
	awk '{ w = $1; for (i = 2; i <= NF && $i ~ /^[a-z][a-z-]*$/; i++)
	    w = w " " $i; print w "\t" $0 }'
}
usages=$(for cmd in $commands; do
	"$BOPS" help "$cmd" 2>/dev/null | awk -v cmd="$cmd" '
	NR == 1 && $0 == "usage: bops " cmd " VERB [ARGS]" { list = 1; next }
	NR == 1 { sub(/^usage: bops /, ""); u = $0; next }
	!list && /^ / && !done { sub(/^ +/, ""); u = u " " $0; next }
	!list { done = 1; next }
	/^  bops / { if (u != "") print u; u = substr($0, 8); next }
	/^       / && u != "" { sub(/^ +/, ""); u = u " " $0; next }
	/^      [^ ]/ && u != "" { print u; u = ""; next }
	END { if (u != "") print u }'
done | words_of)
# normal: lower case, no spaces around '|', single spaces.
normal() {
	tr 'A-Z' 'a-z' | sed 's/ *| */|/g; s/  */ /g; s/^ //; s/ $//'
}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' "$usages" >"$tmp/usages"
cut -f1 "$tmp/usages" | sort -u >"$tmp/words"
us=$(printf '\037')
for page in man/bops-*.1; do
	groff -mdoc -Tascii -P-c -P-b -P-u -rLL=2000n "$page" 2>/dev/null |
	    sed -n '/^SYNOPSIS/,/^[A-Z]/{/^ /p;}' | sed 's/^ *//' \
	    >"$tmp/synopsis"
	# Each line after the longest command words it starts with, and a
	# unit separator (the words may be none).
	awk -v us="$us" 'NR == FNR { w[$0] = 1; next }
	{
		best = ""
		for (k in w)
			if ((substr($0, 1, length(k) + 6) == "bops " k " " ||
			    $0 == "bops " k) && length(k) > length(best))
				best = k
		print best us $0
	}' "$tmp/words" "$tmp/synopsis" >"$tmp/lines"
	while IFS=$us read -r words line; do
		[ -n "$words" ] ||
		    problem "$page: SYNOPSIS line '$line' names no command"
	done <"$tmp/lines"
	# The commands and verbs of this page: those of its kind, and
	# those of the others that it has lines for.
	kind=${page#man/bops-}; kind=${kind%.1}
	while IFS='	' read -r words usage; do
		case " $words " in " $kind "*) ;; *)
			grep -q "^$words$us" "$tmp/lines" || continue ;;
		esac
		n=$(grep -c "^$words$us" "$tmp/lines")
		if [ "$n" -eq 0 ]; then
			problem "$page: no SYNOPSIS line for 'bops $usage'"
		elif [ "$n" -eq 1 ]; then
			want=$(printf 'bops %s\n' "$usage" | normal)
			got=$(grep "^$words$us" "$tmp/lines" | cut -d"$us" -f2 |
			    normal)
			[ "$got" = "$want" ] || problem "$page: SYNOPSIS" \
			    "'$got' differs from the usage 'bops $usage'"
		fi
	done <"$tmp/usages"
done

# Cross references between the pages.
missing=$(for page in $pages; do
	sed -n 's/^\.Xr \(bops[-a-z0-9]*\) \([0-9]\).*/\1.\2/p' "$page" |
	    sort -u | while read -r ref; do
		[ -f "man/$ref" ] ||
		    echo "$page: .Xr to a page that does not exist: $ref"
	done
done)
if [ -n "$missing" ]; then
	problem "$(printf '%s\n' "$missing" | sed -n 1p)"
	printf '%s\n' "$missing" | sed 1d | while read -r line; do
		printf 'man.sh: %s\n' "$line" >&2
	done
	problems=$((problems + $(printf '%s\n' "$missing" | wc -l) - 1))
fi

[ "$problems" -eq 0 ] || exit 1
exit 0
