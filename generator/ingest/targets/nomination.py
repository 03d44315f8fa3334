"""评优推荐: the kept nominations become the entries of a draft award list, the basis of a 公示."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from ...records import record_paths
from ..plan import TargetPlan
from ..rows import Submission
from ..writing import dump_record, load_record, yaml_value
from .common import Context, previous_roster, roster_csv, roster_outcome

# How a nomination category reads as an award entry's kind.
KINDS = {"先进个人": "个人", "先进集体": "集体", "个人": "个人", "集体": "集体"}


class NominationTarget:
    """Writes the entries of award list ``--award-list ID`` (created as a draft when new)."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.list_id = context.option("award_list", "--award-list 表彰名单编号（如 A2024-05）")
        self.folder = context.project.data_dir / "awards"
        self.roster_path = context.private_dir / "nominations" / f"{self.list_id}.csv"

    def plan(self, winners: list[Submission], others: list[Submission]) -> TargetPlan:
        plan = TargetPlan()
        form = self.context.form
        previous = previous_roster(self.roster_path)
        entries = []
        for submission in winners:
            entry = self._entry(submission.fields)
            if entry["kind"] not in ("个人", "集体"):
                plan.outcomes[submission.row] = ("needs_review", f"推荐类别“{entry['kind']}”无法判断是个人还是集体",
                                                 None)
                continue
            entries.append(entry)
            plan.outcomes[submission.row] = (roster_outcome(previous, submission, form), None, self.list_id)
        path = self._path()
        record = load_record(path) if path.is_file() else yaml_value(self._new_list())
        if [dict(e) for e in record.get("entries") or []] != entries:
            record["entries"] = yaml_value(entries)
            plan.records[path] = dump_record(record)
        plan.private[self.roster_path] = partial(roster_csv, form, [s for s in winners
                                                                    if plan.outcomes[s.row][0] != "needs_review"])
        return plan

    def _entry(self, fields: dict[str, Any]) -> dict[str, Any]:
        category = str(fields.get("category") or "")
        entry: dict[str, Any] = {"recipient": fields.get("nominee"), "kind": KINDS.get(category, category),
                                 "unit": fields.get("unit"), "honour": category}
        honours = fields.get("honours")
        if honours:
            entry["note"] = "近三年荣誉：" + "、".join(honours)
        return entry

    def _path(self) -> Path:
        for path in record_paths(self.folder):
            if path.stem == self.list_id:
                return path
        return self.folder / self.list_id[1:5] / f"{self.list_id}.yaml"

    def _new_list(self) -> dict[str, Any]:
        year = int(self.list_id[1:5]) if self.list_id[1:5].isdigit() else date.today().year
        settings = self.context.form.settings
        return {"id": self.list_id, "title": str(settings.get("list_title", f"{year}年评优推荐名单")), "year": year,
                "issuer": str(settings.get("issuer", "校工会")), "date": date.today(), "state": self.context.form.state,
                "entries": []}
