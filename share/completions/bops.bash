# bash completion for bops.  Commands come from `bops --list-commands`,
# verbs from `bops help KIND`; ids are not completed (prefixes work).
_bops()
{
	local cur=${COMP_WORDS[COMP_CWORD]} i cmd=""

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$(bops --list-commands 2>/dev/null) -C -q --no-color --help --version" -- "$cur"))
		return
	fi
	if [ "$i" -eq $((COMP_CWORD - 1)) ]; then
		local verbs
		verbs=$(bops help "$cmd" 2>/dev/null | awk -v k="$cmd" '$1 == "bops" && $2 == k && !seen[$3]++ { print $3 }')
		[ -n "$verbs" ] && COMPREPLY=($(compgen -W "$verbs" -- "$cur"))
	fi
}
complete -F _bops bops
