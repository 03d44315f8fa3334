"""The text of a new record: every field with its meaning above it, taken from the schema.

Each field gets a comment line ``# 标题（name，必填）：说明。可选值：…。`` made from its schema's
title, required flag, description and enum, so the comments stay right when a schema changes.
Fields with a value are written as YAML (quoted only where needed, as ingested records are);
fields without one are commented out (``# location:``), and lists of child rows the officer fills
in later (award entries, attachments) are shown commented out with the fields of one item.
"""

from __future__ import annotations

from typing import Any

from ..catalog import Catalog, FieldSpec, TableSpec
from ..ingest.emit import emit_record
from .asks import sentence, short_title
from .kinds import DRAFT, PUBLISHED


def field_comment(spec: FieldSpec) -> str:
    """``标题（name，必填）：说明。可选值：a、b。`` for one field."""
    text = f"{spec.title}（{spec.name}{'，必填' if spec.required else ''}）"
    if spec.description:
        text += "：" + sentence(spec.description)
    else:
        text += "。"
    if spec.enum:
        text += f"可选值：{'、'.join(spec.enum)}。"
    return text


def record_text(command: str, catalog: Catalog, table: TableSpec, record: dict[str, Any],
                minimums: dict[str, int]) -> str:
    """The YAML of a new record of ``table``, commented field by field."""
    blocks = [_header(command, table, record)]
    for spec in table.own_fields:
        if spec.name in ("demo", "state"):  # never demo data; the state comes last, where officers look
            continue
        blocks.append(_field_block(spec, record))
    for child in catalog.children(table.name):
        blocks.append(child_block(child, record.get(child.key or ""), minimums.get(child.key or "", 0)))
    if "state" in table.field_map:
        state = [*_comments([field_comment(table.field_map["state"]),
                             f"新记录默认为草稿（{DRAFT}），网站上不显示；核对无误后改为 {PUBLISHED} 才会发布。"]),
                 *_values("state", record["state"])]
        blocks.append(state)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _header(command: str, table: TableSpec, record: dict[str, Any]) -> list[str]:
    source = f"site_config/{table.schema_file}" if table.schema_file else "site_config/datapackage.yaml"
    return _comments([
        f"{table.title} {record.get('id', '')}：由 unionsite new {command} 生成。",
        f"每个字段上方的注释说明它的含义（取自 {source}）；标“必填”的字段不能空着。",
        "以“#”开头的行是注释，不影响记录。要填写一个空着的字段，删去它行首的“# ”，在冒号后写上内容。",
        "改完后运行 unionsite validate 检查，再运行 make serve 预览。",
    ])


def _field_block(spec: FieldSpec, record: dict[str, Any]) -> list[str]:
    value = record.get(spec.name)
    body = _values(spec.name, value) if value is not None else [f"# {spec.name}:"]
    return [*_comments([field_comment(spec)]), *body]


def child_block(child: TableSpec, value: Any, minimum: int = 0, indent: str = "") -> list[str]:
    """A list (or single group) of child rows: what each item holds, then the items or an example."""
    key = child.key or ""
    at_least = f"，至少 {minimum} 个" if minimum else ""
    if child.value is not None:
        spec = child.field_map[child.value]
        lines = [f"{child.title}（{key}{at_least}）：编号的列表，每项是" + field_comment(spec)]
        body = _values(key, value) if value else [f"# {key}: []"]
        return [indent + line for line in (*_comments(lines), *body)]
    shape = "一组字段" if child.single else "列表，每项一组字段"
    lines = [f"{child.title}（{key}{at_least}）：{shape}——",
             *("  " + field_comment(spec) for spec in child.own_fields)]
    body = _values(key, value) if value else _example(child)
    return [indent + line for line in (*_comments(lines), *body)]


def _example(child: TableSpec) -> list[str]:
    """The child's keys, commented out, for the officer to fill in: the required ones, else all."""
    keys = [f.name for f in child.own_fields if f.required] or [f.name for f in child.own_fields]
    if child.single:
        return [f"# {child.key}:", *(f"#   {name}:" for name in keys)]
    return [f"# {child.key}:", f"#   - {keys[0]}:", *(f"#     {name}:" for name in keys[1:])]


def _values(name: str, value: Any) -> list[str]:
    return emit_record({name: value})[0].rstrip("\n").split("\n")


def _comments(lines: list[str]) -> list[str]:
    return [f"# {line}" for line in lines]


def item_guide(command: str, catalog: Catalog, table: TableSpec) -> str:
    """The comment above a work plan item added to its file: every field of an item, one per line."""
    lines = [f"{table.title}：由 unionsite new {command} 添加。各字段的含义："]
    lines += ["  " + field_comment(spec) for spec in table.own_fields]
    for child in catalog.children(table.name):
        fields = "、".join(f"{spec.title}（{spec.name}{'，必填' if spec.required else ''}）"
                          for spec in child.own_fields)
        lines.append(f"  {short_title(child)}（{child.key}）：列表，每项写 {fields}。")
    return "\n".join(lines)
