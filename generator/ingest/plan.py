"""An ingest as a plan: every input row's outcome and every file change, computed before writing."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from ..codes import ROW_OUTCOMES
from ..dates import CHINA
from ..located import LocatedDict
from ..project import Project
from ..yamlsource import YamlDocument
from .columns import Layout, find_layout
from .emit import record_as_read, record_text
from .forms import FormDefinition, FormField
from .platforms import Platform
from .reading import Sheet
from .rows import Submission, read_submissions

EARLIEST = datetime(1900, 1, 1, tzinfo=CHINA)
OUTCOMES = ("added", "updated", "unchanged", "superseded", "needs_review", "rejected", "blank")
OUTCOME_TITLES = ROW_OUTCOMES


@dataclass(slots=True)  # one per row of an export: 100,000 of them
class RowOutcome:
    row: int
    outcome: str
    reason: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    record: str | None = None  # the record the row went into


class MadeRecord:
    """A new record, made from what it comes from each time it is needed: called, as the reader
    will load it (what checking needs); ``text()``, its YAML (what writing needs). Holding
    100,000 new records as read cost 300 MB; this is one small object for each."""

    __slots__ = ("_args", "_make")

    def __init__(self, make: Callable[..., dict[str, Any]], *args: Any) -> None:
        self._make = make
        self._args = args

    def record(self) -> dict[str, Any]:
        return self._make(*self._args)

    def __call__(self) -> LocatedDict:
        return record_as_read(self.record())

    def text(self) -> str:
        return record_text(self.record())


@dataclass
class TargetPlan:
    """What a target does with the rows that survive: files to write and each row's outcome."""

    # Files under data/: their text, or the new record that makes it when it is needed. A new
    # record's text is made only to be written or to place a problem in it; a dry run checks
    # the record as read instead.
    records: dict[Path, str | MadeRecord] = field(default_factory=dict)
    # Records the target read as they stand on disk: checking the plan need not parse them again.
    read: dict[Path, YamlDocument] = field(default_factory=dict)
    # Files under private/, each made only when it is written: a dry run needs none of them.
    private: dict[Path, Callable[[], str]] = field(default_factory=dict)
    outcomes: dict[int, tuple[str, str | None, str | None]] = field(default_factory=dict)

    def text(self, path: Path) -> str:
        """The text the plan writes to ``path``."""
        text = self.records[path]
        return text if isinstance(text, str) else text.text()

    def made(self) -> list[Path]:
        """The new records, made when needed, that the plan writes."""
        return [path for path, text in self.records.items() if not isinstance(text, str)]


class Target(Protocol):
    def plan(self, winners: list[Submission], others: list[Submission]) -> TargetPlan: ...


@dataclass
class IngestPlan:
    form: FormDefinition
    source: str
    platform: Platform
    rows: list[RowOutcome]
    target: TargetPlan

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(r.outcome for r in self.rows)
        return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def usable(self) -> int:
        """The rows that went into the records (added, updated or unchanged)."""
        return sum(1 for r in self.rows if r.outcome in ("added", "updated", "unchanged"))

    @property
    def attention(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.outcome in ("needs_review", "rejected", "superseded")]

    def report(self) -> dict[str, Any]:
        """Return the report as data: counts that always add up to the rows read, then every row."""
        return {
            "form": self.form.name, "file": self.source, "platform": self.platform.name,
            "rows_read": len(self.rows), "outcomes": self.counts,
            "rows": [{"row": r.row, "outcome": r.outcome, "reason": r.reason, "record": r.record,
                      "fields": {k: jsonable(v) for k, v in r.fields.items()}} for r in self.rows],
        }

    def report_json(self) -> str:
        return json.dumps(self.report(), ensure_ascii=False, indent=2)


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def identity_of(submission: Submission, identity: tuple[str, ...]) -> tuple[str, ...] | None:
    """Return the submission's identity key, normalised; None when part of it is missing."""
    parts = []
    for name in identity:
        value = submission.fields.get(name)
        if value in (None, "", []):
            return None
        parts.append("".join(str(value).split()).lower())
    return tuple(parts)


def plan_ingest(project: Project, form: FormDefinition, sheet: Sheet, target: Target,
                platform: Platform | None = None, progress: Callable[[int], None] | None = None) -> IngestPlan:
    """Return the full plan for ingesting ``sheet``; nothing is written.

    The sheet's rows are let go once read into submissions: at 100,000 rows the cells no
    submission keeps (times, sources, the text before normalising) held 100 MB.
    """
    layout: Layout = find_layout(sheet, form, platform)
    roles = _privacy_roles(form)
    identity = form.identity_for(set(layout.columns))

    def look_at(submission: Submission) -> None:  # by the process that read the row (see read_submissions)
        _hold_private_in_public(submission, form, roles)
        submission.identity = identity_of(submission, identity) if not submission.blank else None
        submission.key = "|".join(submission.identity or ())

    submissions = read_submissions(sheet, layout, form, progress, then=look_at)
    sheet.rows = []
    outcomes: dict[int, RowOutcome] = {}
    candidates: dict[tuple[str, ...], list[Submission]] = {}
    for submission in submissions:
        outcome = _early_outcome(submission, form)
        key, submission.identity = submission.identity, None  # grouped by it here, and not needed after
        if outcome and (key is None or outcome.outcome == "blank"):
            outcomes[submission.row] = outcome
            continue
        if key is None:
            missing = "、".join(form.field(n).questions[0] for n in identity)
            outcomes[submission.row] = RowOutcome(submission.row, "rejected", f"无法识别提交人：缺少{missing}",
                                                  submission.fields)
            continue
        candidates.setdefault(key, []).append(submission)
    winners, superseded = [], []
    for group in candidates.values():
        ordered = sorted(group, key=_submission_order)
        latest = ordered[-1]
        held = _early_outcome(latest, form)
        if held:  # the person's newest answer needs attention: an older one must not stand in for it
            outcomes[latest.row] = held
        else:
            winners.append(latest)
        for earlier in ordered[:-1]:
            superseded.append(earlier)
            outcomes[earlier.row] = RowOutcome(earlier.row, "superseded",
                                               f"被第 {ordered[-1].row} 行（同一提交人的较晚提交）取代", earlier.fields)
    winners.sort(key=_submission_order)
    target_plan = target.plan(winners, superseded)
    for submission in winners:
        result, reason, record = target_plan.outcomes[submission.row]
        outcomes[submission.row] = RowOutcome(submission.row, result, reason, submission.fields, record)
    rows = [outcomes[s.row] for s in submissions]
    return IngestPlan(form, sheet.source, layout.platform, rows, target_plan)


def _hold_private_in_public(submission: Submission, form: FormDefinition,
                            roles: tuple[list[str], list[FormField]] | None = None) -> None:
    """A public answer that repeats the person's own private one (a staff id typed as "other").

    ``roles`` is what ``_privacy_roles(form)`` returns, worked out once for a whole export.
    """
    secret_fields, public_fields = roles or _privacy_roles(form)
    values = submission.fields
    private = [str(values[name]) for name in secret_fields if values.get(name)]
    private = [secret for secret in private if len(secret) >= 5]
    if not private:
        return
    for form_field in public_fields:
        value = values.get(form_field.name)
        if value is None:
            continue
        text = "；".join(map(str, value)) if isinstance(value, list) else str(value)
        if any(secret in text for secret in private):
            submission.review.append(f"{form_field.questions[0]}：公开的回答中含有本人的工号或电话，请核对后删除")


def _privacy_roles(form: FormDefinition) -> tuple[list[str], list[FormField]]:
    """The fields whose answers are the person's own secrets, and the public fields."""
    return ([f.name for f in form.fields if f.privacy != "public" and f.type in ("staff_id", "phone")],
            [f for f in form.fields if f.privacy == "public"])


def _early_outcome(submission: Submission, form: FormDefinition) -> RowOutcome | None:
    if submission.blank:
        return RowOutcome(submission.row, "blank", submission.blank)
    if submission.rejected:
        return RowOutcome(submission.row, "rejected", "；".join(submission.rejected), submission.fields)
    if submission.review:
        return RowOutcome(submission.row, "needs_review", "；".join(submission.review), submission.fields)
    return None


def _submission_order(submission: Submission) -> tuple[datetime, int]:
    return (submission.submitted or EARLIEST, submission.order)
