#!/bin/sh
# bops log [-n N] [--json]: recent changes in the workspace.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Brief" --id brief >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-24T10:15:00Z BOPS_AUTHOR="Mai Tran <mai@example.com>" \
	    "$BOPS" task start brief >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-25T08:00:00Z "$BOPS" config board.wip.processing 2 \
	    2>/dev/null
}

mask() { sed "s/  [0-9a-f]\{10\}  /  COMMIT  /" out >masked && mv masked out; }

test_case 'log lists the commits, newest first' '
	setup &&
	expect_status 0 bops log && mask &&
	expect_out "2026-11-25 08:00 +0000  COMMIT  Lan Nguyen  config: board.wip.processing 3 -> 2
2026-11-24 10:15 +0000  COMMIT  Mai Tran  task brief: status not-started -> processing, started 2026-11-24T10:15:00Z
2026-11-23 09:00 +0000  COMMIT  Lan Nguyen  task brief: add '"'"'Brief'"'"'
2026-11-23 09:00 +0000  COMMIT  Lan Nguyen  bops init" && test ! -s err
'
test_case 'log shows the short commit ids of git' '
	setup &&
	expect_status 0 bops log -n 1 &&
	test "$(cut -c25-34 out)" = "$(git rev-parse HEAD | cut -c1-10)"
'
test_case 'log -n N shows the last N' '
	setup &&
	expect_status 0 bops log -n 2 && test "$(wc -l <out)" = 2 &&
	expect_status 0 bops log --max-count 1 &&
	expect_out_contains "config: board.wip.processing 3 -> 2"
'
test_case 'log --json is an array of commits' '
	setup &&
	expect_status 0 bops log --json &&
	python3 -c "
import json, subprocess
log = json.load(open(\"out\"))
assert [c[\"message\"] for c in log][-1] == \"bops init\"
assert len(log) == 4
assert log[1] [\"author\"] == \"Mai Tran\" and log[1][\"email\"] == \"mai@example.com\"
assert log[1][\"date\"] == \"2026-11-24T10:15:00Z\"
head = subprocess.check_output([\"git\", \"rev-parse\", \"HEAD\"]).decode().strip()
assert log[0][\"commit\"] == head
"
'
test_case 'log shows hand commits too' '
	setup &&
	echo "# note" >>bops.yaml &&
	GIT_AUTHOR_DATE=2026-11-26T12:00:00Z git commit -qam "a hand commit" &&
	expect_status 0 bops log -n 1 && mask &&
	expect_out "2026-11-26 12:00 +0000  COMMIT  Test Runner  a hand commit"
'
test_case 'log shows times in the workspace zone with its offset' '
	setup &&
	BOPS_NOW=2026-11-25T09:00:00Z bops -q config timezone Asia/Ho_Chi_Minh &&
	expect_status 0 bops log -n 3 && mask &&
	expect_out "2026-11-25 16:00 +0700  COMMIT  Lan Nguyen  config: timezone UTC -> Asia/Ho_Chi_Minh
2026-11-25 15:00 +0700  COMMIT  Lan Nguyen  config: board.wip.processing 3 -> 2
2026-11-24 17:15 +0700  COMMIT  Mai Tran  task brief: status not-started -> processing, started 2026-11-24T10:15:00Z" &&
	expect_status 0 bops log -n 1 --json &&
	expect_out_contains "\"date\":\"2026-11-25T09:00:00Z\""
'
test_case 'the offset is the one of each instant, across a DST change' '
	export BOPS_NOW=2026-10-31T12:00:00Z &&
	new_ws && bops -q config timezone America/New_York &&
	BOPS_NOW=2026-11-02T12:00:00Z bops -q task add "Gọi bếp bệnh viện" --id kitchen >/dev/null &&
	expect_status 0 bops log -n 2 && mask &&
	expect_out "2026-11-02 07:00 -0500  COMMIT  Lan Nguyen  task kitchen: add '"'"'Gọi bếp bệnh viện'"'"'
2026-10-31 08:00 -0400  COMMIT  Lan Nguyen  config: timezone UTC -> America/New_York"
'
test_case 'a bad -n or an argument exits 2' '
	setup &&
	expect_status 2 bops log -n many && expect_err_contains "not a count" &&
	expect_status 2 bops log -n && expect_status 2 bops log extra
'
test_case 'a teammate commit with broken UTF-8 and escapes prints clean' '
	new_ws &&
	echo x >x && git add x &&
	printf "tree %s\nparent %s\nauthor Mai \033[2J <m@x> 1795424400 +0000\ncommitter Mai <m@x> 1795424400 +0000\n\nbad \377 byte \033[31mred\nbody\n" \
	    "$(git write-tree)" "$(git rev-parse HEAD)" >"$HOME/commit" &&
	git update-ref HEAD "$(git hash-object -t commit -w --literally \
	    "$HOME/commit")" &&
	git rm -q x && git commit -q -m ok &&
	expect_status 0 bops log &&
	iconv -f UTF-8 -t UTF-8 out >/dev/null || fail "log is not UTF-8" &&
	! grep -q "$(printf "\033")" out || fail "an escape reached the terminal" &&
	grep -qF "  Mai \\033[2J  bad \\377 byte \\033[31mred" out ||
	    fail "$(cat out)" &&
	expect_status 0 bops log --json &&
	iconv -f UTF-8 -t UTF-8 out >/dev/null
'
test_case 'log -n 0 and --limit 0 both show nothing, as git log -n 0; -1 all' '
	setup &&
	expect_status 0 bops log -n 0 && test ! -s out && test ! -s err &&
	expect_status 0 bops log -n 0 --json && expect_out "[]" &&
	expect_status 0 bops task list --limit 0 && test ! -s out &&
	expect_status 0 bops task list --limit 0 --json && expect_out "[]" &&
	expect_status 0 bops log -n -1 && test "$(wc -l <out)" = 4 &&
	expect_status 0 bops task list --limit -1 --fields id &&
	expect_out "id
brief" &&
	expect_status 2 bops log -n x && expect_status 2 bops task list --limit 1x
'
test_done
