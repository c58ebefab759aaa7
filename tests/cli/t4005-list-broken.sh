#!/bin/sh
# Reads skip records that fail validation, with a warning; write errors on
# stdout are failures.
. "$(dirname "$0")/lib.sh"

# good and bad tasks; bad is committed by hand with an invalid status
setup() {
	new_ws &&
	"$BOPS" task add "Good" --id good >/dev/null 2>&1 &&
	"$BOPS" task add "Bad" --id bad >/dev/null 2>&1 &&
	sed -i "s/^status: .*/status: finished/" tasks/ba/bad.yaml &&
	git commit -qam "hand edit"
}

test_case 'list skips an invalid record with a path:line:col warning' '
	setup &&
	expect_status 0 bops task list --fields id &&
	expect_out "id
good" &&
	expect_err_contains "bops: warning: skipped tasks/ba/bad.yaml:2:9: " &&
	expect_err_contains "'"'"'finished'"'"' is not one of"
'
test_case 'list --json skips it too and stays valid JSON' '
	setup &&
	expect_status 0 bops task list --json &&
	python3 -m json.tool out >/dev/null &&
	! grep -q "\"bad\"" out && expect_err_contains "skipped tasks/ba/bad.yaml"
'
test_case 'board and backlog skip it with a warning' '
	setup &&
	expect_status 0 bops task board && ! grep -q " Bad" out &&
	expect_err_contains "skipped tasks/ba/bad.yaml" &&
	expect_status 0 bops task backlog && ! grep -q "Bad" out &&
	expect_err_contains "skipped tasks/ba/bad.yaml"
'
test_case 'show of the invalid record exits 4 with path:line:col' '
	setup &&
	expect_status 4 bops task show bad &&
	expect_err_contains "bops: tasks/ba/bad.yaml:2:9: "
'
test_case 'set on the invalid record exits 4 and writes nothing' '
	setup && n=$(commits) &&
	expect_status 4 bops task set bad priority=low &&
	test "$(commits)" = "$n"
'
test_case 'broken YAML is skipped the same way' '
	setup &&
	printf "title: [unclosed\n" >tasks/go/good.yaml && git commit -qam "break" &&
	expect_status 0 bops task list --fields id &&
	test ! -s out &&
	grep -q "^bops: warning: skipped tasks/go/good.yaml:[0-9]*:[0-9]*: " err
'
test_case 'list >/dev/full exits 6' '
	setup &&
	expect_status 6 sh -c "\"$BOPS\" task list >/dev/full" &&
	expect_err_contains "bops: write to standard output: No space left on device"
'
test_case 'every read and --json to /dev/full exits 6' '
	setup &&
	for c in "task list --json" "task list --csv" "task show good" \
	    "task board" "task backlog" "task log good" "log" "config" \
	    "help" "version" "task -h"; do
		expect_status 6 sh -c "\"$BOPS\" $c >/dev/full" || exit 1
	done
'
test_case 'add >/dev/full still commits but exits 6' '
	new_ws && n=$(commits) &&
	expect_status 6 sh -c "\"$BOPS\" task add Full --id full >/dev/full" &&
	test "$(commits)" = $((n + 1)) && ws_clean
'
test_case 'a reader that closes the pipe early does not break bops' '
	setup &&
	i=0 && while [ $i -lt 30 ]; do
		bops task add "Task $i" >/dev/null 2>&1 || exit 1; i=$((i + 1))
	done &&
	bops task list 2>/dev/null | head -1 >first &&
	grep -q "^id " first
'
test_done
