"""Subscriptions: iCalendar files of events and an Atom feed of notices."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Timezone, TimezoneStandard
from icalendar import Event as CalendarEvent

from ..dates import CHINA
from .model import Event, Notice, SiteModel
from .render import markdown_to_html
from .urls import page_url

NOTICE_FEED_LENGTH = 50


def _absolute(site_url: str | None, uri: str) -> str | None:
    return urljoin(site_url, page_url(uri)) if site_url else None


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(), CHINA).astimezone(UTC)


def _calendar_time(value: date | datetime) -> date | datetime:
    """Dates stay all-day; times are China time, written in UTC so every client agrees."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=CHINA).astimezone(UTC)
    return value


def calendar_of(events: list[Event], name: str, model: SiteModel, site_url: str | None) -> bytes:
    """Return an iCalendar file with ``events``; deterministic for a given build date."""
    calendar = Calendar()
    calendar.add("prodid", "-//unionsite//工会信息公开//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    calendar.add_component(_china_timezone())  # also keeps a calendar with no events valid (RFC 5545)
    for event in events:
        calendar.add_component(_calendar_event(event, model, site_url))
    return bytes(calendar.to_ical())


def _china_timezone() -> Timezone:
    zone = Timezone()
    zone.add("tzid", "Asia/Shanghai")
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(hours=8))
    standard.add("tzoffsetto", timedelta(hours=8))
    standard.add("tzname", "CST")
    zone.add_component(standard)
    return zone


def _calendar_event(event: Event, model: SiteModel, site_url: str | None) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"{event.id}@unionsite")
    entry.add("dtstamp", _stamp(model.today))
    entry.add("summary", event.title)
    entry.add("dtstart", _calendar_time(event.start))
    if isinstance(event.start, datetime):
        if isinstance(event.end, datetime):
            end = event.end
        elif event.end is not None:  # a date-only end: the event runs to the end of that day
            end = datetime.combine(event.end + timedelta(days=1), time())
        else:
            end = event.start + timedelta(hours=2)
        entry.add("dtend", _calendar_time(end))
    else:
        entry.add("dtend", event.end_day + timedelta(days=1))  # all-day ends are exclusive
    entry.add("categories", [event.category])
    if event.location:
        entry.add("location", event.location)
    entry.add("description", "\n".join(filter(None, [
        f"主办：{event.organiser}", event.audience and f"参加对象：{event.audience}", event.summary])))
    url = _absolute(site_url, event.uri)
    if url:
        entry.add("url", url)
    return entry


def notice_feed(notices: list[Notice], model: SiteModel, site_url: str | None) -> bytes:
    """Return an Atom feed of the latest notices, newest first."""
    latest = sorted(notices, key=lambda n: (n.published, n.id), reverse=True)[:NOTICE_FEED_LENGTH]
    feed = FeedGenerator()
    feed.id(_absolute(site_url, "notices/index.md") or "urn:unionsite:notices")
    feed.title(f"{model.site_name} · 公示公告")
    feed.language("zh-CN")
    feed.author(name=model.union_name)
    feed.link(href=_absolute(site_url, "notices/index.md") or "../", rel="alternate")
    if site_url:
        feed.link(href=urljoin(site_url, "notices/feed.xml"), rel="self")
    feed.updated(_stamp(latest[0].published if latest else model.today))
    for notice in reversed(latest):  # feedgen prepends: add oldest first to list newest first
        entry = feed.add_entry()
        url = _absolute(site_url, notice.uri)
        entry.id(url or f"urn:unionsite:notice:{notice.id}")
        entry.title(f"【{notice.kind}】{notice.title}")
        entry.link(href=url or f"{notice.year}/{notice.id}/")
        entry.published(_stamp(notice.published))
        entry.updated(_stamp(notice.published))
        entry.content(str(markdown_to_html(notice.body)), type="html")
    return bytes(feed.atom_str(pretty=True))
