"""The Jinja environment that renders page templates from ``site_config/templates/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

CHINESE_NUMERALS = "零一二三四五六七八九十"
# Characters that mean something to HTML or to Markdown inline syntax, written as entities so
# that record text shows literally wherever a template places it in a Markdown line.
_LITERAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~<>&\"'"}


def chinese_numeral(number: int) -> str:
    """Return 1 → 一, 12 → 十二, 25 → 二十五 (for numbers below 100)."""
    if number <= 10:
        return CHINESE_NUMERALS[number]
    tens, ones = divmod(number, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens]
    return head + "十" + (CHINESE_NUMERALS[ones] if ones else "")


def markdown_text(value: Any) -> Markup:
    """Escape record text for a Markdown line: HTML first, then Markdown punctuation."""
    text = "" if value is None else str(value)
    return Markup("".join(_LITERAL.get(c, c) for c in text))


class Renderer:
    """Renders named templates with autoescaping on, whatever the file ends with."""

    def __init__(self, templates_dir: Path) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["numeral"] = chinese_numeral
        self.env.filters["md"] = markdown_text

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)
