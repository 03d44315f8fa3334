"""Each sample export reads as its README says, value by value (tests/fixtures/exports, people all fake)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from generator.dates import CHINA
from generator.ingest.plan import IngestPlan
from generator.ingest.service import prepare_ingest
from generator.project import Project

from .conftest import copy_demo

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
SESSION = "第二十届工会会员暨第七届教职工代表大会第三次会议"


@pytest.fixture
def demo(tmp_path: Path) -> Project:
    return Project(copy_demo(tmp_path / "root"))


def plan_for(project: Project, form: str, name: str, **options: str) -> IngestPlan:
    return prepare_ingest(project, form, EXPORTS / name, options)[1]


def by_row(plan: IngestPlan) -> dict[int, Any]:
    return {r.row: r for r in plan.rows}


def at(hour: int, minute: int, second: int, day: tuple[int, int, int]) -> datetime:
    return datetime(*day, hour, minute, second, tzinfo=CHINA)


def test_wjx_signup_csv(demo: Project) -> None:
    plan = plan_for(demo, "signup", "wjx_event_signup_text_utf8bom.csv", event="E2017-002")
    rows = by_row(plan)  # 序号 n is on row n + 1
    assert plan.platform.name == "wjx"
    assert plan.counts == {"added": 8, "updated": 0, "unchanged": 0, "superseded": 1, "needs_review": 1,
                           "rejected": 0, "blank": 0}
    assert rows[2].outcome == "superseded" and rows[2].fields["note"] is None  # (空) is no answer
    assert rows[3].fields["size"] is None  # (跳过)
    assert (rows[4].fields["name"], rows[4].fields["staff_id"], rows[4].fields["phone"]) == \
        ("王五", "20170003", "13800000003")
    assert rows[5].fields["staff_id"] == "20160004" and rows[5].fields["note"] == "无"
    assert rows[5].outcome == "needs_review"  # the file's full-width phone has 10 digits: never guessed
    assert rows[6].fields["phone"] == "13800000011"
    assert rows[6].fields["items"] == ["乒乓球", "羽毛球", "健身走"] and rows[6].fields["size"] == "XL"
    assert rows[7].fields["unit"] == "校医院" and rows[7].fields["items"] == ["跳绳"]
    assert rows[7].fields["note"] == "<script>alert('xss')</script>"
    assert rows[8].fields["note"] == '=HYPERLINK("http://example.invalid","点击报名")'
    assert rows[9].fields["phone"] == "13800000008" and rows[9].fields["note"] == "-2+3 号场地有积水"
    assert rows[10].fields["note"] == ("第一行：本人腿脚不便\n第二行：需要安排无障碍通道\n"
                                       "第三行，含\"双引号\"和英文逗号, 测试")
    assert rows[11].fields["name"] == "欧阳娜娜" and rows[11].fields["staff_id"] == "01100010"
    assert rows[11].fields["items"] == ["乒乓球", "飞镖"]
    assert rows[6].fields["uniform"] is True and rows[3].fields["uniform"] is False


def test_a_submission_time_in_the_future_needs_review(demo: Project, tmp_path: Path) -> None:
    sample = (EXPORTS / "wjx_event_signup_text_utf8bom.csv").read_text(encoding="utf-8-sig")
    export = tmp_path / "future.csv"
    export.write_text(sample.replace("2024/9/3 10:21:33", "2099/9/3 10:21:33"), encoding="utf-8-sig")
    rows = by_row(prepare_ingest(demo, "signup", export, {"event": "E2017-002"})[1])
    assert rows[2].outcome == "needs_review"
    assert rows[2].reason == "提交时间 2099-09-03 10:21 晚于现在；请核对导出文件中的时间（或电脑的日期）"
    assert rows[3].outcome == "added"


def test_wjx_proposal_xlsx(demo: Project) -> None:
    plan = plan_for(demo, "proposal", "wjx_proposal_text.xlsx", session=SESSION)
    rows = by_row(plan)
    assert plan.counts == {"added": 5, "updated": 0, "unchanged": 0, "superseded": 1, "needs_review": 0,
                           "rejected": 0, "blank": 1}
    assert rows[2].fields["cosigners"] == "李四、王五"
    assert rows[2].fields["measures"].startswith("1、由工会牵头") and "\n2、" in rows[2].fields["measures"]
    assert rows[3].outcome == "superseded" and rows[3].fields["cosigners"] is None
    assert rows[4].fields["title"] == "关于<b>食堂</b>价格的建议<script>alert(1)</script>"
    assert rows[4].fields["consent_publish"] is False
    assert len(rows[5].fields["content"]) > 2000 and rows[5].fields["delegation"] == "离退休代表团"
    assert rows[6].fields["cosigners"] == "周九、吴十" and rows[6].outcome == "added"
    assert rows[7].outcome == "blank"
    assert rows[8].fields["staff_id"] == "20130008" and rows[8].fields["phone"] == "13800000008"
    assert rows[8].fields["measures"] == "=1+1" and rows[8].fields["category"] == "其他"
    assert rows[2].fields["category"] == "人事薪酬"  # 薪酬福利, mapped by the form definition


def test_tencent_nomination_csv(demo: Project) -> None:
    plan = plan_for(demo, "nomination", "tencent_award_nomination.csv", award_list="A2024-05")
    rows = by_row(plan)  # newest first: 编号 7, 6, 5, 4, 2, 1 on rows 2–7
    assert plan.platform.name == "tencent"
    assert plan.counts["superseded"] == 1 and rows[7].outcome == "superseded"  # 编号 1, replaced by 编号 6
    assert rows[3].fields["category"] == "先进集体" and rows[3].fields["unit"] == "机械工程学院"
    assert rows[2].fields["nominee"] == "赵六" and rows[2].fields["staff_id"] == "20160004"
    assert rows[2].fields["honours"] == ["国家级"] and rows[2].fields["deeds"].startswith("@SUM(1,2)")
    assert rows[3].fields["staff_id"] is None and rows[3].fields["phone"] == "13800000001"
    assert rows[4].fields["phone"] == "13800000003" and rows[4].fields["staff_id"] == "20170003"
    assert rows[5].fields["staff_id"] == "20180002" and rows[5].fields["honours"] == ["市级优秀志愿者"]
    assert rows[5].fields["deeds"] == "=2+5+cmd|' /C calc'!A0"
    evidence = rows[7].fields["evidence"]
    assert evidence["file"] == "7654321_0_FAKEFILETOKEN0000.pdf" and evidence["url"].startswith("https://wj.qq.com/")
    assert plan_for(demo, "nomination", "tencent_award_nomination.csv", award_list="A2024-05").rows[0].fields[
        "category"] == "先进个人"


def test_msforms_signup_xlsx(demo: Project) -> None:
    plan = plan_for(demo, "signup", "msforms_event_signup_en.xlsx", event="E2017-016")
    rows = by_row(plan)  # ID n is on row n + 1
    assert plan.platform.name == "msforms"
    assert rows[2].outcome == "superseded" and rows[2].fields["items"] == ["乒乓球", "羽毛球"]
    assert rows[3].fields["staff_id"] == "20180002" and rows[3].fields["items"] == ["健身走"]
    assert rows[4].fields["name"] == "王五" and rows[4].fields["staff_id"] == "20170003"
    assert rows[4].fields["phone"] == "13800000003"
    assert rows[5].fields["phone"] == "13800000011" and rows[5].outcome == "added"
    assert rows[6].outcome == "needs_review" and "1.38E+10" in (rows[6].reason or "")
    assert rows[7].fields["items"] == ["羽毛球", "其他选项：飞镖"]


def test_msforms_edit_time_and_excel_serial(demo: Project) -> None:
    from generator.ingest.columns import find_layout
    from generator.ingest.forms import load_form
    from generator.ingest.reading import read_export
    from generator.ingest.rows import read_submissions

    form = load_form(demo.config_dir, "signup")
    sheet = read_export(EXPORTS / "msforms_event_signup_en.xlsx")
    submissions = {s.row: s for s in read_submissions(sheet, find_layout(sheet, form), form)}
    assert submissions[3].submitted == at(8, 0, 5, (2024, 9, 4))  # Last modified time wins
    assert submissions[5].submitted == at(9, 30, 12, (2024, 9, 4))  # the serial 45539.3959722222


def test_google_forms_proposal_csv(demo: Project) -> None:
    plan = plan_for(demo, "proposal", "googleforms_proposal.csv", session=SESSION)
    rows = by_row(plan)
    assert plan.platform.name == "google"
    assert rows[3].outcome == "superseded" and rows[3].fields["phone"] == "13800000004"
    assert rows[2].fields["suggested_departments"] == ["人事处", "教师工作部", "财务处"]
    assert rows[4].fields["title"] == "关于<i>食堂</i>价格公示的建议"
    assert rows[4].fields["measures"].startswith("=IMPORTXML(")
    assert rows[4].fields["suggested_departments"] == ["后勤管理处", "校医院（其他）"]
    assert rows[4].outcome == "needs_review" and "1.38E+10" in (rows[4].reason or "")  # the co-signer's phone
    assert rows[5].fields["staff_id"] == "20140007" and rows[5].fields["phone"] == "13800000007"
    assert "\n" in rows[5].fields["measures"] and len(rows[5].fields["content"]) > 3000
    assert rows[6].outcome == "added" and rows[6].fields["cosigners"] == "周九、吴十"
    assert rows[2].fields["cosigner_phone"] == "13800000002"


def test_google_forms_timestamps() -> None:
    from generator.ingest.values import parse_datetime

    assert parse_datetime("2024/10/08 2:40:02 PM GMT+8") == at(14, 40, 2, (2024, 10, 8))
    assert parse_datetime("2024/10/09 11:20:00 PM GMT+8") == at(23, 20, 0, (2024, 10, 9))
    assert parse_datetime("11-Oct-2024 11:11:11") == at(11, 11, 11, (2024, 10, 11))
