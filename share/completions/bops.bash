# bash completion for bops.  `make install` puts it where bash-completion
# loads it ($(PREFIX)/share/bash-completion/completions/bops); or source
# it from ~/.bashrc.
#
# The candidates come from `bops __complete`, which reads them from bops's
# own command and verb tables, the kinds' schemas, bops.yaml and the read
# cache (ids with their titles), so they cannot drift from what bops
# takes: commands and aliases, verbs, options, fields, enum values, board
# columns, ids.
_bops()
{
	local line=${COMP_LINE:0:COMP_POINT} cur=${COMP_WORDS[COMP_CWORD]}
	local -a words cands
	local full pre c id width=0

	# The line split at blanks: bash's own words break at '=' and ':',
	# and "status=p" is one word to bops.
	IFS=$' \t\n' read -r -a words <<<"$line"
	if [[ $line == *[[:blank:]] || ${#words[@]} -eq 0 ]]; then
		full=""
	else
		full=${words[${#words[@]} - 1]}
		unset 'words[${#words[@]}-1]'
	fi
	mapfile -t cands < <(command bops __complete -- "${words[@]:1}" \
	    "$full" 2>/dev/null)
	# What bash replaces is its own current word, the part after the
	# last break ("p" of "status=p", or "=" itself): the candidates
	# lose what comes before it.
	pre=${full%"$cur"}
	COMPREPLY=()
	if [[ ${#cands[@]} -eq 1 ]]; then
		c=${cands[0]%%$'\t'*}
		COMPREPLY=("${c#"$pre"}")
		[[ $c == *[=.] ]] && compopt -o nospace 2>/dev/null
		return 0
	fi
	# Several: each shown with its description (an id with its title),
	# aligned; bash inserts no more than what they share.
	for c in "${cands[@]}"; do
		id=${c%%$'\t'*}
		((${#id} > width)) && width=${#id}
	done
	for c in "${cands[@]}"; do
		id=${c%%$'\t'*}
		if [[ $c == *$'\t'* ]]; then
			printf -v c '%-*s  %s' "$width" "${id#"$pre"}" \
			    "${c#*$'\t'}"
			COMPREPLY+=("$c")
		else
			COMPREPLY+=("${id#"$pre"}")
		fi
	done
	compopt -o nospace 2>/dev/null
	return 0
}
complete -F _bops bops
