#!/bin/sh
# The crontabs that README.md and bops-due(1) show: every line is one
# cron takes (an environment line such as MAILTO=, or five time fields
# and a command), a job's command is bops with its environment (cron's
# own variables, MAILTO and CRON_TZ, are lines of their own: cron mails a
# job's output to the MAILTO line above it, and the same words in the
# command would only reach bops), and every command runs in a workspace,
# exiting 0, or 1 where it finds something (due --exit-code, ticket sla
# --breached).
. "$(dirname "$0")/lib.sh"

# crontab FILE: the lines of the crontabs FILE shows.
crontab_of() {
	case "$1" in
	*.md) awk '/^```cron$/ { on = 1; next } /^```$/ { on = 0 } on' "$1" ;;
	*.1) sed -n '/^\.Sh EXAMPLES$/,/^\.Sh /p' "$1" |
	    sed -n '/^\.Bd -literal/,/^\.Ed$/p' | sed -n '1,/^\.Ed$/p' |
	    sed '1d;$d' ;;
	esac
}

# check FILE: the crontab's lines are cron's, its commands run.
check() {
	crontab_of "$1" >tab && test -s tab &&
	python3 - "$BOPS" "$PWD/ws" <<-\EOT
	import os, re, shlex, subprocess, sys
	bops, ws = sys.argv[1:]
	jobs = 0
	for line in open("tab", encoding="utf-8"):
	    line = line.rstrip("\n")
	    if not line.strip() or line.lstrip().startswith("#"):
	        continue
	    if re.match(r"^[A-Z_]+=\S*$", line):
	        continue
	    f = line.split(None, 5)
	    assert len(f) == 6, ("not a cron job", line)
	    for t in f[:5]:
	        assert re.match(r"^[0-9*,/-]+$", t), ("time field", t, line)
	    cmd = f[5].replace("/srv/ops", ws).replace("/srv/www/ops", ws + "/..")
	    argv = shlex.split(cmd)
	    argv = argv[:argv.index(">")] if ">" in argv else argv
	    env = {}
	    while argv and re.match(r"^[A-Za-z_]+=", argv[0]):
	        k, v = argv.pop(0).split("=", 1)
	        assert k not in ("MAILTO", "CRON_TZ", "SHELL", "PATH"), \
	            ("cron reads %s on a line of its own" % k, line)
	        env[k] = v
	    assert argv[0] == "bops", ("a job runs bops", line)
	    argv[0] = bops
	    p = subprocess.run(argv, stdout=subprocess.DEVNULL,
	        stderr=subprocess.PIPE, env=dict(os.environ, **env))
	    finds = "--exit-code" in argv or "--breached" in argv
	    assert p.returncode == 0 or (finds and p.returncode == 1), \
	        (p.returncode, line, p.stderr)
	    jobs += 1
	assert jobs >= 3, jobs
	EOT
}

team() {
	new_ws >/dev/null &&
	bops task add "Gửi báo giá cho khách" assignee=lan@example.com \
	    due=2026-11-20 >/dev/null 2>&1 &&
	bops customer add "Chi Pham" --id chi >/dev/null 2>&1 &&
	bops ticket open "Giao hàng trễ" customer=chi priority=urgent \
	    >/dev/null 2>&1 &&
	git init -q --bare ../remote.git &&
	git remote add origin "$(cd .. && pwd)/remote.git" &&
	cd ..
}

test_case 'the README crontab: cron lines, bops commands that run' '
	team && check "$SRC/README.md"
'

test_case 'the crontab of bops-due(1): cron lines, bops commands that run' '
	team && check "$SRC/man/bops-due.1"
'

test_done
