"""The built demo site in Chromium: navigation, search, the 公示 badge, the calendar, phones, accessibility."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import PageFactory, axe_violations, format_violations, horizontal_overflow, serve_directory

PAGE_TYPES = {
    "home": "",
    "work plan": "workplan/2017/",
    "events": "events/2017/",
    "event": "events/2017/E2017-016/",
    "calendar": "events/calendar/2017-10/",
    "award list": "awards/2017/A2017-01/",
    "unit": "awards/units/",
    "notices": "notices/2017/",
    "notice": "notices/2017/N2017-007/",
    "proposals": "proposals/",
    "proposal": "proposals/2017/P2017-001/",
    "unconsented proposal": "proposals/2017/P2017-009/",
    "open data": "opendata/",
    "dictionary": "opendata/dictionary/",
    "archive": "archive/2017/",
    "guide": "guide/editing/",
    "problem codes": "guide/problems/",
    "settings guide": "guide/settings/",
}


@pytest.fixture(scope="module")
def demo_url(built_demo: Path) -> Iterator[str]:
    with serve_directory(built_demo) as url:
        yield url


def open_page(new_page: PageFactory, url: str, **options: object) -> Page:
    page = new_page(**options)  # type: ignore[arg-type]
    page.goto(url)
    return page


def test_navigate_home_to_plan_to_event_to_award_list(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url)
    page.get_by_role("link", name="工作要点", exact=True).first.click()
    page.get_by_role("link", name="西南交通大学工会2017年工作要点").click()
    expect(page.locator("h1")).to_have_text("西南交通大学工会2017年工作要点")
    section = page.locator("details.us-progress").nth(3)  # 四、文化体育活动
    section.locator("summary").click()
    section.get_by_role("link", name="2017年教职工乒乓球赛", exact=True).click()
    expect(page.locator("h1")).to_have_text("2017年教职工乒乓球赛")
    page.get_by_role("link", name="2017年教职工乒乓球赛比赛成绩", exact=True).click()
    expect(page.locator("h1")).to_have_text("2017年教职工乒乓球赛比赛成绩")
    assert page.url == demo_url + "awards/2017/A2017-03/"


def search(page: Page, query: str) -> list[str]:
    page.wait_for_load_state("networkidle")  # the search worker has fetched its index
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=30)
    # Chinese typed without an input method arrives as text without key events, and the theme
    # searches on keyup; a reader's input method ends with a key press, and so do we.
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item a, a.md-search-result__link")
    expect(results.first).to_be_visible(timeout=15000)
    return [href for href in results.evaluate_all("links => links.map(a => a.getAttribute('href'))") if href]


def test_search_two_character_word(new_page: PageFactory, demo_url: str) -> None:
    links = search(open_page(new_page, demo_url), "提案")
    assert any("proposals/" in link for link in links), links


@pytest.mark.parametrize(("query", "expected"), [("体检", "E2017-013"), ("杨小华", "A2017-02")])
def test_search_finds_record_pages(new_page: PageFactory, demo_url: str, query: str, expected: str) -> None:
    links = search(open_page(new_page, demo_url), query)
    assert any(expected in link for link in links), links


@pytest.mark.parametrize(("day", "badge"), [
    ("2017-11-19T09:00:00+08:00", "未开始"),
    ("2017-11-20T09:00:00+08:00", "公示中，还有 7 天"),
    ("2017-11-26T23:30:00+08:00", "公示中，还有 1 天"),
    ("2017-11-27T00:10:00+08:00", "已结束"),
    ("2026-11-25T12:00:00+08:00", "已结束"),
])
def test_publicity_badge_follows_the_readers_day(new_page: PageFactory, demo_url: str, day: str, badge: str) -> None:
    page = open_page(new_page, demo_url + "notices/2017/N2017-007/", fixed_time=day)
    expect(page.locator("article [data-us-publicity]").first).to_have_text(badge)


def test_publicity_badge_without_script_shows_the_build_day(built_demo: Path) -> None:
    html = (built_demo / "notices/2017/N2017-007/index.html").read_text(encoding="utf-8")
    assert 'data-end="2017-11-26">公示中，还有 5 天</span>' in html


def test_ended_publicity_leaves_the_home_page(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url, fixed_time="2017-12-01T09:00:00+08:00")
    expect(page.locator("[data-us-publicity-item]")).to_be_hidden()


def test_calendar_month(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url + "events/calendar/2017-10/")
    cell = page.locator("td", has=page.locator(".us-calendar__day", has_text="21")).filter(
        has=page.locator("a.us-calendar__event")).first
    expect(cell.locator("a.us-calendar__event", has_text="2017年教职工乒乓球赛")).to_be_visible()
    page.get_by_role("link", name="下个月").click()
    expect(page.locator("h1")).to_have_text("2017年11月活动日历")


def test_award_list_filter_and_sort(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url + "awards/2017/A2017-01/")
    rows = page.locator("#us-award-table tbody tr")
    expect(rows).to_have_count(20)
    page.locator("select[data-us-filter=kind]").select_option("集体")
    expect(page.locator("#us-award-table tbody tr:visible")).to_have_count(8)
    expect(page.locator(".us-filter-count")).to_have_text("显示 8 / 20 项")
    page.locator("select[data-us-filter=kind]").select_option("")
    page.get_by_role("button", name="序号，点击排序").click()
    page.get_by_role("button", name="序号，点击排序").click()
    expect(rows.first.locator("td").first).to_have_text("20")


def test_events_category_filter(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url + "events/2017/")
    page.locator("select[data-us-filter=category]").select_option("女工活动")
    visible = page.locator("#us-event-list li:visible")
    assert visible.count() >= 1
    assert all(c == "女工活动" for c in visible.evaluate_all("items => items.map(i => i.dataset.category)"))


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_phone_width_has_no_horizontal_scrolling(new_page: PageFactory, demo_url: str, name: str) -> None:
    page = open_page(new_page, demo_url + PAGE_TYPES[name], width=375, height=740)
    assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_serious_accessibility_violations(new_page: PageFactory, demo_url: str, name: str) -> None:
    page = open_page(new_page, demo_url + PAGE_TYPES[name])
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_pages_run_without_script_errors(new_page: PageFactory, demo_url: str, name: str) -> None:
    open_page(new_page, demo_url + PAGE_TYPES[name])
    assert new_page.page_errors == []


def test_hostile_records_inject_nothing(new_page: PageFactory, hostile_site: Path,
                                        serve_dir: Callable[[Path], str]) -> None:
    base = serve_dir(hostile_site)
    record_pages = ("workplan/2017/", "events/2017/E2017-001/", "awards/2017/A2017-01/", "notices/2017/N2017-001/",
                    "proposals/2017/P2017-001/")
    for path in (*record_pages, "", "events/2017/", "awards/units/", "notices/", "proposals/", "archive/2017/"):
        page = open_page(new_page, base + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xss") is None, path
        injected = page.locator("article script, article img[src=x], article svg[onload], article [onerror], "
                                "article a[href^='javascript']")
        assert injected.count() == 0, path
        if path in record_pages:
            expect(page.locator("article").first).to_contain_text("<script>window.__xss=1</script>")


@pytest.mark.parametrize("path", ["awards/2017/A2017-01/", "notices/2017/N2017-007/"])
def test_print_layout_shows_only_the_content(new_page: PageFactory, demo_url: str, path: str) -> None:
    page = open_page(new_page, demo_url + path)
    if "awards" in path:
        page.select_option("select[data-us-filter=kind]", "集体")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".us-no-print"):
        assert not page.locator(hidden).first.is_visible(), hidden
    expect(page.locator("h1")).to_be_visible()
    if "awards" in path:  # a filter left on screen does not cut the printed list
        expect(page.locator("#us-award-table tbody tr:visible")).to_have_count(20)


def test_home_follows_the_readers_day(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url, fixed_time="2017-12-16T09:00:00+08:00")
    expect(page.locator("[data-us-today]")).to_have_text("2017年12月16日（周六）")
    upcoming = page.locator("[data-us-upcoming]")
    expect(upcoming.filter(has_text="首届教职工文化艺术节")).to_be_hidden()  # ended on 15 December
    expect(upcoming.filter(has_text="表彰大会")).to_be_visible()
