"""The officer guide (content/guide/) keeps up with the code: one entry per problem code, and pages that build.

Every code an officer can meet (generator/codes.py) has exactly one entry on the problems page,
under its group, with the registry's Chinese name and both "什么意思" and "怎么改"; every code the
source raises is in the registry. The built demo site has every guide page, and every link from
a guide page leads to a page (and an anchor) that exists.
"""

from __future__ import annotations

import ast
import posixpath
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.codes import ALL_CODES, INGEST_CODES, ROW_OUTCOMES, VALIDATION_CODES

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "content" / "guide"
PROBLEMS = GUIDE / "problems.md"
GENERATOR = REPO / "generator"

GROUPS = {"检查记录时的问题": VALIDATION_CODES, "导入失败的原因": INGEST_CODES, "导入时每一行的结果": ROW_OUTCOMES}
_GROUP = re.compile(r"^## (\S+)")
_ENTRY = re.compile(r"^### (?P<code>[a-z_-]+)：(?P<name>.+?) \{#(?P<anchor>[^}\s]+)\}\s*$")


def _entries() -> dict[str, dict[str, str]]:
    """Return each documented code: its group, its Chinese name, its anchor and its text."""
    entries: dict[str, dict[str, str]] = {}
    group = ""
    current: dict[str, str] | None = None
    in_code = False
    for line in PROBLEMS.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code:
            if current is not None:
                current["body"] += line + "\n"
            continue
        if line.startswith("## "):
            match = _GROUP.match(line)
            group = match.group(1) if match else ""
            current = None
            continue
        if line.startswith("### "):
            entry = _ENTRY.match(line)
            assert entry, f"problems.md: heading not of the form '### code：中文名 {{#code}}': {line}"
            code = entry["code"]
            assert code not in entries, f"problems.md documents {code} twice"
            current = {"group": group, "name": entry["name"], "anchor": entry["anchor"], "body": ""}
            entries[code] = current
            continue
        if current is not None:
            current["body"] += line + "\n"
    return entries


def test_every_code_is_documented_and_nothing_else() -> None:
    documented = set(_entries())
    assert documented - set(ALL_CODES) == set(), "documented but not in generator/codes.py"
    assert set(ALL_CODES) - documented == set(), "in generator/codes.py but not documented in problems.md"


def test_entries_are_under_their_group_with_the_registry_name() -> None:
    for code, entry in _entries().items():
        assert entry["anchor"] == code, f"{code}: anchor {{#{entry['anchor']}}} should be {{#{code}}}"
        assert entry["name"] == ALL_CODES[code], f"{code}: name {entry['name']!r} should be {ALL_CODES[code]!r}"
        assert entry["group"] in GROUPS, f"{code}: under an unknown heading '## {entry['group']}'"
        assert code in GROUPS[entry["group"]], f"{code}: documented under '## {entry['group']}'"


def test_every_entry_says_what_it_means_and_how_to_fix_it() -> None:
    for code, entry in _entries().items():
        body = entry["body"]
        assert "什么意思" in body, f"{code}: no 什么意思"
        assert "怎么改" in body, f"{code}: no 怎么改"
        assert body.index("什么意思") < body.index("怎么改"), f"{code}: 怎么改 before 什么意思"


# --- Codes in the source ---------------------------------------------------------------------

def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _ingest_error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """IngestError and every class that derives from it, however indirectly."""
    classes = {"IngestError"}
    bases = {node.name: {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
             for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    grew = True
    while grew:
        grew = False
        for name, parents in bases.items():
            if name not in classes and parents & classes:
                classes.add(name)
                grew = True
    return classes


def source_codes() -> dict[str, set[str]]:
    """Return the code literals the source gives problems and ingest errors, by where they were found."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in GENERATOR.rglob("*.py")}
    errors = _ingest_error_classes(trees)
    problems: set[str] = set()
    ingest: set[str] = set()
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _call_name(node)
                keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
                if name in ("Problem", "_problem"):  # _problem: the modules' shorthands, code 4th as in Problem
                    code = _string(keyword) or (_string(node.args[3]) if len(node.args) > 3 else None)
                    if code is not None:
                        problems.add(code)
                elif name in errors and _string(keyword) is not None:
                    ingest.add(_string(keyword) or "")
            elif isinstance(node, ast.ClassDef) and node.name in errors:
                for statement in node.body:  # ``code = "form-definition"`` on the class
                    if isinstance(statement, ast.Assign) and any(
                            isinstance(t, ast.Name) and t.id == "code" for t in statement.targets):
                        code = _string(statement.value)
                        if code is not None:
                            ingest.add(code)
        if path.name == "schema_check.py":
            for node in ast.walk(tree):
                if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and node.value.elts:
                    code = _string(node.value.elts[0])
                    if code is not None:
                        problems.add(code)
    return {"problems": problems, "ingest": ingest}


def test_every_code_in_the_source_is_registered() -> None:
    found = source_codes()
    assert len(found["problems"]) >= 20 and len(found["ingest"]) >= 10, "the source scan found too little"
    assert found["problems"] - set(VALIDATION_CODES) == set(), "problem codes missing from VALIDATION_CODES"
    assert found["ingest"] - set(INGEST_CODES) == set(), "ingest error codes missing from INGEST_CODES"


def test_no_registered_code_is_stale() -> None:
    """Every registered validation and ingest code is still raised somewhere (else its entry misleads)."""
    found = source_codes()
    assert set(VALIDATION_CODES) - found["problems"] == set()
    assert set(INGEST_CODES) - found["ingest"] == set()


def test_row_outcomes_are_the_ingesters() -> None:
    from generator.ingest.plan import OUTCOME_TITLES, OUTCOMES

    assert set(OUTCOMES) == set(ROW_OUTCOMES)
    assert OUTCOME_TITLES == ROW_OUTCOMES


# --- The built guide -------------------------------------------------------------------------

def _guide_pages() -> dict[str, str]:
    """Return the built path of each guide page and its title (its first-level heading)."""
    pages = {}
    for source in sorted(GUIDE.glob("*.md")):
        first = next(line for line in source.read_text(encoding="utf-8").splitlines() if line.strip())
        assert first.startswith("# "), f"{source.name}: should open with its title ('# …')"
        built = "guide/index.html" if source.stem == "index" else f"guide/{source.stem}/index.html"
        pages[built] = first[2:].strip()
    return pages


_HREF = re.compile(r"""<a\s[^>]*?href="([^"]*)\"""")
_ID = re.compile(r"""\sid="([^"]*)\"""")
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _target(page: str, href: str) -> tuple[str, str | None] | None:
    """Return the site file and anchor an internal ``href`` on ``page`` leads to; None for other sites."""
    parts = urlsplit(unescape(href))
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    fragment = unquote(parts.fragment) or None
    if not parts.path:
        return page, fragment
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if parts.path.endswith("/") or path == ".":
        path = posixpath.join(path, "index.html") if path != "." else "index.html"
    return path, fragment


def test_the_guide_covers_the_expected_pages() -> None:
    names = {p.stem for p in GUIDE.glob("*.md")}
    assert {"index", "editing", "publicity", "ingest", "proposals", "publishing", "settings", "problems"} <= names


def test_every_guide_page_is_built_with_its_title(built_demo: Path) -> None:
    for built, title in _guide_pages().items():
        html = (built_demo / built).read_text(encoding="utf-8")
        headings = [unescape(_TAG.sub("", h)).strip() for h in _H1.findall(html)]
        assert title in headings, f"{built}: no <h1> {title!r} (found {headings})"
        assert f"<title>{title}" in html, f"{built}: page title is not {title!r}"


def test_links_from_the_guide_lead_somewhere(built_demo: Path) -> None:
    anchors: dict[str, set[str]] = {}

    def ids(path: str) -> set[str]:
        if path not in anchors:
            anchors[path] = set(_ID.findall((built_demo / path).read_text(encoding="utf-8")))
        return anchors[path]

    checked = 0
    for page in _guide_pages():
        html = (built_demo / page).read_text(encoding="utf-8")
        for href in _HREF.findall(html):
            target = _target(page, href)
            if target is None:
                continue
            path, fragment = target
            assert (built_demo / path).is_file(), f"{page}: link {href!r} leads to missing {path}"
            if fragment and path.endswith(".html"):
                assert fragment in ids(path), f"{page}: link {href!r}: no id {fragment!r} in {path}"
            checked += path.startswith("guide/")
    assert checked > 50, "the guide pages should link to each other"


def test_the_problems_page_has_an_anchor_per_code(built_demo: Path) -> None:
    ids = set(_ID.findall((built_demo / "guide/problems/index.html").read_text(encoding="utf-8")))
    assert set(ALL_CODES) - ids == set()


@pytest.mark.parametrize("source", sorted(GUIDE.glob("*.md")), ids=lambda p: p.name)
def test_code_links_in_the_sources_name_real_codes(source: Path) -> None:
    """A link written as ``problems.md#code`` names a registered code (or a heading of the page)."""
    headings = {"row-outcomes"}
    for match in re.finditer(r"\(problems\.md#([^)\s]+)\)", source.read_text(encoding="utf-8")):
        assert match.group(1) in ALL_CODES or match.group(1) in headings, f"{source.name}: #{match.group(1)}"
