#!/bin/sh
# Whoever can push decides what lands in everybody's clone: symbolic
# links, submodules (gitlinks), directories where records belong, and
# locally a FIFO.  bops never follows a link, never waits on a FIFO,
# never reads past its limit, never deletes a tracked file, and reports
# each of them in `bops check`.  Each attack checks that nothing outside
# the workspace changed: a canary file and a directory in $HOME.
# Commands that could hang run under timeout, so a hang fails the case.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

T=20

# canary: $HOME/canary and $HOME/outside/keep, outside every workspace.
canary() {
	echo canary >"$HOME/canary" && mkdir "$HOME/outside" &&
	echo keep >"$HOME/outside/keep"
}

# outside_intact: the canary and the outside directory are as made.
outside_intact() {
	[ "$(cat "$HOME/canary")" = canary ] ||
	    { fail "the canary changed:"; sed 's/^/#   /' "$HOME/canary" >&2; return 1; }
	[ "$(ls -A "$HOME/outside")" = keep ] &&
	    [ "$(cat "$HOME/outside/keep")" = keep ] ||
	    { fail "outside/ changed: $(ls -A "$HOME/outside")"; return 1; }
}

# hostile_clone SETUP: a teammate's workspace ./t with a task 'plan',
# where SETUP (eval'd in ./t) adds files that are then committed with
# git and pushed to r.git; the victim clones it into ./v.
hostile_clone() {
	canary &&
	git init -q --bare -b main r.git &&
	BOPS_AUTHOR="$ANN" "$BOPS" -q init t &&
	git -C t remote add origin ../r.git &&
	(cd t && BOPS_AUTHOR="$ANN" "$BOPS" -q task add "Plan the launch" \
	    --id plan >/dev/null && eval "$1" && git add -A &&
	    git commit -qm "teammate's change" && git push -q origin main) &&
	expect_status 0 timeout $T "$BOPS" clone r.git v ||
	    { fail "hostile_clone failed"; return 1; }
}

# status_clean: git status shows nothing (in the current directory).
status_clean() {
	s=$(git status --porcelain --untracked-files=all | grep -v -e ' out$' -e ' err$' -e ' expected$')
	[ -z "$s" ] || { fail "git status not clean:"; echo "$s" | sed 's/^/#   /' >&2; return 1; }
}

test_case 'a committed link at the temp name of a record is never written through' '
	hostile_clone "ln -s \"\$HOME/canary\" tasks/pl/plan.yaml.bops-tmp" &&
	cd v &&
	expect_status 0 timeout $T "$BOPS" task set plan status=processing &&
	outside_intact &&
	test -L tasks/pl/plan.yaml.bops-tmp &&
	test "$(readlink tasks/pl/plan.yaml.bops-tmp)" = "$HOME/canary" &&
	test -f tasks/pl/plan.yaml && ! test -L tasks/pl/plan.yaml &&
	git show HEAD:tasks/pl/plan.yaml | grep -qx "status: processing" &&
	test "$(git hash-object tasks/pl/plan.yaml)" = \
	    "$(git rev-parse HEAD:tasks/pl/plan.yaml)" &&
	status_clean
'

test_case 'a committed link at the temp name of bops.yaml is never written through' '
	hostile_clone "ln -s \"\$HOME/canary\" bops.yaml.bops-tmp" &&
	cd v &&
	expect_status 0 timeout $T "$BOPS" config name "Launch team" &&
	outside_intact &&
	test -L bops.yaml.bops-tmp &&
	git show HEAD:bops.yaml | grep -q "^name: Launch team" &&
	status_clean
'

test_case 'a tracked file named like a temp file is neither written nor deleted' '
	hostile_clone "echo \"keep me\" >tasks/pl/plan.yaml.bops-tmp" &&
	cd v &&
	expect_status 0 timeout $T "$BOPS" task set plan status=processing &&
	test "$(cat tasks/pl/plan.yaml.bops-tmp)" = "keep me" &&
	# A writer killed after its commit leaves a journal: recovery
	# removes its own temp files, never a tracked one.
	old=$(git rev-parse HEAD~1:tasks/pl/plan.yaml) &&
	echo "$old tasks/pl/plan.yaml" >.git/bops/journal &&
	echo partial >tasks/pl/plan.yaml.k3f9x2m7qa.bops-tmp &&
	expect_status 0 timeout $T "$BOPS" task set plan priority=high &&
	test "$(cat tasks/pl/plan.yaml.bops-tmp)" = "keep me" &&
	! test -e tasks/pl/plan.yaml.k3f9x2m7qa.bops-tmp &&
	! test -e .git/bops/journal &&
	status_clean
'

test_case 'a committed symbolic link as a shard directory: writes refused' '
	hostile_clone "ln -s \"\$HOME/outside\" tasks/ab" &&
	cd v &&
	test -L tasks/ab &&
	before=$(git rev-parse HEAD) &&
	expect_status 5 timeout $T "$BOPS" task add "Write the brief" --id abc &&
	expect_err_contains "tasks/ab'"'"' is a symbolic link" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	outside_intact &&
	expect_status 1 timeout $T "$BOPS" check &&
	expect_out_contains "tasks/ab: a symbolic link" &&
	outside_intact &&
	status_clean
'

test_case 'a committed symbolic link as the kind directory: writes refused' '
	canary &&
	git init -q --bare -b main r.git &&
	BOPS_AUTHOR="$ANN" "$BOPS" -q init t &&
	git -C t remote add origin ../r.git &&
	(cd t && ln -s "$HOME/outside" tasks && git add tasks &&
	    git commit -qm "tasks elsewhere" && git push -q origin main) &&
	expect_status 0 timeout $T "$BOPS" clone r.git v &&
	cd v &&
	before=$(git rev-parse HEAD) &&
	expect_status 5 timeout $T "$BOPS" task add "Write the brief" &&
	expect_err_contains "tasks'"'"' is a symbolic link" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	expect_status 1 timeout $T "$BOPS" check &&
	expect_out_contains "tasks: a symbolic link where the task directory belongs" &&
	outside_intact &&
	status_clean
'

test_case 'a committed link to /dev/zero is a problem, never read' '
	hostile_clone "mkdir -p tasks/ev && ln -s /dev/zero tasks/ev/evil.yaml" &&
	cd v &&
	expect_status 1 timeout $T "$BOPS" check &&
	expect_out_contains "tasks/ev/evil.yaml: a symbolic link where a task record belongs" &&
	expect_status 4 timeout $T "$BOPS" task show evil &&
	expect_err_contains "tasks/ev/evil.yaml" &&
	expect_status 4 timeout $T "$BOPS" task set evil status=done &&
	expect_status 0 timeout $T "$BOPS" task list &&
	expect_status 0 timeout $T "$BOPS" task set plan status=done &&
	outside_intact &&
	status_clean
'

test_case 'a FIFO at a record path hangs no command' '
	canary && new_ws &&
	bops -q task add "Plan the launch" --id plan >/dev/null &&
	rm tasks/pl/plan.yaml && mkfifo tasks/pl/plan.yaml &&
	mkdir -p tasks/ff && mkfifo tasks/ff/ffff.yaml &&
	before=$(git rev-parse HEAD) &&
	expect_status 5 timeout $T "$BOPS" task set plan status=processing &&
	expect_err_contains "tasks/pl/plan.yaml: a FIFO" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	test -p tasks/pl/plan.yaml &&
	expect_status 1 timeout $T "$BOPS" check &&
	expect_out_contains "tasks/pl/plan.yaml: a FIFO in the work tree where a task record belongs" &&
	expect_out_contains "tasks/ff/ffff.yaml: a FIFO in the work tree, not committed" &&
	expect_status 0 timeout $T "$BOPS" task list &&
	expect_out_contains "Plan the launch" &&
	outside_intact
'

test_case 'a link made in the work tree is never followed' '
	canary && new_ws &&
	bops -q task add "Plan the launch" --id plan >/dev/null &&
	rm tasks/pl/plan.yaml && ln -s "$HOME/canary" tasks/pl/plan.yaml &&
	ln -s "$HOME/outside" tasks/ou &&
	expect_status 5 timeout $T "$BOPS" task set plan status=done &&
	expect_err_contains "tasks/pl/plan.yaml: a symbolic link" &&
	expect_status 5 timeout $T "$BOPS" task add "Out there" --id ouch &&
	expect_err_contains "tasks/ou'"'"' is a symbolic link" &&
	expect_status 1 timeout $T "$BOPS" check &&
	expect_out_contains "tasks/pl/plan.yaml: a symbolic link in the work tree where a task record belongs" &&
	expect_out_contains "tasks/ou: a symbolic link in the work tree, not committed" &&
	outside_intact
'

test_case 'the edit file and the merge driver inputs are read as files only' '
	canary && new_ws &&
	bops -q task add "Plan the launch" --id plan >/dev/null &&
	printf "#!/bin/sh\nrm -f \"\$1\" && ln -s /dev/zero \"\$1\"\n" >"$HOME/ed" &&
	chmod +x "$HOME/ed" &&
	before=$(git rev-parse HEAD) &&
	EDITOR="$HOME/ed" expect_status 4 timeout $T "$BOPS" task edit plan </dev/null &&
	expect_err_contains "is a symbolic link, not a regular file" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	git show HEAD:tasks/pl/plan.yaml >ours &&
	cp ours theirs && ln -s /dev/zero base &&
	# A failed merge driver says nothing: git reports the conflict.
	expect_status 1 timeout $T "$BOPS" merge-driver base ours theirs \
	    tasks/pl/plan.yaml &&
	rm base && mkfifo base &&
	expect_status 1 timeout $T "$BOPS" merge-driver base ours theirs \
	    tasks/pl/plan.yaml &&
	git show HEAD:tasks/pl/plan.yaml | cmp - ours &&
	rm -f base ours theirs out err && ws_clean && outside_intact
'

test_case 'a gitlink or a directory where a record belongs is a problem' '
	canary && new_ws &&
	bops -q task add "Plan the launch" --id plan >/dev/null &&
	git update-index --add --cacheinfo \
	    160000,$(git rev-parse HEAD),tasks/gl/glink.yaml &&
	mkdir -p tasks/di/dir.yaml && echo x >tasks/di/dir.yaml/x &&
	git add tasks/di && git commit -qm "not records" &&
	expect_status 1 timeout $T "$BOPS" check &&
	expect_out_contains "tasks/gl/glink.yaml: a submodule (gitlink) where a task record belongs" &&
	expect_out_contains "tasks/di/dir.yaml: a directory where a task record belongs" &&
	expect_status 4 timeout $T "$BOPS" task show glink &&
	expect_status 0 timeout $T "$BOPS" task set plan status=done &&
	outside_intact
'

test_case 'clone checks out a committed link as a link and follows nothing' '
	hostile_clone "mkdir -p notes && ln -s \"\$HOME/canary\" notes/latest &&
	    ln -s \"\$HOME/outside\" tasks/zz" &&
	cd v &&
	test -L notes/latest && test -L tasks/zz &&
	test "$(readlink notes/latest)" = "$HOME/canary" &&
	status_clean &&
	expect_status 1 timeout $T "$BOPS" check &&
	expect_out_contains "tasks/zz: a symbolic link" &&
	expect_status 0 timeout $T "$BOPS" task set plan status=done &&
	outside_intact &&
	status_clean
'

test_case 'sync takes a link as a link, on a fast-forward and in a merge' '
	canary && two_clones &&
	(cd a && mkdir -p notes && ln -s "$HOME/canary" notes/latest &&
	    git add notes && git commit -qm "a link" && git push -q origin main) &&
	expect_status 0 timeout $T sh -c "cd b && BOPS_AUTHOR=\"$BOB\" \"$BOPS\" sync" &&
	test -L b/notes/latest &&
	test "$(readlink b/notes/latest)" = "$HOME/canary" &&
	(cd b && status_clean) &&
	# Both sides moved: the merge commit keeps the link a link.
	(cd a && ln -sfn "$HOME/outside" notes/latest &&
	    git add notes && git commit -qm "another target" &&
	    git push -q origin main) &&
	b -q task add "Bob was here" >/dev/null &&
	expect_status 0 timeout $T sh -c "cd b && BOPS_AUTHOR=\"$BOB\" \"$BOPS\" sync" &&
	test "$(git -C b ls-tree HEAD notes/latest | cut -c1-6)" = 120000 &&
	test "$(readlink b/notes/latest)" = "$HOME/outside" &&
	(cd b && status_clean) &&
	outside_intact
'

test_case 'sync takes an executable file as executable' '
	canary && two_clones &&
	(cd a && mkdir -p scripts && printf "#!/bin/sh\necho hi\n" >scripts/run &&
	    chmod 755 scripts/run && git add scripts &&
	    git commit -qm "a script" && git push -q origin main) &&
	expect_status 0 timeout $T sh -c "cd b && BOPS_AUTHOR=\"$BOB\" \"$BOPS\" sync" &&
	test -x b/scripts/run &&
	(cd b && status_clean) &&
	(cd a && chmod 644 scripts/run && git commit -qam "not a script" &&
	    git push -q origin main) &&
	b -q task add "Bob was here" >/dev/null &&
	expect_status 0 timeout $T sh -c "cd b && BOPS_AUTHOR=\"$BOB\" \"$BOPS\" sync" &&
	test "$(git -C b ls-tree HEAD scripts/run | cut -c1-6)" = 100644 &&
	! test -x b/scripts/run &&
	(cd b && status_clean) &&
	outside_intact
'

test_case 'sync keeps a link where a record belongs as a link, and takes a gitlink' '
	canary && two_clones &&
	(cd a && mkdir -p tasks/ev && ln -s /dev/zero tasks/ev/evil.yaml &&
	    git update-index --add --cacheinfo \
	    160000,$(git rev-parse HEAD),vendor/lib &&
	    git add tasks && git commit -qm "hostile" && git push -q origin main) &&
	expect_status 4 timeout $T sh -c "cd b && BOPS_AUTHOR=\"$BOB\" \"$BOPS\" sync" &&
	expect_err_contains "tasks/ev/evil.yaml: a symbolic link, not a regular file (kept as it came)" &&
	test "$(git -C b ls-tree HEAD tasks/ev/evil.yaml | cut -c1-6)" = 120000 &&
	test -L b/tasks/ev/evil.yaml &&
	test "$(git -C b ls-tree HEAD vendor/lib | cut -c1-6)" = 160000 &&
	test -d b/vendor/lib &&
	(cd b && status_clean) &&
	expect_status 1 timeout $T sh -c "cd b && \"$BOPS\" check" &&
	expect_out_contains "tasks/ev/evil.yaml: a symbolic link where a task record belongs" &&
	outside_intact
'

test_case 'sync refuses a link where a record belongs when both sides changed it' '
	canary && two_clones &&
	(cd a && rm tasks/br/brief.yaml && ln -s /dev/zero tasks/br/brief.yaml &&
	    git add tasks && git commit -qm "hostile" && git push -q origin main) &&
	b -q task set brief status=processing >/dev/null &&
	before=$(git -C b rev-parse HEAD) &&
	expect_status 4 timeout $T sh -c "cd b && BOPS_AUTHOR=\"$BOB\" \"$BOPS\" sync" &&
	expect_err_contains "tasks/br/brief.yaml: a symbolic link, not a regular file" &&
	test "$(git -C b rev-parse HEAD)" = "$before" &&
	! test -L b/tasks/br/brief.yaml &&
	(cd b && status_clean) &&
	outside_intact
'

test_done
