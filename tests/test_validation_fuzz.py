"""Whatever an officer does to a valid file, validation answers with problems or a pass."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import rules
from generator.problems import Report
from generator.project import Project
from generator.validation import validate_project

from .conftest import BASE_DATA, assemble_root

FILES = sorted(p.relative_to(BASE_DATA).as_posix() for p in BASE_DATA.rglob("*.yaml"))
JUNK = st.text(alphabet=st.sampled_from(list(":-#&*!|>'\"%@`{}[],?\t\n 　中文0123456789abc\\")),
               max_size=12)
ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), JUNK,
    st.lists(st.integers(), max_size=3), st.dictionaries(st.sampled_from(["a", "id"]), JUNK, max_size=2),
    st.sampled_from(["2017-13-40", "2017/3/8", "E2017-001", "WP2017-9-99", "", "~", "=1+1"]),
)


def mutate_structure(value: Any, data: st.DataObject) -> Any:
    """Drop a key, change a value's type, or descend into a child, at random."""
    if isinstance(value, dict) and value:
        key = data.draw(st.sampled_from(sorted(value, key=str)))
        action = data.draw(st.sampled_from(["drop", "replace", "descend", "rename"]))
        if action == "drop":
            del value[key]
        elif action == "replace":
            value[key] = data.draw(ODD_VALUES)
        elif action == "rename":
            value[str(key) + data.draw(JUNK)] = value.pop(key)
        else:
            value[key] = mutate_structure(value[key], data)
        return value
    if isinstance(value, list) and value:
        index = data.draw(st.integers(0, len(value) - 1))
        value[index] = mutate_structure(value[index], data)
        return value
    return data.draw(ODD_VALUES)


def mutate_text(text: str, data: st.DataObject) -> str:
    """Break indentation, insert junk, or drop or repeat a line, at random."""
    lines = text.splitlines(keepends=True)
    index = data.draw(st.integers(0, len(lines) - 1))
    action = data.draw(st.sampled_from(["indent", "dedent", "junk", "drop", "repeat", "tab"]))
    line = lines[index]
    if action == "indent":
        lines[index] = " " * data.draw(st.integers(1, 3)) + line
    elif action == "dedent":
        lines[index] = line.lstrip(" ")
    elif action == "junk":
        cut = data.draw(st.integers(0, len(line)))
        lines[index] = line[:cut] + data.draw(JUNK) + line[cut:]
    elif action == "drop":
        del lines[index]
    elif action == "repeat":
        lines.insert(index, line)
    else:
        lines[index] = "\t" + line
    return "".join(lines)


def test_mutated_records_never_raise(tmp_path: Path) -> None:
    root = assemble_root(tmp_path / "root")
    originals = {name: (root / "data" / name).read_text(encoding="utf-8") for name in FILES}

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(FILES), st.booleans(), st.data())
    def check(name: str, structural: bool, data: st.DataObject) -> None:
        path = root / "data" / name
        try:
            if structural:
                value = mutate_structure(yaml.safe_load(originals[name]), data)
                path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
            else:
                path.write_text(mutate_text(originals[name], data), encoding="utf-8")
            report = validate_project(Project(root)).report
            assert isinstance(report, Report)
            assert all(p.code and p.message and p.path for p in report.problems)
        finally:
            path.write_text(originals[name], encoding="utf-8")

    check()


@given(st.lists(st.text(st.sampled_from("ab.-2017"), min_size=1, max_size=8).filter(lambda p: p not in (".", "..")),
                min_size=1, max_size=4))
def test_a_record_file_stem_is_read_as_pathlib_reads_it(parts: list[str]) -> None:
    """As a record's path stands in a problem: relative, its parts named."""
    path = "/".join(parts)
    assert rules._stem(path) == PurePosixPath(path).stem
