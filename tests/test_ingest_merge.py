"""Merging into the records: idempotent, comment-preserving, owned fields only, atomic, locked, checked."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from filelock import FileLock

from benchmarks import make_export
from generator import forking
from generator.cli import cli
from generator.ingest import rows as rows_module
from generator.ingest import service
from generator.ingest.errors import IngestError
from generator.ingest.plan import MadeRecord
from generator.ingest.service import check_plan, prepare_ingest, run_ingest
from generator.ingest.targets import proposal as proposal_target
from generator.ingest.targets.proposal import may_hold
from generator.ingest.writing import LOCK_NAME
from generator.project import Project
from generator.validation import Validation
from generator.yamlsource import read_yaml

from .conftest import copy_demo
from .dealing import count_children, deal

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
SESSION = "第二十届工会会员暨第七届教职工代表大会第三次会议"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "root")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for folder in ("data", "private") for p in (root / folder).rglob("*") if p.is_file()}


def signup(root: Path, name: str = "wjx_event_signup_text_utf8bom.csv", event: str = "E2017-002", **kw: object):
    return run_ingest(Project(root), "signup", EXPORTS / name, {"event": event}, **kw)  # type: ignore[arg-type]


def test_second_ingest_changes_nothing(root: Path) -> None:
    first = signup(root)
    assert first.problems == [] and first.written
    before = snapshot(root)
    second = signup(root)
    assert second.written == []
    assert second.plan.counts["unchanged"] == 8 and second.plan.counts["added"] == 0
    assert snapshot(root) == before


def test_only_the_owned_fields_change_and_comments_stay(root: Path) -> None:
    path = root / "data/events/2017/E2017-002.yaml"
    original = "# 健身走活动，由文体部负责\n" + path.read_text(encoding="utf-8").replace(
        "organiser:", "organiser:  # 主办单位以通知为准\n  ", 0)
    original = original.replace("category: 文体活动", "category: 文体活动  # 类别见 schemas/events.yaml")
    path.write_text(original, encoding="utf-8")
    signup(root)
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# 健身走活动，由文体部负责\n")
    assert "category: 文体活动  # 类别见 schemas/events.yaml" in after
    before_lines = [line for line in original.splitlines() if not line.startswith(("  signup", "    -", "      "))]
    after_lines = [line for line in after.splitlines() if not line.startswith(("  signup", "    -", "      "))]
    assert before_lines == after_lines
    record = yaml.safe_load(after)
    assert record["registration"]["signup_total"] == 8
    assert {"group": "单位", "label": "校医院", "count": 1} in record["registration"]["signups"]


def test_comments_closing_the_file_stay_when_the_last_value_is_replaced(root: Path) -> None:
    path = root / "data/events/2017/E2017-002.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("registration:\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    moved = lines[:start] + lines[end:] + lines[start:end]  # the sign-up counts last, as some officers write
    path.write_text("".join(moved) + "# 报名人数由导入自动更新\n\n# 请勿手改\n", encoding="utf-8")
    signup(root)
    after = path.read_text(encoding="utf-8")
    assert after.endswith("      count: 1\n# 报名人数由导入自动更新\n\n# 请勿手改\n")
    assert yaml.safe_load(after)["registration"]["signup_total"] == 8


def test_nothing_private_reaches_data(root: Path) -> None:
    signup(root)
    run_ingest(Project(root), "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION})
    published = "".join(p.read_text(encoding="utf-8") for p in (root / "data").rglob("*.yaml"))
    for private in ("13800000001", "20190001", "01100010", "13800000011", "20130008"):
        assert private not in published
    roster = root / "private/signups/E2017-002.csv"
    assert "13800000011" in roster.read_text(encoding="utf-8-sig")
    assert oct(roster.stat().st_mode & 0o777) == "0o600"
    assert oct((root / "private").stat().st_mode & 0o777) == "0o700"


def test_proposals_keep_the_committees_fields(root: Path) -> None:
    result = run_ingest(Project(root), "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION})
    assert result.plan.counts["added"] == 5
    path = root / "data/proposals/2024/P2024-001.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert record["state"] == "draft" and "decision" not in record
    assert record["cosigners"] == [{"name": "李四"}, {"name": "王五"}]
    assert record["history"] == [{"date": record["submitted"], "status": "已提交", "note": "由表单导入"}]
    text = path.read_text(encoding="utf-8").replace("state: draft", "decision: 立案\nreply: 已答复。\nstate: draft")
    path.write_text(text, encoding="utf-8")
    again = run_ingest(Project(root), "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION})
    assert again.plan.counts["unchanged"] == 5 and again.written == []
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert (record["decision"], record["reply"]) == ("立案", "已答复。")


def test_a_repeated_proposal_export_reads_no_record_to_rewrite_it(root: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run_ingest(Project(root), "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION})
    path = root / "data/proposals/2024/P2024-002.yaml"
    title = yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
    text = "# 提案委员会已收到\n" + path.read_text(encoding="utf-8").replace(f"title: {title}", "title: 改过的标题")
    path.write_text(text, encoding="utf-8")
    loaded: list[str] = []
    real_load = proposal_target.load_record

    def counted(record: Path) -> object:
        loaded.append(record.stem)
        return real_load(record)

    monkeypatch.setattr(proposal_target, "load_record", counted)
    again = run_ingest(Project(root), "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION})
    assert (again.plan.counts["unchanged"], again.plan.counts["updated"], loaded) == (4, 1, ["P2024-002"])
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# 提案委员会已收到\n") and f"title: {title}\n" in after


def test_a_proposal_file_that_is_not_utf8_is_left_to_validation(root: Path) -> None:
    (root / "data/proposals/2017/P2017-099.yaml").write_bytes(f"session: {SESSION}\ntitle: 乱码\n".encode("gbk"))
    result = run_ingest(Project(root), "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION},
                        dry_run=True)
    assert [(p.path, p.code) for p in result.problems] == [("data/proposals/2017/P2017-099.yaml", "encoding")]


def test_numbers_follow_the_sessions_highest_however_its_session_is_written(root: Path) -> None:
    folder = root / "data/proposals/2017"
    escaped = "".join(f"\\u{ord(c):04x}" for c in SESSION)  # in the text, never the session itself
    for name, session, number in (("P2017-009.yaml", f'"{escaped}"', 30), ("P2017-010.yaml", "另一次会议", 50)):
        path = folder / name
        text = re.sub(r"^session: .*$", lambda _, s=session: f"session: {s}", path.read_text(encoding="utf-8"),
                      flags=re.M)
        path.write_text(re.sub(r"^number: .*$", f"number: {number}", text, flags=re.M), encoding="utf-8")
    assert SESSION not in (folder / "P2017-009.yaml").read_text(encoding="utf-8")
    _, plan = prepare_ingest(Project(root), "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION})
    assert sorted(made()["number"] for made in plan.target.records.values() if isinstance(made, MadeRecord)) == \
        [31, 32, 33, 34, 35]


@pytest.mark.parametrize(("text", "value", "expected"), [
    ("session: 第三次会议\n", "第三次会议", True),
    ("session: 第二次会议\n", "第三次会议", False),
    ('session: "\\u7b2c三次会议"\n', "第三次会议", True),  # an escape: only parsing can tell
    ("session: 第三次\n  会议\n", "第三次 会议", True),  # folded lines read as a space
    ("session: 'O''Brien'\n", "O'Brien", True),  # a quote doubled inside single quotes
    ("session: 第二次会议\n", "第三次\u2028会议", True),  # a line separator is a line break to YAML
])
def test_a_session_is_looked_for_in_the_text_only_where_it_must_stand_as_written(
        text: str, value: str, expected: bool) -> None:
    assert may_hold(text, value) is expected


def test_a_dry_run_makes_no_private_file_and_a_real_one_writes_both(root: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("a dry run made a private file's text")

    monkeypatch.setattr(proposal_target, "roster_csv", refuse)
    monkeypatch.setattr(proposal_target, "_index_text", refuse)
    dry = run_ingest(Project(root), "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION},
                     dry_run=True)
    assert dry.problems == [] and dry.plan.counts["added"] == 5 and not (root / "private").exists()
    monkeypatch.undo()
    real = run_ingest(Project(root), "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION})
    index = yaml.safe_load((root / "private/ingest/proposal-index.yaml").read_text(encoding="utf-8"))
    assert sorted(index.values()) == [f"P2024-00{n}" for n in range(1, 6)]
    contacts = list(csv.reader(io.StringIO((root / "private/ingest/proposal-contacts.csv").read_text(
        encoding="utf-8-sig"), newline="")))
    assert len(contacts) == 6 and contacts[0][:4] == ["key", "submitted", "row", "title"]
    assert {root / "private/ingest/proposal-index.yaml", root / "private/ingest/proposal-contacts.csv"} <= \
        set(real.written)


def test_values_yaml_would_misread_read_back_identically(root: Path) -> None:
    result = run_ingest(Project(root), "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION})
    records = {row.record: row.fields for row in result.plan.rows if row.record}
    for record_id, fields in records.items():
        path = next((root / "data/proposals").rglob(f"{record_id}.yaml"))
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        ours = read_yaml(path, path.name)
        assert ours.problems == []
        for name in ("title", "content", "measures"):
            if fields.get(name):
                assert loaded[name] == fields[name] == ours.root[name], (record_id, name)


def test_invalid_merge_writes_nothing(root: Path) -> None:
    path = root / "data/events/2017/E2017-002.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "titel: 拼错的字段\n", encoding="utf-8")
    before = snapshot(root)
    result = signup(root)
    assert [p.code for p in result.problems] == ["unknown-key"]
    assert result.written == [] and snapshot(root) == before


def test_a_problem_in_a_new_record_points_to_its_line(root: Path) -> None:
    project = Project(root)
    _, plan = prepare_ingest(project, "proposal", EXPORTS / "wjx_proposal_text.xlsx", {"session": SESSION})
    added = [row for row in plan.rows if row.outcome == "added"]
    path = next(p for p in plan.target.made() if p.stem == added[0].record)
    text = plan.target.text(path)
    assert "\ncategory: " in text
    line = text[:text.index("\ncategory: ")].count("\n") + 2
    made = plan.target.records[path]
    assert isinstance(made, MadeRecord)
    record = made.record()
    record["category"] = "不存在的类别"
    plan.target.records[path] = MadeRecord(lambda: record)
    assert plan.target.text(path) == text.replace(f"category: {made()['category']}", "category: 不存在的类别")
    added[1].record = added[0].record  # two rows feed the record: the problem blocks the ingest
    problems = check_plan(project, plan)
    assert [(p.code, p.line, p.col) for p in problems] == [("not-in-list", line, 11)]


def test_the_checked_tables_are_freed_while_the_files_are_written(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[weakref.ref[Validation]] = []
    real_validate, real_write_all = service.validate_project, service.write_all

    def validate_project(*args: Any, **kwargs: Any) -> Validation:
        validation = real_validate(*args, **kwargs)
        checked.append(weakref.ref(validation))
        return validation

    def write_all(*args: Any, meanwhile: Callable[[], None], **kwargs: Any) -> list[Path]:
        alive_before = checked[-1]() is not None
        meanwhile()
        assert (alive_before, checked[-1]()) == (True, None)
        return real_write_all(*args, **kwargs)

    monkeypatch.setattr(service, "validate_project", validate_project)
    monkeypatch.setattr(service, "write_all", write_all)
    result = signup(root)
    assert result.problems == [] and result.written and len(checked) == 1


def test_a_crash_before_the_rename_leaves_the_old_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = root / "data/events/2017/E2017-002.yaml"
    before = path.read_bytes()

    def crash(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        signup(root)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_second_ingest_waits_for_none(root: Path) -> None:
    with FileLock(str(root / LOCK_NAME)), pytest.raises(IngestError, match="另一个导入正在进行"):
        signup(root)


def test_report_adds_up_and_stays_private(root: Path) -> None:
    runner = CliRunner()
    outside = runner.invoke(cli, ["ingest", "--root", str(root), "--form", "signup", "--event", "E2017-002",
                                  str(EXPORTS / "wjx_event_signup_text_utf8bom.csv"), "--report",
                                  str(root / "data/report.json")])
    assert outside.exit_code == 2 and "只能写在 private/ 目录下或仓库以外" in outside.output
    report_path = root / "private/report.json"
    result = runner.invoke(cli, ["ingest", "--root", str(root), "--form", "signup", "--event", "E2017-002",
                                 str(EXPORTS / "wjx_event_signup_text_utf8bom.csv"), "--dry-run", "--report",
                                 str(report_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["rows_read"] == 10 == len(report["rows"]) == sum(report["outcomes"].values())
    assert report["rows"][0] == {"row": 2, "outcome": "superseded", "reason": "被第 6 行（同一提交人的较晚提交）取代",
                                 "record": None, "fields": report["rows"][0]["fields"]}
    assert report["rows"][0]["fields"]["phone"] == "13800000001"
    assert "预演（--dry-run）" in result.output and not (root / "private/signups").exists()


def test_cli_explains_a_missing_option_and_a_wrong_form(root: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["ingest", "--root", str(root), "--form", "signup",
                                  str(EXPORTS / "wjx_event_signup_text_utf8bom.csv")])
    assert (missing.exit_code, missing.output) == (
        2, "导入失败 [missing-option]：表单“活动报名”需要指定 --event 活动编号。\n")
    wrong = runner.invoke(cli, ["ingest", "--root", str(root), "--form", "proposal", "--session", SESSION,
                                str(EXPORTS / "wjx_event_signup_text_utf8bom.csv")])
    assert wrong.exit_code == 2
    assert wrong.output.startswith("导入失败 [questions-missing]：导出文件中找不到这些题目：“提案标题”（title）")
    unknown = runner.invoke(cli, ["ingest", "--root", str(root), "--form", "lottery", str(EXPORTS / "x.csv")])
    assert unknown.output.startswith(
        "导入失败 [form-definition]：找不到表单定义 site_config/forms/lottery.yaml；已有的表单：")


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


SIGNUP_HEADER = ["序号", "提交答卷时间", "1、您的姓名", "2、工号", "3、部门/单位", "4、手机号码", "5、参加项目",
                 "8、备注"]


def test_an_export_without_usable_rows_wipes_nothing(root: Path, tmp_path: Path) -> None:
    signup(root)
    before = snapshot(root)
    empty = write_rows(tmp_path / "empty.csv", [SIGNUP_HEADER, ["1", "2024/9/3 10:00:00", "", "", "", "", "", ""]])
    with pytest.raises(IngestError, match="没有一行可以导入"):
        run_ingest(Project(root), "signup", empty, {"event": "E2017-002"})
    assert snapshot(root) == before


def test_single_quotes_in_answers_do_not_merge_rows(root: Path, tmp_path: Path) -> None:
    rows = [SIGNUP_HEADER, ["1", "2024/9/3 10:00:00", "张三", "20190001", "图书馆", "13800000001", "乒乓球", "'无'"],
            ["2", "2024/9/3 10:01:00", "李四", "20190002", "图书馆", "13800000002", "乒乓球", "'备注"],
            ["3", "2024/9/3 10:02:00", "王五", "20190003", "图书馆", "13800000003", "乒乓球", "好'"]]
    result = signup(root, event="E2017-002", name=str(write_rows(tmp_path / "q.csv", rows)))
    assert [r.fields["name"] for r in result.plan.rows] == ["张三", "李四", "王五"]


def test_newest_answer_needing_review_holds_the_person(root: Path, tmp_path: Path) -> None:
    rows = [SIGNUP_HEADER, ["1", "2024/9/3 10:00:00", "张三", "20190001", "图书馆", "13800000001", "乒乓球", ""],
            ["2", "2024/9/4 10:00:00", "张三", "20190001", "图书馆", "1.38E+10", "健身走", "改报健身走"],
            ["3", "2024/9/4 11:00:00", "李四", "20190002", "其他〖工号20190002〗", "13800000002", "乒乓球", ""]]
    result = signup(root, event="E2017-002", name=str(write_rows(tmp_path / "r.csv", rows)), dry_run=True)
    assert [(r.row, r.outcome) for r in result.plan.rows] == [(2, "superseded"), (3, "needs_review"),
                                                              (4, "needs_review")]
    assert "工号或电话" in (result.plan.rows[2].reason or "")


def test_roster_cells_never_run_in_a_spreadsheet(root: Path) -> None:
    signup(root)
    roster = (root / "private/signups/E2017-002.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in roster and ",=HYPERLINK(" not in roster


def test_text_yaml_would_read_as_another_type_is_quoted() -> None:
    from generator.ingest.writing import dump_record, yaml_value

    text = dump_record(yaml_value({"measures": "Yes", "note": "on", "code": "007", "plain": "正常"}))
    assert yaml.safe_load(text) == {"measures": "Yes", "note": "on", "code": "007", "plain": "正常"}


def test_counting_by_a_private_field_is_refused() -> None:
    from generator.ingest.errors import FormDefinitionError
    from generator.ingest.forms import parse_form

    with pytest.raises(FormDefinitionError, match="只能按公开（public）字段统计，staff_id 不是公开字段"):
        parse_form("x", {"target": "signup", "identity": ["staff_id"],
                         "settings": {"count_by": {"单位": "staff_id"}},
                         "fields": [{"name": "staff_id", "question": "工号", "type": "staff_id",
                                     "privacy": "private"}]})


def test_an_export_of_another_form_is_refused(root: Path) -> None:
    with pytest.raises(IngestError, match="导出文件的题目大多不属于表单“活动报名”"):
        run_ingest(Project(root), "signup", EXPORTS / "wjx_proposal_text.xlsx", {"event": "E2017-002"}, dry_run=True)


def test_a_large_export_read_by_two_processes_plans_what_one_plans(root: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    export = tmp_path / "proposal.csv"
    rows = make_export.proposal_rows(300, random.Random(7))
    for index in (1, 4):  # a title holding the proposer's staff id: in a run of this process, and of the child
        rows[index][6] += f"（工号{rows[index][8]}）"
    with export.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)

    class Counted:
        def __init__(self) -> None:
            self.rows: list[int] = []

        def start(self, rows: int) -> None:
            self.rows.append(-rows)

        def advance(self, rows: int) -> None:
            self.rows.append(rows)

    children = count_children(monkeypatch)
    monkeypatch.setattr(forking, "may_fork", lambda: False)
    alone, shared = Counted(), Counted()
    _, plan_alone = prepare_ingest(Project(root), "proposal", export, {"session": SESSION}, progress=alone)
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    monkeypatch.setattr(rows_module, "MIN_ROWS_FOR_CHILD", 100)
    deal(monkeypatch, set(range(1, 100, 3)))  # rows 4-6, 13-15, ...: the child's
    _, plan_shared = prepare_ingest(Project(root), "proposal", export, {"session": SESSION}, progress=shared)
    assert children == [1]
    assert plan_shared.report_json() == plan_alone.report_json()
    assert json.loads(plan_alone.report_json())["rows_read"] == 300
    held = [(row.row, row.outcome) for row in plan_shared.rows if "工号或电话" in (row.reason or "")]
    assert held == [(2, "needs_review"), (5, "needs_review")]
    # The bar is set to the file's rows (the header's among them), then moved by the data rows read.
    assert alone.rows == [-301, 300] and shared.rows[0] == -301 and sum(shared.rows[1:]) == 300
    assert len(shared.rows) == 1 + 100  # a run at a time
