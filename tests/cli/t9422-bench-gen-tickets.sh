#!/bin/sh
# The bench's generated tickets and customers are records bops takes as
# its own: `bops check` finds nothing to say, and the SLA rows of
# `make bench` read every one of them.  The same tickets go to
# taskwarrior as tasks of project "service".
. "$(dirname "$0")/lib.sh"

GEN=$(cd "$(dirname "$0")/../bench" && pwd)/gen.py

gen() {
	need python3 &&
	python3 "$GEN" 30 . "$HOME/tasks.json" --okrs=2 --tickets=240 \
	    --tickets-json="$HOME/tickets.json" >/dev/null &&
	git add -A && git -c user.name=Hand -c user.email=hand@example.com \
	    commit -q -m generated
}

test_case 'generated tickets and customers are valid records' '
	new_ws && gen &&
	bops check >"$HOME/out" 2>"$HOME/err" &&
	test ! -s "$HOME/err" &&
	test "$(bops ticket count --all)" -eq 240 &&
	test "$(bops customer count --all)" -eq 12 &&
	test "$(bops task count --all)" -eq 30
'

test_case 'every generated ticket is in the SLA report of its year' '
	new_ws && gen &&
	bops ticket list --all --json --fields id,created >"$HOME/all" &&
	year=$(date -u +%Y) &&
	want=$(grep -c "\"created\":\"$year-" "$HOME/all") &&
	bops ticket sla "$year" --report --json >"$HOME/sla" &&
	grep -q "{\"priority\":\"all\",\"tickets\":$want," "$HOME/sla" &&
	bops ticket queue --json >"$HOME/queue" &&
	open=$(bops ticket count status=new,open,pending) &&
	test "$open" -gt 0 &&
	test "$(grep -o "\"id\":" "$HOME/queue" | wc -l)" -eq "$open"
'

test_case 'the taskwarrior copy holds the same tickets' '
	new_ws && gen &&
	python3 - "$HOME/tickets.json" <<-PY &&
	import json, sys
	rows = json.load(open(sys.argv[1], encoding="utf-8"))
	assert len(rows) == 240, len(rows)
	assert all(r["project"] == "service" for r in rows)
	assert len({r["bopsid"] for r in rows}) == 240
	PY
	bops ticket list --all --json --fields id,status >"$HOME/all" &&
	test "$(grep -c "\"status\":\"\\(resolved\\|closed\\)\"" "$HOME/all")" \
	    -eq "$(grep -c "\"status\": \"completed\"" "$HOME/tickets.json")"
'

test_done
