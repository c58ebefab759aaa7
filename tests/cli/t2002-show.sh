#!/bin/sh
# bops task show ID: the formats, and id prefixes.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Launch A" --id launch-a priority=high \
	    due=2026-12-01 tags+=web tags+=q4 description="first
second" >/dev/null 2>&1 &&
	"$BOPS" task add "Launch B" --id launch-b >/dev/null 2>&1 &&
	"$BOPS" task add "Other" --id other >/dev/null 2>&1
}

test_case 'show prints every set field as aligned rows, text last' '
	setup &&
	expect_status 0 bops task show launch-a &&
	expect_out "id        launch-a
title     Launch A
status    not-started
priority  high
due       2026-12-01
tags      web, q4
rank      0toy6c0launcha
created   2026-11-23T09:00:00Z
updated   2026-11-23T09:00:00Z

description:
  first
  second" && test ! -s err
'
test_case 'show --yaml prints the record with its id' '
	setup &&
	expect_status 0 bops task show launch-a --yaml &&
	{ echo "id: launch-a"; cat tasks/la/launch-a.yaml; } >want &&
	cmp want out && rm want
'
test_case 'show --json prints one object' '
	setup &&
	expect_status 0 bops task show launch-a --json &&
	expect_out "{\"id\":\"launch-a\",\"title\":\"Launch A\",\"status\":\"not-started\",\"priority\":\"high\",\"due\":\"2026-12-01\",\"tags\":[\"web\",\"q4\"],\"rank\":\"0toy6c0launcha\",\"description\":\"first\\nsecond\",\"created\":\"2026-11-23T09:00:00Z\",\"updated\":\"2026-11-23T09:00:00Z\"}" &&
	python3 -m json.tool out >/dev/null
'
test_case 'a unique prefix of 4 characters resolves' '
	setup &&
	expect_status 0 bops task show othe --json &&
	expect_out_contains "\"id\":\"other\"" &&
	expect_status 0 bops task show launch-b --json &&
	expect_out_contains "\"id\":\"launch-b\""
'
test_case 'an ambiguous prefix exits 3 listing the candidates' '
	setup &&
	expect_status 3 bops task show launch &&
	expect_err_contains "task prefix '"'"'launch'"'"' is ambiguous: launch-a, launch-b" &&
	test ! -s out
'
test_case 'a prefix shorter than 4 characters does not resolve' '
	setup &&
	expect_status 3 bops task show oth &&
	expect_err_contains "a prefix needs 4 characters"
'
test_case 'an unknown id exits 3' '
	setup &&
	expect_status 3 bops task show nothing &&
	expect_err_contains "bops: no task '"'"'nothing'"'"'" && test ! -s out
'
test_case 'a malformed id exits 2' '
	setup &&
	for id in ../x "a b" "-rf" "\$(id)"; do
		expect_status 2 bops task show -- "$id" || exit 1
		expect_err_contains "invalid id" || exit 1
	done
'
test_case 'upper case in an id is folded' '
	setup &&
	expect_status 0 bops task show OTHER --json &&
	expect_out_contains "\"id\":\"other\""
'
test_case 'prefixes work for every verb that takes an id' '
	setup &&
	expect_status 0 bops task set othe priority=low && expect_out other &&
	expect_status 0 bops task move othe processing && expect_out other &&
	expect_status 0 bops task log othe && expect_status 0 bops task rm othe &&
	expect_out other && ws_clean
'
test_case 'an ambiguous prefix writes nothing' '
	setup && n=$(commits) &&
	expect_status 3 bops task set launch priority=low &&
	expect_status 3 bops task rm launch &&
	expect_status 3 bops task move launch done &&
	test "$(commits)" = "$n" && ws_clean
'
test_case 'show needs an id; of several, each must be one' '
	setup &&
	expect_status 2 bops task show && expect_err_contains "usage:" &&
	expect_status 2 bops task show other "../x" && test ! -s out
'
test_case 'show takes one output format' '
	setup &&
	expect_status 2 bops task show other --json --yaml
'
test_done
