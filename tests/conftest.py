"""Shared fixtures: site roots assembled from the repository and from scenario folders."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
BASE_DATA = SCENARIOS / "base" / "data"


def assemble_root(target: Path, *overlays: Path, data: Path = BASE_DATA) -> Path:
    """Make a site root in ``target``: the project's site_config, ``data``, then each overlay."""
    shutil.copytree(REPO / "site_config", target / "site_config")
    shutil.copytree(data, target / "data")
    (target / "content").mkdir()
    for overlay in overlays:
        shutil.copytree(overlay, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected*"))
    return target


@pytest.fixture
def scenario_root(tmp_path: Path) -> Callable[..., Path]:
    """Return a function that assembles the base data plus the named overlays."""
    def make(*overlays: Path) -> Path:
        return assemble_root(tmp_path / "root", *overlays)
    return make


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    """Return a copy of the repository's own site: demo data, config, content, mkdocs.yml."""
    root = tmp_path / "demo"
    for name in ("data", "site_config", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root
