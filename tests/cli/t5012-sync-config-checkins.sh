#!/bin/sh
# Sync of bops.yaml, and of key results checked in on both sides.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

test_case 'different config keys on both sides merge cleanly' '
	two_clones &&
	a -q config board.wip.processing 4 &&
	b -q config okr.checkin_every 14d &&
	sync_both && converged &&
	test "$(b config board.wip.processing)" = 4 &&
	test "$(a config okr.checkin_every)" = 2w
'
test_case 'one config key set two ways is a conflict kept in bops.yaml' '
	two_clones &&
	a -q config board.wip.processing 4 && a sync >/dev/null 2>&1 &&
	b -q config board.wip.processing 6 &&
	BOPS_AUTHOR="$BOB" expect_status 5 bops -C b sync &&
	expect_status 0 bops -C b conflicts &&
	expect_out_contains "board.wip.processing" &&
	expect_status 1 bops -C b check &&
	expect_out_contains "bops.yaml: conflict in '"'"'board.wip.processing'"'"'" &&
	b -q config board.wip.processing 5 &&
	expect_status 0 bops -C b check &&
	expect_status 0 bops -C b conflicts && test ! -s out &&
	sync_both && converged &&
	test "$(a config board.wip.processing)" = 5
'
test_case 'check-ins with different values on both sides: both kept, current follows the last' '
	two_clones &&
	a -q okr add "Save the world" --id save >/dev/null &&
	a -q okr kr add save Meals target=1000 >/dev/null &&
	sync_both &&
	(cd a && BOPS_AUTHOR="$ANN" BOPS_NOW=2026-11-23T10:00:00Z \
	    bops -q okr checkin save/1 300 confidence=0.6 >/dev/null) &&
	(cd b && BOPS_AUTHOR="$BOB" BOPS_NOW=2026-11-23T11:00:00Z \
	    bops -q okr checkin save/1 420 confidence=0.8 >/dev/null) &&
	sync_both && converged &&
	expect_status 0 bops -C a conflicts && test ! -s out &&
	test "$(grep -c "^  - at:" a/okrs/save.yaml)" = 2 &&
	grep -q "^  current: 420$" a/okrs/save.yaml &&
	grep -q "^  confidence: 0.8$" a/okrs/save.yaml
'
test_done
