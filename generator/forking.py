"""Doing half of a long job in a forked child, on a machine with a core to spare.

Reading the records and checking the built site are each a loop over thousands of files, every
one done on its own: a forked child can take half the files while this process does the other
half, and send back what it found. A fork shares everything this process has read so far, so
the child starts at once, with nothing to send it.

Forking is only done where it is safe: on Linux (elsewhere fork is unsafe, as on macOS, or
missing, as on Windows), in a process running no other thread (the child could inherit a lock
that thread held, forever; ``mkdocs serve`` runs several), with a second core, and with as much
memory free as this process holds. Whatever goes wrong in the child, its caller does the work
itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import IO, Any


def may_fork() -> bool:
    """Whether a child would run beside this process, safely, on a core of its own."""
    return _fork_is_safe() and _cores() >= 2 and _memory_to_spare()


def _fork_is_safe() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _cores() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


def _memory_to_spare() -> bool:
    """Whether the machine has as much memory free as this process holds: the child's copy of
    what it changes, and what it makes, must not push the machine into swapping or the OOM killer."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            available = next(int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemAvailable:"))
    except (OSError, ValueError, StopIteration):
        return False
    return available > resident


FAILED = object()  # what ``Child.result`` gives when the child did not end well


class Child:
    """A forked process running ``work`` and sending back what it returns (pickled, through a pipe)."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self.pid: int | None = None
        self.pipe: IO[bytes] | None = None
        try:
            read_end, write_end = os.pipe()
        except OSError:  # out of file descriptors: no child, and the caller does the work
            return
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory: likewise
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the child: never returns into the caller
            code = 1
            try:
                os.close(read_end)
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid = pid
        self.pipe = os.fdopen(read_end, "rb")

    def result(self) -> Any:
        """What ``work`` returned, once the child has ended; ``FAILED`` when it did not end well
        (or could not be started)."""
        if self.pipe is None:
            return FAILED
        data = self.pipe.read()
        if self._wait() != 0 or not data:
            return FAILED
        try:
            return pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError):
            return FAILED

    def close(self) -> None:
        """Stop the child if it still runs (this process failed), and let it go."""
        if self.pipe is not None:
            self.pipe.close()
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._wait()

    def _wait(self) -> int:
        if self.pid is None:
            return 0
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return os.waitstatus_to_exitcode(status)
