"""The YAML reader: values, positions, the text as typed, and problems instead of exceptions."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import yamlsource
from generator.located import NONE_KNOWN, LocatedDict, LocatedList, Position
from generator.yamlsource import read_yaml


def read(tmp_path: Path, text: str | bytes) -> tuple[object, list[str]]:
    path = tmp_path / "r.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    doc = read_yaml(path, "r.yaml")
    return doc.root, [p.as_text() for p in doc.problems]


def test_positions_of_keys_values_and_items(tmp_path: Path) -> None:
    root, problems = read(tmp_path, "id: E2017-001\nitems:\n  - a\n  - key: v\n")
    assert problems == []
    assert isinstance(root, LocatedDict)
    assert root.key_positions == {"id": Position(1, 1), "items": Position(2, 1)}
    assert root.scalars["id"].position == Position(1, 5)
    items = root["items"]
    assert isinstance(items, LocatedList)
    assert items.item_positions == [Position(3, 5), Position(4, 5)]
    assert items[1].key_positions == {"key": Position(4, 5)}


def test_scalars_keep_their_text_and_dates_stay_text(tmp_path: Path) -> None:
    root, _ = read(tmp_path, "a: 007\nb: 2017-13-40\nc: 1.38E+10\nd: yes\ne: ~\nf: '12'\n"
                             "g: 2017-03-08\nh: 12\n")
    assert isinstance(root, LocatedDict)
    # YAML 1.1 would read 007 as octal 7; a staff id or code keeps its leading zeros here.
    assert dict(root) == {"a": "007", "b": "2017-13-40", "c": "1.38E+10", "d": True, "e": None,
                          "f": "12", "g": "2017-03-08", "h": 12}
    assert root.scalars["a"].text == "007"
    assert root.scalars["f"].quoted is True and root.scalars["a"].quoted is False


def test_duplicate_key_keeps_the_first_value(tmp_path: Path) -> None:
    root, problems = read(tmp_path, "title: 一\nother: x\ntitle: 二\n")
    assert isinstance(root, LocatedDict) and root["title"] == "一"
    assert problems == ["r.yaml:3:1: [duplicate-key] 字段“title”重复出现（第一次在第 1 行）；"
                        "后一个值会被忽略，请合并为一个。"]


def test_tab_in_indentation_is_reported_once(tmp_path: Path) -> None:
    root, problems = read(tmp_path, "a:\n\tb: 1\n")
    assert root is None
    assert problems == ["r.yaml:2:1: [yaml-tab] 行首缩进中有制表符（Tab）；YAML 只能用空格缩进，"
                        "请把 Tab 换成两个空格。"]


def test_unclosed_quote(tmp_path: Path) -> None:
    root, problems = read(tmp_path, 'title: "活动\nend: 1\n')
    assert root is None
    assert problems == ["r.yaml:3:1: [yaml-syntax] YAML 格式错误：引号没有闭合。"]


def test_two_documents(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "a: 1\n---\nb: 2\n")
    assert problems == ["r.yaml:2:1: [yaml-syntax] YAML 格式错误：一个文件只能有一条记录（出现了多余的“---”）。"]


def test_gbk_file_is_an_encoding_problem(tmp_path: Path) -> None:
    root, problems = read(tmp_path, "title: 教职工\n".encode("gbk"))
    assert root is None
    assert problems == ["r.yaml:1:1: [encoding] 文件不是 UTF-8 编码（第 8 个字节无法识别）；"
                        "请用编辑器另存为 UTF-8 编码。"]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    root, problems = read(tmp_path, "\ufefftitle: 教职工\n".encode())
    assert (dict(root) if isinstance(root, dict) else root, problems) == ({"title": "教职工"}, [])


def test_a_file_read_in_several_chunks_reads_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "_CHUNK", 7)
    root, problems = read(tmp_path, "\ufefftitle: 教职工代表大会\nnumber: 12\n".encode())
    assert (dict(root) if isinstance(root, dict) else root, problems) == ({"title": "教职工代表大会", "number": 12}, [])


def test_a_folder_named_as_a_record_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").mkdir()
    document = read_yaml(tmp_path / "r.yaml", "r.yaml")
    assert document.root is None
    assert [(p.path, p.line, p.code, p.message) for p in document.problems] == [
        ("r.yaml", 0, "unreadable", "无法读取文件：Is a directory")]


def test_complex_key_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    root, problems = read(tmp_path, "? [a, b]\n: 1\nc: 2\n")
    assert isinstance(root, LocatedDict) and dict(root) == {"c": 2}
    assert problems == ["r.yaml:1:3: [yaml-syntax] 字段名必须是简单的文字。"]


def _tags(node: Any) -> Any:
    if isinstance(node.value, list):
        return (node.tag, [_tags(v) if not isinstance(v, tuple) else (_tags(v[0]), _tags(v[1])) for v in node.value])
    return (node.tag, node.value)


SCALARS = ["", "~", "null", "Null", "NULL", "yes", "No", "ON", "off", "true", "False", "0", "007", "0x1F", "0o17",
           "1_000", "-12", "+3", "1:30", "1.5", ".inf", "-.Inf", ".NaN", "1e3", "2017-03-08", "2017-3-8",
           "2017-03-25 09:00", "2017-03-25T09:00:00Z", "<<", "=", "abc", "中文", "- x", "'q'", '"d"', "[a, b]",
           "{a: 1}", "!!str 12", "&a 1", "12 # c"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SCALARS), st.text(max_size=8)), min_size=1, max_size=4))
def test_the_reader_tags_scalars_exactly_as_pyyaml(values: list[str]) -> None:
    import yaml

    from generator.yamlsource import _Loader

    for value in values:
        text = f"key: {value}\nlist:\n  - {value}\n"
        try:
            expected = yaml.compose(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            continue
        assert _tags(yaml.compose(text, Loader=_Loader)) == _tags(expected)


def test_a_mapping_made_without_positions_shares_one_empty_that_cannot_be_filled() -> None:
    first, second = LocatedDict(Position(1, 1)), LocatedList(Position(1, 1))
    assert first.key_positions is first.scalars is second.scalars is NONE_KNOWN
    assert second.item_positions == () and NONE_KNOWN.get("id") is None and "id" not in NONE_KNOWN
    with pytest.raises(TypeError):
        first.key_positions["id"] = Position(1, 1)  # type: ignore[index]
    first["items"] = second
    copied = pickle.loads(pickle.dumps(first))  # as a child sends it back
    assert copied == first and copied.key_positions is NONE_KNOWN and copied["items"].scalars is NONE_KNOWN
    assert copy.deepcopy(first).scalars is NONE_KNOWN
