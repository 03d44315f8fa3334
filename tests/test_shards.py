"""Reading the records in two processes gives what one process gives: every problem, in place."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import forking, shards
from generator import validation as validation_module
from generator.ingest.emit import record_as_read
from generator.located import LocatedDict
from generator.project import Project
from generator.records import record_sources
from generator.rules import RULES
from generator.validation import Validation, validate_project
from generator.yamlsource import read_yaml

from .conftest import SCENARIOS, copy_demo
from .dealing import count_children, deal

INVALID = sorted(p for p in (SCENARIOS / "invalid").iterdir() if p.is_dir())


@pytest.fixture
def counted_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the children started; any archive, however small, is shared."""
    started = count_children(monkeypatch)
    monkeypatch.setattr(shards, "MIN_FILES_FOR_CHILD", 0)
    return started


@pytest.fixture
def forks(counted_forks: list[int], monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """As ``counted_forks``, in a test process that may run threads of its own (the browser tests' server)."""
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    return counted_forks


def problem_lines(validation: Validation) -> list[str]:
    return [p.as_text() for p in validation.report.sorted()]


def tables(validation: Validation) -> dict[str, Any]:
    """Every row, typed row and origin (with the position of every cell) of every table."""
    assert validation.flattened and validation.typed
    result = {}
    for name, table in validation.flattened.tables.items():
        names = [f.name for f in table.spec.fields]
        origins = [(o.path, o.record_id, o.position, [o.cell(n) for n in names]) for o in table.origins]
        result[name] = (table.rows, validation.typed.rows[name], origins)
    return result


def validate_unshared(root: Path, **kwargs: Any) -> Validation:
    saved = forking.may_fork
    forking.may_fork = lambda: False
    try:
        return validate_project(Project(root), **kwargs)
    finally:
        forking.may_fork = saved


@pytest.mark.parametrize("scenario", INVALID, ids=[p.name for p in INVALID])
def test_every_dealing_of_a_scenario_s_files_reports_what_one_process_reports(
        scenario: Path, scenario_root: Callable[..., Path], monkeypatch: pytest.MonkeyPatch,
        forks: list[int]) -> None:
    root = scenario_root(scenario)
    alone = validate_unshared(root)
    count = len(record_sources(Project(root), Project(root).catalog()))
    assert count <= 64  # a file a run
    runs = [set(range(start, end)) for start in range(count) for end in range(start + 1, count + 1)]
    dealings = [*runs, set(range(0, count, 2)), set(range(1, count, 2))]
    for to_child in dealings:
        deal(monkeypatch, to_child)
        shared = validate_project(Project(root))
        assert problem_lines(shared) == problem_lines(alone), to_child
        assert shared.report.files_read == alone.report.files_read == count
        assert tables(shared) == tables(alone), to_child
    assert len(forks) == len(dealings)


def test_the_demo_and_an_ingest_s_overlay_read_the_same_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              forks: list[int]) -> None:
    root = copy_demo(tmp_path / "root")
    project = Project(root)
    events = sorted((root / "data/events").rglob("*.yaml"), key=str)
    first, last = events[0], events[-1]
    new = root / "data/proposals/2024/P2024-001.yaml"
    made = root / "data/proposals/2024/P2024-002.yaml"
    proposal = sorted((root / "data/proposals").rglob("*.yaml"))[0]
    made_valid = proposal.with_name(f"{proposal.stem[:5]}-900.yaml")
    notice = next((root / "data/notices").rglob("*.yaml"))
    overlay: dict[Path, Any] = {
        first: first.read_text(encoding="utf-8").replace("category:", "category: 不存在的类别\nx_category:"),
        # A list for a title: reported once while flattening, and not again as a missing title.
        last: last.read_text(encoding="utf-8").replace("\ntitle:", "\ntitle: [甲, 乙]\nx_title:"),
        new: "id: P2024-001\ntitle: 新提案\nphone: 13800138000\n",
        notice: read_yaml(notice, project.relpath(notice)),
        # Made each time it is read, as an ingest's new records are; its title holds a phone number.
        made: lambda: record_as_read({"id": "P2024-002", "title": "请回电 13800138000", "category": "其他"}),
        # And one without a problem: a copy of a proposal of the demo.
        made_valid: lambda: record_as_read({**yaml.safe_load(proposal.read_text(encoding="utf-8")),
                                            "id": made_valid.stem, "number": 99}),
    }
    sources = record_sources(project, project.catalog(), overlay)
    run = -(-len(sources) // 64)  # files a run
    tasks = {source.path: index // run for index, source in enumerate(sources)}
    # From the last event on (its rows follow others'), the new proposal given as text, the
    # notice given parsed, the record made when read.
    deal(monkeypatch, {tasks[last], tasks[last] + 1, tasks[last] + 2, tasks[new], tasks[notice], tasks[made]})
    alone = validate_unshared(root, overlay=overlay)
    shared = validate_project(project, overlay=overlay)
    # A made record is not kept: its rows find it again (made anew) when a problem needs it.
    for validation in (alone, shared):
        assert validation.flattened is not None
        origins = [o for t in validation.flattened.tables.values() for o in t.origins
                   if o.path == project.relpath(made_valid)]
        assert len(origins) > 3 and [o for o in origins if isinstance(o.source, LocatedDict)] == []
        assert len({id(o) for o in origins}) == 1  # without places, its rows are told apart by nothing
    assert forks == [1]
    lines = problem_lines(alone)
    assert [line for line in lines if line.startswith(project.relpath(made_valid))] == []
    assert [line.split(" ")[1] for line in lines if line.startswith(project.relpath(last))] == [
        "[not-a-value]", "[unknown-key]"]
    assert [line.split(" ")[:2] for line in lines if "[private-data]" in line] == [
        [f"{project.relpath(made)}:1:1:", "[private-data]"]]
    assert problem_lines(shared) == lines
    assert tables(shared) == tables(alone)


def test_the_checks_of_the_tables_in_two_processes_report_what_one_process_reports(
        scenario_root: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = scenario_root(SCENARIOS / "invalid" / "proposals")
    alone = validate_unshared(root)
    # Found by the schemas' check (a value not in its list, of the wrong type) and by the rules'.
    assert {p.code for p in alone.report.problems} == {
        "not-in-list", "wrong-type", "merged-into-missing", "merged-into-self", "merged-into-unused",
        "too-few-cosigners"}
    started = count_children(monkeypatch)
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    monkeypatch.setattr(validation_module, "MIN_FILES_FOR_CHILD", 0)
    # Each rule is a task, then each table's schema: the rules, the schemas, every other task,
    # or none of them in the child.
    assert alone.catalog
    rules, schemas = set(range(len(RULES))), set(range(len(RULES), len(RULES) + len(alone.catalog.tables)))
    for to_child in (rules, schemas, set(range(0, len(rules | schemas), 2)), set()):
        deal(monkeypatch, to_child)
        assert problem_lines(validate_project(Project(root))) == problem_lines(alone), to_child
    assert len(started) == 4


def test_when_the_child_fails_its_part_is_read_here(scenario_root: Callable[..., Path],
                                                   monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    root = scenario_root(SCENARIOS / "invalid" / "references")
    alone = validate_unshared(root)

    def fail(part: object) -> bytes:  # packing happens in the child only
        raise MemoryError

    monkeypatch.setattr(shards, "_pack", fail)
    shared = validate_project(Project(root))
    assert forks == [1]
    assert problem_lines(shared) == problem_lines(alone) and len(problem_lines(alone)) == 4
    assert tables(shared) == tables(alone)


def test_no_child_is_forked_beside_other_threads(scenario_root: Callable[..., Path],
                                                counted_forks: list[int]) -> None:
    root = scenario_root(SCENARIOS / "invalid" / "references")
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert forking.may_fork() is False
        validation = validate_project(Project(root))
    finally:
        release.set()
        waiting.join()
    assert counted_forks == [] and len(problem_lines(validation)) == 4


def test_a_process_of_one_thread_may_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking.threading, "active_count", lambda: 1)
    monkeypatch.setattr(forking, "_memory_to_spare", lambda: True)
    assert forking.may_fork() is (sys.platform.startswith("linux") and forking._cores() >= 2)


def test_small_archives_are_read_in_one_process(scenario_root: Callable[..., Path],
                                                monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    root = scenario_root()
    count = len(record_sources(Project(root), Project(root).catalog()))
    monkeypatch.setattr(shards, "MIN_FILES_FOR_CHILD", count + 1)
    validate_project(Project(root))
    assert forks == []
    monkeypatch.setattr(shards, "MIN_FILES_FOR_CHILD", count)
    validate_project(Project(root))
    assert forks == [1]


def test_no_child_is_forked_without_memory_to_spare(scenario_root: Callable[..., Path],
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    counted_forks: list[int]) -> None:
    root = scenario_root(SCENARIOS / "invalid" / "references")
    monkeypatch.setattr(forking, "_fork_is_safe", lambda: True)
    monkeypatch.setattr(forking, "_cores", lambda: 2)
    monkeypatch.setattr(forking, "_memory_to_spare", lambda: False)
    validation = validate_project(Project(root))
    assert counted_forks == [] and len(problem_lines(validation)) == 4
    monkeypatch.setattr(forking, "_memory_to_spare", lambda: True)
    validate_project(Project(root))
    assert counted_forks == [1]


def test_when_no_child_can_be_started_its_part_is_read_here(scenario_root: Callable[..., Path],
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            forks: list[int]) -> None:
    root = scenario_root(SCENARIOS / "invalid" / "references")
    alone = validate_unshared(root)

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    shared = validate_project(Project(root))
    assert forks == [1]  # tried
    assert problem_lines(shared) == problem_lines(alone) and tables(shared) == tables(alone)


@pytest.mark.parametrize("scenario", ["references", "types_and_shapes", "duplicate_key"])
def test_records_let_go_are_read_again_for_the_positions_of_problems(
        scenario: str, scenario_root: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    root = scenario_root(SCENARIOS / "invalid" / scenario)
    kept = validate_unshared(root)
    deal(monkeypatch, {0, 2})  # with a child, too
    for validation in (validate_unshared(root, keep_records=False),
                       validate_project(Project(root), keep_records=False)):
        assert validation.flattened is not None
        origins = [origin for table in validation.flattened.tables.values() for origin in table.origins]
        # Only a file with a problem was read again (to place it); every other record was let go.
        with_problems = {problem.path for problem in validation.report.problems}
        assert {o.path for o in origins if isinstance(o.source, LocatedDict)} <= with_problems
        assert any(o.path not in with_problems for o in origins)
        assert problem_lines(validation) == problem_lines(kept) and problem_lines(kept)
        assert tables(validation) == tables(kept)
