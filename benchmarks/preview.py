"""Preview: the time from saving one edited record to ``mkdocs serve`` serving the refreshed page.

The server is started on a free port and polled until it serves the home page (its start-up is
measured too). Then the title of the newest published event is changed on disk and its page is
fetched every 100 ms until the new title is in it; that is done a few times, each with a new
title, and the fastest counts (as for every figure of the benchmark). The record is put back
afterwards and the server's process group is stopped.
"""

from __future__ import annotations

import re
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import yaml

from .measure import child_env, mkdocs, stop_group

POLL_S = 0.1
EDIT_TIMEOUT_S = 300.0
START_TIMEOUT_S = 1800.0
TITLE_LINE = re.compile(r"^(title:[ \t]*)(['\"]?)", re.M)
# The ways of previewing the project offers: `make serve` (every year) and `make preview YEARS=…`
# (only the edited record's year: UNIONSITE_YEARS), both `mkdocs serve --dirty` (a rebuild draws only
# the pages the edit changed). Extra arguments of `mkdocs serve` per mode, and the environment it
# needs for the edited record.
MODES: dict[str, list[str]] = {"full": ["--dirty"], "one year": ["--dirty"]}


def mode_environment(mode: str, record: EditedRecord) -> dict[str, str]:
    return {"UNIONSITE_YEARS": record.page.split("/")[1]} if mode == "one year" else {}


@dataclass(frozen=True)
class EditedRecord:
    """The record whose title the preview changes, and the address of its page under the site."""

    path: Path
    page: str  # e.g. "events/2026/E2026-250/"


def newest_event(root: Path) -> EditedRecord:
    """The last published event of the last year in ``root``'s data/events/."""
    years = sorted((p for p in (root / "data" / "events").iterdir() if p.is_dir() and p.name.isdigit()),
                   key=lambda p: int(p.name))
    for year in reversed(years):
        for record in sorted(year.glob("*.yaml"), reverse=True):
            if not re.search(r"^state:[ \t]*draft", record.read_text(encoding="utf-8"), re.M):
                return EditedRecord(record, f"events/{year.name}/{record.stem}/")
    raise FileNotFoundError(f"no published event under {root / 'data' / 'events'}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    """The body of ``url``, or None if nothing answered with a page yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read()).decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def with_title_marker(text: str, marker: str) -> str:
    """The record's YAML with ``marker`` put at the start of its title."""
    edited, count = TITLE_LINE.subn(lambda m: f"{m.group(1)}{m.group(2)}{marker}", text, count=1)
    if not count:
        raise ValueError("the record has no top-level title line")
    return edited


def showing(marker: str) -> Callable[[str], bool]:
    """Whether a page's body holds ``marker``."""
    return lambda body: marker in body


def wait_for(url: str, predicate: Callable[[str], bool], timeout: float,
             server: subprocess.Popen[bytes]) -> float | None:
    """Poll ``url`` every POLL_S until ``predicate(body)``; the moment it held (perf_counter), or None.

    None means ``timeout`` seconds passed or the server exited first.
    """
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        body = fetch(url)
        if body is not None and predicate(body):
            return time.perf_counter()
        if server.poll() is not None:
            return None
        time.sleep(POLL_S)
    return None


def measure_preview(root: Path, mode: str = "full", *, edits: int = 1, edit_timeout: float = EDIT_TIMEOUT_S,
                    start_timeout: float = START_TIMEOUT_S) -> dict[str, object]:
    """Serve ``root``'s site, edit one record ``edits`` times, and time until its page shows each edit.

    Returns {"start_s", "refresh_s" (the fastest), "refresh_runs_s", "peak_mb", "page", "mode",
    "error"}; a figure that could not be measured is None and "error" says why (with the tail of
    the server's log); after a timeout, "gave_up_after_s" says how long the page was polled.
    """
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    port = free_port()
    base = f"http://127.0.0.1:{port}/" + (urlsplit(config.get("site_url") or "/").path.strip("/") + "/").lstrip("/")
    record = newest_event(root)
    original = record.path.read_text(encoding="utf-8")
    result: dict[str, object] = {"mode": mode, "page": record.page, "start_s": None, "refresh_s": None,
                                 "refresh_runs_s": [], "peak_mb": None, "error": None}
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        server = subprocess.Popen(mkdocs("serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}",
                                         *MODES[mode]),
                                  stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                  env=child_env(**mode_environment(mode, record)),
                                  start_new_session=True)
        try:
            served = wait_for(base + record.page, lambda body: True, start_timeout, server)
            if served is None:
                result["error"] = "the server did not serve the page" + _log_tail(log)
                return result
            result["start_s"] = served - started
            refreshes: list[float] = []
            for _ in range(edits):
                marker = f"预览计时{secrets.token_hex(4)}"
                written = time.perf_counter()
                record.path.write_text(with_title_marker(original, marker), encoding="utf-8")
                waited = wait_for(base + record.page, showing(marker), edit_timeout, server)
                if waited is None:
                    result["error"] = f"timeout: no refreshed page within {edit_timeout:.0f} s" + _log_tail(log)
                    result["gave_up_after_s"] = edit_timeout
                    return result
                refreshes.append(waited - written)
            result["refresh_s"] = min(refreshes)
            result["refresh_runs_s"] = refreshes
        finally:
            record.path.write_text(original, encoding="utf-8")
            result["peak_mb"] = stop_group(server)
    return result


def _log_tail(log: IO[bytes], lines: int = 12) -> str:
    log.seek(0)
    tail = "\n".join(log.read().decode(errors="replace").strip().splitlines()[-lines:])
    return f"\n{tail}" if tail else ""
