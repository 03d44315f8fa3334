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


def test_markdown_bodies_load_nothing_from_other_hosts() -> None:
    from generator.site.render import markdown_to_html

    body = "![图](https://evil.example/t.png) ![本站](../a.png) [x](javascript:alert(1)) <b>x</b>"
    html = str(markdown_to_html(body))
    assert html == ('<p><a href="https://evil.example/t.png" rel="noopener nofollow">图</a> '
                    '<img src="../a.png" alt="本站" /> [x](javascript:alert(1)) &lt;b&gt;x&lt;/b&gt;</p>\n')
