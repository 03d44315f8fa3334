"""提案征集: one proposal record per kept submission, awaiting the committee's decision.

The form owns the proposer's own words (title, content, measures, category, co-signers, consent);
the committee's decision, the departments, the reply and the status history after submission
are the officers', and an ingest never touches them.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from ...catalog import load_catalog
from ...records import file_in, record_paths
from ...yamlsource import YamlDocument, file_bytes, read_yaml
from ..emit import loaded_text, text_mapping_text
from ..plan import MadeRecord, TargetPlan
from ..rows import Submission
from ..writing import dump_record, load_record, yaml_value
from .common import Context, previous_roster, roster_csv

OWNED = ("title", "category", "proposers", "cosigners", "content", "measures", "submitted", "consent_publish")
COSIGNER_SEPARATORS = re.compile(r"[、，,；;/\s]+")
# libyaml's parser with PyYAML's safe constructor: the same values, parsed ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ProposalTarget:
    def __init__(self, context: Context) -> None:
        self.context = context
        self.session = context.option("session", "--session 会议届次")
        self.folder = context.project.data_dir / "proposals"
        self.index_path = context.private_dir / "ingest" / f"{context.form.name}-index.yaml"
        catalog = load_catalog(context.project.config_dir)
        self.categories = catalog.tables["proposals"].field_map["category"].enum
        self.taken: set[str] = set()
        self.next_serial: dict[int, int] = {}
        self.year_folders: dict[int, Path] = {}
        # This session's proposals as read to number new ones, kept to compare with the export.
        self.read: dict[Path, YamlDocument] = {}

    def plan(self, winners: list[Submission], others: list[Submission]) -> TargetPlan:
        plan = TargetPlan()
        index = self._index()
        existing = {p.stem: p for p in record_paths(self.folder)}
        self.taken = set(existing)
        last_number = max(self._numbers(), default=0)
        plan.read = self.read
        new_record = self._new_record
        for submission in winners:
            key = submission.key
            problem = self._problem(_category(submission))
            if problem:
                plan.outcomes[submission.row] = ("needs_review", problem, None)
                continue
            record_id = index.get(key)
            if record_id and record_id in existing:
                outcome = self._update(existing[record_id], self._record_fields(submission), plan)
            else:
                # A new record's fields are made when it is checked and written, not held here.
                submitted = _submitted(submission) or date.today()  # an export without submission times
                record_id, path = self._new_id(submitted)
                last_number += 1
                plan.records[path] = MadeRecord(new_record, submission, record_id, last_number, submitted)
                outcome = "added"
            index[key] = record_id
            plan.outcomes[submission.row] = (outcome, None, record_id)
        plan.private[self.index_path] = partial(_index_text, index)
        contacts = self.index_path.with_name(f"{self.context.form.name}-contacts.csv")
        plan.private[contacts] = partial(self._contacts, contacts, winners)
        return plan

    def _contacts(self, path: Path, winners: list[Submission]) -> str:
        return roster_csv(self.context.form, winners, keep=previous_roster(path))

    def _record_fields(self, submission: Submission) -> dict[str, Any]:
        values = submission.fields
        cosigners = [{"name": n} for n in COSIGNER_SEPARATORS.split(values.get("cosigners") or "") if n]
        proposer: dict[str, Any] = {"name": values.get("proposer")}
        if values.get("delegation"):
            proposer["delegation"] = values["delegation"]
        fields: dict[str, Any] = {
            "title": values.get("title"), "category": _category(submission),
            "proposers": [proposer], "cosigners": cosigners, "content": values.get("content"),
            "measures": values.get("measures"),
            "submitted": _submitted(submission),  # None: keep the first ingest's date
            "consent_publish": bool(values.get("consent_publish")),
        }
        return {k: v for k, v in fields.items() if v not in (None, [])}

    def _problem(self, category: str) -> str | None:
        if category not in self.categories:
            return (f"提案类别“{category}”不在可选范围（{'、'.join(self.categories)}）；"
                    "请在表单定义的 map 中对应到一个类别")
        return None

    def _update(self, path: Path, fields: dict[str, Any], plan: TargetPlan) -> str:
        if not self._differs(path, fields):
            return "unchanged"
        record = load_record(path)
        changed = False
        for name in OWNED:
            if name in fields and _as_read(record.get(name)) != _as_read(fields[name]):
                record[name] = yaml_value(fields[name])
                changed = True
        if changed:
            plan.records[path] = dump_record(record)
        return "updated" if changed else "unchanged"

    def _differs(self, path: Path, fields: dict[str, Any]) -> bool:
        """Tell whether the export changes a field the form owns; False only when it certainly does not.

        Most rows of a repeated export are unchanged, and loading a record with its comments
        (ruamel) costs ten times the plain reading; only records that change need it. Compared
        as the reader reads them, where a date is its text.
        """
        document = self.read.get(path) or read_yaml(path, self.context.project.relpath(path))
        if document.problems or not isinstance(document.root, dict):
            return True  # load_record, or validation, says what is wrong with it
        return any(name in fields and _as_read(document.root.get(name)) != _as_read(fields[name])
                   for name in OWNED)

    def _new_record(self, submission: Submission, record_id: str, number: int, submitted: date) -> dict[str, Any]:
        """The new record for ``submission``."""
        fields = self._record_fields(submission)
        fields["submitted"] = submitted
        record: dict[str, Any] = {"id": record_id, "number": number, "session": self.session}
        record.update(fields)
        record["history"] = [{"date": submitted, "status": "已提交", "note": "由表单导入"}]
        record["state"] = self.context.form.state
        return record

    def _new_id(self, submitted: date) -> tuple[str, Path]:
        """Return the next free id of the submission's year (P2024-001, …) and its file."""
        serial = self.next_serial.get(submitted.year, 1)
        while f"P{submitted.year}-{serial:03d}" in self.taken:
            serial += 1
        record_id = f"P{submitted.year}-{serial:03d}"
        self.taken.add(record_id)
        self.next_serial[submitted.year] = serial + 1
        year_folder = self.year_folders.get(submitted.year)
        if year_folder is None:
            year_folder = self.year_folders[submitted.year] = self.folder / str(submitted.year)
        return record_id, file_in(year_folder, f"{record_id}.yaml")

    def _numbers(self) -> list[int]:
        """The numbers this session's proposals have; the proposals are kept in ``self.read``."""
        numbers = []
        relpath = self.context.project.relpath
        for path in record_paths(self.folder):
            try:
                text = file_bytes(path).decode("utf-8-sig")  # as the record reader reads it
            except (OSError, UnicodeDecodeError):
                continue  # validation reports the file
            if not may_hold(text, self.session):
                continue
            document = read_yaml(path, relpath(path), text)
            root = document.root
            if isinstance(root, dict) and root.get("session") == self.session:
                self.read[path] = document
                if isinstance(root.get("number"), int):
                    numbers.append(root["number"])
        return numbers

    def _index(self) -> dict[str, str]:
        if not self.index_path.is_file():
            return {}
        data = yaml.load(self.index_path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        return dict(data) if isinstance(data, dict) else {}


def _category(submission: Submission) -> Any:
    return submission.fields.get("category") or "其他"


def _submitted(submission: Submission) -> date | None:
    return submission.submitted.date() if submission.submitted else None


def _index_text(index: dict[str, str]) -> str:
    return text_mapping_text(index)


def may_hold(text: str, value: str) -> bool:
    """Tell whether YAML ``text`` may hold the scalar ``value``; False only when it certainly cannot.

    A scalar's characters stand in the text as they are, except where YAML folds line breaks
    (which yields white space), doubles a quote inside single quotes, or escapes in double quotes;
    so a value with none of those is in the text literally or not at all, and the archive's
    proposals of other sessions need not be parsed.
    """
    if "\\" in text or "'" in value or any(c.isspace() for c in value):
        return True
    return value in text


def _as_read(value: Any) -> Any:
    """Return a value as the record reader would give it back once written: dates become their text.

    What is in a record and what an ingest would write are compared so, whether the record was
    read by the record reader or by ruamel (whose text, lists and mappings are subclasses)."""
    if isinstance(value, dict):
        return {k: _as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_read(v) for v in value]
    if isinstance(value, date):
        return loaded_text(value)
    return value


