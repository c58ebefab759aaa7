#!/bin/sh
# okr: the cascade's parent must exist and must not make a cycle.
. "$(dirname "$0")/lib.sh"

# two: objectives a and b, b aligned to a.
two() {
	new_ws &&
	bops okr add A --id a >/dev/null 2>&1 &&
	bops okr add B --id b parent=a >/dev/null 2>&1
}

# unchanged N FILE: HEAD has N commits and FILE is as committed.
unchanged() {
	test "$(commits)" -eq "$1" || fail "a commit was made"
	git diff --quiet HEAD -- "$2" || fail "$2 changed"
	ws_clean
}

test_case 'a parent that makes a cycle is refused, exit 4, nothing written' '
	two &&
	n=$(commits) &&
	expect_status 4 bops okr set a parent=b &&
	expect_err_contains "okrs/a.yaml: parent '\''b'\'' makes a cycle: a -> b -> a" &&
	test ! -s out &&
	unchanged "$n" okrs/a.yaml &&
	! grep -q parent okrs/a.yaml
'

test_case 'a longer cycle is refused too' '
	two &&
	bops okr add C --id c parent=b >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 4 bops okr set a parent=c &&
	expect_err_contains "a -> c -> b -> a" &&
	unchanged "$n" okrs/a.yaml
'

test_case 'an objective cannot be its own parent' '
	two &&
	n=$(commits) &&
	expect_status 4 bops okr set a parent=a &&
	expect_err_contains "okrs/a.yaml: parent '\''a'\'' is the objective itself" &&
	unchanged "$n" okrs/a.yaml &&
	expect_status 4 bops okr add Self --id self parent=self &&
	test ! -e okrs/self.yaml &&
	unchanged "$n" okrs/a.yaml
'

test_case 'a parent that does not exist is refused, exit 4' '
	two &&
	n=$(commits) &&
	expect_status 4 bops okr add C --id c parent=nope &&
	expect_err_contains "parent '\''nope'\'': no such okr" &&
	test ! -e okrs/c.yaml &&
	expect_status 4 bops okr set b parent=nope &&
	expect_err_contains "okrs/b.yaml: parent '\''nope'\'': no such okr" &&
	unchanged "$n" okrs/b.yaml &&
	grep -q "^parent: a$" okrs/b.yaml
'

test_case 'a malformed parent id is a usage error' '
	two &&
	n=$(commits) &&
	expect_status 2 bops okr set b "parent=../x" &&
	unchanged "$n" okrs/b.yaml
'

test_case 'moving an objective under another parent, or to the top' '
	two &&
	bops okr add C --id c >/dev/null 2>&1 &&
	expect_status 0 bops okr set b parent=c &&
	expect_out b &&
	grep -q "^parent: c$" okrs/b.yaml &&
	expect_status 0 bops okr set a parent=c &&
	expect_status 0 bops okr tree --json &&
	expect_out_contains "{\"id\":\"c\"," &&
	expect_status 0 bops okr set b parent= &&
	! grep -q parent okrs/b.yaml &&
	expect_status 0 bops okr set c parent=b &&
	ws_clean
'

test_case 'a parent is named by its whole id' '
	new_ws &&
	bops okr add "Save the world" --id save-the-world >/dev/null 2>&1 &&
	expect_status 4 bops okr add Kid --id kid parent=save &&
	test ! -e okrs/kid.yaml &&
	expect_status 0 bops okr add Kid --id kid parent=save-the-world &&
	grep -q "^parent: save-the-world$" okrs/kid.yaml
'

test_case 'a cycle made by hand hides no objective and does not hang' '
	two &&
	sed "s/^period: .*/&\nparent: b/" okrs/a.yaml >x && mv x okrs/a.yaml &&
	git commit -qam "a cycle by hand" &&
	LC_ALL=C expect_status 0 timeout 10 "$BOPS" okr tree &&
	expect_out "objective  progress               %  pace       value
b  B       ....................  0%  off-track
  a  A     ....................  0%  off-track" &&
	expect_status 0 timeout 10 "$BOPS" okr score --json &&
	test "$(grep -c "\"id\"" out)" -eq 2 &&
	expect_status 0 timeout 10 "$BOPS" okr stale
'

test_done
