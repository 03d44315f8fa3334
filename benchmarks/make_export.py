"""Write a synthetic survey export for benchmarks: a 问卷星 sign-up or proposal CSV of N rows.

Usage: .venv/bin/python benchmarks/make_export.py signup|proposal ROWS OUT.csv [--seed S]
People are invented; about 5% of rows resubmit an earlier person, 1% have a mangled phone.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

SURNAMES = "张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
UNITS = ["机械工程学院", "土木工程学院", "图书馆", "外国语学院", "计算机学院", "后勤管理处", "校医院", "机关"]
ITEMS = ["乒乓球", "羽毛球", "健身走", "拔河", "跳绳"]
CATEGORIES = ["教学科研", "人事薪酬", "民主管理", "后勤保障", "校园建设", "福利待遇"]
START = datetime(2024, 9, 1, 8, 0, 0)
WJX_META = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]


def person(rng: random.Random, index: int) -> tuple[str, str, str]:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return name, f"{20000000 + index:08d}", f"138{index % 100_000_000:08d}"


def signup_rows(rows: int, rng: random.Random) -> list[list[str]]:
    header = [*WJX_META, "1、您的姓名", "2、工号", "3、部门/单位 ", "4、手机号码", "5、参加项目（可多选）",
              "6、是否需要统一订购运动服？", "7、服装尺码", "8、备注"]
    out = [header]
    for n in range(1, rows + 1):
        index = rng.randrange(1, n) if n > 20 and rng.random() < 0.05 else n
        name, staff, phone = person(random.Random(index), index)
        if rng.random() < 0.01:
            phone = "1.38E+10"
        items = "┋".join(rng.sample(ITEMS, rng.randint(1, 3)))
        when = START + timedelta(seconds=37 * n)
        submitted = f"{when.year}/{when.month}/{when.day} {when.hour}:{when:%M:%S}"
        out.append([str(n), submitted, f"{rng.randint(30, 600)}秒",
                    "手机提交", "直接访问", "192.0.2.1(湖北-武汉)", name, staff, rng.choice(UNITS), phone, items,
                    rng.choice(["是", "否"]), rng.choice(["S", "M", "L", "XL"]), rng.choice(["(空)", "无", "请安排"])])
    return out


def proposal_rows(rows: int, rng: random.Random) -> list[list[str]]:
    header = [*WJX_META, "1、提案标题", "2、(1)姓名", "2、(2)工号", "2、(3)联系电话", "3、所属代表团 ",
              "4、附议人（至少两名，用顿号分隔）", "5、提案类别", "6、案由（提案内容）", "7、建议措施",
              "8、是否同意公开"]
    out = [header]
    for n in range(1, rows + 1):
        index = rng.randrange(1, n) if n > 20 and rng.random() < 0.05 else n
        name, staff, phone = person(random.Random(index), index)
        when = START + timedelta(seconds=53 * n)
        cosigners = "、".join(person(rng, rng.randrange(1, 10**6))[0] for _ in range(rng.randint(2, 4)))
        out.append([str(n), f"{when.year}/{when.month}/{when.day} {when.hour}:{when:%M:%S}", "300秒", "微信", "N/A",
                    "192.0.2.2(湖北-武汉)", f"关于改进第{index}项校园服务的建议", name, staff, phone,
                    f"{rng.choice(UNITS)}代表团", cosigners, rng.choice(CATEGORIES),
                    "教职工反映" + "相关服务有待改进，" * rng.randint(5, 40) + "特提出此案。",
                    "1、建议成立专项工作组；\n2、建议定期通报进展。", rng.choice(["是", "否"])])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("form", choices=["signup", "proposal"])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = signup_rows(args.rows, rng) if args.form == "signup" else proposal_rows(args.rows, rng)
    with args.out.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(rows)


if __name__ == "__main__":
    main()
