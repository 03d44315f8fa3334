"""New records written by the fast emitter read back exactly, and where the emitter says they stand."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest.emit import emit_record, record_as_read, record_text, text_mapping_text
from generator.located import LocatedDict, LocatedList
from generator.yamlsource import read_yaml

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
TRICKY = st.sampled_from([
    "=1+1", "-2+3 号场地", "@SUM(1)", ": 冒号", "# 井号", "yes", "no", "on", "~", "null", "007", "1.5", "2017-13-40",
    "2017-03-08", "a: b", "a #b", " 前导空格", "尾随空格 ", "行一\n行二", "\n开头换行", "结尾换行\n", "两个\n\n",
    "\t制表", "'单引号'", '"双引号"', "[列表]", "{映射}", "<script>alert(1)</script>", "=HYPERLINK(\"x\"，\"y\")",
    "|", ">", "!tag", "&anchor", "*alias", "\n", "\n\n"])
VALUES = st.one_of(TEXT, TRICKY, st.integers(-10**6, 10**6), st.booleans(), st.dates())


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "content", "measures", "number", "flag", "submitted"]), VALUES,
                       min_size=1),
       st.lists(st.dictionaries(st.sampled_from(["name", "delegation"]), st.one_of(TEXT, TRICKY), min_size=1),
                max_size=3),
       st.lists(VALUES, max_size=3))
def test_emitted_records_read_back_identically(tmp_path_factory: Any, record: dict[str, Any],
                                               people: list[dict[str, str]], items: list[Any]) -> None:
    full = {"id": "P2024-001", **record, "cosigners": people} if people else {"id": "P2024-001", **record}
    if items:  # a list of values, as a record's list of ids: a multi-line one is a block in the list
        full["tags"] = items
    text, located = emit_record(full)
    assert yaml.safe_load(text) == full  # PyYAML reads what was meant, dates as dates
    assert record_text(record_as_read(full)) == text  # an ingest writes from either
    path = Path(tmp_path_factory.mktemp("emit")) / "r.yaml"
    path.write_text(text, encoding="utf-8")
    document = read_yaml(path, "r.yaml")
    assert document.problems == []
    assert plain(document.root) == plain(located)
    assert_same_scalar_texts(document.root, located)


def assert_same_scalar_texts(read: Any, emitted: Any) -> None:
    """Non-text scalars carry the text they were written as, as the reader's do; positions are left out."""
    if isinstance(read, LocatedDict | LocatedList):
        assert type(emitted) is type(read)
        keys = read.keys() if isinstance(read, LocatedDict) else range(len(read))
        for key in keys:
            if not isinstance(read[key], str) and key in read.scalars:
                assert emitted.scalars[key].text == read.scalars[key].text
            assert_same_scalar_texts(read[key], emitted[key])


def test_a_proposal_looks_as_an_officer_would_write_it() -> None:
    text, _ = emit_record({"id": "P2024-001", "number": 1, "title": "关于增设托管班的建议",
                           "submitted": date(2024, 10, 8), "consent_publish": True, "content": "第一行\n第二行",
                           "cosigners": [{"name": "李四"}, {"name": "王五"}]})
    assert text == ("id: P2024-001\nnumber: 1\ntitle: 关于增设托管班的建议\nsubmitted: 2024-10-08\n"
                    "consent_publish: true\ncontent: |-\n  第一行\n  第二行\n"
                    "cosigners:\n  - name: 李四\n  - name: 王五\n")


LONG = ["=1+1" + "字" * 40, "-2+3 号场地" * 6, "a: b" + "长" * 40, "井号" * 20 + " #注释", "尾随空格" * 10 + " ",
        "yes" * 12, "007" * 12, "'单引号'" * 8, "[列表]" * 10, "第一行\n" * 10, "普通的长文字" * 10]


def test_long_values_take_the_uncached_path_and_read_back_identically(tmp_path: Path) -> None:
    for index, value in enumerate(LONG):
        assert len(value) > 32
        record = {"id": "P2024-001", "content": value, "cosigners": [{"name": value}]}
        text, located = emit_record(record)
        assert yaml.safe_load(text) == record, value
        path = tmp_path / f"r{index}.yaml"
        path.write_text(text, encoding="utf-8")
        document = read_yaml(path, path.name)
        assert document.problems == [] and plain(document.root) == plain(located) == record


def test_records_share_the_text_of_a_repeated_date_and_answer_the_same() -> None:
    _, first = emit_record({"id": "P2024-001", "submitted": date(2024, 9, 1), "consent_publish": True})
    _, second = emit_record({"id": "P2024-002", "submitted": date(2024, 9, 1), "consent_publish": True})
    assert first["submitted"] == "2024-09-01" and first["submitted"] is second["submitted"]
    assert first.scalars["submitted"] is second.scalars["submitted"]
    assert first.scalars["submitted"].text == "2024-09-01" and first.scalars["consent_publish"].text == "true"
    _, third = emit_record({"id": "P2024-003", "consent_publish": 1})  # a number, never taken for True
    assert third["consent_publish"] == 1 and third.scalars["consent_publish"].text == "1"
    assert type(third["consent_publish"]) is int


def test_a_multi_line_value_in_a_list_is_a_block_of_its_item() -> None:
    text, located = emit_record({"id": "P2024-001", "notes": ["第一条", "第二行\n第三行"]})
    assert text == "id: P2024-001\nnotes:\n  - 第一条\n  - |-\n    第二行\n    第三行\n"
    assert yaml.safe_load(text)["notes"] == located["notes"] == ["第一条", "第二行\n第三行"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.one_of(TEXT, TRICKY), st.one_of(TEXT, TRICKY)))
def test_a_text_mapping_reads_back_as_it_was(mapping: dict[str, str]) -> None:
    text = text_mapping_text(mapping)
    assert yaml.load(text, Loader=yaml.CSafeLoader) == mapping
    assert yaml.safe_load(text) == mapping


def test_a_text_mapping_is_one_line_per_key_in_key_order() -> None:
    text = text_mapping_text({"李四|20230012": "P2024-002", "a: b": "x\ny", "张三|20230011": "P2024-001"})
    assert text == ('"a: b": "x\\ny"\n'
                    "张三|20230011: P2024-001\n"
                    "李四|20230012: P2024-002\n")
    assert text_mapping_text({}) == "{}\n"


def test_a_key_too_long_for_its_line_is_written_as_an_explicit_key() -> None:
    mapping = {"张" * 1000: "P2024-001", "李" * 1001: "P2024-002", "=" + "王" * 1500: "P2024-003"}
    text = text_mapping_text(mapping)
    assert text.split("\n") == ['? "=' + "王" * 1500 + '"', ": P2024-003", "张" * 1000 + ": P2024-001",
                                "? " + "李" * 1001, ": P2024-002", ""]
    assert yaml.load(text, Loader=yaml.CSafeLoader) == mapping
    assert yaml.safe_load(text) == mapping
