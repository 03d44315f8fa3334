"""Reading, flattening and casting the record files, in two processes when that is faster.

Parsing YAML is most of validating a large archive, and every file is read on its own. A
forked child (see ``forking``) reads, flattens and casts a run of about half the files while
this process does the rest; the child sends back its rows (its parsed trees would
cost more to send than to parse again). The parts are joined in file order, so every table
is the one a single process would make. A row from the child keeps its file and its own
position; the position of one of its cells is found, when a problem needs it, by reading
that one file again.

A child is started only for an archive large enough that its start and the sending back cost
less than they save.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import forking
from .catalog import Catalog
from .privacy import check_private_data
from .problems import Problem
from .project import Project
from .records import RecordSource, read_record
from .schema_check import CellError, TypedTables, cast_table, cast_tables
from .tables import Flattened, RowOrigin, Table, fill_index, flatten
from .yamlsource import LocatedDict, LocatedList, Position

# Below this many bytes of YAML for the child (about two years of records), a child costs more
# than it saves: a fork, and sending the rows back.
MIN_BYTES_FOR_CHILD = 1_000_000
# The work of a record given already parsed (an ingest's new one), in bytes of YAML to parse.
PARSED_RECORD_BYTES = 400


@dataclass
class RecordTables:
    """The record files read, flattened and cast: what validation checks."""

    files_read: int
    # Met reading the files (syntax, encoding, duplicate keys), and private data found in a
    # published field: a check of one cell at a time, done by the process that read the cell.
    problems: list[Problem]
    flat: Flattened
    typed: TypedTables


def read_tables(project: Project, catalog: Catalog, sources: list[RecordSource]) -> RecordTables:
    """Read, flatten and cast every source, index every record's id, and look for private data."""
    window = _window(sources)
    tables = _read_part(project, catalog, sources) if window is None else \
        _read_shared(project, catalog, sources, *window)
    index = next((t for t in catalog.tables.values() if t.index), None)
    if index is not None:  # made from every part's rows, so after joining them
        fill_index(catalog, tables.flat)
        rows, errors = cast_table(tables.flat.tables[index.name])
        tables.typed.rows[index.name] = rows
        tables.typed.cell_errors.extend(errors)
    return tables


def _read_part(project: Project, catalog: Catalog, sources: list[RecordSource]) -> RecordTables:
    files = [read_record(project, source) for source in sources]
    problems = [problem for record in files for problem in record.document.problems]
    flat = flatten(catalog, files, index=False)
    problems += check_private_data(flat)
    return RecordTables(len(files), problems, flat, cast_tables(flat))


def _read_shared(project: Project, catalog: Catalog, sources: list[RecordSource], start: int,
                 end: int) -> RecordTables:
    """Read ``sources[start:end]`` in a child and the rest here; join the parts in file order."""
    child = forking.Child(lambda: _pack(_read_part(project, catalog, sources[start:end])))
    try:
        before = _read_part(project, catalog, sources[:start])
        after = _read_part(project, catalog, sources[end:])
        packed = child.result()
    finally:
        child.close()
    middle = None if packed is forking.FAILED else _unpack(packed, catalog, _Relocator(project, sources[start:end]))
    if middle is None:  # the child failed (killed, out of memory): read its part here
        middle = _read_part(project, catalog, sources[start:end])
    return _join(_join(before, middle), after)


def _window(sources: list[RecordSource]) -> tuple[int, int] | None:
    """The run of sources a child reads (start, end), or None to read them all here.

    The child takes about half the work, counted as bytes of YAML to parse, and only files to
    parse: for a record given already parsed (an ingest's new ones) sending its rows back
    costs more than making them.
    """
    if not forking.may_fork():
        return None
    costs = [_parsing_cost(source) for source in sources]
    goal = sum(PARSED_RECORD_BYTES if cost is None else cost for cost in costs) / 2
    best, best_work, index = (0, 0), 0, 0
    while index < len(costs):
        if costs[index] is None:
            index += 1
            continue
        start, work = index, 0
        while index < len(costs) and costs[index] is not None and work < goal:
            work += costs[index] or 0
            index += 1
        if work > best_work:
            best, best_work = (start, index), work
        while index < len(costs) and costs[index] is not None:
            index += 1
    if best_work == 0 or best_work < MIN_BYTES_FOR_CHILD:
        return None
    return best


def _parsing_cost(source: RecordSource) -> int | None:
    """Bytes of YAML to parse for ``source``; None for a record given already parsed."""
    if isinstance(source.given, str):
        return len(source.given.encode("utf-8"))
    if source.given is not None:
        return None
    try:
        return source.path.stat().st_size
    except OSError:
        return 0


def _pack(part: RecordTables) -> tuple[Any, ...]:
    """The part's rows and their origins as plain values: the file, the record, the position."""
    tables = {name: (table.rows,
                     [(o.path, o.record_id, tuple(o.position), o.source is not None) for o in table.origins])
              for name, table in part.flat.tables.items()}
    flat = part.flat
    return (part.files_read, part.problems, tables, flat.problems, flat.reported_cells, flat.unreadable_ids,
            part.typed.rows, part.typed.cell_errors)


_new_tuple: Any = tuple.__new__


def _unpack(packed: tuple[Any, ...], catalog: Catalog, relocator: _Relocator) -> RecordTables:
    files_read, problems, tables, flat_problems, reported, unreadable, typed_rows, cell_errors = packed
    flat = Flattened({}, flat_problems, reported, unreadable)
    for name, (rows, origins) in tables.items():
        table = flat.tables[name] = Table(catalog.tables[name], rows)
        table.origins = [RowOrigin(path, record_id, _new_tuple(Position, position), relocator if placed else None)
                         for path, record_id, position, placed in origins]
    return RecordTables(files_read, problems, flat, TypedTables(typed_rows, cell_errors))


def _join(first: RecordTables, second: RecordTables) -> RecordTables:
    """The two parts as one, the second's rows after the first's, row numbers shifted to match."""
    flat, typed = first.flat, first.typed
    shift = {name: len(table.rows) for name, table in flat.tables.items()}
    flat.reported_cells |= {(name, row + shift[name], field) for name, row, field in second.flat.reported_cells}
    typed.cell_errors += [CellError(e.table, e.row + shift[e.table], e.field, e.kind)
                          for e in second.typed.cell_errors]
    for name, table in flat.tables.items():
        table.rows += second.flat.tables[name].rows
        table.origins += second.flat.tables[name].origins
        typed.rows[name] += second.typed.rows[name]
    flat.problems += second.flat.problems
    flat.unreadable_ids |= second.flat.unreadable_ids
    return RecordTables(first.files_read + second.files_read, first.problems + second.problems, flat, typed)


class _Relocator:
    """Finds the mapping a row of the child was read from, by reading its file again here."""

    def __init__(self, project: Project, sources: list[RecordSource]) -> None:
        self.project = project
        self.sources = {project.relpath(source.path): source for source in sources}
        self.roots: dict[str, Any] = {}

    def mapping_at(self, path: str, position: Position) -> LocatedDict | None:
        if path not in self.roots:
            self.roots[path] = self._root(path)
        pending = [self.roots[path]]
        while pending:
            node = pending.pop()
            if isinstance(node, LocatedDict):
                if node.position == position:
                    return node
                pending.extend(node.values())
            elif isinstance(node, LocatedList):
                pending.extend(node)
        return None

    def _root(self, path: str) -> Any:
        source = self.sources.get(path)
        return None if source is None else read_record(self.project, source).document.root
