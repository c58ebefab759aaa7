#!/usr/bin/env python3
"""timeit.py [-k K] [-w W] [-C DIR] [--prep SHELL] -- COMMAND [ARG...]

Run COMMAND W times to warm up, then K times, and print the median wall
time of the whole process and the median CPU time (user + system, from
wait4) in milliseconds, two decimals, separated by a space.  CPU time is
the steadier of the two on a busy machine.  The process is
started with posix_spawn (no shell) and its stdout goes to /dev/null; the
clock is time.perf_counter_ns around spawn and wait, so the overhead is
the spawn itself, well under 0.1 ms on Linux.

Before every run (warm-up or not) --prep runs through /bin/sh, untimed.
In COMMAND and --prep, @i@ is the run number (0 for the first warm-up)
and @a,b,c@ picks a, b, c in turn, so repeated runs change something.
A run that exits non-zero stops everything: its stderr is shown and
timeit exits 1.
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

PATTERN = re.compile(r"@([^@]*)@")


def expand(arg, i):
    def sub(m):
        body = m.group(1)
        if body == "i":
            return str(i)
        choices = body.split(",")
        return choices[i % len(choices)]
    return PATTERN.sub(sub, arg)


def main(argv):
    k, w, cwd, prep = 11, 2, None, None
    i = 1
    while i < len(argv) and argv[i] != "--":
        opt = argv[i]
        if opt not in ("-k", "-w", "-C", "--prep") or i + 1 >= len(argv):
            sys.stderr.write(__doc__.split("\n")[0] + "\n")
            return 2
        val = argv[i + 1]
        if opt == "-k":
            k = int(val)
        elif opt == "-w":
            w = int(val)
        elif opt == "-C":
            cwd = val
        else:
            prep = val
        i += 2
    cmd = argv[i + 1:]
    if not cmd or k < 1:
        sys.stderr.write(__doc__.split("\n")[0] + "\n")
        return 2
    if cwd:
        os.chdir(cwd)
    times, cpu, rss = [], [], []
    with tempfile.TemporaryFile() as err:
        for run in range(w + k):
            if prep:
                subprocess.run(["/bin/sh", "-c", expand(prep, run)],
                    check=True, stdout=subprocess.DEVNULL)
            args = [expand(a, run) for a in cmd]
            err.seek(0)
            err.truncate()
            actions = [
                (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
            ]
            t0 = time.perf_counter_ns()
            pid = os.posix_spawnp(args[0], args, os.environ,
                file_actions=actions)
            _, status, usage = os.wait4(pid, 0)
            t1 = time.perf_counter_ns()
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                err.seek(0)
                sys.stderr.write("timeit: '%s' exited %d\n%s" % (
                    " ".join(args), code,
                    err.read().decode("utf-8", "replace")))
                return 1
            if run >= w:
                times.append((t1 - t0) / 1e6)
                cpu.append((usage.ru_utime + usage.ru_stime) * 1e3)
                rss.append(usage.ru_maxrss / 1024.0)
    print("%.2f %.2f %.1f" % (statistics.median(times),
        statistics.median(cpu), statistics.median(rss)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
