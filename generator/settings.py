"""The site settings file, read and checked like a record, then turned into ``Settings``.

``site_config/settings.yaml`` is edited by officers as records are, so it gets the same care: its
keys and values are checked against a Table Schema (``schemas/settings.yaml``) with the same
machinery and messages, and every problem points to its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from .catalog import Catalog, table_spec
from .problems import Problem, Severity
from .project import SETTINGS_FILE, Project, Settings
from .records import RecordFile
from .schema_check import cast_tables, check_schemas
from .tables import flatten
from .yamlsource import read_yaml

# The settings file as tables: one row, and one row per allowed public number.
_RESOURCES: list[dict[str, Any]] = [
    {"name": "settings", "title": "网站设置", "schema": "schemas/settings.yaml", "unionsite": {"folder": "."}},
    {"name": "settings_public_numbers", "title": "网站设置·允许公开的号码",
     "schema": "schemas/settings_public_numbers.yaml",
     "unionsite": {"parent": "settings", "key": "public_numbers", "position": "seq", "value": "number"}},
]


@dataclass
class SettingsReading:
    """The settings (defaults where the file is silent or wrong) and the problems found."""

    settings: Settings
    problems: list[Problem] = field(default_factory=list)


def read_settings(project: Project) -> SettingsReading:
    """Read and check ``site_config/settings.yaml``; never raises for what an officer can write."""
    path = project.config_dir / SETTINGS_FILE
    if not path.exists():
        return SettingsReading(Settings())
    if not all((project.config_dir / r["schema"]).is_file() for r in _RESOURCES):
        return _unchecked(project, path)
    catalog = _settings_catalog(project.config_dir)
    document = read_yaml(path, project.relpath(path))
    if document.root is None:
        return SettingsReading(Settings(), document.problems)
    flat = flatten(catalog, [RecordFile(catalog.tables["settings"], document)])
    problems = [*document.problems, *flat.problems]
    typed = cast_tables(flat)
    problems += check_schemas(catalog, flat, typed)
    rows = typed.rows["settings"]
    settings = _settings_from(rows[0] if rows else {}, typed.rows["settings_public_numbers"])
    problems += _logo_problems(project, settings, flat.tables["settings"].origins[0].cell("logo") if rows else None)
    if any(p.field == "logo" for p in problems):
        settings = replace(settings, logo=None)
    return SettingsReading(settings, problems)


def _settings_catalog(config_dir: Path) -> Catalog:
    tables = {spec.name: spec for spec in (table_spec(r, config_dir) for r in _RESOURCES)}
    return Catalog("settings", "网站设置", tables)


def _settings_from(row: dict[str, Any], numbers: list[dict[str, Any]]) -> Settings:
    """Settings from the checked row: a value that failed its check was cast to None, so the default stays."""
    known = {f.name for f in fields(Settings)}
    values = {name: value for name, value in row.items() if name in known and value is not None}
    values["public_numbers"] = tuple(str(n["number"]) for n in numbers if n.get("number"))
    return Settings(**values)


def _logo_problems(project: Project, settings: Settings, where: Any) -> list[Problem]:
    if not settings.logo or (project.content_dir / settings.logo).is_file():
        return []
    return [Problem(project.relpath(project.config_dir / SETTINGS_FILE), where.line, where.col, "logo-missing",
                    f"标志图片（logo）“{settings.logo}”在 content/ 中找不到；请把图片放到 content/{settings.logo}，"
                    "或改正路径。", field="logo", found=settings.logo, expected="content/ 下存在的图片文件")]


def _unchecked(project: Project, path: Path) -> SettingsReading:
    """A site made before the settings had a schema: read what is known, and say how to get checks."""
    warning = Problem(project.relpath(path), 1, 1, "config",
                      "网站设置没有检查：site_config/schemas/ 中缺少 settings.yaml 和 settings_public_numbers.yaml；"
                      "请从本项目的 site_config/schemas/ 复制这两个文件。", severity=Severity.WARNING)
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raw = {}
    raw = raw if isinstance(raw, dict) else {}
    numbers = raw.pop("public_numbers", None)
    listed = [{"number": n} for n in numbers] if isinstance(numbers, list) else []
    return SettingsReading(_settings_from(raw, listed), [warning])
