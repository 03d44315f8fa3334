"""The plain reader: PyYAML's tree for every text it reads, and no answer for any other text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import yamlsource
from generator.demo import write_demo_archive
from generator.located import LocatedDict, LocatedList
from generator.plainyaml import parse_plain
from generator.records import record_paths

REPO = Path(__file__).resolve().parent.parent


def pyyaml_tree(text: str) -> Any:
    """What ``yamlsource`` makes of ``text`` through PyYAML; None with any problem."""
    document = yamlsource.read_with_pyyaml(yamlsource.YamlDocument(Path("r.yaml"), "r.yaml"), text)
    return None if document.problems else document.root


def plain_tree(text: str) -> LocatedDict | None:
    return parse_plain(text, yamlsource.plain_value)


def difference(mine: Any, theirs: Any, where: str = "$") -> str | None:
    """Where two trees differ, in value, type, position, scalar text or quoting; None if nowhere."""
    if type(mine) is not type(theirs):
        return f"{where}: {type(mine).__name__} against {type(theirs).__name__}"
    if not isinstance(mine, LocatedDict | LocatedList):
        return None if mine == theirs else f"{where}: {mine!r} against {theirs!r}"
    for name, left, right in zip(_NODE_PARTS, _node_parts(mine), _node_parts(theirs), strict=True):
        if left != right:
            return f"{where}: {name} {left} against {right}"
    if isinstance(mine, LocatedDict):  # the same keys: checked above
        children = [(f".{key}", mine[key], theirs[key]) for key in mine]
    else:
        children = [(f"[{i}]", a, b) for i, (a, b) in enumerate(zip(mine, theirs, strict=True))]
    return next(filter(None, (difference(a, b, where + place) for place, a, b in children)), None)


_NODE_PARTS = ("position", "keys or length", "key or item positions", "scalars")


def _node_parts(node: LocatedDict | LocatedList) -> tuple[Any, ...]:
    if isinstance(node, LocatedDict):
        return node.position, list(node), dict(node.key_positions), dict(node.scalars)
    return node.position, len(node), list(node.item_positions), dict(node.scalars)


def assert_as_pyyaml(text: str) -> LocatedDict | None:
    """The plain reader's tree, checked against PyYAML's when it gives one."""
    mine = plain_tree(text)
    if mine is not None:
        theirs = pyyaml_tree(text)
        assert theirs is not None, f"PyYAML rejects or reports a problem in what the plain reader read:\n{text}"
        assert difference(mine, theirs) is None, f"{difference(mine, theirs)} in:\n{text}"
    return mine


def test_every_record_of_a_demo_archive_reads_as_pyyaml_reads_it(tmp_path: Path) -> None:
    write_demo_archive(tmp_path / "demo", years=2, seed=3, source_root=REPO)
    paths = record_paths(tmp_path / "demo" / "data")
    assert len(paths) > 1000
    read = [assert_as_pyyaml(path.read_text(encoding="utf-8")) for path in paths]
    # Every demo record is plain, notices' | blocks included: the fast route is the usual one.
    assert sum(tree is None for tree in read) == 0


def test_every_record_of_the_repository_reads_as_pyyaml_reads_it() -> None:
    paths = record_paths(REPO / "data")
    read = [assert_as_pyyaml(path.read_text(encoding="utf-8")) for path in paths]
    assert sum(tree is not None for tree in read) == len(paths)


def test_a_plain_record_with_every_kind_of_value() -> None:
    text = ("id: E2017-001  # 编号\n"
            "title: 纪念“三八”国际劳动妇女节：系列活动\n"
            "start: \"2017-03-06\"\n"
            "end: '2017-03-10'\n"
            "capacity: 600\n"
            "open: true\n"
            "note:\n"
            "items: [WP2017-3-11,  WP2017-3-10 ]\n"
            "none: []\n"
            "body: |\n"
            "  第一段\n"
            "\n"
            "    缩进的行\n"
            "  # 不是注释\n"
            "\n"
            "signups:\n"
            "  - group: 项目\n"
            "    count: 180\n"
            "  - 插花\n"
            "people:\n"
            "- name: 贾航\n"
            "state: published\n")
    tree = assert_as_pyyaml(text)
    assert tree is not None
    assert tree["title"] == "纪念“三八”国际劳动妇女节：系列活动"
    assert tree["body"] == "第一段\n\n  缩进的行\n# 不是注释\n"
    assert tree["items"] == ["WP2017-3-11", "WP2017-3-10"] and tree["none"] == []
    assert tree["capacity"] == 600 and tree["open"] is True and tree["note"] is None


@pytest.mark.parametrize("text", [
    "a: 1\n\tb: 2\n",                      # a tab
    "a: 1\na: 2\n",                        # a duplicate key: PyYAML's path reports it
    "a: >\n  folded\n",                    # a folded block
    'a: "line\\nbreak"\n',                 # an escape
    "a: b: c\n",                           # a syntax error
    "a: &x 1\nb: *x\n",                    # an anchor and an alias
    "a: {b: 1}\n",                         # a flow mapping
    "- a\n- b\n",                          # a list at the root
    "a: one\n  two\n",                     # a plain value over two lines
    "a: 'open\n  quote'\n",                # a quoted value over two lines
    "a: |\n  text",                        # a block without its last line break
    "a: [x, y,]\n",                        # a trailing comma
    "\"quoted key\": 1\n",                 # a key written otherwise
    "a: 1\r\nb: 2\r\n",                    # carriage returns
    "",                                    # nothing
    "k" * 1025 + ": x\n",                  # a key longer than PyYAML takes
    "l:\n- " + "k" * 1025 + ": 1\n",
    "# only a comment\n",
])
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert plain_tree(text) is None


# Near-YAML text: records as officers write them, built from the pieces records are made of and
# from the ones that trip readers up, and then sometimes damaged in one place.
_KEYS = st.sampled_from(["id", "title", "a", "b", "on", "null", "x_1", "Y", "c", "d", "state", "_e"] * 3
                        + ["键", "a b", "-a", "'q'"])
_READABLE = ["1", "-2", "0x1F", "007", "1_000", "1.5", ".inf", "~", "null", "yes", "No", "true", "2017-03-08",
             "2017-13-40", "12:30", "文字", "文字 # 注释", "文字#不是注释", "文字  ", "a :b", "-x", "'单引号'",
             "'it''s'",
             "\"双引号\"", "\"x\" # 注释", "<<", "=", "\u00a0文字", "http://e.cn/a?b=1#c", "a, b", "a]b"]
_OTHER = ["a: b", "a:", "- x", "? x", ":x", "'未闭合", "'x'y", "\"转义\\t\"", "\"x\" 多余", "\"x\"#c", "&x 1", "*x",
          "!!str 1", "%x", "@x", "`x`", "#", "{a: 1}", "[a, [b]]", ">", "|2", ",a", "]"]
_SCALARS = st.sampled_from(_READABLE * 3 + _OTHER)
_FLOWS = st.sampled_from(["[a, b]", "[]", "[ ]", "[-1, x y]", "[ 1 ,2,  文字 ]", "[a] # c", "[true, ~, 2017-01-01]"] * 2
                         + ["[a,]", "[a: b]", "[a]#c", "[a] x", "[-]", "[a, ,b]"])
_TEXT_LINES = st.lists(st.sampled_from(["正文", "  缩进", "", "  ", "      ", "# 注释", "- 项", "键: 值", "title: 1",
                                        "- id: 2", "-  x"]),
                       min_size=0, max_size=4)


@st.composite
def _value(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """The lines of one value: its first line's text after ``key:`` (or ``-``), then the lines below."""
    shape = draw(st.sampled_from(["scalar", "scalar", "flow", "block", "empty", "mapping", "list", "list here"]
                                 if depth < 3 else ["scalar", "flow", "block", "empty"]))
    if shape == "scalar":
        return [" " + draw(_SCALARS)]
    if shape == "flow":
        return [" " + draw(_FLOWS)]
    if shape == "empty":
        return [draw(st.sampled_from(["", " ", "  # 注释"]))]
    if shape == "block":
        inner = " " * (indent + draw(st.sampled_from([1, 2, 2, 4])))
        header = " " + draw(st.sampled_from(["|", "|", "|-", "|+", "|  # 注释", "|", "|-", "|+", "|2", ">", "|#"]))
        body = [inner + line if line.strip() and not line.startswith(" ") else line
                for line in draw(_TEXT_LINES)]
        return [header, *([inner + "第一行"] if draw(st.booleans()) else []), *body]
    if shape == "mapping":
        return ["", *draw(_mapping(indent + draw(st.sampled_from([1, 2, 2, 4])), depth + 1))]
    return ["", *draw(_list(indent + (0 if shape == "list here" else 2), depth + 1))]


@st.composite
def _mapping(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    lines = []
    keys = draw(st.lists(_KEYS, min_size=1, max_size=4, unique=True))
    if draw(st.integers(0, 9)) == 0:
        keys.append(keys[0])  # a duplicate key
    for key in keys:
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", " " * indent + "# 注释", "   "])))
        first, *below = draw(_value(indent, depth))
        lines += [" " * indent + key + ":" + first, *below]
    return lines


@st.composite
def _list(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        dash = " " * indent + "-" + " " * draw(st.sampled_from([1, 1, 2]))
        if draw(st.booleans()):  # an item that is a mapping, its first key beside the dash
            first, *rest = draw(_mapping(len(dash), depth + 1))
            lines += [dash + first.lstrip(" "), *rest]
        elif draw(st.integers(0, 5)):
            lines.append(dash + draw(_SCALARS))
        else:  # nothing beside the dash, or a block or list: left to PyYAML
            first, *below = draw(_value(len(dash), 3))
            lines += [dash + first.lstrip(" "), *below]
    return lines


@st.composite
def _near_yaml(draw: st.DrawFn) -> str:
    lines = draw(_mapping(0, 0))
    if draw(st.integers(0, 3)) == 0:  # damaged in one place
        at = draw(st.integers(0, len(lines) - 1))
        damage = draw(st.sampled_from([" ", "\t", ":", "#", "'", "\"", "-", "|", "[", "\r"]))
        column = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:column] + damage + lines[at][column:]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n", "", "\n\n"]))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_near_yaml())
def test_near_yaml_is_read_as_pyyaml_reads_it_or_left_to_pyyaml(text: str) -> None:
    assert_as_pyyaml(text)


@pytest.mark.parametrize("depth", [600, 1000])
def test_nesting_hundreds_deep_is_a_problem_not_a_crash(tmp_path: Path, depth: int) -> None:
    text = "".join(" " * level + "k:\n" for level in range(depth)) + " " * depth + "v: 1\n"
    assert plain_tree(text) is None
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    document = yamlsource.read_yaml(path, "deep.yaml")
    assert document.root is None
    assert [problem.code for problem in document.problems] == ["yaml-syntax"]
