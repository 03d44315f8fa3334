"""Last-change times from git."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path

from generator.dates import CHINA
from generator.history import last_changes


def git(root: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_last_change_of_each_file(tmp_path: Path) -> None:
    site = tmp_path / "site-root"
    (site / "data/events").mkdir(parents=True)
    git(tmp_path, "init", "-q", when="2017-01-01T00:00:00+08:00")
    (site / "data/events/a.yaml").write_text("a: 1\n")
    (site / "data/events/b.yaml").write_text("b: 1\n")
    git(tmp_path, "add", ".", when="2017-03-01T10:00:00+08:00")
    git(tmp_path, "commit", "-qm", "one", when="2017-03-01T10:00:00+08:00")
    (site / "data/events/b.yaml").write_text("b: 2\n")
    git(tmp_path, "commit", "-qam", "two", when="2017-04-01T02:00:00+00:00")
    assert last_changes(site) == {
        "data/events/a.yaml": datetime(2017, 3, 1, 10, 0, tzinfo=CHINA),
        "data/events/b.yaml": datetime(2017, 4, 1, 10, 0, tzinfo=CHINA),
    }


def test_no_repository_means_no_dates(tmp_path: Path) -> None:
    assert last_changes(tmp_path) == {}
