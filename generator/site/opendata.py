"""The open-data downloads: a Frictionless data package of every published table.

Each table is published as CSV (UTF-8 with BOM, so Excel shows Chinese correctly, and
formula-looking text neutralised, so a spreadsheet never runs a cell) and as JSON. Drafts are
left out, and so is everything a proposer did not consent to publish.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from functools import partial
from typing import Any

from ..catalog import Catalog, TableSpec
from ..schema_check import TypedTables
from .model import SiteModel
from .pages import SiteFile

FOLDER = "opendata"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Field types whose cast cells, when equal, are the same value written the same way.
EQUAL_WRITTEN_ALIKE = frozenset({"string", "integer", "boolean", "date"})
# What stays of a proposal whose proposer did not consent to publication.
UNCONSENTED_PROPOSAL_FIELDS = {"id", "number", "title", "category", "consent_publish", "state", "demo"}
UNCONSENTED_DROPPED_TABLES = {"proposal_proposers", "proposal_cosigners", "proposal_departments"}


def published_tables(catalog: Catalog, typed: TypedTables, model: SiteModel) -> dict[str, list[dict[str, Any]]]:
    """Return, per table, the rows that may be published, with private content removed."""
    public_ids = {r.id for r in model.records} | {i.id for w in model.workplans for i in w.items}
    # A kind without drafts (membership counts) is public as a whole.
    public_ids |= {row["id"] for spec in catalog.roots if "state" not in spec.field_map
                   for row in typed.rows.get(spec.name, [])}
    unconsented = {p.id for p in model.proposals if not p.consent}
    tables = {}
    for name, spec in catalog.tables.items():
        rows = [row for row in typed.rows.get(name, []) if _is_public(spec, row, public_ids)]
        tables[name] = [_redacted(spec, row, unconsented) for row in rows
                        if not (name in UNCONSENTED_DROPPED_TABLES and row.get("proposal_id") in unconsented)]
    for name, spec in catalog.tables.items():
        tables[name] = _without_hidden_references(catalog, spec, tables[name], public_ids)
    return tables


def _without_hidden_references(catalog: Catalog, spec: TableSpec, rows: list[dict[str, Any]],
                               public_ids: set[str]) -> list[dict[str, Any]]:
    """Drop a list entry that names a draft, and blank a single reference to one."""
    checked = [fk.fields[0] for fk in spec.foreign_keys
               if len(fk.fields) == 1 and fk.fields[0] not in spec.link
               and (catalog.tables[fk.resource].kind or catalog.tables[fk.resource].index)]
    kept = []
    for row in rows:
        hidden = [f for f in checked if row.get(f) is not None and row[f] not in public_ids]
        if spec.value in hidden:
            continue
        kept.append({**row, **dict.fromkeys(hidden)} if hidden else row)
    return kept


def _is_public(spec: TableSpec, row: dict[str, Any], public_ids: set[str]) -> bool:
    if spec.is_root or spec.index:
        return row.get("id") in public_ids
    return any(row.get(field) in public_ids for field in spec.link)


def _redacted(spec: TableSpec, row: dict[str, Any], unconsented: set[str]) -> dict[str, Any]:
    if spec.name == "proposals" and row["id"] in unconsented:
        return {k: (v if k in UNCONSENTED_PROPOSAL_FIELDS else None) for k, v in row.items()}
    if spec.name == "proposal_history" and row["proposal_id"] in unconsented:
        return {**row, "note": None}
    return row


def open_data_files(catalog: Catalog, typed: TypedTables, model: SiteModel) -> list[SiteFile]:
    """Return the data package descriptor, one CSV and one JSON file per table."""
    tables = published_tables(catalog, typed, model)
    files = [SiteFile(f"{FOLDER}/datapackage.json", partial(descriptor, catalog, model))]
    for name, spec in catalog.tables.items():
        rows = tables[name]
        # Comparing rows is quicker than writing them, when equal cells are written alike: not so
        # for numbers (5 == 5.0) or cells of a type cast as it is read (True == 1).
        alike = all(f.type in EQUAL_WRITTEN_ALIKE for f in spec.fields)
        inputs = (spec.schema, rows) if alike else None
        files.append(SiteFile(f"{FOLDER}/{name}.csv", partial(table_csv, spec, rows), inputs))
        files.append(SiteFile(f"{FOLDER}/{name}.json", partial(table_json, spec, rows), inputs))
    return files


def descriptor(catalog: Catalog, model: SiteModel) -> bytes:
    """Return ``datapackage.json``: every table as a CSV resource with its Table Schema."""
    package = {
        "name": catalog.name or "unionsite-records",
        "title": f"{model.union_name} {catalog.title}".strip(),
        "resources": [_resource(spec) for spec in catalog.tables.values()],
    }
    return json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")


def _resource(spec: TableSpec) -> dict[str, Any]:
    schema = {key: value for key, value in spec.schema.items() if key != "unionsite"}
    schema["fields"] = [_published_field(spec, f) for f in spec.schema["fields"]]
    return {"name": spec.name, "title": spec.title, "path": f"{spec.name}.csv", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": schema}


def _published_field(spec: TableSpec, descriptor: dict[str, Any]) -> dict[str, Any]:
    published = {k: v for k, v in descriptor.items() if k != "unionsite"}
    if spec.name == "proposals" and descriptor["name"] not in UNCONSENTED_PROPOSAL_FIELDS:
        # Emptied when the proposer did not consent to publication, so no longer required here.
        constraints = {k: v for k, v in published.get("constraints", {}).items() if k != "required"}
        published = {**published, "constraints": constraints} if constraints else \
            {k: v for k, v in published.items() if k != "constraints"}
        published["description"] = published.get("description", "") + "提案人未同意公开时为空。"
    return published


def table_csv(spec: TableSpec, rows: list[dict[str, Any]]) -> bytes:
    """Return the table as CSV: BOM, header of field names, formula-looking text neutralised."""
    names = [f.name for f in spec.fields]
    strings = {f.name for f in spec.fields if f.type == "string"}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_cell(row.get(name), name in strings) for name in names])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Any, is_string: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value)
    if is_string and text.startswith(FORMULA_STARTS):
        return "'" + text  # a spreadsheet shows the text instead of evaluating it
    return text


def table_json(spec: TableSpec, rows: list[dict[str, Any]]) -> bytes:
    names = [f.name for f in spec.fields]
    data = [{name: _json_value(row.get(name)) for name in names} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
