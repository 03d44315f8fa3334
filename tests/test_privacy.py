"""What counts as private data in a published field."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.located import Position
from generator.privacy import check_private_data, find_private_values
from generator.tables import Flattened, RowOrigin, Table


@pytest.mark.parametrize(("text", "found"), [
    ("联系 13800138000", [("mobile", "13800138000")]),
    ("电话：+86 138-0013-8000。", [("mobile", "+86 138-0013-8000")]),
    ("身份证 51010519800101123X", [("id-number", "51010519800101123X")]),
    ("邮箱 zhangsan@qq.com", [("email", "zhangsan@qq.com")]),
    ("邮箱 Li.Si@163.COM", [("email", "Li.Si@163.COM")]),
])
def test_private_values_are_found(text: str, found: list[tuple[str, str]]) -> None:
    assert list(find_private_values(text)) == found


@pytest.mark.parametrize("text", [
    "办公电话 028-66366000",
    "工号 20170003",
    "报名人数 13800",
    "工会邮箱 gonghui@example.edu.cn",
    "经费 138000000000 元",  # twelve digits: not a mobile number
    "文号 西交大工〔2017〕18号",
])
def test_public_values_are_left_alone(text: str) -> None:
    assert list(find_private_values(text)) == []


REPO = Path(__file__).resolve().parents[1]


def notices_with_titles(*titles: object) -> Flattened:
    catalog = load_catalog(REPO / "site_config")
    flat = Flattened({name: Table(spec) for name, spec in catalog.tables.items()})
    for number, title in enumerate(titles, start=1):
        flat.tables["notices"].add({"id": f"N2017-{number:03d}", "title": title},
                                   RowOrigin(f"data/notices/2017/N2017-{number:03d}.yaml", None, Position(number, 1)))
    return flat


def test_every_cell_holding_private_data_is_reported_once_at_its_own_row() -> None:
    # Only the cells holding private data are reported, each at its own row.
    problems = check_private_data(notices_with_titles("通知", "联系 13800138000", 2017, "邮箱 a@qq.com"))
    assert [(p.path, p.line, p.found) for p in problems] == [
        ("data/notices/2017/N2017-002.yaml", 2, "138****8000"),
        ("data/notices/2017/N2017-004.yaml", 4, "a@q*.com"),
    ]


def notices_with_texts(*texts: tuple[str, str]) -> Flattened:
    flat = notices_with_titles(*(title for title, _ in texts))
    for row, (_, body) in zip(flat.tables["notices"].rows, texts, strict=True):
        row["body"] = body
    return flat


def test_private_data_in_any_text_of_a_row_is_reported_in_its_own_field() -> None:
    # Every published text of a row is searched, and a hit names the field that holds it.
    problems = check_private_data(notices_with_texts(("2017年通知", "联系 13800138000"), ("通知", "无"),
                                                     ("身份证 51010519800101123X", "2017年")))
    assert [(p.line, p.field, p.found) for p in problems] == [
        (1, "body", "138****8000"), (3, "title", "510***********123X")]


def test_digits_that_look_private_only_across_two_fields_are_left_alone() -> None:
    # Read together, "138" and "0013 8000" would make a mobile number; neither field holds one.
    assert check_private_data(notices_with_texts(("尾号 138", "0013 8000 元"))) == []
