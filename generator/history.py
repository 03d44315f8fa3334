"""When each record file last changed, from git history when the repository is there."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

from .dates import CHINA


def last_changes(root: Path, folder: str = "data") -> dict[str, datetime]:
    """Return ``{path relative to root: time of the last commit touching it}`` for ``folder``.

    One ``git log`` pass over the folder, newest first, so the first time a path is seen is
    its last change. Returns an empty mapping when git or the repository is not available.
    """
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True,
                             text=True, check=True, timeout=30).stdout.strip()
        command = ["git", "-c", "core.quotePath=false", "log", "--format=%x00%cI", "--name-only", "--no-renames",
                   "--", folder]
        log = subprocess.run(command,
                             cwd=root, capture_output=True, text=True, check=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    changes: dict[str, datetime] = {}
    when: datetime | None = None
    for line in log.splitlines():
        if line.startswith("\0"):
            when = datetime.fromisoformat(line[1:]).astimezone(CHINA)
        elif line and when is not None and line.startswith(prefix):
            changes.setdefault(line[len(prefix):], when)
    return changes
