"""Finding and reading the record files under ``data/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, TableSpec
from .project import Project
from .yamlsource import LocatedDict, YamlDocument, read_yaml

RECORD_SUFFIXES = (".yaml", ".yml")


@dataclass
class RecordFile:
    """One record file and the root table its record belongs to."""

    table: TableSpec
    document: YamlDocument


def record_paths(folder: Path) -> list[Path]:
    """Return every YAML file below ``folder``, sorted, hidden files left out."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*")
        if p.suffix in RECORD_SUFFIXES and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read_records(project: Project, catalog: Catalog,
                 overlay: dict[Path, str | LocatedDict] | None = None) -> list[RecordFile]:
    """Read every record file of every kind the catalog names.

    ``overlay`` gives the text some files would have (new files included), or the record as
    already loaded: an ingest validates the records as they would be before it writes anything.
    """
    overlay = overlay or {}
    by_folder: dict[str, list[Path]] = {}
    data_prefix = len(project.data_dir.parts)
    for path in overlay:
        by_folder.setdefault(path.parts[data_prefix] if len(path.parts) > data_prefix else "", []).append(path)
    files = []
    for table in catalog.roots:
        assert table.folder is not None
        folder = project.data_dir / table.folder
        paths = set(record_paths(folder)) | set(by_folder.get(table.folder, []))
        for path in sorted(paths, key=str):
            given = overlay.get(path)
            if isinstance(given, LocatedDict):
                document = YamlDocument(path, project.relpath(path), given)
            else:
                document = read_yaml(path, project.relpath(path), given)
            files.append(RecordFile(table, document))
    return files
