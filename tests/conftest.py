"""Shared fixtures: site roots assembled from the repository and from scenario folders."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
BASE_DATA = SCENARIOS / "base" / "data"


def assemble_root(target: Path, *overlays: Path, data: Path = BASE_DATA) -> Path:
    """Make a site root in ``target``: the project's site_config, ``data``, then each overlay."""
    shutil.copytree(REPO / "site_config", target / "site_config")
    shutil.copytree(data, target / "data")
    (target / "content").mkdir()
    for overlay in overlays:
        shutil.copytree(overlay, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected*"))
    return target


@pytest.fixture
def scenario_root(tmp_path: Path) -> Callable[..., Path]:
    """Return a function that assembles the base data plus the named overlays."""
    def make(*overlays: Path) -> Path:
        return assemble_root(tmp_path / "root", *overlays)
    return make


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    """Return a copy of the repository's own site: demo data, config, content, mkdocs.yml."""
    root = tmp_path / "demo"
    for name in ("data", "site_config", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


# The demo site as built on a fixed day inside the 2015—2016 honours 公示 (2017-11-20 to 11-26).
DEMO_BUILD_DATE = "2017-11-22"


def build_site_at(root: Path, site: Path, build_date: str | None = DEMO_BUILD_DATE) -> Path:
    """Build ``root`` into ``site`` with the plugin's build date fixed; return ``site``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if build_date:
        config_text = config_text.replace("  - unionsite\n", f"  - unionsite:\n      build_date: '{build_date}'\n")
    (root / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    return site


def copy_demo(target: Path) -> Path:
    for name in ("data", "site_config", "content"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built once per test session as of DEMO_BUILD_DATE."""
    root = copy_demo(tmp_path_factory.mktemp("built-demo"))
    return build_site_at(root, root / "site")


# Text an attacker might type into any free-text field of a form that feeds the records.
HOSTILE = ("<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">"
           "[点我](javascript:window.__xss=3)\"'><svg onload=window.__xss=4>&lt;b&gt;")


def hostile_data(target: Path) -> Path:
    """Write the base records with HOSTILE in every free-text field; return the data folder."""
    import yaml

    from generator.catalog import TableSpec, load_catalog

    catalog = load_catalog(REPO / "site_config")

    def free_text(spec: TableSpec) -> list[str]:
        derived = set(spec.link) | {spec.position, spec.value} | {f for fk in spec.foreign_keys for f in fk.fields}
        return [f.name for f in spec.fields if f.type == "string" and not (f.enum or f.pattern or f.format)
                and f.name not in derived and f.name != "id"]

    def poison(spec: TableSpec, record: dict[str, object]) -> None:
        for name in free_text(spec):
            if name in record or spec.field_map[name].required:
                record[name] = f"{HOSTILE}{name}"
        for child in catalog.children(spec.name):
            value = record.get(child.key or "")
            items = [value] if isinstance(value, dict) else value if isinstance(value, list) else []
            for item in items:
                if isinstance(item, dict):
                    poison(child, item)

    shutil.copytree(BASE_DATA, target)
    for spec in catalog.roots:
        for path in (target / (spec.folder or "")).rglob("*.yaml"):
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            poison(spec, record)
            path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from records whose every free-text field holds HOSTILE."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(REPO / "site_config", root / "site_config")
    (root / "content").mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    hostile_data(root / "data")
    return build_site_at(root, root / "site")
