#!/bin/sh
# make-corpus.sh: rebuild the seed corpus of tests/fuzz/corpus/ from the
# test fixtures: share/'s schemas and config template, records made with
# bops the way tests/cli makes them (every kind, every field type, the
# scenarios' languages, a merge with conflicts), and hostile files like
# those of tests/cli/t8010-fault-bad-yaml.sh.  Run by `make fuzz-corpus`
# after `make all`; seeds named crash-* (fixed findings) are kept.
set -eu
cd "$(dirname "$0")/../.."
src=$(pwd)
C=tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for t in yaml emit pack schema merge; do
	mkdir -p "$C/$t"
	find "$C/$t" -type f ! -name 'crash-*' -delete
done

export BOPS_NOW=2026-11-23T09:00:00Z BOPS_AUTHOR="Lan Nguyen <lan@example.com>"
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp" LC_ALL=C.UTF-8 TZ=UTC
export GIT_AUTHOR_NAME=Lan GIT_AUTHOR_EMAIL=lan@example.com
export GIT_COMMITTER_NAME=Lan GIT_COMMITTER_EMAIL=lan@example.com
b() { "$src/bops" -q -C "$tmp/ws" "$@" >/dev/null; }

"$src/bops" -q init "$tmp/ws"
b task add "Đi cứu thế giới bằng 1000 suất cơm" --id save priority=high \
    due=2026-11-27 estimate=3 tags=vi,food "notes=line one
line two" x_source=hand
b task add "ตอบกลับ 95% ของข้อเสนอแนะ" --id reply tags=th assignee=me
b task add "提高客户满意度评分" --id score status=processing estimate=0.5
b task add "Skapa en kundcentrerad ePMO" --id epmo "title=NO" rank=m
b okr add "Save the world" --id save-the-world owner=me category=value
b okr kr add save-the-world "Serve 1000 meals" target=1000 unit=meals
b okr kr add save-the-world "Cut response time" start=48 target=24 \
    direction=down weight=2
b okr checkin save-the-world/1 250 confidence=0.7 --note "first week"
b okr add "Service" --id service parent=save-the-world period=2026-H2
b task set save kr=save-the-world/1
b sprint new start=2026-11-23 goal="find the shortest path to sign-up"
b sprint plan 2026-w48 save reply
b sprint start 2026-w48
b sprint experiment add 2026-w48 signup messages=story,price \
    destinations=landing,chat
b sprint experiment result 2026-w48 signup story/chat reach=100 conversions=9

# Every record and the config, as committed, and their older versions.
n=0
for f in $(cd "$tmp/ws" && git ls-files tasks okrs sprints bops.yaml); do
	name=$(echo "$f" | tr / _)
	for t in yaml emit; do cp "$tmp/ws/$f" "$C/$t/$name"; done
	case $f in
	tasks/*) k='\000' ;; okrs/*) k='\001' ;; sprints/*) k='\002' ;;
	*) k='\003' ;;
	esac
	{ printf "$k"; cat "$tmp/ws/$f"; } >"$C/schema/$name"
	# merge seeds: the first version as the base, the last as ours,
	# ours with one more change as theirs.
	first=$(cd "$tmp/ws" && git log --format=%H --reverse -- "$f" | head -1)
	{
		printf "$k"
		(cd "$tmp/ws" && git show "$first:$f")
		printf '\000'
		cat "$tmp/ws/$f"
		printf '\000'
		sed '1s/$/ (theirs)/' "$tmp/ws/$f"
	} >"$C/merge/$name"
	n=$((n + 1))
done
# Both sides changed the same task: a conflict kept in the record.
(cd "$tmp/ws" && git show HEAD:tasks/sa/save.yaml) >"$tmp/base"
sed 's/^priority: high$/priority: low/' "$tmp/base" >"$tmp/ours"
sed 's/^priority: high$/priority: urgent/' "$tmp/base" >"$tmp/theirs"
cp "$tmp/ours" "$tmp/merged"
"$src/bops" -q -C "$tmp/ws" merge-driver "$tmp/base" "$tmp/merged" \
    "$tmp/theirs" tasks/sa/save.yaml >/dev/null 2>&1 || true
for t in yaml emit; do cp "$tmp/merged" "$C/$t/conflicts.yaml"; done
{ printf '\000'; cat "$tmp/merged"; } >"$C/schema/conflicts.yaml"
{ printf '\000'; cat "$tmp/base"; printf '\000'; cat "$tmp/ours";
  printf '\000'; cat "$tmp/theirs"; } >"$C/merge/both-changed.yaml"
{ printf '\000'; printf '\000'; cat "$tmp/ours"; printf '\000';
  cat "$tmp/theirs"; } >"$C/merge/both-added.yaml"

# share/: the schemas and the config template.
for f in share/schemas/*.yaml share/templates/bops.yaml; do
	name=share_$(basename "$(dirname "$f")")_$(basename "$f")
	for t in yaml emit; do cp "$f" "$C/$t/$name"; done
done
{ printf '\003'; cat share/templates/bops.yaml; } >"$C/schema/template.yaml"

# Hostile files: every rule of the profile broken once.
hostile() {
	printf 'title: x\n\tstatus: done\n' >"$1/tab.yaml"
	printf 'title: x\nstatus: done\ntitle: y\n' >"$1/dup.yaml"
	printf 'title: &a x\nnotes: *a\n' >"$1/anchor.yaml"
	printf 'title: !!str x\nnotes: !mine y\n' >"$1/tag.yaml"
	printf 'title: x\n<<: {status: done}\n' >"$1/merge-key.yaml"
	printf 'title: x\n<<<<<<< HEAD\nstatus: done\n=======\n>>>>>>> b\n' \
	    >"$1/conflict.yaml"
	printf '? <<<<<<< HEAD\n: v\n"=======": w\n' >"$1/marker-keys.yaml"
	printf 'title: x\nnotes: a\000b\n' >"$1/nul.yaml"
	printf 'title: x\nnotes: "a\\eb\\0"\n' >"$1/escapes.yaml"
	printf 'title: Vi\341\273\207t\033\n' >"$1/ctrl.yaml"
	printf 'title: x\r\nstatus: done\r\n' >"$1/cr.yaml"
	printf 'title: caf\351\n' >"$1/latin1.yaml"
	printf 'title: \300\257\n' >"$1/overlong.yaml"
	printf '\357\273\277title: x\n' >"$1/bom.yaml"
	printf 'title: "x\\u2028y"\nnotes: "\\uFEFF"\n' >"$1/separators.yaml"
	printf 'title: x\n---\ntitle: y\n' >"$1/two-docs.yaml"
	printf -- '- title: x\n' >"$1/list-root.yaml"
	printf '# only a comment\n' >"$1/comments.yaml"
	printf 'title: x\nnotes: "open\n' >"$1/unclosed.yaml"
	printf 'a: NO\nb: 1.10\nc: 0x1F\nd: null\ne: ~\nf: 2026-11-23\n' \
	    >"$1/lookalikes.yaml"
	printf 'a: |2\n   lead\n  x\nb: |+\n  keep\n\n\nc: >-\n  fold\n  ed\n' \
	    >"$1/blocks.yaml"
	printf '? %s\n: long key\n' "$(head -c 1100 /dev/zero | tr '\0' k)" \
	    >"$1/long-key.yaml"
	k=1; ind=''; : >"$1/deep.yaml"
	while [ $k -le 33 ]; do
		printf '%sa:\n' "$ind" >>"$1/deep.yaml"
		ind="$ind  "; k=$((k + 1))
	done
	printf '%sb: 1\n' "$ind" >>"$1/deep.yaml"
}
for t in yaml emit; do hostile "$C/$t"; done
mkdir -p "$tmp/h" && hostile "$tmp/h"
for f in "$tmp"/h/*.yaml; do
	{ printf '\000'; cat "$f"; } >"$C/schema/hostile-$(basename "$f")"
done
# Rules: a sprint that ends before it starts, or lasts too long; an
# objective that is its own parent; a config with repeats.
printf '\002start: 2026-11-23\nend: 2026-11-01\nstatus: active\n' \
    >"$C/schema/sprint-backwards.yaml"
printf '\002start: 0001-01-01\nend: 9999-12-31\nstatus: active\n' \
    >"$C/schema/sprint-forever.yaml"
printf '\001title: x\nparent: fuzz\nstatus: active\n' \
    >"$C/schema/okr-self-parent.yaml"
printf '\003board:\n  columns: [a, b, a]\n  wip: {a: -1}\n' \
    >"$C/schema/config-repeats.yaml"

# pack: what the cache holds for each of the files above.
tests/fuzz/build/seed_pack "$C/pack" "$C"/yaml/*.yaml
echo "make-corpus: $n records, $(ls "$C"/*/* | wc -l) seeds"
