"""Text from records never becomes markup: every free-text field holds an attack, nothing gets through."""

from __future__ import annotations

import re
from pathlib import Path

from generator.site.search import SiteIndex

from .conftest import HOSTILE


def record_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html")
                  if re.search(r"/(events|awards|notices|proposals)/2017/[A-Z]|/workplan/2017/", p.as_posix()))


def test_hostile_text_is_shown_not_run(hostile_site: Path) -> None:
    pages = record_pages(hostile_site)
    assert len(pages) == 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        body = html[html.index("<article"):html.index("</article>")]
        assert "<script>window.__xss" not in body, page
        assert not re.search(r"<(img|svg)[^>]*(onerror|onload)", body), page
        assert 'href="javascript:' not in body, page
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in body, page


def test_every_free_text_field_reaches_the_page_as_text(hostile_site: Path) -> None:
    shown = "&amp;lt;b&amp;gt;"  # the payload's own "&lt;b&gt;", escaped once more
    proposal = (hostile_site / "proposals/2017/P2017-001/index.html").read_text(encoding="utf-8")
    for field in ("title", "content", "measures", "reply", "session"):
        assert shown + field in proposal, field
    award = (hostile_site / "awards/2017/A2017-01/index.html").read_text(encoding="utf-8")
    for field in ("title", "issuer", "recipient", "unit", "honour"):
        assert shown + field in award, field
    assert HOSTILE not in proposal + award


def test_titles_are_escaped_and_the_search_index_holds_plain_text(hostile_site: Path) -> None:
    page = (hostile_site / "proposals/2017/P2017-001/index.html").read_text(encoding="utf-8")
    title = page[page.index("<title>"):page.index("</title>")]
    assert "<script>" not in title and "&lt;script&gt;window.__xss=1" in title
    # The index holds the record's own text, neither escaped nor stripped: search.js shows it as text only.
    index = SiteIndex(hostile_site)
    docs = {url: (title, excerpt) for url, title, excerpt in map(index.doc, range(index.manifest["docs"]))}
    title, excerpt = docs["proposals/2017/P2017-001/"]
    assert title == f"第1号提案：{HOSTILE}title"
    assert excerpt == f"{HOSTILE}session"[:80]
