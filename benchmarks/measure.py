"""Running one command in a fresh process: its wall time and its peak memory, read with os.wait4.

A child that fails is reported by the tail of its stderr, never by a traceback of ours.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TAIL_LINES = 12
DEFAULT_TIMEOUT = 1800.0


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
    """
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
