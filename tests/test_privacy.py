"""What counts as private data in a published field."""

from __future__ import annotations

import pytest

from generator.privacy import find_private_values


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
