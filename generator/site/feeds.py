"""Subscriptions: iCalendar files of events and an Atom feed of notices."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

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
    """Return an iCalendar file (RFC 5545) with ``events``; deterministic for a given build date.

    Written directly rather than through the icalendar package: serialising one event with it
    took milliseconds, and a twenty-year archive writes every event three times (its own file,
    its category's and the full calendar). Tests read the output back with icalendar.
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//unionsite//工会信息公开//ZH", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_text(name)}", "X-WR-TIMEZONE:Asia/Shanghai", *_CHINA_TIMEZONE]
    stamp = _utc(_stamp(model.today))
    for event in events:
        lines += _event_lines(event, stamp, site_url)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")


# Also keeps a calendar with no events valid (RFC 5545 wants a component).
_CHINA_TIMEZONE = ("BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD", "DTSTART:19700101T000000",
                   "TZNAME:CST", "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "END:STANDARD", "END:VTIMEZONE")


def _event_lines(event: Event, stamp: str, site_url: str | None) -> list[str]:
    lines = ["BEGIN:VEVENT", f"SUMMARY:{_text(event.title)}"]
    if isinstance(event.start, datetime):
        if isinstance(event.end, datetime):
            end: date | datetime = event.end
        elif event.end is not None:  # a date-only end: the event runs to the end of that day
            end = datetime.combine(event.end + timedelta(days=1), time())
        else:
            end = event.start + timedelta(hours=2)
        lines += [f"DTSTART:{_utc(_calendar_time(event.start))}", f"DTEND:{_utc(_calendar_time(end))}"]
    else:  # all-day: the end is exclusive
        lines += [f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{event.end_day + timedelta(days=1):%Y%m%d}"]
    lines += [f"DTSTAMP:{stamp}", f"UID:{_text(event.id)}@unionsite", f"CATEGORIES:{_text(event.category)}"]
    description = "\n".join(filter(None, [
        f"主办：{event.organiser}", event.audience and f"参加对象：{event.audience}", event.summary]))
    lines.append(f"DESCRIPTION:{_text(description)}")
    if event.location:
        lines.append(f"LOCATION:{_text(event.location)}")
    url = _absolute(site_url, event.uri)
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def _utc(moment: date | datetime) -> str:
    assert isinstance(moment, datetime)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 says: backslash, semicolon, comma and line breaks."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str, limit: int = 75) -> str:
    """Fold a content line at 75 octets, never inside a character or right after a backslash.

    Cut on the UTF-8 bytes (a calendar of every event has hundreds of thousands of long lines): a
    piece ends at the last character boundary within ``limit - 1`` bytes (continuation lines add
    a space), one byte earlier when that would leave a backslash at its end.
    """
    data = line.encode("utf-8")
    if len(data) < limit:
        return line
    pieces: list[str] = []
    start, end = 0, len(data)
    while end - start >= limit:
        cut = start + limit - 1
        while data[cut] & 0xC0 == 0x80:  # inside a character: cut before it
            cut -= 1
        if data[cut - 1] == 0x5C and cut - 1 > start:  # never end a piece with "\"
            cut -= 1
        pieces.append(data[start:cut].decode("utf-8"))
        start = cut
    pieces.append(data[start:].decode("utf-8"))
    return "\r\n ".join(pieces)


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
