"""A validation report in the forms CI systems read: GitHub annotations and GitLab Code Quality.

Both point at the offending file and line, so a mistake shows up on the changed line of a pull
or merge request rather than only in a log.
"""

from __future__ import annotations

import hashlib
import json

from .codes import VALIDATION_CODES
from .problems import Problem, Report, Severity


def github_annotations(report: Report) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``), then the summary."""
    lines = [_github_line(problem) for problem in report.sorted()]
    lines.append(report.summary())
    return "\n".join(lines)


def _github_line(problem: Problem) -> str:
    level = "error" if problem.severity is Severity.ERROR else "warning"
    properties = [f"file={_property(problem.path)}"]
    if problem.line:
        properties += [f"line={problem.line}", f"col={problem.col}"]
    properties.append(f"title={_property(f'[{problem.code}] {VALIDATION_CODES[problem.code]}')}")
    return f"::{level} {','.join(properties)}::{_data(problem.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def code_climate(report: Report) -> str:
    """GitLab's Code Quality report (the Code Climate issue format), one issue per problem."""
    issues = [{
        "type": "issue",
        "check_name": problem.code,
        "description": f"[{problem.code}] {problem.message}",
        "categories": ["Bug Risk"],
        "severity": "major" if problem.severity is Severity.ERROR else "minor",
        "fingerprint": _fingerprint(problem),
        "location": {"path": problem.path, "lines": {"begin": max(problem.line, 1)}},
    } for problem in report.sorted()]
    return json.dumps(issues, ensure_ascii=False, indent=2)


def _fingerprint(problem: Problem) -> str:
    """Stable across runs for the same problem, so GitLab can tell new problems from old ones."""
    key = f"{problem.path}\0{problem.code}\0{problem.record_id}\0{problem.field}\0{problem.message}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def formatted_report(report: Report, name: str) -> str:
    """The report in format ``name``: text, json, github or codeclimate."""
    formats = {"text": Report.as_text, "json": Report.as_json, "github": github_annotations,
               "codeclimate": code_climate}
    return formats[name](report)
