"""A preview's rebuild (mkdocs serve --dirty) draws only changed pages, and ends as a full build would."""

from __future__ import annotations

import gc
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import plugin
from generator.collecting import IdleCollection
from generator.site.rebuilds import MEMORY, page_digest, site_signature

from .conftest import DEMO_BUILD_DATE, copy_demo

SERVE_URL = "http://127.0.0.1:8000/"


def test_page_digest_follows_what_the_page_shows() -> None:
    digest = page_digest("标题", [("a", "一")], "<p>正文</p>")
    assert digest == page_digest("标题", [("a", "一")], "<p>正文</p>")
    others = {page_digest("标题2", [("a", "一")], "<p>正文</p>"), page_digest("标题", [("a", "二")], "<p>正文</p>"),
              page_digest("标题", [], "<p>正文</p>"), page_digest("标题", [("a", "一")], "<p>正文。</p>"),
              page_digest("标", [("a", "一")], "题<p>正文</p>")}
    assert len(others | {digest}) == 6


def test_site_signature_follows_files_and_folders(tmp_path: Path) -> None:
    config, folder = tmp_path / "mkdocs.yml", tmp_path / "theme"
    config.write_text("site_name: 甲\n", encoding="utf-8")
    (folder / "partials").mkdir(parents=True)
    (folder / "partials" / "footer.html").write_text("<footer>", encoding="utf-8")

    def signature() -> str:
        return site_signature([config, tmp_path / "missing.yaml"], [folder], ["x"])

    first = signature()
    assert signature() == first
    config.write_text("site_name: 乙\n", encoding="utf-8")
    second = signature()
    (folder / "partials" / "footer.html").write_text("<footer>。", encoding="utf-8")
    third = signature()
    (folder / "partials" / "header.html").write_text("", encoding="utf-8")
    assert len({first, second, third, signature()}) == 4


@pytest.fixture
def serving(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The plugin as mkdocs serve runs it; its module state put back afterwards."""
    monkeypatch.setattr(plugin, "_SERVING", [False])
    monkeypatch.setattr(plugin, "_DIRTY", [False])
    monkeypatch.setattr(plugin, "_REBUILDING", [False])
    yield
    MEMORY.forget()
    plugin.PREVIEW_COLLECTION.stop()


def _root(tmp_path: Path) -> Path:
    root = copy_demo(tmp_path / "root")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - unionsite\n", f"  - unionsite:\n      build_date: '{DEMO_BUILD_DATE}'\n")
    config.write_text(text, encoding="utf-8")
    return root


def _serve_build(root: Path, site: Path, *, dirty: bool, start: bool = False) -> plugin.UnionSitePlugin:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    if start:
        config.plugins.on_startup(command="serve", dirty=dirty)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=dirty)
    unionsite = config.plugins["unionsite"]
    assert isinstance(unionsite, plugin.UnionSitePlugin)
    return unionsite


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _paths(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _assert_same_site(rebuilt: Path, fresh: Path) -> None:
    rebuilt_files, fresh_files = _files(rebuilt), _files(fresh)
    assert sorted(rebuilt_files) == sorted(fresh_files)
    assert [name for name in fresh_files if rebuilt_files[name] != fresh_files[name]] == []


def _assert_as_a_fresh_build(root: Path, preview: Path, fresh: Path) -> None:
    """``preview`` holds what a clean build of ``root`` writes, byte for byte."""
    plugin._DIRTY[0] = False
    _serve_build(root, fresh, dirty=False)
    _assert_same_site(preview, fresh)


def _event(root: Path) -> Path:
    return sorted((root / "data" / "events").rglob("E*.yaml"))[-1]


def _unreferenced_event(root: Path) -> Path:
    """An event no other record names, which can be deleted without breaking a reference."""
    texts = [p.read_text(encoding="utf-8") for p in (root / "data").rglob("*.yaml")]
    return next(event for event in sorted((root / "data" / "events").rglob("E*.yaml"), reverse=True)
                if sum(event.stem in text for text in texts) == 1)


def _retitle(record: Path, prefix: str) -> None:
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"^title: ", f"title: {prefix}", text, count=1, flags=re.M), encoding="utf-8")


def test_rebuild_after_an_edit_draws_few_pages_and_ends_as_a_full_build(tmp_path: Path, serving: None) -> None:
    root = _root(tmp_path)
    preview = tmp_path / "preview"
    pages = len(_serve_build(root, preview, dirty=True, start=True).populated)
    event = _event(root)
    calendars = sorted(p.relative_to(preview).as_posix() for p in preview.rglob("E*.ics"))
    written = {name: path.stat().st_mtime_ns for name, path in _paths(preview).items()}
    time.sleep(0.01)  # a file written again gets a later time
    _retitle(event, "改过的")

    rebuilt = _serve_build(root, preview, dirty=True)

    # The files made from the records are written only when they change: the event's calendars, and
    # the tables that hold its title. (mkdocs writes the sitemap, and a new search index, every time.)
    again = sorted(name for name, path in _paths(preview).items()
                   if not name.endswith(".html") and not name.startswith("search/")
                   and path.stat().st_mtime_ns != written.get(name))
    assert again == [f"events/2017/{event.stem}.ics", "events/all.ics", "events/honours.ics",
                     "opendata/events.csv", "opendata/events.json", "opendata/records.csv",
                     "opendata/records.json", "sitemap.xml", "sitemap.xml.gz"]
    assert len(calendars) == 19  # the other events' calendars were left as they were

    # The event and every page that shows its title: of the demo's 94 pages, these nine. The eight
    # hand-written pages of the guide are not read again: the navigation shows their titles as the
    # first build read them.
    assert sorted(rebuilt.populated) == [
        "", "archive/2017/", "awards/2017/A2017-01/", "events/", "events/2017/", "events/2017/E2017-020/",
        "events/calendar/2017-12/", "notices/2017/N2017-007/", "workplan/2017/"]
    assert pages == 94
    _assert_as_a_fresh_build(root, preview, tmp_path / "fresh")


def test_rebuild_after_a_hand_written_page_is_edited_draws_every_page(tmp_path: Path, serving: None) -> None:
    root = _root(tmp_path)
    preview = tmp_path / "preview"
    every_page = set(_serve_build(root, preview, dirty=True, start=True).populated)
    _retitle(_event(root), "改过的")
    _serve_build(root, preview, dirty=True)
    page = root / "content" / "guide" / "editing.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# 编辑一条记录\n")
    page.write_text(text.replace("# 编辑一条记录", "# 改过的指南标题", 1), encoding="utf-8")

    rebuilt = _serve_build(root, preview, dirty=True)

    assert rebuilt.populated == every_page
    assert "改过的指南标题" in (preview / "events" / "index.html").read_text(encoding="utf-8")
    _assert_as_a_fresh_build(root, preview, tmp_path / "fresh")


def test_a_rebuild_runs_without_the_cycle_collector_and_collects_after_it(
        tmp_path: Path, serving: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plugin, "PREVIEW_COLLECTION", IdleCollection(delay=0.3))
    enabled: list[bool] = []  # the collector, when the guards read the site at the end of each build
    check_site = plugin.check_site
    monkeypatch.setattr(plugin, "check_site", lambda *args, **kwargs: (enabled.append(gc.isenabled()),
                                                                      check_site(*args, **kwargs))[1])
    root = _root(tmp_path)
    preview = tmp_path / "preview"
    _serve_build(root, preview, dirty=True, start=True)
    _retitle(_event(root), "改过的")

    _serve_build(root, preview, dirty=True)
    ended = time.perf_counter()

    assert enabled == [True, False]  # the first build is not a rebuild
    assert not gc.isenabled() or time.perf_counter() - ended >= 0.3
    for thread in threading.enumerate():  # the collection to come
        if isinstance(thread, threading.Timer):
            thread.join(timeout=10)
    assert gc.isenabled()


def test_rebuild_after_a_record_went_reads_the_hand_written_pages_again(tmp_path: Path, serving: None) -> None:
    root = _root(tmp_path)
    preview = tmp_path / "preview"
    event = _unreferenced_event(root)
    guide = root / "content" / "guide" / "editing.md"
    guide.write_text(guide.read_text(encoding="utf-8") + f"\n[一次活动](../events/2017/{event.stem}.md)\n",
                     encoding="utf-8")
    _serve_build(root, preview, dirty=True, start=True)
    page = (preview / "guide" / "editing" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../events/2017/{event.stem}/"' in page
    _retitle(_event(root), "改过的")
    _serve_build(root, preview, dirty=True)
    event.unlink()

    # The guide's link now leads nowhere: the rebuild fails as a fresh build does, and says why.
    with pytest.raises(Abort, match="BuildError"):
        _serve_build(root, preview, dirty=True)
    with pytest.raises(Abort, match="BuildError"):
        _serve_build(root, tmp_path / "fresh", dirty=False)


def test_rebuild_after_a_deleted_record_removes_its_page(tmp_path: Path, serving: None) -> None:
    root = _root(tmp_path)
    preview = tmp_path / "preview"
    _serve_build(root, preview, dirty=True, start=True)
    event = _unreferenced_event(root)
    page = next(preview.rglob(f"{event.stem}/index.html"))
    event.unlink()

    _serve_build(root, preview, dirty=True)

    assert not page.exists()
    _assert_as_a_fresh_build(root, preview, tmp_path / "fresh")


def test_rebuild_after_a_theme_edit_draws_every_page(tmp_path: Path, serving: None) -> None:
    root = _root(tmp_path)
    preview = tmp_path / "preview"
    every_page = set(_serve_build(root, preview, dirty=True, start=True).populated)
    copyright_partial = root / "site_config" / "theme" / "partials" / "copyright.html"
    copyright_partial.write_text(copyright_partial.read_text(encoding="utf-8") + "<p>预览测试页脚</p>\n",
                                 encoding="utf-8")

    rebuilt = _serve_build(root, preview, dirty=True)

    assert rebuilt.populated == every_page
    assert all("预览测试页脚" in (preview / name).read_text(encoding="utf-8")
               for name in _files(preview) if name.endswith(".html") and name != "404.html")
    _assert_as_a_fresh_build(root, preview, tmp_path / "fresh")


def test_rebuild_after_an_asset_came_draws_every_page(tmp_path: Path, serving: None) -> None:
    root = _root(tmp_path)
    preview = tmp_path / "preview"
    style = root / "site_config" / "assets" / "unionsite.css"
    kept = style.read_bytes()
    style.unlink()  # every page's head names the site's own style sheet only when there is one
    every_page = set(_serve_build(root, preview, dirty=True, start=True).populated)
    style.write_bytes(kept)

    rebuilt = _serve_build(root, preview, dirty=True)

    assert rebuilt.populated == every_page
    _assert_as_a_fresh_build(root, preview, tmp_path / "fresh")


def test_failed_rebuild_makes_the_next_one_full(tmp_path: Path, serving: None) -> None:
    root = _root(tmp_path)
    preview = tmp_path / "preview"
    every_page = set(_serve_build(root, preview, dirty=True, start=True).populated)
    event = _event(root)
    good = event.read_text(encoding="utf-8")
    event.write_text(good.replace("id: ", "idd: ", 1), encoding="utf-8")
    with pytest.raises(Abort, match="BuildError"):
        _serve_build(root, preview, dirty=True)
    assert MEMORY.signature is None
    event.write_text(good, encoding="utf-8")

    rebuilt = _serve_build(root, preview, dirty=True)

    assert rebuilt.populated == every_page
