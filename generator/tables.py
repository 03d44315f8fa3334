"""Records flattened into the catalog's tables, each row remembering where it came from.

Nested lists in a record (award entries, co-signers, progress notes) become rows of child
tables that carry their parent's key, as the descriptor's ``link`` says; the ``records`` index
lists every id of every kind so that references across kinds are ordinary foreign keys.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Protocol

from .catalog import Catalog, FieldSpec, TableSpec
from .located import LocatedDict, LocatedList, Position
from .problems import Problem
from .records import RecordFile


class Relocating(Protocol):
    """Finds again the mapping a row was read from, for rows read in another process."""

    def mapping_at(self, path: str, position: Position) -> LocatedDict | None: ...


@dataclass(slots=True)
class RowOrigin:
    """Where a row came from: file, record, and the mapping it was read from.

    A cell's position is looked up in the mapping only when a problem needs it: most rows
    have none, and an archive has hundreds of thousands of cells. A row read in another
    process has, instead of its mapping, what finds the mapping again (see ``shards``).
    """

    path: str
    record_id: str | None
    position: Position
    source: LocatedDict | Relocating | None = None

    def cell(self, name: str | None) -> Position:
        """The position of cell ``name``: its value, else its key, else the row's own place."""
        source = self.source
        if source is not None and not isinstance(source, LocatedDict):
            source = self.source = source.mapping_at(self.path, self.position)
        if name and source is not None:
            scalar = source.scalars.get(name)
            if scalar is not None:
                return scalar.position
            return source.key_positions.get(name, self.position)
        return self.position


@dataclass
class Table:
    spec: TableSpec
    rows: list[dict[str, Any]] = field(default_factory=list)
    origins: list[RowOrigin] = field(default_factory=list)

    def add(self, row: dict[str, Any], origin: RowOrigin) -> None:
        self.rows.append(row)
        self.origins.append(origin)

    def as_lists(self) -> list[list[Any]]:
        """Return a header row then one list per row, in schema field order."""
        names = [f.name for f in self.spec.fields]
        return [names, *([row.get(n) for n in names] for row in self.rows)]


@dataclass
class Flattened:
    """All tables, plus the problems met while flattening and the cells they already cover."""

    tables: dict[str, Table]
    problems: list[Problem] = field(default_factory=list)
    reported_cells: set[tuple[str, int, str]] = field(default_factory=set)
    # Ids of records whose files could not be read (taken from the file name): references
    # to them are not reported as dangling, since the file's own problem is the cause.
    unreadable_ids: set[str] = field(default_factory=set)


def flatten(catalog: Catalog, files: list[RecordFile], index: bool = True) -> Flattened:
    """Return the rows of every table, built from the readable record files.

    ``index``: fill the index of every record's id; without it, ``fill_index`` does it later
    (once the rows of every file are in, when files are flattened in parts).
    """
    result = Flattened({name: Table(spec) for name, spec in catalog.tables.items()})
    flattener = _Flattener(catalog, result)
    for record in files:
        root = record.document.root
        if not isinstance(root, LocatedDict):
            result.unreadable_ids.add(record.document.path.stem)
            if root is not None:
                result.problems.append(Problem(
                    record.document.relpath, 1, 1, "not-a-record",
                    "文件内容应是一条记录（一组“字段: 值”），而不是列表或单个值。"))
            continue
        record_id = root.get("id") if isinstance(root.get("id"), str | int) else None
        context = _Context(record.document.relpath, None if record_id is None else str(record_id))
        flattener.add_mapping(record.table, root, {}, context)
    if index:
        fill_index(catalog, result)
    return result


@dataclass(frozen=True)
class _Context:
    path: str
    record_id: str | None


class _Flattener:
    def __init__(self, catalog: Catalog, result: Flattened) -> None:
        self.catalog = catalog
        self.result = result
        self._allowed: dict[str, dict[str, str]] = {}
        self._children = {name: catalog.children(name) for name in catalog.tables}

    def add_mapping(self, spec: TableSpec, mapping: LocatedDict, inherited: dict[str, Any],
                    context: _Context) -> None:
        children = self._children[spec.name]
        self._check_keys(spec, mapping, children, context)
        table = self.result.tables[spec.name]
        origin = RowOrigin(context.path, context.record_id, mapping.position, mapping)
        # Every field has its cell, in the schema's order, None where the record has none: a row
        # whose cells stand as they are is then its own cast row (see ``cast_table``), not a copy.
        row = {}
        for spec_field in spec.fields:
            name = spec_field.name
            if name in inherited:  # the parent's key, or the place in its list
                row[name] = inherited[name]
                continue
            value = mapping.get(name)
            # Text is most cells, and stands as read whatever the field's type.
            row[name] = value if value is None or value.__class__ is str else self._cell(
                spec, spec_field, mapping, context, len(table.rows))
        table.add(row, origin)
        for child in children:
            self._add_children(child, mapping, row, context)

    def _cell(self, spec: TableSpec, spec_field: FieldSpec, mapping: LocatedDict, context: _Context,
              row_index: int) -> Any:
        name = spec_field.name
        value = mapping[name]
        if isinstance(value, LocatedDict | LocatedList):
            where = mapping.key_positions.get(name, mapping.position)
            self.result.problems.append(Problem(
                context.path, where.line, where.col, "not-a-value",
                f"{spec_field.label}应是单个值，这里却写成了{'列表' if isinstance(value, list) else '一组字段'}。",
                record_id=context.record_id, field=name))
            self.result.reported_cells.add((spec.name, row_index, name))
            return None
        if spec_field.type == "string" and value is not None and not isinstance(value, str):
            scalar = mapping.scalars.get(name)
            return scalar.text if scalar else str(value)
        return value

    def _add_children(self, child: TableSpec, mapping: LocatedDict, parent_row: dict[str, Any],
                      context: _Context) -> None:
        assert child.key is not None
        value = mapping.get(child.key)
        if value is None:
            return
        inherited = {name: parent_row.get(source) for name, source in child.link.items()}
        where = mapping.key_positions.get(child.key, mapping.position)
        if child.single:
            if not isinstance(value, LocatedDict):
                self._shape_problem(child, where, context, "一组字段（“字段: 值”）")
                return
            self.add_mapping(child, value, inherited, context)
            return
        if not isinstance(value, LocatedList):
            self._shape_problem(child, where, context, "列表（每项以“- ”开头）")
            return
        for index, item in enumerate(value):
            item_inherited = dict(inherited)
            if child.position:
                item_inherited[child.position] = index + 1
            if child.value:
                self._add_value_row(child, value, index, item_inherited, context)
            elif isinstance(item, LocatedDict):
                self.add_mapping(child, item, item_inherited, context)
            else:
                self._shape_problem(child, _item_position(value, index), context,
                                    "一组字段（“字段: 值”）")

    def _add_value_row(self, child: TableSpec, items: LocatedList, index: int,
                       inherited: dict[str, Any], context: _Context) -> None:
        assert child.value is not None
        item = items[index]
        where = _item_position(items, index)
        if isinstance(item, LocatedDict | LocatedList):
            self._shape_problem(child, where, context, "单个编号")
            return
        scalar = items.scalars.get(index)
        cells = {**inherited, child.value: scalar.text if scalar and item is not None else item}
        row = {f.name: cells.get(f.name) for f in child.fields}  # as a mapping's row: see add_mapping
        origin = RowOrigin(context.path, context.record_id, where)
        self.result.tables[child.name].add(row, origin)

    def _shape_problem(self, spec: TableSpec, where: Position, context: _Context,
                       expected: str) -> None:
        self.result.problems.append(Problem(
            context.path, where.line, where.col, "wrong-shape",
            f"“{spec.title}”（{spec.key}）应写成{expected}。",
            record_id=context.record_id, field=spec.key, expected=expected))

    def _check_keys(self, spec: TableSpec, mapping: LocatedDict, children: list[TableSpec],
                    context: _Context) -> None:
        allowed = self._allowed.get(spec.name)
        if allowed is None:
            allowed = {f.name: f.title for f in spec.own_fields}
            allowed.update({c.key: c.title for c in children if c.key})
            self._allowed[spec.name] = allowed
        if mapping.keys() <= allowed.keys():
            return
        for key in mapping:
            if key not in allowed:
                where = mapping.key_positions.get(key, mapping.position)
                self.result.problems.append(Problem(
                    context.path, where.line, where.col, "unknown-key",
                    _unknown_key_message(key, allowed), record_id=context.record_id,
                    field=key, found=key, expected=_closest_key(key, allowed)))


def _item_position(items: LocatedList, index: int) -> Position:
    """Where item ``index`` stands (the list's own place for records built without positions)."""
    return items.item_positions[index] if index < len(items.item_positions) else items.position


def _closest_key(key: str, allowed: dict[str, str]) -> str | None:
    by_title = {title: name for name, title in allowed.items()}
    if key in by_title:
        return by_title[key]
    matches = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _unknown_key_message(key: str, allowed: dict[str, str]) -> str:
    guess = _closest_key(key, allowed)
    message = f"未知字段“{key}”，它不会被使用。"
    if guess:
        return message + f"是不是想写“{guess}”（{allowed[guess]}）？"
    return message + "这里可用的字段有：" + "、".join(allowed) + "。"


def fill_index(catalog: Catalog, result: Flattened) -> None:
    """Add every record's id, kind, title and file to the index table (the first of each id)."""
    index = next((t for t in catalog.tables.values() if t.index), None)
    if index is None:
        return
    seen: set[str] = set()
    target = result.tables[index.name]
    for spec in catalog.tables.values():
        if not spec.kind:
            continue
        table = result.tables[spec.name]
        for row, origin in zip(table.rows, table.origins, strict=True):
            record_id = row.get("id")
            if not isinstance(record_id, str) or record_id in seen:
                continue  # duplicates are reported once, on their own table
            seen.add(record_id)
            title = row.get("title") or row.get("text")
            target.add({"id": record_id, "kind": spec.kind, "title": title, "path": origin.path},
                       origin)
