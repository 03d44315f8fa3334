"""The cycle collector: paused around bulk work, and between a preview's rebuilds."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from generator.collecting import IdleCollection, LetGoLater, cycle_collection_paused


@pytest.fixture
def collections() -> Iterator[list[float]]:
    """The moments (perf_counter) at which a full collection started, while the test runs."""
    started: list[float] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and info["generation"] == 2:
            started.append(time.perf_counter())

    was_enabled = gc.isenabled()
    gc.callbacks.append(seen)
    yield started
    gc.callbacks.remove(seen)
    if was_enabled:
        gc.enable()


def _wait_for_timers() -> None:
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.join(timeout=5)


def test_a_paused_block_restores_the_collector_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), cycle_collection_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_paused_block_inside_a_paused_one_leaves_it_paused() -> None:
    with cycle_collection_paused():
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_rebuild_runs_without_the_collector_and_collects_after_it(collections: list[float]) -> None:
    collection = IdleCollection(delay=0.05)
    collection.pause()
    assert not gc.isenabled()
    ended = time.perf_counter()
    collection.resume_later()
    assert not gc.isenabled()  # not while the page is being fetched

    _wait_for_timers()

    assert gc.isenabled()
    assert len(collections) == 1 and collections[0] - ended >= 0.05


def test_a_rebuild_started_before_the_collection_collects_first(collections: list[float]) -> None:
    collection = IdleCollection(delay=0.5)
    collection.pause()
    collection.resume_later()
    started = time.perf_counter()
    collection.pause()  # the next save, before the collection came: the last site is garbage now

    assert len(collections) == 1 and collections[0] - started < 0.5 and not gc.isenabled()
    time.sleep(0.7)
    assert len(collections) == 1 and not gc.isenabled()  # none while the rebuild runs
    collection.resume_later()
    _wait_for_timers()
    assert len(collections) == 2 and gc.isenabled()


def test_a_build_ended_twice_leaves_one_collection_to_come(collections: list[float]) -> None:
    collection = IdleCollection(delay=0.05)
    collection.pause()
    collection.resume_later()
    collection.resume_later()  # mkdocs's strict mode ends a build that post_build ended already
    _wait_for_timers()

    assert len(collections) == 1 and gc.isenabled()


class Rows(list[dict[str, int]]):
    """A list that can be watched for its end (a plain list cannot be weakly referenced)."""


def test_objects_held_to_be_let_go_later_live_until_then() -> None:
    rows = Rows([{"row": 1}])
    watched = weakref.ref(rows)
    held = LetGoLater(rows)
    del rows
    assert watched() is not None
    held.let_go()
    assert watched() is None
    held.let_go()  # a second time: nothing left to free
