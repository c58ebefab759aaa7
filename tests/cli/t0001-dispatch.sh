#!/bin/sh
. "$(dirname "$0")/lib.sh"

test_case 'version prints the version' '
	expect_status 0 bops version && expect_out_contains "bops "
'
test_case 'an unknown command exits 2' '
	expect_status 2 bops frobnicate && expect_err_contains "unknown command"
'
test_case 'outside a workspace exits 6 with a hint' '
	expect_status 6 bops task list && expect_err_contains "hint:"
'
test_done
