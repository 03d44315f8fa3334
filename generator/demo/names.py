"""Invented people and the university's units, campuses and venues.

Names are drawn from common surnames and given-name characters, so they read like real
staff without being anyone in particular; units are the kinds of 学院, 处 and 中心 every
Chinese university has.
"""

from __future__ import annotations

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃戴"
)
GIVEN_CHARACTERS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂华玉兰萍鹏辉玲婷雪琳晨宇浩凯欣怡佳俊峰建文斌思雨"
    "睿哲博涵轩楠瑶颖莉倩慧晓宁波亮春燕红梅蕾琴云帆志国庆松柏林海远航瑞祥立新诗瀚晴岚锐卓"
)

COLLEGES = (
    "机械工程学院", "土木工程学院", "交通运输与物流学院", "电气工程学院", "信息科学与技术学院",
    "计算机与人工智能学院", "经济管理学院", "外国语学院", "人文学院", "数学学院", "物理科学与技术学院",
    "化学学院", "材料科学与工程学院", "建筑与设计学院", "生命科学与工程学院", "马克思主义学院",
    "公共管理学院", "艺术与传播学院", "力学与航空航天学院", "地球科学与环境工程学院", "医学院",
    "体育学院", "国际教育学院", "继续教育学院",
)
# Offices that handle proposals (承办部门) as well as employ staff.
OFFICES = (
    "党委办公室", "校长办公室", "人事处", "教务处", "科学技术发展研究院", "财务处", "资产管理处",
    "后勤保障处", "基建处", "保卫处", "国际合作与交流处", "学生工作处", "研究生院", "信息化与网络管理处",
    "离退休工作处", "校工会",
)
SERVICE_UNITS = (
    "图书馆", "校医院", "档案馆", "网络与信息中心", "分析测试中心", "工程训练中心", "现代教育技术中心",
    "后勤服务中心", "出版社", "附属中学",
)
UNITS = COLLEGES + OFFICES[:-1] + SERVICE_UNITS

CAMPUSES = ("犀浦校区", "九里校区", "峨眉校区")
# Where events happen, by what they need: a court, a hall, a room, the clinic, the open air.
SPORTS_VENUES = ("体育馆", "羽毛球馆", "乒乓球馆", "田径场", "网球场", "风雨操场")
HALLS = ("图书馆报告厅", "综合楼报告厅", "学术交流中心", "国际会议中心", "工会多功能厅")
ACTIVITY_ROOMS = ("教职工活动中心", "工会多功能厅", "大学生活动中心", "图书馆展厅")
CLINICS = ("校医院门诊楼", "校医院体检中心")
OUTDOORS = ("田径场", "环校路线", "校园湖畔")
WORKSHOPS = ("工程训练中心", "实验中心", "教学楼多媒体教室")

# Who organises what: the union's committees and offices as records name them.
UNION_BODIES = (
    "校工会", "校工会文体部", "校工会女工委员会", "校工会青工委", "校工会宣传部", "校工会生活部",
    "教代会提案工作委员会", "各部门工会",
)


def person_name(rng: random.Random) -> str:
    """Return an invented name: a surname and one or two given-name characters."""
    given_length = 2 if rng.random() < 0.7 else 1
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN_CHARACTERS) for _ in range(given_length))


def location(rng: random.Random, venues: tuple[str, ...]) -> str:
    """Return a campus and one of ``venues`` on it, such as 犀浦校区体育馆."""
    return rng.choice(CAMPUSES) + rng.choice(venues)


def delegation(unit: str) -> str:
    """Return the congress delegation (代表团) a unit's delegates sit in: offices sit together as 机关."""
    return "机关代表团" if unit in OFFICES and unit != "后勤保障处" else f"{unit}代表团"
