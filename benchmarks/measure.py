"""Running one command in a fresh process: its wall time and its peak memory, read with os.wait4.

A child that fails is reported by the tail of its stderr, never by a traceback of ours.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TAIL_LINES = 12
DEFAULT_TIMEOUT = 1800.0
# Each figure is the fastest of up to REPEATS runs; no run starts once BUDGET_S has been spent on it.
# Five: on this shared machine a run can take half as long again as the one before, and only ever
# longer than the work costs, so the fastest of more runs is nearer that cost (figures of a few
# seconds get all five; the long ones stop at the budget, as before).
REPEATS = 5
BUDGET_S = 90.0


@dataclass(frozen=True)
class Run:
    """One finished child: wall seconds, CPU seconds (user + system), peak resident memory (MB = 10^6
    bytes), exit code, output."""

    command: list[str]
    wall_s: float
    cpu_s: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    ok_codes: tuple[int, ...] = (0,)

    @property
    def ok(self) -> bool:
        return not self.timed_out and self.returncode in self.ok_codes

    def figures(self) -> dict[str, float | str | None]:
        """Wall time, CPU time and peak memory (None if the child failed), and the error if it did."""
        ok = self.ok
        return {"wall_s": self.wall_s if ok else None, "cpu_s": self.cpu_s if ok else None,
                "peak_mb": self.peak_mb if ok else None, "error": self.error()}

    def error(self) -> str | None:
        """None if the child succeeded; else why, with the tail of its stderr (or stdout)."""
        if self.ok:
            return None
        why = "timed out" if self.timed_out else f"exit code {self.returncode}"
        tail = "\n".join((self.stderr.strip() or self.stdout.strip()).splitlines()[-TAIL_LINES:])
        return f"{' '.join(self.command[:6])} …: {why}\n{tail}".strip()


@dataclass(frozen=True)
class Runs:
    """The runs of one measurement, repeated; its figures are the fastest successful run's."""

    runs: list[Run]

    @property
    def best(self) -> Run:
        """The first failed run if one failed (it is the one to report), else the fastest."""
        return next((run for run in self.runs if not run.ok), None) or min(self.runs, key=lambda run: run.wall_s)

    def figures(self) -> dict[str, Any]:
        """The best run's figures, with the peak memory of the largest run and every run's wall time.

        Peak memory hardly varies from run to run; a target on it is not to be met by a lucky run.
        """
        figures: dict[str, Any] = dict(self.best.figures())
        if figures["error"] is None:
            figures["peak_mb"] = max(run.peak_mb for run in self.runs)
        figures["runs_wall_s"] = [run.wall_s for run in self.runs]
        return figures


def repeated(run: Callable[[], Run], repeats: int = REPEATS, budget_s: float = BUDGET_S) -> Runs:
    """Call ``run`` up to ``repeats`` times, stopping at a failure or once ``budget_s`` seconds were spent.

    This machine is shared: the same work takes up to half as long again from one minute to the
    next. The fastest run is the closest to what the work itself costs (as ``timeit`` advises);
    the budget lets a one-minute build run twice rather than three times.
    """
    runs = [run()]
    while runs[-1].ok and len(runs) < repeats and sum(done.wall_s for done in runs) < budget_s:
        runs.append(run())
    return Runs(runs)


PYTHON_LOOP = ("import time\nstarted = time.perf_counter()\nx = 0\nfor i in range(20_000_000): x += i\n"
               "print(time.perf_counter() - started)")


SET_ASIDE = "set-aside"
_set_aside_serials = itertools.count()


def set_aside(path: Path, work: Path) -> None:
    """Move ``path`` (if it is there) into ``work``'s set-aside folder instead of deleting it.

    The benchmark deletes nothing while it measures. On a file system without a journal (this
    machine's ext4), the kernel will not reuse an inode for a minute or more after it was freed,
    and each new file's inode is found by looking past every recently freed one: after deleting
    a copy of 100,000 records, creating 10,000 files took 3-6 s instead of 0.4-0.9 s. Deleting
    one run's copy before the next would charge the tool for the benchmark's own cleanup. The
    work folder, set-aside folder and all, is deleted once every figure is measured.
    """
    if not path.exists():
        return
    folder = work / SET_ASIDE
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{next(_set_aside_serials)}-{path.name}"
    while target.exists():  # left by an earlier run kept with --work and --keep
        target = folder / f"{next(_set_aside_serials)}-{path.name}"
    path.rename(target)


def python_loop_s() -> float | None:
    """Seconds a fixed pure-Python loop takes in a fresh process: how fast the machine is right now.

    On this 2-core machine it takes about 1.8 s when the machine is quiet and up to 3.4 s when
    other work shares it; every other figure of a run slows down with it.
    """
    run = run_child([PYTHON, "-c", PYTHON_LOOP])
    return round(float(run.stdout), 2) if run.ok else None


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every child: this checkout's generator first, mkdocs's notice silenced."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def unionsite(*arguments: str) -> list[str]:
    """The ``unionsite`` command of this checkout (``python -m generator``)."""
    return [PYTHON, "-m", "generator", *arguments]


def mkdocs(*arguments: str) -> list[str]:
    return [PYTHON, "-m", "mkdocs", *arguments]


def own_peak_mb() -> float:
    """This process's peak memory so far: the floor of every child's measured peak.

    Linux gives a child the peak of the process it was forked from until it exits (the fork shares
    or copies that memory before exec), so the benchmark keeps its own process small and says how
    small in its results.
    """
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def run_child(command: list[str], *, ok_codes: tuple[int, ...] = (0,), timeout: float = DEFAULT_TIMEOUT,
              cwd: Path | None = None) -> Run:
    """Run ``command`` in a fresh process group; return its wall time and the peak RSS of that child.

    Output goes to temporary files (a pipe could fill up and stall the child). After ``timeout``
    seconds the whole group is killed and the run is marked as timed out.

    What earlier runs and the benchmark itself wrote (a copy of the archive, 95,000 imported
    records, a built site) is put on the disk first, untimed: the kernel writes such files out
    over the following half minute, in the middle of the next run otherwise. A user's import
    pays for creating its own files, not for writing out an earlier one's. Three real imports
    of 100,000 rows one after another, each into a fresh copy, took 34.7, 34.9 and 38.0 s; with
    the disk settled before each, 32.7, 31.2 and 34.3 s.
    """
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd,
                                 env=child_env(), start_new_session=True)
        expired = threading.Event()
        timer = threading.Timer(timeout, _kill_group, (child.pid, expired))
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(command, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / 1e6, child.returncode,
                   out.read().decode(errors="replace"), err.read().decode(errors="replace"), expired.is_set(),
                   ok_codes)


def _kill_group(pid: int, expired: threading.Event) -> None:
    expired.set()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def stop_group(child: subprocess.Popen[bytes], grace: float = 10.0) -> float | None:
    """Stop ``child`` and what it started (its process group): SIGINT, then SIGTERM and SIGKILL.

    SIGINT first, as Ctrl-C would: ``mkdocs serve`` then removes its temporary site. Each signal
    gets ``grace`` seconds. Returns the child's peak memory in MB (None if it was reaped already).
    """
    for sent in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, sent)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            except ChildProcessError:  # reaped already (by Popen.poll)
                child.poll()
                return None
            if pid:
                child.returncode = os.waitstatus_to_exitcode(status)
                return usage.ru_maxrss * 1024 / 1e6
            time.sleep(0.05)
    return None
