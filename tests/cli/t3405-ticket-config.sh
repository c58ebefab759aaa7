#!/bin/sh
# The ticket section of bops.yaml: written by init with SCENARIOS.md's
# defaults; a bad SLA target, business hour, weekday or holiday is exit
# 4 with path:line:col when read, exit 2 through bops config, and bops
# check names it.
. "$(dirname "$0")/lib.sh"

test_case 'init writes the service desk defaults, with their comments' '
	new_ws &&
	expect_status 0 bops config ticket &&
	expect_out "priorities:
- urgent
- high
- normal
- low
first_response:
  urgent: 1h
  high: 4h
  normal: '\''1d'\''
  low: '\''2d'\''
resolution:
  urgent: 4h
  high: '\''1d'\''
  normal: '\''3d'\''
  low: '\''7d'\''
at_risk: 0.25
business_hours:
  days:
  - monday
  - tuesday
  - wednesday
  - thursday
  - friday
  start: '\''09:00'\''
  end: '\''17:00'\''" &&
	grep -q "^  # SLA target for the first public reply, per priority, in business time" bops.yaml &&
	expect_status 0 bops config ticket.resolution.low &&
	expect_out 7d
'

test_case 'bops config checks a value as typed: exit 2, nothing written' '
	new_ws &&
	n=$(commits) &&
	expect_status 2 bops config ticket.first_response.urgent 3x &&
	expect_err_contains "ticket.first_response.urgent must be a duration in business time (45m, 4h, 1d, 1w), got '\''3x'\''" &&
	expect_status 2 bops config ticket.business_hours.start 9am &&
	expect_err_contains "ticket.business_hours.start must be HH:MM, got '\''9am'\''" &&
	expect_status 2 bops config ticket.business_hours.end 08:00 &&
	expect_err_contains "must be after the opening time" &&
	expect_status 2 bops config ticket.business_hours.days monday,funday &&
	expect_err_contains "'\''funday'\'' is no weekday" &&
	expect_status 2 bops config ticket.business_hours.holidays 2026-12-24,tet &&
	expect_err_contains "'\''tet'\'' is no date" &&
	expect_status 2 bops config ticket.at_risk 1.5 &&
	expect_status 2 bops config ticket.first_response.p9 1h &&
	test "$(commits)" = "$n" &&
	expect_status 0 bops config ticket.business_hours.end 24:00 &&
	expect_status 0 bops config ticket.resolution.low 1w2d &&
	expect_status 0 bops config ticket.business_hours.holidays 2026-12-24,2027-02-16 &&
	ws_clean
'

test_case 'a bad value committed by hand: exit 4 with path:line:col, named by check' '
	new_ws &&
	sed -i "s/^    urgent: 1h\$/    urgent: soon/" bops.yaml &&
	sed -i "s/^    start: .09:00.\$/    start: 9h/" bops.yaml &&
	git commit -qam "by hand" &&
	l1=$(grep -n "^    urgent: soon" bops.yaml | cut -d: -f1) &&
	l2=$(grep -n "^    start: 9h" bops.yaml | cut -d: -f1) &&
	expect_status 4 bops ticket list &&
	expect_err_contains "bops: bops.yaml:$l1:13: ticket.first_response.urgent must be a duration in business time (45m, 4h, 1d, 1w), got '\''soon'\''" &&
	expect_status 4 bops task list &&
	expect_status 1 bops check &&
	expect_out_contains "bops.yaml:$l1:13: ticket.first_response.urgent must be a duration" &&
	expect_status 1 bops check &&
	expect_out_contains "bops.yaml:$l2:" &&
	n=$(commits) &&
	expect_status 4 bops config ticket.first_response.urgent 1h &&
	expect_err_contains "bops: bops.yaml:$l2:12: ticket.business_hours.start must be HH:MM, got '\''9h'\''" &&
	test "$(commits)" = "$n" &&
	sed -i "s/^    start: 9h\$/    start: '\''09:00'\''/" bops.yaml &&
	git commit -qam "by hand, again" &&
	expect_status 0 bops config ticket.first_response.urgent 1h &&
	expect_status 0 bops ticket list &&
	ws_clean
'

test_case 'a workspace made before tickets reads the defaults' '
	new_ws &&
	sed -i "/^# service tickets/,\$d" bops.yaml &&
	git commit -qam "an older bops.yaml" &&
	! grep -q "^ticket:" bops.yaml &&
	expect_status 0 bops config ticket.first_response.normal &&
	expect_out 1d &&
	bops -q customer add Chi --id chi >/dev/null &&
	expect_status 0 bops ticket open X customer=chi priority=normal --id x &&
	BOPS_NOW=2026-11-23T10:00:00Z expect_status 0 bops ticket sla x &&
	expect_out_contains "first response  running 1h of 8h"
'

test_done
