"""The built demo site in Chromium: navigation, search, the 公示 badge, the calendar, phones, accessibility."""

from __future__ import annotations

import shutil
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.site.search import SiteIndex, query_terms, search_site
from tests.browser.support import (
    PageFactory,
    axe_source,
    axe_violations,
    format_violations,
    horizontal_overflow,
    serve_directory,
)

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
    """Type ``query`` into the header's search box; return the result links' addresses once they are shown."""
    page.locator("input.md-search__input").click()
    # keyboard.type sends Chinese as committed text, as an input method does: input events, no key presses.
    page.keyboard.type(query, delay=20)
    expect(page.locator("[data-us-search-result]")).to_have_attribute("data-us-query", query, timeout=15000)
    links: list[str] = page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    return links


# Exactly what the index gives (tests/test_site_search.py checks the same lists in Python).
EXPECTED = {
    "体检": ["events/2017/E2017-013/", "notices/2017/N2017-005/", "archive/2017/", "events/2017/", "notices/2017/",
             "workplan/2017/", "notices/", ""],
    "杨小华": ["awards/2017/A2017-02/", "awards/units/%E5%9C%9F%E6%9C%A8%E5%B7%A5%E7%A8%8B%E5%AD%A6%E9%99%A2/"],
}


def test_search_two_character_word(new_page: PageFactory, demo_url: str, built_demo: Path) -> None:
    links = search(open_page(new_page, demo_url), "提案")
    assert links == [demo_url + url for url in search_site(built_demo, "提案")]
    assert len(links) == 10 and links[0] == demo_url + "notices/2017/N2017-001/"
    assert new_page.page_errors == [] and new_page.console_errors == []


@pytest.mark.parametrize("query", list(EXPECTED))
def test_search_finds_record_pages(new_page: PageFactory, demo_url: str, query: str) -> None:
    page = open_page(new_page, demo_url)
    assert search(page, query) == [demo_url + url for url in EXPECTED[query]]
    expect(page.locator(".md-search-result__meta")).to_have_text(f"{len(EXPECTED[query])} 个符合条件的结果")


def test_search_marks_the_terms_in_title_and_excerpt(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url)
    search(page, "健康体检")
    article = page.locator(".md-search-result__article").first
    expect(article.locator("h1")).to_have_text("2017年教职工健康体检")
    assert article.locator("h1 mark").all_text_contents() == ["健康体检"]
    expect(article.locator(".us-search-url")).to_have_text("/events/2017/E2017-013/")


@pytest.mark.parametrize("width", [1280, 375])
def test_search_results_are_accessible(new_page: PageFactory, demo_url: str, width: int) -> None:
    page = open_page(new_page, demo_url + "events/2017/", width=width)
    if width < 600:
        page.locator("label.md-header__button[for=__search]").click()
    search(page, "体检")
    page.add_script_tag(content=axe_source())
    violations = page.evaluate("() => axe.run(document.querySelector('.md-search')).then(r => r.violations)")
    serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
    assert serious == [], format_violations(serious)


def test_search_says_when_nothing_is_found(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url)
    assert search(page, "没有这个词语") == []
    expect(page.locator(".md-search-result__meta")).to_have_text("没有找到符合条件的结果")


def test_search_enter_opens_the_first_result(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url)
    search(page, "健康体检")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_url + "events/2017/E2017-013/")
    expect(page.locator("h1")).to_have_text("2017年教职工健康体检")


def test_search_from_a_sub_path_fetches_only_what_the_index_predicts(
        new_page: PageFactory, built_demo: Path, tmp_path: Path, serve_dir: Callable[[Path], str]) -> None:
    shutil.copytree(built_demo, tmp_path / "gonghui")
    root = serve_dir(tmp_path) + "gonghui/"
    page = new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(root + "events/2017/E2017-016/")
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if "/search/" in url] == []  # nothing until the reader asks
    links = search(page, "体检")
    assert links == [root + url for url in EXPECTED["体检"]]
    index = SiteIndex(built_demo)
    index.search("体检")
    assert sorted(url for url in fetched if "/search/" in url) == sorted(root + "search/" + n for n in index.fetched)
    page.locator("a.md-search-result__link").first.click()
    expect(page.locator("h1")).to_have_text("2017年教职工健康体检")
    assert page.url == root + "events/2017/E2017-013/"
    assert new_page.page_errors == [] and new_page.console_errors == []


def test_search_on_a_phone(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url + "notices/2017/", width=375, height=740)
    box = page.locator("input.md-search__input")
    expect(box).not_to_be_in_viewport()  # on a phone the box is off screen until the button is pressed
    page.locator("label.md-header__button[for=__search]").click()
    expect(box).to_be_in_viewport()
    expect(box).to_be_focused()
    page.keyboard.type("体检", delay=20)
    expect(page.locator("[data-us-search-result]")).to_have_attribute("data-us-query", "体检")
    expect(page.locator("a.md-search-result__link").first).to_be_visible()
    assert horizontal_overflow(page) <= 0
    page.keyboard.press("Escape")
    expect(box).not_to_be_in_viewport()


def test_search_opens_with_slash(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url)
    page.keyboard.press("/")
    expect(page.locator("input.md-search__input")).to_be_focused()
    assert page.evaluate("document.getElementById('__search').checked")


def test_search_script_agrees_with_python(new_page: PageFactory, demo_url: str) -> None:
    page = open_page(new_page, demo_url)
    terms = ["体检", "e2017", "𠮷野", "会", "é"]
    assert page.evaluate("terms => terms.map(t => window.unionsiteSearch.crc32(t))", terms) == [
        zlib.crc32(t.encode("utf-8")) for t in terms]
    queries = ["教职工会", "会", "E2017-002", "２０１７年", "关于改进通勤班车工作的建议", "𠮷野家"]
    assert page.evaluate("qs => qs.map(q => window.unionsiteSearch.queryTerms(q))", queries) == [
        query_terms(q) for q in queries]


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


def test_search_shows_record_text_as_text(new_page: PageFactory, hostile_site: Path,
                                          serve_dir: Callable[[Path], str]) -> None:
    base = serve_dir(hostile_site)
    page = open_page(new_page, base)
    assert search(page, "xss")
    titles = page.locator(".md-search-result__article h1")
    expect(titles.first).to_contain_text("<script>window.__xss=1</script>")
    assert page.locator(".md-search-result script, .md-search-result img, .md-search-result svg").count() == 0
    assert page.evaluate("window.__xss") is None
    assert new_page.page_errors == []


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
