"""Writing a new record's YAML quickly, with the record as the reader would load it back.

New records (an ingest may create thousands) have no comments to keep, so they need no
round-trip engine. ``record_as_read`` gives the record as the YAML reader will give it back,
so the merged records are checked without writing and parsing them; ``record_text`` writes
it, from that, in the layout officers write by hand, only when it is written (a dry run never
is) or a problem in it must be placed. Positions are left out (every node stands at 1:1):
checking never needs them, and a problem that must be shown is found again in the text (see
check_plan). Tests hold both to PyYAML's and our reader's reading of the text.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from typing import Any

import yaml

from ..located import NONE_KNOWN, LocatedDict, LocatedList, Position, ScalarInfo

_RESOLVER = yaml.resolver.Resolver()
# The resolver only ever reads text starting with one of these as something other than a string;
# Chinese answers never do, and skip the resolver's slower check.
_RESOLVABLE_START = frozenset(k for k in _RESOLVER.yaml_implicit_resolvers if k)
_PLAIN_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`= \t")
# Characters YAML may not hold unescaped (outside its printable set), and a few it would misread.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# In a quoted scalar these too are escaped: YAML 1.1 reads them as line breaks and folds them.
_ESCAPED = re.compile(f"{_NOT_PRINTABLE.pattern}|[\x85\u2028\u2029]")
# Characters a plain scalar may not hold. One character class: an alternation of patterns
# costs ten times more on a long answer, so the rest of the test is plain string methods.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_SPACE_THEN_HASH = re.compile(r"\s#")


def _needs_quotes(text: str) -> bool:
    """Tell whether a non-empty ``text`` holds what a plain scalar cannot: a comment, a key, control characters."""
    return bool((":" in text and (": " in text or text.endswith(":")))
                or ("#" in text and _SPACE_THEN_HASH.search(text))
                or text[-1].isspace()
                or (not text.isprintable() and _CONTROL.search(text)))  # printable: none of them, found twice as fast


def emit_record(record: dict[str, Any]) -> tuple[str, LocatedDict]:
    """Return the YAML text of ``record`` and the record as the reader would load it (without positions)."""
    return record_text(record), record_as_read(record)


UNPLACED = Position(1, 1)


def record_as_read(record: dict[str, Any]) -> LocatedDict:
    """The record as the reader will load it once written: what validation checks before writing.

    Cheaper than writing it: text stands as it is, and only other values (numbers, yes/no,
    dates) are looked at; each keeps, as the reader's do, the text it is written as.
    """
    scalars: dict[str, ScalarInfo] = {}
    located = LocatedDict(UNPLACED)  # without positions, shared empties (see NONE_KNOWN)
    for key, value in record.items():
        if value is None:
            continue
        if isinstance(value, dict):
            located[key] = record_as_read(value)
        elif isinstance(value, list):
            located[key] = _list_as_read(value)
        elif isinstance(value, str):
            located[key] = value
        else:
            located[key], scalars[key] = _not_text_as_read(value)
    if scalars:
        located.scalars = scalars
    return located


def _list_as_read(items: list[Any]) -> LocatedList:
    scalars: dict[int, ScalarInfo] = {}
    located = LocatedList(UNPLACED)
    for index, item in enumerate(items):
        if isinstance(item, dict):
            located.append(record_as_read(item))
        elif isinstance(item, str):
            located.append(item)
        else:
            loaded, scalars[index] = _not_text_as_read(item)
            located.append(loaded)
    if scalars:
        located.scalars = scalars
    return located


def _not_text_as_read(value: Any) -> tuple[Any, ScalarInfo]:
    _, loaded, quoted, _ = _scalar(value, 0)
    return loaded, _scalar_info(value, quoted)


def record_text(record: dict[str, Any]) -> str:
    """The YAML text of a record, laid out as officers write records.

    ``record`` is the record itself or what ``record_as_read`` made of it: both give the same
    text. An ingest writes from the record itself, without making what checking needed again.
    """
    lines: list[str] = []
    _mapping(record, 0, lines, "")
    return "\n".join(lines) + "\n"


def _mapping(mapping: dict[str, Any], indent: int, lines: list[str], first_prefix: str) -> None:
    rest = " " * indent
    prefix = first_prefix or rest
    scalars = getattr(mapping, "scalars", NONE_KNOWN)
    for key, value in mapping.items():
        if value is None:
            continue  # as record_as_read leaves it out
        if value.__class__ is str and (_short_plain_safe(value) if len(value) <= _SHORT else _plain_line(value)):
            lines.append(f"{prefix}{key}: {value}")  # most values: written as they are
        elif isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            _mapping(value, indent + 2, lines, "")
        elif isinstance(value, list):
            lines.append(f"{prefix}{key}:")
            _sequence(value, indent + 2, lines)
        else:
            text, block = _scalar_text(value, scalars.get(key), indent + 2)
            if block:
                lines.append(f"{prefix}{key}: {block[0]}")
                lines.extend(block[1:])
            else:
                lines.append(f"{prefix}{key}: {text}")
        prefix = rest


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    prefix = " " * indent + "- "
    scalars = getattr(items, "scalars", NONE_KNOWN)
    for index, item in enumerate(items):
        if isinstance(item, dict):
            _mapping(item, indent + 2, lines, prefix)
            continue
        text, block = _scalar_text(item, scalars.get(index), indent + 2)
        if block:
            lines.append(prefix + block[0])
            lines.extend(block[1:])
        else:
            lines.append(prefix + text)


def _plain_line(text: str) -> bool:
    """Whether text is written plain, as it is, on its line."""
    return "\n" not in text and (_short_plain_safe(text) if len(text) <= _SHORT else plain_safe(text))


def _scalar_text(value: Any, written: ScalarInfo | None, indent: int) -> tuple[str, list[str]]:
    """The text of a scalar (and its lines when a block): text is written as text; any other value
    as the text ``record_as_read`` noted for it, in quotes when that is what it needed."""
    if written is not None and not written.quoted:
        return written.text, _NO_BLOCK
    text, _, _, block = _scalar(value if written is None else written.text, indent)
    return text, block


def text_mapping_text(mapping: dict[str, str]) -> str:
    """The YAML text of a flat mapping of text to text, one ``key: value`` line each, in key order.

    For an ingest's private index (identity key to record id): PyYAML's C emitter took 1.8 s
    for 100,000 entries, this a tenth of that. Text that cannot stand plain is double-quoted,
    on its one line, as ``_quoted`` escapes it.
    """
    if not mapping:
        return "{}\n"
    return "".join([_flat_entry(_flat_scalar(key), _flat_scalar(mapping[key])) for key in sorted(mapping)])


# YAML reads a key on the line of its value only up to 1,024 characters; a longer one is
# written as an explicit key ("? key", then ": value" on the next line).
_LONGEST_IMPLICIT_KEY = 1000


def _flat_entry(key: str, value: str) -> str:
    return f"{key}: {value}\n" if len(key) <= _LONGEST_IMPLICIT_KEY else f"? {key}\n: {value}\n"


def _flat_scalar(text: str) -> str:
    # Every key of an index is met once: looked at directly, not through the cache of short values.
    return text if "\n" not in text and plain_safe(text) else _quoted(text)


def loaded_text(value: Any) -> str:
    """The text a scalar is written as: what the reader keeps beside the value."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# An ingest writes the same short values (a category, a status, a date) in thousands of records:
# each is examined once, and its text and ScalarInfo are one object shared by every record.
_SHORT = 32


@lru_cache(maxsize=4096)
def _short_plain_safe(text: str) -> bool:
    return plain_safe(text)


@lru_cache(maxsize=4096, typed=True)
def _scalar_info(value: Any, quoted: bool) -> ScalarInfo:
    return ScalarInfo(UNPLACED, loaded_text(value), quoted)


def _scalar(value: Any, indent: int) -> tuple[str, Any, bool, list[str]]:
    """Return (text, value as the reader loads it, quoted, block lines when a block scalar)."""
    if isinstance(value, str):
        if _plain_line(value):
            return value, value, False, _NO_BLOCK
    elif isinstance(value, bool):
        return ("true" if value else "false"), value, False, _NO_BLOCK
    elif isinstance(value, int):
        return str(value), value, False, _NO_BLOCK
    elif isinstance(value, date):
        text = _scalar_info(value, False).text  # the reader keeps dates as text
        return text, text, False, _NO_BLOCK
    text = str(value)
    if "\n" in text and _block_safe(text):
        chomp = "-" if not text.endswith("\n") else ("" if not text.endswith("\n\n") else "+")
        body = text[:-1] if text.endswith("\n") and chomp == "" else text
        if chomp == "+":
            body = text[:-1]
        block = [f"|{chomp}"] + [(" " * indent + line) if line else "" for line in body.split("\n")]
        return "", text, True, block
    if plain_safe(text):
        return text, text, False, _NO_BLOCK
    return _quoted(text), text, True, _NO_BLOCK


_NO_BLOCK: list[str] = []


def _quoted(text: str) -> str:
    """A double-quoted scalar: JSON's escapes are YAML's, plus escapes for what YAML may not hold raw."""
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return _ESCAPED.sub(escape, json.dumps(text, ensure_ascii=False))


def plain_safe(text: str) -> bool:
    """Tell whether ``text`` can be written without quotes and read back as the same text."""
    if not text or text[0] in _PLAIN_UNSAFE_START or _needs_quotes(text):
        return False
    if text[0] not in _RESOLVABLE_START:
        return True
    return bool(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str")  # type: ignore[no-untyped-call]


def _block_safe(text: str) -> bool:
    """A literal block keeps text exactly unless a line starts with white space or holds control characters."""
    first = text.split("\n", 1)[0]
    return (text.strip("\n") != ""  # nothing but line breaks: a literal block would read back empty
            and not first[:1].isspace() and not _NOT_PRINTABLE.search(text)
            and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\r\u2028\u2029\ufeff\t]", text))
