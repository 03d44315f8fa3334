"""The table catalog: what ``site_config/datapackage.yaml`` and its Table Schemas say.

The descriptor names every table, its schema, and (under ``unionsite``) where its rows come
from in the YAML records; this module turns that into plain specs the rest of the code reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

DESCRIPTOR = "datapackage.yaml"


class CatalogError(Exception):
    """The descriptor or a schema in ``site_config/`` cannot be used; the message says why."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    title: str
    description: str
    type: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    example: str | None = None
    unique: bool = False
    format: str | None = None
    true_values: frozenset[str] = frozenset()
    false_values: frozenset[str] = frozenset()
    temporal: bool = False
    public_contact: bool = False
    slugs: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """Return the field as an officer knows it: ``标题（title）``."""
        return f"{self.title}（{self.name}）"


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass
class TableSpec:
    """One table: its schema descriptor and where its rows are found in the records."""

    name: str
    title: str
    schema: dict[str, Any]
    fields: list[FieldSpec]
    primary_key: tuple[str, ...]
    foreign_keys: list[ForeignKey]
    kind: str | None = None
    folder: str | None = None
    parent: str | None = None
    key: str | None = None
    link: dict[str, str] = field(default_factory=dict)
    position: str | None = None
    value: str | None = None
    single: bool = False
    index: bool = False
    schema_file: str | None = None  # the schema's path in site_config/, when the descriptor names a file

    @cached_property
    def field_map(self) -> dict[str, FieldSpec]:
        return {f.name: f for f in self.fields}

    @property
    def is_root(self) -> bool:
        return self.folder is not None

    @cached_property
    def own_fields(self) -> list[FieldSpec]:
        """Return the fields an officer writes, leaving out the ones filled in from the parent."""
        derived = set(self.link) | {self.position}
        return [f for f in self.fields if f.name not in derived]


@dataclass
class Catalog:
    """All tables, in descriptor order, with their children."""

    name: str
    title: str
    tables: dict[str, TableSpec]

    def children(self, parent: str) -> list[TableSpec]:
        return [t for t in self.tables.values() if t.parent == parent]

    @property
    def roots(self) -> list[TableSpec]:
        return [t for t in self.tables.values() if t.is_root]

    def root_for_kind(self, kind: str) -> TableSpec:
        return next(t for t in self.roots if t.kind == kind)


def load_catalog(config_dir: Path) -> Catalog:
    """Read the descriptor and schemas in ``config_dir``; raise CatalogError when unusable."""
    descriptor = _read_yaml(config_dir / DESCRIPTOR)
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise CatalogError(f"{DESCRIPTOR} 中没有 resources 列表。")
    tables = {}
    for resource in resources:
        table = table_spec(resource, config_dir)
        tables[table.name] = table
    catalog = Catalog(str(descriptor.get("name", "")), str(descriptor.get("title", "")), tables)
    _check_links(catalog)
    return catalog


def table_spec(resource: dict[str, Any], config_dir: Path) -> TableSpec:
    name = resource.get("name")
    if not isinstance(name, str):
        raise CatalogError(f"{DESCRIPTOR} 中有一个资源没有 name。")
    schema_ref = resource.get("schema")
    schema = _read_yaml(config_dir / schema_ref) if isinstance(schema_ref, str) else schema_ref
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise CatalogError(f"资源 {name} 的表结构（schema）缺少 fields。")
    source = resource.get("unionsite") or {}
    return TableSpec(
        name=name,
        title=str(resource.get("title", name)),
        schema=schema,
        fields=[_field_spec(f, name) for f in schema["fields"]],
        primary_key=tuple(_as_list(schema.get("primaryKey"))),
        foreign_keys=[_foreign_key(fk, name) for fk in schema.get("foreignKeys", [])],
        kind=source.get("kind"),
        folder=source.get("folder"),
        parent=source.get("parent"),
        key=source.get("key"),
        link=dict(source.get("link", {})),
        position=source.get("position"),
        value=source.get("value"),
        single=bool(source.get("single", False)),
        index=bool(source.get("index", False)),
        schema_file=schema_ref if isinstance(schema_ref, str) else None,
    )


def _field_spec(descriptor: dict[str, Any], table: str) -> FieldSpec:
    try:
        name = descriptor["name"]
        constraints = descriptor.get("constraints", {})
        extra = descriptor.get("unionsite", {})
        return FieldSpec(
            name=name,
            title=descriptor["title"],
            description=descriptor.get("description", ""),
            type=descriptor.get("type", "string"),
            required=bool(constraints.get("required", False)),
            enum=tuple(str(v) for v in constraints.get("enum", ())),
            pattern=constraints.get("pattern"),
            minimum=constraints.get("minimum"),
            maximum=constraints.get("maximum"),
            unique=bool(constraints.get("unique", False)),
            format=descriptor.get("format"),
            true_values=frozenset(descriptor.get("trueValues", ())),
            false_values=frozenset(descriptor.get("falseValues", ())),
            example=extra.get("example"),
            temporal=bool(extra.get("temporal", False)),
            public_contact=bool(extra.get("public_contact", False)),
            slugs=tuple((str(k), str(v)) for k, v in (extra.get("slugs") or {}).items()),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise CatalogError(f"表 {table} 的字段定义不完整（缺少 {exc}）；每个字段都要有 name 和中文 title。") from exc


def _foreign_key(descriptor: dict[str, Any], table: str) -> ForeignKey:
    reference = descriptor.get("reference", {})
    return ForeignKey(
        fields=tuple(_as_list(descriptor.get("fields"))),
        resource=reference.get("resource") or table,
        reference_fields=tuple(_as_list(reference.get("fields"))),
    )


def _check_links(catalog: Catalog) -> None:
    for table in catalog.tables.values():
        if table.parent and table.parent not in catalog.tables:
            raise CatalogError(f"表 {table.name} 的上级表 {table.parent} 不存在。")
        if table.parent and not table.key:
            raise CatalogError(f"子表 {table.name} 没有说明来自上级记录的哪个字段（key）。")
        for fk in table.foreign_keys:
            if fk.resource not in catalog.tables:
                raise CatalogError(f"表 {table.name} 的外键指向不存在的表 {fk.resource}。")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise CatalogError(f"无法读取配置文件 {path.name}：{exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"配置文件 {path.name} 的 YAML 格式有误：{exc}") from exc
