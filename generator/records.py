"""Finding and reading the record files under ``data/``."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, TableSpec
from .located import LocatedDict
from .project import Project
from .yamlsource import YamlDocument, read_yaml

RECORD_SUFFIXES = (".yaml", ".yml")


@dataclass
class RecordFile:
    """One record file and the root table its record belongs to."""

    table: TableSpec
    document: YamlDocument


def file_in(folder: Path, name: str) -> Path:
    """``folder / name`` for a file name (no separators): as many paths as an ingest of 100,000
    new records makes. Python 3.11 and 3.12 parse every name joined with ``/`` (0.3 s per 100,000
    paths here); a plain name needs no parsing, and pathlib's own way to join one costs a tenth.
    """
    join = getattr(folder, "_make_child_relpath", None)  # private; gone in 3.13, where ``/`` parses lazily
    return join(name) if join is not None else folder / name


def record_paths(folder: Path, years: tuple[int, int] | None = None, inside: bool = True) -> list[Path]:
    """Return every YAML file below ``folder``, sorted, hidden files and folders left out.

    With ``years``, only the records filed inside those years (``inside``) or outside them (see
    ``previewed``). Symbolic links to files are followed, to folders not (as ``Path.rglob``).
    Walked with ``os.scandir``: an archive has tens of thousands of records, and pathlib's
    globbing cost a second of every run.
    """
    return [folder.joinpath(*parts) for parts in _record_parts(folder, years, inside)]


def _record_parts(folder: Path, years: tuple[int, int] | None, inside: bool) -> list[tuple[str, ...]]:
    """``record_paths`` as the parts of each path below ``folder``: making Path objects costs more."""
    found: list[tuple[str, ...]] = []
    _walk(str(folder), (), found)
    found.sort()  # the order of Path objects, which compare part by part
    if years is not None:
        found = [parts for parts in found if _in_years(_year_of(parts), years) == inside]
    return found


def _walk(folder: str, parts: tuple[str, ...], found: list[tuple[str, ...]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:  # not a folder (or gone): nothing below it
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            _walk(entry.path, (*parts, entry.name), found)
        elif entry.name.endswith(RECORD_SUFFIXES) and entry.is_file():
            found.append((*parts, entry.name))


def previewed(project: Project, folder: Path, path: Path) -> bool:
    """Whether a record file belongs to the previewed years. Files directly in a kind's folder
    (a year's work plan, ``workplans/2017.yaml``) are always read: they are few, and records of
    every year refer to them."""
    return project.years is None or _in_years(record_year(folder, path), project.years)


def record_year(folder: Path, path: Path) -> int | None:
    """The year folder a record is filed in (``events/2017/E2017-001.yaml``); None if none."""
    return _year_of(path.relative_to(folder).parts)


def _year_of(parts: tuple[str, ...]) -> int | None:
    return int(parts[0]) if len(parts) > 1 and parts[0].isdigit() and len(parts[0]) == 4 else None


def _in_years(year: int | None, years: tuple[int, int]) -> bool:
    return year is None or years[0] <= year <= years[1]


def ids_outside_preview(project: Project, catalog: Catalog) -> set[str]:
    """The ids (file names) of the records a preview of some years leaves unread."""
    if not project.years:
        return set()
    ids = set()
    for table in catalog.roots:
        assert table.folder is not None
        ids |= {parts[-1].rsplit(".", 1)[0]
                for parts in _record_parts(project.data_dir / table.folder, project.years, inside=False)}
    return ids


# What an ingest or a new record gives for a file, instead of (or before) what is on disk: its
# text, the record as loaded, what makes that record when it is needed, or the file as read.
Given = str | LocatedDict | Callable[[], LocatedDict] | YamlDocument
Overlay = dict[Path, Given]


@dataclass(frozen=True)
class RecordSource:
    """A record file to read: its table, its path, and what an overlay gives for it (None: the file)."""

    table: TableSpec
    path: Path
    given: Given | None = None

    @property
    def made(self) -> bool:
        """Whether the record is made when it is read (and so can be made again, not kept)."""
        return callable(self.given)


def read_records(project: Project, catalog: Catalog, overlay: Overlay | None = None) -> list[RecordFile]:
    """Read every record file of every kind the catalog names.

    ``overlay`` gives the text some files would have (new files included), or the record as
    already loaded: an ingest validates the records as they would be before it writes anything.
    A ``YamlDocument`` is a file as already read, problems and all.
    """
    return [read_record(project, source) for source in record_sources(project, catalog, overlay)]


def record_sources(project: Project, catalog: Catalog, overlay: Overlay | None = None) -> list[RecordSource]:
    """Every record file ``read_records`` reads, in its order, not yet read."""
    given_by_folder = _overlay_by_folder(project, overlay or {})
    sources = []
    for table in catalog.roots:
        assert table.folder is not None
        folder = project.data_dir / table.folder
        # Sorted as text before making Paths, which cost more to sort and hash.
        found = sorted(_record_parts(folder, project.years, True), key="/".join)
        given = {text: entry for text, entry in given_by_folder.get(table.folder, {}).items()
                 if previewed(project, folder, entry[0])}
        if not given:  # most calls
            sources += [RecordSource(table, folder.joinpath(*parts)) for parts in found]
            continue
        prefix = f"{folder}{os.sep}"
        on_disk = {prefix + os.sep.join(parts): parts for parts in found}
        for text in sorted(on_disk.keys() | given.keys()):
            entry = given.get(text)
            sources.append(RecordSource(table, folder.joinpath(*on_disk[text])) if entry is None
                           else RecordSource(table, *entry))
    return sources


def _overlay_by_folder(project: Project, overlay: Overlay) -> dict[str, dict[str, tuple[Path, Given]]]:
    """The overlay's files and what it gives for each, by their folder under ``data/``, each known
    by its text: an ingest gives 100,000 new records, and a Path is hashed anew each time."""
    prefix = f"{project.data_dir}{os.sep}"
    by_folder: dict[str, dict[str, tuple[Path, Given]]] = {}
    for path, given in overlay.items():
        text = str(path)
        folder = text[len(prefix):].partition(os.sep)[0] if text.startswith(prefix) else ""
        by_folder.setdefault(folder, {})[text] = (path, given)
    return by_folder


def read_record(project: Project, source: RecordSource) -> RecordFile:
    """Read one record file, or take what the overlay gives for it."""
    path, given = source.path, source.given
    if isinstance(given, YamlDocument):
        document = given
    elif isinstance(given, LocatedDict):
        document = YamlDocument(path, project.relpath(path), given)
    elif callable(given):
        document = YamlDocument(path, project.relpath(path), given())
    elif given is None and project.reuse_parsed:
        document = _parsed_again(path, project.relpath(path))
    else:
        document = read_yaml(path, project.relpath(path), given)
    return RecordFile(source.table, document)


# Parsed records of this process, for previews that rebuild after every save, keyed by what a save
# changes: size, modification and change times (nanoseconds) and the inode (editors that replace files).
_PARSED: dict[Path, tuple[tuple[int, int, int, int], YamlDocument]] = {}


def _parsed_again(path: Path, relpath: str) -> YamlDocument:
    """The document for ``path``, parsed again only when the file changed since last time."""
    try:
        status = path.stat()
    except OSError:
        return read_yaml(path, relpath)
    stamp = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
    known = _PARSED.get(path)
    if known and known[0] == stamp:
        return known[1]
    document = read_yaml(path, relpath)
    _PARSED[path] = (stamp, document)
    return document
