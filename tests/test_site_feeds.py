"""The calendar files and the notice feed of the built demo site."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from generator.site import feeds

ATOM = "{http://www.w3.org/2005/Atom}"


def read_calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_all_events_calendar(built_demo: Path) -> None:
    events = read_calendar(built_demo / "events/all.ics").walk("VEVENT")
    assert len(events) == 19
    assert "E2017-019@unionsite" not in {str(e["uid"]) for e in events}


def test_one_event_with_times_in_china(built_demo: Path) -> None:
    (event,) = read_calendar(built_demo / "events/2017/E2017-016.ics").walk("VEVENT")
    assert str(event["summary"]) == "2017年教职工乒乓球赛"
    assert event.decoded("dtstart") == datetime(2017, 10, 21, 0, 30, tzinfo=UTC)  # 08:30 in China
    assert str(event["url"]) == "https://example.edu.cn/gonghui/events/2017/E2017-016/"
    assert str(event["location"]) == "犀浦校区体育馆"


def test_all_day_event_ends_the_day_after(built_demo: Path) -> None:
    (event,) = read_calendar(built_demo / "events/2017/E2017-001.ics").walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert isinstance(start, date) and not isinstance(start, datetime)
    assert end > start


def test_category_calendars(built_demo: Path) -> None:
    sports = read_calendar(built_demo / "events/sports.ics").walk("VEVENT")
    assert sports and all("文体活动" in str(e["categories"].to_ical(), "utf-8") for e in sports)
    assert (built_demo / "events/women.ics").is_file()


def test_notice_feed(built_demo: Path) -> None:
    feed = ET.parse(built_demo / "notices/feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 7
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == "【公示】2015—2016年度工会系统先进集体和先进个人评选结果公示"
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert links[0] == "https://example.edu.cn/gonghui/notices/2017/N2017-007/"


def test_feed_names_its_author(built_demo: Path) -> None:
    feed = ET.parse(built_demo / "notices/feed.xml").getroot()
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "西南交通大学工会"


def test_a_calendar_without_events_is_still_valid(built_demo: Path) -> None:
    calendar = read_calendar(built_demo / "events/other.ics")
    assert calendar.walk("VEVENT") == []
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_event_with_time_and_date_only_end_across_the_new_year() -> None:
    from generator.site.feeds import calendar_of
    from generator.site.model import Event, SiteModel

    event = Event(id="E2017-099", title="跨年晚会", year=2017, source="", uri="events/2017/E2017-099.md",
                  start=datetime(2017, 12, 31, 19, 0), end=date(2018, 1, 1), organiser="校工会")
    model = SiteModel(today=date(2017, 12, 1), site_name="测试", union_name="测试工会")
    (entry,) = Calendar.from_ical(calendar_of([event], "测试", model, None)).walk("VEVENT")
    assert entry.decoded("dtend") == datetime(2018, 1, 1, 16, 0, tzinfo=UTC)  # end of 1 January, China


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120) | st.sampled_from(
    ["a;b,c\\d", "行一\n行二", "\\n 不是换行", "很长" * 60, "ASCII " * 30 + "\\", "x" * 73 + "\\;y"])


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT, TEXT, st.one_of(st.none(), TEXT))
def test_any_text_reads_back_from_the_calendar(title: str, organiser: str, category: str,
                                               location: str | None) -> None:
    from generator.site.feeds import calendar_of
    from generator.site.model import Event, SiteModel

    event = Event(id="E2017-099", title=title, year=2017, source="", uri="events/2017/E2017-099.md",
                  start=datetime(2017, 12, 31, 19, 0), end=None, organiser=organiser, category=category,
                  location=location)
    model = SiteModel(today=date(2017, 12, 1), site_name="测试", union_name="测试工会")
    raw = calendar_of([event], title, model, "https://example.edu.cn/gonghui/")
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.decode("utf-8").split("\r\n"))
    calendar = Calendar.from_ical(raw)
    (entry,) = calendar.walk("VEVENT")
    normalised = {k: v.replace("\r\n", "\n").replace("\r", "\n") for k, v in
                  {"title": title, "organiser": organiser, "category": category, "location": location or ""}.items()}
    assert str(entry["summary"]) == normalised["title"]
    assert [str(c) for c in entry["categories"].cats] == [normalised["category"]]
    assert str(entry["description"]) == f"主办：{normalised['organiser']}"
    assert str(entry.get("location", "")) == normalised["location"]


def _fold_by_characters(line: str, limit: int = 75) -> str:
    """The folding rule character by character, as it was first written: the reference for ``_fold``."""
    if len(line.encode("utf-8")) < limit:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if current and size + width >= limit:
            carried = current.pop() if len(current) > 1 and current[-1] == "\\" else ""
            pieces.append("".join(current))
            current = [carried] if carried else []
            size = len(carried)
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "\\", ",", "教", "职", "工", "é", "😀", " ", ";"]), max_size=400))
def test_fold_cuts_where_the_character_rule_cuts(line: str) -> None:
    assert feeds._fold(line) == _fold_by_characters(line)
    assert all(len(piece.encode("utf-8")) <= 74 for piece in feeds._fold(line).split("\r\n "))
