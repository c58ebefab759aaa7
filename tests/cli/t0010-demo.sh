#!/bin/sh
# make demo's tour: it runs to the end and leaves the HTML report.
. "$(dirname "$0")/lib.sh"

test_case 'the demo ends by writing the HTML report and naming it' '
	expect_status 0 sh "$SRC/share/demo.sh" "$PWD/demo" &&
	tail -1 out | grep -q "^# the HTML report: $PWD/demo/report.html$" &&
	grep -q "</html>" demo/report.html &&
	grep -q "<svg class=\"bar\"" demo/report.html &&
	expect_out_contains "\$ bops due" &&
	expect_out_contains "Weekly report: 2026-w48"
'

test_done
