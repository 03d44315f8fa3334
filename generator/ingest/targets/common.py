"""What the targets share: finding records, the private roster, comparing with the last run."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...project import Project
from ...records import record_paths
from ..errors import IngestError
from ..forms import FormDefinition
from ..plan import jsonable
from ..rows import Submission

PRIVATE = "private"


@dataclass
class Context:
    """What a target works with: the site root, the form, and the command's options."""

    project: Project
    form: FormDefinition
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def private_dir(self) -> Path:
        return self.project.root / PRIVATE

    def option(self, name: str, flag: str) -> str:
        value = self.options.get(name) or self.form.settings.get(name)
        if not value:
            raise IngestError(f"表单“{self.form.title}”需要指定 {flag}。", code="missing-option")
        return str(value)


def find_record(project: Project, folder: str, record_id: str) -> Path:
    """Return the file of record ``record_id`` under ``data/folder``; raise IngestError if absent."""
    for path in record_paths(project.data_dir / folder):
        if path.stem == record_id:
            return path
    raise IngestError(f"找不到记录 {record_id}（在 data/{folder}/ 中没有 {record_id}.yaml）。", code="record-not-found")


def roster_key(submission: Submission, form: FormDefinition) -> str:
    return submission.key


def roster_csv(form: FormDefinition, winners: list[Submission],
               keep: dict[str, dict[str, str]] | None = None) -> str:
    """Return the private roster: every kept submission with every field, public and private.

    ``keep`` holds earlier rows (by key) that stay when this export no longer has them.
    """
    names = [f.name for f in form.fields if f.privacy != "drop"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["key", "submitted", "row", *names])
    keys = [roster_key(s, form) for s in winners]
    if keep:
        current = set(keys)
        writer.writerows([key, earlier.get("submitted", ""), "", *(earlier.get(n, "") for n in names)]
                         for key, earlier in keep.items() if key not in current)
    formula_starts = _FORMULA_STARTS
    # Most cells are text that needs nothing done: taken as they are, without a call for each
    # of 1.2 million cells of a 100,000-row export.
    writer.writerows([key, _cell(submission.submitted), submission.row,
                      *[value if value.__class__ is str and value[:1] not in formula_starts else _cell(value)
                        for value in map(submission.fields.get, names)]]
                     for key, submission in zip(keys, winners, strict=True))
    return "\ufeff" + buffer.getvalue()


def _cell(value: Any) -> str:
    if value.__class__ is str:  # most answers: 1.2 million cells for a 100,000-row export
        text = value
    else:
        value = jsonable(value)
        if value is None:
            return ""
        text = "；".join(str(v) for v in value) if isinstance(value, list) else str(value)
    # The roster opens in Excel: formula-looking answers are shown as text, never run.
    return "'" + text if text[:1] in _FORMULA_STARTS else text


_FORMULA_STARTS = frozenset(("=", "+", "-", "@", "\t", "\r"))


def previous_roster(path: Path) -> dict[str, dict[str, str]]:
    """Return the roster a previous ingest kept, by key (empty when there was none)."""
    if not path.is_file():
        return {}
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {row["key"]: {k: v for k, v in row.items() if k not in ("key", "row")} for row in rows}


def roster_outcome(previous: dict[str, dict[str, str]], submission: Submission,
                   form: FormDefinition) -> str:
    key = roster_key(submission, form)
    if key not in previous:
        return "added"
    names = [f.name for f in form.fields if f.privacy != "drop"]
    current = {"submitted": _cell(submission.submitted), **{n: _cell(submission.fields.get(n)) for n in names}}
    return "unchanged" if current == previous[key] else "updated"
