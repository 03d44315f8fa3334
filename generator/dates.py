"""Reading the dates officers type, and saying what is wrong with the ones we cannot read."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

# Mainland China keeps one time zone and no daylight saving.
CHINA = timezone(timedelta(hours=8), "CST")

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})")
# 2017/3/8, 2017.3.8, 2017-3-8, 2017年3月8日, optionally followed by a time such as 14:30.
_LOOSE = re.compile(
    r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：点]\s*(\d{2})\s*分?)?\s*"
)


def today_in_china() -> date:
    """The date it is now in mainland China, whatever the computer's own time zone."""
    return datetime.now(CHINA).date()


def parse_date(text: str) -> date | None:
    """Return the date ``YYYY-MM-DD`` stands for, or None when it is not one."""
    match = _ISO_DATE.fullmatch(text)
    if not match:
        return None
    try:
        year, month, day = map(int, match.groups())
        return date(year, month, day)
    except ValueError:
        return None


def parse_date_or_datetime(text: str) -> date | datetime | None:
    """Return the date or date-time (``YYYY-MM-DD HH:MM``) in ``text``, or None."""
    match = _ISO_DATETIME.fullmatch(text)
    if match:
        try:
            year, month, day, hour, minute = map(int, match.groups())
            return datetime(year, month, day, hour, minute)
        except ValueError:
            return None
    return parse_date(text)


def impossible_time_reason(text: str) -> str | None:
    """Return why the time in ``YYYY-MM-DD HH:MM`` cannot exist (``25:00``), or None."""
    match = re.fullmatch(r"\d{4}-\d{2}-\d{2} (\d{2}):(\d{2})", text)
    if not match:
        return None
    hour, minute = map(int, match.groups())
    if hour > 23:
        return f"小时 {hour} 不存在（应为 00–23）"
    if minute > 59:
        return f"分钟 {minute} 不存在（应为 00–59）"
    return None


def parse_when(value: object) -> date | datetime | None:
    """Return a record value read as date or date-time (``YYYY-MM-DD[ HH:MM]``), or None."""
    return parse_date_or_datetime(value) if isinstance(value, str) else None


def suggest_date(text: str, with_time: bool = False) -> str | None:
    """Return the ISO spelling of a loosely written date (``2017/3/8`` → ``2017-03-08``).

    Returns None when ``text`` does not name a real calendar date.
    """
    match = _LOOSE.fullmatch(text)
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    if hour is None:
        return value.isoformat()
    if not with_time or not (0 <= int(hour) < 24 and 0 <= int(minute) < 60):
        return None
    return f"{value.isoformat()} {int(hour):02d}:{minute}"


def impossible_date_reason(text: str) -> str | None:
    """Return why an ISO-shaped date cannot exist (``2017-13-40``), or None if it is not one."""
    match = _ISO_DATE.match(text)
    if not match:
        return None
    year, month, day = map(int, match.groups())
    if not 1 <= month <= 12:
        return f"月份 {month} 不存在（应为 01–12）"
    try:
        date(year, month, day)
    except ValueError:
        return f"{year} 年 {month} 月没有 {day} 日"
    return None
