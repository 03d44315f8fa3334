"""Pausing Python's cycle collector while building many long-lived, acyclic objects, and while a
preview rebuilds; putting off the freeing of many objects to when it costs no waiting.

Validation and ingestion build hundreds of thousands of small dicts, lists and tuples that all
live until the end. Each allocation burst triggers a collection that walks every one of them
again; for 10,000 records that walking cost more than the work itself. Nothing here makes
reference cycles worth collecting, so the collector is paused and restored afterwards.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Run the block without the cycle collector; restore it as it was, even on error."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class LetGoLater:
    """Objects a step is done with, held until ``let_go()`` frees them.

    Freeing is work too: the rows that checking 10,000 new records built took 0.06 s to free
    (100,000: most of a second). An ingest lets them go while a child process starts writing
    files, where this process would otherwise have waited.
    """

    def __init__(self, *objects: object) -> None:
        self._objects = list(objects)

    def let_go(self) -> None:
        self._objects.clear()


class IdleCollection:
    """The cycle collector of a long-running preview: paused while a rebuild runs, run after it.

    A preview server holds a whole site's objects; a full collection walks them all, a fifth of
    a second for one year of records, and comes in the middle of every other rebuild. Paused
    for the rebuild, the collector runs ``delay`` seconds after it ends, while the reader looks
    at the refreshed page rather than while they wait for it. A rebuild that starts before that
    collection came collects first: the last rebuild's site is garbage by then, and two sites'
    worth must not pile up (for twenty years, a third of a gigabyte each).
    """

    def __init__(self, delay: float = 0.25) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._building = False
        self._timer: threading.Timer | None = None

    def pause(self) -> None:
        """A rebuild starts: no collection until it ends (but the one still to come, now)."""
        with self._lock:
            self._building = True
            pending = self._cancel_timer()
            gc.disable()
        if pending:
            gc.collect()

    def resume_later(self) -> None:
        """A rebuild ended (well or not): collect in ``delay`` seconds, then collect as usual."""
        with self._lock:
            self._building = False
            self._cancel_timer()  # told twice of one build's end (a strict build's abort)
            self._timer = threading.Timer(self.delay, self._collect)
            self._timer.daemon = True  # never keeps the server from stopping
            self._timer.start()

    def stop(self) -> None:
        """The server stops: no collection to come; the collector runs as usual again."""
        with self._lock:
            self._building = False
            self._cancel_timer()
            gc.enable()

    def _cancel_timer(self) -> bool:
        """Call off the collection to come (the lock held); whether there was one."""
        pending, self._timer = self._timer, None
        if pending is not None:
            pending.cancel()
        return pending is not None

    def _collect(self) -> None:
        with self._lock:
            self._timer = None  # under way: a rebuild starting now need not collect again
        gc.collect()
        with self._lock:
            if not self._building:
                gc.enable()
