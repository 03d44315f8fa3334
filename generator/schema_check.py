"""Checking the flattened tables against their Table Schemas.

The checks are those of the Table Schema standard that our schemas use (type, required, enum,
pattern, minimum/maximum, unique, primaryKey, foreignKeys), done in one pass over rows we
already hold. Frictionless's ``Package.validate()`` checks the same schemas and finds the same
cells (``tests/test_schema_check.py`` holds both to that), but its per-resource set-up costs
about a second even for a handful of rows, which an officer would wait for on every run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlparse

from .catalog import Catalog, FieldSpec, TableSpec
from .dates import impossible_date_reason, parse_date, suggest_date
from .problems import Problem
from .tables import Flattened, Table

MISSING = object()
_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}


@dataclass(frozen=True)
class CellError:
    """One schema error: the table, the row index, the field (None for row-level errors)."""

    table: str
    row: int
    field: str | None
    kind: str  # type, required, enum, pattern, range, unique, primary-key, foreign-key


@dataclass
class TypedTables:
    """Every table's rows with values cast to their schema types (None where a cell is invalid)."""

    rows: dict[str, list[dict[str, Any]]]
    cell_errors: list[CellError]


def cast_tables(flat: Flattened) -> TypedTables:
    """Return the typed rows of every table and the cell-level errors met while casting."""
    typed = TypedTables({}, [])
    for name, table in flat.tables.items():
        rows, errors = cast_table(table)
        typed.rows[name] = rows
        typed.cell_errors.extend(errors)
    return typed


def check_schemas(catalog: Catalog, flat: Flattened, typed: TypedTables | None = None,
                  tables: Collection[str] | None = None) -> list[Problem]:
    """Check every table (or those named in ``tables``) and its foreign keys; return one Problem
    per error found."""
    problems = []
    for error in schema_errors(catalog, flat, typed, tables):
        if (error.table, error.row, error.field or "") in flat.reported_cells:
            continue
        if _is_consequence(error, flat):
            continue
        problems.append(_problem(error, flat))
    return problems


def _is_consequence(error: CellError, flat: Flattened) -> bool:
    """Tell whether an error only follows from another one already reported.

    A reference to a record whose file is unreadable follows from that file's problem; a
    child row that repeats one in another file follows from its parent's duplicated id.
    """
    table = flat.tables[error.table]
    if error.kind == "foreign-key":
        return str(table.rows[error.row].get(error.field or "")) in flat.unreadable_ids
    if error.kind == "primary-key" and not table.spec.is_root:
        return _first_with_same_key(table, error, same_file=True) == error.row
    return False


def _first_with_same_key(table: Table, error: CellError, same_file: bool = False) -> int:
    key = table.spec.primary_key if error.kind == "primary-key" else (error.field or "",)
    values = tuple(table.rows[error.row].get(k) for k in key)
    path = table.origins[error.row].path
    return next(i for i, r in enumerate(table.rows)
                if tuple(r.get(k) for k in key) == values
                and (not same_file or table.origins[i].path == path))


def schema_errors(catalog: Catalog, flat: Flattened, typed: TypedTables | None = None,
                  tables: Collection[str] | None = None) -> Iterator[CellError]:
    """Yield every schema error in the tables (or those named in ``tables``): cell errors first,
    then keys and references."""
    typed = typed or cast_tables(flat)
    yield from (typed.cell_errors if tables is None else (e for e in typed.cell_errors if e.table in tables))
    targets: dict[tuple[str, tuple[str, ...]], set[Any]] = {}  # several tables refer to the same keys
    for name, table in flat.tables.items():
        if tables is not None and name not in tables:
            continue
        cast_rows = typed.rows[name]
        yield from _key_errors(table.spec, cast_rows, name)
        for fk in table.spec.foreign_keys:
            target = (fk.resource, fk.reference_fields)
            if target not in targets:
                targets[target] = set(_keys(typed.rows[fk.resource], fk.reference_fields))
            known = targets[target]
            for index, values in enumerate(_keys(cast_rows, fk.fields)):
                if values not in known and (None not in values if len(fk.fields) > 1 else values is not None):
                    yield CellError(name, index, fk.fields[-1], "foreign-key")


def _keys(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> Iterator[Any]:
    """Each row's value of a one-field key, or its tuple of values of a longer key."""
    if len(fields) == 1:
        field = fields[0]
        return (row.get(field) for row in rows)
    return (tuple(row.get(f) for f in fields) for row in rows)


def cast_table(table: Table) -> tuple[list[dict[str, Any]], list[CellError]]:
    """Return one table's rows cast to their schema types, and the cell errors met.

    A row laid out as its schema whose every cell casts to itself (text, a whole number, an
    optional cell left empty: most rows) is its own cast row: at 100,000 proposals a copy of
    each held 100 MB. A copy is begun only at the first cell that casts to something else.
    """
    fields = [(f.name, _text_accepted(f), _whole_number_accepted(f), not f.required, _cell_checker(f))
              for f in table.spec.fields]
    names = tuple(f.name for f in table.spec.fields)
    count = len(names)
    name_of_table = table.spec.name
    cast_rows, errors = [], []
    for index, row in enumerate(table.rows):
        cast: dict[str, Any] | None = None
        for position, (name, accepted, whole, optional, checker) in enumerate(fields):
            value = row.get(name)
            # Most cells stand as they are: that case costs no call.
            if value is None:
                stands = optional
            elif value.__class__ is str:
                stands = accepted is not None and value != "" and (
                    accepted is True or (value in accepted if accepted.__class__ is frozenset
                                         else accepted(value) is not None))
            else:
                stands = whole and value.__class__ is int
            if not stands:
                cast_value, kind = checker(value)
                if kind:
                    errors.append(CellError(name_of_table, index, name, kind))
                if cast is None and cast_value is not value:
                    cast = {n: row.get(n) for n in names[:position]}
                value = cast_value
            if cast is not None:
                cast[name] = value
        if cast is None and (len(row) != count or tuple(row) != names):
            cast = {n: row.get(n) for n in names}
        cast_rows.append(row if cast is None else cast)
    return cast_rows, errors


def _whole_number_accepted(spec_field: FieldSpec) -> bool:
    """Whether any whole number stands, unchecked, in the field: an integer field with no limits."""
    return (spec_field.type == "integer" and not spec_field.enum and not spec_field.pattern
            and spec_field.minimum is None and spec_field.maximum is None)


def _text_accepted(spec_field: FieldSpec) -> Any:
    """What text a field takes unchanged without further checks: True for any, a set of options, a
    pattern's ``fullmatch``; None when text needs the full check (not a string field, a format)."""
    if spec_field.type != "string" or spec_field.format:
        return None
    if spec_field.enum and spec_field.pattern:
        return None
    if spec_field.enum:
        return frozenset(spec_field.enum)
    if spec_field.pattern:
        return re.compile(spec_field.pattern).fullmatch
    return True


def _key_errors(spec: TableSpec, rows: list[dict[str, Any]], name: str) -> Iterator[CellError]:
    keys = [(spec.primary_key, "primary-key")] if spec.primary_key else []
    keys += [((f.name,), "unique") for f in spec.fields if f.unique]
    for fields, kind in keys:
        seen: set[Any] = set()
        for index, values in enumerate(_keys(rows, fields)):
            if values is None or (len(fields) > 1 and None in values):
                continue
            if values in seen:
                yield CellError(name, index, fields[-1], kind)
            seen.add(values)


Checker = Callable[[Any], tuple[Any, str | None]]


def _cell_checker(spec_field: FieldSpec) -> Checker:
    cast = _CASTS.get(spec_field.type, _cast_any)
    pattern = re.compile(spec_field.pattern) if spec_field.pattern else None
    enum = set(spec_field.enum)

    def check(value: Any) -> tuple[Any, str | None]:
        if value is None or value == "":
            return None, "required" if spec_field.required else None
        cast_value = cast(value, spec_field)
        if cast_value is MISSING:
            return None, "type"
        if enum and str(value) not in enum:
            return cast_value, "enum"
        if pattern and not pattern.fullmatch(str(value)):
            return cast_value, "pattern"
        if not _in_range(cast_value, spec_field):
            return cast_value, "range"
        return cast_value, None

    return check


def value_message(spec_field: FieldSpec, value: Any) -> str | None:
    """Return what ``validate`` would say of ``value`` in ``spec_field`` on its own, or None when it passes."""
    _, kind = _cell_checker(spec_field)(value)
    return None if kind is None else _cell_message(kind, spec_field, "" if value is None else str(value))[1]


def _in_range(value: Any, spec_field: FieldSpec) -> bool:
    if not isinstance(value, int | float):
        return True
    low, high = spec_field.minimum, spec_field.maximum
    return (low is None or value >= low) and (high is None or value <= high)


def _cast_string(value: Any, spec_field: FieldSpec) -> Any:
    if not isinstance(value, str):
        return MISSING
    if spec_field.format == "uri":
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            return MISSING
    return value


def _cast_integer(value: Any, spec_field: FieldSpec) -> Any:
    if isinstance(value, bool):
        return MISSING
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and _INTEGER.fullmatch(value) else MISSING


def _cast_number(value: Any, spec_field: FieldSpec) -> Any:
    if isinstance(value, bool):
        return MISSING
    if isinstance(value, int | float):
        return value
    return float(value) if isinstance(value, str) and _NUMBER.fullmatch(value) else MISSING


def _cast_boolean(value: Any, spec_field: FieldSpec) -> Any:
    if isinstance(value, bool):
        return value
    text = str(value)
    if text in (spec_field.true_values or _TRUE):
        return True
    if text in (spec_field.false_values or _FALSE):
        return False
    return MISSING


def _cast_date(value: Any, spec_field: FieldSpec) -> Any:
    parsed = parse_date(value) if isinstance(value, str) else None
    return MISSING if parsed is None else parsed


def _cast_any(value: Any, spec_field: FieldSpec) -> Any:
    return value


_CASTS: dict[str, Callable[[Any, FieldSpec], Any]] = {
    "string": _cast_string,
    "integer": _cast_integer,
    "number": _cast_number,
    "boolean": _cast_boolean,
    "date": _cast_date,
}


# Turning errors into what an officer reads.

def _problem(error: CellError, flat: Flattened) -> Problem:
    table = flat.tables[error.table]
    origin = table.origins[error.row]
    spec_field = table.spec.field_map[error.field] if error.field else None
    found = table.rows[error.row].get(error.field) if error.field else None
    found_text = None if found in (None, "") else str(found)
    if error.kind in ("primary-key", "unique"):
        code, message, expected = _duplicate(table, error)
    elif error.kind == "foreign-key":
        assert spec_field is not None
        code, message, expected = _unknown_reference(table, spec_field, found_text or "")
    else:
        assert spec_field is not None
        code, message, expected = _cell_message(error.kind, spec_field, found_text or "")
    where = origin.cell(error.field)
    return Problem(origin.path, where.line, where.col, code, message, record_id=origin.record_id,
                   field=error.field, found=found_text, expected=expected)


Message = tuple[str, str, str | None]


def _cell_message(kind: str, spec_field: FieldSpec, found: str) -> Message:
    label = spec_field.label
    if kind == "required":
        return "required", f"缺少必填字段{label}：{spec_field.description}", spec_field.title
    if kind == "type":
        return _type_message(spec_field, found)
    if kind == "enum":
        return _enum_message(spec_field, found)
    if kind == "pattern":
        return _pattern_message(spec_field, found)
    bounds = _bounds(spec_field)
    return "out-of-range", f"{label}写的是“{found}”，超出范围，应{bounds}。", bounds


def _type_message(spec_field: FieldSpec, found: str) -> Message:
    if spec_field.type == "date":
        return date_message(spec_field, found, with_time=False)
    expected = {
        "integer": "整数，例如 12",
        "number": "数字，例如 12.5",
        "boolean": "“true”（是）或“false”（否）",
        "string": "网址，以 https:// 或 http:// 开头" if spec_field.format == "uri" else "文字",
    }.get(spec_field.type, spec_field.type)
    return "wrong-type", f"{spec_field.label}写的是“{found}”，应为{expected}。", expected


def date_message(spec_field: FieldSpec, found: str, with_time: bool) -> Message:
    """Return the code, message and expected value for an unreadable date."""
    label = spec_field.label
    shape = "YYYY-MM-DD 或 YYYY-MM-DD HH:MM" if with_time else "YYYY-MM-DD"
    suggestion = suggest_date(found, with_time=with_time)
    if suggestion:
        return ("ambiguous-date",
                f"{label}写的是“{found}”，日期应写作 {shape}：请改为“{suggestion}”。", suggestion)
    reason = impossible_date_reason(found)
    if reason:
        return "invalid-date", f"{label}写的是“{found}”，这个日期不存在：{reason}。", shape
    example = spec_field.example or "2017-03-08"
    return ("invalid-date", f"{label}写的是“{found}”，应为日期，写作 {shape}，例如 {example}。",
            shape)


def _enum_message(spec_field: FieldSpec, found: str) -> Message:
    options = "、".join(spec_field.enum)
    message = f"{spec_field.label}写的是“{found}”，应为以下之一：{options}。"
    nearest = _nearest(found, spec_field.enum)
    if nearest:
        message += f"最接近的是“{nearest}”。"
    return "not-in-list", message, nearest or options


@cache
def _nearest(found: str, options: tuple[str, ...]) -> str | None:
    matches = difflib.get_close_matches(found, options, n=1, cutoff=0.3)
    return matches[0] if matches else None


def _pattern_message(spec_field: FieldSpec, found: str) -> Message:
    if spec_field.temporal:
        return date_message(spec_field, found, with_time=True)
    example = spec_field.example or spec_field.pattern
    return ("bad-format", f"{spec_field.label}写的是“{found}”，格式不对，应像“{example}”。",
            example)


def _bounds(spec_field: FieldSpec) -> str:
    low, high = spec_field.minimum, spec_field.maximum
    if low is not None and high is not None:
        return f"在 {low} 到 {high} 之间"
    if low is not None:
        return f"不小于 {low}"
    return f"不大于 {high}"


def _duplicate(table: Table, error: CellError) -> Message:
    key = table.spec.primary_key if error.kind == "primary-key" else (error.field or "",)
    first_origin = table.origins[_first_with_same_key(table, error, same_file=not table.spec.is_root)]
    own_key = [k for k in key if k not in table.spec.link] or list(key)
    shown = "、".join(str(table.rows[error.row].get(k)) for k in own_key)
    if table.spec.is_root:
        message = (f"编号“{shown}”重复：{first_origin.path} 第 {first_origin.position.line} 行"
                   "的记录已经使用了这个编号，每条记录的编号必须唯一。")
    else:
        message = (f"“{table.spec.title}”中“{shown}”重复出现"
                   f"（第一次在第 {first_origin.cell(key[-1]).line} 行）。")
    return "duplicate-id", message, None


_KIND_TITLES = {
    "workplan_items": "工作要点条目", "award_lists": "表彰名单", "notices": "公示公告",
    "proposals": "提案", "events": "活动", "records": "记录",
}


def _unknown_reference(table: Table, spec_field: FieldSpec, found: str) -> Message:
    fk = next(fk for fk in table.spec.foreign_keys if spec_field.name in fk.fields)
    kind = _KIND_TITLES.get(fk.resource, "记录")
    return ("unknown-reference",
            f"{spec_field.label}引用的“{found}”不存在；请检查编号是否写错，或对应的{kind}是否已经建立。",
            None)
