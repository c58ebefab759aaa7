#!/bin/sh
# A record with an uncommitted hand edit is refused (exit 5) by every verb
# that would change it, and left byte for byte as the user left it; no
# commit is made.  Hand edits of other files never go into a bops commit.
. "$(dirname "$0")/lib.sh"

# setup: a workspace with task $id in file $f, and an editor that would
# change the record.
setup() {
	new_ws || return 1
	id=$(bops task add "hand edited" 2>/dev/null) || return 1
	f=tasks/$(echo "$id" | cut -c1-2)/$id.yaml
	printf '#!/bin/sh\nsed -i "s/^title: .*/title: from the editor/" "$1"\n' \
	    >"$HOME/editor"
	chmod +x "$HOME/editor"
	export EDITOR="$HOME/editor"
}

# refused_all: every changing verb exits 5 naming the file, which keeps
# its bytes ($HOME/saved, or absent when there is none); no commit.
refused_all() {
	before=$(commits)
	index=$(git ls-files -s)
	for verb in "set $id priority=high" "set $id title=new" \
	    "move $id processing" "start $id" "done $id" "rm $id" \
	    "edit $id"; do
		# shellcheck disable=SC2086
		expect_status 5 bops task $verb || return 1
		expect_err_contains "$f" || return 1
		expect_err_contains "uncommitted" || return 1
		if [ -e "$HOME/saved" ]; then
			cmp "$HOME/saved" "$f" ||
			    { fail "task $verb changed $f"; return 1; }
		elif [ -e "$f" ]; then
			fail "task $verb brought $f back"; return 1
		fi
		[ "$(commits)" -eq "$before" ] ||
		    { fail "task $verb made a commit"; return 1; }
		[ "$(git ls-files -s)" = "$index" ] ||
		    { fail "task $verb changed the index"; return 1; }
	done
	# Nothing else was left in the work tree.
	s=$(git status --porcelain --untracked-files=all |
	    grep -v -e " $f\$" -e ' out$' -e ' err$')
	[ -z "$s" ] || { fail "stray changes: $s"; return 1; }
	# bops check names the edit.
	expect_status 1 bops check && expect_out_contains "$f"
}

edited_record_refused() {
	setup || return 1
	printf 'x_mine: kept as typed\n' >>"$f"
	cp "$f" "$HOME/saved"
	refused_all
}

invalid_hand_edit_refused() {
	setup || return 1
	printf 'title: [unclosed\n' >"$f"
	cp "$f" "$HOME/saved"
	refused_all
}

deleted_record_refused() {
	setup || return 1
	rm "$f"
	refused_all
}

staged_edit_refused() {
	setup || return 1
	printf 'x_staged: yes\n' >>"$f"
	git add "$f"
	cp "$f" "$HOME/saved"
	refused_all || return 1
	git diff --cached --quiet HEAD -- "$f" &&
	    { fail "the staged edit was unstaged"; return 1; }
	return 0
}

# A file the user made where a new record would go.
untracked_file_at_new_path_refused() {
	new_ws || return 1
	mkdir -p tasks/my
	printf 'title: mine\n' >tasks/my/my-slug.yaml
	cp tasks/my/my-slug.yaml "$HOME/saved"
	before=$(commits)
	expect_status 5 bops task add "new one" --id my-slug &&
	expect_err_contains "tasks/my/my-slug.yaml" || return 1
	cmp "$HOME/saved" tasks/my/my-slug.yaml || return 1
	[ "$(commits)" -eq "$before" ] || { fail "a commit was made"; return 1; }
}

# Another record's hand edit is neither refused nor swept into a commit.
other_edit_left_alone() {
	setup || return 1
	other=$(bops task add other 2>/dev/null) || return 1
	printf 'x_mine: 1\n' >>"$f"
	cp "$f" "$HOME/saved"
	expect_status 0 bops task set "$other" priority=high || return 1
	cmp "$HOME/saved" "$f" || { fail "the hand edit changed"; return 1; }
	[ "$(git show --format= --name-only HEAD)" = \
	    "tasks/$(echo "$other" | cut -c1-2)/$other.yaml" ] ||
	    { fail "the commit holds more than the record:";
	    git show --stat HEAD | sed 's/^/#   /' >&2; return 1; }
	git diff --quiet -- "$f" && { fail "the edit was committed"; return 1; }
	expect_status 0 bops task rm "$other" || return 1
	cmp "$HOME/saved" "$f" || { fail "the hand edit changed"; return 1; }
	# Committing the edit with git makes the record changeable again.
	git commit -q -m "by hand" "$f" &&
	expect_status 0 bops task set "$id" priority=low && ws_clean
}

config_hand_edit_refused() {
	new_ws || return 1
	printf '# my note\n' >>bops.yaml
	cp bops.yaml "$HOME/saved"
	before=$(commits)
	expect_status 5 bops config board.wip.processing 7 &&
	expect_err_contains "bops.yaml" || return 1
	cmp "$HOME/saved" bops.yaml || return 1
	[ "$(commits)" -eq "$before" ] || { fail "a commit was made"; return 1; }
}

test_case 'a hand-edited record is refused by every changing verb' \
    edited_record_refused
test_case 'an invalid hand edit is refused and kept' \
    invalid_hand_edit_refused
test_case 'a record deleted by hand is refused, not brought back' \
    deleted_record_refused
test_case 'a staged but uncommitted edit is refused and stays staged' \
    staged_edit_refused
test_case 'an untracked file where a new record goes is refused and kept' \
    untracked_file_at_new_path_refused
test_case "another record's hand edit is not swept into a commit" \
    other_edit_left_alone
test_case 'a hand-edited bops.yaml is refused by config' \
    config_hand_edit_refused
test_done
