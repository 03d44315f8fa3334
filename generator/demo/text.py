"""Composing Chinese text from phrase banks: sentences drawn at random, to a realistic length.

A bank is a sequence of sentence templates with ``{slot}`` fields; a record fills the slots
from its own values, so a summary names the record's venue, date and numbers.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import cache

Slots = Mapping[str, object]

_DIGITS = "零一二三四五六七八九"

# Sentences that fit any record of the union's work; they pad a text that came out too short.
FILLERS = (
    "校工会将认真总结经验，进一步改进工作方法。",
    "各部门工会高度重视，认真组织，确保各项工作落到实处。",
    "这项工作得到了学校党委的关心和相关职能部门的大力支持。",
    "广大教职工积极参与，对工会工作给予了充分肯定。",
    "下一步，校工会将继续倾听教职工意见，不断提升服务水平。",
    "有关情况将在校工会网站持续公开，欢迎教职工监督。",
)


@cache
def chinese_number(number: int) -> str:
    """Return 1–99 written in Chinese numerals, as in 第二十届 or 第三次."""
    if not 0 < number < 100:
        raise ValueError(f"chinese_number expects 1–99, not {number}")
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def chinese_date(day: date) -> str:
    """Return a date as notices write it: 2017年3月8日."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(day: date) -> str:
    """Return a day of the year as notices write it: 3月8日."""
    return f"{day.month}月{day.day}日"


class LazySlots(dict[str, object]):
    """Slot values drawn only when a template first asks for them, then kept.

    A record's title and summary fill their templates from the same slots, so the sport in
    a title is the sport its summary speaks of; values no template asks for cost nothing.
    """

    def __init__(self, rng: random.Random, draws: Mapping[str, Callable[[random.Random], object]],
                 fixed: Mapping[str, object]) -> None:
        super().__init__(fixed)
        self._rng = rng
        self._draws = draws

    def __missing__(self, key: str) -> object:
        value = self._draws[key](self._rng)
        self[key] = value
        return value


def fill(template: str, slots: Slots) -> str:
    return template.format_map(slots)


def first_fitting(candidates: Iterable[str], low: int, high: int) -> str:
    """Return the first candidate between ``low`` and ``high`` characters long."""
    for candidate in candidates:
        if low <= len(candidate) <= high:
            return candidate
    raise ValueError(f"no candidate of {low}–{high} characters")


def compose(rng: random.Random, opening: Sequence[str], middle: Sequence[str], closing: Sequence[str],
            slots: Slots, low: int, high: int) -> str:
    """Return one paragraph: an opening, some middle sentences, a closing.

    The length is aimed at a random target in ``low``–``high`` so texts differ in length as
    real ones do. Middle sentences are drawn at random but kept in the bank's order, since a
    bank is written in the order a report tells things; fillers make up a text that would
    stay under ``low``, and nothing is added that would go over ``high``.
    """
    head, tail = fill(rng.choice(opening), slots), fill(rng.choice(closing), slots)
    target = rng.randint(low, high)
    length = len(head) + len(tail)
    chosen: dict[int, str] = {}
    for index in rng.sample(range(len(middle)), len(middle)):
        if length >= target:
            break
        sentence = fill(middle[index], slots)
        if length + len(sentence) <= high:
            chosen[index] = sentence
            length += len(sentence)
    body = "".join(chosen[index] for index in sorted(chosen))
    for sentence in rng.sample(FILLERS, len(FILLERS)):
        if length >= low:
            break
        if length + len(sentence) <= high:
            body += sentence
            length += len(sentence)
    return head + body + tail


def partition(rng: random.Random, total: int, parts: int, minimum: int) -> list[int]:
    """Split ``total`` into ``parts`` random sizes of at least ``minimum`` that add up exactly."""
    spare = total - parts * minimum
    if spare < 0:
        raise ValueError(f"cannot split {total} into {parts} parts of at least {minimum}")
    cuts = sorted(rng.randint(0, spare) for _ in range(parts - 1))
    bounds = [0, *cuts, spare]
    return [minimum + bounds[i + 1] - bounds[i] for i in range(parts)]
