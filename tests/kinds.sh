#!/bin/sh
# kinds.sh: every kind of lib/kinds.def has all its parts, so that
# forgetting one fails make check (the build already fails without its
# rules object or its verb table):
#
#   share/schemas/KIND.yaml     its schema
#   lib/KIND.c                  its rules: bops_KIND_rules
#   tests/unit/test_KIND.c      unit tests of lib/KIND.c
#   cmd/KIND.c                  its verbs: KIND_verbs[]
#   man/bops-KIND.1             its man page
#   tests/cli/tNNNN-KIND-*.sh   at least one end-to-end test
#
# Prints nothing when all is well; otherwise one line per problem on
# standard error, and exits 1.
cd "$(dirname "$0")/.." || exit 2
problems=0

problem() {
	printf 'kinds.sh: %s\n' "$*" >&2
	problems=$((problems + 1))
}

kinds=$(sed -n 's/^BOPS_KIND(\([a-z_]*\),.*/\1/p' lib/kinds.def)
[ -n "$kinds" ] || problem "no kinds in lib/kinds.def"
for k in $kinds; do
	[ -f "share/schemas/$k.yaml" ] ||
	    problem "$k: no share/schemas/$k.yaml"
	grep -q "^const struct bops_kind_rules bops_${k}_rules" "lib/$k.c" \
	    2>/dev/null || problem "$k: lib/$k.c does not define bops_${k}_rules"
	[ -f "tests/unit/test_$k.c" ] || problem "$k: no tests/unit/test_$k.c"
	grep -q "^const struct bops_verb ${k}_verbs\[\]" "cmd/$k.c" \
	    2>/dev/null || problem "$k: cmd/$k.c does not define ${k}_verbs[]"
	[ -f "man/bops-$k.1" ] || problem "$k: no man/bops-$k.1"
	ls tests/cli/t[0-9]*-"$k"-*.sh >/dev/null 2>&1 ||
	    problem "$k: no tests/cli/tNNNN-$k-*.sh"
done

[ "$problems" -eq 0 ]
