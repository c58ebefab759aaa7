#!/bin/sh
# Writers at once lose nothing: one commit per success, every printed id
# in HEAD, and a sound workspace afterwards.
. "$(dirname "$0")/lib.sh"

WRITERS=8
ADDS=25

# adder N: ADDS adds, ids to $HOME/ids.N, failures to $HOME/fail.N.
adder() {
	k=0
	while [ $k -lt $ADDS ]; do
		k=$((k + 1))
		bops task add "writer $1 task $k" priority=high \
		    >>"$HOME/ids.$1" 2>>"$HOME/err.$1" ||
		    echo "writer $1 add $k exited $?" >>"$HOME/fail.$1"
	done
}

# setter N ID: ten sets of x_wN on one record, each to a new value.
setter() {
	k=0
	while [ $k -lt 10 ]; do
		k=$((k + 1))
		bops task set "$2" "x_w$1=$k" >/dev/null 2>>"$HOME/err.$1" ||
		    echo "writer $1 set $k exited $?" >>"$HOME/fail.$1"
	done
}

# reader: list while the writers write; a read must never fail.
reader() {
	k=0
	while [ $k -lt 15 ]; do
		k=$((k + 1))
		bops task list --all --json >/dev/null 2>>"$HOME/err.r" ||
		    echo "list $k exited $?" >>"$HOME/fail.r"
	done
}

# no_failures: no fail.* file, else print them and the writers' stderr.
no_failures() {
	if ls "$HOME"/fail.* >/dev/null 2>&1; then
		sed 's/^/#   /' "$HOME"/fail.* >&2
		cat "$HOME"/err.* 2>/dev/null | sort | uniq -c | head |
		    sed 's/^/#   err: /' >&2
		return 1
	fi
}

# files_per_commit BASE: each commit after BASE touches exactly one file.
files_per_commit() {
	git log --format=@ --name-only "$1..HEAD" | awk '
		/^@$/ { if (n != "" && n != 1) bad++; n = 0; next }
		/./ { n++ }
		END { if (n != "" && n != 1) bad++; exit bad != 0 }' ||
	    fail "a commit touched more or fewer than one file"
}

concurrent_adds() {
	new_ws || return 1
	export BOPS_LOCK_TIMEOUT=60
	base=$(git rev-parse HEAD)
	before=$(commits)
	w=0
	while [ $w -lt $WRITERS ]; do
		w=$((w + 1))
		adder $w &
	done
	wait
	no_failures || return 1
	cat "$HOME"/ids.* | sort >"$HOME/printed"
	n=$(wc -l <"$HOME/printed")
	[ "$n" -eq $((WRITERS * ADDS)) ] ||
	    { fail "$n ids printed, want $((WRITERS * ADDS))"; return 1; }
	[ "$(sort -u "$HOME/printed" | wc -l)" -eq "$n" ] ||
	    { fail "an id was printed twice"; return 1; }
	[ $(($(commits) - before)) -eq "$n" ] ||
	    { fail "$(($(commits) - before)) new commits, want $n"; return 1; }
	files_per_commit "$base" || return 1
	# Exactly the printed ids are in HEAD, each in its shard.
	git ls-tree -r --name-only HEAD tasks |
	    sed -n 's|^tasks/\(..\)/\(\1[a-z0-9-]*\)\.yaml$|\2|p' |
	    sort >"$HOME/inhead"
	cmp -s "$HOME/printed" "$HOME/inhead" ||
	    { fail "printed ids differ from HEAD's records:";
	    diff "$HOME/printed" "$HOME/inhead" | head | sed 's/^/#   /' >&2;
	    return 1; }
	# Every commit is one add, with its own message.
	m=$(git log --format=%s "$base..HEAD" |
	    grep -c "^task [a-z0-9]*: add 'writer [0-9]* task [0-9]*'\$")
	[ "$m" -eq "$n" ] || { fail "$m of $n messages are adds"; return 1; }
	expect_status 0 bops task list --all --csv --fields id &&
	[ "$(sed 1d out | sort)" = "$(cat "$HOME/printed")" ] ||
	    { fail "task list does not show every record"; return 1; }
	ws_clean
}

concurrent_sets_of_one_record() {
	new_ws || return 1
	export BOPS_LOCK_TIMEOUT=60
	id=$(bops task add shared 2>/dev/null) || return 1
	base=$(git rev-parse HEAD)
	w=0
	while [ $w -lt $WRITERS ]; do
		w=$((w + 1))
		setter $w "$id" &
	done
	reader &
	wait
	no_failures || return 1
	m=$(git rev-list --count "$base..HEAD")
	[ "$m" -eq $((WRITERS * 10)) ] ||
	    { fail "$m commits, want $((WRITERS * 10))"; return 1; }
	files_per_commit "$base" || return 1
	# No update was lost: every writer's last value is in the record.
	expect_status 0 bops task show "$id" --yaml || return 1
	w=0
	while [ $w -lt $WRITERS ]; do
		w=$((w + 1))
		grep -qx "x_w$w: '*10'*" out ||
		    { fail "x_w$w lost its last value:"; sed 's/^/#   /' out >&2;
		    return 1; }
	done
	ws_clean
}

test_case "$WRITERS concurrent writers x $ADDS adds lose nothing" \
    concurrent_adds
test_case "$WRITERS concurrent writers setting one record lose no update" \
    concurrent_sets_of_one_record
test_done
