#!/bin/sh
# Every string that reaches a commit header, a commit message or a ref
# name is checked or made safe first: a malformed identity, a hostile
# title, a bad remote or branch name, a clock git cannot record.  After
# each attempt `git fsck --strict` passes and nothing was written.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-sync.sh"

# snap: remember the refs, HEAD and the work tree; same: they are
# unchanged and the repository passes git fsck --strict.
state() {
	git for-each-ref
	git status --porcelain --untracked-files=all | grep -v -e " out$" \
	    -e " err$" -e " expected$" || true
}
snap() { state >../snap; }
same() {
	git fsck --strict >../fsck.out 2>&1 ||
	    { cat ../fsck.out >&2; fail "git fsck --strict failed"; return 1; }
	state >../now
	cmp -s ../snap ../now ||
	    { diff ../snap ../now >&2; fail "something was written"; return 1; }
}

# bops with no BOPS_AUTHOR and only the repository's git config.
anon() {
	mkdir -p "$HOME/nohome"
	env -u BOPS_AUTHOR -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL \
	    -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL -u XDG_CONFIG_HOME \
	    HOME="$HOME/nohome" GIT_CONFIG_NOSYSTEM=1 "$BOPS" "$@"
}

# Malformed identities, one printf format a line.
bad_authors='Eve\nx <e@example.com>
Eve <e@example.com\n>
Eve <e x@example.com>
Eve <>
E>ve <e@example.com>
Eve <<e@example.com>>
Eve <e@example.com> extra
Eve <e.example.com>
Eve <@example.com>
Eve\t<e@example.com>
Eve\033[2J <e@example.com>
Eve\342\200\256 <e@example.com>
Eve\377 <e@example.com>
 <e@example.com>
Eve'

test_case 'a malformed BOPS_AUTHOR is exit 2 and writes nothing' '
	new_ws && snap &&
	printf "%s\n" "$bad_authors" | while IFS= read -r f; do
		a=$(printf "$f.")
		BOPS_AUTHOR=${a%.} expect_status 2 bops task add "Hello" &&
		expect_err_contains "BOPS_AUTHOR" && test ! -s out && same ||
		    { fail "BOPS_AUTHOR=$f"; return 1; }
	done
'
test_case 'init with a malformed BOPS_AUTHOR creates nothing' '
	BOPS_AUTHOR="$(printf "Eve\nx <e@example.com>")" \
	    expect_status 2 bops init ws &&
	expect_err_contains "BOPS_AUTHOR" && test ! -e ws
'
test_case 'a broken git config identity is exit 6 and writes nothing' '
	new_ws && snap &&
	for v in "user.name=$(printf "Eve\nx")" "user.name=Ev<e" \
	    "user.email=e x@example.com" "user.email=nobody" \
	    "user.email=$(printf "e@x\033[2J")"; do
		git config user.name "Eve Ng" &&
		git config user.email eve@example.com &&
		git config "${v%%=*}" "${v#*=}" &&
		expect_status 6 anon task add "Hello" &&
		expect_err_contains "git config ${v%%=*}" &&
		expect_err_contains "hint: git config" && test ! -s out &&
		git config --unset user.name && git config --unset user.email &&
		same || { fail "$v"; return 1; }
	done
'
test_case 'a title with a tab or a bidi override makes a one-line subject' '
	new_ws &&
	expect_status 0 bops task add "$(printf "Tab\there")" --id tab &&
	test "$(git log -1 --format=%B)" = "task tab: add '"'"'Tab\\011here'"'"'" &&
	expect_status 0 bops task set tab \
	    "title=$(printf "Pay \342\200\2561202")" &&
	git log -1 --format=%B >../msg && test "$(wc -l <../msg)" = 1 &&
	grep -qF "Pay \\342\\200\\2561202" ../msg &&
	! LC_ALL=C grep -q "$(printf "\342\200\256")" ../msg && ws_clean
'
test_case 'sync refuses a bad remote or branch name (exit 2), writes nothing' '
	two_clones && cd a && snap &&
	for r in ../x "a b" "$(printf "o\nx")" "" "o:x" "o\\x"; do
		BOPS_AUTHOR="$ANN" expect_status 2 bops sync --remote "$r" &&
		expect_err_contains "remote name" && same ||
		    { fail "--remote $r"; return 1; }
	done &&
	for b in a..b "x~1" "@{-1}" "" "x.lock" "$(printf "br\033[2J")" \
	    "/main" "main/"; do
		BOPS_AUTHOR="$ANN" expect_status 2 bops sync --branch "$b" &&
		expect_err_contains "branch name" && same ||
		    { fail "--branch $b"; return 1; }
	done &&
	BOPS_AUTHOR="$ANN" expect_status 0 bops sync --remote origin \
	    --branch main
'
test_case 'clone refuses a URL with control characters (exit 2)' '
	git init -q --bare -b main r.git &&
	expect_status 2 bops clone "$(printf "r.git\n[core]")" w &&
	expect_err_contains "URL" && test ! -e w &&
	expect_status 2 bops clone "$(printf "r.git\033[2J")" w2 &&
	test ! -e w2
'
test_case 'BOPS_NOW outside what a commit can hold is exit 2' '
	new_ws && snap &&
	for t in 1969-12-31T23:59:59Z 0001-01-01T00:00:00Z \
	    2106-02-07T06:28:16Z 9999-12-31T23:59:59Z; do
		BOPS_NOW=$t expect_status 2 bops task add "Hello" &&
		expect_err_contains "BOPS_NOW" && same ||
		    { fail "BOPS_NOW=$t"; return 1; }
	done &&
	BOPS_NOW=2106-02-07T06:28:15Z expect_status 0 bops task add "Late" &&
	test "$(git log -1 --format=%at)" = 4294967295 &&
	BOPS_NOW=1970-01-01T00:00:00Z expect_status 0 bops task add "Early" &&
	test "$(git log -1 --format=%at)" = 0 && ws_clean
'
test_case 'a teammate whose name holds escapes cannot break a merge' '
	two_clones &&
	(cd b && sed -i "s/^status: .*/status: done/" tasks/br/brief.yaml &&
	    git commit -qam "done by hand" \
	    --author="$(printf "Eve\033[2J <eve@example.com>")" &&
	    git push -q origin main) &&
	a -q task set brief status=processing >/dev/null &&
	expect_status 5 a sync && expect_err_contains "1 conflict" &&
	grep -qF "author: Eve\\033[2J <eve@example.com>" a/tasks/br/brief.yaml &&
	a -q resolve brief status --take theirs >/dev/null &&
	(cd a && ws_clean)
'
test_done
