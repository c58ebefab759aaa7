#!/usr/bin/env python3
"""readme.py: run a README's shell tour as a newcomer would paste it, and
compare what every command prints with what the README shows.

usage: readme.py README BINDIR WORKDIR [--update]

The tour is every fenced block that holds "$ " command lines, in order,
and before them the "export" lines of the blocks that hold no command
(the setup).  A command is the text after "$ ", continued on the next
line while a line ends in a backslash; the lines after it, up to the
next command or the end of the block, are what it prints (standard
output and standard error together, as a terminal shows them).

Every command runs in one sh session, in order, in WORKDIR/tour (new and
empty), with BINDIR first on PATH and a clean environment: HOME is
WORKDIR/home, LANG=C.UTF-8, no TERM, no colour, no git identity but the
one the README gives.  Only what must differ is normalised:

  - random record ids, learned from the ids that "add" and "open"
    commands (bops ticket open) print on both sides and mapped in order,
    with their prefixes of 4 or more characters (boards) and their shard
    directories (tasks/xx/);
  - commit hashes: a hexadecimal word of 7 to 40 characters in the README
    matches any prefix of a commit made during the run;
  - the tour's absolute directory, learned from the first line that
    shows it.

Any other difference fails: each is printed with the README line it
belongs to, as a diff (- the README, + what bops printed).  Exit status:
0 all as shown, 1 differences, 2 the README or the run is unusable.

With --update, the README's output lines are rewritten with what the run
printed (ids mapped back to the README's), for a reviewed change of the
tour; the test never uses it.
"""

import difflib
import os
import re
import subprocess
import sys

RANDOM_ID = re.compile(r'^[0-9abcdefghjkmnpqrstvwxyz]{10}$')
ADDED = re.compile(r'^(?:added|opened) [a-z]+ ([0-9a-z][0-9a-z-]*): ')
QUOTED = re.compile(r"'([0-9a-f]{7,40})'")
HEX = re.compile(r'(?<![0-9A-Za-z])[0-9a-f]{7,40}(?![0-9A-Za-z])')
DEFAULT_DIR = '/tmp/tour'
TIMEOUT = 600
MAX_REPORT = 200     # lines of differences shown
NAME = 'README.md'   # the README as reports name it


class Command:
    def __init__(self, line, text, block):
        self.line = line          # README line of the "$ " line
        self.text = text          # the command, continuations joined
        self.block = block
        self.expected = []        # (README line, text)
        self.actual = None        # lines printed, None: never ran


def fail(msg):
    sys.stderr.write('readme: %s\n' % msg)
    sys.exit(2)


def parse(path):
    """The setup exports and the commands of the README at path."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    setup, commands = [], []
    i, block = 0, 0
    while i < len(lines):
        if not lines[i].startswith('```'):
            i += 1
            continue
        start = i + 1
        j = start
        while j < len(lines) and not lines[j].startswith('```'):
            j += 1
        if j == len(lines):
            fail('%s:%d: a fenced block that is never closed' %
                 (path, i + 1))
        body = lines[start:j]
        block += 1
        if not any(l.startswith('$ ') for l in body):
            setup += [(start + k + 1, l) for k, l in enumerate(body)
                      if l.startswith('export ')]
        else:
            cmd = None
            k = 0
            while k < len(body):
                l = body[k]
                if l.startswith('$ '):
                    text, first = l[2:], start + k + 1
                    while text.endswith('\\') and k + 1 < len(body):
                        k += 1
                        text += '\n' + body[k]
                    cmd = Command(first, text, block)
                    commands.append(cmd)
                elif cmd is None:
                    fail('%s:%d: output before the first command of its '
                         'block' % (path, start + k + 1))
                else:
                    cmd.expected.append((start + k + 1, l))
                k += 1
        i = j + 1
    return setup, commands


def run(setup, commands, bindir, workdir):
    """Run the tour; fill in each command's actual lines."""
    tour = os.path.join(workdir, 'tour')
    home = os.path.join(workdir, 'home')
    outdir = os.path.join(workdir, 'out')
    for d in (tour, home, outdir):
        os.makedirs(d)
    script = ['exec </dev/null', 'cd "$TOUR" || exit 97']
    script += [text for _, text in setup]
    for n, c in enumerate(commands):
        # A group keeps cd, variables and functions for the next command,
        # and passes its status on to $?.
        script.append('{ %s\n} >"$OUT/%d" 2>&1' % (c.text, n))
    env = {
        'HOME': home,
        'LANG': 'C.UTF-8',
        'PATH': os.path.abspath(bindir) + ':/usr/local/bin:/usr/bin:/bin',
        'GIT_CONFIG_NOSYSTEM': '1',
        'TOUR': tour,
        'OUT': outdir,
    }
    # The sanitizers' settings of a make check-sanitize run are the
    # test's, not the newcomer's: they pass through.
    for k in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'):
        if k in os.environ:
            env[k] = os.environ[k]
    with open(os.path.join(workdir, 'tour.sh'), 'w') as f:
        f.write('\n'.join(script) + '\n')
    try:
        r = subprocess.run(['sh', os.path.join(workdir, 'tour.sh')],
                           env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=TIMEOUT)
        said = (r.stdout + r.stderr).decode('utf-8', 'backslashreplace')
    except subprocess.TimeoutExpired:
        said = 'the tour took more than %d s\n' % TIMEOUT
    if said:
        sys.stderr.write('the shell said, outside any command:\n' + said)
    for n, c in enumerate(commands):
        p = os.path.join(outdir, str(n))
        if os.path.exists(p):
            with open(p, 'rb') as f:
                data = f.read().decode('utf-8', 'backslashreplace')
            c.actual = data.split('\n')
            if c.actual[-1] == '':
                c.actual.pop()
            elif data:
                c.actual[-1] += '  <- (no newline at the end)'
    return tour


def commits(top):
    """Every commit object in the git repositories under top."""
    found = set()
    for root, dirs, files in os.walk(top):
        if 'HEAD' in files and 'objects' in dirs and 'refs' in dirs:
            dirs[:] = []
            out = subprocess.run(
                ['git', '--git-dir', root, 'cat-file',
                 '--batch-all-objects',
                 '--batch-check=%(objectname) %(objecttype)'],
                capture_output=True, text=True).stdout
            found |= {l.split()[0] for l in out.splitlines()
                      if l.endswith(' commit')}
    return found


def ids_in(lines):
    """The random ids an add or open printed: a line that is one, or its
    summary."""
    out = []
    for l in lines:
        m = ADDED.match(l)
        i = m.group(1) if m else l
        if RANDOM_ID.match(i) and i not in out:
            out.append(i)
    return out


class Normaliser:
    def __init__(self, tour, hashes):
        self.tour = tour
        self.dir = None           # the README's tour directory
        self.map = {}             # actual id prefix -> README's
        self.pattern = None
        self.hashes = hashes

    def learn_ids(self, c):
        if not re.search(r'(^|\s)(add|open)\s', c.text) or c.actual is None:
            return
        want = ids_in([t for _, t in c.expected])
        got = ids_in(c.actual)
        for a, e in zip(got, want):
            for k in range(4, 11):
                self.map[a[:k]] = e[:k]
            # The shard directory: tasks/xx/xxyyyyyyyy.yaml
            self.map[a[:2] + '/' + a] = e[:2] + '/' + e
        if self.map:
            keys = sorted(self.map, key=len, reverse=True)
            self.pattern = re.compile(
                r'(?<![0-9a-z])(' + '|'.join(map(re.escape, keys)) +
                r')(?![0-9a-z])')

    def ids(self, line):
        if self.pattern is None:
            return line
        return self.pattern.sub(lambda m: self.map[m.group(1)], line)

    def learn_dir(self, line, expected):
        """The README's directory: where the expected line has what the
        actual line has around the tour directory."""
        at = line.find(self.tour)
        if self.dir is not None or at < 0:
            return
        pre, post = line[:at], line[at + len(self.tour):]
        for e in expected:
            if (e.startswith(pre) and e.endswith(post) and
                    len(e) > len(pre) + len(post)):
                d = e[len(pre):len(e) - len(post)]
                if d.startswith('/') and not re.search(r'\s', d):
                    self.dir = d
                    return

    def line(self, line, expected):
        line = self.ids(line)
        self.learn_dir(line, expected)
        return line.replace(self.tour, self.dir or DEFAULT_DIR)

    def known(self, h):
        return any(c.startswith(h) for c in self.hashes)

    def matches(self, actual, expected):
        """Whether actual is expected, commit hashes aside."""
        if actual == expected:
            return True
        # YAML quotes a hash that starts with a digit: the quotes are part
        # of the hash's spelling.
        expected = QUOTED.sub(r'\1', expected)
        actual = QUOTED.sub(lambda m: m.group(1) if self.known(m.group(1))
                            else m.group(0), actual)
        parts, pos = [], 0
        for m in HEX.finditer(expected):
            parts.append(re.escape(expected[pos:m.start()]))
            parts.append(r'(?P<h%d>[0-9a-f]{%d})' % (len(parts),
                                                    len(m.group(0))))
            pos = m.end()
        if not parts:
            return False
        parts.append(re.escape(expected[pos:]))
        m = re.fullmatch(''.join(parts), actual)
        if m is None:
            return False
        for name, h in m.groupdict().items():
            e = expected[m.start(name):m.end(name)]
            if h != e and not self.known(h):
                return False
        return True


def compare(commands, norm):
    """The number of commands that differ, and the report lines; sets
    each command's shown lines: what it printed, normalised, with a line
    that matches its README line as the README has it."""
    report, failed = [], 0
    for c in commands:
        want = [t for _, t in c.expected]
        if c.actual is None:
            failed += 1
            report.append(NAME + ':%d: `%s` never ran: the session ended '
                          'before it (a command above left the shell, or '
                          'the run timed out)' % (c.line, c.text))
            continue
        norm.learn_ids(c)
        got = [norm.line(l, want) for l in c.actual]
        # Show a line that matches its README line as the README has it,
        # so that the diff holds only the real differences.
        shown = []
        for i, l in enumerate(got):
            if i < len(want) and norm.matches(l, want[i]):
                shown.append(want[i])
            else:
                shown.append(l)
        c.shown = shown
        if shown == want:
            continue
        failed += 1
        report.append(NAME + ':%d: `%s` printed something else '
                      '(- README, + bops):' % (c.line, c.text))
        report += diff(c.expected, shown, c.line)
    return failed, report


def diff(expected, shown, at):
    """The differing lines, each named by the README line it is at."""
    want = [t for _, t in expected]
    out = []
    sm = difflib.SequenceMatcher(None, want, shown, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == 'equal':
            continue
        for i in range(i1, i2):
            out.append('  ' + NAME + ':%d: -%s' % (expected[i][0], want[i]))
        where = expected[i1][0] if i1 < len(expected) else (
            expected[-1][0] + 1 if expected else at + 1)
        for j in range(j1, j2):
            out.append('  ' + NAME + ':%d: +%s' % (where, shown[j]))
    return out


def update(path, commands):
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    # From the end, so that earlier line numbers stay true.
    for c in reversed(commands):
        if c.actual is None:
            continue
        first = c.line + c.text.count('\n')      # 1-based, last cmd line
        n = len(c.expected)
        lines[first:first + n] = c.shown
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines))


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    flags = [a for a in argv[1:] if a.startswith('--')]
    if len(args) != 3 or any(f != '--update' for f in flags):
        fail('usage: readme.py README BINDIR WORKDIR [--update]')
    path, bindir, workdir = args[0], args[1], os.path.abspath(args[2])
    global NAME
    NAME = os.path.basename(path)
    setup, commands = parse(path)
    if not commands:
        fail('%s: no "$ " command lines' % path)
    for var in ('BOPS_AUTHOR', 'BOPS_NOW'):
        if not any(t.startswith('export %s=' % var) for _, t in setup):
            fail('%s: no setup block with `export %s=...`' % (path, var))
    tour = run(setup, commands, bindir, workdir)
    norm = Normaliser(tour, commits(workdir))
    failed, report = compare(commands, norm)
    if '--update' in argv:
        update(path, commands)
    if failed:
        if len(report) > MAX_REPORT:
            n = len(report) - MAX_REPORT
            report = report[:MAX_REPORT] + ['... and %d more lines' % n]
        sys.stderr.write('\n'.join(report) + '\n')
        sys.stderr.write('%s: %d of %d commands print something other '
                         'than the README shows\n' %
                         (path, failed, len(commands)))
        return 1
    print('%s: %d commands in %d blocks print what the README shows' %
          (path, len(commands), len({c.block for c in commands})))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
