"""Whole sample sites built with mkdocs and the project's plugin."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html import unescape
from pathlib import Path

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


def test_site_loads_nothing_from_another_host(demo_site: Path) -> None:
    external = re.compile(
        r"""<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*(?:src|href)=["']?(?:https?:)?//"""
        r"""|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//""", re.IGNORECASE)
    offenders = [p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*")
                 if p.suffix in (".html", ".css", ".js")
                 and external.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert offenders == []


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
