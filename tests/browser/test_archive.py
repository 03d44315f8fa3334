"""A many-year archive in the browser: a first-year record reached from the home page, and search.

Every test run generates and builds a 3-year demo archive. ``make bench`` runs this file again on its
20-year archive (UNIONSITE_ARCHIVE_ROOT names the root, whose site/ is already built).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from generator.demo import write_demo_archive
from tests.browser.support import PageFactory, serve_directory
from tests.browser.test_site import search
from tests.conftest import REPO, build_site_at


@pytest.fixture(scope="module")
def archive_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("UNIONSITE_ARCHIVE_ROOT")
    if given:
        return Path(given)
    root = tmp_path_factory.mktemp("archive") / "root"
    write_demo_archive(root, years=3, seed=0, source_root=REPO)
    build_site_at(root, root / "site", build_date="2026-06-30")
    return root


@pytest.fixture(scope="module")
def archive_url(archive_root: Path) -> Iterator[str]:
    with serve_directory(archive_root / "site") as url:
        yield url


def first_published_event(root: Path) -> dict[str, str]:
    first_year = min(p.name for p in (root / "data/events").iterdir() if p.name.isdigit())
    for path in sorted((root / "data/events" / first_year).glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if record.get("state") == "published":
            return {"year": first_year, "id": record["id"], "title": record["title"]}
    raise AssertionError("no published event in the first year")


def test_a_first_year_record_from_the_home_page(new_page: PageFactory, archive_url: str, archive_root: Path) -> None:
    event = first_published_event(archive_root)
    page = new_page()
    page.goto(archive_url)
    page.get_by_role("link", name="归档", exact=True).first.click()
    page.get_by_role("link", name=f"{event['year']}年", exact=True).click()
    page.get_by_role("link", name=event["title"], exact=True).first.click()
    expect(page.locator("h1")).to_have_text(event["title"])
    assert page.url == f"{archive_url}events/{event['year']}/{event['id']}/"
    assert new_page.page_errors == [] and new_page.console_errors == []


def test_search_finds_a_first_year_record(new_page: PageFactory, archive_url: str, archive_root: Path) -> None:
    event = first_published_event(archive_root)
    page = new_page()
    page.goto(archive_url)
    links = search(page, event["title"])
    assert f"{archive_url}events/{event['year']}/{event['id']}/" in links
    assert new_page.page_errors == [] and new_page.console_errors == []
