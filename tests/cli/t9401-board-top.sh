#!/bin/sh
# bops task board chooses each column's first cards by priority, rank
# and creation from the cache's packed values, turning away at once a
# card whose priority is below the column's last kept one.  Its cards
# must be those of the slow way: every card sorted, then cut.
. "$(dirname "$0")/lib.sh"

# tasks N: N tasks written by hand and committed with git, in three
# columns, most of them at one priority, ranks tied now and then, some
# with no priority or no rank.
tasks() {
	i=0
	while [ $i -lt "$1" ]; do
		id=$(printf "t%03d" $i)
		mkdir -p "tasks/${id%??}"
		case $((i % 3)) in 0) st=not-started ;; 1) st=processing ;;
		*) st=done ;; esac
		case $((i % 7)) in 0) pr="priority: urgent" ;;
		1|4) pr="priority: high" ;; 2) pr="" ;; 3) pr="priority: low" ;;
		*) pr="priority: normal" ;; esac
		rk="rank: 0t$(( (i * 37) % 11 ))"
		[ $((i % 13)) -eq 5 ] && rk=""
		{
			echo "title: Việc số $i"
			echo "status: $st"
			[ -n "$pr" ] && echo "$pr"
			[ -n "$rk" ] && echo "$rk"
			printf "created: 2026-11-%02dT09:00:00Z\n" $((1 + i % 20))
			printf "updated: 2026-11-%02dT09:00:00Z\n" $((1 + i % 20))
		} >"tasks/${id%??}/$id.yaml"
		i=$((i + 1))
	done
	git add tasks && git commit -q -m "tasks by hand"
}

# first K FILE: each column of a board --json cut to its first K cards.
first() {
	python3 -c '
import json, sys
k = int(sys.argv[1])
b = json.load(open(sys.argv[2]))
for c in b["columns"]:
    print(c["name"], c["count"], [t["id"] for t in c["tasks"]][:k])
' "$1" "$2"
}

test_case 'the first cards of each column are those of the whole sort' '
	need python3 && new_ws && tasks 150 &&
	expect_status 0 bops task board --json --limit 1000 && mv out all &&
	for k in 1 3 8 20; do
		expect_status 0 bops task board --json --limit $k &&
		first $k out >got && first $k all >want &&
		{ cmp -s want got || { diff want got >&2; fail "limit $k"; }; } ||
		return 1
	done
'

test_case 'a stale cache and a rebuilt one choose the same cards' '
	need python3 && new_ws && tasks 90 &&
	expect_status 0 bops task board --json --limit 4 && mv out before &&
	rm -rf .git/bops/cache &&
	expect_status 0 bops task board --json --limit 4 &&
	cmp before out &&
	sed -i "s/^priority: low$/priority: urgent/" tasks/t0/t003.yaml &&
	git commit -qam "t003 urgent by hand" &&
	expect_status 0 bops task board --json --limit 4 && mv out after &&
	expect_status 0 bops task board --json --limit 1000 &&
	first 4 out >want && first 4 after >got && cmp want got &&
	grep -q "t003" got
'

test_done
