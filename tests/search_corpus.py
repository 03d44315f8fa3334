"""A synthetic archive of search documents: realistic Chinese pages from phrase banks, for size and speed tests.

Pages are 300–800 characters of the union's kind of prose, with people's names, units, dates,
numbers and record numbers, spread over 20 years like the real archive (events, notices, award
lists, proposals). Sentences are drawn from a pool made once, large enough that names and numbers
keep the variety of real records.
"""

from __future__ import annotations

import random

from generator.demo.events import ARTS, HEALTH_TOPICS, SPORTS, SUMMARY_CLOSINGS, TRAINING_TOPICS
from generator.demo.names import CAMPUSES, HALLS, UNION_BODIES, UNITS, person_name
from generator.demo.proposals import CONTENT_CLOSINGS, CONTENT_GENERAL, MEASURE_GENERAL, REPLY_OPENINGS
from generator.demo.text import FILLERS
from generator.site.search import SearchDoc

TOPICS = SPORTS + ARTS + HEALTH_TOPICS + TRAINING_TOPICS + (
    "健康体检", "职工之家建设", "困难帮扶", "送温暖", "读书活动", "青年教师成长", "女教职工权益", "劳动竞赛",
    "校园食堂", "通勤班车", "子女入学", "住房公积金", "带薪休假", "心理咨询", "退休教职工服务")
KINDS = (("events", "E", "{year}年教职工{topic}活动"), ("notices", "N", "关于开展{year}年{topic}工作的通知"),
         ("awards", "A", "{year}年{topic}先进集体和个人名单"), ("proposals", "P", "关于改进{topic}工作的建议"))
SENTENCES = (
    "{date}，{unit}分工会组织{count}名教职工参加了{topic}活动。",
    "本次{topic}活动由{body}主办，在{campus}{hall}举行。",
    "{name}、{name2}等同志在活动中表现突出，受到{body}表扬。",
    "{unit}的{name}老师介绍了开展{topic}的经验和做法。",
    "截至{date}，共收到各部门工会报送材料{count}份，其中{unit}{count2}份。",
    "根据{year}年工作要点第{count2}条，校工会将{topic}列为重点工作。",
    "经{body}审核，{name}等{count}人符合条件，现予以公示，公示期为{count2}个工作日。",
    "{unit}代表团{name}代表提出，应进一步完善{topic}相关制度。",
    "联系人：{name}，电话：028-{phone}，邮箱：{mail}@example.edu.cn。",
    "活动编号{code}，详见工作要点WP{year}-{count2}-{count3}。",
    "{name}（{unit}）获得{topic}比赛一等奖，{name2}（{unit2}）获得二等奖。",
    "参加人员请于{date}前将报名表交至{campus}{hall}{count3}室。",
)
TEMPLATES = (SENTENCES + FILLERS + SUMMARY_CLOSINGS + CONTENT_GENERAL + MEASURE_GENERAL + CONTENT_CLOSINGS
             + REPLY_OPENINGS)


def _sentence(rng: random.Random, year: int, topic: str) -> str:
    return rng.choice(TEMPLATES).format(
        date=f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", unit=rng.choice(UNITS), unit2=rng.choice(UNITS),
        count=rng.randint(2, 300), count2=rng.randint(1, 40), count3=rng.randint(1, 20), topic=topic,
        body=rng.choice(UNION_BODIES), campus=rng.choice(CAMPUSES), hall=rng.choice(HALLS),
        name=person_name(rng), name2=person_name(rng), year=year, phone=rng.randint(10_000_000, 99_999_999),
        mail="".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)),
        code=f"E{year}-{rng.randint(1, 250):03d}", issue=topic, delegation=rng.choice(UNITS) + "代表团",
        department=rng.choice(UNITS))


def synthetic_docs(count: int = 11_000, years: int = 20, seed: int = 0) -> list[SearchDoc]:
    """``count`` pages over ``years`` years ending in 2026, each 300–800 characters of text."""
    rng = random.Random(seed)
    per_year = -(-count // years)
    pools = {}
    for year in range(2027 - years, 2027):
        pools[year] = {topic: [_sentence(rng, year, topic) for _ in range(12)] for topic in TOPICS}
    docs: list[SearchDoc] = []
    for index in range(count):
        year = 2026 - index // per_year
        folder, letter, title = rng.choice(KINDS)
        topic = rng.choice(TOPICS)
        number = f"{letter}{year}-{index % per_year + 1:03d}"
        title = title.format(year=year, topic=topic)
        length = rng.randint(300, 800)
        parts = [title, f"编号 {number}"]
        while sum(map(len, parts)) < length:
            parts.append(rng.choice(pools[year][rng.choice((topic, topic, rng.choice(TOPICS)))]))
        docs.append(SearchDoc(f"{folder}/{year}/{number}/", title, "".join(parts)[:length]))
    return docs
