"""Reading, flattening and casting the record files, in two processes when that is faster.

Parsing YAML is most of validating a large archive, and every file is read on its own. The
files are cut into runs that this process and a forked child (see ``forking``) take from one
queue, so both end together; the child sends back each run's rows (its parsed trees would
cost more to send than to parse again). Records an ingest gives already parsed are shared
too: making their rows costs about twice what sending them back does. The runs are joined
in file order, so every table is the one a single process would make.

A row from the child keeps its file and its own position; the position of one of its cells
is found, when a problem needs it, by reading that one file again (``_Relocator``). So do
the rows of records let go once flattened: those an ingest makes, and every record when the
caller wants only the report.

A child is started only for an archive large enough that its start and the sending back cost
less than they save.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Any

from . import forking
from .catalog import Catalog
from .located import LocatedDict, LocatedList, Position
from .privacy import check_private_data
from .problems import Problem
from .project import Project
from .records import RecordSource, read_record
from .schema_check import CellError, TypedTables, cast_table, cast_tables
from .tables import Flattened, RowOrigin, Table, fill_index, flatten

# Below this many records (about two years), a child costs more than it saves: a fork, and
# sending the rows back.
MIN_FILES_FOR_CHILD = 1000


@dataclass
class RecordTables:
    """The record files read, flattened and cast: what validation checks."""

    files_read: int
    # Met reading the files (syntax, encoding, duplicate keys), and private data found in a
    # published field: a check of one cell at a time, done by the process that read the cell.
    problems: list[Problem]
    flat: Flattened
    typed: TypedTables


def read_tables(project: Project, catalog: Catalog, sources: list[RecordSource],
                keep_records: bool = True) -> RecordTables:
    """Read, flatten and cast every source, index every record's id, and look for private data.

    A row keeps the record it was read from (for the positions of its cells) when it was read
    from a file here and ``keep_records``; otherwise the record is let go and found again when
    needed (see ``_Relocator``).
    """
    relocator = _Relocator(project, sources)
    parts = forking.share_runs(
        len(sources),
        lambda run: _read_part(project, catalog, sources[run.start:run.stop], relocator, keep_records),
        MIN_FILES_FOR_CHILD, send=_pack, receive=lambda packed: _unpack(packed, catalog, relocator))
    tables = reduce(_join, parts) if parts else _read_part(project, catalog, [], relocator)
    index = next((t for t in catalog.tables.values() if t.index), None)
    if index is not None:  # made from every part's rows, so after joining them
        fill_index(catalog, tables.flat)
        rows, errors = cast_table(tables.flat.tables[index.name])
        tables.typed.rows[index.name] = rows
        tables.typed.cell_errors.extend(errors)
    return tables


def _read_part(project: Project, catalog: Catalog, sources: list[RecordSource],
               relocator: _Relocator, keep_records: bool = True) -> RecordTables:
    files = [read_record(project, source) for source in sources]
    problems = [problem for record in files for problem in record.document.problems]
    flat = flatten(catalog, files, index=False)
    problems += check_private_data(flat)
    # Records let go: those made to be read (made again if a problem needs one), and all when
    # the caller keeps none (read again if a problem needs one).
    let_go = {record.document.relpath for record, source in zip(files, sources, strict=True)
              if source.made or not keep_records}
    if let_go:
        shared: dict[tuple[str, Position], RowOrigin] = {}
        for table in flat.tables.values():
            origins = table.origins
            for index, origin in enumerate(origins):
                if origin.path in let_go:
                    origin.source = relocator
                    origins[index] = _shared_origin(shared, origin)
    return RecordTables(len(files), problems, flat, cast_tables(flat))


def _shared_origin(shared: dict[tuple[str, Position], RowOrigin], origin: RowOrigin) -> RowOrigin:
    """One origin for the rows of a record let go that stand at one place: nothing tells them
    apart, since a cell's position is found by the place. A record an ingest makes has no
    places, and its rows (the proposal, its proposers, co-signers, history) one origin:
    at 100,000 new proposals, 30 MB fewer."""
    return shared.setdefault((origin.path, origin.position), origin)


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
    shared: dict[tuple[str, Position], RowOrigin] = {}
    for name, (rows, origins) in tables.items():
        table = flat.tables[name] = Table(catalog.tables[name], rows)
        table.origins = [_shared_origin(shared, RowOrigin(path, record_id, _new_tuple(Position, position), relocator))
                         if placed else RowOrigin(path, record_id, _new_tuple(Position, position))
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
        self.all_sources = sources
        self.sources: dict[str, RecordSource] | None = None  # by path, made when first needed
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
        if self.sources is None:
            self.sources = {self.project.relpath(source.path): source for source in self.all_sources}
        source = self.sources.get(path)
        return None if source is None else read_record(self.project, source).document.root
