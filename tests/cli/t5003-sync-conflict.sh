#!/bin/sh
# The same field changed two ways: a conflict kept inside the record as
# valid YAML (sync exits 5), listed by `bops conflicts`, reported by
# `bops check`, cleared by `bops resolve` with a commit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# conflicted: Ann sets status done and syncs first, Bob sets it to
# processing and syncs: the conflict is recorded in Bob's merge.
conflicted() {
	two_clones &&
	a -q task set brief status=done >/dev/null &&
	b -q task set brief status=processing >/dev/null &&
	a sync >/dev/null 2>&1 &&
	b sync >sync.out 2>sync.err
	test $? -eq 5 || { fail "bob sync did not exit 5"; cat sync.err >&2; return 1; }
}

test_case 'the same field two ways: exit 5 and a conflicts entry' '
	conflicted &&
	grep -qx "bops: sync: 1 conflict recorded; see \`bops conflicts\`" sync.err &&
	grep -q "1 conflict$" sync.err &&
	sed -n "/^conflicts:/,\$p" b/tasks/br/brief.yaml >entry &&
	sed -e "s/commit: .*/commit: C/" entry >got &&
	printf "%s\n" "conflicts:" "- field: status" "  base: not-started" \
	    "  values:" "  - value: done" "    commit: C" \
	    "    author: Ann Le <ann@example.com>" "  - value: processing" \
	    "    commit: C" "    author: Bob Tran <bob@example.com>" >want &&
	diff -u want got >&2 &&
	grep -q "commit: .*$(git -C a rev-parse HEAD)" entry &&
	grep -qx "status: processing" b/tasks/br/brief.yaml &&
	git -C b log -1 --format=%s >subject &&
	grep -qx "sync: merge origin/main (1 conflict)" subject
'

test_case 'each value names the commit that made it, not the branch tip' '
	two_clones &&
	a -q task set brief status=done >/dev/null &&
	made=$(git -C a rev-parse HEAD) &&
	a -q task add "Later work" --id later >/dev/null &&
	tip=$(git -C a rev-parse HEAD) &&
	b -q task set brief status=processing >/dev/null &&
	bob=$(git -C b rev-parse HEAD) &&
	b -q task add "Bob later" --id boblater >/dev/null &&
	a sync >/dev/null 2>&1 &&
	{ b sync >/dev/null 2>&1; test $? -eq 5; } &&
	grep -q "commit: .*$made" b/tasks/br/brief.yaml &&
	grep -q "commit: .*$bob" b/tasks/br/brief.yaml &&
	! grep -q "commit: .*$tip" b/tasks/br/brief.yaml
'

test_case 'the conflict is pushed: both clones hold the same record' '
	conflicted &&
	expect_status 0 a sync &&
	cmp a/tasks/br/brief.yaml b/tasks/br/brief.yaml &&
	test "$(git -C a rev-parse "HEAD^{tree}")" = \
	    "$(git -C b rev-parse "HEAD^{tree}")"
'

test_case 'bops conflicts lists it; bops check reports it with exit 1' '
	conflicted &&
	expect_status 0 b conflicts &&
	expect_out "kind  id     field   value 1  value 2
task  brief  status  done     processing" &&
	expect_status 0 b conflicts --json &&
	grep -q "\"field\":\"status\"" out &&
	grep -q "\"values\":\[\"done\",\"processing\"\]" out &&
	expect_status 1 b check &&
	expect_out_contains "tasks/br/brief.yaml: unresolved conflict in '\''status'\''" &&
	expect_status 0 b task show brief &&
	expect_status 0 b task list
'

test_case 'no conflicts: bops conflicts prints nothing' '
	two_clones &&
	expect_status 0 b conflicts &&
	test ! -s out && test ! -s err &&
	expect_status 0 b conflicts --json &&
	expect_out "[]"
'

test_case 'resolve --take ours keeps your value, with a commit' '
	conflicted &&
	n=$(git -C b rev-list --count HEAD) &&
	expect_status 0 b resolve brief status --take ours &&
	expect_out brief &&
	test "$(git -C b rev-list --count HEAD)" = $((n + 1)) &&
	git -C b log -1 --format=%s >subject &&
	grep -qx "task brief: resolve status: take ours" subject &&
	grep -qx "status: processing" b/tasks/br/brief.yaml &&
	! grep -q conflicts b/tasks/br/brief.yaml &&
	expect_status 0 b conflicts && test ! -s out &&
	sync_both && converged &&
	grep -qx "status: processing" a/tasks/br/brief.yaml
'

test_case 'resolve --take theirs takes the other value' '
	conflicted &&
	expect_status 0 b resolve brief status --take theirs &&
	grep -qx "status: done" b/tasks/br/brief.yaml &&
	! grep -q conflicts b/tasks/br/brief.yaml &&
	sync_both && converged &&
	grep -qx "status: done" a/tasks/br/brief.yaml
'

test_case 'resolve from the other clone: ours is Ann'"'"'s value there' '
	conflicted &&
	a sync >/dev/null 2>&1 &&
	expect_status 0 a resolve brief status --take ours &&
	grep -qx "status: done" a/tasks/br/brief.yaml &&
	sync_both && converged
'

test_case 'resolve --value sets a third value' '
	conflicted &&
	expect_status 0 b resolve brief status --value not-started &&
	grep -qx "status: not-started" b/tasks/br/brief.yaml &&
	! grep -q conflicts b/tasks/br/brief.yaml &&
	sync_both && converged
'

test_case 'resolve --value is validated like set' '
	conflicted &&
	expect_status 2 b resolve brief status --value nonsense &&
	grep -q "^conflicts:" b/tasks/br/brief.yaml &&
	(cd b && git diff --quiet HEAD)
'

test_case 'resolve refuses a field without a conflict and bad usage' '
	conflicted &&
	expect_status 3 b resolve brief title --take ours &&
	expect_err_contains "no conflict in '\''title'\''" &&
	expect_status 3 b resolve nosuch status --take ours &&
	expect_status 2 b resolve brief status &&
	expect_status 2 b resolve brief status --take ours --value done &&
	expect_status 2 b resolve brief status --take mine &&
	grep -q "^conflicts:" b/tasks/br/brief.yaml
'

test_case 'a conflict resolved on one side stays resolved after sync' '
	conflicted &&
	a sync >/dev/null 2>&1 &&
	b -q resolve brief status --take ours >/dev/null &&
	a -q task set brief priority=low >/dev/null &&
	sync_both &&
	! grep -q conflicts a/tasks/br/brief.yaml &&
	grep -qx "priority: low" a/tasks/br/brief.yaml &&
	converged
'

test_case 'two fields two ways: two entries, resolved one by one' '
	two_clones &&
	a -q task set brief status=done priority=high >/dev/null &&
	b -q task set brief status=processing priority=low >/dev/null &&
	a sync >/dev/null 2>&1 &&
	expect_status 5 b sync &&
	expect_err_contains "2 conflicts recorded" &&
	expect_status 0 b conflicts &&
	test "$(wc -l <out)" = 3 &&
	b -q resolve brief priority --take theirs >/dev/null &&
	expect_status 1 b check &&
	b -q resolve brief status --take 2 >/dev/null &&
	expect_status 0 b check &&
	sync_both && converged
'

test_done
