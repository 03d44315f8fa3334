"""入会申请: applicants only in private/; the public learns how many joined each month."""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

from ..plan import TargetPlan
from ..rows import Submission
from ..writing import dump_record, load_record, yaml_value
from .common import Context, previous_roster, roster_csv, roster_outcome


class MembershipTarget:
    def __init__(self, context: Context) -> None:
        self.context = context
        self.folder = context.project.data_dir / "membership"
        self.roster_path = context.private_dir / "membership" / "applications.csv"

    def plan(self, winners: list[Submission], others: list[Submission]) -> TargetPlan:
        plan = TargetPlan()
        previous = previous_roster(self.roster_path)
        for submission in winners:
            plan.outcomes[submission.row] = (roster_outcome(previous, submission, self.context.form), None, None)
        by_year: dict[int, Counter[int]] = {}
        for submission in winners:
            when = submission.fields.get("applied") or (submission.submitted.date() if submission.submitted else None)
            if when is not None:
                by_year.setdefault(when.year, Counter())[when.month] += 1
        for year, months in sorted(by_year.items()):
            self._year_counts(year, months, plan)
        plan.private[self.roster_path] = partial(roster_csv, self.context.form, winners)
        return plan

    def _year_counts(self, year: int, months: Counter[int], plan: TargetPlan) -> None:
        path: Path = self.folder / f"{year}.yaml"
        counts = [{"month": m, "new_members": n} for m, n in sorted(months.items())]
        record: Any = load_record(path) if path.is_file() else yaml_value(
            {"id": f"M{year}", "year": year, "months": []})
        if [dict(m) for m in record.get("months") or []] != counts:
            record["months"] = yaml_value(counts)
            plan.records[path] = dump_record(record)
