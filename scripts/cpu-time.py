"""Runs a command and writes the CPU time (user and system seconds) of everything it started.

Usage: python3 scripts/cpu-time.py OUT-FILE COMMAND [ARG...]

GNU time counts only the descendants that their parents waited for. A test stage also starts
processes whose parent does not wait: a Jupyter kernel started in a session of its own, a
browser whose driver was killed. This script makes itself the child subreaper of the command
(Linux prctl PR_SET_CHILD_SUBREAPER), so every orphaned descendant becomes its child; it reaps
them all, and the children's resource usage then holds the CPU time of the whole process tree.

OUT-FILE gets one line, "USER SYSTEM" in seconds, then a line per process that still ran
ten seconds after the command ended (killed then: a stage must not leave processes behind).
The exit status is the command's.
"""

import ctypes
import os
import resource
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
GRACE_SECONDS = 10


def become_subreaper():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def own_children():
    """(pid, command line) of the processes whose parent is this one."""
    me = os.getpid()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                # The command name (field 2) may hold spaces and parentheses: split after it.
                fields = stat.read().rsplit(b")", 1)[1].split()
            if int(fields[1]) != me:
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                words = cmdline.read().split(b"\0")
            found.append((int(entry), b" ".join(words).decode(errors="replace").strip()))
        except (OSError, IndexError, ValueError):
            continue  # exited meanwhile
    return found


def reap_all():
    """Reaps orphans until none is left; kills those still running after the grace period."""
    left_behind = {}
    deadline = time.monotonic() + GRACE_SECONDS
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return list(left_behind.values())
        if pid != 0:
            continue
        if time.monotonic() > deadline:
            # Killing a child orphans its own children, who become ours: the next round kills them.
            for pid, command in own_children():
                left_behind.setdefault(pid, f"{pid} {command}")
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        time.sleep(0.05)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: cpu-time.py OUT-FILE COMMAND [ARG...]")
    out_file, command = sys.argv[1], sys.argv[2:]
    become_subreaper()
    child = subprocess.Popen(command)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda received, _frame: child.send_signal(received))
    code = child.wait()
    left_behind = reap_all()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out_file, "w", encoding="utf-8") as out:
        out.write(f"{usage.ru_utime:.2f} {usage.ru_stime:.2f}\n")
        for line in left_behind:
            out.write(f"left behind, killed: {line}\n")
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
