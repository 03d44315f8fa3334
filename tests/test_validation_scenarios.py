"""Each invalid scenario folder yields exactly the problem lines in its expected.txt."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import SCENARIOS

INVALID = sorted(p for p in (SCENARIOS / "invalid").iterdir() if p.is_dir())


def run_validate(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_base_scenario_is_valid(scenario_root: Callable[..., Path]) -> None:
    code, output = run_validate(scenario_root())
    assert (code, output) == (0, "检查了 5 个文件，没有发现问题。\n")


@pytest.mark.parametrize("scenario", INVALID, ids=[p.name for p in INVALID])
def test_invalid_scenario_reports_expected_lines(scenario: Path,
                                                 scenario_root: Callable[..., Path]) -> None:
    code, output = run_validate(scenario_root(scenario))
    assert output == (scenario / "expected.txt").read_text(encoding="utf-8")
    assert code == 1


@pytest.mark.parametrize("scenario", INVALID, ids=[p.name for p in INVALID])
def test_json_format_carries_the_same_problems(scenario: Path,
                                               scenario_root: Callable[..., Path]) -> None:
    code, output = run_validate(scenario_root(scenario), "--format", "json")
    report = json.loads(output)
    lines = (scenario / "expected.txt").read_text(encoding="utf-8").splitlines()[:-1]
    as_lines = [
        f"{p['path']}:{p['line']}:{p['col']}: [{p['code']}] "
        f"{'（警告）' if p['severity'] == 'warning' else ''}{p['message']}"
        for p in report["problems"]
    ]
    assert as_lines == lines
    assert report["valid"] is False and code == 1
