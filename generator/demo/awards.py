"""A year's award lists (表彰名单): yearly honours, results of contests held as events, named honours.

Some lists are published after a 公示; the notices of a year are made after its lists, and
fill in the ``notice`` of the lists that asked for one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .days import day_between, day_in_months, shifted
from .drafts import mark_drafts
from .events import SPORTS
from .names import COLLEGES, UNITS, person_name
from .text import first_fitting, partition

LISTS_PER_YEAR = 30
ENTRIES_PER_YEAR = 600
MIN_ENTRIES_PER_LIST = 6
# At most this many lists come out of the year's contests; the rest are honours.
MAX_RESULT_LISTS = 17
CONTEST_WORDS = ("比赛", "联赛", "竞赛", "大赛", "比武", "友谊赛")
CONTEST_LEVELS = (("一等奖", 0.1), ("二等奖", 0.3), ("三等奖", 0.6), ("优秀奖", 1.0))
DRAFTS_PER_YEAR = 1


@dataclass(frozen=True)
class Honour:
    """A named honour: the list's title and what its people and units are honoured as."""

    title: str
    individual: tuple[str, ...]
    collective: tuple[str, ...] = ()


HONOURS = (
    Honour("{year}年度“三八红旗手”和优秀女教职工名单", ("三八红旗手", "优秀女教职工"), ("三八红旗集体",)),
    Honour("{year}年度师德先进个人名单", ("师德先进个人",)),
    Honour("{year}年度“模范教职工之家”和“模范教职工小家”", (), ("模范教职工之家", "模范教职工小家")),
    Honour("{year}年度优秀工会工作者和工会积极分子", ("优秀工会工作者", "优秀工会积极分子")),
    Honour("{year}年度工会宣传信息工作先进名单", ("优秀通讯员",), ("宣传信息工作先进集体",)),
    Honour("{year}年度“最美教职工”名单", ("最美教职工",)),
    Honour("{year}年度“教书育人楷模”名单", ("教书育人楷模",)),
    Honour("{year}年度先进女教职工委员会名单", (), ("先进女教职工委员会",)),
    Honour("{year}年度工会财务与经审工作先进名单", ("经审工作先进个人",), ("财务工作先进集体",)),
    Honour("{year}年度优秀工会小组名单", (), ("优秀工会小组",)),
    Honour("{year}年度“巾帼建功标兵”名单", ("巾帼建功标兵",)),
    Honour("{year}年度“青年岗位能手”名单", ("青年岗位能手",)),
)
YEARLY_HONOUR = Honour("{previous_year}年度工会系统先进集体和先进个人", ("优秀工会干部", "优秀工会积极分子"),
                       ("先进部门工会", "模范教职工之家", "模范教职工小家", "先进工会小组"))
INDIVIDUAL_NOTES = ("连续两年获评", "破格推荐", "已退休")
TEAM_RANKS = ("第一名", "第二名", "第三名", "第四名", "第五名", "第六名", "第七名", "第八名")


@dataclass
class AwardLists:
    """The lists of a year, and those still waiting for the 公示 that precedes them."""

    lists: list[dict[str, Any]]
    wanting_publicity: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Made:
    """A list before numbering: the contest it is the result of, whether a 公示 comes first."""

    record: dict[str, Any]
    contest: dict[str, Any] | None = None
    wants_publicity: bool = False


def build_award_lists(rng: random.Random, year: int, union: str, events: list[dict[str, Any]],
                      item_ids: list[str]) -> AwardLists:
    """Return the award lists of ``year``, numbered A年份-01 in date order; contests get their results."""
    sizes = partition(rng, ENTRIES_PER_YEAR, LISTS_PER_YEAR, MIN_ENTRIES_PER_LIST)
    contests = _contests(rng, events)
    made = [_yearly_list(rng, year, sizes[0])]
    made += [_result_list(rng, year, event, size) for event, size in zip(contests, sizes[1:], strict=False)]
    made += [_honour_list(rng, year, HONOURS[n % len(HONOURS)], n // len(HONOURS), size)
             for n, size in enumerate(sizes[1 + len(contests):])]
    made.sort(key=lambda m: (m.record["date"], m.record["title"]))
    result = AwardLists([])
    basis_number = rng.randint(1, 5)
    for number, one in enumerate(made, start=1):
        award_list = one.record
        award_list["id"] = f"A{year}-{number:02d}"
        award_list["issuer"] = union
        basis_number += rng.randint(1, 3)
        # The union's document numbers, as the project's own records cite them.
        award_list["basis"] = f"西交大工〔{year}〕{basis_number}号" if rng.random() < 0.85 else None
        award_list["workplan_item"] = rng.choice(item_ids) if rng.random() < 0.8 else None
        if one.contest is not None:
            one.contest["results"] = [award_list["id"]]
        result.lists.append(award_list)
        if one.wants_publicity:
            result.wanting_publicity.append(award_list)
    mark_drafts(rng, result.lists, DRAFTS_PER_YEAR)
    return result


def _contests(rng: random.Random, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    contests = [e for e in events if any(word in e["title"] for word in CONTEST_WORDS)]
    return rng.sample(contests, min(MAX_RESULT_LISTS, len(contests)))


def _shell(title: str, year: int, day: date) -> dict[str, Any]:
    """Return a list's fields in the order officers write them; numbering fills in the rest."""
    return {"id": None, "title": title, "year": year, "issuer": None, "date": day, "basis": None,
            "workplan_item": None, "notice": None, "state": "published", "demo": True, "entries": []}


def _yearly_list(rng: random.Random, year: int, size: int) -> _Made:
    """The year's main honours, decided in December after a 公示."""
    title = YEARLY_HONOUR.title.format(previous_year=year - 1)
    award_list = _shell(title, year, day_between(rng, date(year, 12, 10), date(year, 12, 28)))
    award_list["entries"] = _honour_entries(rng, YEARLY_HONOUR, size)
    return _Made(award_list, wants_publicity=True)


def _honour_list(rng: random.Random, year: int, honour: Honour, repeat: int,
                 size: int) -> _Made:
    title = honour.title.format(year=year) + ("（第二批）" if repeat else "")
    award_list = _shell(title, year, day_in_months(rng, year, 3, 12))
    award_list["entries"] = _honour_entries(rng, honour, size)
    return _Made(award_list, wants_publicity=rng.random() < 0.5)


def _result_list(rng: random.Random, year: int, event: dict[str, Any], size: int) -> _Made:
    """The prize winners of a contest, decided a few days to three weeks after it ends."""
    ended = date.fromisoformat((event["end"] or event["start"])[:10])
    title = first_fitting((f"{event['title']}获奖名单", f"{event['title']}结果", f"{year}年教职工比赛获奖名单"),
                          10, 30)
    award_list = _shell(title, year, shifted(ended, rng.randint(3, 20)))
    if any(sport in event["title"] for sport in SPORTS) and rng.random() < 0.6:  # a ball game ranks teams
        award_list["entries"] = _team_entries(rng, event["title"], size)
    else:
        award_list["entries"] = _prize_entries(rng, event["title"], size)
    # A 公示 needs room before the list's date in the same year.
    return _Made(award_list, event, wants_publicity=award_list["date"].month > 1 and rng.random() < 0.1)


def _honour_entries(rng: random.Random, honour: Honour, size: int) -> list[dict[str, Any]]:
    collective_share = 0.0 if not honour.collective else (1.0 if not honour.individual else 0.35)
    entries = []
    for index in range(size):
        if index < round(size * collective_share):
            entries.append(_collective(rng, rng.choice(honour.collective)))
        else:
            entries.append(_individual(rng, rng.choice(honour.individual)))
    return entries


def _prize_entries(rng: random.Random, contest: str, size: int) -> list[dict[str, Any]]:
    """Prize winners, best first, and the best-organising units at the end."""
    organisers = min(2, size // 6)
    entries = []
    for index in range(size - organisers):
        share = (index + 1) / (size - organisers)
        level = next(name for name, upto in CONTEST_LEVELS if share <= upto)
        entries.append({**_individual(rng, contest), "level": level})
    entries += [_collective(rng, f"{contest}优秀组织奖") for _ in range(organisers)]
    return entries


def _team_entries(rng: random.Random, contest: str, size: int) -> list[dict[str, Any]]:
    teams = rng.sample(COLLEGES, min(size, len(TEAM_RANKS)))
    entries = [{"recipient": f"{unit}代表队", "kind": "集体", "unit": unit, "honour": contest, "level": rank}
               for unit, rank in zip(teams, TEAM_RANKS, strict=False)]
    entries += [{**_individual(rng, contest), "level": "单项奖"} for _ in range(size - len(entries))]
    return entries


def _individual(rng: random.Random, honour: str) -> dict[str, Any]:
    return {"recipient": person_name(rng), "kind": "个人", "unit": rng.choice(UNITS), "honour": honour,
            "level": None, "note": rng.choice(INDIVIDUAL_NOTES) if rng.random() < 0.03 else None}


def _collective(rng: random.Random, honour: str) -> dict[str, Any]:
    unit = rng.choice(UNITS)
    recipient = f"{unit}{rng.choice(('教研室', '办公室', '实验中心'))}工会小组" if "小组" in honour else f"{unit}分工会"
    return {"recipient": recipient, "kind": "集体", "unit": unit, "honour": honour, "level": None,
            "note": f"集体成员{rng.randint(5, 30)}人" if rng.random() < 0.05 else None}
