"""Reading exports: encodings, containers, header rows below titles, footers, platform markers, limits."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.ingest import reading
from generator.ingest.errors import ExportTooLarge, FormDefinitionError, IngestError
from generator.ingest.forms import parse_form
from generator.ingest.service import prepare_ingest
from generator.project import Project

from .conftest import copy_demo

HEADER = ["序号", "提交答卷时间", "1、您的姓名", "2、工号", "3、部门/单位", "4、手机号码", "5、参加项目"]
ROWS = [["1", "2024/9/3 10:21:33", "吉𠮷", "20190001", "图书馆", "13800000001", "乒乓球"],
        ["2", "2024/9/3 10:25:07", "李四", "20180002", "机械工程学院", "13800000002", "羽毛球┋健身走"]]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(copy_demo(tmp_path / "root"))


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def signup_plan(project: Project, path: Path):  # type: ignore[no-untyped-def]
    return prepare_ingest(project, "signup", path, {"event": "E2017-002"})[1]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_encodings(project: Project, tmp_path: Path, encoding: str) -> None:
    plan = signup_plan(project, write_csv(tmp_path / "e.csv", [HEADER, *ROWS], encoding))
    assert [r.fields["name"] for r in plan.rows] == ["吉𠮷", "李四"]  # 𠮷 is outside GBK
    assert plan.rows[1].fields["items"] == ["羽毛球", "健身走"]


def test_gbk_text_is_read_as_gb18030() -> None:
    assert reading.decode_text("教职工".encode("gbk")) == ("教职工", "gb18030")


def test_line_breaks_in_a_cell_become_one_kind_and_other_cells_stay_as_they_are(tmp_path: Path) -> None:
    rows = [HEADER[:3], ["1", "2024/9/3 10:21:33", "第一行\r\n第二行\r第三行\n第四行"], ["2", "", "李四 "]]
    sheet = reading.read_export(write_csv(tmp_path / "b.csv", rows, "utf-8"))
    assert sheet.rows[1:] == [["1", "2024/9/3 10:21:33", "第一行\n第二行\n第三行\n第四行"], ["2", None, "李四 "]]


def test_header_below_title_rows_and_footer_rows(project: Project, tmp_path: Path) -> None:
    rows = [["2024年运动会报名汇总"], ["导出时间：2024-09-06"], [], HEADER, *ROWS, [],
            ["合计", "", "", "", "", "", "2"], ["数据来源：问卷星"]]
    plan = signup_plan(project, write_csv(tmp_path / "t.csv", rows, "utf-8"))
    assert [(r.row, r.outcome, r.reason) for r in plan.rows] == [
        (5, "added", None), (6, "added", None), (7, "blank", "空行"), (8, "blank", "合计行"),
        (9, "blank", "没有任何回答")]


def test_xlsx_cells_are_text_and_numbers_keep_their_digits(project: Project, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([1, "2024/9/3 10:21:33", "张三", 1100010, "图书馆", 13800000001, "乒乓球"])
    sheet.append([2, 45539.3959722222, "李四", "01100011", "图书馆", 1.38e10, "乒乓球"])
    sheet.cell(3, 6).number_format = "0.00E+00"
    book.save(tmp_path / "n.xlsx")
    plan = signup_plan(project, tmp_path / "n.xlsx")
    assert plan.rows[0].fields["staff_id"] == "1100010"  # a number cell: its digits, no ".0"
    assert plan.rows[0].fields["phone"] == "13800000001"
    assert plan.rows[1].fields["staff_id"] == "01100011"
    assert plan.rows[1].fields["phone"] == "13800000000"  # the cell holds 1.38e10 exactly: that value, no more


def test_wjx_by_number_export_decodes_options(project: Project, tmp_path: Path) -> None:
    header = ["序号", "提交答卷时间", "1、您的姓名", "2、工号", "3、部门/单位", "第5题(乒乓球)", "第5题(羽毛球)",
              "第5题(健身走)", "6、是否需要统一订购运动服？", "7、服装尺码"]
    rows = [header, ["1", "2024/9/3 10:21:33", "张三", "20190001", "图书馆", "1", "0", "1", "2", "-3"]]
    plan = signup_plan(project, write_csv(tmp_path / "n.csv", rows, "utf-8"))
    fields = plan.rows[0].fields
    assert fields["items"] == ["乒乓球", "健身走"] and fields["size"] is None  # -3: skipped by jump logic
    assert fields["uniform"] is False  # option 2 of 是/否


def test_unknown_encoding_and_damaged_workbook(tmp_path: Path) -> None:
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(IngestError, match="不是有效的 xlsx 文件"):
        reading.read_export(tmp_path / "bad.xlsx")
    (tmp_path / "fake.xlsx").write_text("序号,姓名\n", encoding="utf-8")
    with pytest.raises(IngestError, match="内容不是 Excel 表格"):
        reading.read_export(tmp_path / "fake.xlsx")


def test_limits_give_clear_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_csv(tmp_path / "big.csv", [HEADER, *ROWS * 3], "utf-8")
    monkeypatch.setattr(reading, "MAX_ROWS", 4)
    with pytest.raises(ExportTooLarge, match="超过 4 行的上限"):
        reading.read_export(path)
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 10)
    with pytest.raises(ExportTooLarge, match="MB 的上限"):
        reading.read_export(path)
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 256 * 1024 * 1024)
    monkeypatch.setattr(reading, "MAX_CELL_CHARS", 3)
    with pytest.raises(ExportTooLarge, match="超过 3 个字符"):
        reading.read_export(path)


def test_a_cell_of_the_longest_length_is_read_and_one_character_more_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_CELL_CHARS", 4)
    (tmp_path / "four.csv").write_bytes('姓名,说明\r\n"张三丰\r",四个字符\r\n,\r\n'.encode())
    assert reading.read_export(tmp_path / "four.csv").rows == [["姓名", "说明"], ["张三丰\n", "四个字符"], [None, None]]
    (tmp_path / "five.csv").write_bytes("姓名,说明\r\n张三,五个字符了\r\n".encode())
    with pytest.raises(ExportTooLarge, match="超过 4 个字符"):
        reading.read_export(tmp_path / "five.csv")


@pytest.mark.parametrize(("definition", "message"), [
    ({"target": "lottery", "fields": [{"name": "a", "question": "甲"}]}, "target 应为"),
    ({"target": "signup"}, "缺少 fields 列表"),
    ({"target": "signup", "identity": ["a"], "fields": [{"name": "a", "question": "电话", "type": "phone"}]},
     "不能设为 public"),
    ({"target": "signup", "identity": ["b"], "fields": [{"name": "a", "question": "甲"}]}, "未知字段：b"),
    ({"target": "signup", "identity": ["a"], "fields": [{"name": "a", "question": "甲", "type": "money"}]},
     "type 应为"),
    ({"target": "signup", "identity": ["a"], "fields": [{"name": "a"}]}, "没有 question"),
])
def test_wrong_form_definitions_are_explained(definition: dict[str, object], message: str) -> None:
    with pytest.raises(FormDefinitionError, match=message):
        parse_form("test", definition)


CELLS = st.one_of(st.just(""), st.just("(空)"), st.text(max_size=8), st.sampled_from(["20190001", "13800000001"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELLS, min_size=0, max_size=9), max_size=25))
def test_every_row_is_accounted_for(project: Project, tmp_path: Path, rows: list[list[str]]) -> None:
    path = write_csv(tmp_path / "random.csv", [HEADER, *rows], "utf-8")
    try:
        plan = signup_plan(project, path)
    except IngestError:
        return  # e.g. a generated row that looks more like a header than the header does
    data_rows = len(reading.read_export(path).rows) - 1
    assert len(plan.rows) == data_rows == sum(plan.counts.values())
    assert [r.row for r in plan.rows] == list(range(2, data_rows + 2))
