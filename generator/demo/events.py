"""A year's events (活动): category, time, place, sign-up counts, summary, work-plan items carried out.

A category holds several kinds of event (a ball game, an exhibition, a lecture); a kind knows
its titles, months, venues and what a summary says of it, so that a title, its date, its
place and its summary belong together.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .congress import session_name
from .days import day_and_time, day_in_months, shifted
from .drafts import mark_drafts
from .names import (
    ACTIVITY_ROOMS,
    CAMPUSES,
    CLINICS,
    COLLEGES,
    HALLS,
    OUTDOORS,
    SPORTS_VENUES,
    UNITS,
    WORKSHOPS,
    location,
)
from .text import LazySlots, chinese_number, compose, month_day, partition

EVENTS_PER_YEAR = 250
DRAFTS_PER_YEAR = 6
ALL_YEAR = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
TERM_TIME = (3, 4, 5, 6, 9, 10, 11, 12)


@dataclass(frozen=True)
class Kind:
    """One kind of event: what it is called, when and where it is held, what its summary says."""

    titles: tuple[str, ...]  # held by the union for the whole university
    unit_titles: tuple[str, ...]  # held by one unit's union (部门工会)
    months: tuple[int, ...]
    venues: tuple[str, ...]  # none: held in many places, such as visits to homes
    audiences: tuple[str, ...]
    sentences: tuple[str, ...]
    signup_items: tuple[str, ...] = ()  # what one signs up for; none: sign-ups are counted by unit
    multi_day_rate: float = 0.1


@dataclass(frozen=True)
class Category:
    name: str
    share: int  # events of this category in every hundred
    organisers: tuple[str, ...]
    registration_rate: float
    kinds: tuple[Kind, ...]


ALL_STAFF = ("全校教职工", "全校教职工及离退休教职工")
CATEGORIES = (
    Category("文体活动", 24, ("校工会文体部", "校工会"), 0.8, (
        Kind(("{year}年教职工{sport}比赛", "第{edition}届教职工{sport}联赛"), ("{unit}教职工{sport}友谊赛",),
             (4, 5, 6, 9, 10, 11), SPORTS_VENUES, ("全校教职工", "各部门工会代表队"), (
                 "比赛设个人项目和团体项目，各部门工会积极组队参赛。",
                 "比赛采用小组循环和淘汰赛相结合的赛制。",
                 "经过激烈角逐，{unit}代表队获得团体第一名。",
                 "参赛选手发扬友谊第一、比赛第二的精神，赛出了风格、赛出了水平。",
                 "校工会文体部提前制定了安全预案，校医院医护人员在现场保障。",
             ), ("男子组", "女子组", "混合组", "团体赛"), 0.3),
        Kind(("{year}年{season}教职工健身走活动", "{year}年{season}教职工登山活动", "{year}年教职工趣味运动会",
              "教职工{exercise}推广活动"), ("{unit}分工会{season}健身活动",),
             (3, 4, 5, 10, 11), (*OUTDOORS, "体育馆"), ALL_STAFF, (
                 "活动倡导“每天锻炼一小时，健康工作五十年”的理念。",
                 "参加者在活动中锻炼了身体、放松了心情。",
                 "各部门工会组织教职工结伴参加，现场气氛热烈。",
                 "校工会文体部提前制定了安全预案，校医院医护人员在现场保障。",
             ), ("个人项目", "集体项目", "亲子项目")),
        Kind(("{year}年教职工{art}作品展", "第{edition}届教职工文化艺术节{art}比赛", "{year}年迎新春教职工文艺展演"),
             ("{unit}教职工{art}交流活动",), (1, 4, 5, 10, 11, 12), ACTIVITY_ROOMS, ALL_STAFF, (
                 "各部门工会踊跃报送{art}作品，共收到作品{works}件。",
                 "评审专家从艺术性、创意和表现力等方面进行了评选。",
                 "活动丰富了教职工的精神文化生活。",
                 "不少作品取材于校园生活，展现了教职工热爱学校、热爱生活的精神风貌。",
             ), multi_day_rate=0.5),
    )),
    Category("女工活动", 8, ("校工会女工委员会",), 0.7, (
        Kind(("纪念“三八”国际劳动妇女节系列活动", "“三八”节女教职工{craft}体验活动", "{year}年女教职工{craft}沙龙"),
             ("{unit}女教职工{craft}活动",), (3,), ACTIVITY_ROOMS, ("全校女教职工",), (
                 "活动邀请专业老师现场指导，女教职工们兴致勃勃地参与其中。",
                 "各部门工会女工委员同期组织了形式多样的庆祝活动。",
                 "活动营造了关爱女教职工的良好氛围。",
                 "女教职工们在{craft}体验中放松身心、增进交流。",
             ), ("插花艺术体验", "茶艺体验", "瑜伽课堂", "读书分享会"), 0.3),
        Kind(("女教职工{health}专题讲座",), (), (4, 5, 6, 9, 10, 11), HALLS, ("全校女教职工",), (
            "讲座围绕女性常见健康问题，结合案例进行了深入浅出的讲解。",
            "现场还设置了健康咨询台，为女教职工答疑解惑。",
            "主讲专家来自校医院和省内知名医院。",
            "讲座后，不少女教职工表示收获很大，希望今后多举办此类讲座。",
        )),
        Kind(("庆祝“六一”教职工亲子游园活动", "{year}年教职工亲子{family}活动"), (), (5, 6, 7),
             ("教职工活动中心", "田径场", "图书馆"), ("教职工及其子女",), (
                 "活动设置了亲子游戏、手工制作等项目，孩子们玩得十分开心。",
                 "家长和孩子们在互动中增进了亲子感情。",
                 "青年志愿者为活动提供了周到的服务。",
             )),
        Kind(("{year}年“巾帼建功”经验交流会",), (), (3, 11), HALLS, ("女教职工代表",), (
            "{speakers}名女教职工代表交流了在教学科研和管理服务岗位上的经验。",
            "会议展示了近年来女教职工在各条战线取得的成绩。",
            "与会代表表示，将立足岗位，为学校发展贡献巾帼力量。",
        )),
    )),
    Category("青年教职工", 8, ("校工会青工委", "校工会"), 0.7, (
        Kind(("第{edition}期“青椒”沙龙：{youth}", "青年教师{youth}经验交流会"), ("{unit}青年教职工{youth}交流会",),
             TERM_TIME, (*HALLS, "工会多功能厅"), ("40周岁以下青年教职工",), (
                 "青年教职工们围绕{youth}等话题畅所欲言。",
                 "活动邀请了学校资深教授和教学名师与青年教师面对面交流。",
                 "主讲嘉宾结合亲身经历，分享了成长过程中的经验和体会。",
                 "校工会青工委将持续搭建青年教职工交流平台。",
             )),
        Kind(("{year}年青年教职工联谊会", "青年教职工{outdoor}活动"), ("{unit}青年教职工{outdoor}活动",),
             (4, 5, 10, 11), OUTDOORS + ACTIVITY_ROOMS, ("40周岁以下青年教职工",), (
                 "通过团队游戏和交流分享，增进了不同单位青年教职工之间的了解。",
                 "活动设置了破冰游戏、团队协作等环节，现场气氛活跃。",
                 "不少青年教职工表示，活动帮助他们拓展了交往圈子。",
             ), ("户外拓展", "联谊交流", "定向越野")),
        Kind(("新入职教职工{season}交流活动", "{year}年新入职教职工入会仪式"), (), (9, 10, 11), HALLS,
             ("新入职教职工",), (
            "校工会负责同志介绍了工会组织和各项服务。",
            "新入职教职工代表发言，表示将尽快融入学校大家庭。",
            "活动帮助新入职教职工了解了学校的历史和文化。",
        )),
    )),
    Category("教代会", 5, ("校工会", "教代会提案工作委员会"), 0.1, (
        Kind(("{session}",), (), (4,), ("综合楼报告厅", "国际会议中心"), ("全体正式代表、特邀代表和列席代表",), (
            "会议听取并审议了学校工作报告、财务工作报告和工会工作报告。",
            "会议期间各代表团进行了分组讨论。",
            "代表们围绕学校改革发展和教职工切身利益积极建言献策。",
            "提案工作委员会报告了提案征集和审查情况。",
        ), multi_day_rate=0.5),
        Kind(("{year}年教代会代表专题培训", "{year}年二级教代会工作推进会", "教代会提案工作委员会{season}工作会议"), (),
             (3, 4, 11), HALLS, ("教代会代表", "各代表团团长"), (
                 "会议总结了上一阶段的工作，部署了下一阶段的任务。",
                 "与会人员围绕提高教代会工作质量进行了深入交流。",
                 "提案工作委员会介绍了提案征集和办理情况。",
             )),
        Kind(("教代会代表{inspection}专题巡视",), (), (5, 6, 10, 11), ("新建教学楼", "学生公寓", "教职工食堂"),
             ("教代会代表",), (
                 "代表们实地查看了{campus}的建设和改造项目，并提出了意见建议。",
                 "有关职能部门负责人现场介绍了工作进展。",
                 "巡视结束后，代表们形成了书面意见，提交学校有关部门。",
             )),
        Kind((), ("{unit}二级教代会年度会议",), (3, 4, 5, 11, 12), HALLS, ("部门教代会代表",), (
            "会议听取并审议了学院年度工作报告和财务工作报告。",
            "代表们围绕学院发展规划和教职工关心的问题积极建言献策。",
            "会议表决通过了本单位绩效分配方案。",
        )),
    )),
    Category("表彰", 4, ("校工会",), 0.05, (
        Kind(("{year}年度工会工作总结表彰大会", "{previous_year}—{year}年度先进集体和先进个人表彰会",
              "{year}年“最美教职工”颁奖典礼", "{year}年度“模范教职工之家”授牌仪式"),
             ("{unit}年度先进表彰会",), (1, 12), HALLS, ("获奖集体和个人代表、各部门工会主席",), (
                 "大会对{speakers}个先进集体和{count}名先进个人进行了表彰。",
                 "获奖代表作了交流发言，分享了各自的工作经验和体会。",
                 "学校党委负责同志为获奖代表颁奖，并对今后的工作提出了要求。",
                 "大会号召全校教职工向先进学习，立足岗位建功立业。",
             )),
        Kind(("庆祝第{teachers_day}个教师节暨优秀教职工表彰大会",), (), (9,), HALLS, ("全校教职工代表",), (
            "大会表彰了师德先进个人和教书育人楷模。",
            "从教三十年的教职工代表和新入职教师代表先后发言。",
            "大会号召全校教职工向先进学习，立足岗位建功立业。",
        )),
    )),
    Category("健康服务", 10, ("校工会", "校工会、校医院"), 0.6, (
        Kind(("{year}年教职工健康体检", "{year}年女教职工专项健康检查"), (), (4, 5, 10, 11), CLINICS, ALL_STAFF, (
            "体检按部门分批进行，校医院合理安排了时间，减少了教职工等候。",
            "本次体检在往年基础上增加了{health}相关项目。",
            "体检结果将由校医院统一反馈，并提供个性化健康指导。",
        ), ("上午场", "下午场"), 0.8),
        Kind(("{season}健康保健知识讲座", "“健康校园”{health}专题讲座", "教职工心理健康{season}讲座"),
             ("{unit}教职工{health}讲座",), TERM_TIME, HALLS, ALL_STAFF, (
                 "主讲专家结合常见病例，讲解了日常保健和疾病预防知识。",
                 "讲座后，专家耐心解答了教职工提出的问题。",
                 "现场发放了健康宣传资料。",
             ), ("上午场", "下午场", "晚间场")),
        Kind(("教职工{health}义诊活动",), (), TERM_TIME, (*CLINICS, "教职工活动中心"), ALL_STAFF, (
            "现场提供了血压测量、健康咨询等服务。",
            "来自校医院和合作医院的{doctors}名医生参加义诊。",
            "不少离退休教职工也赶来咨询。",
        )),
    )),
    Category("技能竞赛", 10, ("校工会", "校工会、教务处", "校工会、人事处"), 0.8, (
        Kind(("第{edition}届青年教师教学竞赛",), ("{unit}青年教师讲课比赛",), (4, 5, 10, 11),
             ("教学楼多媒体教室", "综合楼报告厅"), ("40周岁以下青年教师",), (
                 "比赛分部门初赛和学校决赛两个阶段进行。",
                 "评委由教学名师和督导专家组成，从教学设计、课堂教学和教学反思三方面评分。",
                 "各部门工会推荐的{speakers}名青年教师参加了决赛。",
                 "比赛为青年教师提供了展示风采、相互学习的平台。",
             ), multi_day_rate=0.5),
        Kind(("{year}年实验技术人员技能竞赛", "第{edition}届管理服务人员办公技能大赛", "{year}年后勤职工岗位技能比武",
              "{year}年教职工课件制作大赛", "第{edition}届辅导员职业能力大赛"), ("{unit}教职工{skill}比赛",),
             (5, 6, 10, 11), WORKSHOPS, ("全校教职工", "各部门工会推荐的选手"), (
                 "比赛设理论考试和实际操作两个环节。",
                 "评委从操作规范、完成质量和用时等方面评分。",
                 "参赛选手展示了扎实的业务功底。",
                 "比赛进一步营造了比学赶超、争当能手的良好氛围。",
                 "决赛评出一、二、三等奖和优秀奖若干名。",
             )),
    )),
    Category("培训", 11, ("校工会",), 0.6, (
        Kind(("{year}年工会干部{training}培训班", "部门工会主席{training}专题培训", "工会财务与经审业务培训",
              "女工委员{training}能力提升培训", "{year}年新任工会干部岗位培训"), ("{unit}工会小组长{training}培训",),
             (3, 4, 5, 6, 7, 9, 10, 11), HALLS, ("各部门工会主席和委员", "工会小组长", "新任工会干部"), (
                 "培训邀请了上级工会和兄弟院校的专家授课。",
                 "培训内容包括工会基本知识、经费管理和民主管理实务等。",
                 "学员们结合工作实际进行了分组研讨和交流发言。",
                 "培训结束后进行了结业考核，学员全部合格。",
             ), ("第一期", "第二期", "第三期"), 0.3),
    )),
    Category("座谈会", 10, ("校工会", "校工会、人事处"), 0.3, (
        Kind(("{year}年教师节新教师座谈会",), (), (9,), HALLS, ("新入职教职工",), (
            "新教师代表畅谈了入职以来的感受和对未来工作的打算。",
            "老教师代表结合自身经历，勉励新教师潜心教书育人。",
            "学校有关职能部门负责人介绍了新教师培养的政策措施。",
        )),
        Kind(("离退休教职工代表{season}座谈会", "青年教职工{forum}座谈会", "{forum}专题座谈会",
              "非在编教职工代表座谈会"), ("{unit}教职工{forum}座谈会",), ALL_YEAR, HALLS,
             ("教职工代表", "离退休教职工代表"), (
                 "与会代表围绕{forum}等问题坦诚交流、积极建言。",
                 "学校有关职能部门负责人现场回应了教职工关心的问题。",
                 "座谈会共收集意见建议{suggestions}条，校工会将汇总整理后报送学校。",
                 "校工会负责同志表示，将认真研究代表们提出的意见建议。",
             )),
    )),
    Category("其他", 10, ("校工会", "校工会生活部"), 0.4, (
        Kind(("{year}年春节“送温暖”慰问活动",), ("{unit}“送温暖”走访慰问",), (1, 2), (), ("困难教职工及家属",), (
            "校工会负责同志带队走访慰问了困难教职工和离退休老同志。",
            "活动共发放慰问金和慰问品{count}份。",
            "慰问组详细了解了困难教职工的生活情况，送去了学校的关怀。",
        )),
        Kind(("{year}年“金秋助学”活动",), (), (8, 9), (), ("困难教职工子女",), (
            "活动资助了{speakers}名困难教职工子女。",
            "助学金已于开学前发放到位。",
            "校工会将继续做好困难教职工子女助学工作。",
        )),
        Kind(("“职工书屋”{season}读书分享会", "{year}年教职工读书征文活动"), ("{unit}教职工读书分享会",),
             (4, 5, 10, 11), ("图书馆报告厅", "教职工活动中心"), ALL_STAFF, (
                 "分享会上，{speakers}名教职工代表交流了读书心得。",
                 "活动推荐了一批优秀图书。",
                 "活动营造了多读书、读好书的良好氛围。",
             )),
        Kind(("教职工法律咨询服务日活动",), (), TERM_TIME, ("教职工活动中心",), ALL_STAFF, (
            "律师现场解答了教职工在劳动合同、婚姻家庭和房产等方面的法律问题。",
            "活动还发放了法律知识宣传资料。",
        )),
        Kind(("{year}年教职工子女暑期托管班",), (), (7,), ("教职工活动中心", "图书馆"), ("教职工子女",), (
            "托管班设低年级和高年级两个班，开展课业辅导和兴趣活动。",
            "学生志愿者和专业教师共同承担了托管工作。",
            "家长们对托管班的安排表示满意。",
        ), multi_day_rate=1.0),
        Kind(("{year}年教职工{season}疗休养",), (), (4, 5, 10, 11), (), ("教职工代表",), (
            "疗休养分批进行，优先安排了多年未参加的教职工。",
            "参加疗休养的教职工表示，活动让他们放松了身心。",
        ), multi_day_rate=1.0),
    )),
)

SUMMARY_OPENINGS_AT = (
    "本次活动由{organiser}主办，于{date}在{location}举行。",
    "{date}，{title}在{location}举行。",
    "活动于{date}在{location}举行，共有来自{units}个部门工会的{count}名教职工参加。",
)
SUMMARY_OPENINGS = (
    "本次活动由{organiser}主办，于{date}开始。",
    "活动自{date}起举行，共有来自{units}个部门工会的教职工参加。",
)
SUMMARY_CLOSINGS = (
    "活动进一步增强了教职工的凝聚力和归属感。",
    "参加者普遍反映活动组织有序、内容充实，希望今后多举办此类活动。",
    "校工会将认真总结经验，持续办好此类活动。",
    "活动取得了预期效果，受到教职工的普遍欢迎。",
)

SPORTS = ("羽毛球", "乒乓球", "网球", "篮球", "气排球", "足球", "桥牌", "围棋", "象棋")
EXERCISES = ("太极拳", "健身气功", "八段锦", "工间操")
ARTS = ("书法", "绘画", "摄影", "合唱", "诗文朗诵", "手工艺", "器乐")
CRAFTS = ("插花艺术", "茶艺", "烘焙", "手工编织", "香囊制作", "瑜伽", "形体礼仪")
FAMILY_ACTIVITIES = ("运动会", "阅读", "科普体验", "手工制作")
HEALTH_TOPICS = ("颈椎腰椎保健", "心脑血管疾病预防", "糖尿病防治", "中医养生", "眼健康", "心理健康", "口腔保健")
YOUTH_TOPICS = ("职业发展", "科研经验", "教学经验", "课题申报", "国际交流")
OUTDOOR_ACTIVITIES = ("户外拓展", "徒步", "定向越野")
SKILLS = ("课件制作", "办公技能", "实验操作")
TRAINING_TOPICS = ("业务能力提升", "财务管理", "经费审查", "宣传信息", "劳动法律法规", "民主管理")
FORUM_TOPICS = ("教学科研", "职称评审", "薪酬改革", "校园建设", "后勤服务", "民主管理", "师德师风")
INSPECTION_TOPICS = ("校园建设", "后勤服务", "食堂管理", "学生公寓管理", "实验室安全")
START_TIMES = ((8, 30), (9, 0), (9, 30), (14, 0), (14, 30), (15, 0), (19, 0))
# Tries to find a title not yet used this year before settling for a repeated one.
TITLE_TRIES = 30


def season(month: int) -> str:
    return {3: "春季", 4: "春季", 5: "春季", 6: "夏季", 7: "夏季", 8: "夏季",
            9: "秋季", 10: "秋季", 11: "秋季"}.get(month, "冬季")


def category_counts(total: int) -> list[tuple[Category, int]]:
    """Return how many events each category has: its share of ``total``, the rest to the first."""
    counts = [(category, total * category.share // 100) for category in CATEGORIES]
    first, first_count = counts[0]
    counts[0] = (first, first_count + total - sum(count for _, count in counts))
    return counts


def build_events(rng: random.Random, year: int, item_ids: list[str]) -> list[dict[str, Any]]:
    """Return the events of ``year`` in date order, numbered E年份-001 onwards."""
    used_titles: set[str] = set()
    events = [_event(rng, year, category, item_ids, used_titles)
              for category, count in category_counts(EVENTS_PER_YEAR) for _ in range(count)]
    events.sort(key=lambda event: (event["start"], event["title"]))
    mark_drafts(rng, events, DRAFTS_PER_YEAR)
    for number, event in enumerate(events, start=1):
        event["id"] = f"E{year}-{number:03d}"
        if event["registration"] is not None:
            event["registration"]["url"] = f"https://example.edu.cn/forms/{event['id'].lower()}"
    return events


@dataclass(frozen=True)
class _Plan:
    """An event's kind, day and title, chosen together so that they agree."""

    kind: Kind
    day: date
    title: str
    slots: LazySlots
    by_unit: bool


def _plan(rng: random.Random, year: int, category: Category, used_titles: set[str]) -> _Plan:
    """Choose kind, day and title; a title already used this year is avoided while tries last."""
    plan = None
    for attempt in range(TITLE_TRIES):
        kind = rng.choice(category.kinds)
        month = rng.choice(kind.months)
        day = day_in_months(rng, year, month, month)
        slots = _title_slots(rng, year, day)
        # The university holds each event once a year; after a few repeats, units hold the rest.
        by_unit = not kind.titles or (bool(kind.unit_titles) and (rng.random() < 0.3 or attempt >= 3))
        title = rng.choice(kind.unit_titles if by_unit else kind.titles).format_map(slots)
        plan = _Plan(kind, day, title, slots, by_unit)
        if title not in used_titles and 10 <= len(title) <= 30:
            break
    assert plan is not None
    used_titles.add(plan.title)
    return plan


def _event(rng: random.Random, year: int, category: Category, item_ids: list[str],
           used_titles: set[str]) -> dict[str, Any]:
    plan = _plan(rng, year, category, used_titles)
    kind = plan.kind
    start, end = _times(rng, plan.day, kind)
    registration = _registration(rng, plan.day, kind) if rng.random() < category.registration_rate else None
    organiser = f"{plan.slots['unit']}分工会" if plan.by_unit else rng.choice(category.organisers)
    place = location(rng, kind.venues) if kind.venues else None
    slots = plan.slots  # the summary speaks of what the title names
    slots.update(title=plan.title, organiser=organiser, date=month_day(plan.day), location=place)
    if registration and registration["signup_total"]:
        slots["count"] = registration["signup_total"]
    openings = SUMMARY_OPENINGS_AT if place else SUMMARY_OPENINGS
    return {
        "id": None,
        "title": plan.title,
        "category": category.name,
        "start": start,
        "end": end,
        "location": place,
        "organiser": organiser,
        "audience": rng.choice(kind.audiences),
        "workplan_items": sorted(rng.sample(item_ids, rng.randint(1, 2))) if rng.random() < 0.85 else None,
        "registration": registration,
        "summary": compose(rng, openings, kind.sentences, SUMMARY_CLOSINGS, slots, 80, 300)
        if rng.random() < 0.85 else None,
        "results": None,  # filled in when an award list comes out of the event
        "state": "published",
        "demo": True,
    }


def _title_slots(rng: random.Random, year: int, day: date) -> LazySlots:
    return LazySlots(rng, SLOT_DRAWS, {
        "year": year, "previous_year": year - 1, "season": season(day.month),
        "edition": chinese_number(min(99, max(1, year - 2005))), "session": session_name(year),
        "teachers_day": chinese_number(min(99, max(1, year - 1984))),
    })


def _one_of(options: tuple[str, ...]) -> Callable[[random.Random], object]:
    return lambda rng: rng.choice(options)


def _between(low: int, high: int) -> Callable[[random.Random], object]:
    return lambda rng: rng.randint(low, high)


# How each slot a title or summary may name is drawn, when it first does.
SLOT_DRAWS: dict[str, Callable[[random.Random], object]] = {
    "sport": _one_of(SPORTS), "exercise": _one_of(EXERCISES), "art": _one_of(ARTS), "craft": _one_of(CRAFTS),
    "family": _one_of(FAMILY_ACTIVITIES), "health": _one_of(HEALTH_TOPICS), "youth": _one_of(YOUTH_TOPICS),
    "outdoor": _one_of(OUTDOOR_ACTIVITIES), "skill": _one_of(SKILLS), "training": _one_of(TRAINING_TOPICS),
    "forum": _one_of(FORUM_TOPICS), "inspection": _one_of(INSPECTION_TOPICS), "unit": _one_of(COLLEGES),
    "campus": _one_of(CAMPUSES),
    "works": _between(40, 300), "speakers": _between(6, 20), "doctors": _between(5, 15),
    "suggestions": _between(8, 40), "units": _between(8, 30), "count": _between(20, 200),
}


def _times(rng: random.Random, day: date, kind: Kind) -> tuple[str, str | None]:
    """Return start and end: whole days for events lasting days, times for events of an afternoon."""
    if rng.random() < kind.multi_day_rate:
        return day.isoformat(), shifted(day, rng.randint(1, 20)).isoformat()
    if rng.random() < 0.1:
        return day.isoformat(), None  # a day with no time given, as officers sometimes write
    hour, minute = rng.choice(START_TIMES)
    length = rng.choice((60, 90, 120, 150, 180, 240))
    end_minutes = min(hour * 60 + minute + length, 23 * 60 + 30)
    return day_and_time(day, hour, minute), day_and_time(day, end_minutes // 60, end_minutes % 60)


def _registration(rng: random.Random, day: date, kind: Kind) -> dict[str, Any]:
    """Return the sign-up details; most have the public counts a sign-up form's import leaves."""
    total = rng.randint(20, 900)
    counted = rng.random() < 0.85
    return {
        "url": None,  # the form's address names the event's id, known once events are numbered
        "deadline": shifted(day, -rng.randint(1, 10)),
        "capacity": total + rng.randint(0, 200) if rng.random() < 0.5 else None,
        "signup_total": total if counted else None,
        "signups": _signups(rng, total, kind) if counted else None,
    }


def _signups(rng: random.Random, total: int, kind: Kind) -> list[dict[str, Any]]:
    if kind.signup_items and rng.random() < 0.7:
        group, labels = "项目", rng.sample(kind.signup_items, rng.randint(2, len(kind.signup_items)))
    else:
        group, labels = "单位", rng.sample(UNITS, rng.randint(3, 7))
    counts = partition(rng, total, len(labels), 1)
    return [{"group": group, "label": label, "count": count} for label, count in zip(labels, counts, strict=True)]
