"""What the command takes from the officer, made from the schema, and how each answer is read.

Every field an officer writes at the top of a record is one Ask (and one flag); so is each list
of child rows that needs one value per item: the ids an event carries out (``workplan_items``),
the names of a proposal's co-signers (``cosigners``, ``姓名（代表团）`` filling the second field).
Answers are checked as they come, with the messages ``unionsite validate`` gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..catalog import Catalog, FieldSpec, TableSpec
from ..dates import parse_date, parse_date_or_datetime, suggest_date
from ..project import Settings
from ..rules import impossible_temporal_message
from ..schema_check import date_message, value_message
from .kinds import Kind

# Between the items of a list given in one go: 钱乙、孙丙 (also commas, semicolons, new lines).
LIST_SEPARATORS = re.compile(r"\s*[、，,；;\n]\s*")
# 钱乙（机械工程学院代表团）: the item's main value, then its second field in brackets.
WITH_EXTRA = re.compile(r"(?P<main>[^（(]+?)\s*[（(]\s*(?P<extra>[^（）()]+?)\s*[)）]")
YES = frozenset({"是", "y", "yes", "true", "1", "同意"})
NO = frozenset({"否", "n", "no", "false", "0", "不同意"})
# Fields no flag offers: the id has --id, the state --publish, and new records are never demo data.
NOT_ASKED = frozenset({"id", "state", "demo"})


class BadValue(ValueError):
    """An answer that cannot be used; the message says why, as ``unionsite validate`` would."""


@dataclass(frozen=True)
class Ask:
    """One field of the record, or one list of child rows, that the officer gives."""

    name: str  # the key in the record
    title: str
    description: str
    spec: FieldSpec | None = None  # a field's schema
    child: TableSpec | None = None  # a list's table
    required: bool = False  # the schema (or a rule) requires it; a default may still fill it
    minimum: int = 0  # a list's least number of items
    note: str = ""  # what the command does when it is not given

    @property
    def label(self) -> str:
        return f"{self.title}（{self.name}）"

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def boolean(self) -> bool:
        return self.spec is not None and self.spec.type == "boolean"

    @property
    def choices(self) -> tuple[str, ...]:
        return self.spec.enum if self.spec else ()

    def explanation(self, note: bool = True) -> str:
        """The field's meaning and allowed values (and with ``note``, its default), as --help and prompts show it."""
        text = sentence(self.description)
        if self.choices:
            text += f"可选值：{'、'.join(self.choices)}。"
        if self.child is not None:
            text += (f"至少 {self.minimum} 个；" if self.minimum else "") + "可重复这个选项，或用“、”分隔。"
            main, extra = _main_field(self.child), _extra_field(self.child)
            if self.child.value is None and main and extra:
                text += f"可在括号中写{extra.title}，如“{main.title}（{extra.title}）”。"
        return text + (self.note if note else "")

    def parse(self, raw: Any) -> Any:
        """Return the answer as the record holds it (None: not given); raise BadValue when unusable."""
        if self.child is not None:
            return self._parse_list(raw)
        assert self.spec is not None
        return parse_scalar(self.spec, raw)

    def _parse_list(self, raw: Any) -> list[Any]:
        assert self.child is not None
        given = [raw] if isinstance(raw, str) else list(raw or ())
        pieces = [piece for text in given for piece in LIST_SEPARATORS.split(str(text).strip()) if piece]
        items = [self._item(piece) for piece in pieces]
        if len(items) < self.minimum:
            raise BadValue(f"{self.label}至少要写 {self.minimum} 个，现在只有 {len(items)} 个。")
        return items

    def _item(self, text: str) -> Any:
        assert self.child is not None
        if self.child.value is not None:
            return parse_scalar(self.child.field_map[self.child.value], text)
        main, extra = _main_field(self.child), _extra_field(self.child)
        assert main is not None
        match = WITH_EXTRA.fullmatch(text) if extra else None
        row = {main.name: parse_scalar(main, match["main"] if match else text)}
        if match and extra:
            row[extra.name] = parse_scalar(extra, match["extra"])
        return row


def parse_scalar(spec: FieldSpec, raw: Any) -> Any:
    """Read one answer for ``spec``: dates become dates, numbers numbers; loose dates are put right."""
    if isinstance(raw, bool) or spec.type == "boolean":
        return raw if isinstance(raw, bool) else _yes_no(spec, str(raw))
    text = str(raw).strip()
    if not text:
        if spec.required:
            raise BadValue(value_message(spec, None))
        return None
    if spec.type == "date" or spec.temporal:
        text = suggest_date(text, with_time=spec.temporal) or text
    message = value_message(spec, text)
    if message is None and spec.temporal and parse_date_or_datetime(text) is None:
        message = impossible_temporal_message(spec, text) or date_message(spec, text, with_time=True)[1]
    if message:
        raise BadValue(message)
    if spec.type == "date":
        parsed = parse_date(text)
        assert parsed is not None
        return parsed
    return int(text) if spec.type == "integer" else text


def _yes_no(spec: FieldSpec, text: str) -> bool:
    answer = text.strip().lower()
    if answer in YES:
        return True
    if answer in NO:
        return False
    raise BadValue(f"{spec.label}请回答“是”或“否”，写的是“{text}”。")


def build_asks(kind: Kind, catalog: Catalog, settings: Settings) -> list[Ask]:
    """Every field and list the kind's flags offer, in the order of the schema."""
    table = catalog.tables[kind.table]
    asks = [Ask(name, table.field_map[name].title, description, spec=table.field_map[name], required=True)
            for name, description in kind.asked_links.items()]
    for spec in table.own_fields:
        if spec.name in NOT_ASKED or spec.name in kind.fixed:
            continue
        asks.append(Ask(spec.name, spec.title, spec.description, spec=spec, required=spec.required,
                        note=kind.notes.get(spec.name, "")))
    for child in catalog.children(table.name):
        if child.key and listable(child):
            minimum = kind.minimums[child.key](settings) if child.key in kind.minimums else 0
            asks.append(Ask(child.key, short_title(child), _list_description(child), child=child,
                            required=minimum > 0, minimum=minimum))
    return asks


def listable(child: TableSpec) -> bool:
    """Tell whether one flag can give a child list: one value per item, or one required field per row."""
    if child.single:
        return False
    return child.value is not None or _main_field(child) is not None


def short_title(child: TableSpec) -> str:
    """``提案·附议人`` → ``附议人``: the list's own name, without its record's."""
    return child.title.split("·")[-1]


def _list_description(child: TableSpec) -> str:
    spec = child.field_map[child.value] if child.value else _main_field(child)
    assert spec is not None
    if spec.title == short_title(child):  # 相关记录: the list and its items share a name
        return sentence(spec.description)
    return f"每项是{spec.title}：{sentence(spec.description)}"


def _main_field(child: TableSpec) -> FieldSpec | None:
    """The one required field of each row, when there is exactly one and it is free text."""
    own = [f for f in child.own_fields if f.name != child.value]
    required = [f for f in own if f.required]
    if len(required) != 1 or required[0].type != "string" or required[0].enum:
        return None
    return required[0]


def _extra_field(child: TableSpec) -> FieldSpec | None:
    """The one optional text field of each row, written in brackets after the main value."""
    optional = [f for f in child.own_fields if not f.required and f.type == "string"]
    return optional[0] if len(optional) == 1 else None


def sentence(text: str) -> str:
    """``text`` ending in a full stop, as a comment or help line reads best."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；）)" else text + "。"


def record_year(value: Any) -> int | None:
    """The year of a date, or of a ``YYYY-MM-DD[ HH:MM]`` text."""
    if isinstance(value, date):
        return value.year
    parsed = parse_date_or_datetime(value) if isinstance(value, str) else None
    return parsed.year if parsed else None
