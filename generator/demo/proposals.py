"""A year's congress proposals (提案): proposers, co-signers, the committee's decision, and how it was handled.

Every decision the schema allows occurs, and every status of the handling history: a proposal
is reviewed at the congress in April, handed to departments, answered, rated and closed,
each step a few days to weeks after the last.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .congress import session_name
from .days import day_between, day_in_months, shifted
from .drafts import mark_drafts
from .names import CAMPUSES, UNITS, delegation, person_name
from .text import compose, first_fitting

PROPOSALS_PER_YEAR = 150
# Proposals handed in between congresses, after the April review: they wait for the next one.
LATE_PROPOSALS = 10
DECISION_WEIGHTS = {"立案": 74, "转为意见建议": 13, "不立案": 9, None: 4}
# How often a proposal on the topic of an accepted one is merged into it (并案) rather than decided alone.
MERGE_RATE = 0.25
TITLE_PATTERNS = ("关于{phrase}的建议", "关于进一步{phrase}的建议", "关于{phrase}的几点建议", "关于{phrase}的提案",
                  "关于尽快{phrase}的建议")
# How far an accepted proposal has got: handed over, answered, rated by its proposer, closed.
STAGE_WEIGHTS = {"已交办": 10, "已答复": 15, "已反馈": 25, "已办结": 50}
FEEDBACK_WEIGHTS = {"满意": 60, "基本满意": 30, "不满意": 10}
NO_CONSENT_RATE = 0.08


@dataclass(frozen=True)
class Topic:
    """What one proposal is about: its title's phrase, the issue, the problem seen, the measure asked for."""

    phrase: str
    issue: str
    problem: str
    measure: str


@dataclass(frozen=True)
class Category:
    """The topics of one category of proposals and the departments that handle them."""

    name: str
    share: int
    topics: tuple[Topic, ...]
    departments: tuple[str, ...]


CATEGORIES = (
    Category("教学科研", 18, (
        Topic("完善青年教师教学发展支持体系", "青年教师教学发展",
              "青年教师承担的教学任务重，缺少系统的教学培训和指导。",
              "建立青年教师教学导师制度，开展系统的教学培训。"),
        Topic("优化科研经费报销流程", "科研管理服务",
              "教师在科研经费报销中需要往返多个部门，耗费大量时间。",
              "推行科研经费网上报销，实行一站式服务。"),
        Topic("加强实验室安全管理", "实验室安全",
              "部分实验室安全设施老化，安全培训覆盖不全。",
              "定期开展实验室安全检查，将安全培训纳入新进人员岗前培训。"),
        Topic("更新公共教学楼多媒体设备", "教学条件",
              "部分公共教学楼的多媒体设备老化，故障频发，影响正常教学。",
              "分批更新教学楼多媒体设备，建立故障快速报修机制。"),
        Topic("减轻教师非教学事务负担", "教师事务负担",
              "各类报表、检查和会议较多，占用了教师大量教学科研时间。",
              "精简各类报表和检查，推行数据一次填报、多方共享。"),
        Topic("完善教学工作量认定办法", "教学工作量认定",
              "现行教学工作量认定办法对实践教学和课程建设考虑不足。",
              "修订教学工作量认定办法，合理计算实践教学和课程建设工作量。"),
        Topic("加强{campus}图书资料建设", "图书资料保障",
              "{campus}图书馆藏书更新较慢，部分专业文献资源不足。",
              "增加{campus}图书馆购书经费，扩充专业数据库资源。"),
    ), ("教务处", "科学技术发展研究院", "研究生院", "财务处")),
    Category("人事薪酬", 18, (
        Topic("完善职称评审中教学业绩认定办法", "职称评审",
              "职称评审中对教学业绩的认定标准不够明确，教学型教师晋升困难。",
              "明确职称评审中教学业绩的认定标准和权重，畅通教学型教师晋升渠道。"),
        Topic("提高非在编教职工薪酬待遇", "非在编教职工待遇",
              "非在编教职工承担了大量工作，但薪酬水平偏低，多年未作调整。",
              "建立非在编教职工薪酬正常增长机制，参照同岗位人员合理确定标准。"),
        Topic("优化绩效工资分配办法", "绩效分配",
              "绩效工资分配办法透明度不够，教职工对此有不同看法。",
              "公开绩效工资分配办法，分配方案提交二级教代会审议。"),
        Topic("拓宽实验技术人员职业发展通道", "实验技术队伍建设",
              "实验技术人员职称晋升渠道较窄，队伍稳定性受到影响。",
              "单列实验技术人员职称评审指标，完善岗位聘用办法。"),
        Topic("落实教职工带薪休假制度", "带薪休假",
              "部分岗位教职工因工作安排难以落实带薪休假。",
              "将带薪休假落实情况纳入各单位年度考核，合理安排轮休。"),
        Topic("完善新进教师安家待遇", "新进教师待遇",
              "新进教师住房压力较大，安家费标准多年未调整。",
              "适当提高新进教师安家费标准，增加周转房供给。"),
    ), ("人事处", "财务处")),
    Category("民主管理", 10, (
        Topic("完善二级教代会议事规则", "二级教代会建设",
              "部分二级单位教代会召开不规范，议事程序不够清晰。",
              "制定二级教代会议事规则范本，加强指导和检查。"),
        Topic("推进院务公开制度化", "院务公开",
              "部分学院院务公开内容不全、更新不及时。",
              "制定院务公开目录，明确公开内容、时限和方式。"),
        Topic("加强提案办理结果反馈", "提案办理",
              "提案办理结果的反馈不够及时，代表难以了解办理进展。",
              "建立提案办理进度网上公开制度，定期向代表通报。"),
        Topic("规范教代会代表述职评议", "代表履职",
              "部分代表履职意识不强，联系教职工不够经常。",
              "建立代表年度述职和教职工评议制度。"),
        Topic("建立校领导接待日制度", "民主沟通渠道",
              "教职工反映意见的渠道较少，部分诉求得不到及时回应。",
              "建立校领导定期接待教职工制度，及时回应教职工诉求。"),
    ), ("校工会", "党委办公室", "校长办公室")),
    Category("后勤保障", 18, (
        Topic("优化校区间教职工通勤班车", "通勤班车",
              "早晚高峰时段班车拥挤，晚间返程班次较少，部分教职工无法按时乘车。",
              "根据课表调整班车发车时刻，在高峰时段增开班次。"),
        Topic("改善{campus}教职工食堂就餐环境", "食堂就餐",
              "{campus}教职工食堂就餐高峰时段排队时间较长，菜品种类较少。",
              "增加{campus}教职工食堂窗口和菜品种类，延长供餐时间。"),
        Topic("延长{campus}校园超市营业时间", "生活服务",
              "{campus}校园超市营业时间较短，晚间下课后教职工购物不便。",
              "适当延长{campus}校园超市营业时间，增设自助售货设施。"),
        Topic("提高物业维修响应速度", "物业维修",
              "物业报修后维修周期较长，影响正常工作和生活。",
              "建立物业维修限时响应机制，网上公开维修进度。"),
        Topic("增加{campus}教职工停车位", "停车管理",
              "{campus}停车位紧张，教职工上班时段停车困难。",
              "挖掘{campus}停车资源，合理规划教职工停车区域。"),
        Topic("改善教学楼卫生间设施", "教学楼设施",
              "部分教学楼卫生间设施陈旧，高峰时段不够使用。",
              "分批改造教学楼卫生间，增加蹲位和无障碍设施。"),
    ), ("后勤保障处", "资产管理处")),
    Category("校园建设", 14, (
        Topic("增设教学楼直饮水设施", "饮水设施",
              "部分教学楼缺少直饮水设施，师生饮水不便。",
              "在各教学楼增设直饮水设备，定期公布水质检测结果。"),
        Topic("加强校园电动自行车停放和充电管理", "电动自行车管理",
              "电动自行车乱停乱放和违规充电现象时有发生，存在安全隐患。",
              "增设电动自行车集中停放和充电场所，加强日常巡查。"),
        Topic("增加校园无障碍设施", "无障碍环境",
              "部分老旧建筑缺少无障碍通道和电梯，行动不便的教职工出行困难。",
              "制定无障碍设施改造计划，优先改造教学楼和办公楼。"),
        Topic("改造{campus}老旧家属区供水管网", "家属区基础设施",
              "{campus}老旧家属区管网老化，停水漏水现象较多。",
              "分期改造{campus}老旧家属区供水管网，减少停水漏水。"),
        Topic("完善{campus}校园照明设施", "校园安全",
              "{campus}部分道路照明不足，夜间出行存在安全隐患。",
              "完善{campus}道路照明，消除夜间出行安全隐患。"),
        Topic("建设教职工健身步道", "健身设施",
              "校园内缺少适合教职工日常锻炼的健身场地。",
              "利用校园绿地建设健身步道，配套建设休息设施。"),
    ), ("基建处", "后勤保障处", "保卫处", "资产管理处")),
    Category("福利待遇", 16, (
        Topic("开设教职工子女暑期托管班", "子女托管",
              "暑假期间教职工子女无人照看的问题较为突出。",
              "利用校内场地开设暑期托管班，学校适当补贴费用。"),
        Topic("提高教职工年度体检标准", "健康体检",
              "现行体检项目较少，难以满足中老年教职工的健康需求。",
              "增加体检项目，针对不同年龄段设置体检套餐。"),
        Topic("完善困难教职工帮扶机制", "困难帮扶",
              "困难教职工帮扶标准偏低，帮扶方式较为单一。",
              "提高帮扶标准，建立困难教职工动态管理机制。"),
        Topic("增加教职工疗休养名额", "疗休养",
              "疗休养名额有限，不少教职工多年未能参加。",
              "增加疗休养名额，优先安排多年未参加的教职工。"),
        Topic("建设{campus}教职工健身房", "健身条件",
              "{campus}缺少面向教职工的室内健身场所。",
              "在{campus}教职工活动中心建设健身房，配备必要的健身器材。"),
        Topic("完善教职工子女入学服务", "子女入学",
              "教职工子女入读附属学校的政策不够明确，办理手续较为繁琐。",
              "明确教职工子女入学政策，简化办理手续。"),
    ), ("校工会", "人事处", "后勤保障处", "离退休工作处")),
    Category("其他", 6, (
        Topic("加强校园网络安全宣传", "网络安全",
              "部分教职工网络安全意识不强，存在信息泄露风险。",
              "定期开展网络安全宣传和培训。"),
        Topic("推进校园垃圾分类工作", "垃圾分类",
              "校园垃圾分类设施不完善，分类投放效果不理想。",
              "完善垃圾分类设施，加强宣传引导。"),
        Topic("加强校史文化宣传", "校园文化",
              "新入职教职工对学校历史和文化了解不多。",
              "编写校史读本，将校史教育纳入新教职工入职培训。"),
        Topic("提升校园网络服务质量", "校园网络",
              "部分区域校园网信号弱、网速慢，影响教学科研。",
              "扩容校园网出口带宽，改善无线网络覆盖。"),
        Topic("加强校园周边交通秩序管理", "交通秩序",
              "校园周边交通秩序较为混乱，上下班高峰时段拥堵严重。",
              "协调交通管理部门优化校园周边交通组织。"),
    ), ("信息化与网络管理处", "保卫处", "党委办公室")),
)

CONTENT_OPENINGS = (
    "近年来，教职工对{issue}问题反映较为集中。",
    "当前，学校在{issue}方面仍存在一些不足。",
    "据{delegation}代表调研，{issue}方面的问题较为突出。",
)
CONTENT_GENERAL = (
    "{issue}直接关系教职工的切身利益，也影响学校事业发展。",
    "在调研中，不少教职工反映了这一问题，希望学校予以重视。",
    "部分兄弟院校已在这方面进行了有益探索，积累了可供借鉴的经验。",
    "随着学校办学规模扩大和教职工人数增加，这一问题日益突出。",
    "{delegation}多名代表在讨论中提出了类似意见。",
)
CONTENT_CLOSINGS = (
    "为此，提出本提案，恳请学校研究解决。",
    "特提出此案，希望有关部门予以重视。",
    "希望学校统筹考虑，切实加以解决。",
)
MEASURE_OPENINGS = ("建议由{department}牵头，", "建议学校", "建议")
MEASURE_GENERAL = (
    "明确责任部门和完成时限，定期向教职工通报进展。",
    "在充分调研的基础上制定实施方案，广泛听取教职工意见。",
    "加大经费投入，保障相关工作顺利开展。",
    "借鉴兄弟院校的成熟做法，结合学校实际分步实施。",
)
MEASURE_CLOSINGS = (
    "同时加强宣传，及时向教职工通报落实情况。",
    "并将落实情况纳入相关部门年度考核。",
    "请有关部门统筹研究，尽快落实。",
)
REPLY_OPENINGS = (
    "{department}会同有关部门对提案进行了认真研究。",
    "针对提案反映的{issue}问题，{department}专门召开会议研究落实措施。",
    "{department}高度重视该提案，专门召开会议研究落实措施。",
)
REPLY_MIDDLES = (
    "目前已制定初步方案，计划于下学期起分步实施。",
    "部分建议已在{month}月落实，其余事项正在推进。",
    "有关经费已纳入学校下一年度预算。",
    "将根据实施情况进一步完善相关措施。",
    "已与提案人进行了沟通，听取了意见。",
    "考虑到经费和场地等条件限制，部分建议需分阶段落实。",
)
REPLY_CLOSINGS = (
    "感谢代表对学校工作的关心和支持。",
    "欢迎提案人继续提出意见建议。",
)
DECISION_REASONS = {
    "立案": ("涉及广大教职工切身利益，建议具体可行。", "反映问题具有普遍性，建议措施明确。", "符合提案立案条件。"),
    "不立案": ("属个人具体事务，不属于提案范围，已建议提案人向有关部门反映。", "所提事项已在学校现行政策中予以解决。",
             "内容涉及多个事项，不符合“一事一案”要求，建议修改后重新提交。"),
    "转为意见建议": ("建议事项较为具体，属承办部门日常工作范围，转为意见建议交有关部门研究处理。",
               "所提问题较为具体，转有关部门作为意见建议办理。"),
}
FEEDBACK_NOTES = {"满意": "提案人对答复表示满意。", "基本满意": "提案人基本满意，希望进一步落实。",
                  "不满意": "提案人认为答复未解决实际问题，提案工作委员会已请承办部门补充答复。"}


@dataclass(frozen=True)
class Handling:
    """Who may handle a proposal, and the issue its answer speaks of."""

    departments: tuple[str, ...]
    issue: str


@dataclass(frozen=True)
class Review:
    """The congress's dates: when the committee reviews proposals and when they are handed over."""

    reviewed: date
    handed_over: date
    reply_deadline: date


def build_proposals(rng: random.Random, year: int, min_cosigners: int) -> list[dict[str, Any]]:
    """Return the proposals of ``year``, numbered in order of submission (P年份-001 is 第1号)."""
    reviewed = day_between(rng, date(year, 4, 10), date(year, 4, 20))
    review = Review(reviewed, reviewed + timedelta(days=rng.randint(5, 10)), date(year, 6, 30))
    submitted = sorted([day_between(rng, date(year, 2, 20), date(year, 3, 31))
                        for _ in range(PROPOSALS_PER_YEAR - LATE_PROPOSALS)]
                       + [day_in_months(rng, year, 5, 11) for _ in range(LATE_PROPOSALS)])
    proposals: list[dict[str, Any]] = []
    accepted_by_topic: dict[Topic, list[dict[str, Any]]] = {}
    used_titles: set[str] = set()
    for number, day in enumerate(submitted, start=1):
        proposal, category, topic = _proposal(rng, year, number, day, min_cosigners, used_titles)
        _decide(rng, proposal, Handling(category.departments, topic.issue), review,
                accepted_by_topic.setdefault(topic, []))
        if proposal["decision"] == "立案":
            accepted_by_topic[topic].append(proposal)
        proposals.append(proposal)
    # Half the late ones are as a proposal form's import leaves them: drafts for the committee to review.
    mark_drafts(rng, proposals[-LATE_PROPOSALS:], LATE_PROPOSALS // 2)
    return proposals


def _proposal(rng: random.Random, year: int, number: int, submitted: date,
              min_cosigners: int, used_titles: set[str]) -> tuple[dict[str, Any], Category, Topic]:
    category = rng.choices(CATEGORIES, weights=[c.share for c in CATEGORIES])[0]
    topic = rng.choice(category.topics)
    proposers = [_delegate(rng) for _ in range(1 if rng.random() < 0.8 else 2)]
    slots = {"campus": rng.choice(CAMPUSES), "issue": topic.issue, "delegation": proposers[0]["delegation"],
             "department": rng.choice(category.departments)}
    phrase = topic.phrase.format_map(slots)
    opening = rng.choice(CONTENT_OPENINGS) + topic.problem
    measure = rng.choice(MEASURE_OPENINGS) + topic.measure
    return ({
        "id": f"P{year}-{number:03d}", "number": number, "session": session_name(year),
        "title": _title(rng, phrase, category, used_titles),
        "category": category.name, "proposers": proposers,
        "cosigners": [_delegate(rng) for _ in range(min_cosigners + rng.randint(0, 4))],
        "content": compose(rng, (opening,), CONTENT_GENERAL, CONTENT_CLOSINGS, slots, 80, 300),
        "measures": compose(rng, (measure,), MEASURE_GENERAL, MEASURE_CLOSINGS, slots, 60, 240)
        if rng.random() < 0.9 else None,
        "submitted": submitted, "consent_publish": rng.random() >= NO_CONSENT_RATE,
        "decision": None, "decision_reason": None, "merged_into": None, "departments": None,
        "reply_deadline": None, "reply": None, "reply_date": None, "feedback": None,
        "history": [{"date": submitted, "status": "已提交", "note": None}],
        "state": "published", "demo": True,
    }, category, topic)


def _title(rng: random.Random, phrase: str, category: Category, used_titles: set[str]) -> str:
    """Return a title on ``phrase``, worded unlike this year's earlier ones while wordings last."""
    candidates = [pattern.format(phrase=phrase) for pattern in rng.sample(TITLE_PATTERNS, len(TITLE_PATTERNS))]
    fresh = [title for title in candidates if title not in used_titles]
    title = first_fitting([*fresh, *candidates, f"关于改进{category.name}工作的建议"], 10, 30)
    used_titles.add(title)
    return title


def _delegate(rng: random.Random) -> dict[str, Any]:
    return {"name": person_name(rng), "delegation": delegation(rng.choice(UNITS))}


def _decide(rng: random.Random, proposal: dict[str, Any], handling: Handling, review: Review,
            same_topic: list[dict[str, Any]]) -> None:
    """Give the committee's decision and what followed from it; late proposals wait for review.

    ``same_topic`` holds the accepted proposals on the same topic: the committee merges a
    proposal into one of them a quarter of the time (并案).
    """
    if proposal["submitted"] > review.reviewed:
        proposal["history"][0]["note"] = "闭会期间提交，待提案工作委员会审查。"
        return
    if same_topic and rng.random() < MERGE_RATE:
        proposal["decision"] = "并案"
        _merge(proposal, rng.choice(same_topic), review)
        return
    decision = rng.choices(list(DECISION_WEIGHTS), weights=list(DECISION_WEIGHTS.values()))[0]
    if decision is None:
        return
    proposal["decision"] = decision
    if decision == "不立案":
        proposal["decision_reason"] = rng.choice(DECISION_REASONS[decision])
        _step(proposal, review.reviewed, "不予立案", "已将处理意见告知提案人。")
    elif decision == "转为意见建议":
        proposal["decision_reason"] = rng.choice(DECISION_REASONS[decision])
        _suggestion(rng, proposal, handling, review)
    else:
        proposal["decision_reason"] = rng.choice(DECISION_REASONS[decision]) if rng.random() < 0.7 else None
        _accepted(rng, proposal, handling, review)


def _step(proposal: dict[str, Any], day: date, status: str, note: str | None = None) -> None:
    proposal["history"].append({"date": day, "status": status, "note": note})


def _merge(proposal: dict[str, Any], into: dict[str, Any], review: Review) -> None:
    proposal["merged_into"] = into["id"]
    proposal["decision_reason"] = f"与第{into['number']}号提案内容相近，并入第{into['number']}号提案办理。"
    _step(proposal, review.reviewed, "已并案", f"并入第{into['number']}号提案办理。")


def _suggestion(rng: random.Random, proposal: dict[str, Any], handling: Handling, review: Review) -> None:
    department = rng.choice(handling.departments)
    proposal["departments"] = [{"name": department, "role": "主办"}]
    _step(proposal, review.reviewed, "已转意见建议")
    if rng.random() < 0.7:
        _reply(rng, proposal, department, handling.issue, shifted(review.handed_over, rng.randint(10, 60)))


def _accepted(rng: random.Random, proposal: dict[str, Any], handling: Handling, review: Review) -> None:
    """An accepted proposal goes as far as its drawn stage: handed over, answered, rated, closed."""
    departments = rng.sample(handling.departments, min(len(handling.departments), rng.randint(1, 3)))
    proposal["departments"] = [{"name": name, "role": "主办" if index == 0 else "协办"}
                               for index, name in enumerate(departments)]
    proposal["reply_deadline"] = review.reply_deadline
    _step(proposal, review.reviewed, "已立案")
    helpers = "，".join(departments[1:])
    _step(proposal, review.handed_over, "已交办",
          f"交{departments[0]}主办" + (f"，{helpers}协办。" if helpers else "。"))
    stage = list(STAGE_WEIGHTS).index(rng.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()))[0])
    if stage < 1:
        return
    replied = shifted(review.handed_over, rng.randint(10, 90))
    _reply(rng, proposal, departments[0], handling.issue, replied)
    if stage < 2:
        return
    feedback = rng.choices(list(FEEDBACK_WEIGHTS), weights=list(FEEDBACK_WEIGHTS.values()))[0]
    proposal["feedback"] = feedback
    rated = shifted(replied, rng.randint(5, 20))
    _step(proposal, rated, "已反馈", FEEDBACK_NOTES[feedback])
    if stage == 3:
        _step(proposal, shifted(rated, rng.randint(3, 15)), "已办结")


def _reply(rng: random.Random, proposal: dict[str, Any], department: str, issue: str, replied: date) -> None:
    slots = {"department": department, "issue": issue, "month": replied.month}
    proposal["reply"] = compose(rng, REPLY_OPENINGS, REPLY_MIDDLES, REPLY_CLOSINGS, slots, 80, 300)
    proposal["reply_date"] = replied
    _step(proposal, replied, "已答复")
