"""The open-data package: valid, complete, safe in a spreadsheet, and without private content."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from frictionless import Package

from generator.catalog import load_catalog
from generator.site.opendata import table_csv

from .conftest import REPO


def test_published_package_validates_with_frictionless(built_demo: Path) -> None:
    package = Package(str(built_demo / "opendata/datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(package.resources) == 20


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
