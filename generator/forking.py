"""Sharing a long job with a forked child, on a machine with a core to spare.

Reading the records, checking the built site, reading an export's rows and writing new
records are each a loop over thousands of things, every one done on its own: a forked child
can do some of them while this process does the rest, and send back what it made. A fork
shares everything this process has read so far, so the child starts at once, with nothing
to send it.

``share_work`` deals a job's tasks to both processes from one queue, as each is ready for
another, so the two end together even when some tasks cost far more than others.

Forking is only done where it is safe: on Linux (elsewhere fork is unsafe, as on macOS, or
missing, as on Windows), in a process running no other thread (the child could inherit a lock
that thread held, forever; ``mkdocs serve`` runs several), with a second core, and with as much
memory free as this process holds. Whatever goes wrong in the child, its caller does the work
itself.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any, TypeVar

T = TypeVar("T")


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
                result = work()
                with os.fdopen(write_end, "wb") as pipe:  # pickled straight into the pipe: never held twice
                    pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid = pid
        self.pipe = os.fdopen(read_end, "rb")

    def result(self) -> Any:
        """What ``work`` returned, once the child has ended; ``FAILED`` when it did not end well
        (or could not be started). Unpickled as it is read: the whole of it is never held twice."""
        if self.pipe is None:
            return FAILED
        try:
            result = pickle.load(self.pipe)
        except Exception:  # a stream cut short (the child killed) fails in more ways than one
            result = FAILED
        if self._wait() != 0:
            return FAILED
        return result

    def close(self) -> None:
        """Let the child go (after a failure here: its result is not wanted). It is given a
        moment to end the task it is doing, so that it leaves nothing half done (a temporary
        file), and then stopped."""
        if self.pipe is not None:
            self.pipe.close()  # its result, if still to come, fails to send: it ends
            self.pipe = None
        if self.pid is not None and self._wait(GRACE_S) is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._wait()

    def _wait(self, timeout: float | None = None) -> int | None:
        """The child's exit code once it has ended; None if it has not within ``timeout`` seconds."""
        if self.pid is None:
            return 0
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            pid, status = os.waitpid(self.pid, 0 if deadline is None else os.WNOHANG)
            if pid:
                self.pid = None
                return os.waitstatus_to_exitcode(status)
            if deadline is not None and time.monotonic() > deadline:
                return None
            time.sleep(0.01)


# How long a child is given to end its task after this process failed, before it is stopped.
GRACE_S = 10.0


def share_runs(count: int, work: Callable[[range], T], min_count: int, runs: int = 64,
               send: Callable[[T], Any] = lambda result: result,
               receive: Callable[[Any], T] = lambda sent: sent,
               done: Callable[[range], None] | None = None) -> list[T]:
    """``range(count)`` cut into ``runs`` runs, and ``work`` done on each (see ``share_work``);
    in one run, here, when ``count`` is below ``min_count``: too little to pay for a child."""
    cuts = cut(count, runs if count >= min_count else 1)
    return share_work(len(cuts), lambda task: work(cuts[task]), send, receive,
                      None if done is None else lambda task: done(cuts[task]))


def share_work(count: int, work: Callable[[int], T],
               send: Callable[[T], Any] = lambda result: result,
               receive: Callable[[Any], T] = lambda sent: sent,
               done: Callable[[int], None] | None = None) -> list[T]:
    """``[work(0), ..., work(count - 1)]``, with a forked child doing some of the tasks too.

    Both processes take the tasks from one queue, one at a time, so each does as many as it
    gets through. The child pickles ``send`` of each result as it goes (packing is work to
    share too); ``receive`` makes a result of what was sent. Any task the child did not send
    back (it failed, or could not start) is done here. With one task, or without a child to
    be had (see ``may_fork``), every task is done here, in order. ``done`` is told of each
    task as its result is here (to show progress: the child must not).
    """
    def here(task: int) -> T:
        result = work(task)
        if done:
            done(task)
        return result

    if count > _TaskQueue.MAX_TASKS:
        raise ValueError(f"at most {_TaskQueue.MAX_TASKS} tasks to share, not {count}: cut them into runs")
    queue = _TaskQueue.of(list(range(count))) if count > 1 and may_fork() else None
    if queue is None:
        return [here(task) for task in range(count)]
    results: list[Any] = [_MISSING] * count
    # The cycle collector is kept off what both processes share until the child has ended (as
    # Python's gc.freeze advises before a fork): a collection writes to every object it looks at,
    # and a page of memory written after the fork is copied. A build runs with the collector on.
    gc.freeze()
    try:
        child = Child(lambda: [(task, pickle.dumps(send(work(task)), protocol=pickle.HIGHEST_PROTOCOL))
                               for task in iter(queue.take, None)])
    except BaseException:
        gc.unfreeze()
        queue.close()
        raise
    try:
        for task in iter(queue.take, None):
            results[task] = here(task)
        sent = child.result()
    except BaseException:
        for _ in iter(queue.take, None):  # the child is to take no further task
            pass
        raise
    finally:
        child.close()
        queue.close()
        gc.unfreeze()
    sent = [] if sent is FAILED else sent
    while sent:  # each result let go of as soon as it is received: at 100,000 records they are 75 MB
        task, data = sent.pop()
        results[task] = receive(pickle.loads(data))
        if done:
            done(task)
    return [here(task) if result is _MISSING else result for task, result in enumerate(results)]


_MISSING = object()


def cut(count: int, runs: int) -> list[range]:
    """``range(count)`` cut into at most ``runs`` consecutive runs, all but the last of one length."""
    size = max(1, -(-count // max(runs, 1)))  # rounded up: every number in a run
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


class _TaskQueue:
    """Task numbers in a pipe read by both processes: a read takes one number, whole.

    Every number is written before the fork and the writing end closed, so the pipe only ever
    holds whole numbers, and a read of an empty pipe ends the queue instead of waiting. Linux
    reads a pipe under a lock, so no number is read twice.
    """

    _NUMBER = struct.Struct("<I")
    # Their numbers must fit in the pipe's buffer, or writing them blocks: 64 KiB on Linux, but
    # one page (4 KiB) when the user already holds many pipes.
    MAX_TASKS = 1024

    def __init__(self, read_end: int) -> None:
        self.read_end = read_end

    @classmethod
    def of(cls, tasks: list[int]) -> _TaskQueue | None:
        """A queue of ``tasks``; None when the system has no pipe to spare."""
        if len(tasks) > cls.MAX_TASKS:
            raise ValueError(f"at most {cls.MAX_TASKS} shared tasks, not {len(tasks)}")
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return None
        data = memoryview(b"".join(cls._NUMBER.pack(task) for task in tasks))
        try:
            while data:
                data = data[os.write(write_end, data):]
        except OSError:
            os.close(read_end)
            return None
        finally:
            os.close(write_end)
        return cls(read_end)

    def take(self) -> int | None:
        data = os.read(self.read_end, self._NUMBER.size)
        return self._NUMBER.unpack(data)[0] if data else None

    def close(self) -> None:
        os.close(self.read_end)
