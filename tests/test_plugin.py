"""Whole sample sites built with mkdocs and the project's plugin."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from .conftest import REPO, SCENARIOS

SEED = REPO.parent / "shared" / "seeds" / "000_ce34d2795f83bbd0.txt"
SEED_COPY = Path(__file__).parent / "fixtures" / "seed_2017_workplan.txt"


def build_site(root: Path) -> Path:
    site = root / "site"
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    return site


def page_text(html: str) -> str:
    """Return the visible text of the article, tags removed and whitespace dropped."""
    article = html[html.index("<article"):html.index("</article>")]
    return re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", article)))


def seed_sentences() -> list[str]:
    """Return every sentence of the seed, numbering prefixes such as 1、 and 二、 removed."""
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else SEED_COPY.read_text(encoding="utf-8")
    sentences = []
    for line in text.splitlines():
        line = re.sub(r"^\s*[0-9一二三四五六七八九十]+、\s*", "", line.strip())
        sentences.extend(s + "。" for s in line.split("。") if s.strip())
    return [re.sub(r"\s+", "", s.rstrip("。")) for s in sentences]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    for name in ("data", "site_config", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return build_site(root)


def test_seed_copy_matches_the_seed() -> None:
    if SEED.exists():
        assert SEED_COPY.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")


def test_workplan_page_carries_every_sentence_of_the_seed(demo_site: Path) -> None:
    text = page_text((demo_site / "workplan/2017/index.html").read_text(encoding="utf-8"))
    sentences = seed_sentences()
    assert len(sentences) == 47  # the title, the general requirements and 45 in the sections
    missing = [s for s in sentences if s not in text]
    assert missing == []


def test_workplan_page_shows_each_item_with_its_status(demo_site: Path) -> None:
    html = (demo_site / "workplan/2017/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<span class="us-item" id="WP2017-\d-\d\d">', html)) == 39
    assert len(re.findall(r'<a class="us-status us-status--\w+"', html)) == 39
    assert html.count('<h2 id="section-') == 5
    assert '<h2 id="section-4">四、大力开展文化体育活动，营造积极向上的校园文化氛围</h2>' in html
    assert '<span class="us-badge us-badge--demo"' in html


def test_workplan_index_links_each_year(demo_site: Path) -> None:
    html = (demo_site / "workplan/index.html").read_text(encoding="utf-8")
    assert '<a href="2017/">西南交通大学工会2017年工作要点</a>' in html


def test_generated_pages_are_not_written_into_content(demo_site: Path) -> None:
    assert not (REPO / "content" / "workplan").exists()


class AssetReferences(HTMLParser):
    """Collects the URLs an HTML page makes the browser load (not the links a reader may follow)."""

    LOADING_RELS: ClassVar[set[str]] = {
        "stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch", "apple-touch-icon"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "video", "audio", "embed", "track", "input"):
            self.urls += [v for k, v in attrs if k in ("src", "srcset", "poster") and v]
        if tag == "link" and set((values.get("rel") or "").split()) & self.LOADING_RELS:
            self.urls.append(values.get("href") or "")
        if tag == "object" and values.get("data"):
            self.urls.append(values["data"] or "")
        style = values.get("style") or ""
        self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", style)


def external_references(site: Path) -> list[str]:
    """Return ``file: url`` for every asset a built site would load from another host."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            parser = AssetReferences()
            parser.feed(path.read_text(encoding="utf-8"))
            urls = parser.urls
        elif path.suffix == ".css":
            urls = re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])([^'\")\s]+)", path.read_text(encoding="utf-8"))
        else:
            continue
        found += [f"{path.relative_to(site)}: {url}" for url in urls
                  if re.match(r"(?:[a-z]+:)?//", url.strip(), re.IGNORECASE)]
    return found


def test_site_loads_nothing_from_another_host(demo_site: Path) -> None:
    assert external_references(demo_site) == []


def test_the_external_reference_scan_catches_assets(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<link rel="canonical" href="https://example.edu.cn/"><a href="https://example.org/">ok</a>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.jsdelivr.net/x.js"></script><img src="/local.png">', encoding="utf-8")
    (tmp_path / "b.css").write_text('@import "https://unpkg.com/a.css"; .x{background:url(http://x.cn/a.png)}',
                                    encoding="utf-8")
    assert external_references(tmp_path) == [
        "a.html: https://fonts.googleapis.com/css?family=Roboto", "a.html: //cdn.jsdelivr.net/x.js",
        "b.css: https://unpkg.com/a.css", "b.css: http://x.cn/a.png"]


def test_invalid_records_stop_the_build_with_their_problems(
        scenario_root: Callable[..., Path], caplog: pytest.LogCaptureFixture) -> None:
    root = scenario_root(SCENARIOS / "invalid" / "duplicate_key")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    with pytest.raises(Abort):
        build_site(root)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [(
        "记录检查未通过：\n"
        "data/events/2017/E2017-001.yaml:6:1: [duplicate-key] 字段“title”重复出现（第一次在第 2 行）；"
        "后一个值会被忽略，请合并为一个。\n检查了 5 个文件，发现 1 个错误、0 个警告。")]


def test_record_text_is_shown_literally(scenario_root: Callable[..., Path]) -> None:
    root = scenario_root()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    plan = root / "data/workplans/2017.yaml"
    hostile = "<script>alert(1)</script>*强调* [链接](javascript:alert(1))"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("title: 加强自身建设", f"title: '{hostile}'")
    text = text.replace("text: 组织召开表彰大会。", f"text: '<img src=x onerror=alert(1)>{hostile}'")
    plan.write_text(text, encoding="utf-8")
    html = (build_site(root) / "workplan/2017/index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert "<script>" not in article and "<img" not in article and "<em>" not in article
    assert 'href="javascript' not in article
    assert hostile.replace(" ", "") in page_text(html)


def test_serve_watches_records_and_site_config(demo_site: Path) -> None:
    from generator.plugin import UnionSitePlugin

    root = demo_site.parent
    plugin = UnionSitePlugin()
    config = load_config(str(root / "mkdocs.yml"))
    plugin.load_config({})
    plugin.on_config(config)

    class Server:
        watched: list[tuple[str, bool]] = []  # noqa: RUF012 - a stand-in for mkdocs' LiveReloadServer

        def watch(self, path: str, *, recursive: bool = True) -> None:
            self.watched.append((path, recursive))

    server = plugin.on_serve(Server(), config=config, builder=None)
    assert server.watched == [(str(root / "site_config"), True), (str(root / "data"), True)]
