#!/bin/sh
# project resource (a person's allocation, 0 removes them) and project
# csat (the customer's satisfaction, 0 to 5), their exit codes, and the
# warning of bops check for a person allocated over 100% across active
# projects.
. "$(dirname "$0")/lib.sh"

project() {
	bops -q project add "$2" --id "$1" status="${3:-active}" goal="G" \
	    metric=CSAT target=4.5 due=2026-12-31 >/dev/null
}

test_case 'resource: added, changed by name, removed with 0' '
	new_ws && project cskh "BPO chăm sóc khách hàng" &&
	expect_status 0 bops project resource cskh "Nguyễn Thị Lan" 80 \
	    "role=Trưởng nhóm" &&
	expect_out "cskh" &&
	expect_err_contains "project cskh: resource Nguyễn Thị Lan 80% (Trưởng nhóm)" &&
	expect_status 0 bops project resource cskh Minh 50% &&
	cat >want <<-\EOT &&
	resources:
	- person: Nguyễn Thị Lan
	  role: Trưởng nhóm
	  allocation: 80
	- person: Minh
	  allocation: 50
	EOT
	sed -n "/^resources:/,/^[a-z]/p" projects/cskh.yaml | sed "\$d" >got &&
	{ grep -q "^[a-z]" got || sed -n "/^resources:/,\$p" projects/cskh.yaml >got; } &&
	diff -u want got >&2 &&
	expect_status 0 bops project resource cskh "nguyễn thị lan" 60 &&
	expect_err_contains "resource Nguyễn Thị Lan 60%" &&
	grep -q "^  allocation: 60$" projects/cskh.yaml &&
	git log -1 --format=%s >subject &&
	grep -q "^project cskh: resource Nguyễn Thị Lan 60%$" subject &&
	expect_status 0 bops project resource cskh me 20 &&
	expect_err_contains "resource Lan Nguyen 20%" &&
	expect_status 0 bops project resource cskh "Lan Nguyen" 0 &&
	expect_status 0 bops project resource cskh Minh 0 &&
	expect_err_contains "resource Minh removed" &&
	! grep -q Minh projects/cskh.yaml &&
	expect_status 0 bops project resource cskh "Nguyễn Thị Lan" 0 &&
	! grep -q "^resources:" projects/cskh.yaml &&
	rm want got subject &&
	ws_clean
'

test_case 'resource: out of range or malformed is exit 2 and writes nothing' '
	new_ws && project cskh "BPO" &&
	n=$(commits) &&
	for a in 101 -1 abc 50.5 "" 1e2 " 5"; do
		expect_status 2 bops project resource cskh Lan "$a" || return 1
	done &&
	expect_err_contains "a whole percentage from 0 to 100" &&
	expect_status 2 bops project resource cskh Lan 50 owner=x &&
	expect_status 2 bops project resource cskh "" 50 &&
	expect_status 3 bops project resource nope Lan 50 &&
	expect_status 3 bops project resource cskh Nobody 0 &&
	expect_err_contains "has no resource '\''Nobody'\''" &&
	test "$(commits)" = "$n" &&
	ws_clean
'

test_case 'resource: an allocation over 100 in a file is exit 4' '
	new_ws && project cskh "BPO" &&
	bops -q project resource cskh Lan 50 >/dev/null &&
	sed -i "s/allocation: 50/allocation: 150/" projects/cskh.yaml &&
	git commit -qam "hand edit" &&
	expect_status 4 bops project show cskh &&
	expect_err_contains "projects/cskh.yaml:" &&
	git reset -q --hard HEAD~1
'

test_case 'csat: set and changed, 0 to 5, exit 2 otherwise' '
	new_ws && project cskh "BPO" &&
	expect_status 0 bops project csat cskh 4.2 &&
	expect_out "cskh" &&
	expect_err_contains "project cskh: csat 4.2" &&
	grep -q "^csat: 4.2$" projects/cskh.yaml &&
	expect_status 0 bops project csat cskh 4.5 &&
	expect_err_contains "csat 4.2 -> 4.5" &&
	n=$(commits) &&
	for s in 5.1 -1 high "" 4,5 nan inf; do
		expect_status 2 bops project csat cskh "$s" || return 1
	done &&
	expect_err_contains "the customer'\''s satisfaction from 0 to 5" &&
	expect_status 2 bops project csat cskh &&
	expect_status 3 bops project csat nope 4 &&
	test "$(commits)" = "$n" &&
	expect_status 0 bops project csat cskh 0 &&
	expect_status 0 bops project csat cskh 05 &&
	expect_err_contains "csat 0 -> 5" &&
	grep -q "^csat: 5$" projects/cskh.yaml &&
	ws_clean
'

test_case 'check: a person over 100% across active projects is a warning' '
	new_ws && project cskh "BPO chăm sóc khách hàng" &&
	project epmo "Skapa en kundcentrerad ePMO" &&
	project later "On hold" on-hold &&
	bops -q project resource cskh Lan 80 >/dev/null &&
	bops -q project resource epmo lan 30 >/dev/null &&
	bops -q project resource later Lan 100 >/dev/null &&
	bops -q project resource epmo Minh 100 >/dev/null &&
	expect_status 0 bops check &&
	expect_out "warning: Lan is allocated 110% across active projects (cskh 80%, epmo 30%)" &&
	expect_err_contains "no problem found; 1 warning" &&
	bops -q project resource epmo Lan 20 >/dev/null &&
	expect_status 0 bops check &&
	test ! -s out &&
	bops -q project set later status=active >/dev/null &&
	expect_status 0 bops check &&
	expect_out "warning: Lan is allocated 200% across active projects (cskh 80%, epmo 20%, later 100%)"
'

test_done
