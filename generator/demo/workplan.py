"""A year's work plan (工作要点): sections of numbered items, each with a status and progress notes."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from .days import day_between, day_in_months, last_day
from .names import CAMPUSES
from .text import compose

ITEMS_PER_PLAN = 60
SECTIONS_PER_PLAN = 6
# A section has 7–12 items: no more than its theme has actions, so no item repeats another.
SECTION_SIZES = (7, 12)


@dataclass(frozen=True)
class Theme:
    """What one section of a plan is about: its title, the actions its items name, who does them."""

    title: str
    actions: tuple[str, ...]
    responsible: tuple[str, ...]


THEMES = (
    Theme("坚持政治引领，把握工会工作正确政治方向", (
        "深入学习贯彻党的路线方针政策和上级工会会议精神",
        "组织工会干部开展专题学习研讨，提高政治站位",
        "加强对教职工的理想信念教育",
        "推动社会主义核心价值观融入校园文化建设",
        "及时了解教职工思想动态和利益诉求",
        "发挥工会组织联系教职工的桥梁纽带作用",
        "加强师德师风建设，宣传师德标兵先进事迹",
        "开展“劳模进校园”宣讲活动",
        "组织教职工开展形势政策学习",
        "加强工会宣传阵地建设，办好工会网站和公众号",
        "开展劳动模范和先进工作者事迹宣传",
        "组织开展主题教育实践活动",
    ), ("校工会", "校工会宣传部", "各部门工会")),
    Theme("坚持民主管理，推进教代会制度建设", (
        "筹备召开教职工代表大会年度会议，认真做好大会各项准备工作",
        "做好教代会提案征集、审查、交办和督办工作",
        "组织开展教代会代表培训，提高代表参政议政能力",
        "推进二级教代会制度化、规范化建设",
        "落实校务公开制度，拓宽教职工民主参与渠道",
        "组织教代会代表开展专题巡视活动",
        "做好部门工会换届选举的指导工作",
        "完善提案办理结果反馈和公开机制",
        "开展二级教代会工作交流和检查评估",
        "组织召开教职工代表座谈会，听取意见建议",
        "推动涉及教职工切身利益的重大事项提交教代会审议",
        "建立教代会代表联系教职工制度",
    ), ("校工会", "教代会提案工作委员会", "各部门工会")),
    Theme("坚持依法维权，维护教职工合法权益", (
        "积极参与涉及教职工切身利益政策的研讨和制定",
        "发挥人事劳动争议调解委员会作用，及时化解矛盾",
        "深入实施“送温暖”工程，做好困难教职工帮扶",
        "做好教职工生日慰问、生病住院和退休慰问工作",
        "组织开展“金秋助学”活动",
        "推进“互联网+”工会服务，提高工会信息化水平",
        "做好教职工疗休养组织工作",
        "落实教职工年度健康体检，建立健康档案",
        "开展教职工心理健康服务",
        "维护非在编教职工合法权益",
        "完善教职工医疗互助保障制度",
        "做好教职工子女暑期托管服务",
    ), ("校工会", "校工会生活部", "各部门工会")),
    Theme("丰富文体活动，建设健康向上的校园文化", (
        "举办教职工文化艺术节",
        "组织教职工健身走、登山等群众性体育活动",
        "举办教职工羽毛球、乒乓球、网球等单项比赛",
        "支持教职工文体协会开展常态化活动",
        "举办教职工书法、绘画、摄影作品展",
        "开展“职工书屋”读书分享活动",
        "组织迎新春教职工文艺演出",
        "建设教职工活动中心，改善活动条件",
        "组织参加上级工会举办的文体比赛",
        "开展工间操推广活动",
        "举办教职工趣味运动会",
        "开展教职工合唱和诗文朗诵比赛",
    ), ("校工会文体部", "校工会", "各部门工会")),
    Theme("关心女教职工和青年教职工成长发展", (
        "开展纪念“三八”国际劳动妇女节系列活动",
        "组织女教职工专项健康检查",
        "举办女教职工健康知识讲座",
        "开展“巾帼建功”创先争优活动",
        "做好女教职工特殊权益保护工作",
        "举办青年教师教学竞赛，促进青年教师成长",
        "组织青年教职工联谊交友活动",
        "举办新入职教职工座谈会",
        "建设爱心妈咪小屋，改善哺乳期女教职工条件",
        "开展“青椒”沙龙交流活动",
        "组织庆祝“六一”教职工亲子活动",
        "评选表彰“三八红旗手”和优秀女教职工",
    ), ("校工会女工委员会", "校工会青工委", "校工会")),
    Theme("加强自身建设，提升工会工作水平", (
        "加强工会干部队伍建设，举办工会干部培训班",
        "做好工会经费预算管理和经费审查工作",
        "开展“模范教职工之家”创建活动",
        "评选表彰工会系统先进集体和先进个人",
        "加强部门工会规范化建设",
        "完善工会工作制度，提高工作规范化水平",
        "做好会员发展和会籍管理工作",
        "开展工会理论研究，形成调研成果",
        "加强工会档案和信息统计工作",
        "开展部门工会工作考核评估",
        "推进工会工作信息化建设",
        "组织工会干部外出学习交流",
    ), ("校工会", "校工会经费审查委员会", "各部门工会")),
    Theme("提升服务保障水平，增强教职工获得感", (
        "协调有关部门改善教职工就餐条件",
        "优化校区间通勤班车安排",
        "做好教职工住房和子女入学入托服务",
        "开展教职工法律咨询服务",
        "组织教职工开展春秋季疗休养",
        "做好离退休教职工服务工作",
        "开展节日慰问活动",
        "推动建设教职工健身场所",
        "开展教职工婚恋交友服务",
        "做好困难教职工建档立卡工作",
        "建立教职工诉求快速响应机制",
        "完善教职工服务中心功能",
    ), ("校工会", "校工会生活部", "后勤保障处")),
)

PURPOSES = (
    "切实把学校党委的关怀落实到广大教职工中去",
    "不断增强工会组织的吸引力和凝聚力",
    "提高教职工的获得感、幸福感和归属感",
    "推动工会工作创新发展",
    "营造团结和谐、积极向上的校园氛围",
    "充分调动广大教职工的积极性和创造性",
    "为学校改革发展凝聚力量",
    "促进教职工全面发展",
    "做到底数清、情况清、措施实",
    "确保各项工作有序推进",
)

REQUIREMENTS_OPENING = (
    "{year}年工会工作的总体要求是：以习近平新时代中国特色社会主义思想为指导，深入贯彻党的教育方针，",
    "{year}年，学校工会工作要在学校党委和上级工会的领导下，紧紧围绕学校中心工作，",
    "{year}年工会工作的总体思路是：坚持正确政治方向，坚持服务学校发展大局，",
)
REQUIREMENTS_MIDDLE = (
    "以服务发展为主题，以依法维权为主线，以服务教职工为宗旨，",
    "认真履行维护、建设、参与、教育四项职能，",
    "全面推进教职工民主管理和民主监督，",
    "深入开展群众性文体活动和建功立业活动，",
    "扎实做好教职工服务保障工作，",
    "不断加强工会自身建设，",
    "着力解决教职工最关心最直接最现实的利益问题，",
    "持续推进二级教代会和部门工会规范化建设，",
)
REQUIREMENTS_CLOSING = (
    "不断增强工会组织的吸引力、凝聚力和战斗力，为学校事业发展作出新的贡献。",
    "推动学校工会工作再上新台阶。",
    "努力把工会建设成为广大教职工信赖的“教职工之家”。",
)

PROGRESS_NOTES = (
    "召开专题会议，研究部署落实工作。",
    "制定工作方案，明确责任分工和时间节点。",
    "各部门工会完成前期调研，收集意见建议{count}条。",
    "完成阶段性工作任务，相关情况已向校工会委员会报告。",
    "组织开展专项检查，覆盖{units}个部门工会。",
    "与相关职能部门沟通协商，达成工作共识。",
    "相关活动已在{campus}举办，参加教职工{count}人次。",
    "完成年度工作总结，形成书面材料报学校党委。",
)
DONE_NOTES = ("各项任务已全部完成，形成工作总结。", "已按计划完成全部工作，教职工反映良好。")
DELAYED_NOTES = (
    "因相关系统采购程序推迟，完成时间调整至{next_year}年上半年。",
    "因场地改造工期延长，相关工作顺延至{next_year}年。",
    "因上级工会工作安排调整，完成时间推迟至{next_year}年。",
)
CANCELLED_NOTES = (
    "经研究，本年度不再开展此项工作，相关经费调整用于其他教职工服务项目。",
    "上级工会本年度未作相关安排，经研究取消。",
)
# How often each status occurs: most items are done or under way by the end of a year.
STATUS_WEIGHTS = {"已完成": 45, "进行中": 30, "未开始": 10, "已延期": 10, "已取消": 5}


def section_sizes(rng: random.Random) -> list[int]:
    """Return how many items each section has: about ten, adding up to ITEMS_PER_PLAN."""
    sizes = [ITEMS_PER_PLAN // SECTIONS_PER_PLAN] * SECTIONS_PER_PLAN
    sizes[-1] += ITEMS_PER_PLAN - sum(sizes)
    fewest, most = SECTION_SIZES
    for _ in range(SECTIONS_PER_PLAN * 2):
        giver, taker = rng.sample(range(SECTIONS_PER_PLAN), 2)
        if sizes[giver] > fewest and sizes[taker] < most:
            sizes[giver] -= 1
            sizes[taker] += 1
    return sizes


def build_workplan(rng: random.Random, year: int, union: str) -> dict[str, Any]:
    """Return the work plan of ``year``; item ids are WP年份-部分-两位序号."""
    themes = sorted(rng.sample(range(len(THEMES)), SECTIONS_PER_PLAN))
    slots = {"year": year}
    return {
        "id": f"WP{year}",
        "year": year,
        "title": f"{union}{year}年工作要点",
        "issuer": union,
        "adopted": day_in_months(rng, year, 2, 3) if rng.random() < 0.8 else None,
        "general_requirements": compose(rng, REQUIREMENTS_OPENING, REQUIREMENTS_MIDDLE, REQUIREMENTS_CLOSING,
                                        slots, 120, 300),
        "demo": True,
        "sections": [_section(rng, year, number, THEMES[theme], size)
                     for number, (theme, size) in enumerate(zip(themes, section_sizes(rng), strict=True), start=1)],
    }


def _section(rng: random.Random, year: int, number: int, theme: Theme, size: int) -> dict[str, Any]:
    actions = rng.sample(theme.actions, size)
    items, paragraph = [], 1
    for index, action in enumerate(actions, start=1):
        if index > 1 and rng.random() < 0.35:
            paragraph += 1  # a plan's paragraphs group a few related items
        items.append(_item(rng, year, f"WP{year}-{number}-{index:02d}", paragraph, action, theme))
    return {"number": number, "title": theme.title, "items": items}


def _item(rng: random.Random, year: int, item_id: str, paragraph: int, action: str,
          theme: Theme) -> dict[str, Any]:
    text = f"{action}，{rng.choice(PURPOSES)}。" if rng.random() < 0.7 else f"{action}。"
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    return {
        "id": item_id,
        "paragraph": paragraph,
        "text": text,
        "status": status,
        "responsible": rng.choice(theme.responsible),
        "progress": _progress(rng, year, status),
    }


def _progress(rng: random.Random, year: int, status: str) -> list[dict[str, Any]]:
    if status == "未开始":
        return []
    notes = rng.sample(PROGRESS_NOTES, rng.randint(0, 2))
    final = {"已完成": DONE_NOTES, "已延期": DELAYED_NOTES, "已取消": CANCELLED_NOTES}.get(status)
    if final:
        notes.append(rng.choice(final))
    days = sorted(day_between(rng, date(year, 2, 1), last_day(year)) for _ in notes)
    slots = {"count": rng.randint(12, 80), "units": rng.randint(8, 30), "campus": rng.choice(CAMPUSES),
             "next_year": year + 1}
    return [{"date": day, "note": note.format_map(slots)} for day, note in zip(days, notes, strict=True)]
