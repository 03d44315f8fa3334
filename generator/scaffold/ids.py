"""Ids for new records: the next serial of the year, never one that is or was in use.

A gap in the serials (E2017-004 missing between 003 and 005) is not filled: the id may belong
to a record that was deleted after its page was published or that waits on another branch, and
an id once published names that record in links and in other records for good.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..project import Project
from ..records import record_paths
from ..validation import Validation


def next_id(stem: str, digits: int, taken: Iterable[str]) -> str:
    """Return ``stem`` + one more than the highest serial after it, zero-padded (``E2017-`` → ``E2017-021``)."""
    pattern = re.compile(re.escape(stem) + r"(\d+)")
    serials = [int(match.group(1)) for record_id in taken if (match := pattern.fullmatch(record_id))]
    return f"{stem}{max(serials, default=0) + 1:0{digits}d}"


def taken_ids(project: Project, validation: Validation, folder: str | None) -> dict[str, str]:
    """Every id in use, with the file holding it: ids of all records, and names of files that cannot be read."""
    taken: dict[str, str] = {}
    if validation.flattened is not None:
        index = next((t for t in validation.flattened.tables.values() if t.spec.index), None)
        for row in index.rows if index else ():
            taken.setdefault(str(row.get("id")), str(row.get("path")))
    for path in record_paths(project.data_dir / folder) if folder else ():
        taken.setdefault(path.stem, project.relpath(path))
    return taken


def id_year(record_id: str, prefix: str) -> int | None:
    """The year in an id such as ``E2017-021`` or ``WP2017-4-06``."""
    match = re.match(re.escape(prefix) + r"(\d{4})-", record_id)
    return int(match.group(1)) if match else None


def file_for(project: Project, folder: str, year: int, record_id: str) -> Path:
    """Where a new record goes: ``data/FOLDER/YEAR/ID.yaml``, as the demo records lie."""
    return project.data_dir / folder / str(year) / f"{record_id}.yaml"
