"""The demo archive: the same seed writes the same bytes, each year has exact counts, and it validates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.demo import FINAL_YEAR, DemoSummary, write_demo_archive
from generator.demo.year import build_year
from generator.project import Project
from generator.validation import Validation, validate_project

from .conftest import REPO

YEARS = 2
SEED = 7
# Exactly this many of each, every year.
PER_YEAR = {
    "workplans": 1, "workplan_items": 60, "events": 250, "award_lists": 30, "award_entries": 600,
    "notices": 120, "publicities": 20, "proposals": 150, "membership": 1,
}
# Enumerated fields whose every allowed value occurs in every year.
EVERY_VALUE_EACH_YEAR = [
    ("events", "category"), ("award_entries", "kind"), ("notices", "kind"), ("proposals", "category"),
    ("proposals", "decision"), ("proposals", "feedback"), ("proposal_history", "status"),
    ("proposal_departments", "role"), ("workplan_items", "status"), ("event_signups", "group"),
    ("events", "state"), ("award_lists", "state"), ("notices", "state"), ("proposals", "state"),
]
# Drafts every year, of each kind with a state.
DRAFTS_PER_YEAR = {"events": 6, "award_lists": 1, "notices": 3, "proposals": 5}
TITLES = [("events", "title"), ("award_lists", "title"), ("notices", "title"), ("proposals", "title")]
TEXTS = [("events", "summary"), ("notices", "body"), ("proposals", "content"), ("proposals", "reply"),
         ("workplans", "general_requirements")]

Tables = dict[str, list[dict[str, Any]]]


def write(root: Path, seed: int = SEED) -> DemoSummary:
    return write_demo_archive(root, YEARS, seed, source_root=REPO)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    root = tmp_path_factory.mktemp("demo") / "site"
    return root, write(root)


@pytest.fixture(scope="module")
def validation(archive: tuple[Path, DemoSummary]) -> Validation:
    return validate_project(Project(archive[0]), strict=True)


@pytest.fixture(scope="module")
def tables(validation: Validation) -> Tables:
    assert validation.flattened is not None
    return {name: table.rows for name, table in validation.flattened.tables.items()}


def year_of(record_id: str) -> int:
    """Return the year in an id: E2025-001, WP2025-3-07, A2025-01, N2025-001, P2025-001, M2025."""
    return int(record_id.lstrip("WPEANM")[:4])


def by_year(rows: list[dict[str, Any]], id_field: str) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(year_of(row[id_field]), []).append(row)
    return grouped


def test_the_archive_validates_without_a_problem(validation: Validation) -> None:
    assert validation.report.problems == []
    assert validation.report.files_read == YEARS * (1 + 250 + 30 + 120 + 150 + 1)


def test_the_same_seed_writes_the_same_bytes(archive: tuple[Path, DemoSummary], tmp_path: Path) -> None:
    write(tmp_path / "again")
    assert tree(tmp_path / "again") == tree(archive[0])


def test_the_same_seed_writes_the_same_bytes_in_another_process(archive: tuple[Path, DemoSummary],
                                                                tmp_path: Path) -> None:
    # Another hash seed: nothing may depend on the order of a set or on str hashes.
    code = ("import sys; from pathlib import Path; from generator.demo import write_demo_archive; "
            f"write_demo_archive(Path(sys.argv[1]), {YEARS}, {SEED}, source_root=Path(sys.argv[2]))")
    environment = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "other"), str(REPO)], check=True, env=environment)
    assert tree(tmp_path / "other") == tree(archive[0])


def test_another_seed_writes_another_archive(archive: tuple[Path, DemoSummary], tmp_path: Path) -> None:
    write(tmp_path / "other", seed=SEED + 1)
    ours, theirs = tree(archive[0]), tree(tmp_path / "other")
    assert ours.keys() == theirs.keys()  # the same ids: every count is fixed
    data = [name for name in ours if name.startswith("data/")]
    assert sum(ours[name] != theirs[name] for name in data) > 0.9 * len(data)


def test_exact_counts_every_year(tables: Tables) -> None:
    counted = {
        "workplans": by_year(tables["workplans"], "id"),
        "workplan_items": by_year(tables["workplan_items"], "id"),
        "events": by_year(tables["events"], "id"),
        "award_lists": by_year(tables["award_lists"], "id"),
        "award_entries": by_year(tables["award_entries"], "award_list_id"),
        "notices": by_year(tables["notices"], "id"),
        "publicities": by_year([n for n in tables["notices"] if n["kind"] == "公示"], "id"),
        "proposals": by_year(tables["proposals"], "id"),
        "membership": by_year(tables["membership"], "id"),
    }
    years = list(range(FINAL_YEAR - YEARS + 1, FINAL_YEAR + 1))
    for kind, expected in PER_YEAR.items():
        assert {year: len(rows) for year, rows in sorted(counted[kind].items())} == dict.fromkeys(years, expected), kind


def test_each_work_plan_has_six_sections_of_distinct_items(tables: Tables) -> None:
    for year, items in by_year(tables["workplan_items"], "id").items():
        assert len({item["section"] for item in items}) == 6, year
        assert len({item["text"] for item in items}) == len(items), year


def test_a_few_drafts_every_year(tables: Tables) -> None:
    years = range(FINAL_YEAR - YEARS + 1, FINAL_YEAR + 1)
    for table, count in DRAFTS_PER_YEAR.items():
        drafts = by_year([row for row in tables[table] if row["state"] == "draft"], "id")
        assert {year: len(drafts.get(year, [])) for year in years} == dict.fromkeys(years, count), table


def test_the_summary_counts_what_was_written(archive: tuple[Path, DemoSummary]) -> None:
    root, summary = archive
    assert (summary.first_year, summary.last_year, summary.seed) == (FINAL_YEAR - YEARS + 1, FINAL_YEAR, SEED)
    assert {kind: summary.counts[kind] for kind in PER_YEAR} == {k: YEARS * n for k, n in PER_YEAR.items()}
    assert summary.counts["drafts"] == YEARS * sum(DRAFTS_PER_YEAR.values())
    assert summary.files == len(list((root / "data").rglob("*.yaml")))
    assert all(line for line in summary.lines())


def test_every_allowed_value_occurs_every_year(tables: Tables, validation: Validation) -> None:
    assert validation.catalog is not None
    parents = {"award_entries": "award_list_id", "proposal_history": "proposal_id",
               "proposal_departments": "proposal_id", "event_signups": "event_id"}
    for table, field in EVERY_VALUE_EACH_YEAR:
        allowed = set(validation.catalog.tables[table].field_map[field].enum)
        for year, rows in by_year(tables[table], parents.get(table, "id")).items():
            assert {row.get(field) for row in rows} >= allowed, (table, field, year)
    assert {p.get("decision") for p in tables["proposals"]} >= {None}  # some still wait for review


def test_every_record_is_marked_as_demo(validation: Validation, tables: Tables) -> None:
    assert validation.catalog is not None
    for spec in validation.catalog.roots:
        if "demo" in spec.field_map:
            assert all(row.get("demo") is True for row in tables[spec.name]), spec.name


def test_titles_and_texts_are_of_realistic_length(tables: Tables) -> None:
    for table, field in TITLES:
        assert all(10 <= len(row[field]) <= 30 for row in tables[table]), (table, field)
    for table, field in TEXTS:
        assert all(80 <= len(row[field]) <= 400 for row in tables[table] if row.get(field)), (table, field)


def test_the_files_read_back_as_the_records(archive: tuple[Path, DemoSummary]) -> None:
    root = archive[0]
    settings = Project(root).settings()
    for relative, record in build_year(SEED, FINAL_YEAR, settings).files():
        text = (root / "data" / relative).read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.CSafeLoader) == without_absent(record), relative


def without_absent(value: Any) -> Any:
    """Return ``value`` as written: keys holding None or an empty list are left out."""
    if isinstance(value, dict):
        return {k: without_absent(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [without_absent(v) for v in value]
    return value


def test_the_site_is_copied_without_the_projects_records(archive: tuple[Path, DemoSummary]) -> None:
    root = archive[0]
    assert (root / "mkdocs.yml").read_bytes() == (REPO / "mkdocs.yml").read_bytes()
    assert tree(root / "site_config") == tree(REPO / "site_config")
    assert not (root / "content" / "attachments").exists()
    assert sorted(p.name for p in (root / "data").iterdir()) == [
        "awards", "events", "membership", "notices", "proposals", "workplans"]
    assert not list((root / "data").rglob("*2017*"))


def test_a_folder_in_use_is_refused(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_demo_archive(tmp_path, 1, source_root=REPO)
    with pytest.raises(ValueError):
        write_demo_archive(tmp_path / "new", 0, source_root=REPO)


def test_the_demo_command_writes_an_archive_and_refuses_a_full_folder(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    out = tmp_path / "archive"
    done = CliRunner().invoke(cli, ["demo", "--root", str(REPO), "--years", "1", "--out", str(out), "--seed", "3"])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[0] == "示例数据：2026—2026 年（种子 3），共 552 个记录文件。"
    again = CliRunner().invoke(cli, ["demo", "--root", str(REPO), "--years", "1", "--out", str(out)])
    assert (again.exit_code, again.output) == (2, f"目录 {out} 不是空的；示例数据只写入新目录。\n")
