"""Finding what looks like private data in fields that will be published."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .problems import Problem
from .tables import Flattened

# A mainland mobile number, allowing the separators and +86 prefix people type.
MOBILE = re.compile(r"(?<![\d.])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\d])")
# An 18-digit resident ID: region, birth date from 1900, sequence, check digit.
ID_NUMBER = re.compile(
    r"(?<!\d)[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])"
)
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
# Mail hosts where an address belongs to a person, not an office.
PERSONAL_MAIL_HOSTS = frozenset({
    "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn",
    "sohu.com", "139.com", "189.cn", "aliyun.com", "gmail.com", "hotmail.com", "outlook.com",
    "live.com", "icloud.com", "yahoo.com",
})

_KINDS = {"mobile": "手机号码", "id-number": "身份证号码", "email": "个人电子邮箱"}


# What every private value must contain: a mobile number's first eight digits, an ID number's
# seventeen, or an @. Most text (dates and ids included) has none of them and is skipped fast.
_MAYBE_PRIVATE = re.compile(r"1[3-9]\d[\s-]?\d{4}|\d{17}|@")
# Cheaper still, for long answers with no digit at all (a single class: an alternation would
# try every branch at every character).
_ANY_DIGIT_OR_AT = re.compile(r"[\d@]")


def find_private_values(text: str) -> Iterator[tuple[str, str]]:
    """Yield ``(kind, value)`` for each mobile number, ID number or personal e-mail in ``text``."""
    if not _ANY_DIGIT_OR_AT.search(text) or not _MAYBE_PRIVATE.search(text):
        return
    for match in ID_NUMBER.finditer(text):
        yield "id-number", match.group()
    for match in MOBILE.finditer(text):
        if not ID_NUMBER.search(text[max(0, match.start() - 17):match.end() + 17]):
            yield "mobile", match.group()
    for match in EMAIL.finditer(text):
        if match.group(1).lower() in PERSONAL_MAIL_HOSTS:
            yield "email", match.group()


def check_private_data(flat: Flattened) -> list[Problem]:
    """Return a problem for every published text cell that looks like it holds private data."""
    problems = []
    any_digit_or_at, maybe_private = _ANY_DIGIT_OR_AT.search, _MAYBE_PRIVATE.search
    for table in flat.tables.values():
        if table.spec.index:
            continue
        scanned = [f for f in table.spec.fields if f.type == "string" and not f.public_contact]
        for row, origin in zip(table.rows, table.origins, strict=True):
            for spec_field in scanned:
                value = row.get(spec_field.name)
                # find_private_values's own first test, without a call for each of a million cells
                if not isinstance(value, str) or not any_digit_or_at(value) or not maybe_private(value):
                    continue
                for kind, found in find_private_values(value):
                    where = origin.cell(spec_field.name)
                    problems.append(Problem(
                        origin.path, where.line, where.col, "private-data",
                        f"{spec_field.label}中有疑似{_KINDS[kind]}“{_mask(found)}”，"
                        "这个字段会公开发布；个人信息不能写入 data/，请删除。",
                        record_id=origin.record_id, field=spec_field.name,
                        found=_mask(found), expected="不含个人信息"))
    return problems


def _mask(value: str) -> str:
    """Show enough of a private value to find it, not enough to leak it again in CI logs."""
    if len(value) <= 7:
        return value
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
