"""A large build writes its pages with a forked child: the site is the same as one process writes."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands import build as mkdocs_build

from generator import forking
from generator.site import pagewriting

from .conftest import build_site_at, copy_demo
from .dealing import count_children, deal


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def sharing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every build shares its pages with a child, in 8 runs: the child takes the index (task 0)
    and every other run of pages. Returns the list that counts the children started."""
    monkeypatch.setattr(forking, "may_fork", lambda: True)  # the browser tests' server thread may be running
    monkeypatch.setattr(pagewriting, "MIN_PAGES_FOR_CHILD", 10)
    monkeypatch.setattr(pagewriting, "RUNS", 8)
    deal(monkeypatch, {0, 2, 4, 6, 8})
    return count_children(monkeypatch)


def test_pages_written_by_two_processes_make_the_same_site(built_demo: Path, tmp_path: Path,
                                                           sharing: list[int]) -> None:
    original = mkdocs_build._build_page
    site = build_site_at(copy_demo(tmp_path / "root"), tmp_path / "site")
    assert len(sharing) == 1  # the pages' child (validation and guards are too small to share)
    assert files_of(site) == files_of(built_demo)
    assert mkdocs_build._build_page is original  # mkdocs's loop is itself again after the build


def test_pages_a_dying_child_left_are_written_here(built_demo: Path, tmp_path: Path, sharing: list[int],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    parent, real_build_page = os.getpid(), mkdocs_build._build_page

    def build_page(page: Any, *args: Any, **kwargs: Any) -> None:
        if os.getpid() != parent and page.file.src_uri.startswith("events/"):
            os._exit(3)  # the child dies in the middle of its runs
        real_build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", build_page)
    site = build_site_at(copy_demo(tmp_path / "root"), tmp_path / "site")
    assert files_of(site) == files_of(built_demo)


def test_what_the_child_logs_is_logged_here_once(tmp_path: Path, sharing: list[int], monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    real_build_page = mkdocs_build._build_page
    warned = logging.getLogger("mkdocs.commands.build")

    def build_page(page: Any, *args: Any, **kwargs: Any) -> None:
        warned.warning("写页面：%s（%s）", page.file.src_uri, "children" if os.getpid() != here else "here")
        real_build_page(page, *args, **kwargs)

    here = os.getpid()
    monkeypatch.setattr(mkdocs_build, "_build_page", build_page)
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        site = build_site_at(copy_demo(tmp_path / "root"), tmp_path / "site")
    written = [r.getMessage() for r in caplog.records if r.getMessage().startswith("写页面：")]
    pages = [p.relative_to(site).as_posix() for p in site.rglob("index.html")]
    assert len(written) == len({m.split("（")[0] for m in written}) == len(pages)  # each page once
    assert any(m.endswith("（children）") for m in written) and any(m.endswith("（here）") for m in written)


def test_a_build_after_one_stopped_while_writing_writes_every_page(built_demo: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    original = mkdocs_build._build_page

    def left_by_a_stopped_build(page: Any, *args: Any, **kwargs: Any) -> None:
        pass  # as if every page had been written already

    left_by_a_stopped_build._unionsite_original = original  # type: ignore[attr-defined]
    monkeypatch.setattr(mkdocs_build, "_build_page", left_by_a_stopped_build)
    site = build_site_at(copy_demo(tmp_path / "root"), tmp_path / "site")  # small: mkdocs's own loop
    assert files_of(site) == files_of(built_demo)
    assert mkdocs_build._build_page is original


def test_a_small_build_or_one_without_a_spare_core_writes_in_mkdocs_own_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    assert pagewriting.shares_pages(pagewriting.MIN_PAGES_FOR_CHILD)
    assert not pagewriting.shares_pages(pagewriting.MIN_PAGES_FOR_CHILD - 1)
    monkeypatch.setattr(forking, "may_fork", lambda: False)
    assert not pagewriting.shares_pages(100_000)
