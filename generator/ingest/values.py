"""Turning one answer into the value a record holds, or saying why it cannot be trusted.

Each normaliser returns a Value: the normalised value, or a reason for review (the answer may
be right but we must not guess) or for rejection (the answer cannot be used).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

from ..dates import CHINA

_CJK = r"\u3400-\u9fff\U00020000-\U0002ffff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$")
_STAFF_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]*$")
_HYPERLINK = re.compile(r'^=\s*hyperlink\(\s*"(?P<url>[^"]*)"\s*[,，]\s*"(?P<name>[^"]*)"\s*\)$', re.I | re.S)
_TRUE = {"是", "同意", "愿意", "yes", "y", "true", "1", "√", "✓", "对"}
_FALSE = {"否", "不同意", "不愿意", "no", "n", "false", "0", "×", "✗", "不"}


class Value(NamedTuple):  # one for each answer: a million in a large export, made at a third of a dataclass's cost
    """A normalised answer: ``value``, or ``review`` / ``reject`` with the reason."""

    value: Any = None
    review: str | None = None
    reject: str | None = None


def text(raw: str) -> Value:
    """Free text, kept as typed: line breaks unified, outer white space trimmed, never evaluated."""
    cleaned = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    return Value(cleaned or None)


def name(raw: str) -> Value:
    """A person's or unit's name: NFKC (full-width → half-width), trimmed, no spaces inside Chinese."""
    cleaned = _SPACE_BETWEEN_CJK.sub("", unicodedata.normalize("NFKC", raw)).strip()
    return Value(re.sub(r"\s+", " ", cleaned) or None)


def staff_id(raw: str) -> Value:
    """A staff id, always text with its leading zeros; a number Excel mangled goes to review."""
    cleaned = unicodedata.normalize("NFKC", raw).strip().lstrip("\t").strip()
    if not cleaned:
        return Value(None)
    if _SCIENTIFIC.match(cleaned):
        return Value(review=f"工号“{cleaned}”被 Excel 改成了科学计数法，原来的数字已丢失，请核对后手工填写")
    if re.fullmatch(r"\d+\.0+", cleaned):
        return Value(review=f"工号“{cleaned}”带有小数点，可能被表格软件当作数字处理过，请核对")
    if not _STAFF_ID.match(cleaned):
        return Value(review=f"工号“{cleaned}”含有字母数字以外的字符")
    return Value(cleaned)


def phone(raw: str) -> Value:
    """A phone number as 11 digits (or a landline); never guessed from a mangled number."""
    cleaned = unicodedata.normalize("NFKC", raw).strip()
    if not cleaned:
        return Value(None)
    if _SCIENTIFIC.match(cleaned.replace(" ", "")):
        return Value(review=f"电话“{cleaned}”被 Excel 改成了科学计数法，原号码已丢失，请向本人核实")
    digits = re.sub(r"[\s()（）\-–—.]", "", cleaned)
    digits = re.sub(r"^(?:\+86|0086|86(?=1[3-9]\d{9}$))", "", digits)
    if _MOBILE.match(digits):
        return Value(digits)
    if _LANDLINE.match(cleaned.replace(" ", "")):
        return Value(cleaned.replace(" ", ""))
    return Value(review=f"电话“{cleaned}”不是有效的手机号码")


def boolean(raw: str) -> Value:
    cleaned = unicodedata.normalize("NFKC", raw).strip().lower()
    if cleaned in _TRUE:
        return Value(True)
    if cleaned in _FALSE:
        return Value(False)
    return Value(review=f"“{raw.strip()}”无法判断是“是”还是“否”")


def hyperlink(raw: str) -> Value:
    """Tencent's file-upload cell ``=Hyperlink("url"，"name")`` as {url, file}; never evaluated."""
    match = _HYPERLINK.match(raw.strip())
    if not match:
        return text(raw)
    return Value({"url": match.group("url"), "file": match.group("name")})


# Dates and times -------------------------------------------------------------------------------

_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
    "%d-%b-%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M",
    "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d",
)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_GOOGLE = re.compile(
    r"^(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)(?: GMT([+-]\d{1,2})(?::?(\d{2}))?)?$", re.I)
_EXCEL_EPOCH = datetime(1899, 12, 30)
# The shape nearly every Chinese platform writes (2024/9/1 8:05:09): read without strptime, which
# costs more than the rest of a row's reading. Anything else takes the general path below.
_YEAR_FIRST = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_datetime(raw: str) -> datetime | None:
    """Return the time in ``raw`` as an aware datetime (China time unless the text says otherwise).

    Understands the platforms' own formats, Excel's re-saved ones, ISO 8601 with an offset,
    and Excel serial numbers; English month names are read whatever the machine's locale.
    """
    cleaned = unicodedata.normalize("NFKC", raw).strip()
    if not cleaned:
        return None
    common = _YEAR_FIRST.match(cleaned)
    if common:
        year, _, month, day, hour, minute, second = common.groups()
        try:
            return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=CHINA)
        except ValueError:
            return None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", cleaned):
        serial = _EXCEL_EPOCH + timedelta(days=float(cleaned))
        return _round_second(serial).replace(tzinfo=CHINA)
    google = _GOOGLE.match(cleaned)
    if google:
        return _google_time(google)
    try:
        iso = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
        return _round_second(iso).astimezone(CHINA) if iso.tzinfo else _round_second(iso).replace(tzinfo=CHINA)
    except ValueError:
        pass
    month_name = re.match(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4}) (.*)$", cleaned)
    if month_name and month_name.group(2).lower() in _MONTHS:
        cleaned = f"{month_name.group(3)}-{_MONTHS[month_name.group(2).lower()]:02d}-{int(month_name.group(1)):02d} " \
                  f"{month_name.group(4)}"
    for shape in _FORMATS:
        try:
            return datetime.strptime(cleaned, shape).replace(tzinfo=CHINA)
        except ValueError:
            continue
    return None


def _round_second(value: datetime) -> datetime:
    rounded = value.replace(microsecond=0)
    return rounded + timedelta(seconds=1) if value.microsecond >= 500_000 else rounded


def _google_time(match: re.Match[str]) -> datetime:
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    hour = hour % 12 + (12 if match.group(7).upper() == "PM" else 0)
    offset = CHINA
    if match.group(8):
        hours = int(match.group(8))
        minutes = int(match.group(9) or 0) * (1 if hours >= 0 else -1)
        offset = timezone(timedelta(hours=hours, minutes=minutes))
    return datetime(year, month, day, hour, minute, second, tzinfo=offset).astimezone(CHINA)


def date_value(raw: str) -> Value:
    parsed = parse_datetime(raw)
    if parsed is None:
        return Value(review=f"“{raw.strip()}”不是可识别的日期")
    return Value(parsed.date())


def datetime_value(raw: str) -> Value:
    parsed = parse_datetime(raw)
    if parsed is None:
        return Value(review=f"“{raw.strip()}”不是可识别的时间")
    return Value(parsed)
