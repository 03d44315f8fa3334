"""The Jinja environment that renders page templates from ``site_config/templates/``."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .urls import relative_url

CHINESE_NUMERALS = "零一二三四五六七八九十"
WEEKDAYS = "一二三四五六日"
# Characters that mean something to HTML or to Markdown inline syntax, written as entities so
# that record text shows literally wherever a template places it in a Markdown line.
_LITERAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~<>&\"'"}
# CommonMark without raw HTML: a record body may come from a form, and must not inject markup.
# markdown-it also refuses javascript:, vbscript: and data: links by default.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_OTHER_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def _image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """Show a picture kept on this site; a picture on another host becomes a link to it, since the
    site loads nothing from elsewhere (readers in mainland China may not reach it)."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    if _OTHER_HOST.match(src):
        return f'<a href="{escape(src)}" rel="noopener nofollow">{escape(token.content or src)}</a>'
    return str(self.image(tokens, idx, options, env))


_MARKDOWN.add_render_rule("image", _image)


def chinese_numeral(number: int) -> str:
    """Return 1 → 一, 12 → 十二, 25 → 二十五 (for numbers below 100)."""
    if number <= 10:
        return CHINESE_NUMERALS[number]
    tens, ones = divmod(number, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens]
    return head + "十" + (CHINESE_NUMERALS[ones] if ones else "")


def markdown_text(value: Any) -> Markup:
    """Escape record text for a Markdown line: every special character as an entity."""
    text = "" if value is None else str(value)
    return Markup("".join(_LITERAL.get(c, c) for c in text))


def markdown_to_html(value: Any) -> Markup:
    """Render a record's Markdown body to HTML, raw HTML in it shown as text."""
    return Markup(_MARKDOWN.render("" if value is None else str(value)))


def chinese_date(value: date | datetime | None, weekday: bool = False) -> str:
    """Return ``2017年3月8日`` (with ``14:30`` for a date-time, ``（周三）`` on request)."""
    if value is None:
        return ""
    text = f"{value.year}年{value.month}月{value.day}日"
    if weekday:
        text += f"（周{WEEKDAYS[value.weekday()]}）"
    if isinstance(value, datetime):
        text += f" {value:%H:%M}"
    return text


def iso(value: date | datetime | None) -> str:
    """Return the machine-readable form for ``<time datetime=…>``."""
    if value is None:
        return ""
    return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value.isoformat()


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


class Renderer:
    """Renders named templates with autoescaping on, and links relative to the page rendered."""

    def __init__(self, templates_dir: Path, directory_urls: bool = True) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.directory_urls = directory_urls
        self.env.filters.update({
            "numeral": chinese_numeral, "md": markdown_text, "markdown": markdown_to_html,
            "zh_date": chinese_date, "iso": iso, "file_size": file_size,
        })
        self.env.globals["percent"] = percent
        directory_urls = self.directory_urls

        @jinja2.pass_context
        def href(context: jinja2.runtime.Context, target: Any) -> str:
            """Return the link from the page being rendered to a record, item or URI."""
            uri = target if isinstance(target, str) else target.uri
            anchor = getattr(target, "anchor", None)
            if anchor and "#" not in uri:
                uri = f"{uri}#{anchor}"
            return relative_url(context["page_uri"], uri, directory_urls)

        self.env.filters["href"] = href

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)
