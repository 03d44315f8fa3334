"""Days and times inside one year: every record of a year keeps its dates in that year.

Records are filed by the year in their id, while the site files events, notices and
proposals by the year of their own dates; keeping both the same keeps every record where
its id says it is.
"""

from __future__ import annotations

import random
from datetime import date, timedelta


def first_day(year: int) -> date:
    return date(year, 1, 1)


def last_day(year: int) -> date:
    return date(year, 12, 31)


def within_year(day: date, year: int) -> date:
    """Return ``day``, moved to the nearest end of ``year`` when it falls outside."""
    return min(max(day, first_day(year)), last_day(year))


def shifted(day: date, days: int) -> date:
    """Return ``day`` moved by ``days``, kept in its own year."""
    return within_year(day + timedelta(days=days), day.year)


def day_between(rng: random.Random, start: date, end: date) -> date:
    """Return a random day from ``start`` to ``end``, both included."""
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def day_in_months(rng: random.Random, year: int, first_month: int, last_month: int) -> date:
    """Return a random day from the first of ``first_month`` to the end of ``last_month``."""
    end = date(year, last_month + 1, 1) - timedelta(days=1) if last_month < 12 else last_day(year)
    return day_between(rng, date(year, first_month, 1), end)


def day_and_time(day: date, hour: int, minute: int) -> str:
    """Return the ``YYYY-MM-DD HH:MM`` form that event start and end times are written in."""
    return f"{day.isoformat()} {hour:02d}:{minute:02d}"
