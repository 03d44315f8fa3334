"""活动报名: public sign-up counts on the event; the roster with names and phones only in private/."""

from __future__ import annotations

from collections import Counter
from functools import partial

from ...ingest.writing import dump_record, load_record, yaml_value
from ..errors import IngestError
from ..plan import TargetPlan
from ..rows import Submission
from .common import Context, find_record, previous_roster, roster_csv, roster_outcome

# What the counts are grouped by: the event schema's 统计维度, and the form field holding it.
DEFAULT_GROUPS = {"项目": "items", "单位": "unit"}


class SignupTarget:
    """Counts the kept sign-ups of one event (``--event ID``) into its ``registration``."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.event_id = context.option("event", "--event 活动编号")
        self.event_path = find_record(context.project, "events", self.event_id)
        self.roster_path = context.private_dir / "signups" / f"{self.event_id}.csv"

    def plan(self, winners: list[Submission], others: list[Submission]) -> TargetPlan:
        form = self.context.form
        plan = TargetPlan()
        previous = previous_roster(self.roster_path)
        for submission in winners:
            plan.outcomes[submission.row] = (roster_outcome(previous, submission, form), None, self.event_id)
        record = load_record(self.event_path)
        registration = record.get("registration")
        if registration is not None and not isinstance(registration, dict):
            raise IngestError(f"活动 {self.event_id} 的 registration 不是“字段: 值”的形式；"
                              "请先运行 unionsite validate 修正。", code="record-unreadable")
        total, signups = len(winners), self._counts(winners)
        current = (registration or {}).get("signup_total"), list((registration or {}).get("signups") or [])
        if current != (total, signups):
            if registration is None:
                record["registration"] = registration = yaml_value({})
            registration["signup_total"] = total
            registration["signups"] = yaml_value(signups)
            plan.records[self.event_path] = dump_record(record)
        plan.private[self.roster_path] = partial(roster_csv, form, winners)
        return plan

    def _counts(self, winners: list[Submission]) -> list[dict[str, object]]:
        groups = self.context.form.settings.get("count_by") or DEFAULT_GROUPS
        counts: list[dict[str, object]] = []
        for group, field_name in groups.items():
            counter: Counter[str] = Counter()
            for submission in winners:
                value = submission.fields.get(field_name)
                for label in value if isinstance(value, list) else [value] if value else []:
                    counter[str(label)] += 1
            counts += [{"group": group, "label": label, "count": count}
                       for label, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
        return counts
