"""The built demo site: every record page, the listing pages, drafts and privacy, determinism."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path

from generator.site.pages import events_by_day, month_weeks

from .conftest import DEMO_BUILD_DATE, REPO, build_site_at, copy_demo


def article(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def text(site: Path, page: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", article(site, page))))


def test_every_published_record_has_its_page(built_demo: Path) -> None:
    expected = {f"events/2017/E2017-{n:03d}/index.html" for n in range(1, 21) if n != 19}
    expected |= {f"awards/2017/A2017-0{n}/index.html" for n in range(1, 5)}
    expected |= {f"notices/2017/N2017-00{n}/index.html" for n in range(1, 8)}
    expected |= {f"proposals/2017/P2017-{n:03d}/index.html" for n in range(1, 11)}
    built = {p.relative_to(built_demo).as_posix() for p in built_demo.rglob("index.html")}
    assert expected <= built
    assert not {"events/2017/E2017-019/index.html", "notices/2017/N2017-008/index.html"} & built


def test_drafts_appear_nowhere(built_demo: Path) -> None:
    leaks = [p.relative_to(built_demo).as_posix() for p in built_demo.rglob("*")
             if p.is_file() and p.suffix in (".html", ".json", ".csv", ".ics", ".xml")
             and re.search(r"E2017-019|N2017-008", p.read_text(encoding="utf-8"))]
    assert leaks == []


def test_listing_pages_and_navigation(built_demo: Path) -> None:
    for page in ("index.html", "workplan/index.html", "events/index.html", "events/2017/index.html",
                 "events/calendar/2017-03/index.html", "awards/index.html", "awards/units/index.html",
                 "notices/index.html", "notices/2017/index.html", "proposals/index.html",
                 "proposals/2017/index.html", "opendata/index.html", "opendata/dictionary/index.html",
                 "archive/index.html", "archive/2017/index.html"):
        assert (built_demo / page).is_file(), page
    home = (built_demo / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary'):]
    nav = nav[:nav.index("</nav>")]
    assert "E2017-" not in nav and "P2017-" not in nav  # record pages are reached from listings only


def test_home_on_the_build_day(built_demo: Path) -> None:
    home = text(built_demo, "index.html")
    assert "今天是 2017年11月22日（周三）" in home
    assert "公示中，还有 5 天 2015—2016年度工会系统先进集体和先进个人评选结果公示" in home
    assert "共收到提案 10 件，已答复 6 件， 逾期未答复 1 件" in home
    assert "总体 17/38（45%）" in home


def test_publicity_notice_carries_its_dates_for_the_script(built_demo: Path) -> None:
    html = article(built_demo, "notices/2017/N2017-007/index.html")
    assert ('<span class="us-publicity us-publicity--open" data-us-publicity data-start="2017-11-20" '
            'data-end="2017-11-26">公示中，还有 5 天</span>') in html
    assert "如有异议，请在公示期内联系：校工会办公室（犀浦校区行政大楼），电话 028-66366000" in text(
        built_demo, "notices/2017/N2017-007/index.html")


def test_unconsented_proposal_shows_only_what_may_be_shown(built_demo: Path) -> None:
    html = article(built_demo, "proposals/2017/P2017-009/index.html")
    assert "提案人未同意公开提案全文" in html
    assert re.findall(r"<h2[^>]*>", html) == []  # no 案由, 建议措施, 答复 or 办理记录 sections
    assert "<dl" not in html  # no proposers, co-signers or departments
    source = (REPO / "data/proposals/2017/P2017-009.yaml").read_text(encoding="utf-8")
    content = re.search(r"content: [|>]?-?\n?\s*(.{12})", source)
    assert content and content.group(1).strip() not in html


def test_event_page_links_its_plan_item_results_and_calendar(built_demo: Path) -> None:
    html = article(built_demo, "events/2017/E2017-007/index.html")
    assert 'href="../../../workplan/2017/#WP2017-2-09"' in html
    assert 'href="../../../awards/2017/A2017-02/"' in html
    assert 'href="../E2017-007.ics" download' in html


def test_award_list_table_is_filterable_and_links_units(built_demo: Path) -> None:
    html = article(built_demo, "awards/2017/A2017-01/index.html")
    assert html.count('<tr data-unit="') == 20
    assert 'data-us-filter-scope="#us-award-table"' in html
    assert re.search(r'<a href="\.\./\.\./units/[^"]+/">', html)


def test_calendar_month_places_events_on_their_days(built_demo: Path) -> None:
    html = article(built_demo, "events/calendar/2017-03/index.html")
    assert "2017年3月活动日历" in html
    assert html.count('class="us-calendar__event"') >= 3  # 三八 activities span several days


def test_dictionary_lists_every_field_title(built_demo: Path) -> None:
    page = text(built_demo, "opendata/dictionary/index.html")
    for title in ("公示结束日期", "异议联系方式", "附议人", "条目原文", "提案人反馈"):
        assert title in page


def test_record_pages_say_they_are_demo_data(built_demo: Path) -> None:
    assert '<span class="us-badge us-badge--demo"' in article(built_demo, "events/2017/E2017-001/index.html")


def test_same_build_day_gives_the_same_site(tmp_path: Path, built_demo: Path) -> None:
    again = build_site_at(copy_demo(tmp_path / "again"), tmp_path / "again" / "site", DEMO_BUILD_DATE)
    first = {p.relative_to(built_demo): p.read_bytes() for p in built_demo.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_monthly_new_member_counts_are_published(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "root")
    (root / "data/membership").mkdir()
    (root / "data/membership/2017.yaml").write_text(
        "id: M2017\nyear: 2017\nmonths:\n  - month: 3\n    new_members: 4\n  - month: 9\n    new_members: 11\n",
        encoding="utf-8")
    site = build_site_at(root, root / "site")
    assert "3月 4 人，9月 11 人（共 15 人）" in text(site, "archive/2017/index.html")
    assert "本年度已有 15 名教职工加入工会" in text(site, "index.html")


@dataclass
class _Span:
    name: str
    start_day: date
    end_day: date


def test_the_calendar_puts_each_event_on_every_day_it_runs() -> None:
    year_long = _Span("年度健步走", date(2016, 12, 30), date(2018, 1, 2))
    two_days = _Span("三八节", date(2017, 3, 7), date(2017, 3, 8))
    on_day = events_by_day([year_long, two_days])  # type: ignore[list-item]
    weeks = month_weeks(on_day, date(2017, 3, 1))
    days = {day: [e.name for e in events] for week in weeks for day, events in week}  # type: ignore[attr-defined]
    assert [len(week) for week in weeks] == [7] * 5 and weeks[0][0][0] == date(2017, 2, 27)
    assert days[date(2017, 3, 7)] == days[date(2017, 3, 8)] == ["年度健步走", "三八节"]
    assert days[date(2017, 3, 9)] == ["年度健步走"]
    assert [e.name for e in on_day[date(2018, 1, 2)]] == ["年度健步走"] and date(2018, 1, 3) not in on_day  # type: ignore[attr-defined]
