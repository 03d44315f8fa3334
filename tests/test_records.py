"""Finding record files: which files count, in which order, and how their paths are shown."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.project import Project
from generator.records import file_in, ids_outside_preview, record_paths, record_sources

from .conftest import REPO


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("id: x\n", encoding="utf-8")
    return path


def test_record_paths_order_and_what_counts(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    names = ["2017/E2017-002.yaml", "2017/E2017-001.yml", "2017-b/E1.yaml", "2017/sub/E3.yaml", "top.yaml",
             "2017/.hidden.yaml", ".git/x.yaml", "2017/notes.txt", "2017/E2017-003.yaml.bak"]
    for name in names:
        _touch(folder / name)
    (folder / "2017" / "folder.yaml").mkdir()  # a folder named like a record is not one
    outside = _touch(tmp_path / "elsewhere" / "linked.yaml")
    os.symlink(outside, folder / "2017" / "link.yaml")  # a linked file is read
    os.symlink(tmp_path / "elsewhere", folder / "linked-folder")  # a linked folder is not walked

    found = record_paths(folder)

    expected = [folder / n for n in ("2017/E2017-001.yml", "2017/E2017-002.yaml", "2017/link.yaml",
                                     "2017/sub/E3.yaml", "2017-b/E1.yaml", "top.yaml")]
    assert found == expected
    assert found == sorted(found)  # pathlib's own order: "2017/…" before "2017-b/…"


def test_record_paths_of_a_missing_folder(tmp_path: Path) -> None:
    assert record_paths(tmp_path / "none") == []
    _touch(tmp_path / "file.yaml")
    assert record_paths(tmp_path / "file.yaml") == []


def test_relpath_inside_and_outside_the_root(tmp_path: Path) -> None:
    project = Project(tmp_path / "site")
    assert project.relpath(tmp_path / "site" / "data" / "events" / "E1.yaml") == "data/events/E1.yaml"
    assert project.relpath(tmp_path / "site-other" / "E1.yaml") == (tmp_path / "site-other" / "E1.yaml").as_posix()
    assert project.relpath(tmp_path / "elsewhere.yaml") == (tmp_path / "elsewhere.yaml").as_posix()


def test_record_paths_of_some_years(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    for name in ("2016/E2016-001.yaml", "2017/E2017-001.yaml", "2018/E2018-001.yaml", "2019/E2019-001.yaml",
                 "2017.yaml", "misc/E1.yaml", "20170/E1.yaml"):
        _touch(folder / name)
    inside = record_paths(folder, (2017, 2018))
    outside = record_paths(folder, (2017, 2018), inside=False)
    # Records outside year folders are read in every preview.
    assert [p.relative_to(folder).as_posix() for p in inside] == [
        "2017/E2017-001.yaml", "2017.yaml", "20170/E1.yaml", "2018/E2018-001.yaml", "misc/E1.yaml"]
    assert [p.relative_to(folder).as_posix() for p in outside] == ["2016/E2016-001.yaml", "2019/E2019-001.yaml"]


def test_a_preview_knows_the_other_years_records_by_file_name(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(REPO / "site_config", root / "site_config")
    for name in ("events/2016/E2016-001.yaml", "events/2017/E2017-001.yaml", "events/2018/E2018-001.yml",
                 "events/2018/sub/E2018.v2.yaml", "workplans/2016.yaml", "proposals/2019/P2019-001.yaml"):
        _touch(root / "data" / name)
    project = Project(root, years=(2017, 2017))
    assert ids_outside_preview(project, project.catalog()) == {"E2016-001", "E2018-001", "E2018.v2", "P2019-001"}
    assert ids_outside_preview(Project(root), Project(root).catalog()) == set()


def test_record_sources_come_in_the_order_of_their_paths_as_text(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(REPO / "site_config", root / "site_config")
    for name in ("events/2017-b/E1.yaml", "events/2017/E2017-002.yaml", "events/2017/sub/E3.yaml",
                 "events/2017/E2017-001.yml", "workplans/2017.yaml"):
        _touch(root / "data" / name)
    project = Project(root)
    events = root / "data/events"
    as_text = [events / n for n in ("2017-b/E1.yaml", "2017/E2017-001.yml", "2017/E2017-002.yaml", "2017/sub/E3.yaml")]
    assert [str(p) for p in as_text] == sorted(str(p) for p in as_text)  # "2017-b" before "2017/": text order
    sources = record_sources(project, project.catalog())
    assert [s.path for s in sources if s.table.name == "events"] == as_text
    assert all(s.given is None for s in sources)
    new = events / "2017/E2017-0015.yaml"  # an ingest's new file takes its place among them
    sources = record_sources(project, project.catalog(), {new: "id: E2017-0015\n"})
    assert [s.path for s in sources if s.table.name == "events"] == [*as_text[:2], new, *as_text[2:]]
    assert [s.given for s in sources if s.path == new] == ["id: E2017-0015\n"]
    # a file on disk that the overlay gives anew is read once, from the overlay
    sources = record_sources(project, project.catalog(), {new: "id: E2017-0015\n", as_text[1]: "id: changed\n"})
    assert [s.path for s in sources if s.table.name == "events"] == [*as_text[:2], new, *as_text[2:]]
    assert [(s.path, s.given) for s in sources if s.given is not None] == [
        (as_text[1], "id: changed\n"), (new, "id: E2017-0015\n")]


def test_a_file_in_a_folder_is_the_path_joined_with_its_name(tmp_path: Path) -> None:
    made = file_in(tmp_path / "data" / "proposals", "P2026-001.yaml")
    assert made == tmp_path / "data" / "proposals" / "P2026-001.yaml"
    assert type(made) is type(tmp_path)
    assert str(made) == f"{tmp_path}{os.sep}data{os.sep}proposals{os.sep}P2026-001.yaml"
    assert made.parent == tmp_path / "data" / "proposals" and made.stem == "P2026-001"
