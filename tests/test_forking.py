"""Sharing a job's tasks with a forked child: every task done once, results in order, whatever fails."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from generator import forking

from .dealing import count_children, deal


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the children started, in a test process that may run threads of its own."""
    started = count_children(monkeypatch)
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    return started


def pid_of(parent_pause: float = 0) -> Any:
    """A task's work: its number and the process that did it."""
    parent = os.getpid()

    def work(task: int) -> tuple[int, int]:
        if os.getpid() == parent:
            time.sleep(parent_pause)
        return task, os.getpid()

    return work


def test_the_results_come_in_order_whichever_process_made_them(children: list[int]) -> None:
    results = forking.share_work(40, pid_of(0.01))  # dealt by the real queue, as each process is ready
    assert children == [1]
    assert [task for task, _ in results] == list(range(40))
    assert os.getpid() in {pid for _, pid in results} and len({pid for _, pid in results}) <= 2


def test_each_task_is_done_by_the_process_dealt_it(children: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    deal(monkeypatch, {1, 2, 5, 9})
    results = forking.share_work(10, pid_of())
    assert [task for task, _ in results] == list(range(10))
    here = [task for task, pid in results if pid == os.getpid()]
    assert here == [0, 3, 4, 6, 7, 8] and len({pid for _, pid in results}) == 2


def test_the_child_s_results_are_sent_and_received(children: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    deal(monkeypatch, {0, 4, 5})
    work = pid_of()
    results = forking.share_work(8, lambda task: {"done": work(task)}, send=lambda result: result["done"],
                                 receive=lambda sent: {"done": sent, "received": True})
    assert [result["done"][0] for result in results] == list(range(8))
    assert [task for task, result in enumerate(results) if result.get("received")] == [0, 4, 5]
    assert all(result["done"][1] != os.getpid() for result in results if result.get("received"))


def test_the_child_s_results_are_taken_in_between_this_process_s_tasks(
        children: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    deal(monkeypatch, {1, 2, 3})
    parent = os.getpid()

    def work(task: int) -> int:
        if os.getpid() != parent and task == 3:
            (tmp_path / "done").touch()
        elif task == 0:  # this process's first task lasts until the child has done its three
            deadline = time.monotonic() + 30
            while not (tmp_path / "done").exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.5)  # and it has sent the last
        return task

    received: list[int] = []
    assert forking.share_work(6, work, done=received.append) == list(range(6))
    assert received == [0, 1, 2, 3, 4, 5]  # not 0, 4, 5 and then the child's


def test_when_the_child_fails_its_tasks_are_done_here(children: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    deal(monkeypatch, {1, 3, 5, 7})

    def fail(result: Any) -> Any:  # sending happens in the child only
        raise MemoryError

    results = forking.share_work(8, pid_of(), send=fail)
    assert children == [1]
    assert results == [(task, os.getpid()) for task in range(8)]


def test_without_a_pipe_or_a_fork_every_task_is_done_here(children: list[int],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert forking.share_work(10, pid_of(0)) == [(task, os.getpid()) for task in range(10)]
    assert children == [1]  # tried

    def no_pipe() -> tuple[int, int]:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(os, "pipe", no_pipe)
    assert forking.share_work(10, pid_of(0)) == [(task, os.getpid()) for task in range(10)]
    assert children == [1]  # no queue, so no child


def test_no_child_where_forking_is_not_safe_or_for_one_task(children: list[int],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert forking.share_work(1, pid_of(0)) == [(0, os.getpid())]
    assert forking.share_work(0, pid_of(0)) == []
    monkeypatch.setattr(forking, "may_fork", lambda: False)
    assert forking.share_work(5, pid_of(0)) == [(task, os.getpid()) for task in range(5)]
    assert children == []


def test_a_queue_deals_every_task_once_to_two_processes() -> None:
    queue = forking._TaskQueue.of(list(range(1000)))
    assert queue is not None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        taken = b",".join(str(task).encode() for task in iter(queue.take, None))
        os.write(write_end, taken)
        os._exit(0)
    os.close(write_end)
    here = list(iter(queue.take, None))
    with os.fdopen(read_end, "rb") as pipe:
        there = [int(task) for task in pipe.read().split(b",") if task]
    os.waitpid(pid, 0)
    queue.close()
    assert sorted(here + there) == list(range(1000))


def test_no_more_tasks_are_shared_than_a_queue_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError):
        forking._TaskQueue.of(list(range(forking._TaskQueue.MAX_TASKS + 1)))
    monkeypatch.setattr(forking, "may_fork", lambda: False)  # refused alike where no child could be had
    with pytest.raises(ValueError, match="cut them into runs"):
        forking.share_work(forking._TaskQueue.MAX_TASKS + 1, pid_of())


@pytest.mark.parametrize(("count", "runs", "expected"), [
    (10, 3, [range(0, 4), range(4, 8), range(8, 10)]),
    (10, 64, [range(i, i + 1) for i in range(10)]),
    (128, 64, [range(i, i + 2) for i in range(0, 128, 2)]),
    (5, 1, [range(0, 5)]),
    (0, 64, []),
])
def test_cut_covers_every_number_once_in_order(count: int, runs: int, expected: list[range]) -> None:
    assert forking.cut(count, runs) == expected


def test_share_runs_shares_only_from_its_least_count(children: list[int]) -> None:
    def work(run: range) -> tuple[range, int]:
        return run, os.getpid()

    assert forking.share_runs(10, work, min_count=11) == [(range(0, 10), os.getpid())]
    assert children == []
    results = forking.share_runs(10, work, min_count=10, runs=5)
    assert [run for run, _ in results] == [range(0, 2), range(2, 4), range(4, 6), range(6, 8), range(8, 10)]
    assert children == [1]


class HandOverLog:
    """What ``hand_over`` did, step by step, as each process saw it: lines in a file both append to."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parent = os.getpid()

    def note(self, step: str, item: object) -> None:
        who = "here" if os.getpid() == self.parent else "child"
        with self.path.open("a", encoding="utf-8") as log:
            log.write(f"{who} {step} {item}\n")

    def make(self, item: int) -> bytes:
        self.note("make", item)
        return f"{item}:{os.getpid()}".encode() * item  # of every length, none at all included

    def use(self, item: int, data: bytes) -> None:
        assert data in (f"{item}:{self.parent}".encode() * item, f"{item}:{os.getpid()}".encode() * item)  # whole
        self.note("use", item)

    def steps(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []


def test_items_handed_over_are_used_by_the_child_and_made_by_the_process_dealt_their_run(
        children: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    deal(monkeypatch, {1, 4})  # the child makes these runs' items itself, whenever nothing is sent
    log = HandOverLog(tmp_path / "log")
    forking.hand_over(range(12), log.make, log.use, lambda item: log.note("redo", item), min_count=5,
                      first=lambda: log.note("first", "-"), runs=6)  # runs of two items
    steps = log.steps()
    assert children == [1]
    assert [step for step in steps if step.startswith("here")] == \
        ["here first -"] + [f"here make {item}" for item in (0, 1, 4, 5, 6, 7, 10, 11)]
    assert [step for step in steps if step.startswith("child make")] == [f"child make {item}" for item in (2, 3, 8, 9)]
    used = [int(step.rsplit(" ", 1)[1]) for step in steps if step.startswith("child use")]
    assert sorted(used) == list(range(12))  # each once, by the child alone


def test_fewer_items_than_the_least_count_are_all_done_here(children: list[int], tmp_path: Path) -> None:
    log = HandOverLog(tmp_path / "log")
    forking.hand_over(range(3), log.make, log.use, lambda item: log.note("redo", item), min_count=4,
                      first=lambda: log.note("first", "-"))
    assert children == []
    assert log.steps() == ["here first -"] + [f"here {step} {item}" for item in range(3) for step in ("make", "use")]


def test_when_the_child_fails_every_item_is_done_again_here(children: list[int], monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    deal(monkeypatch, set())  # every item is made here
    log = HandOverLog(tmp_path / "log")

    def use(item: int, data: bytes) -> None:
        if item == 2:
            os._exit(3)  # the child is killed halfway
        log.use(item, data)

    forking.hand_over(range(5), log.make, use, lambda item: log.note("redo", item), min_count=1)
    steps = log.steps()
    assert [step for step in steps if step.startswith("child")] == ["child use 0", "child use 1"]
    assert [step for step in steps if "redo" in step] == [f"here redo {item}" for item in range(5)]


def test_when_making_fails_here_the_child_uses_what_was_sent_and_ends(
        children: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    deal(monkeypatch, set())  # every item is made here
    log = HandOverLog(tmp_path / "log")

    def make(item: int) -> bytes:
        if item == 3:
            raise OSError(28, "No space left on device")
        return log.make(item)

    with pytest.raises(OSError, match="No space left"):
        forking.hand_over(range(6), make, log.use, lambda item: log.note("redo", item), min_count=1)
    assert [step for step in log.steps() if step.startswith("child")] == [f"child use {item}" for item in range(3)]


def test_without_a_fork_every_item_is_done_here(children: list[int], monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    log = HandOverLog(tmp_path / "log")
    forking.hand_over(range(3), log.make, log.use, lambda item: log.note("redo", item), min_count=1)
    assert children == [1]  # tried
    assert log.steps() == [f"here {step} {item}" for item in range(3) for step in ("make", "use")]


def test_when_the_first_work_here_fails_the_child_takes_no_further_run(children: list[int], tmp_path: Path) -> None:
    log = HandOverLog(tmp_path / "log")

    def make(item: int) -> bytes:
        if os.getpid() != log.parent:
            time.sleep(0.2)  # the child is making an item of its own when this process fails
        return log.make(item)

    def first() -> None:
        deadline = time.monotonic() + 30
        while "child use 0" not in log.steps() and time.monotonic() < deadline:
            time.sleep(0.01)
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        forking.hand_over(range(6), make, log.use, lambda item: log.note("redo", item), min_count=1,
                          first=first, runs=6)
    used = [step for step in log.steps() if step.startswith("child use")]
    assert used[0] == "child use 0" and len(used) <= 2  # the run it was on, and no other
    assert not [step for step in log.steps() if step.startswith("here")]
