#!/bin/sh
# bops task set ID field=value | field+=item | field-=item | field=
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Brief" --id brief priority=high tags+=web \
	    due=2026-12-01 >/dev/null 2>&1
}

test_case 'set changes a field in one commit naming the change' '
	setup && n=$(commits) &&
	expect_status 0 bops task set brief priority=low &&
	expect_out brief &&
	test "$(cat err)" = "task brief: priority high -> low" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = "task brief: priority high -> low" &&
	grep -q "^priority: low$" tasks/br/brief.yaml && ws_clean
'
test_case 'several assignments make one commit' '
	setup && n=$(commits) &&
	expect_status 0 bops task set brief priority=low assignee=me estimate=3 &&
	test "$(commits)" = $((n + 1)) &&
	test "$(git log -1 --format=%s)" = \
	    "task brief: assignee Lan Nguyen, priority high -> low, estimate 3" &&
	ws_clean
'
test_case 'a no-op set commits nothing and says so' '
	setup && n=$(commits) && cp tasks/br/brief.yaml ../before &&
	expect_status 0 bops task set brief priority=high tags+=web &&
	expect_out brief &&
	test "$(cat err)" = "task brief: no change" &&
	test "$(commits)" = "$n" && cmp -s tasks/br/brief.yaml ../before &&
	ws_clean
'
test_case 'updated is stamped from BOPS_NOW, created is kept' '
	setup &&
	BOPS_NOW=2026-11-24T10:00:00Z bops task set brief priority=low \
	    >/dev/null 2>&1 &&
	grep -q "^updated: 2026-11-24T10:00:00Z$" tasks/br/brief.yaml &&
	grep -q "^created: 2026-11-23T09:00:00Z$" tasks/br/brief.yaml &&
	test "$(git log -1 --format=%aI)" = 2026-11-24T10:00:00+00:00
'
test_case 'field= clears a field' '
	setup &&
	expect_status 0 bops task set brief due= &&
	test "$(git log -1 --format=%s)" = "task brief: due cleared" &&
	! grep -q "^due:" tasks/br/brief.yaml && ws_clean
'
test_case 'a required field cannot be cleared (exit 2)' '
	setup && n=$(commits) &&
	expect_status 2 bops task set brief title= &&
	expect_err_contains "field '"'"'title'"'"' is required and cannot be cleared" &&
	expect_status 2 bops task set brief status= &&
	test "$(commits)" = "$n"
'
test_case 'tags+= adds and tags-= removes items' '
	setup &&
	expect_status 0 bops task set brief tags+=q4 tags+=launch &&
	test "$(git log -1 --format=%s)" = "task brief: tags +q4 +launch" &&
	expect_status 0 bops task set brief tags-=web &&
	test "$(git log -1 --format=%s)" = "task brief: tags -web" &&
	sed -n "/^tags:/,/^[a-z]/p" tasks/br/brief.yaml >got &&
	printf "tags:\n- q4\n- launch\nrank: 0toy6c0brief\n" >want &&
	cmp want got && rm want got && ws_clean
'
test_case 'adding a present item or removing an absent one is a no-op' '
	setup && n=$(commits) &&
	expect_status 0 bops task set brief tags+=web &&
	expect_status 0 bops task set brief tags-=nothere &&
	test "$(commits)" = "$n"
'
test_case 'removing the last item removes the list' '
	setup &&
	expect_status 0 bops task set brief tags-=web &&
	! grep -q "^tags" tasks/br/brief.yaml && ws_clean
'
test_case '+= on a field that is not a list exits 2' '
	setup &&
	expect_status 2 bops task set brief priority+=low &&
	expect_err_contains "field '"'"'priority'"'"' is not a list"
'
test_case 'a read-only field is refused (exit 2)' '
	setup && n=$(commits) && cp tasks/br/brief.yaml ../before &&
	for f in created updated started finished; do
		expect_status 2 bops task set brief "$f=2020-01-01T00:00:00Z" || exit 1
		expect_err_contains "field '"'"'$f'"'"' is set by bops and cannot be changed" || exit 1
	done &&
	test "$(commits)" = "$n" && cmp -s tasks/br/brief.yaml ../before
'
test_case 'an unknown field exits 2' '
	setup && n=$(commits) &&
	expect_status 2 bops task set brief colour=red &&
	expect_err_contains "unknown field '"'"'colour'"'"' for task" &&
	test "$(commits)" = "$n"
'
test_case 'a bad value exits 2 and writes nothing, even with good ones' '
	setup && n=$(commits) && cp tasks/br/brief.yaml ../before &&
	expect_status 2 bops task set brief priority=low due=never &&
	expect_err_contains "field '"'"'due'"'"': must be a date" &&
	expect_status 2 bops task set brief status=finished &&
	expect_err_contains "is not one of: not-started, processing, done" &&
	test "$(commits)" = "$n" && cmp -s tasks/br/brief.yaml ../before &&
	ws_clean
'
test_case 'set without an assignment or with a bare word exits 2' '
	setup &&
	expect_status 2 bops task set brief && expect_err_contains "usage:" &&
	expect_status 2 bops task set brief justaword &&
	expect_err_contains "expected field=value"
'
test_case 'set on an unknown id exits 3' '
	setup && n=$(commits) &&
	expect_status 3 bops task set nothing priority=low &&
	test "$(commits)" = "$n"
'
test_case 'relative dates in set: due=friday on a Monday' '
	setup &&
	expect_status 0 bops task set brief due=friday &&
	test "$(git log -1 --format=%s)" = \
	    "task brief: due 2026-12-01 -> 2026-11-27" && ws_clean
'
test_case 'x_ fields are set and cleared' '
	setup &&
	expect_status 0 bops task set brief x_source=web &&
	grep -q "^x_source: web$" tasks/br/brief.yaml &&
	expect_status 0 bops task set brief x_source= &&
	! grep -q "^x_source" tasks/br/brief.yaml && ws_clean
'
test_case 'set on a hand-edited uncommitted record is refused (exit 5)' '
	setup &&
	printf "x_note: by hand\n" >>tasks/br/brief.yaml &&
	cp tasks/br/brief.yaml ../hand && n=$(commits) &&
	expect_status 5 bops task set brief priority=low &&
	expect_err_contains "tasks/br/brief.yaml: has uncommitted changes" &&
	test ! -s out &&
	test "$(commits)" = "$n" && cmp tasks/br/brief.yaml ../hand
'
test_case 'a hand-deleted record is refused too' '
	setup && rm tasks/br/brief.yaml && n=$(commits) &&
	expect_status 5 bops task set brief priority=low &&
	test "$(commits)" = "$n" && test ! -e tasks/br/brief.yaml
'
test_case 'a hand edit committed with git is fine' '
	setup &&
	printf "x_note: by hand\n" >>tasks/br/brief.yaml &&
	git commit -qam "hand edit" &&
	expect_status 0 bops task set brief priority=low &&
	grep -q "^x_note: by hand$" tasks/br/brief.yaml && ws_clean
'
test_done
