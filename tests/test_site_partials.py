"""Navigation, tabs and search box drawn once per folder: the built site must not change by a byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.site import partials
from generator.site.partials import PartialReuse

from .conftest import DEMO_BUILD_DATE, copy_demo


class _Page:
    def __init__(self, url: str) -> None:
        self.url = url


NAV = {"", "events/", "notices/", "guide/editing/", "events/2017/E2017-001/notes/"}


@pytest.mark.parametrize(("url", "place"), [
    ("events/2017/E2017-002/", "events/2017/*/"),
    ("events/2017/E2017-003/", "events/2017/*/"),
    ("proposals/P2017-001/", "proposals/*/"),
    ("events/2017/E2017-002.html", "events/2017/"),
    ("index.html", "/"),
    ("events/", None),  # in the navigation: its item is active
    ("", None),
    ("events/2017/E2017-001/", None),  # holds a navigation page: its links to it are shorter
])
def test_place_of_a_page(url: str, place: str | None) -> None:
    assert PartialReuse(NAV).place(_Page(url)) == place


def test_place_without_a_page() -> None:
    assert PartialReuse(NAV).place(None) is None


def _build(root: Path, site: Path) -> PartialReuse:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  - unionsite\n", f"  - unionsite:\n      build_date: '{DEMO_BUILD_DATE}'\n")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    build(config)
    reuse = config.plugins["unionsite"].partials
    assert reuse is not None
    return reuse


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("directory_urls", [True, False])
def test_reuse_changes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory_urls: bool) -> None:
    root = copy_demo(tmp_path / "root")
    if not directory_urls:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "use_directory_urls: true", "use_directory_urls: false"), encoding="utf-8")
    reused = _build(root, tmp_path / "reused")
    with monkeypatch.context() as patch:
        patch.setattr(partials, "REUSED_PARTIALS", ())
        drawn = _build(root, tmp_path / "drawn")
    assert drawn.reused == 0 and not drawn.drawn
    record_pages = sum(1 for p in (tmp_path / "reused" / "events").rglob("*.html"))
    assert reused.reused > 3 * record_pages // 2  # three partials, reused by every page but a folder's first
    reused_files, drawn_files = _files(tmp_path / "reused"), _files(tmp_path / "drawn")
    assert reused_files.keys() == drawn_files.keys()
    assert [name for name in reused_files if reused_files[name] != drawn_files[name]] == []
