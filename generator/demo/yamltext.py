"""Writing a record as YAML text in the layout of the hand-written records in ``data/``.

Thousands of records are written at once, so this writes text directly instead of going
through a YAML emitter; whether a string may stand unquoted is PyYAML's own answer
(``plain_safe``), cached because the same unit names and statuses recur thousands of times.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from typing import Any

from ..ingest.emit import plain_safe

_STARTS_LIKE_A_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INDENT = "  "


def record_yaml(record: dict[str, Any]) -> str:
    """Return the YAML text of ``record``; keys whose value is None or an empty list are left out."""
    lines: list[str] = []
    _mapping(record, "", "", lines)
    return "\n".join(lines) + "\n"


def _mapping(mapping: dict[str, Any], first_prefix: str, indent: str, lines: list[str]) -> None:
    prefix = first_prefix
    for key, value in mapping.items():
        if value is None or value == []:
            continue  # an absent field is left out, as officers leave it out
        if isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            _mapping(value, indent + INDENT, indent + INDENT, lines)
        elif isinstance(value, list):
            lines.append(f"{prefix}{key}:")
            _sequence(value, indent + INDENT, lines)
        else:
            lines.append(f"{prefix}{key}: {_scalar(value, indent + INDENT)}")
        prefix = indent


def _sequence(items: list[Any], indent: str, lines: list[str]) -> None:
    for item in items:
        if isinstance(item, dict):
            _mapping(item, indent + "- ", indent + INDENT, lines)
        else:
            lines.append(f"{indent}- {_scalar(item, indent + INDENT)}")


def _scalar(value: Any, indent: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()  # a plain date, as date fields are written in data/
    text = str(value)
    if "\n" in text and _block_safe(text):
        return _literal_block(text, indent)
    return text if _plain(text) else json.dumps(text, ensure_ascii=False)


def _literal_block(text: str, indent: str) -> str:
    """Return ``|`` and the indented lines: Markdown bodies stay readable in the file."""
    chomping = "" if text.endswith("\n") else "-"
    body = text[:-1] if text.endswith("\n") else text
    return f"|{chomping}\n" + "\n".join(indent + line if line else "" for line in body.split("\n"))


def _block_safe(text: str) -> bool:
    """A literal block gives back the text exactly unless it starts with a space, ends in a blank
    line, or holds a tab or carriage return (a tab in a line's indent is a validation problem)."""
    return not (text[:1].isspace() or text.endswith("\n\n") or "\t" in text or "\r" in text)


@cache
def _plain(text: str) -> bool:
    # Date-times written as text ("2017-03-25 09:00") are quoted, as data/ and the README write them.
    return plain_safe(text) and not _STARTS_LIKE_A_DATE.match(text)
