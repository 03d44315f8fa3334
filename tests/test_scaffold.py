"""``unionsite new KIND``: skeletons that validate, ids, comments from the schemas, asking, refusing."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.project import Project
from generator.scaffold import command
from generator.scaffold.service import Scaffold
from generator.validation import validate_project

from .conftest import copy_demo

SESSION = "第二十届工会会员暨第七届教职工代表大会第三次会议"
FLAGS: dict[str, list[str]] = {
    "event": ["--year", "2017", "--title", "秋季健身走", "--category", "文体活动", "--start", "2017-10-21 09:00",
              "--end", "2017-10-21 11:30", "--organiser", "校工会文体部", "--workplan-items", "WP2017-4-03"],
    "notice": ["--year", "2017", "--title", "先进个人评选结果公示", "--publicity", "--published", "2017-12-01",
               "--body", "现将评选结果予以公示。", "--objection-contact", "校工会办公室，电话 028-66366000",
               "--related", "A2017-01、E2017-020"],
    "proposal": ["--year", "2017", "--session", SESSION, "--title", "关于延长图书馆开放时间的建议",
                 "--category", "教学科研", "--content", "期末阶段自习座位紧张。", "--submitted", "2017-03-22",
                 "--consent-publish", "--proposers", "赵甲（土木工程学院代表团）", "--cosigners", "钱乙",
                 "--cosigners", "孙丙（外国语学院代表团）"],
    "award": ["--year", "2017", "--title", "2017年教职工羽毛球赛获奖名单", "--issuer", "西南交通大学工会",
              "--date", "2017-11-25"],
    "workplan-item": ["--year", "2017", "--section", "4", "--text", "举办教职工羽毛球团体赛。",
                      "--responsible", "校工会文体部"],
}
FILES = {"event": "data/events/2017/{}.yaml", "notice": "data/notices/2017/{}.yaml",
         "proposal": "data/proposals/2017/{}.yaml", "award": "data/awards/2017/{}.yaml",
         "workplan-item": "data/workplans/2017.yaml"}
TABLES = {"event": "events", "notice": "notices", "proposal": "proposals", "award": "award_lists",
          "workplan-item": "workplan_items"}
MISSING_EVENT_FLAGS = (
    "没有写入任何文件。\n"
    "还缺少下列必填内容，请加上这些选项再运行：\n"
    "  --category 类别：活动类别，用于筛选和分类订阅。可选值：文体活动、女工活动、青年教职工、教代会、表彰、健康服务、"
    "技能竞赛、培训、座谈会、其他。\n"
    "  --start 开始时间：开始日期或时间，写作 2017-03-08 或 2017-03-08 14:30。\n"
    "  --organiser 主办单位：组织活动的机构。\n"
    "（在终端中直接运行这条命令时，缺少的内容会逐项询问。）\n")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "site")


def new(root: Path, kind: str, *args: str, answers: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["new", kind, "--root", str(root), *args], input=answers)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the command as if someone sat at a terminal."""
    monkeypatch.setattr(command, "interactive", lambda: True)


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "data").rglob("*")) if p.is_file()}


def next_serial(root: Path, pattern: str, digits: int) -> str:
    """The id after the highest one of ``pattern`` (``E2017-(\\d+)``) among the demo's files and work plan."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in (root / "data").rglob("*.yaml"))
    serials = [int(m) for m in re.findall(rf"\b{pattern}\b", text)]
    assert serials, pattern
    return pattern.split("(")[0].replace("\\", "") + f"{max(serials) + 1:0{digits}d}"


EXPECTED_IDS = {"event": (r"E2017-(\d+)", 3), "notice": (r"N2017-(\d+)", 3), "proposal": (r"P2017-(\d+)", 3),
                "award": (r"A2017-(\d+)", 2), "workplan-item": (r"WP2017-4-(\d+)", 2)}


@pytest.mark.parametrize("kind", list(FLAGS))
def test_every_kind_writes_a_record_that_validates_with_the_next_id(root: Path, kind: str) -> None:
    expected_id = next_serial(root, *EXPECTED_IDS[kind])
    result = new(root, kind, *FLAGS[kind])
    assert result.exit_code == 0, result.output
    path = root / FILES[kind].format(expected_id)
    assert path.is_file()
    assert expected_id in path.read_text(encoding="utf-8")
    report = validate_project(Project(root), strict=True).report
    assert report.problems == []
    assert report.files_read == len(list((root / "data").rglob("*.yaml")))
    assert result.stdout.endswith("下一步：用编辑器补充其余字段，然后运行 make serve 预览。\n")


def test_the_officer_is_told_where_the_record_went(root: Path) -> None:
    result = new(root, "event", *FLAGS["event"])
    assert (result.exit_code, result.stdout) == (0, (
        "已新建活动 E2017-021：data/events/2017/E2017-021.yaml（草稿，不会发布），检查无误。\n"
        "下一步：用编辑器补充其余字段，然后运行 make serve 预览。\n"))
    record = yaml.safe_load((root / "data/events/2017/E2017-021.yaml").read_text(encoding="utf-8"))
    assert record == {"id": "E2017-021", "title": "秋季健身走", "category": "文体活动", "start": "2017-10-21 09:00",
                      "end": "2017-10-21 11:30", "organiser": "校工会文体部", "workplan_items": ["WP2017-4-03"],
                      "state": "draft"}


def test_running_again_takes_the_next_id_and_leaves_the_first_record(root: Path) -> None:
    assert new(root, "event", *FLAGS["event"]).exit_code == 0
    first = (root / "data/events/2017/E2017-021.yaml").read_bytes()
    assert new(root, "event", *FLAGS["event"]).exit_code == 0
    assert (root / "data/events/2017/E2017-021.yaml").read_bytes() == first
    assert (root / "data/events/2017/E2017-022.yaml").is_file()
    assert new(root, "workplan-item", *FLAGS["workplan-item"]).exit_code == 0
    assert new(root, "workplan-item", *FLAGS["workplan-item"]).exit_code == 0
    items = [i["id"] for i in yaml.safe_load((root / FILES["workplan-item"]).read_text(encoding="utf-8"))
             ["sections"][3]["items"]]
    assert items[-2:] == ["WP2017-4-06", "WP2017-4-07"]


def test_a_gap_in_the_serials_is_not_filled(root: Path) -> None:
    assert new(root, "event", *FLAGS["event"], "--id", "E2017-030").exit_code == 0
    assert new(root, "event", *FLAGS["event"]).exit_code == 0
    assert (root / "data/events/2017/E2017-031.yaml").is_file()
    assert not (root / "data/events/2017/E2017-021.yaml").exists()


def test_an_id_in_use_is_refused(root: Path) -> None:
    before = snapshot(root)
    result = new(root, "event", *FLAGS["event"], "--id", "E2017-003")
    assert (result.exit_code, result.stderr) == (2, (
        "编号 E2017-003 已被 data/events/2017/E2017-003.yaml 使用；不加 --id 时会自动取下一个未用的编号。\n"))
    assert snapshot(root) == before


@pytest.mark.parametrize("kind", list(FLAGS))
def test_comments_are_the_schemas_titles_and_descriptions(root: Path, kind: str) -> None:
    result = new(root, kind, *FLAGS[kind], "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    schema = yaml.safe_load((root / f"site_config/schemas/{TABLES[kind]}.yaml").read_text(encoding="utf-8"))
    derived = {"workplan_id", "section"} if kind == "workplan-item" else set()
    for spec in schema["fields"]:
        if spec["name"] in {"demo"} | derived:
            continue
        required = "，必填" if spec.get("constraints", {}).get("required") else ""
        comment = f"# {spec['title']}（{spec['name']}{required}）：{spec['description']}"
        found = [line for line in lines if line.lstrip().startswith(comment) or line.lstrip().startswith(
            "#   " + comment[2:])]
        assert found, comment
        enum = spec.get("constraints", {}).get("enum")
        if enum:
            assert found[0].endswith(f"可选值：{'、'.join(enum)}。")


def test_comments_follow_a_changed_schema(root: Path) -> None:
    schema = root / "site_config/schemas/events.yaml"
    schema.write_text(schema.read_text(encoding="utf-8").replace("description: 活动地点。",
                                                                 "description: 活动的校区和场馆。"), encoding="utf-8")
    result = new(root, "event", *FLAGS["event"], "--dry-run")
    assert "# 地点（location）：活动的校区和场馆。\n# location:\n" in result.stdout


def test_optional_fields_left_out_are_commented_out(root: Path) -> None:
    text = new(root, "award", *FLAGS["award"], "--dry-run").stdout
    assert "\n# basis:\n" in text
    assert "# entries:\n#   - recipient:\n#     kind:\n#     unit:\n#     honour:\n" in text
    assert "\nyear: 2017\n" in text
    assert text.endswith("\nstate: draft\n")


def test_without_a_terminal_missing_flags_are_named_and_nothing_is_written(root: Path) -> None:
    before = snapshot(root)
    result = new(root, "event", "--year", "2017", "--title", "秋季健身走")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", MISSING_EVENT_FLAGS)
    assert snapshot(root) == before


def test_without_a_terminal_a_bad_value_is_an_error(root: Path) -> None:
    before = snapshot(root)
    result = new(root, "event", "--year", "2017", "--title", "秋季健身走", "--category", "文体", "--start",
                 "2017-02-30 09:00", "--organiser", "校工会")
    assert result.exit_code == 2
    assert result.stderr == (
        "没有写入任何文件。\n以下选项的值有误：\n"
        "  --category：类别（category）写的是“文体”，应为以下之一：文体活动、女工活动、青年教职工、教代会、表彰、"
        "健康服务、技能竞赛、培训、座谈会、其他。最接近的是“文体活动”。\n"
        "  --start：开始时间（start）写的是“2017-02-30 09:00”，这个日期不存在：2017 年 2 月没有 30 日。\n")
    assert snapshot(root) == before


def test_loose_dates_are_written_the_standard_way(root: Path) -> None:
    flags = [f if f != "2017-10-21 09:00" else "2017年10月21日 9:00" for f in FLAGS["event"]]
    result = new(root, "event", *flags, "--dry-run")
    assert "\nstart: 2017-10-21 09:00\n" in result.stdout


def test_a_problem_across_fields_is_caught_before_writing(root: Path) -> None:
    before = snapshot(root)
    flags = [*FLAGS["event"][:-6], "--end", "2017-10-20", "--organiser", "校工会文体部"]
    result = new(root, "event", *flags)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "新记录有以下问题，没有写入：",
        "data/events/2017/E2017-021.yaml:19:6: [end-before-start] "
        "结束时间（end）“2017-10-20”早于开始时间“2017-10-21 09:00”。"]
    assert snapshot(root) == before


def test_private_data_is_refused(root: Path) -> None:
    flags = [f if f != "秋季健身走" else "健身走，报名请联系 13812345678" for f in FLAGS["event"]]
    result = new(root, "event", *flags)
    assert result.exit_code == 2
    assert "[private-data]" in result.stderr
    assert not (root / "data/events/2017/E2017-021.yaml").exists()


def test_in_a_terminal_missing_values_are_asked_and_bad_ones_asked_again(root: Path, terminal: None) -> None:
    result = new(root, "event", "--year", "2017", "--title", "秋季健身走",
                 answers="1\n2017-02-30\n2017/3/8 9:00\n\n")
    assert result.exit_code == 0, result.output
    assert "开始时间（start）写的是“2017-02-30”，这个日期不存在：2017 年 2 月没有 30 日。" in result.output
    assert "主办单位 [校工会]：" in result.output  # the latest event's organiser, offered
    record = yaml.safe_load((root / "data/events/2017/E2017-021.yaml").read_text(encoding="utf-8"))
    assert (record["category"], record["start"], record["organiser"]) == ("文体活动", "2017-03-08 09:00", "校工会")


def test_in_a_terminal_a_problem_across_fields_is_asked_again(root: Path, terminal: None) -> None:
    flags = [*FLAGS["event"][:-6], "--end", "2017-10-20", "--organiser", "校工会文体部"]
    result = new(root, "event", *flags, answers="2017-10-21 12:00\n")
    assert result.exit_code == 0, result.output
    assert "[end-before-start]" in result.output
    record = yaml.safe_load((root / "data/events/2017/E2017-021.yaml").read_text(encoding="utf-8"))
    assert record["end"] == "2017-10-21 12:00"


def test_a_work_plan_item_changes_no_other_line(root: Path) -> None:
    path = root / FILES["workplan-item"]
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    result = new(root, "workplan-item", *FLAGS["workplan-item"])
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = before.index("  - number: 5\n")
    added = after[start:start + len(after) - len(before)]
    assert after[:start] + after[start + len(added):] == before
    assert added[-5:] == ["      - id: WP2017-4-06\n", "        paragraph: 1\n",
                          "        text: 举办教职工羽毛球团体赛。\n", "        status: 未开始\n",
                          "        responsible: 校工会文体部\n"]
    assert all(line.startswith("      # ") for line in added[:-5])
    assert result.stdout.startswith(f"已在 data/workplans/2017.yaml 第 4 部分末尾添加条目 WP2017-4-06"
                                    f"（第 {start + 1}–{start + len(added)} 行）")


def test_a_work_plan_item_goes_above_the_comment_heading_the_next_section(root: Path) -> None:
    path = root / FILES["workplan-item"]
    path.write_text(path.read_text(encoding="utf-8").replace("  - number: 5\n", "\n  # 五、自身建设\n  - number: 5\n")
                    + "# 文件到此结束。\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert new(root, "workplan-item", *FLAGS["workplan-item"]).exit_code == 0
    assert new(root, "workplan-item", *FLAGS["workplan-item"][:3], "5", "--text", "最后一部分的新条目").exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert "        responsible: 校工会文体部\n\n  # 五、自身建设\n  - number: 5\n" in after
    assert after.endswith("        status: 未开始\n# 文件到此结束。\n")
    changes = [op for op in SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
               .get_opcodes() if op[0] != "equal"]
    assert [op[0] for op in changes] == ["insert", "insert"]
    added = [after.splitlines()[start:end] for _, _, _, start, end in changes]
    assert [[line for line in lines if "- id:" in line] for lines in added] == [
        ["      - id: WP2017-4-06"], ["      - id: WP2017-5-08"]]


def test_a_year_without_a_work_plan_says_how_to_make_one(root: Path) -> None:
    result = new(root, "workplan-item", "--year", "2018", "--section", "1", "--text", "新条目")
    assert (result.exit_code, result.stderr) == (2, (
        "2018 年还没有工作要点（data/workplans/2018.yaml 不存在），条目无法添加。请先建立这一年的工作要点："
        "把 data/workplans/2017.yaml 复制为 data/workplans/2018.yaml，改写 id（WP2018）、year、title、issuer、"
        "general_requirements 和各部分（sections）的标题，删去旧条目；运行 unionsite validate 检查无误后，"
        "再用 unionsite new workplan-item --year 2018 添加条目。\n"))


def test_a_section_not_in_the_work_plan_is_refused(root: Path) -> None:
    result = new(root, "workplan-item", "--year", "2017", "--section", "9", "--text", "新条目")
    assert result.exit_code == 2
    assert result.stderr.startswith("没有写入任何文件。\n以下选项的值有误：\n"
                                    "  --section：2017 年工作要点没有第 9 部分；现有的部分是：1 坚持学校党委领导，")


@pytest.mark.parametrize("days", [5, 7])
def test_a_publicity_period_is_the_configured_minimum(root: Path, days: int) -> None:
    settings = root / "site_config/settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("publicity_min_days: 5",
                                                                     f"publicity_min_days: {days}"), encoding="utf-8")
    assert new(root, "notice", *FLAGS["notice"]).exit_code == 0
    record = yaml.safe_load((root / "data/notices/2017/N2017-009.yaml").read_text(encoding="utf-8"))
    assert (record["kind"], record["publicity_start"]) == ("公示", date(2017, 12, 1))
    assert record["publicity_end"] - record["publicity_start"] == timedelta(days=days - 1)
    assert validate_project(Project(root), strict=True).report.problems == []


def test_a_publicity_period_shorter_than_the_minimum_is_refused(root: Path) -> None:
    result = new(root, "notice", *FLAGS["notice"], "--publicity-end", "2017-12-03")
    assert result.exit_code == 2
    assert ("[publicity-too-short] 公示期从 2017-12-01 到 2017-12-03 只有 3 天，应不少于 5 天（含首尾两天）。"
            in result.stderr)


def test_a_publicity_needs_its_objection_contact(root: Path) -> None:
    flags = FLAGS["notice"][:FLAGS["notice"].index("--objection-contact")]
    result = new(root, "notice", *flags)
    assert result.exit_code == 2
    assert "  --objection-contact 异议联系方式：" in result.stderr
    assert new(root, "notice", *flags, "--kind", "通知").exit_code == 2  # --publicity contradicts 通知
    notice = [f if f != "--publicity" else "--kind" for f in flags]
    notice.insert(notice.index("--kind") + 1, "通知")
    assert new(root, "notice", *notice).exit_code == 0


def test_co_signers_needed_follow_the_settings(root: Path) -> None:
    settings = root / "site_config/settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("proposal_min_cosigners: 2",
                                                                     "proposal_min_cosigners: 3"), encoding="utf-8")
    result = new(root, "proposal", *FLAGS["proposal"])
    assert result.exit_code == 2
    assert "  --cosigners：附议人（cosigners）至少要写 3 个，现在只有 2 个。\n" in result.stderr
    assert new(root, "proposal", *FLAGS["proposal"], "--cosigners", "李丁、周戊").exit_code == 0


def test_a_proposal_takes_its_sessions_next_number_and_starts_its_history(root: Path) -> None:
    numbers = [yaml.safe_load(p.read_text(encoding="utf-8"))["number"]
               for p in (root / "data/proposals").rglob("*.yaml")]
    assert new(root, "proposal", *FLAGS["proposal"]).exit_code == 0
    record = yaml.safe_load((root / "data/proposals/2017/P2017-011.yaml").read_text(encoding="utf-8"))
    assert record["number"] == max(numbers) + 1
    assert record["history"] == [{"date": date(2017, 3, 22), "status": "已提交"}]
    assert record["cosigners"] == [{"name": "钱乙"}, {"name": "孙丙", "delegation": "外国语学院代表团"}]
    other = [f if f != SESSION else "第二十届工会会员暨第七届教职工代表大会第四次会议" for f in FLAGS["proposal"]]
    assert new(root, "proposal", *other).exit_code == 0
    assert yaml.safe_load((root / "data/proposals/2017/P2017-012.yaml").read_text(encoding="utf-8"))["number"] == 1


def test_publish_makes_a_published_record(root: Path) -> None:
    assert new(root, "award", *FLAGS["award"], "--publish").exit_code == 0
    record = yaml.safe_load((root / "data/awards/2017/A2017-05.yaml").read_text(encoding="utf-8"))
    assert record["state"] == "published"


def test_dry_run_shows_the_file_and_writes_nothing(root: Path) -> None:
    before = snapshot(root)
    shown = new(root, "event", *FLAGS["event"], "--print")
    assert shown.exit_code == 0
    assert shown.stderr == "（预演：没有写入任何文件；去掉 --dry-run 即写入 data/events/2017/E2017-021.yaml。）\n"
    assert snapshot(root) == before
    assert new(root, "event", *FLAGS["event"]).exit_code == 0
    assert (root / "data/events/2017/E2017-021.yaml").read_text(encoding="utf-8") == shown.stdout


def test_the_year_comes_from_the_records_date_else_today(root: Path) -> None:
    flags = [f for f in FLAGS["notice"] if f not in ("--year", "2017")]
    flags[flags.index("2017-12-01")] = "2016-05-04"
    assert new(root, "notice", *flags).exit_code == 0
    assert (root / "data/notices/2016/N2016-001.yaml").is_file()
    scaffold = Scaffold(Project(root), "notice", today=date(2031, 3, 5))
    for name, value in {"title": "通知", "kind": "通知", "body": "正文"}.items():
        scaffold.give(name, value)
    assert scaffold.missing() == []
    draft = scaffold.draft()
    assert draft.relpath == "data/notices/2031/N2031-001.yaml"
    assert "\npublished: 2031-03-05\n" in draft.text
    assert draft.problems() == []
    past = Scaffold(Project(root), "notice", today=date(2031, 3, 5), year=2017)
    assert [ask.name for ask in past.missing()] == ["title", "kind", "published", "body"]


def test_help_lists_the_sites_fields(root: Path) -> None:
    result = CliRunner().invoke(cli, ["new", "event", "--root", str(root), "--help"])
    assert result.exit_code == 0
    assert "--location 文字" in result.output and "地点：活动地点。" in result.output
    assert "--title 文字" in result.output and "活动名称（必填）" in result.output
    assert "--root" in result.output


def test_without_a_site_the_command_says_where_it_looked(tmp_path: Path) -> None:
    result = new(tmp_path, "event", "--title", "秋季健身走")
    assert (result.exit_code, result.stderr) == (
        2, f"找不到 site_config/ 目录（在 {tmp_path} 下）；请用 --root 指向网站根目录。\n")


def test_a_work_plan_item_joins_the_paragraph_of_the_sections_last_item(root: Path) -> None:
    result = new(root, "workplan-item", "--year", "2017", "--section", "3", "--text", "新条目", "--dry-run")
    assert result.stdout.endswith("      - id: WP2017-3-15\n        paragraph: 4\n        text: 新条目\n"
                                  "        status: 未开始\n")
