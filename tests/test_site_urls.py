"""Relative links between generated pages."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site import urls
from generator.site.urls import page_url, relative_url


@pytest.mark.parametrize(("uri", "url"), [
    ("index.md", ""), ("events/index.md", "events/"), ("events/2017/E2017-001.md", "events/2017/E2017-001/"),
    ("events/all.ics", "events/all.ics"),
])
def test_page_urls(uri: str, url: str) -> None:
    assert page_url(uri) == url


@pytest.mark.parametrize(("source", "target", "link"), [
    ("index.md", "events/2017/E2017-001.md", "events/2017/E2017-001/"),
    ("events/2017/E2017-001.md", "index.md", "../../../"),
    ("events/2017/E2017-001.md", "events/2017/E2017-001.ics", "../E2017-001.ics"),
    ("workplan/2017.md", "workplan/2017.md#WP2017-1-01", "./#WP2017-1-01"),
    ("workplan/index.md", "workplan/2017.md", "2017/"),
    ("notices/2017/N2017-001.md", "attachments/2017/N2017-001.pdf", "../../../attachments/2017/N2017-001.pdf"),
])
def test_relative_links(source: str, target: str, link: str) -> None:
    assert relative_url(source, target) == link


def test_links_without_directory_urls() -> None:
    assert relative_url("events/2017/E2017-001.md", "index.md", directory_urls=False) == "../../index.html"
    assert relative_url("index.md", "events/2017/E2017-001.md", directory_urls=False) == "events/2017/E2017-001.html"


def test_file_links_are_percent_encoded() -> None:
    assert relative_url("notices/2017/N2017-001.md", "attachments/2017/名单#1 定稿.pdf") == \
        "../../../attachments/2017/%E5%90%8D%E5%8D%95%231%20%E5%AE%9A%E7%A8%BF.pdf"


def test_unit_pages_never_collide() -> None:
    from generator.site.assemble import unit_uri

    uris = [unit_uri(u) for u in ("机械工程学院", "工会/办公室", "工会 办公室", "工会-办公室", "index", "..")]
    assert uris[0] == "awards/units/机械工程学院.md"
    assert uris[3] == "awards/units/工会-办公室.md"
    assert len(set(uris)) == len(uris)
    assert all(u.startswith("awards/units/") and "/../" not in u and not u.endswith("/index.md") for u in uris)


_PART = st.sampled_from(["events", "2017", "E2017-001", "index.html", "a", "b", "名单.pdf", "%E5", ".", "..", "",
                         "events/2017"])
_PATH = st.lists(_PART, max_size=5).map("/".join)


@settings(max_examples=3000, deadline=None)
@given(_PATH, _PATH)
def test_relpath_is_posix_relpath(path: str, start: str) -> None:
    expected = posixpath.relpath(path or ".", start or ".")
    assert urls._relpath(path or ".", start or ".") == expected
