"""Template helpers."""

from __future__ import annotations

import markdown

from generator.site.render import chinese_numeral, markdown_text


def test_chinese_numerals() -> None:
    assert [chinese_numeral(n) for n in (1, 5, 10, 11, 20, 25, 99)] == [
        "一", "五", "十", "十一", "二十", "二十五", "九十九"]


def test_markdown_text_shows_literally_in_a_heading() -> None:
    text = "关于<b>食堂</b>的*建议*_[链接](javascript:alert(1)) & #标签"
    html = markdown.markdown("## " + markdown_text(text))
    assert "<b>" not in html and "<em>" not in html and "<a" not in html
    assert html.startswith("<h2>") and html.endswith("</h2>")
    from html import unescape
    assert unescape(html[4:-5]) == text
