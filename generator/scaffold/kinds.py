"""What the command knows about each kind of record that its Table Schema cannot say.

The schema says which fields a record has, what they mean and which are required; this module
adds what only the command needs: where the kind's files go and how its ids are numbered, the
values it may fill in by itself (today's date, the next proposal number, a 公示's period), the
fields that rules rather than the schema require, and whose values earlier records suggest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..project import Settings

PUBLICITY = "公示"
DRAFT, PUBLISHED = "draft", "published"
SUBMITTED = "已提交"  # a proposal's first step in its history
NOT_STARTED = "未开始"  # a new work plan item's status


@dataclass(frozen=True)
class Known:
    """What a kind's defaults and checks may look at."""

    values: Mapping[str, Any]  # the officer's values so far, parsed
    settings: Settings
    today: date
    year: int  # the record's year
    rows: Callable[[str], list[dict[str, Any]]]  # the existing rows of a table, typed
    workplan_id: str | None = None  # workplan-item: the id of the year's work plan


@dataclass(frozen=True)
class Kind:
    name: str  # as typed after ``unionsite new``
    table: str  # the root table in datapackage.yaml (workplan-item: the child table of items)
    summary: str  # one line for ``unionsite new --help``
    help: str  # the paragraph heading ``unionsite new KIND --help``
    prefix: str = ""  # ids are PREFIX + year + "-" + serial …
    digits: int = 3  # … the serial zero-padded to this many digits
    dated_by: str | None = None  # the field whose year is the id's year when --year is not given
    today_default: bool = False  # dated_by defaults to today when the record is of this year
    fixed: tuple[str, ...] = ()  # fields the command fills in itself, never asked
    asked_links: Mapping[str, str] = field(default_factory=dict)  # fields taken from the parent, asked: description
    defaulted: frozenset[str] = frozenset()  # required fields ``defaults`` fills when not given
    defaults: Callable[[Known], dict[str, Any]] = lambda known: {}
    required_when: Callable[[Mapping[str, Any]], set[str]] = lambda values: set()
    minimums: Mapping[str, Callable[[Settings], int]] = field(default_factory=dict)  # list key → least items
    suggest: tuple[str, ...] = ()  # fields whose prompt offers the latest record's value
    notes: Mapping[str, str] = field(default_factory=dict)  # what --help adds to a field's own text
    check: Callable[[str, Any, Known], str | None] = lambda name, value, known: None


def _notice_defaults(known: Known) -> dict[str, Any]:
    """A 公示 runs from its publish date for the shortest period the site allows, both days counted."""
    published = known.values.get("published")
    if known.values.get("kind") != PUBLICITY or not isinstance(published, date):
        return {}
    start = known.values.get("publicity_start", published)
    return {"publicity_start": start,
            "publicity_end": start + timedelta(days=known.settings.publicity_min_days - 1)}


def _notice_required(values: Mapping[str, Any]) -> set[str]:
    return {"objection_contact"} if values.get("kind") == PUBLICITY else set()


def _proposal_defaults(known: Known) -> dict[str, Any]:
    """The next number of the proposal's session, and the history's first step: submitted."""
    defaults: dict[str, Any] = {}
    session = known.values.get("session")
    if session is not None:
        numbers = [row["number"] for row in known.rows("proposals")
                   if row.get("session") == session and isinstance(row.get("number"), int)]
        defaults["number"] = max(numbers, default=0) + 1
    submitted = known.values.get("submitted")
    if isinstance(submitted, date):
        defaults["history"] = [{"date": submitted, "status": SUBMITTED}]
    return defaults


def _award_defaults(known: Known) -> dict[str, Any]:
    return {"year": known.year}


def _section_items(known: Known) -> list[dict[str, Any]]:
    section = known.values.get("section")
    return [row for row in known.rows("workplan_items")
            if row.get("workplan_id") == known.workplan_id and row.get("section") == section]


def _item_defaults(known: Known) -> dict[str, Any]:
    """A new item joins the paragraph of the section's last item, not started."""
    items = _section_items(known)
    last = items[-1].get("paragraph") if items else None
    return {"paragraph": last if isinstance(last, int) else 1, "status": NOT_STARTED}


def section_titles(known: Known) -> dict[int, str]:
    """The sections of the year's work plan: number → title."""
    return {row["number"]: str(row.get("title") or "") for row in known.rows("workplan_sections")
            if row.get("workplan_id") == known.workplan_id and isinstance(row.get("number"), int)}


def _item_check(name: str, value: Any, known: Known) -> str | None:
    if name != "section":
        return None
    sections = section_titles(known)
    if value in sections:
        return None
    listed = "；".join(f"{number} {title}" for number, title in sorted(sections.items()))
    return f"{known.year} 年工作要点没有第 {value} 部分；现有的部分是：{listed}。"


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind(
        name="event", table="events", prefix="E", digits=3,
        summary="新建活动（E年份-序号）。",
        help="新建一条活动记录：写入 data/events/年份/，编号为该年下一个未用的 E年份-序号。",
        dated_by="start", suggest=("organiser",),
    ),
    Kind(
        name="notice", table="notices", prefix="N", digits=3,
        summary="新建公告、通知、公示或简报（N年份-序号）。",
        help="新建一条公示公告：写入 data/notices/年份/，编号为该年下一个未用的 N年份-序号。"
             "公示（--kind 公示 或 --publicity）须写异议联系方式，公示期默认从发布日期起、"
             "为网站设置的最短天数。",
        dated_by="published", today_default=True,
        defaulted=frozenset({"publicity_start", "publicity_end"}), defaults=_notice_defaults,
        required_when=_notice_required, suggest=("objection_contact",),
        notes={"published": "不填时为今天。", "objection_contact": "公示时必填。",
               "publicity_start": "公示不填时为发布日期。",
               "publicity_end": "公示不填时按网站设置的最短公示天数（含首尾两天）计算。"},
    ),
    Kind(
        name="proposal", table="proposals", prefix="P", digits=3,
        summary="新建教代会提案（P年份-序号）。",
        help="新建一件教代会提案：写入 data/proposals/年份/，编号为该年下一个未用的 P年份-序号；"
             "办理进程从“已提交”开始。",
        dated_by="submitted", today_default=True,
        defaulted=frozenset({"number"}), defaults=_proposal_defaults,
        minimums={"proposers": lambda settings: 1,
                  "cosigners": lambda settings: settings.proposal_min_cosigners},
        suggest=("session",),
        notes={"number": "不填时为同一会议届次中最大的提案号加 1。", "submitted": "不填时为今天。"},
    ),
    Kind(
        name="award", table="award_lists", prefix="A", digits=2,
        summary="新建表彰名单（A年份-序号）。",
        help="新建一份表彰名单：写入 data/awards/年份/，编号为该年下一个未用的 A年份-序号，"
             "年度（year）取 --year。获奖者（entries）请在生成的文件中照注释填写。",
        dated_by="date", fixed=("year",), defaults=_award_defaults, suggest=("issuer",),
    ),
    Kind(
        name="workplan-item", table="workplan_items", prefix="WP",
        summary="在某年工作要点的一个部分末尾添加条目（WP年份-部分-序号）。",
        help="在 data/workplans/年份.yaml 中某一部分的末尾添加一个工作要点条目，编号为该部分下一个未用的 "
             "WP年份-部分-序号；文件中其他各行保持原样。",
        digits=2, asked_links={"section": "条目加到工作要点的第几部分，1 表示“一、”。"},
        defaulted=frozenset({"paragraph", "status"}), defaults=_item_defaults,
        check=_item_check,
        notes={"paragraph": "不填时与该部分最后一个条目相同。", "status": f"不填时为“{NOT_STARTED}”。"},
    ),
)}
