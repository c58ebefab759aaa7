#!/bin/sh
# layers.sh: check that the code keeps its layers (STYLE.md, section 2).
#
#   - each third-party header is included by its own files of lib/ alone
#     (the unit tests may use the libraries as they need):
#     <yaml.h> by lib/yaml.c, <git2.h> by the files of the git module
#     (lib/git.c, lib/git-*.c and the header they share, lib/git-int.h),
#     <glib.h> by lib/date.c and lib/alias.c, <utf8proc.h> by
#     lib/text.c;
#   - lib/ neither reads nor changes the environment (getenv, setenv,
#     unsetenv, putenv, clearenv, environ, tzset): settings arrive in a
#     context struct;
#   - lib/ includes nothing of cmd/;
#   - ./bops defines no global name that a library it links (libc,
#     libgit2, GLib...) defines too;
#   - the modules of lib/ depend on each other without a loop: module A
#     depends on B when lib/A.c or lib/A.h includes "B.h";
#   - no function of lib/ or cmd/ is over 100 lines (STYLE.md, section
#     7), unless the comment just above it says why, with the words
#     "over 100 lines";
#   - a function of lib/*.h that has an out-param named out takes it
#     first (STYLE.md, section 5);
#   - no file of cmd/ is over 800 lines: a family's verbs go in files of
#     one job each (doc/HACKING.md);
#   - no two CLI tests share a number (tests/cli/tNNNN-*.sh).
#
# Prints nothing when all is well; otherwise one line per problem on
# standard error, and exits 1.
cd "$(dirname "$0")/.." || exit 2
problems=0

problem() {
	printf 'layers.sh: %s\n' "$*" >&2
	problems=$((problems + 1))
}

# only HEADER REGEX FILE...: of lib/ and cmd/, the FILEs alone include
# HEADER (matched by REGEX).  Tests may use the libraries as they need.
only() {
	h=$1 re=$2
	shift 2
	for f in $(grep -lE "^#[[:space:]]*include[[:space:]]*<$re" \
	    lib/*.[ch] cmd/*.[ch]); do
		case " $* " in
		*" $f "*) ;;
		*) problem "$f includes <$h>, which is $*'s alone" ;;
		esac
	done
}
only yaml.h 'yaml\.h>' lib/yaml.c
only git2.h 'git2(\.h>|/)' lib/git.c $(ls lib/git-*.[ch])
only glib.h 'glib(\.h>|/|-object)' lib/date.c lib/alias.c
only utf8proc.h 'utf8proc\.h>' lib/text.c

# A call of these, or environ, outside a comment.
calls='getenv|secure_getenv|setenv|unsetenv|putenv|clearenv|tzset'
word='(^|[^A-Za-z0-9_])'
env=$(grep -nE "$word($calls)[[:space:]]*\\(|${word}environ([^A-Za-z0-9_]|\$)" \
    lib/*.[ch] | grep -v '^lib/share\.gen\.c:' |
    grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/?\*|//)')
if [ -n "$env" ]; then
	printf '%s\n' "$env" |
	    sed 's|^|layers.sh: lib/ touches the environment: |' >&2
	problems=$((problems + 1))
fi

for f in $(grep -lE '^#[[:space:]]*include[[:space:]]*"(\.\./)?(cmd/)?cmd\.h"' \
    lib/*.[ch]); do
	problem "$f includes cmd.h: lib/ must not know cmd/"
done

# ./bops defines no global name that a library it links defines too: its
# own would stand in for the library's in the whole process (a warn() of
# cmd/ would be what libgit2 or GLib got for warn(3)).
if [ -x ./bops ]; then
	libs=$(ldd ./bops | awk '$3 ~ /^\// { print $3 }')
	clash=$({
		nm -D --defined-only $libs 2>/dev/null |
		    awk 'NF == 3 { sub(/@.*/, "", $3); print $3 }' | sort -u
		# Functions only: a library's data that bops uses is
		# copied into it (a copy relocation), and that is no clash.
		nm --defined-only ./bops |
		    awk '$2 == "T" && $3 !~ /@/ { print $3 }' | sort -u
	} | sort | uniq -d)
	for name in $clash; do
		problem "bops defines '$name', a name of a library it links"
	done
fi

# The module graph, one "A B" pair a line; tsort names a loop it finds.
graph=$(for f in lib/*.[ch]; do
	m=${f#lib/}
	m=${m%.*}
	sed -n 's/^#[[:space:]]*include[[:space:]]*"\([a-z_]*\)\.h".*/\1/p' \
	    "$f" | while read -r h; do
		[ "$h" = "$m" ] || echo "$m $h"
	done
done | sort -u)
if ! loop=$(printf '%s\n' "$graph" | tsort 2>&1 >/dev/null); then
	problem "a loop among the modules of lib/:" \
	    $(printf '%s\n' "$loop" | sed -n 's/^tsort: \([a-z_]*\)$/\1/p')
fi

# Function lengths, in the house style: the return type on a line of
# its own, then "name(" at column 0, the body from "{" at column 0 to "}"
# at column 0.  A function's lines run from its name to its closing
# brace; the comment that ends on the line above its return type (or
# above its name) may excuse it.
long=$(awk '
	FNR == 1 { start = 0; body = 0; cend = -9; ctext = "" }
	/^\/\*/ { incomment = 1; ctext = "" }
	incomment {
		ctext = ctext " " $0
		if ($0 ~ /\*\//) { incomment = 0; cend = FNR }
		next
	}
	/^[A-Za-z_][A-Za-z0-9_]*\(/ {
		name = $0
		sub(/\(.*/, "", name)
		start = FNR
		body = 0
		why = cend >= FNR - 2 && tolower(ctext) ~ /over 100 lines/
		next
	}
	/^\{/ { if (start) body = 1; next }
	/^\}/ {
		if (body && FNR - start + 1 > 100 && !why)
			printf "%s:%d: %s() is %d lines\n", FILENAME, start,
			    name, FNR - start + 1
		start = 0
		body = 0
	}
' $(ls lib/*.c cmd/*.c | grep -v '^lib/share\.gen\.c$'))
if [ -n "$long" ]; then
	printf '%s\n' "$long" | sed 's|^|layers.sh: |
	    s|$|: split it, or say why ("over 100 lines: ...") above it|' >&2
	problems=$((problems + 1))
fi

for n in $(ls tests/cli | sed -n 's/^t\([0-9]*\)-.*\.sh$/\1/p' | sort | uniq -d); do
	problem "tests/cli: two tests numbered t$n"
done

for f in cmd/*.c; do
	n=$(wc -l < "$f")
	[ "$n" -le 800 ] || problem "$f is $n lines: its verbs want files of one job each"
done

# Declarations of lib/*.h, joined from "name(" to ");": the parameter
# named out (*out, **out, out[...]) comes first.
late=$(awk '
	/^[a-z].*bops_[a-z0-9_]*\(/ && !/^(typedef|return)/ {
		decl = ""; line = FNR; on = 1
	}
	on {
		decl = decl " " $0
		if ($0 ~ /\);/) {
			on = 0
			args = decl
			sub(/^[^(]*\(/, "", args)
			name = decl
			sub(/\(.*/, "", name)
			sub(/.*[ *]/, "", name)
			if (args ~ /[,(][^,]*[ *]out(\[[^]]*\])?[,)]/ &&
			    args !~ /^[^,]*[ *]out(\[[^]]*\])?[,)]/)
				printf "%s:%d: %s() takes out after another parameter\n",
				    FILENAME, line, name
		}
	}
' lib/*.h)
if [ -n "$late" ]; then
	printf '%s\n' "$late" | sed 's|^|layers.sh: |' >&2
	problems=$((problems + 1))
fi

[ "$problems" -eq 0 ]
