"""Counting the children a shared job forks, and dealing its tasks between the two processes in a
chosen way, so that a test is the same every run."""

from __future__ import annotations

import os
from typing import Any

import pytest

from generator import forking


class DealtQueue:
    """A task queue that deals the child exactly the tasks in ``to_child``, and this process the rest."""

    def __init__(self, tasks: list[int], to_child: set[int]) -> None:
        self.parent = os.getpid()
        self.here = [task for task in tasks if task not in to_child]
        self.child = [task for task in tasks if task in to_child]

    def take(self) -> int | None:
        pending = self.here if os.getpid() == self.parent else self.child  # each process has its own copy
        return pending.pop(0) if pending else None

    def empty(self) -> None:
        for _ in iter(self.take, None):
            pass

    def close(self) -> None:
        pass


def deal(monkeypatch: pytest.MonkeyPatch, to_child: set[int]) -> None:
    monkeypatch.setattr(forking._TaskQueue, "of", lambda tasks: DealtQueue(tasks, to_child))


def count_children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one for each child ``forking`` starts from now on (or tries to)."""
    started: list[int] = []
    real_child = forking.Child

    class CountedChild(real_child):  # type: ignore[valid-type,misc]
        def __init__(self, work: Any) -> None:
            super().__init__(work)
            started.append(1)

    monkeypatch.setattr(forking, "Child", CountedChild)
    return started
