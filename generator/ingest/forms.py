"""Form definitions: ``site_config/forms/NAME.yaml`` says how an export's columns become fields.

A definition names the target (what the rows become), and for each field the question text
(and aliases) it is found under, how its answer is normalised, and whether it is public,
private (kept only under ``private/``) or dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import FormDefinitionError
from .headers import match_keys, question_text

FIELD_TYPES = ("text", "name", "staff_id", "phone", "choice", "multi_choice", "boolean", "date", "datetime",
               "attachment")
PRIVACY = ("public", "private", "drop")
TARGETS = ("signup", "proposal", "nomination", "membership")


@dataclass(frozen=True)
class FormField:
    name: str
    questions: tuple[str, ...]
    type: str = "text"
    privacy: str = "public"
    required: bool = False
    options: tuple[str, ...] = ()
    mapping: dict[str, str] = field(default_factory=dict)
    other: bool = False
    occurrence: int | None = None  # the nth column with this question (1-based), when questions repeat

    @property
    def keys(self) -> set[str]:
        return {key for q in self.questions for key in match_keys(question_text(q))}


@dataclass(frozen=True)
class FormDefinition:
    name: str
    title: str
    target: str
    fields: tuple[FormField, ...]
    identities: tuple[tuple[str, ...], ...]  # alternatives: the first whose columns an export has
    state: str = "draft"
    settings: dict[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> FormField:
        return next(f for f in self.fields if f.name == name)

    @property
    def identity(self) -> tuple[str, ...]:
        return self.identities[0]

    def identity_for(self, answered: set[str]) -> tuple[str, ...]:
        """Return the first identity whose fields all have columns in this export."""
        return next((ids for ids in self.identities if set(ids) <= answered), self.identities[0])

    @property
    def public_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.privacy == "public"]


def forms_dir(config_dir: Path) -> Path:
    return config_dir / "forms"


def available_forms(config_dir: Path) -> list[str]:
    return sorted(p.stem for p in forms_dir(config_dir).glob("*.yaml"))


def load_form(config_dir: Path, name: str) -> FormDefinition:
    """Read and check ``site_config/forms/NAME.yaml``; raise FormDefinitionError saying what is wrong."""
    path = forms_dir(config_dir) / f"{name}.yaml"
    if not path.is_file():
        known = "、".join(available_forms(config_dir)) or "（没有）"
        raise FormDefinitionError(f"找不到表单定义 site_config/forms/{name}.yaml；已有的表单：{known}。")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FormDefinitionError(f"表单定义 forms/{name}.yaml 无法读取：{exc}") from exc
    return parse_form(name, raw)


def parse_form(name: str, raw: Any) -> FormDefinition:
    where = f"表单定义 forms/{name}.yaml"
    if not isinstance(raw, dict):
        raise FormDefinitionError(f"{where} 应是“键: 值”的形式。")
    target = raw.get("target")
    if target not in TARGETS:
        raise FormDefinitionError(f"{where} 的 target 应为 {'、'.join(TARGETS)} 之一，而不是“{target}”。")
    raw_fields = raw.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise FormDefinitionError(f"{where} 缺少 fields 列表。")
    fields = tuple(_form_field(item, where) for item in raw_fields)
    names = [f.name for f in fields]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise FormDefinitionError(f"{where} 中字段 {'、'.join(sorted(duplicates))} 定义了不止一次。")
    raw_identity = raw.get("identity") or []
    alternatives = raw_identity if raw_identity and all(isinstance(i, list) for i in raw_identity) \
        else [raw_identity]
    identities = tuple(tuple(str(n) for n in alternative) for alternative in alternatives)
    unknown = [n for alternative in identities for n in alternative if n not in names]
    if not identities[0] or unknown:
        raise FormDefinitionError(f"{where} 的 identity 应列出用来识别同一提交人的字段（如 staff_id），"
                                  f"{'未知字段：' + '、'.join(unknown) if unknown else '目前为空'}。")
    state = raw.get("state", "draft")
    if state not in ("draft", "published"):
        raise FormDefinitionError(f"{where} 的 state 应为 draft 或 published。")
    settings = raw.get("settings") or {}
    if not isinstance(settings, dict):
        raise FormDefinitionError(f"{where} 的 settings 应是“键: 值”的形式。")
    count_by = settings.get("count_by")
    if count_by is not None:
        if not isinstance(count_by, dict):
            raise FormDefinitionError(f"{where} 的 settings.count_by 应是“统计维度: 字段”的形式。")
        public = {f.name for f in fields if f.privacy == "public"}
        hidden = [str(n) for n in count_by.values() if n not in public]
        if hidden:
            raise FormDefinitionError(f"{where} 的 settings.count_by 只能按公开（public）字段统计，"
                                      f"{'、'.join(hidden)} 不是公开字段。")
    return FormDefinition(name, str(raw.get("title") or name), target, fields, identities, state, settings)


def _form_field(item: Any, where: str) -> FormField:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise FormDefinitionError(f"{where} 的 fields 中每一项都要有 name。")
    name = item["name"]
    questions = [item.get("question"), *(item.get("aliases") or [])]
    questions = [str(q) for q in questions if q]
    if not questions:
        raise FormDefinitionError(f"{where} 的字段 {name} 没有 question（题目文字）。")
    kind = item.get("type", "text")
    if kind not in FIELD_TYPES:
        raise FormDefinitionError(f"{where} 的字段 {name} 的 type 应为 {'、'.join(FIELD_TYPES)} 之一，而不是“{kind}”。")
    privacy = item.get("privacy", "public")
    if privacy not in PRIVACY:
        raise FormDefinitionError(f"{where} 的字段 {name} 的 privacy 应为 public、private 或 drop。")
    if kind in ("staff_id", "phone") and privacy == "public":
        raise FormDefinitionError(f"{where} 的字段 {name} 是{'工号' if kind == 'staff_id' else '电话'}，"
                                  "不能设为 public；请设为 private 或 drop。")
    mapping = item.get("map") or {}
    if not isinstance(mapping, dict):
        raise FormDefinitionError(f"{where} 的字段 {name} 的 map 应是“原选项: 新值”的形式。")
    occurrence = item.get("occurrence")
    if occurrence is not None and (not isinstance(occurrence, int) or occurrence < 1):
        raise FormDefinitionError(f"{where} 的字段 {name} 的 occurrence 应是正整数。")
    return FormField(name, tuple(questions), kind, privacy, bool(item.get("required", False)),
                     tuple(str(o) for o in item.get("options") or ()),
                     {str(k): str(v) for k, v in mapping.items()}, bool(item.get("other", False)), occurrence)
