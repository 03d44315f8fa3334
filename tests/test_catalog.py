"""The schemas in site_config/: a valid data package, and a data dictionary in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from frictionless import Package

from generator.catalog import CatalogError, load_catalog

from .conftest import REPO

CONFIG = REPO / "site_config"


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_descriptor_is_a_valid_frictionless_package() -> None:
    package = Package(str(CONFIG / "datapackage.yaml"))
    catalog = load_catalog(CONFIG)
    assert [r.name for r in package.resources] == list(catalog.tables)


def test_every_field_has_a_chinese_title_and_description() -> None:
    catalog = load_catalog(CONFIG)
    undocumented = [f"{t.name}.{f.name}" for t in catalog.tables.values() for f in t.fields
                    if not (has_chinese(f.title) and has_chinese(f.description))]
    assert undocumented == []
    assert all(has_chinese(t.title) for t in catalog.tables.values())


def test_children_and_references_are_wired() -> None:
    catalog = load_catalog(CONFIG)
    assert [t.name for t in catalog.roots] == ["workplans", "events", "award_lists", "notices", "proposals",
                                                       "membership"]
    assert [c.key for c in catalog.children("proposals")] == [
        "proposers", "cosigners", "departments", "history"]
    entries = catalog.tables["award_entries"]
    assert (entries.link, entries.position) == ({"award_list_id": "id"}, "seq")
    references = {(t.name, fk.fields, fk.resource) for t in catalog.tables.values() for fk in t.foreign_keys}
    assert ("event_workplan_items", ("item_id",), "workplan_items") in references
    assert ("award_lists", ("notice",), "notices") in references
    assert ("notice_related", ("record_id",), "records") in references
    assert ("proposals", ("merged_into",), "proposals") in references


def test_child_without_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / "datapackage.yaml").write_text(
        "resources:\n  - name: a\n    schema: {fields: [{name: x, title: 甲}]}\n"
        "    unionsite: {folder: a}\n  - name: b\n    schema: {fields: [{name: y, title: 乙}]}\n"
        "    unionsite: {parent: a}\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="子表 b 没有说明来自上级记录的哪个字段"):
        load_catalog(tmp_path)
