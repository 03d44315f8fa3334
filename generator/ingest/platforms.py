"""What each survey platform does to an export, and how to undo it.

Each platform is recognised by its metadata headers; its rules say which column holds the
submission time, how empty and skipped answers are written, and how multi-select answers and
"other" texts are joined.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .headers import normalise_text


@dataclass(frozen=True)
class Platform:
    name: str
    title: str
    signature: tuple[str, ...]  # headers that together identify the platform
    metadata: frozenset[str]  # headers that are the platform's, not the form's
    timestamps: tuple[str, ...]  # where the submission time is, best first
    serial: str | None = None
    null_markers: frozenset[str] = frozenset()
    skipped_codes: frozenset[str] = frozenset()  # by-number exports: not shown / skipped
    separators: tuple[str, ...] = ("┋",)
    option_prefix: re.Pattern[str] | None = None
    other_text: re.Pattern[str] | None = None
    newest_first: bool = False
    anonymous: frozenset[str] = frozenset()
    extra_checks: tuple[Callable[[list[str]], bool], ...] = field(default_factory=tuple)


WJX = Platform(
    "wjx", "问卷星", ("序号", "提交答卷时间"),
    frozenset({"序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "总分", "填写人", "昵称"}),
    ("提交答卷时间",), serial="序号", null_markers=frozenset({"(空)", "(跳过)"}),
    skipped_codes=frozenset({"-2", "-3"}), separators=("┋",),
    other_text=re.compile(r"^(?P<label>[^〖]*)〖(?P<text>.*)〗$", re.S),
)
TENCENT = Platform(
    "tencent", "腾讯问卷", ("编号", "开始答题时间"),
    frozenset({"编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "地理位置省", "地理位置市",
               "用户类型", "用户标识", "昵称", "自定义字段", "语言", "清洗数据结果", "智能清洗数据无效概率", "IP", "UA",
               "Referrer", "中奖时间", "中奖金额", "审核状态"}),
    ("结束答题时间", "开始答题时间"), serial="编号", option_prefix=re.compile(r"^[A-Z]\.\s*"),
    newest_first=True,
)
JINSHUJU = Platform(
    "jinshuju", "金数据", ("序号", "提交时间"),
    frozenset({"序号", "提交时间", "创建时间", "更新时间", "最后更新时间", "提交人", "修改人", "IP", "填写设备",
               "操作系统", "浏览器", "填写地区", "填写时长", "微信昵称", "微信OpenID", "微信头像", "微信性别"}),
    ("更新时间", "最后更新时间", "提交时间", "创建时间"), serial="序号", separators=("\n", "，", ",", "；", ";"),
)
MSFORMS = Platform(
    "msforms", "Microsoft Forms", ("ID", "Completion time"),
    frozenset({"ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "开始时间",
               "完成时间", "电子邮件", "电子邮件地址", "名称", "上次修改时间", "最后修改时间", "開始時刻", "完了時刻",
               "メール", "名前"}),
    ("Last modified time", "上次修改时间", "最后修改时间", "Completion time", "完成时间", "完了時刻"), serial="ID",
    separators=(";",), anonymous=frozenset({"anonymous"}),
)
MSFORMS_ZH = Platform(
    "msforms", "Microsoft Forms", ("ID", "完成时间"), MSFORMS.metadata, MSFORMS.timestamps, serial="ID",
    separators=(";",), anonymous=frozenset({"anonymous"}),
)
GOOGLE = Platform(
    "google", "Google Forms", ("Timestamp",),
    frozenset({"Timestamp", "Email Address", "Email address", "Score", "时间戳记", "电子邮件地址"}),
    ("Timestamp", "时间戳记"), separators=(", ",),
)
GOOGLE_ZH = Platform("google", "Google Forms", ("时间戳记",), GOOGLE.metadata, GOOGLE.timestamps, separators=(", ",))
GENERIC = Platform("generic", "其他来源", (), frozenset(), (), separators=("┋", ";", "；", "、", "，", ","))

PLATFORMS = (WJX, TENCENT, JINSHUJU, MSFORMS, MSFORMS_ZH, GOOGLE, GOOGLE_ZH)
BY_NAME = {p.name: p for p in (*PLATFORMS, GENERIC)}


def detect_platform(headers: Sequence[str | None]) -> Platform:
    """Return the platform whose signature headers all appear, else the generic rules."""
    present = {normalise_text(h) for h in headers if h}
    for platform in PLATFORMS:
        if all(normalise_text(s) in present for s in platform.signature):
            return platform
    return GENERIC


def platform_named(name: str) -> Platform:
    """Return the platform an officer named with ``--platform``; KeyError when unknown."""
    return BY_NAME[name]
