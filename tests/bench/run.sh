#!/bin/sh
# run.sh: time bops against taskwarrior 2.6 on the same generated tasks
# (make bench).  Medians of whole processes, warm cache.
#
#   BENCH_N       tasks to generate (10000; 100000 for the big run)
#   BENCH_TICKETS service tickets beside them (N/10), for the SLA rows
#   BENCH_K       timed runs per operation (11), after
#   BENCH_WARMUP  untimed warm-up runs (2)
#   BENCH_KSLOW   timed runs of the slow rows: clone, first read (3)
#   BOPS          the binary to time (./bops of this tree)
#
# Everything lives in tests/bench/data/N/ (made afresh each run): the
# workspace that gen.py writes ("origin"), its clone that is timed ("ws"),
# and taskwarrior's data and rc.  The table is printed and kept in
# tests/bench/results.txt, one section per N, and a scaling table once
# 1k and 100k are there.  A target missed is printed as MISS, never an
# error: speed is measured, not asserted.  tests/bench/notes.md says
# where the time of a write goes.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
N=${BENCH_N:-10000}
T=${BENCH_TICKETS:-$((N / 10))}
K=${BENCH_K:-11}
W=${BENCH_WARMUP:-2}
KSLOW=${BENCH_KSLOW:-3}
data=$here/data/$N
results=$here/results.txt
who=bao

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Tools: python3 and git drive the bench, taskwarrior is the yardstick.
# As root on Debian, install what is missing; otherwise say how.
missing=""
for t in python3:python3 git:git task:taskwarrior; do
	command -v "${t%%:*}" >/dev/null 2>&1 || missing="$missing ${t#*:}"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		say "installing$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -q $missing >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null &&
		  apt-get install -y -q $missing >/dev/null; } ||
		say "could not install$missing"
	else
		say "missing$missing; install with:"
		say "  sudo apt-get install -y$missing"
	fi
fi
command -v python3 >/dev/null 2>&1 || die "python3 is needed"
command -v git >/dev/null 2>&1 || die "git is needed"
if command -v task >/dev/null 2>&1; then
	tw=1
	twver=$(task --version)
	case $twver in
	2.6.*) ;;
	*) say "taskwarrior $twver is not 2.6; comparing anyway" ;;
	esac
else
	tw=0
	twver=none
	say "taskwarrior is not installed: skipping the taskwarrior column"
fi

[ -x "${BOPS:-$top/bops}" ] || die "no ${BOPS:-$top/bops}; run make first"
case $N in ''|*[!0-9]*) die "BENCH_N must be a number" ;; esac
case $T in ''|*[!0-9]*) die "BENCH_TICKETS must be a number" ;; esac
[ "$T" -gt 0 ] || T=1

# A private world: no user config, a fixed identity, UTC, UTF-8.
rm -rf "$data"
mkdir -p "$data/home" "$data/bin" || exit 1
# Time a copy, so a rebuild of ./bops during the run changes nothing.
cp "${BOPS:-$top/bops}" "$data/bin/bops" || exit 1
# and its phone module, which it looks for beside itself
phone=$(dirname "${BOPS:-$top/bops}")/bops-phone.so
[ ! -f "$phone" ] || cp "$phone" "$data/bin/" || exit 1
# The commit of the copy timed, taken now: the tree may move on during a
# long run.
built=$(git -C "$top" describe --always --dirty 2>/dev/null || echo '?')
bops=$data/bin/bops
export HOME="$data/home" GIT_CONFIG_NOSYSTEM=1
export BOPS_AUTHOR="Bench <bench@example.invalid>"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
export TASKRC="$data/taskrc"
unset BOPS_DIR BOPS_NOW BOPS_LOCK_TIMEOUT NO_COLOR EDITOR VISUAL TASKDATA

say "generating $N tasks and $T tickets in $data"
start=$(date +%s)
"$bops" -q init "$data/origin" >/dev/null || die "bops init failed"
sample=$(python3 "$here/gen.py" "$N" "$data/origin" "$data/tasks.json" \
	--okrs=40 --tickets="$T" --tickets-json="$data/tickets.json") ||
	die "gen.py failed"
id=${sample% *}
uuid=${sample#* }
say "generated in $(( $(date +%s) - start ))s; committing"
(cd "$data/origin" && git add -A &&
	git -c user.name=Bench -c user.email=bench@example.invalid \
	commit -q -m "bench: $N tasks, 40 objectives and $T tickets") ||
	die "git commit failed"
# The timed workspace is a clone over the git protocol, packed as a real
# one is.  The clone builds the cache.
say "committed at $(( $(date +%s) - start ))s; cloning"
"$bops" -q clone "file://$data/origin" "$data/ws" >/dev/null ||
	die "bops clone failed"
ws=$data/ws

if [ "$tw" = 1 ]; then
	say "cloned at $(( $(date +%s) - start ))s; importing into taskwarrior"
	mkdir -p "$data/tw"
	cat > "$TASKRC" <<EOF
data.location=$data/tw
confirmation=off
verbose=nothing
hooks=off
gc=off
recurrence=off
detection=off
color=off
defaultwidth=160
news.version=$twver
uda.assignee.type=string
uda.assignee.label=Assignee
uda.estimate.type=numeric
uda.estimate.label=Est
uda.rank.type=string
uda.rank.label=Rank
uda.bopsid.type=string
uda.bopsid.label=Bops
uda.priority.values=U,H,M,L,
EOF
	# gc on for the import only, so done tasks land in completed.data.
	task rc.gc=on import "$data/tasks.json" >/dev/null 2>&1 ||
		die "task import failed"
	# The tickets as tasks of their own data, for the SLA rows.
	task rc.gc=on "rc.data.location=$data/twt" import \
		"$data/tickets.json" >/dev/null 2>&1 ||
		die "task import of the tickets failed"
fi
say "data ready in $(( $(date +%s) - start ))s; timing $K runs after $W"
load0=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo '?')

# Time one side: prints the medians of wall and CPU time in ms and of
# peak memory in MiB, or ERR.  k and w: runs and warm-ups (K and W).
k=$K w=$W
time_bops() {
	python3 "$here/timeit.py" -k "$k" -w "$w" -C "$ws" \
		${prep:+--prep "$prep"} -- "$@" || echo ERR ERR ERR
}
time_task() {
	if [ "$tw" = 1 ]; then
		python3 "$here/timeit.py" -k "$k" -w "$w" -C "$data" \
			${prep:+--prep "$prep"} -- "$@" || echo ERR ERR ERR
	else
		echo - - -
	fi
}
# put LABEL TARGET_MS RATIO_TARGET MIB_TARGET "BOPS_WALL BOPS_CPU BOPS_MIB"
#     "OTHER_WALL OTHER_CPU OTHER_MIB"
table=$data/table
: > "$table"
put() {
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" \
		"$(printf '%s %s' "$5" "$6" | tr ' ' '\t')" >> "$table"
}

# Targets from DESIGN.md "Performance targets": the 10k column up to
# 10,000 records, the 100k column (and the ratio) above; a filtered list
# at 100k peaks under 64 MiB; `bops clone` within 2x `git clone`.
if [ "$N" -le 10000 ]; then
	t_write=15 t_list=15 t_aggr=20 t_first=150
	r_write="" r_list="" r_first="" m_list=""
else
	t_write=40 t_list=20 t_aggr=30 t_first=1500
	r_write=0.05 r_list=0.02 r_first=1 m_list=64
fi

prep=""
say "spawn"
put "spawn /bin/true" "" "" "" "$(time_bops /bin/true)" \
	"$(time_task /bin/true)"
say "version and help"
put "version" 3 "" "" "$(time_bops "$bops" version)" \
	"$(time_task task --version)"
put "help" 3 "" "" "$(time_bops "$bops" help)" "$(time_task task help)"

# The slow rows: fewer runs.
k=$KSLOW w=1
say "clone"
prep="rm -rf '$data/clone'"
b=$(time_bops "$bops" -q clone "file://$data/origin" "$data/clone")
g=$(time_bops git clone -q "file://$data/origin" "$data/clone")
put "clone (vs git clone)" "" 2 "" "$b" "$g"
say "first read after clone"
prep="rm -rf '$ws/.git/bops/cache'"
b=$(time_bops "$bops" task list)
prep="rm -rf '$data/tw2' && cp -R '$data/tw' '$data/tw2'"
t=$(time_task task "rc.data.location=$data/tw2" list)
put "first read after clone" "$t_first" "$r_first" "" "$b" "$t"
prep=""
k=$K w=$W

say "filtered list"
put "filtered list" "$t_list" "$r_list" "$m_list" \
	"$(time_bops "$bops" task list status=processing "assignee=$who")" \
	"$(time_task task "assignee:$who" +ACTIVE list)"

say "aggregates"
put "aggregate: task board" "$t_aggr" "" "" \
	"$(time_bops "$bops" task board --json)" "$(time_task task summary)"
put "aggregate: okr score" "$t_aggr" "" "" "$(time_bops "$bops" okr score)" \
	"$(time_task task count status:pending)"
year=$(date -u +%Y)
put "aggregate: ticket sla" "$t_aggr" "" "" \
	"$(time_bops "$bops" ticket sla "$year" --report)" \
	"$(time_task task "rc.data.location=$data/twt" summary)"
put "aggregate: ticket queue" "$t_aggr" "" "" \
	"$(time_bops "$bops" ticket queue)" \
	"$(time_task task "rc.data.location=$data/twt" list)"

say "add and set"
put "add one record" "$t_write" "$r_write" "" \
	"$(time_bops "$bops" task add "Bench task @i@ cho khách hàng" \
	priority=high due=2026-12-01 tags+=bench estimate=3 "assignee=$who")" \
	"$(time_task task add "Bench task @i@ cho khách hàng" priority:H \
	due:2026-12-01 +bench estimate:3 "assignee:$who")"
put "set one record" "$t_write" "$r_write" "" \
	"$(time_bops "$bops" task set "$id" "priority=@low,high@")" \
	"$(time_task task "$uuid" modify "priority:@L,H@")"
[ -z "$(git -C "$ws" status --porcelain)" ] ||
	say "git status is not clean after the writes"

# The table: PASS when the median meets the target and, at 100k, the
# ratio to the other side and the peak memory meet theirs too.
section=$data/section
{
	printf '## N=%s  %s  %s (%s)  taskwarrior %s  K=%s W=%s  tickets %s\n' \
		"$N" "$(date -u +%Y-%m-%dT%H:%MZ)" "$("$bops" version)" \
		"$built" "$twver" "$K" "$W" "$T"
	printf '## %s cpus, %s, %s; load %s before, %s after\n' \
		"$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' \
		/proc/cpuinfo | head -1)" "$(uname -sr)" "$load0" \
		"$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo '?')"
	awk -F '\t' -v n="$N" '
	function ms(v) { return v ~ /^[0-9.]+$/ }
	BEGIN {
		fmt = "%-24s %6s %9s %8s %6s %9s %8s %6s %6s %19s  %s\n"
		printf fmt, "operation", "N", "bops ms", "(cpu)", "MiB",
		    "other ms", "(cpu)", "MiB", "ratio", "target", "result"
	}
	{
		# label, target ms, ratio target, MiB target, bops wall,
		# cpu, MiB, other wall, cpu, MiB
		ratio = "-"
		if (ms($5) && ms($8) && $8 > 0)
			ratio = sprintf("%.3f", $5 / $8)
		target = ""
		if ($2 != "")
			target = "<=" $2 "ms"
		if ($3 != "")
			target = target (target == "" ? "" : " ") $3 "x"
		if ($4 != "")
			target = target " " $4 "MiB"
		if (target == "")
			target = "-"
		result = ""
		if ($5 == "ERR")
			result = "ERROR"
		else if (target != "-") {
			result = "PASS"
			if ($2 != "" && $5 > $2 + 0)
				result = "MISS"
			if ($3 != "" && ratio != "-" && ratio + 0 > $3 + 0)
				result = "MISS"
			if ($4 != "" && $7 + 0 > $4 + 0)
				result = "MISS"
			if ($3 != "" && ratio == "-")
				result = result " (no ratio)"
		}
		printf fmt, $1, n, $5, $6, $7, $8, $9, $10, ratio, target,
		    result
	}' "$table"
	cat <<EOF
## medians of whole processes: wall time (the targets), CPU time (user +
## system, steadier when the machine is busy) and peak resident memory
## (wait4's ru_maxrss; about 11 MiB is the harness's own floor);
## ratio = bops wall / other wall.  "other" is taskwarrior, or git for
## the clone.  Commands (bops in the clone; taskwarrior on its own data,
## gc=off):
##   clone:      bops -q clone file://ORIGIN DIR vs git clone -q (K=$KSLOW)
##   first read: rm -rf .git/bops/cache; bops task list (all $N tasks)
##               vs cp -R data; task list (pending ones) (K=$KSLOW)
##   filtered:   bops task list status=processing assignee=$who
##               vs task assignee:$who +ACTIVE list
##   board:      bops task board --json vs task summary
##   okr score:  bops okr score (40 objectives) vs task count status:pending
##   ticket sla: bops ticket sla $year --report (SLA attainment of the
##               year's tickets, of $T) vs task summary on the same
##               tickets as taskwarrior tasks (their own data)
##   ticket queue: bops ticket queue (the open tickets by priority with
##               their SLA state) vs task list on those tickets
##   add:        bops task add TITLE priority= due= tags+= estimate=
##               assignee= vs task add TITLE priority: due: + estimate:
##               assignee:
##   set:        bops task set ID priority=low|high
##               vs task UUID modify priority:L|H
EOF
} > "$section"
cat "$section"

# Keep the other sizes' sections of results.txt; replace this one; then
# the scaling of each operation over the sizes kept (1k, 10k, 100k).
{
	if [ -f "$results" ]; then
		awk -v n="$N" '
		/^## N=/ { split($2, a, "="); skip = (a[2] == n) }
		/^## scaling/ { skip = 1 }
		!skip' "$results"
	else
		echo "# make bench: medians in ms (tests/bench/run.sh)"
	fi
	cat "$section"
} > "$results.tmp" && mv "$results.tmp" "$results"
awk '
/^## N=/ { split($2, kv, "="); n = kv[2]; sizes[n] = 1; next }
/^#/ || /^operation/ { next }
n != "" {
	label = substr($0, 1, 24)
	sub(/ +$/, "", label)
	# after the label: N, then the bops wall time
	split(substr($0, 26), f, " +")
	i = (f[1] == "") ? 3 : 2
	ms[label, n] = f[i]
	if (!(label in seen)) { seen[label] = 1; order[++nl] = label }
}
END {
	if (!((1000 in sizes) && (100000 in sizes)))
		exit
	print "## scaling: bops ms at 1k, 10k and 100k records, and the growth"
	print "## from 1k to 100k (writes: at most 1.5x)"
	fmt = "%-24s %9s %9s %9s %8s  %s\n"
	printf fmt, "operation", "1k", "10k", "100k", "growth", "result"
	for (j = 1; j <= nl; j++) {
		l = order[j]
		x = ms[l, 1000]; y = ms[l, 10000]; z = ms[l, 100000]
		g = (x + 0 > 0 && z != "") ? sprintf("%.2fx", z / x) : "-"
		res = ""
		if (l ~ /^(add|set) one record/ && g != "-")
			res = (z / x <= 1.5) ? "PASS" : "MISS"
		printf fmt, l, x == "" ? "-" : x, y == "" ? "-" : y,
		    z == "" ? "-" : z, g, res
	}
}' "$results" > "$data/scaling"
if [ -s "$data/scaling" ]; then
	cat "$data/scaling"
	cat "$data/scaling" >> "$results"
fi
say "done in $(( $(date +%s) - start ))s; written to $results"
