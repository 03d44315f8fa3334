"""A year's notices (公示公告): 公示 before award lists and of other matters, event notices, 公告, 简报."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .awards import AwardLists
from .congress import session_name
from .days import day_in_months, first_day, last_day, shifted
from .drafts import mark_drafts
from .names import CAMPUSES
from .text import chinese_date, compose, first_fitting, month_day

NOTICES_PER_YEAR = 120
PUBLICITIES_PER_YEAR = 20
BRIEFS_PER_YEAR = 12
DRAFTS_PER_YEAR = 3

@dataclass(frozen=True)
class Publicity:
    """A 公示 of some other matter than an award list: what, when, by which rule, decided how."""

    title: str
    months: tuple[int, ...]
    basis: str
    process: str


OTHER_PUBLICITIES = (
    Publicity("{year}年度困难教职工帮扶对象名单公示", (11, 12), "《困难教职工帮扶工作实施办法》有关规定",
              "个人申请、部门工会初审、校工会复审"),
    Publicity("{year}年工会经费预算执行情况公示", (7, 12), "《工会经费收支管理办法》有关规定",
              "校工会经费审查委员会审查"),
    Publicity("{year}年度教职工疗休养人员名单公示", (3, 4, 8, 9), "校工会疗休养工作安排",
              "各部门工会推荐、校工会审核"),
    Publicity("{year}年部门工会换届选举结果公示", (5, 6, 11), "《工会基层组织选举工作条例》",
              "各部门工会会员大会选举"),
    Publicity("{year}年“金秋助学”资助对象名单公示", (8, 9), "《“金秋助学”活动实施办法》有关规定",
              "个人申请、部门工会初审、校工会复审"),
    Publicity("{year}年度工会评优推荐人选公示", (10, 11), "《校工会评优评先工作办法》有关规定",
              "各部门工会推荐、校工会评审"),
    Publicity("{year}年教代会代表增补人选公示", (3, 9), "《教职工代表大会代表选举办法》有关规定",
              "各代表团民主推选"),
    Publicity("{year}年工会经费审查报告公示", (3, 4), "《工会经费审查委员会工作条例》有关规定",
              "校工会经费审查委员会审查"),
)


@dataclass(frozen=True)
class Announcement:
    """A 公告: its title, the months it may come out in, what it says, which records it concerns."""

    title: str
    months: tuple[int, ...]
    facts: tuple[str, ...]
    concerns: str = ""  # "proposals" or "congress": the records listed as related


ANNOUNCEMENTS = (
    Announcement("关于公布{year}年提案办理结果的公告", (11, 12), (
        "本次会议共收到代表提案{proposals}件，经提案工作委员会审查，立案提案已全部交有关部门办理。",
        "多数提案已按期答复，提案人对答复总体满意。",
        "各提案的办理情况可在本网站“提案”栏目查询。",
    ), "proposals"),
    Announcement("{year}年教职工代表大会年度会议公告", (3, 4), (
        "{session}定于{month}月中旬召开。",
        "请各代表团组织代表认真学习会议材料，做好参会准备。",
        "会前将举办代表培训，请全体正式代表和列席代表按时参加。",
    ), "congress"),
    Announcement("关于调整{campus}教职工活动中心开放时间的公告", (2, 3, 8, 9), (
        "自{month}月起，{campus}教职工活动中心工作日延长开放至晚上九点。",
        "寒暑假期间开放时间另行公告。",
        "请教职工爱护场馆设施，文明有序使用。",
    )),
    Announcement("关于调整教职工生日慰问标准的公告", (1, 2, 3), (
        "经校工会委员会研究并报学校同意，自{year}年起调整会员生日慰问标准。",
        "慰问品由各部门工会按照有关规定统一采购发放。",
        "各部门工会要严格执行工会经费使用规定。",
    )),
    Announcement("关于公布{year}年工会经费收支情况的公告", (12,), (
        "根据工会财务公开的有关规定，现将{year}年工会经费收支情况予以公布。",
        "本年度工会经费主要用于教职工文体活动、困难帮扶、节日慰问和职工教育等方面。",
        "经费收支情况已经校工会经费审查委员会审查。",
    )),
    Announcement("关于部门工会换届选举结果的公告", (6, 7, 12), (
        "根据《工会基层组织选举工作条例》，{units}个部门工会已按期完成换届选举。",
        "新一届部门工会委员会已经校工会批复同意。",
        "各部门工会要及时做好工作交接。",
    )),
    Announcement("关于{year}年教职工疗休养安排的公告", (3, 4), (
        "{year}年教职工疗休养分春秋两季进行，每批{batch}人。",
        "疗休养人员由各部门工会按照多年未参加者优先的原则推荐。",
        "具体行程另行通知。",
    )),
    Announcement("关于启用工会会员服务平台的公告", (3, 9), (
        "工会会员服务平台已完成试运行，即日起正式启用。",
        "教职工可通过平台办理入会申请、活动报名和困难帮扶申请等事项。",
        "平台使用中遇到问题，请向校工会办公室反映。",
    )),
    Announcement("关于{year}年度工会会费收缴的公告", (1, 2, 3), (
        "根据《中国工会章程》有关规定，会员每月按本人工资收入的千分之五缴纳会费。",
        "会费由财务处按月代扣，统一划转至校工会账户。",
        "会费收缴和使用情况接受会员监督。",
    )),
    Announcement("关于{year}年“职工书屋”新书上架的公告", (4, 10), (
        "“职工书屋”新购图书{books}册已完成上架，欢迎教职工借阅。",
        "新书涵盖文学、历史、健康和育儿等门类。",
        "借阅时间为工作日下午。",
    )),
)
NOTICE_PURPOSES = ("丰富教职工业余文化生活", "增强教职工身体素质", "促进教职工之间的交流", "提升教职工业务能力",
                   "落实{year}年工会工作要点", "营造健康向上的校园文化氛围")
NOTICE_EXTRAS = ("活动期间请注意安全，量力而行。", "请参加人员提前十分钟到场签到。", "活动所需器材由校工会统一准备。",
                 "如遇天气等原因需要调整，另行通知。")
BRIEF_OUTCOMES = ("吸引了{count}名教职工参加，反响良好。", "各部门工会积极组织，取得圆满成功。",
                  "得到了教职工的积极响应。", "得到了学校有关部门的大力支持。")
# The union's routine work, for a 简报 of a month with few events.
BRIEF_NEWS = (
    "校工会召开部门工会主席工作例会，通报近期工作并部署下阶段任务。",
    "各部门工会按计划开展会员发展和会籍管理工作。",
    "校工会走访慰问了生病住院的教职工。",
    "校工会网站更新了活动报名和公示信息。",
)


@dataclass(frozen=True)
class YearRecords:
    """What the year's notices may refer to."""

    year: int
    events: list[dict[str, Any]]
    awards: AwardLists
    item_ids: list[str]
    proposal_ids: list[str]
    publicity_min_days: int


def build_notices(rng: random.Random, records: YearRecords) -> list[dict[str, Any]]:
    """Return the notices of the year, numbered N年份-001 in order of publication.

    Each award list that wants a 公示 gets one (up to PUBLICITIES_PER_YEAR), and its
    ``notice`` is set to it; 通知 of events fill the year up to NOTICES_PER_YEAR.
    """
    wanting = records.awards.wanting_publicity[:PUBLICITIES_PER_YEAR]
    pairs = [(_award_publicity(rng, records, award_list), award_list) for award_list in wanting]
    notices = [notice for notice, _ in pairs]
    notices += [_other_publicity(rng, records, index) for index in range(PUBLICITIES_PER_YEAR - len(pairs))]
    notices += [_brief(rng, records, month) for month in range(1, BRIEFS_PER_YEAR + 1)]
    notices += [_announcement(rng, records, announcement) for announcement in ANNOUNCEMENTS]
    notices += [_event_notice(rng, records, event)
                for event in _events_to_announce(rng, records.events, NOTICES_PER_YEAR - len(notices))]
    notices.sort(key=lambda notice: (notice["published"], notice["title"]))
    for number, notice in enumerate(notices, start=1):
        notice["id"] = f"N{records.year}-{number:03d}"
    mark_drafts(rng, notices, DRAFTS_PER_YEAR)
    for notice, award_list in pairs:
        award_list["notice"] = notice["id"]
    return notices


def _events_to_announce(rng: random.Random, events: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """Return ``count`` different events, those taking sign-ups first: a 通知 is how they are announced."""
    with_signup = [e for e in events if e["registration"] is not None]
    return rng.sample(with_signup if len(with_signup) >= count else events, count)


def _notice(title: str, kind: str, published: date, body: str, related: list[str]) -> dict[str, Any]:
    """Return a notice's fields in the order officers write them."""
    return {"id": None, "title": title, "kind": kind, "published": published, "body": body,
            "publicity_start": None, "publicity_end": None, "objection_contact": None,
            "related": list(dict.fromkeys(related)), "state": "published", "demo": True}


def _with_publicity(rng: random.Random, notice: dict[str, Any], start: date, end: date) -> dict[str, Any]:
    notice["publicity_start"], notice["publicity_end"] = start, end
    notice["objection_contact"] = f"校工会办公室（{rng.choice(CAMPUSES)}行政大楼二楼）"
    return notice


def _period(rng: random.Random, records: YearRecords, end: date) -> date:
    """Return the first day of a 公示 ending on ``end``: at least the configured days, often more."""
    return end - timedelta(days=records.publicity_min_days - 1 + rng.randint(0, 4))


def _award_publicity(rng: random.Random, records: YearRecords, award_list: dict[str, Any]) -> dict[str, Any]:
    end = shifted(award_list["date"], -rng.randint(1, 5))
    start = max(_period(rng, records, end), first_day(records.year))
    end = max(end, start + timedelta(days=records.publicity_min_days - 1))
    title = first_fitting((f"{award_list['title']}公示", f"{award_list['title']}评选结果公示",
                           f"{records.year}年度表彰名单公示"), 10, 30)
    entries = award_list["entries"][:4]
    named = "、".join(f"{e['recipient']}（{e['unit']}）" for e in entries)
    body = (f"根据校工会有关评选办法，经各部门工会推荐、校工会评审，拟对{len(award_list['entries'])}个集体和个人"
            f"予以表彰。现将{award_list['title']}予以公示。\n\n"
            f"## 公示名单（节选）\n\n{named}等。\n\n"
            f"公示期为{chinese_date(start)}至{chinese_date(end)}。如对公示对象有异议，请在公示期内以书面形式"
            "实名向校工会办公室反映，并提供必要的事实依据。\n")
    notice = _notice(title, "公示", start, body, [award_list["id"]])
    return _with_publicity(rng, notice, start, end)


def _other_publicity(rng: random.Random, records: YearRecords, index: int) -> dict[str, Any]:
    year = records.year
    publicity = OTHER_PUBLICITIES[index % len(OTHER_PUBLICITIES)]
    title = publicity.title.format(year=year) + ("（第二批）" if index >= len(OTHER_PUBLICITIES) else "")
    month = rng.choice(publicity.months)
    start = day_in_months(rng, year, month, month)
    end = min(start + timedelta(days=records.publicity_min_days - 1 + rng.randint(0, 6)), last_day(year))
    start = min(start, end - timedelta(days=records.publicity_min_days - 1))  # a 公示 late in December
    body = (f"根据{publicity.basis}，经{publicity.process}，现将{title.removesuffix('公示')}予以公示。\n\n"
            f"公示期为{chinese_date(start)}至{chinese_date(end)}。公示期内，如有异议，请以书面形式实名向"
            "校工会办公室反映。\n")
    notice = _notice(title, "公示", start, body, [rng.choice(records.item_ids)] if rng.random() < 0.5 else [])
    return _with_publicity(rng, notice, start, end)


def _brief(rng: random.Random, records: YearRecords, month: int) -> dict[str, Any]:
    """A monthly 简报: a few of the month's events, each a heading and a line, then routine news."""
    year = records.year
    covered = [e for e in records.events if e["start"][5:7] == f"{month:02d}"]
    chosen = rng.sample(covered, min(3, len(covered)))
    sections = [f"## {e['title']}\n\n{_brief_line(rng, e)}" for e in chosen]
    if len(chosen) < 3:
        sections.append("## 工作动态\n\n" + "".join(rng.sample(BRIEF_NEWS, 2)))
    published = shifted(date(year, month, 1) + timedelta(days=27), rng.randint(0, 3))
    title = f"工会工作简报（{year}年第{month}期）"
    body = "\n\n".join(sections) + "\n"
    return _notice(title, "简报", published, body, [e["id"] for e in chosen])


def _brief_line(rng: random.Random, event: dict[str, Any]) -> str:
    day = month_day(date.fromisoformat(event["start"][:10]))
    where = f"活动在{event['location']}举行，" if event["location"] else "活动如期举行，"
    return day + "，" + where + rng.choice(BRIEF_OUTCOMES).format(count=rng.randint(30, 500))


def _announcement(rng: random.Random, records: YearRecords, announcement: Announcement) -> dict[str, Any]:
    year = records.year
    month = rng.choice(announcement.months)
    published = day_in_months(rng, year, month, month)
    slots = {"year": year, "campus": rng.choice(CAMPUSES), "month": published.month,
             "proposals": len(records.proposal_ids), "session": session_name(year), "units": rng.randint(10, 30),
             "batch": rng.randint(20, 40), "books": rng.randint(200, 800)}
    title = announcement.title.format_map(slots)
    facts = [fact.format_map(slots) for fact in announcement.facts]
    body = compose(rng, (facts[0],), facts[1:], ("特此公告。",), slots, 80, 240) + "\n"
    related = {"proposals": rng.sample(records.proposal_ids, 3),
               "congress": [e["id"] for e in records.events if e["title"] == session_name(year)]}
    return _notice(title, "公告", published, body, related.get(announcement.concerns, []))


def _event_notice(rng: random.Random, records: YearRecords, event: dict[str, Any]) -> dict[str, Any]:
    """A 通知 that an event will be held, some days to weeks before it starts."""
    starts = date.fromisoformat(event["start"][:10])
    deadline = (event["registration"] or {}).get("deadline") or shifted(starts, -2)
    published = max(deadline - timedelta(days=rng.randint(3, 20)), first_day(records.year))
    title = first_fitting((f"关于举办{event['title']}的通知", f"关于{event['title']}的通知",
                           f"{event['title']}通知", f"关于举办{records.year}年校工会活动的通知"), 10, 30)
    where = f"在{event['location']}" if event["location"] else ""
    # The union writes to the units' unions; a unit's union writes to its own staff.
    by_union = event["organiser"].startswith("校工会")
    addressee, closing = ("各部门工会", "请各部门工会认真组织，积极动员教职工参加。") if by_union else (
        "各位教职工", "欢迎教职工踊跃参加。")
    purpose = rng.choice(NOTICE_PURPOSES).format(year=records.year)
    body = (f"{addressee}：\n\n为{purpose}，"
            f"{event['organiser']}定于{chinese_date(starts)}{where}举办{event['title']}。现将有关事项通知如下。\n\n"
            f"1. 参加对象：{event['audience']}。\n"
            f"2. 报名方式：请于{month_day(deadline)}前通过报名链接或所在部门工会报名。\n"
            f"3. {rng.choice(NOTICE_EXTRAS)}\n\n{closing}\n")
    related = [event["id"], *(event["workplan_items"] or [])[:1]]
    return _notice(title, "通知", published, body, related)
