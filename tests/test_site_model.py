"""The site model: what the demo records become as of a given day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from generator.dates import CHINA
from generator.project import Project
from generator.site.model import Publicity, SiteModel
from generator.site.sitebuild import build_date, make_site_build
from generator.validation import validate_project

from .conftest import REPO


def model_on(day: date) -> SiteModel:
    validation = validate_project(Project(REPO))
    return make_site_build(validation, REPO, day, "https://example.edu.cn/gonghui/").model


@pytest.fixture(scope="module")
def model() -> SiteModel:
    return model_on(date(2017, 11, 22))


def test_drafts_are_left_out(model: SiteModel) -> None:
    assert "E2017-019" not in {e.id for e in model.events}
    assert "N2017-008" not in {n.id for n in model.notices}
    assert len(model.events) == 19 and len(model.notices) == 7


def test_references_are_linked_both_ways(model: SiteModel) -> None:
    event = next(e for e in model.events if e.id == "E2017-007")
    assert [a.id for a in event.results] == ["A2017-02"]
    assert [e.id for e in event.results[0].events] == ["E2017-007"]
    assert [i.id for i in event.items] == ["WP2017-2-09"]
    assert "E2017-007" in [e.id for e in event.items[0].events]
    honours = next(a for a in model.award_lists if a.id == "A2017-01")
    assert honours.notice is not None and honours.notice.id == "N2017-007"


@pytest.mark.parametrize(("day", "status", "left"), [
    (date(2017, 11, 19), "未开始", 8), (date(2017, 11, 20), "公示中", 7),
    (date(2017, 11, 26), "公示中", 1), (date(2017, 11, 27), "已结束", 0),
])
def test_publicity_status_by_day(day: date, status: str, left: int) -> None:
    publicity = Publicity(date(2017, 11, 20), date(2017, 11, 26), "校工会")
    assert publicity.status_on(day) == status
    assert max(publicity.days_left(day), 0) == left


def test_open_publicities_and_upcoming_events(model: SiteModel) -> None:
    assert [n.id for n in model.unexpired_publicities] == ["N2017-007"]
    # The arts festival (E2017-014) runs into December, so it has not ended yet.
    assert [e.id for e in model.upcoming_events] == ["E2017-014", "E2017-020"]
    assert model_on(date(2017, 11, 27)).unexpired_publicities == []


def test_proposal_figures_and_overdue(model: SiteModel) -> None:
    figures = model.figures_for_year(2017)
    assert figures.total == 10
    assert figures.by_decision == {"立案": 6, "不立案": 1, "并案": 1, "待审查": 1, "转为意见建议": 1}
    assert figures.overdue == 1
    assert [p.id for p in model.proposals if p.overdue] == ["P2017-005"]
    assert model_on(date(2017, 6, 30)).figures_for_year(2017).overdue == 0
    # P2017-009 did not consent: its department (the only proposal handled by 国有资产管理处) and its
    # feedback are counted nowhere.
    assert "国有资产管理处" not in figures.by_department
    assert figures.feedback == {"满意": 2, "不满意": 1, "基本满意": 1}


def test_proposal_timeline(model: SiteModel) -> None:
    proposal = next(p for p in model.proposals if p.id == "P2017-001")
    assert [(s.name, s.date is not None) for s in proposal.stages] == [
        ("提交", True), ("立案", True), ("交办", True), ("答复", True), ("反馈", True)]
    waiting = next(p for p in model.proposals if p.decision is None)
    assert [s.name for s in waiting.stages if s.date] == ["提交"]
    assert waiting.decision_label == "待审查"


def test_current_year_falls_back_to_the_latest_year_with_records() -> None:
    assert model_on(date(2026, 11, 25)).current_year == 2017
    assert model_on(date(2017, 1, 1)).current_year == 2017


def test_history_links_when_configured() -> None:
    validation = validate_project(Project(REPO))
    validation.settings = replace(validation.settings,
                                  source_history_url="https://git.example.edu.cn/union/site/-/commits/main/{path}")
    model = make_site_build(validation, REPO, date(2017, 11, 22), None).model
    event = next(e for e in model.events if e.id == "E2017-001")
    assert event.history_url == "https://git.example.edu.cn/union/site/-/commits/main/data/events/2017/E2017-001.yaml"
    assert model_on(date(2017, 11, 22)).events[0].history_url is None


def test_build_date_from_option_epoch_or_today(monkeypatch: pytest.MonkeyPatch) -> None:
    assert build_date(date(2017, 3, 8)) == date(2017, 3, 8)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1511280000")  # 2017-11-21T16:00:00Z, already the 22nd in China
    assert build_date() == date(2017, 11, 22)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert build_date() == datetime.now(CHINA).date()
