#!/bin/sh
# bops task list --json | --csv | --yaml
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add 'Say "hi", then go' --id quote priority=high \
	    tags+=a tags+=b >/dev/null 2>&1 &&
	"$BOPS" task add "Viết bài blog" --id viet estimate=2.5 description="line one
line two" >/dev/null 2>&1
}

test_case '--json is an array of whole records' '
	setup &&
	expect_status 0 bops task list --json &&
	expect_out "[
{\"id\":\"quote\",\"title\":\"Say \\\"hi\\\", then go\",\"status\":\"not-started\",\"priority\":\"high\",\"tags\":[\"a\",\"b\"],\"rank\":\"0toy6c0quote\",\"created\":\"2026-11-23T09:00:00Z\",\"updated\":\"2026-11-23T09:00:00Z\"},
{\"id\":\"viet\",\"title\":\"Viết bài blog\",\"status\":\"not-started\",\"estimate\":2.5,\"rank\":\"0toy6c1viet\",\"description\":\"line one\\nline two\",\"created\":\"2026-11-23T09:00:00Z\",\"updated\":\"2026-11-23T09:00:00Z\"}
]" &&
	python3 -m json.tool out >/dev/null && test ! -s err
'
test_case '--json reads back the same values' '
	setup &&
	expect_status 0 bops task list --json &&
	python3 -c "
import json
recs = {r[\"id\"]: r for r in json.load(open(\"out\"))}
assert recs[\"quote\"][\"title\"] == \"Say \\\"hi\\\", then go\"
assert recs[\"quote\"][\"tags\"] == [\"a\", \"b\"]
assert recs[\"viet\"][\"estimate\"] == 2.5
assert recs[\"viet\"][\"description\"] == \"line one\\nline two\"
assert recs[\"viet\"][\"title\"] == \"Viết bài blog\"
"
'
test_case '--json of nothing is an empty array' '
	setup &&
	expect_status 0 bops task list priority=low --json && expect_out "[]"
'
test_case '--csv has a header row and quotes what needs quoting' '
	setup &&
	expect_status 0 bops task list --csv --fields id,title,tags,estimate,description &&
	expect_out "id,title,tags,estimate,description
quote,\"Say \"\"hi\"\", then go\",\"a, b\",,
viet,Viết bài blog,,2.5,\"line one
line two\"" &&
	python3 -c "
import csv
rows = list(csv.reader(open(\"out\", newline=\"\")))
assert rows[0] == [\"id\", \"title\", \"tags\", \"estimate\", \"description\"]
assert rows[1][1] == \"Say \\\"hi\\\", then go\", rows[1]
assert rows[2][4] == \"line one\\nline two\"
assert len(rows) == 3
"
'
test_case '--csv without --fields has every field, id first' '
	setup &&
	expect_status 0 bops task list --csv &&
	head -1 out | grep -q "^id,title,status,assignee,priority,due,estimate,tags," &&
	head -1 out | grep -q ",created,updated,started,finished$" &&
	python3 -c "
import csv
rows = list(csv.reader(open(\"out\", newline=\"\")))
assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows)
"
'
test_case '--csv of nothing is the header alone' '
	setup &&
	expect_status 0 bops task list priority=low --csv --fields id,title &&
	expect_out "id,title"
'
test_case '--yaml is a sequence of records with their ids' '
	setup &&
	expect_status 0 bops task list --yaml &&
	expect_out "- id: quote
  title: Say \"hi\", then go
  status: not-started
  priority: high
  tags:
  - a
  - b
  rank: 0toy6c0quote
  created: 2026-11-23T09:00:00Z
  updated: 2026-11-23T09:00:00Z
- id: viet
  title: Viết bài blog
  status: not-started
  estimate: 2.5
  rank: 0toy6c1viet
  description: |-
    line one
    line two
  created: 2026-11-23T09:00:00Z
  updated: 2026-11-23T09:00:00Z" && test ! -s err
'
test_case '--yaml of nothing is an empty sequence' '
	setup &&
	expect_status 0 bops task list priority=low --yaml && expect_out "[]"
'
test_case 'the table is plain text when stdout is not a terminal' '
	setup &&
	expect_status 0 bops task list --fields id,priority &&
	expect_out "id     priority
quote  high
viet" &&
	! grep -q "$(printf "\033")" out
'
test_case 'the formats exclude each other' '
	setup &&
	expect_status 2 bops task list --json --csv &&
	expect_err_contains "--json, --csv and --yaml exclude each other" &&
	expect_status 2 bops task list --yaml --json
'
test_case '--csv guards cells a spreadsheet would run as formulas' '
	new_ws &&
	bops task add "=cmd|'"'"' /C calc'"'"'!A0" estimate=2 >/dev/null 2>&1 &&
	bops task add "@SUM(1+1)" description="-2+3" >/dev/null 2>&1 &&
	expect_status 0 bops task list --csv --fields title,description,estimate \
	    --sort title &&
	expect_out "title,description,estimate
'"'"'=cmd|'"'"' /C calc'"'"'!A0,,2
'"'"'@SUM(1+1),'"'"'-2+3,"
'
test_done
