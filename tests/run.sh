#!/bin/sh
# run.sh [PATTERN]: run every unit test binary and every CLI test script,
# then print "N passed, N failed" and exit non-zero on any failure.
# Unit binaries are cmocka; CLI scripts speak TAP ("ok N", "not ok N").
cd "$(dirname "$0")/.." || exit 2
pattern=${1:-}
pass=0
fail=0
failed_list=""
log=tests/trash-run.log
: > "$log"

for t in tests/unit/test_*; do
	case "$t" in *.c|*.d) continue ;; esac
	[ -x "$t" ] || continue
	case "$t" in *"$pattern"*) ;; *) continue ;; esac
	out=$("./$t" 2>&1)
	status=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# crashed before cmocka could count
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		printf '%s\n' "$out"
		failed_list="$failed_list $t"
	fi
	printf '%-40s %s passed, %s failed\n' "$t" "$p" "$f"
done

jobs=${JOBS:-2}
tmp=$(mktemp -d)
ls tests/cli/t[0-9]*.sh 2>/dev/null | while read -r t; do
	case "$t" in *"$pattern"*) echo "$t" ;; esac
done > "$tmp/list"
# Run the CLI scripts $jobs at a time; each writes its TAP to a file.
i=0
while read -r t; do
	name=$(basename "$t" .sh)
	( sh "$t" > "$tmp/$name.tap" 2>&1; echo $? > "$tmp/$name.rc" ) &
	i=$((i + 1))
	if [ $((i % jobs)) -eq 0 ]; then wait; fi
done < "$tmp/list"
wait
while read -r t; do
	name=$(basename "$t" .sh)
	p=$(grep -c '^ok ' "$tmp/$name.tap")
	f=$(grep -c '^not ok ' "$tmp/$name.tap")
	rc=$(cat "$tmp/$name.rc")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		grep -v '^ok ' "$tmp/$name.tap" | head -60
		failed_list="$failed_list $t"
	fi
	printf '%-40s %s passed, %s failed\n' "$t" "$p" "$f"
done < "$tmp/list"
rm -rf "$tmp"

# The lints: man.sh (the man pages), layers.sh (lib/'s layers),
# kinds.sh (every kind has all its parts).
for lint in man layers kinds; do
	[ -f "tests/$lint.sh" ] || continue
	case "$lint" in *"$pattern"*)
		if sh "tests/$lint.sh" > "$log" 2>&1; then
			pass=$((pass + 1))
			printf '%-40s 1 passed, 0 failed\n' "tests/$lint.sh"
		else
			fail=$((fail + 1)); cat "$log"
			failed_list="$failed_list tests/$lint.sh"
		fi ;;
	esac
done
rm -f "$log"

[ -n "$failed_list" ] && echo "failed:$failed_list"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
