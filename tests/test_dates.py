"""Reading and suggesting dates."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from generator.dates import impossible_date_reason, parse_date, parse_date_or_datetime, suggest_date


def test_parse_date_accepts_only_real_iso_dates() -> None:
    assert parse_date("2017-03-08") == date(2017, 3, 8)
    assert parse_date("2017-02-29") is None
    assert parse_date("2017-3-8") is None


def test_parse_date_or_datetime() -> None:
    assert parse_date_or_datetime("2017-03-08 14:30") == datetime(2017, 3, 8, 14, 30)
    assert parse_date_or_datetime("2017-03-08") == date(2017, 3, 8)
    assert parse_date_or_datetime("2017-03-08 25:00") is None


def test_suggestions_for_loose_spellings() -> None:
    assert suggest_date("2017/3/8") == "2017-03-08"
    assert suggest_date("2017.03.08") == "2017-03-08"
    assert suggest_date("2017年3月8日") == "2017-03-08"
    assert suggest_date("2017年3月8日 14:30", with_time=True) == "2017-03-08 14:30"
    assert suggest_date("2017年3月8日 14:30") is None
    assert suggest_date("2017/2/30") is None
    assert suggest_date("3/8/2017") is None


def test_impossible_date_reasons() -> None:
    assert impossible_date_reason("2017-13-40") == "月份 13 不存在（应为 01–12）"
    assert impossible_date_reason("2017-02-29") == "2017 年 2 月没有 29 日"
    assert impossible_date_reason("2017-02-28") is None
    assert impossible_date_reason("下周一") is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(["{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日", "{y}-{m}-{d}"]))
def test_any_real_date_written_loosely_is_suggested_back(day: date, shape: str) -> None:
    text = shape.format(y=day.year, m=day.month, d=day.day)
    assert suggest_date(text) == day.isoformat()
