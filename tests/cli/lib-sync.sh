# lib-sync.sh: a bare remote and two clones, for the sync tests (t5*).
# Source it after lib.sh.  Ann works in ./a, Bob in ./b; each has their
# own identity.  bops is on PATH so that plain git finds the merge driver
# (`bops merge-driver %O %A %B %P`).

export PATH="$SRC:$PATH"
ANN="Ann Le <ann@example.com>"
BOB="Bob Tran <bob@example.com>"

# a ARGS / b ARGS: bops in Ann's or Bob's clone.
a() { (cd a && BOPS_AUTHOR="$ANN" "$BOPS" "$@"); }
b() { (cd b && BOPS_AUTHOR="$BOB" "$BOPS" "$@"); }

# two_clones: r.git (bare), a (bops init, one task "brief", synced) and
# b (bops clone of r.git).
two_clones() {
	git init -q --bare -b main r.git &&
	BOPS_AUTHOR="$ANN" "$BOPS" -q init a &&
	git -C a remote add origin ../r.git &&
	a -q task add "Write the brief" --id brief >/dev/null &&
	a sync >/dev/null 2>&1 &&
	BOPS_AUTHOR="$BOB" "$BOPS" -q clone r.git b ||
	    { fail "two_clones failed"; return 1; }
}

# sync_both: a, b, a sync, each expected to exit 0.
sync_both() {
	for who in a b a; do
		$who sync >/dev/null 2>sync.err ||
		    { fail "$who sync exited $?"; cat sync.err >&2; return 1; }
	done
}

# converged: both clones and the remote hold the same tree, both work
# trees hold identical files, and both workspaces are sound.
converged() {
	ta=$(git -C a rev-parse 'HEAD^{tree}')
	tb=$(git -C b rev-parse 'HEAD^{tree}')
	tr=$(git -C r.git rev-parse 'main^{tree}')
	[ "$ta" = "$tb" ] && [ "$ta" = "$tr" ] ||
	    { fail "trees differ: a $ta b $tb remote $tr"; return 1; }
	diff -r -x .git a b >&2 || { fail "work trees differ"; return 1; }
	(cd a && ws_clean) && (cd b && ws_clean)
}

# free_port: a TCP port nobody listens on (127.0.0.1).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
	    echo $((20000 + $$ % 20000))
}

# start_daemon DIR: serve the repositories under DIR read-write with git
# daemon on 127.0.0.1; sets $port and $daemon_pid.  stop_daemon ends it.
start_daemon() {
	port=$(free_port)
	git daemon --export-all --enable=receive-pack --base-path="$1" \
	    --listen=127.0.0.1 --port="$port" --reuseaddr \
	    --pid-file="$HOME/daemon.pid" --detach "$1" || return 1
	k=0
	while [ $k -lt 50 ]; do
		git ls-remote "git://127.0.0.1:$port/r.git" >/dev/null 2>&1 &&
		    break
		sleep 0.1
		k=$((k + 1))
	done
	daemon_pid=$(cat "$HOME/daemon.pid")
}
stop_daemon() {
	[ -n "${daemon_pid:-}" ] && kill "$daemon_pid" 2>/dev/null
	daemon_pid=
}
