#!/bin/sh
# What comes in is validated against the merged config; a record that
# does not validate is kept as it came, never dropped or reverted; no
# sync removes a record the other side did not remove.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# custom_field: Ann declares custom.task.channel with plain git and adds
# a task that uses it, then syncs.
custom_field() {
	printf 'custom:\n  task:\n    channel:\n      type: string\n' \
	    >>a/bops.yaml &&
	git -C a commit -q -a -m "channel field" &&
	zalo=$(a task add "Zalo post" channel=zalo 2>/dev/null) &&
	a sync >/dev/null 2>&1 || { fail "ann could not sync"; return 1; }
}

test_case 'a record using a field the incoming config declares is taken' '
	two_clones &&
	custom_field &&
	expect_status 0 b sync &&
	grep -qx "channel: zalo" b/tasks/*/$zalo.yaml &&
	expect_status 0 a sync &&
	test -f a/tasks/*/$zalo.yaml &&
	git -C r.git show "main:tasks/$(echo $zalo | cut -c1-2)/$zalo.yaml" \
	    >/dev/null &&
	converged
'

test_case 'the same with work on both sides: nothing lost either way' '
	two_clones &&
	b -q task add "Bob offline" --id bobs >/dev/null &&
	custom_field &&
	expect_status 0 b sync &&
	expect_status 0 a sync &&
	test -f a/tasks/bo/bobs.yaml && test -f b/tasks/*/$zalo.yaml &&
	converged
'

# push_broken TEXT: Ann commits TEXT as tasks/br/brief.yaml with plain
# git and pushes it with git.
push_broken() {
	printf "$1" >a/tasks/br/brief.yaml &&
	git -C a commit -q -a -m "hand edit" &&
	git -C a push -q origin main 2>/dev/null
}

test_case 'an invalid record is kept as it came; nothing pushed; exit 4' '
	two_clones &&
	b -q task add "Bob offline" --id bobs >/dev/null &&
	before=$(git -C r.git rev-parse main) &&
	push_broken "title: X\nstatus: nonsense\n" &&
	pushed=$(git -C r.git rev-parse main) &&
	broken=$(git -C a rev-parse HEAD:tasks/br/brief.yaml) &&
	expect_status 4 b sync &&
	expect_err_contains "tasks/br/brief.yaml:2:9: " &&
	expect_err_contains "kept as it came" &&
	expect_err_contains "nothing pushed" &&
	test "$(git -C b rev-parse HEAD:tasks/br/brief.yaml)" = "$broken" &&
	test "$(git -C r.git rev-parse main)" = "$pushed" &&
	test -f b/tasks/bo/bobs.yaml &&
	expect_status 1 b check &&
	expect_out_contains "tasks/br/brief.yaml:2:9"
'

test_case 'bops conflicts names a record that does not validate' '
	two_clones &&
	push_broken "title: X\nstatus: nonsense\n" &&
	{ b sync >/dev/null 2>&1; test $? -eq 4; } &&
	expect_status 0 b conflicts &&
	expect_out_contains "brief" && expect_out_contains "does not validate"
'

test_case 'the next sync pushes it as it is; nobody loses it' '
	two_clones &&
	b -q task add "Bob offline" --id bobs >/dev/null &&
	push_broken "title: X\nstatus: nonsense\n" &&
	broken=$(git -C a rev-parse HEAD:tasks/br/brief.yaml) &&
	{ b sync >/dev/null 2>&1; test $? -eq 4; } &&
	expect_status 0 b sync &&
	expect_status 0 a sync &&
	test "$(git -C a rev-parse HEAD:tasks/br/brief.yaml)" = "$broken" &&
	test -f a/tasks/bo/bobs.yaml
'

test_case 'fixed with edit, the fix travels' '
	two_clones &&
	push_broken "title: X\nstatus: nonsense\n" &&
	{ b sync >/dev/null 2>&1; test $? -eq 4; } &&
	printf "#!/bin/sh\nsed -i s/nonsense/done/ \"\$1\"\n" >fix.sh &&
	chmod +x fix.sh &&
	export EDITOR="$HOME/fix.sh" &&
	expect_status 0 b task edit brief &&
	expect_err_contains "tasks/br/brief.yaml:2:9" &&
	grep -qx "status: done" b/tasks/br/brief.yaml &&
	expect_status 0 b sync && expect_status 0 a sync &&
	grep -qx "status: done" a/tasks/br/brief.yaml &&
	converged
'

test_case 'an invalid record changed on both sides: nothing merged, exit 4' '
	two_clones &&
	b -q task set brief priority=high >/dev/null &&
	head=$(git -C b rev-parse HEAD) &&
	push_broken "title: X\nstatus: nonsense\n" &&
	expect_status 4 b sync &&
	expect_err_contains "tasks/br/brief.yaml:2:9: " &&
	expect_err_contains "nothing merged" &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	grep -qx "priority: high" b/tasks/br/brief.yaml &&
	(cd b && ws_clean)
'

test_case 'our hand commit that does not validate is not overwritten' '
	two_clones &&
	printf "title: X\nstatus: nonsense\n" >b/tasks/br/brief.yaml &&
	git -C b commit -q -a -m "hand edit" &&
	head=$(git -C b rev-parse HEAD) &&
	a -q task set brief priority=low >/dev/null && a sync >/dev/null 2>&1 &&
	expect_status 4 b sync &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	grep -qx "status: nonsense" b/tasks/br/brief.yaml
'

test_case 'an incoming config that does not validate: nothing merged' '
	two_clones &&
	printf "board: [\n" >>a/bops.yaml &&
	git -C a commit -q -a -m "broken config" &&
	git -C a push -q origin main 2>/dev/null &&
	head=$(git -C b rev-parse HEAD) &&
	b -q task add "Bob" --id bobs >/dev/null &&
	expect_status 4 b sync &&
	expect_err_contains "bops.yaml:" &&
	test -f b/tasks/bo/bobs.yaml
'

test_done
