"""The open-data package: valid, complete, safe in a spreadsheet, and without private content."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from frictionless import Package

from generator.catalog import load_catalog
from generator.project import Project
from generator.site.opendata import open_data_files, published_tables, table_csv
from generator.site.sitebuild import make_site_build
from generator.validation import validate_project

from .conftest import DEMO_BUILD_DATE, REPO, copy_demo


def test_published_package_validates_with_frictionless(built_demo: Path) -> None:
    package = Package(str(built_demo / "opendata/datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(package.resources) == 22


def test_csv_has_a_bom_and_json_the_same_rows(built_demo: Path) -> None:
    raw = (built_demo / "opendata/events.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    data = json.loads((built_demo / "opendata/events.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == [d["id"] for d in data]
    assert len(rows) == 19


def test_unconsented_proposal_keeps_only_public_fields(built_demo: Path) -> None:
    proposals = json.loads((built_demo / "opendata/proposals.json").read_text(encoding="utf-8"))
    private = next(p for p in proposals if p["id"] == "P2017-009")
    assert private["content"] is None and private["measures"] is None and private["reply"] is None
    assert private["title"] and private["category"]
    for table in ("proposal_proposers", "proposal_cosigners", "proposal_departments"):
        rows = json.loads((built_demo / f"opendata/{table}.json").read_text(encoding="utf-8"))
        assert "P2017-009" not in {r["proposal_id"] for r in rows}
    history = json.loads((built_demo / "opendata/proposal_history.json").read_text(encoding="utf-8"))
    assert all(h["note"] is None for h in history if h["proposal_id"] == "P2017-009")


def test_formula_looking_text_is_neutralised() -> None:
    spec = load_catalog(REPO / "site_config").tables["award_entries"]
    rows = [{"award_list_id": "A2017-01", "seq": 1, "recipient": "=HYPERLINK(\"http://x\",\"点\")", "kind": "个人",
             "unit": "+图书馆", "honour": "-2+3", "level": "@SUM(1)", "note": "正常"}]
    text = table_csv(spec, rows).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row == {"award_list_id": "A2017-01", "seq": "1", "recipient": "'=HYPERLINK(\"http://x\",\"点\")",
                   "kind": "个人", "unit": "'+图书馆", "honour": "'-2+3", "level": "'@SUM(1)", "note": "正常"}


def test_references_to_drafts_are_not_published(tmp_path: Path) -> None:
    from datetime import date

    from generator.project import Project
    from generator.site.opendata import published_tables
    from generator.site.sitebuild import make_site_build
    from generator.validation import validate_project

    from .conftest import copy_demo

    root = copy_demo(tmp_path / "root")
    notice = root / "data/notices/2017/N2017-001.yaml"
    notice.write_text(notice.read_text(encoding="utf-8").replace("related: [E2017-004, WP2017-2-05]",
                                                                 "related: [E2017-019, E2017-001]"), encoding="utf-8")
    award = root / "data/awards/2017/A2017-01.yaml"
    award.write_text(award.read_text(encoding="utf-8").replace("notice: N2017-007", "notice: N2017-008"),
                     encoding="utf-8")
    validation = validate_project(Project(root))
    assert validation.report.valid, validation.report.as_text()
    assert validation.typed and validation.catalog
    site = make_site_build(validation, root, date(2017, 11, 22), None)
    tables = published_tables(validation.catalog, validation.typed, site.model)
    related = [r["record_id"] for r in tables["notice_related"] if r["notice_id"] == "N2017-001"]
    assert related == ["E2017-001"]
    assert next(a for a in tables["award_lists"] if a["id"] == "A2017-01")["notice"] is None


def test_a_table_s_rows_stand_for_its_files_only_where_equal_cells_are_written_alike(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "root")
    schema = root / "site_config" / "schemas" / "award_lists.yaml"
    text = schema.read_text(encoding="utf-8")
    assert "  - name: year\n    title: 年度\n    description: 表彰所属的年度。\n    type: integer\n" in text
    schema.write_text(text.replace("    description: 表彰所属的年度。\n    type: integer\n",
                                   "    description: 表彰所属的年度。\n    type: number\n"), encoding="utf-8")
    validation = validate_project(Project(root))
    assert validation.report.valid and validation.catalog and validation.typed
    model = make_site_build(validation, root, date.fromisoformat(DEMO_BUILD_DATE), None).model
    files = {f.uri: f for f in open_data_files(validation.catalog, validation.typed, model)}
    tables = published_tables(validation.catalog, validation.typed, model)

    # A number may be read as 2017 or 2017.0: equal, written differently. Such a table is always made.
    assert files["opendata/award_lists.csv"].inputs is None and files["opendata/award_lists.json"].inputs is None
    assert files["opendata/events.csv"].inputs == (validation.catalog.tables["events"].schema, tables["events"])
    assert files["opendata/datapackage.json"].inputs is None
