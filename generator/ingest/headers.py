"""Header text as platforms write it, reduced to the question it names."""

from __future__ import annotations

import re
import unicodedata

# CJK radical look-alikes that NFKC leaves alone but real headers contain (⻅ for 见 …).
_RADICALS = str.maketrans({
    "⺠": "民", "⻄": "西", "⻅": "见", "⻆": "角", "⻋": "车", "⻓": "长", "⻔": "门", "⻘": "青", "⻚": "页",
    "⻛": "风", "⻜": "飞", "⻝": "食", "⻢": "马", "⻥": "鱼", "⻦": "鸟", "⻨": "麦", "⻩": "黄", "⻬": "齐",
    "⻮": "齿", "⻰": "龙", "⻳": "龟", "⻤": "鬼",
})
_NUMBERING = re.compile(r"^(?:第\s*\d+\s*题|\d+\s*[、.:：](?!\d))\s*")
_SUB_NUMBER = re.compile(r"^[(（]\s*\d+\s*[)）]\s*")
_TRAILING_NOTE = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_TRAILING_PUNCT = re.compile(r"[\s:：?？。.*＊]+$")
_FILL_BLANK = re.compile(r"_*\{fillblank-[^}]*\}|_{2,}.*$|\[[^\]]*\]$")


def normalise_text(text: str) -> str:
    """NFKC, radical look-alikes replaced, BOM dropped, inner white space collapsed, trimmed."""
    text = unicodedata.normalize("NFKC", text.replace("\ufeff", "")).translate(_RADICALS)
    return re.sub(r"\s+", " ", text).strip()


def question_text(header: str) -> str:
    """Return the question a header names, without the platform's numbering: ``3、部门/单位 `` → ``部门/单位``."""
    text = normalise_text(header)
    text = _NUMBERING.sub("", text)
    return text


def split_sub_item(text: str) -> tuple[str, str | None]:
    """Split Tencent's ``question:sub-item`` header (cascade level, option, blank) into its parts."""
    match = re.match(r"^(.*?[^:：\s])\s*[:：]\s*(.+)$", text)
    if not match:
        return text, None
    return match.group(1), match.group(2)


def match_keys(text: str) -> list[str]:
    """Return the forms of a question text that a definition's names are compared with.

    ``(1)姓名`` also matches ``姓名``; ``参加项目（可多选）`` also ``参加项目``; a trailing ``：`` or
    ``？`` never matters.
    """
    keys = []
    current = text
    for step in (lambda t: t, lambda t: _SUB_NUMBER.sub("", t), lambda t: _TRAILING_NOTE.sub("", t)):
        current = _TRAILING_PUNCT.sub("", step(current))
        if current and current not in keys:
            keys.append(current)
    return keys


def option_label(sub_item: str) -> tuple[str, bool]:
    """Return an option column's label and whether it is the "other, please specify" blank."""
    label = _FILL_BLANK.sub("", sub_item).strip()
    return label, label != sub_item.strip()
