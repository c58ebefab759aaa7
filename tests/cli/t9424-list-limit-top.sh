#!/bin/sh
# list --limit K chooses its first K records by the sort from the
# cache's packed values and decodes only those: they are the first K of
# the whole list, whatever the sort, the filters, --all and K, with
# finished records left out as the whole list leaves them out.
. "$(dirname "$0")/lib.sh"

GEN=$(cd "$(dirname "$0")/../bench" && pwd)/gen.py

test_case 'the first K of the list, for every sort, filter and K' '
	need python3 && new_ws &&
	python3 "$GEN" 400 . /dev/null --okrs=0 >/dev/null &&
	git add -A && git -c user.name=Hand -c user.email=hand@example.com \
	    commit -q -m generated &&
	for sort in "" "--sort -due" "--sort title" "--sort -estimate,title" \
	    "--sort assignee,-priority"; do
		for f in "" "--all" "assignee=bao" "priority>=high --all" \
		    "status=done"; do
			# shellcheck disable=SC2086
			bops task list $f $sort --csv --fields id >"$HOME/all" ||
			    return 1
			for k in 0 1 7 50 399 1000; do
				# shellcheck disable=SC2086
				bops task list $f $sort --limit $k --csv \
				    --fields id >"$HOME/top" || return 1
				head -n $((k + 1)) "$HOME/all" >"$HOME/want"
				cmp -s "$HOME/want" "$HOME/top" || {
					fail "list $f $sort --limit $k"
					return 1
				}
			done
		done
	done
'

test_done
