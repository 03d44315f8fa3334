"""Problems found in records, as values: validation collects them, entry points show them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from .codes import VALIDATION_CODES


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the records, located as precisely as we can.

    ``path`` is relative to the site root, ``line`` and ``col`` are 1-based (0 when unknown).
    ``message`` is the Chinese sentence an officer reads; ``found`` and ``expected`` repeat its
    parts as data for tools.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    record_id: str | None = None
    field: str | None = None
    found: str | None = None
    expected: str | None = None

    def __post_init__(self) -> None:
        if self.code not in VALIDATION_CODES:
            raise ValueError(f"problem code {self.code!r} is not in generator/codes.py (nor in the officer guide)")

    def as_text(self) -> str:
        """Return the one-line form ``PATH:LINE:COL: [code] message``."""
        label = "" if self.severity is Severity.ERROR else "（警告）"
        return f"{self.path}:{self.line}:{self.col}: [{self.code}] {label}{self.message}"


@dataclass
class Report:
    """Every problem of one validation run; ``valid`` tells whether it passes."""

    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    strict: bool = False

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        if self.strict:
            return list(self.problems)
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def valid(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        """Return the problems in file and line order, duplicates removed."""
        return sorted(set(self.problems))

    def as_text(self) -> str:
        """Return one line per problem and a closing summary line, in Chinese."""
        lines = [p.as_text() for p in self.sorted()]
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        errors = sum(1 for p in self.problems if p.severity is Severity.ERROR)
        warnings = len(self.problems) - errors
        if not self.problems:
            return f"检查了 {self.files_read} 个文件，没有发现问题。"
        return f"检查了 {self.files_read} 个文件，发现 {errors} 个错误、{warnings} 个警告。"

    def as_json(self) -> str:
        """Return the report as JSON: ``valid``, ``files_read`` and the list of problems."""
        payload = {
            "valid": self.valid,
            "files_read": self.files_read,
            "problems": [asdict(p) for p in self.sorted()],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
