"""Previewing some years of a large archive: only those years are read, references to others stand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import plugin
from generator.demo import write_demo_archive
from generator.project import Project, parse_years
from generator.records import read_records
from generator.validation import validate_project

from .conftest import REPO, build_site_at


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("preview") / "site"
    write_demo_archive(root, years=2, seed=1, source_root=REPO)
    return root


def refer_to(root: Path, record_id: str) -> Path:
    """Make the first notice of 2026 refer to ``record_id``; return its file."""
    path = root / "data/notices/2026/N2026-001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("related:\n", f"related:\n  - {record_id}\n", 1), encoding="utf-8")
    return path


def test_years_are_written_as_one_or_a_range() -> None:
    assert (parse_years("2026"), parse_years("2024-2026")) == ((2026, 2026), (2024, 2026))
    for wrong in ("26", "2026-2024", "今年", ""):
        with pytest.raises(ValueError):
            parse_years(wrong)


def test_a_preview_reads_its_years_and_every_work_plan(archive: Path) -> None:
    project = Project(archive, years=(2026, 2026))
    paths = {f.document.relpath for f in read_records(project, project.catalog())}
    assert "data/workplans/2025.yaml" in paths and "data/workplans/2026.yaml" in paths
    assert not [p for p in paths if "/2025/" in p]
    assert len([p for p in paths if "/2026/" in p]) == 550


def test_references_to_unread_years_stand_and_others_do_not(archive: Path) -> None:
    path = refer_to(archive, "E2025-001")
    original = path.read_text(encoding="utf-8")
    try:
        assert validate_project(Project(archive, years=(2026, 2026))).report.problems == []
        path.write_text(original.replace("  - E2025-001\n", "  - E2025-999\n"), encoding="utf-8")
        problems = validate_project(Project(archive, years=(2026, 2026))).report.problems
        assert [(p.path, p.code, p.found) for p in problems] == [
            ("data/notices/2026/N2026-001.yaml", "unknown-reference", "E2025-999")]
    finally:
        path.write_text(original.replace("  - E2025-999\n", "").replace("  - E2025-001\n", ""), encoding="utf-8")


@pytest.fixture
def serving(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The plugin as mkdocs serve's on_startup leaves it; the collector as it was afterwards."""
    monkeypatch.setattr(plugin, "_SERVING", [True])
    monkeypatch.setattr(plugin, "_REBUILDING", [False])
    yield
    plugin.PREVIEW_COLLECTION.stop()


def test_a_preview_builds_only_its_years(archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         serving: None) -> None:
    monkeypatch.setenv("UNIONSITE_YEARS", "2026")
    site = build_site_at(archive, tmp_path / "site", build_date="2026-06-30")
    assert (site / "events/2026/E2026-001/index.html").is_file()
    assert not (site / "events/2025").exists() and not (site / "notices/2025").exists()


def test_a_build_publishes_every_year_whatever_the_shell_says(archive: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("UNIONSITE_YEARS", "2026")
    monkeypatch.setattr(plugin, "_SERVING", [False])
    site = build_site_at(archive, tmp_path / "site", build_date="2026-06-30")
    assert (site / "events/2025/E2025-001/index.html").is_file()
    assert "预览年份（2026）只用于 mkdocs serve；生成网站时总是生成全部年份。" in caplog.text


def test_a_serving_process_parses_only_changed_files(archive: Path) -> None:
    project = Project(archive, years=(2026, 2026), reuse_parsed=True)
    first = {f.document.relpath: f.document for f in read_records(project, project.catalog())}
    path = refer_to(archive, "E2026-002")
    try:
        second = {f.document.relpath: f.document for f in read_records(project, project.catalog())}
        changed = "data/notices/2026/N2026-001.yaml"
        assert [name for name in first if first[name] is not second[name]] == [changed]
        assert second[changed].root["related"][0] == "E2026-002"
    finally:
        path.write_text(path.read_text(encoding="utf-8").replace("  - E2026-002\n", ""), encoding="utf-8")


def test_a_preview_watches_only_its_years(archive: Path) -> None:
    data = archive / "data"
    watched = {(p.relative_to(archive).as_posix(), recursive)
               for p, recursive in plugin.watched_data(Project(archive, years=(2026, 2026)))}
    kinds = sorted(p.name for p in data.iterdir() if p.is_dir())
    assert watched == {("data", False)} | {(f"data/{kind}", False) for kind in kinds} | {
        (f"data/{kind}/2026", True) for kind in kinds if (data / kind / "2026").is_dir()}
    assert ("data/events/2026", True) in watched and ("data/events/2025", True) not in watched
    assert [(p, r) for p, r in plugin.watched_data(Project(archive))] == [(data, True)]
