"""The demo records show every feature: enough of each kind, every decision, marked as demo."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.project import Project
from generator.validation import validate_project

from .conftest import REPO


@pytest.fixture(scope="module")
def tables() -> dict[str, list[dict[str, object]]]:
    result = validate_project(Project(REPO))
    assert result.report.problems == []
    assert result.flattened is not None
    return {name: table.rows for name, table in result.flattened.tables.items()}


def test_enough_records_of_each_kind(tables: dict[str, list[dict[str, object]]]) -> None:
    counts = {name: len(tables[name]) for name in ("events", "award_lists", "notices", "proposals")}
    assert counts["events"] >= 12 and counts["award_lists"] >= 3
    assert counts["notices"] >= 6 and counts["proposals"] >= 8


def test_the_work_plan_has_five_sections(tables: dict[str, list[dict[str, object]]]) -> None:
    assert [s["number"] for s in tables["workplan_sections"]] == [1, 2, 3, 4, 5]
    assert len(tables["workplan_items"]) >= 30


def test_proposals_cover_every_decision_and_feedback(tables: dict[str, list[dict[str, object]]]) -> None:
    decisions = Counter(p.get("decision") for p in tables["proposals"])
    assert set(decisions) == {"立案", "不立案", "并案", "转为意见建议", None}
    assert {p.get("feedback") for p in tables["proposals"]} >= {"满意", "基本满意", "不满意"}
    assert any(p["consent_publish"] is False for p in tables["proposals"])
    statuses = {h["status"] for h in tables["proposal_history"]}
    assert statuses >= {"已提交", "已立案", "已交办", "已答复", "已反馈"}


def test_a_publicity_notice_with_its_period(tables: dict[str, list[dict[str, object]]]) -> None:
    notices = [n for n in tables["notices"] if n["kind"] == "公示"]
    assert notices and all(n["publicity_start"] and n["publicity_end"] for n in notices)
    assert {n["kind"] for n in tables["notices"]} == {"公告", "通知", "公示", "简报"}


def test_every_demo_record_is_marked(tables: dict[str, list[dict[str, object]]]) -> None:
    for name in ("workplans", "events", "award_lists", "notices", "proposals"):
        assert all(row.get("demo") is True for row in tables[name]), name


def test_events_named_in_the_plan_are_there(tables: dict[str, list[dict[str, object]]]) -> None:
    titles = " ".join(str(e["title"]) for e in tables["events"])
    for name in ("三八", "教师节", "第八届青年教师教学竞赛", "文化艺术节", "健身走", "读书征文", "六一",
                 "联谊", "健康", "体检", "网球", "乒乓球", "教职工代表大会", "表彰大会"):
        assert name in titles, name
