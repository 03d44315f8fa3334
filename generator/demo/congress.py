"""The staff congress (教职工代表大会) a year's proposals belong to, named as the union names it.

A congress term lasts five years with one meeting a year; the 2017 meeting was the third of
the 7th congress (and of the 20th members' congress held with it), as in ``data/``.
"""

from __future__ import annotations

from functools import cache

from .text import chinese_number

_TERM_STARTED = 2015  # the first meeting of the 7th congress
_TERM = 7
_MEMBERS_TERM_OFFSET = 13  # the members' congress is numbered 13 higher: 第二十届 with 第七届


@cache
def session_name(year: int) -> str:
    """Return the meeting held in ``year``, e.g. 第二十届工会会员暨第七届教职工代表大会第三次会议."""
    terms_since, meeting = divmod(year - _TERM_STARTED, 5)
    term = max(1, _TERM + terms_since)
    return (f"第{chinese_number(term + _MEMBERS_TERM_OFFSET)}届工会会员暨第{chinese_number(term)}届"
            f"教职工代表大会第{chinese_number(meeting + 1)}次会议")
