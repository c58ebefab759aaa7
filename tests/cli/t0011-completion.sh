#!/bin/sh
# Completion: the bash, zsh and fish functions of share/completions run
# in a shell of their own, their candidates checked.  They ask
# `bops __complete`, which reads bops's own tables, the schemas,
# bops.yaml and the cache.
. "$(dirname "$0")/lib.sh"

export PATH="$SRC:$PATH"
COMP="$SRC/share/completions"

setup() {
	new_ws &&
	"$BOPS" task add "Viết bài blog về Tết" --id viet >/dev/null 2>&1 &&
	"$BOPS" task add "Send invoice" --id vinv >/dev/null 2>&1 &&
	"$BOPS" task add "准备季度报告" --id zh >/dev/null 2>&1 &&
	"$BOPS" okr add "Cứu thế giới" --id world >/dev/null 2>&1 &&
	"$BOPS" sprint new >/dev/null 2>&1 &&
	"$BOPS" config alias.mine "task list assignee=me" >/dev/null 2>&1
}

# bash_complete LINE WORD...: COMPREPLY of _bops for LINE (the cursor at
# its end), bash's own words given as WORD..., one candidate a line.
bash_complete() {
	line=$1
	shift
	bash -c '
		. "$1/bops.bash"
		COMP_LINE=$2; COMP_POINT=${#2}
		shift 2
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_bops
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"
	' bash "$COMP" "$line" "$@"
}

# zsh_complete WORD...: what _bops hands _describe, "cand:description"
# a line, for the words (the last one being completed).
zsh_complete() {
	zsh -fc '
		fpath=("$1" $fpath)
		autoload -Uz _bops
		_describe() { [[ $1 == -t ]] && shift 2; print -rl -- "${(@P)2}"; }
		shift
		words=("$@"); CURRENT=$#
		_bops
	' zsh "$COMP" "$@"
}

test_case 'bash completes commands, aliases and verbs' '
	setup &&
	bash_complete "bops ta" bops ta >out && expect_out "task" &&
	bash_complete "bops mi" bops mi >out && expect_out "mine" &&
	bash_complete "bops task d" bops task d >out && expect_out "done" &&
	bash_complete "bops task s" bops task s >out &&
	expect_out "start    move tasks to the second column (processing)
summary  records by the values of a field (status), with their counts and sums
show     show records (--json: an array of several)
set      change fields of records: the ids given, or what --where picks" &&
	bash_complete "bops okr kr a" bops okr kr a >out && expect_out "add"
'
test_case 'bash completes ids with their titles, from the cache' '
	setup &&
	bash_complete "bops task done v" bops task done v >out &&
	expect_out "viet  Viết bài blog về Tết
vinv  Send invoice" &&
	bash_complete "bops task done vie" bops task done vie >out &&
	expect_out "viet" &&
	bash_complete "bops task show z" bops task show z >out &&
	expect_out "zh" &&
	bash_complete "bops show w" bops show w >out && expect_out "world" &&
	bash_complete "bops sprint plan 2026-w48 zh" bops sprint plan 2026-w48 zh \
	    >out && expect_out "zh"
'
test_case 'bash completes fields, enum values and board columns' '
	setup &&
	bash_complete "bops task set viet prio" bops task set viet prio >out &&
	expect_out "priority=" &&
	bash_complete "bops task set viet priority=" bops task set viet priority = \
	    >out &&
	expect_out "=urgent
=high
=normal
=low" &&
	bash_complete "bops task list status=p" bops task list status = p >out &&
	expect_out "processing" &&
	bash_complete "bops task move viet d" bops task move viet d >out &&
	expect_out "done" &&
	bash_complete "bops task list assignee=m" bops task list assignee = m \
	    >out && expect_out "me" &&
	bash_complete "bops task set viet kr=w" bops task set viet kr = w >out &&
	expect_out "world"
'
test_case 'bash completes the options of a verb and their values' '
	setup &&
	bash_complete "bops task list --so" bops task list --so >out &&
	expect_out "--sort" &&
	bash_complete "bops task summary --by as" bops task summary --by as \
	    >out && expect_out "assignee" &&
	bash_complete "bops log --kind o" bops log --kind o >out &&
	expect_out "okr" &&
	bash_complete "bops task done --where pri" bops task done --where pri \
	    >out && expect_out "priority="
'
test_case 'bash completes the keys of bops.yaml for config' '
	setup &&
	bash_complete "bops config board.c" bops config board.c >out &&
	expect_out "board.columns" &&
	bash_complete "bops config bu" bops config bu >out &&
	expect_out "bulk.confirm" &&
	bash_complete "bops config al" bops config al >out &&
	expect_out "alias."
'
test_case 'outside a workspace commands and verbs are still completed' '
	bash_complete "bops task ad" bops task ad >out && expect_out "add" &&
	bash_complete "bops task done v" bops task done v >out && test ! -s out
'
test_case 'the candidates follow the verb table: every verb of help is one' '
	setup &&
	for k in task okr sprint; do
		bops help $k | awk -v k=$k '"'"'$1 == "bops" && $2 == k && !s[$3]++ { print $3 }'"'"' |
		    sort >want &&
		bops __complete -- $k "" | cut -f1 | sort >got &&
		diff -u want got >&2 || exit 1
	done &&
	rm want got
'
test_case 'zsh completes with descriptions, fields without a space after' '
	need zsh || exit 1
	setup &&
	zsh_complete bops task done v >out &&
	expect_out "viet:Viết bài blog về Tết
vinv:Send invoice" &&
	zsh_complete bops task set viet prio >out &&
	expect_out "priority=:urgent, high, normal or low; urgent is the highest" &&
	zsh_complete bops task list status=d >out && expect_out "status=done" &&
	zsh_complete bops "" >out && expect_out_contains "task:Kanban tasks" &&
	expect_out_contains "mine:task list assignee=me"
'
test_case 'fish completes through its own engine' '
	need fish || exit 1
	setup &&
	fish -c ". $COMP/bops.fish; complete -C \"bops task done v\"" >out &&
	expect_out "viet	Viết bài blog về Tết
vinv	Send invoice" &&
	fish -c ". $COMP/bops.fish; complete -C \"bops task list status=n\"" \
	    >out && expect_out "status=not-started"
'
test_case '__complete is not a command people see' '
	! bops --list-commands | grep -q complete &&
	! bops help | grep -q complete
'
test_done
