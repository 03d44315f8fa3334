"""The command line: exit codes, output, --strict, --root, help."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli, main

from .conftest import REPO, SCENARIOS


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_warnings_alone_pass_and_fail_with_strict(scenario_root: Callable[..., Path]) -> None:
    root = scenario_root()
    renamed = root / "data/events/2017/E2017-009.yaml"
    (root / "data/events/2017/E2017-001.yaml").rename(renamed)
    expected = ("data/events/2017/E2017-009.yaml:1:5: [id-filename-mismatch] （警告）"
                "编号“E2017-001”与文件名“E2017-009.yaml”不一致；建议把文件改名为 E2017-001.yaml。\n"
                "检查了 5 个文件，发现 0 个错误、1 个警告。\n")
    assert invoke("validate", "--root", str(root)) == (0, expected)
    assert invoke("validate", "--root", str(root), "--strict") == (1, expected)


def test_json_report_of_a_clean_root(scenario_root: Callable[..., Path]) -> None:
    code, output = invoke("validate", "--root", str(scenario_root()), "--format", "json")
    assert code == 0
    assert json.loads(output) == {"valid": True, "files_read": 5, "problems": []}


def test_missing_site_config_is_a_clear_error(tmp_path: Path) -> None:
    code, output = invoke("validate", "--root", str(tmp_path))
    assert code == 1
    assert output == (f"site_config:0:0: [config] 找不到 site_config/ 目录（在 {tmp_path} 下）；"
                      "请用 --root 指向网站根目录。\n检查了 0 个文件，发现 1 个错误、0 个警告。\n")


def test_broken_descriptor_is_a_clear_error(scenario_root: Callable[..., Path]) -> None:
    root = scenario_root()
    (root / "site_config/datapackage.yaml").write_text("resources: [\n", encoding="utf-8")
    code, output = invoke("validate", "--root", str(root))
    assert code == 1
    assert output.startswith("site_config:0:0: [config] 配置文件 datapackage.yaml 的 YAML 格式有误")


def test_schema_without_chinese_title_is_a_clear_error(scenario_root: Callable[..., Path]) -> None:
    root = scenario_root()
    schema = root / "site_config/schemas/events.yaml"
    schema.write_text(schema.read_text(encoding="utf-8").replace("    title: 活动名称\n", "", 1),
                      encoding="utf-8")
    code, output = invoke("validate", "--root", str(root))
    assert code == 1
    assert output.splitlines()[0] == (
        "site_config:0:0: [config] 表 events 的字段定义不完整（缺少 'title'）；"
        "每个字段都要有 name 和中文 title。")


def test_demo_data_validates_clean() -> None:
    code, output = invoke("validate", "--root", str(REPO))
    assert code == 0, output
    assert output.endswith("没有发现问题。\n")


def test_main_takes_argv(scenario_root: Callable[..., Path]) -> None:
    root = scenario_root(SCENARIOS / "invalid" / "duplicate_key")
    with pytest.raises(SystemExit) as exited:
        main(["validate", "--root", str(root)])
    assert exited.value.code == 1


def test_python_dash_m_is_the_same_command(scenario_root: Callable[..., Path]) -> None:
    root = scenario_root(SCENARIOS / "invalid" / "duplicate_key")
    done = subprocess.run([sys.executable, "-m", "generator", "validate", "--root", str(root)],
                          capture_output=True, text=True, check=False)
    expected = (SCENARIOS / "invalid" / "duplicate_key" / "expected.txt").read_text(encoding="utf-8")
    assert (done.returncode, done.stdout, done.stderr) == (1, expected, "")


def test_the_process_exits_with_the_command_s_code_and_all_its_output() -> None:
    # ``run`` ends the process without tearing down the heap: output must still be flushed.
    done = subprocess.run([sys.executable, "-m", "generator", "--version"],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.startswith("unionsite, version "), done.stderr) == (0, True, "")
    done = subprocess.run([sys.executable, "-m", "generator", "validate", "--root", "/nonexistent/root"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and done.stdout.endswith("发现 1 个错误、0 个警告。\n")


def test_commands_run_without_the_cycle_collector_but_a_build(tmp_path: Path) -> None:
    """``run`` turns the collector off; validate keeps it off, build turns it back on."""
    script = (
        "import gc\nfrom generator import building, cli, validation\nfrom generator.problems import Report\n"
        "def validate(*a, **k):\n    print('validate', gc.isenabled(), flush=True)\n"
        "    return validation.Validation(Report())\n"
        "def build(*a, **k):\n    print('build', gc.isenabled(), flush=True)\n    return 'site'\n"
        "validation.validate_project = validate\nbuilding.build_site = build\ncli.run()\n")
    for command, expected in (("validate", "validate False"), ("build", "build True")):
        done = subprocess.run([sys.executable, "-c", script, command, "--root", str(tmp_path)],
                              capture_output=True, text=True, check=False)
        assert (done.returncode, done.stdout.splitlines()[0], done.stderr) == (0, expected, "")


def test_every_command_has_chinese_help() -> None:
    for name, command in cli.commands.items():
        code, output = invoke(name, "--help")
        assert code == 0
        assert command.help and any("\u4e00" <= c <= "\u9fff" for c in command.help)
        assert "--root" in output


def test_build_writes_the_site_and_says_where(scenario_root: Callable[..., Path]) -> None:
    root = scenario_root()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content/index.md").write_text("# 首页\n", encoding="utf-8")
    code, output = invoke("build", "--root", str(root), "--site-dir", str(root / "out"))
    assert (code, output) == (0, f"网站已生成：{root / 'out'}\n")
    assert (root / "out/workplan/2017/index.html").is_file()


def test_build_of_invalid_records_fails_and_writes_nothing(scenario_root: Callable[..., Path]) -> None:
    root = scenario_root(SCENARIOS / "invalid" / "duplicate_key")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--site-dir", str(root / "out")])
    assert result.exit_code == 1
    assert result.output.endswith("网站没有生成：请先修正上面列出的问题。\n")
    assert not (root / "out").exists()
