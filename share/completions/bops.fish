# fish completion for bops.  `make install` puts it in fish's
# vendor_completions.d ($(PREFIX)/share/fish/vendor_completions.d).
#
# The candidates come from `bops __complete`, which reads them from bops's
# own command and verb tables, the kinds' schemas, bops.yaml and the read
# cache (ids with their titles), so they cannot drift from what bops takes.
function __bops_complete
	set -l words (commandline -opc)
	set -e words[1]
	command bops __complete -- $words (commandline -ct) 2>/dev/null
end
complete -c bops -f -a '(__bops_complete)'
