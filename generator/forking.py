"""Sharing a long job with a forked child, on a machine with a core to spare.

Reading the records, checking the built site, reading an export's rows and writing new
records are each a loop over thousands of things, every one done on its own: a forked child
can do some of them while this process does the rest, and send back what it made. A fork
shares everything this process has read so far, so the child starts at once, with nothing
to send it.

``share_work`` deals a job's tasks to both processes from one queue, as each is ready for
another, so the two end together even when some tasks cost far more than others.
``hand_over`` is for work in two steps where the second is best done by one process (files
created in one folder): this process does the first step, the child the second.

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
from collections.abc import Callable, Sequence
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


class Child:
    """A forked process running ``work(put)``: ``put(key, value)`` sends a value back at once.

    Each value is pickled into a file in memory (memfd) that both processes hold, and where it
    lies is told through a pipe. The child never waits for this process to read; this process
    takes the values in when it likes (``take``), between tasks of its own, so that when both
    have done their share, only the child's last values remain to unpickle.
    """

    _PLACE = struct.Struct("<IQQ")  # key, offset, length: fewer bytes than a pipe holds, written whole

    def __init__(self, work: Callable[[Callable[[int, Any], None]], Any]) -> None:
        self.pid: int | None = None
        self.ended_well = False
        self._places: int | None = None
        self._store: int | None = None
        self._unread = b""
        try:
            store = os.memfd_create("unionsite-results", os.MFD_CLOEXEC)
        except (AttributeError, OSError):  # no memfd, or out of file descriptors: no child, and
            return  # the caller does the work
        try:
            read_end, write_end = os.pipe()
        except OSError:
            os.close(store)
            return
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory: likewise
            for handle in (store, read_end, write_end):
                os.close(handle)
            return
        if pid == 0:  # the child: never returns into the caller
            code = 1
            try:
                os.close(read_end)
                work(self._putter(store, write_end))
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid, self._store, self._places = pid, store, read_end

    @classmethod
    def _putter(cls, store: int, places: int) -> Callable[[int, Any], None]:
        offset = 0

        def put(key: int, value: Any) -> None:
            nonlocal offset
            data = memoryview(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            length = len(data)
            while data:
                data = data[os.write(store, data):]
            os.write(places, cls._PLACE.pack(key, offset, length))  # once the value is whole
            offset += length

        return put

    def take(self, wait: bool = True) -> list[tuple[int, Any]]:
        """The values put since the last take, unpickled; with ``wait``, every one left, once the
        child has ended (``ended_well`` then says whether it did). A value put is whole: one
        from a child that failed later is as good as any."""
        taken: list[tuple[int, Any]] = []
        if self._places is not None:
            os.set_blocking(self._places, wait)
        while self._places is not None:
            try:
                chunk = os.read(self._places, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                self._end()
                break
            taken.extend(self._values(chunk))
        return taken

    def _values(self, chunk: bytes) -> list[tuple[int, Any]]:
        unread = self._unread + chunk
        whole = len(unread) - len(unread) % self._PLACE.size
        self._unread = unread[whole:]
        assert self._store is not None
        return [(key, pickle.loads(_read_whole(self._store, offset, length)))
                for key, offset, length in self._PLACE.iter_unpack(unread[:whole])]

    def _end(self) -> None:
        assert self._places is not None
        os.close(self._places)
        self._places = None
        self.ended_well = self._wait() == 0
        self._close_store()

    def _close_store(self) -> None:
        if self._store is not None:
            os.close(self._store)
            self._store = None

    def close(self) -> None:
        """Let the child go (after a failure here: its values are not wanted). It is given a
        moment to end the task it is doing, so that it leaves nothing half done (a temporary
        file), and then stopped."""
        if self._places is not None:
            os.close(self._places)  # its next value fails to send: it ends
            self._places = None
        self._close_store()
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


def _read_whole(handle: int, offset: int, length: int) -> bytes:
    parts = []
    while length:
        part = os.pread(handle, length, offset)
        if not part:
            raise EOFError("a value the child put is cut short")
        parts.append(part)
        offset += len(part)
        length -= len(part)
    return b"".join(parts)


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
    gets through. The child sends ``send`` of each result as soon as it is done (packing is
    work to share too), and this process takes it in between its own tasks; ``receive`` makes
    a result of what was sent. Any task the child did not send back (it failed, or could not
    start) is done here. With one task, or without a child to be had (see ``may_fork``),
    every task is done here, in order. ``done`` is told of each task as its result is here
    (to show progress: the child must not).
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

    def take_in(sent: list[tuple[int, Any]]) -> None:
        for task, value in sent:
            results[task] = receive(value)
            if done:
                done(task)

    def child_work(put: Callable[[int, Any], None]) -> None:
        for task in iter(queue.take, None):
            put(task, send(work(task)))

    # The cycle collector is kept off what both processes share until the child has ended (as
    # Python's gc.freeze advises before a fork): a collection writes to every object it looks at,
    # and a page of memory written after the fork is copied. A build runs with the collector on.
    gc.freeze()
    try:
        child = Child(child_work)
    except BaseException:
        gc.unfreeze()
        queue.close()
        raise
    try:
        for task in iter(queue.take, None):
            results[task] = here(task)
            take_in(child.take(wait=False))  # between tasks: the queue gives the child more meanwhile
        take_in(child.take(wait=True))
    except BaseException:
        queue.empty()  # the child is to take no further task
        raise
    finally:
        child.close()
        queue.close()
        gc.unfreeze()
    return [here(task) if result is _MISSING else result for task, result in enumerate(results)]


_MISSING = object()


def hand_over(items: Sequence[T], make: Callable[[T], bytes], use: Callable[[T, bytes], None],
              redo: Callable[[T], object], min_count: int, first: Callable[[], None] = lambda: None,
              runs: int = 64) -> None:
    """``use(item, make(item))`` for each item, where only a forked child uses them.

    For work in two steps where the second is best done by one process: files created in one
    folder, which two processes take turns at (the folder is locked while a name goes in), each
    spinning while it waits. This process makes the items' bytes, a run of items at a time,
    and sends them through a pipe to the child, which uses them. When the pipe is empty, the
    child takes a run from the same queue and makes its items itself: with a fast disk, making
    is the longer step, and both share it. This process does ``first`` before it takes a run,
    while the child gets on with runs of its own. With fewer than ``min_count`` items, or no
    child to be had, all is done here, in order. When the child fails, every item is done
    again here with ``redo``, which must allow for one done before.
    """
    cuts = cut(len(items), runs)
    queue = _TaskQueue.of(list(range(len(cuts)))) if len(items) >= min_count and may_fork() else None
    child = _Consumer(items, cuts, queue, make, use) if queue is not None else None
    if child is None or child.pipe is None:
        if queue is not None:
            queue.close()
        first()
        for item in items:
            use(item, make(item))
        return
    assert queue is not None
    try:
        first()
        used = child.send() and child.used_all()
    finally:
        child.close()
        queue.close()
    if not used:
        for item in items:
            redo(item)


class _Consumer:
    """A forked child using each item's bytes, sent by this process or made when none are waiting."""

    HEAD = struct.Struct("<IQ")  # the item's number, the length of its bytes
    PIPE_BYTES = 1 << 20  # a larger pipe than Linux's 64 KiB: the child makes items itself only when it is empty

    def __init__(self, items: Sequence[Any], cuts: list[range], queue: _TaskQueue,
                 make: Callable[[Any], bytes], use: Callable[[Any, bytes], None]) -> None:
        self.items, self.cuts, self.queue, self.make, self.use = items, cuts, queue, make, use
        self.pipe: IO[bytes] | None = None
        self.child: Child | None = None
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return
        import fcntl  # only where a child is forked: Linux

        with contextlib.suppress(OSError):  # above the user's allowance for pipes: the usual size does
            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, self.PIPE_BYTES)
        gc.freeze()  # see share_work
        self.child = Child(lambda put: put(0, self._use_all(read_end, write_end)))
        os.close(read_end)
        if self.child.pid is None:
            os.close(write_end)
            gc.unfreeze()
            return
        self.pipe = os.fdopen(write_end, "wb", buffering=1 << 16)

    def _use_all(self, read_end: int, write_end: int) -> bool:
        """In the child: use what comes through the pipe; while nothing does, make a run's items."""
        os.close(write_end)  # or the pipe would never end
        os.set_blocking(read_end, False)
        waiting = bytearray()
        while True:
            try:
                chunk = os.read(read_end, self.PIPE_BYTES)
            except BlockingIOError:
                if not self._own_run():
                    os.set_blocking(read_end, True)  # nothing left to make: wait for what is sent
                continue
            if not chunk:  # the pipe ended: nothing cut short is used, and no run is left untaken
                while self._own_run():
                    pass
                return not waiting
            waiting += chunk
            del waiting[:self._use_sent(waiting)]

    def _own_run(self) -> bool:
        """Take a run from the queue and make and use its items; False when none is left."""
        run = self.queue.take()
        if run is None:
            return False
        for number in self.cuts[run]:
            self.use(self.items[number], self.make(self.items[number]))
        return True

    def _use_sent(self, waiting: bytearray) -> int:
        """Use each item whose bytes have all come; return how many bytes that took."""
        start, size = 0, self.HEAD.size
        while len(waiting) - start >= size:
            number, length = self.HEAD.unpack_from(waiting, start)
            if len(waiting) - start - size < length:
                break
            self.use(self.items[number], bytes(waiting[start + size:start + size + length]))
            start += size + length
        return start

    def send(self) -> bool:
        """Make the items of each run this process takes, and send them; False when the child
        stopped taking them (it failed)."""
        assert self.pipe is not None
        try:
            for run in iter(self.queue.take, None):
                for number in self.cuts[run]:
                    data = self.make(self.items[number])
                    self.pipe.write(self.HEAD.pack(number, len(data)))
                    self.pipe.write(data)
            self.pipe.close()  # the child sees the end
        except BrokenPipeError:
            return False
        self.pipe = None
        return True

    def used_all(self) -> bool:
        """Whether the child used every item, once it has ended."""
        assert self.child is not None
        return self.child.take(wait=True) == [(0, True)] and self.child.ended_well

    def close(self) -> None:
        if self.pipe is not None:  # this process failed before it sent all: the child ends at the cut
            self.queue.empty()  # and takes no further run
            with contextlib.suppress(OSError):
                self.pipe.close()
            self.pipe = None
        if self.child is not None:
            self.child.close()
            self.child = None
            gc.unfreeze()


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

    def empty(self) -> None:
        """Take every task left, so that the other process takes none."""
        for _ in iter(self.take, None):
            pass

    def close(self) -> None:
        os.close(self.read_end)
