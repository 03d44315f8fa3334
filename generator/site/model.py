"""The site's view of the records: published records only, typed, and linked to each other.

Built once per build from a clean validation; templates read it and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

ITEM_STATUS_CLASSES = {
    "未开始": "todo", "进行中": "doing", "已完成": "done", "已延期": "delayed", "已取消": "cancelled",
}
# Which history statuses mark each stage of a proposal's timeline.
PROPOSAL_STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("提交", ("已提交",)),
    ("立案", ("已立案", "不予立案", "已并案", "已转意见建议")),
    ("交办", ("已交办",)),
    ("答复", ("已答复",)),
    ("反馈", ("已反馈", "已办结")),
]


@dataclass
class Record:
    """What every record page has: id, title, where it came from and where it is shown."""

    id: str
    title: str
    year: int
    source: str  # the YAML file, relative to the root
    uri: str  # the page, as a docs-relative .md path
    demo: bool = False
    changed: datetime | None = None
    history_url: str | None = None

    kind_title = "记录"

    @property
    def sort_date(self) -> date:
        return date(self.year, 1, 1)


@dataclass
class ProgressNote:
    date: date
    note: str


@dataclass
class WorkPlanItem:
    id: str
    section: int
    paragraph: int
    text: str
    status: str
    responsible: str | None
    progress: list[ProgressNote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    award_lists: list[AwardList] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    uri: str = ""  # the work-plan page; items are shown there, at their anchor

    @property
    def status_class(self) -> str:
        return ITEM_STATUS_CLASSES.get(self.status, "todo")

    @property
    def anchor(self) -> str:
        return self.id

    @property
    def title(self) -> str:
        return self.text


@dataclass
class Section:
    number: int
    title: str
    items: list[WorkPlanItem] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[list[WorkPlanItem]]:
        grouped: dict[int, list[WorkPlanItem]] = {}
        for item in self.items:
            grouped.setdefault(item.paragraph, []).append(item)
        return list(grouped.values())

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.status == "已完成")

    @property
    def counted(self) -> int:
        """Items that count towards completion: cancelled ones do not."""
        return sum(1 for item in self.items if item.status != "已取消")


@dataclass
class WorkPlan(Record):
    issuer: str = ""
    adopted: date | None = None
    general_requirements: str = ""
    sections: list[Section] = field(default_factory=list)

    kind_title = "工作要点"

    @property
    def items(self) -> list[WorkPlanItem]:
        return [item for section in self.sections for item in section.items]

    @property
    def done(self) -> int:
        return sum(s.done for s in self.sections)

    @property
    def counted(self) -> int:
        return sum(s.counted for s in self.sections)

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """Return (status, its CSS class, number of items) for every status, in the schema's order."""
        counts = dict.fromkeys(ITEM_STATUS_CLASSES, 0)
        for item in self.items:
            counts[item.status] = counts.get(item.status, 0) + 1
        return [(status, ITEM_STATUS_CLASSES.get(status, "todo"), count) for status, count in counts.items()]


@dataclass
class SignupCount:
    group: str
    label: str
    count: int


@dataclass
class Registration:
    url: str | None
    deadline: date | None
    capacity: int | None
    signup_total: int | None
    signups: list[SignupCount] = field(default_factory=list)

    def by_group(self, group: str) -> list[SignupCount]:
        return [s for s in self.signups if s.group == group]


@dataclass
class Event(Record):
    category: str = ""
    category_slug: str = ""
    start: date | datetime = date.min
    end: date | datetime | None = None
    location: str | None = None
    organiser: str = ""
    audience: str | None = None
    summary: str | None = None
    registration: Registration | None = None
    items: list[WorkPlanItem] = field(default_factory=list)
    results: list[AwardList] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    kind_title = "活动"

    @property
    def start_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def end_day(self) -> date:
        end = self.end or self.start
        return end.date() if isinstance(end, datetime) else end

    @property
    def sort_date(self) -> date:
        return self.start_day

    @property
    def ics_uri(self) -> str:
        return self.uri[:-3] + ".ics"


@dataclass
class AwardEntry:
    recipient: str
    kind: str
    unit: str
    honour: str
    level: str | None
    note: str | None
    unit_uri: str = ""


@dataclass
class AwardList(Record):
    issuer: str = ""
    date: date = date.min
    basis: str | None = None
    item: WorkPlanItem | None = None
    notice: Notice | None = None
    entries: list[AwardEntry] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    kind_title = "表彰名单"

    @property
    def sort_date(self) -> dt.date:
        return self.date

    def distinct(self, attribute: str) -> list[str]:
        """Return the distinct non-empty values of an entry attribute, in first-seen order."""
        return list(dict.fromkeys(v for e in self.entries if (v := getattr(e, attribute))))


@dataclass
class Attachment:
    file: str
    title: str
    size: int
    sha256: str


@dataclass
class Publicity:
    start: date
    end: date
    contact: str

    def status_on(self, day: date) -> str:
        if day < self.start:
            return "未开始"
        return "公示中" if day <= self.end else "已结束"

    def days_left(self, day: date) -> int:
        return (self.end - day).days + 1


@dataclass
class Notice(Record):
    kind: str = ""
    published: date = date.min
    body: str = ""
    publicity: Publicity | None = None
    attachments: list[Attachment] = field(default_factory=list)
    related: list[Any] = field(default_factory=list)

    kind_title = "公示公告"

    @property
    def sort_date(self) -> date:
        return self.published


@dataclass
class Person:
    name: str
    delegation: str | None


@dataclass
class Department:
    name: str
    role: str


@dataclass
class HistoryEntry:
    date: date
    status: str
    note: str | None


@dataclass
class Stage:
    name: str
    date: date | None
    status: str | None


@dataclass
class Proposal(Record):
    number: int = 0
    session: str = ""
    category: str = ""
    consent: bool = False
    proposers: list[Person] = field(default_factory=list)
    cosigners: list[Person] = field(default_factory=list)
    content: str = ""
    measures: str | None = None
    submitted: date = date.min
    decision: str | None = None
    decision_reason: str | None = None
    merged_into: Proposal | None = None
    departments: list[Department] = field(default_factory=list)
    reply_deadline: date | None = None
    reply: str | None = None
    reply_date: date | None = None
    feedback: str | None = None
    history: list[HistoryEntry] = field(default_factory=list)
    overdue: bool = False

    kind_title = "提案"

    @property
    def sort_date(self) -> date:
        return self.submitted

    @property
    def status(self) -> str:
        return self.history[-1].status if self.history else "已提交"

    @property
    def decision_label(self) -> str:
        return self.decision or "待审查"

    @property
    def stages(self) -> list[Stage]:
        stages = []
        for name, statuses in PROPOSAL_STAGES:
            entry = next((h for h in self.history if h.status in statuses), None)
            if entry is None and name == "提交":
                entry = HistoryEntry(self.submitted, "已提交", None)  # submitted even when no history says so
            stages.append(Stage(name, entry.date if entry else None, entry.status if entry else None))
        return stages


@dataclass
class SiteModel:
    """Everything the templates may show, as of ``today``."""

    today: date
    site_name: str
    union_name: str
    workplans: list[WorkPlan] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    award_lists: list[AwardList] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=list)  # (name, slug)
    new_members: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # year: [(month, count)]

    @property
    def records(self) -> list[Record]:
        return [*self.workplans, *self.events, *self.award_lists, *self.notices, *self.proposals]

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.records}, reverse=True)

    def by_year(self, year: int) -> dict[str, list[Record]]:
        return {
            "工作要点": [r for r in self.workplans if r.year == year],
            "活动": [r for r in self.events if r.year == year],
            "表彰名单": [r for r in self.award_lists if r.year == year],
            "公示公告": [r for r in self.notices if r.year == year],
            "提案": [r for r in self.proposals if r.year == year],
        }

    @property
    def current_year(self) -> int:
        """Return the build year, or the nearest year with records when the build year has none."""
        years = self.years
        if not years or self.today.year in years:
            return self.today.year
        earlier = [y for y in years if y <= self.today.year]
        return max(earlier) if earlier else min(years)

    @property
    def upcoming_events(self) -> list[Event]:
        """Return the next six events that have not ended by ``today``."""
        return [e for e in self.events if e.end_day >= self.today][:6]

    @property
    def unexpired_publicities(self) -> list[Notice]:
        """Return the 公示 not yet ended on ``today``, soonest ending first."""
        open_ones = [n for n in self.notices if n.publicity and n.publicity.end >= self.today]
        return sorted(open_ones, key=lambda n: (n.publicity.end if n.publicity else n.published, n.id))

    @property
    def event_years(self) -> list[tuple[int, int]]:
        return _count_by_year(self.events)

    @property
    def notice_years(self) -> list[tuple[int, int]]:
        return _count_by_year(self.notices)

    @property
    def proposal_years(self) -> list[tuple[int, int]]:
        return _count_by_year(self.proposals)

    @property
    def award_years(self) -> list[tuple[int, list[AwardList]]]:
        years: dict[int, list[AwardList]] = {}
        for award_list in self.award_lists:
            years.setdefault(award_list.year, []).append(award_list)
        return sorted(years.items(), reverse=True)

    @property
    def proposal_figures_all(self) -> Figures:
        return proposal_figures(self.proposals)

    def figures_for_year(self, year: int) -> Figures:
        return proposal_figures([p for p in self.proposals if p.year == year])

    def units(self) -> dict[str, list[tuple[AwardList, AwardEntry]]]:
        honours: dict[str, list[tuple[AwardList, AwardEntry]]] = defaultdict(list)
        for award_list in self.award_lists:
            for entry in award_list.entries:
                honours[entry.unit].append((award_list, entry))
        return dict(sorted(honours.items()))


@dataclass
class Figures:
    """Counts that summarise a set of proposals."""

    total: int
    by_decision: dict[str, int]
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_department: dict[str, int]
    replied: int
    overdue: int
    feedback: dict[str, int]


def proposal_figures(proposals: list[Proposal]) -> Figures:
    """Return the tracker's counts for ``proposals``, largest first within each grouping."""
    def count(values: list[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    return Figures(
        total=len(proposals),
        by_decision=count([p.decision_label for p in proposals]),
        by_status=count([p.status for p in proposals]),
        by_category=count([p.category for p in proposals]),
        # Departments and feedback of a proposal published without consent are not shown anywhere.
        by_department=count([d.name for p in proposals if p.consent for d in p.departments]),
        replied=sum(1 for p in proposals if p.reply_date),
        overdue=sum(1 for p in proposals if p.overdue),
        feedback=count([p.feedback for p in proposals if p.feedback and p.consent]),
    )



def _count_by_year(records: list[Any]) -> list[tuple[int, int]]:
    counts: dict[int, int] = {}
    for record in records:
        counts[record.year] = counts.get(record.year, 0) + 1
    return sorted(counts.items(), reverse=True)
