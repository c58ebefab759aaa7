#!/bin/sh
# Both clones work offline for a while, with config changes, custom
# fields, removals and adds in the same second, then sync in either
# order: the trees are byte-identical, every record made on either side
# is there, and `bops check` is clean on both.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# custom WHO FIELD: declare custom.task.FIELD with plain git.
custom() {
	printf '    %s:\n      type: string\n' "$2" >"$1/field" &&
	if grep -q "^custom:" "$1/bops.yaml"; then
		cat "$1/field" >>"$1/bops.yaml"
	else
		printf 'custom:\n  task:\n' >>"$1/bops.yaml" &&
		cat "$1/field" >>"$1/bops.yaml"
	fi &&
	rm "$1/field" &&
	git -C "$1" commit -q -a -m "custom field $2"
}

# offline: the week's work on both sides; the ids made go to ids.a and
# ids.b, the ids removed to gone.
offline() {
	two_clones &&
	for t in shared1 shared2 shared3; do
		a -q task add "Shared $t" --id $t >/dev/null || return 1
	done &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1 &&
	: >ids.a && : >ids.b &&
	custom a channel &&
	a -q config board.wip.processing 5 >/dev/null &&
	for k in 1 2 3 4; do
		a task add "Ann same second $k" channel=zalo >>ids.a 2>/dev/null ||
		    return 1
	done &&
	a -q task add "Cứu thế giới bằng 1000 suất cơm" >>ids.a &&
	a -q task rm shared1 >/dev/null &&
	a -q task set shared2 priority=high >/dev/null &&
	custom b segment &&
	for k in 1 2 3 4; do
		b task add "Bob same second $k" segment=smb >>ids.b 2>/dev/null ||
		    return 1
	done &&
	b -q task add "ตอบกลับ 95% ของข้อเสนอแนะ" >>ids.b &&
	b -q task set shared2 status=processing >/dev/null &&
	b -q task rm shared3 >/dev/null &&
	b -q config sprint.length 14d >/dev/null
}

# all_there: every id made on either side exists in both clones; the
# removed ones are gone from both.
all_there() {
	for who in a b; do
		for id in $(cat ids.a ids.b); do
			test -f "$who/tasks/$(echo "$id" | cut -c1-2)/$id.yaml" ||
			    { fail "$who lacks $id"; return 1; }
		done
		test ! -e "$who/tasks/sh/shared1.yaml" &&
		test ! -e "$who/tasks/sh/shared3.yaml" ||
		    { fail "$who kept a removed task"; return 1; }
	done &&
	test "$(cat ids.a ids.b | sort -u | wc -l)" -eq 10 &&
	grep -qx "status: processing" a/tasks/sh/shared2.yaml &&
	grep -qx "priority: high" a/tasks/sh/shared2.yaml &&
	grep -qx "    channel:" a/bops.yaml && grep -qx "    segment:" a/bops.yaml &&
	grep -qx "    processing: 5" a/bops.yaml &&
	grep -qx "  length: 2w" a/bops.yaml
}

test_case 'Ann syncs first, then Bob, then Ann' '
	offline &&
	expect_status 0 a sync && expect_status 0 b sync &&
	expect_status 0 a sync &&
	converged && all_there
'

test_case 'Bob syncs first, then Ann, then Bob' '
	offline &&
	expect_status 0 b sync && expect_status 0 a sync &&
	expect_status 0 b sync &&
	converged && all_there
'

test_case 'either order gives the same records' '
	offline &&
	cp -R a a2 && cp -R b b2 && cp -R r.git r2.git &&
	git -C a2 remote set-url origin ../r2.git &&
	git -C b2 remote set-url origin ../r2.git &&
	a sync >/dev/null 2>&1 && b sync >/dev/null 2>&1 &&
	a sync >/dev/null 2>&1 &&
	(cd b2 && BOPS_AUTHOR="$BOB" "$BOPS" sync >/dev/null 2>&1) &&
	(cd a2 && BOPS_AUTHOR="$ANN" "$BOPS" sync >/dev/null 2>&1) &&
	(cd b2 && BOPS_AUTHOR="$BOB" "$BOPS" sync >/dev/null 2>&1) &&
	diff -r -x .git a a2 >&2 && diff -r -x .git b b2 >&2
'

test_done
