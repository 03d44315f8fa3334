"""A large build writes its pages with a forked child: the site is the same as one process writes."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import forking
from generator.site import pagewriting

from .conftest import build_site_at, copy_demo
from .dealing import deal


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def sharing(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every build shares its pages with a child, in 8 runs: the child takes the index (task 0)
    and every other run of pages. Returns, for each child, whether its results came back."""
    monkeypatch.setattr(forking, "may_fork", lambda: True)  # the browser tests' server thread may be running
    monkeypatch.setattr(pagewriting, "MIN_PAGES_FOR_CHILD", 10)
    monkeypatch.setattr(pagewriting, "RUNS", 8)
    deal(monkeypatch, {0, 2, 4, 6, 8})
    came_back: list[bool] = []
    real_take = forking.Child.take

    def take(child: forking.Child, wait: bool = True) -> Any:
        sent = real_take(child, wait)
        if wait:  # the child has ended
            came_back.append(child.ended_well)
        return sent

    monkeypatch.setattr(forking.Child, "take", take)
    return came_back


def test_pages_written_by_two_processes_make_the_same_site(built_demo: Path, tmp_path: Path,
                                                           sharing: list[bool]) -> None:
    original = mkdocs_build._build_page
    site = build_site_at(copy_demo(tmp_path / "root"), tmp_path / "site")
    assert sharing == [True]  # the pages' child, whose work came back (the rest is too small to share)
    assert files_of(site) == files_of(built_demo)
    assert mkdocs_build._build_page is original  # mkdocs's own again after the build


def test_a_dirty_rebuild_writes_only_what_mkdocs_would(tmp_path: Path, sharing: list[bool],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def built_twice(root: Path) -> dict[str, bytes]:  # the second time with --dirty: pages not read are not drawn
        site = build_site_at(root, root / "site")
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)), dirty=True)
        return files_of(site)

    shared = built_twice(copy_demo(tmp_path / "shared"))
    assert sharing == [True, True]
    monkeypatch.setattr(pagewriting, "MIN_PAGES_FOR_CHILD", 10**9)
    assert shared == built_twice(copy_demo(tmp_path / "alone"))
    assert sharing == [True, True]


def test_pages_a_dying_child_left_are_written_here(built_demo: Path, tmp_path: Path, sharing: list[bool],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    parent, real_build_page = os.getpid(), mkdocs_build._build_page

    def build_page(page: Any, *args: Any, **kwargs: Any) -> None:
        if os.getpid() != parent and page.file.src_uri.startswith("events/"):
            os._exit(3)  # the child dies in the middle of its runs
        real_build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", build_page)
    site = build_site_at(copy_demo(tmp_path / "root"), tmp_path / "site")
    assert sharing == [False]
    assert files_of(site) == files_of(built_demo)


def _warning_each_page(monkeypatch: pytest.MonkeyPatch) -> None:
    real_build_page, here = mkdocs_build._build_page, os.getpid()
    warned = logging.getLogger("mkdocs.commands.build")

    def build_page(page: Any, *args: Any, **kwargs: Any) -> None:
        warned.warning("写页面：%s（%s）", page.file.src_uri, "children" if os.getpid() != here else "here")
        real_build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", build_page)


def test_what_the_child_logs_is_logged_here_once(tmp_path: Path, sharing: list[bool], monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    _warning_each_page(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        site = build_site_at(copy_demo(tmp_path / "root"), tmp_path / "site")
    written = [r.getMessage() for r in caplog.records if r.getMessage().startswith("写页面：")]
    pages = [p.relative_to(site).as_posix() for p in site.rglob("index.html")]
    assert len(written) == len({m.split("（")[0] for m in written}) == len(pages)  # each page once
    assert any(m.endswith("（children）") for m in written) and any(m.endswith("（here）") for m in written)


def test_a_warning_met_in_the_child_fails_a_strict_build(tmp_path: Path, sharing: list[bool],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    real_build_page, here = mkdocs_build._build_page, os.getpid()

    def build_page(page: Any, *args: Any, **kwargs: Any) -> None:
        if os.getpid() != here:
            logging.getLogger("mkdocs.commands.build").warning("子进程中的警告：%s", page.file.src_uri)
        real_build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", build_page)
    root = copy_demo(tmp_path / "root")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8") + "strict: true\n",
                                     encoding="utf-8")
    with pytest.raises(Abort, match="in strict mode"):
        build_site_at(root, tmp_path / "site")
    assert mkdocs_build._build_page is build_page  # put back after the failed build


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


def test_pages_are_shared_only_in_large_builds_with_a_child_and_no_plugin_watching_pages(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = load_config(str(copy_demo(tmp_path / "root") / "mkdocs.yml"))
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    assert pagewriting.shares_pages(config, pagewriting.MIN_PAGES_FOR_CHILD)
    assert not pagewriting.shares_pages(config, pagewriting.MIN_PAGES_FOR_CHILD - 1)
    config.plugins.events["post_page"].append(lambda output, **kwargs: output)  # e.g. a minifier
    assert not pagewriting.shares_pages(config, 100_000)
    config.plugins.events["post_page"].clear()
    monkeypatch.setattr(forking, "may_fork", lambda: False)
    assert not pagewriting.shares_pages(config, 100_000)
