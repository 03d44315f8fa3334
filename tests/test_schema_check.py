"""The schema check finds exactly the cells Frictionless's Package.validate() finds.

Our checker reads the same Table Schemas and exists only because Frictionless's fixed cost
(about a second for the twenty tables) is too slow for an officer's every run; this test holds
the two to the same verdicts on every scenario and on the demo data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from frictionless import Package, Resource, Schema

from generator.project import Project
from generator.records import read_records
from generator.schema_check import cast_table, cast_tables, schema_errors
from generator.tables import Flattened, Table, flatten

from .conftest import REPO, SCENARIOS

CASES = [None, *sorted(p for p in (SCENARIOS / "invalid").iterdir() if p.is_dir())]
Verdict = set[tuple[str, int, str | None, str]]


def flattened(root: Path) -> tuple[Any, Flattened]:
    project = Project(root)
    catalog = project.catalog()
    return catalog, flatten(catalog, read_records(project, catalog))


def ours(root: Path) -> Verdict:
    catalog, flat = flattened(root)
    row_level = {"primary-key", "unique", "foreign-key"}
    return {(e.table, e.row, None if e.kind in row_level else e.field, e.kind)
            for e in schema_errors(catalog, flat)}


def frictionless_verdict(root: Path) -> Verdict:
    _, flat = flattened(root)
    package = Package(resources=[
        Resource(name=name, data=table.as_lists(), schema=Schema.from_descriptor(table.spec.schema))
        for name, table in flat.tables.items()])
    verdict: Verdict = set()
    for task in package.validate().tasks:
        for error in task.errors:
            verdict.add((task.name, error.row_number - 2, *_kind(error)))
    return verdict


def _kind(error: Any) -> tuple[str | None, str]:
    if error.type in ("primary-key", "foreign-key", "unique-error"):
        return None, "unique" if error.type == "unique-error" else error.type
    if error.type == "type-error":
        return error.field_name, "type"
    constraint = re.match(r'constraint "(\w+)"', error.note).group(1)  # type: ignore[union-attr]
    kind = {"minimum": "range", "maximum": "range"}.get(constraint, constraint)
    return error.field_name, kind


@pytest.mark.parametrize("scenario", CASES, ids=["base", *[p.name for p in CASES[1:]]])
def test_same_verdict_as_frictionless(scenario: Path | None,
                                      scenario_root: Callable[..., Path]) -> None:
    root = scenario_root(*([scenario] if scenario else []))
    assert ours(root) == frictionless_verdict(root)


def test_same_verdict_on_the_demo_data() -> None:
    assert ours(REPO) == frictionless_verdict(REPO) == set()


def test_a_row_of_text_standing_as_it_is_is_its_own_cast_row() -> None:
    _, flat = flattened(REPO)
    cast = cast_tables(flat)
    same = {name: [typed is row for row, typed in zip(flat.tables[name].rows, cast.rows[name], strict=True)]
            for name in flat.tables}
    # Every co-signer row is its proposal's id and a name: text, each field present.
    assert same["proposal_cosigners"] and all(same["proposal_cosigners"])
    # A proposal has dates to cast and fields left out: its cast row is a new one.
    assert same["proposals"] and not any(same["proposals"])
    for name, table in flat.tables.items():
        fields = [f.name for f in table.spec.fields]
        for row, typed in zip(table.rows, cast.rows[name], strict=True):
            assert list(typed) == fields
            assert all(typed[f] is row[f] for f in fields if isinstance(row.get(f), str)
                       and table.spec.field_map[f].type == "string")


def test_a_row_is_copied_only_when_a_cell_casts_to_something_else_or_it_is_not_laid_out_as_its_schema() -> None:
    spec = Project(REPO).catalog().tables["proposal_cosigners"]  # proposal_id, seq (integer), name, delegation
    rows: list[dict[str, Any]] = [
        {"proposal_id": "P2017-001", "seq": 1, "name": "张三", "delegation": None},  # stands as it is
        {"proposal_id": "P2017-001", "seq": 2, "name": "李四", "delegation": "机械学院代表团"},  # likewise
        {"proposal_id": "P2017-001", "seq": 3, "name": "王五"},  # a field left out
        {"seq": 4, "proposal_id": "P2017-001", "name": "赵六", "delegation": None},  # another order
        {"proposal_id": "P2017-001", "seq": "5", "name": "钱七", "delegation": None},  # a number to cast
        {"proposal_id": "P2017-001", "seq": 6, "name": None, "delegation": ""},  # required missing; "" is None
        {"proposal_id": "P2017-001", "seq": True, "name": "孙八", "delegation": None},  # not a number
    ]
    cast, errors = cast_table(Table(spec, rows))
    assert [typed is row for typed, row in zip(cast, rows, strict=True)] == \
        [True, True, False, False, False, False, False]
    assert all(list(typed) == ["proposal_id", "seq", "name", "delegation"] for typed in cast)
    assert cast[2] == {"proposal_id": "P2017-001", "seq": 3, "name": "王五", "delegation": None}
    assert cast[3] == {"proposal_id": "P2017-001", "seq": 4, "name": "赵六", "delegation": None}
    assert cast[4]["seq"] == 5 and rows[4]["seq"] == "5"
    assert cast[5] == {"proposal_id": "P2017-001", "seq": 6, "name": None, "delegation": None}
    assert cast[6]["seq"] is None
    assert [(e.row, e.field, e.kind) for e in errors] == [(5, "name", "required"), (6, "seq", "type")]


def test_every_row_holds_every_field_of_its_schema_in_order() -> None:
    _, flat = flattened(REPO)
    for table in flat.tables.values():
        names = [f.name for f in table.spec.fields]
        assert all(list(row) == names for row in table.rows), table.spec.name
    assert [name for name, table in flat.tables.items() if not table.rows] == ["membership", "membership_months"]
