"""The CI files and the pre-commit hook: their steps' commands, run here, do what they promise."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

# What a CI run needs of the repository (the package itself is the installed one).
TRACKED = ("data", "site_config", "content", "mkdocs.yml", "Makefile", "pyproject.toml", ".pre-commit-config.yaml")
PLANTED = "titel: 拼错的字段\n"


def github_steps() -> list[str]:
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    return [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]


def gitlab_scripts() -> dict[str, list[str]]:
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    return {name: job["script"] for name, job in pipeline.items() if isinstance(job, dict) and "script" in job}


def checkout(target: Path) -> Path:
    """A copy of the repository as CI checks it out, sharing this project's environment."""
    for name in TRACKED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    # make must see the shared environment as up to date: reinstalling it from this copy (which has
    # no package) would break it for everyone.
    installed = (REPO / ".venv/.installed").stat().st_mtime
    os.utime(target / "pyproject.toml", (installed - 1, installed - 1))
    return target


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "VENV": str(REPO / ".venv")}
    return subprocess.run(command, shell=True, cwd=cwd, env=environment, capture_output=True, text=True,
                          check=False)


def plant_mistake(root: Path) -> int:
    """Add an unknown key to an event; return its line."""
    path = root / "data/events/2017/E2017-002.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + PLANTED, encoding="utf-8")
    return text.count("\n") + 1


def test_the_workflows_run_the_makefile_targets() -> None:
    assert github_steps() == ["make validate FORMAT=github", "make site"]
    assert gitlab_scripts() == {
        "preview": ["make validate FORMAT=codeclimate REPORT=gl-code-quality-report.json", "make site"],
        "pages": ["make validate FORMAT=codeclimate REPORT=gl-code-quality-report.json", "make site",
                  "rm -rf public && mv site public"],
    }


def test_gitlab_accepts_the_artifact_name() -> None:
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    # GitLab's rule for expose_as: ASCII word characters, hyphens and spaces only.
    assert re.fullmatch(r"[A-Za-z0-9_][-A-Za-z0-9_ ]*", pipeline["preview"]["artifacts"]["expose_as"])


def test_github_never_cuts_off_a_deployment() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    assert workflow["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_github_steps_build_the_site(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    for command in github_steps():
        done = run(command, root)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert (root / "site/index.html").is_file() and (root / "site/proposals/2017/P2017-001/index.html").is_file()


def test_github_annotates_the_offending_line(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    line = plant_mistake(root)
    done = run(github_steps()[0], root)
    assert done.returncode != 0
    assert (f"::error file=data/events/2017/E2017-002.yaml,line={line},col=1,title=[unknown-key] 未知字段::"
            "未知字段“titel”，它不会被使用。是不是想写“title”（活动名称）？") in done.stdout.splitlines()


def test_gitlab_jobs_report_and_publish(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    scripts = gitlab_scripts()
    for command in scripts["preview"] + scripts["pages"]:
        done = run(command, root)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert json.loads((root / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
    assert (root / "public/index.html").is_file() and not (root / "site").exists()


def test_gitlab_code_quality_report_points_at_the_line(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    line = plant_mistake(root)
    done = run(gitlab_scripts()["preview"][0], root)
    assert done.returncode != 0
    issues = json.loads((root / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [(i["check_name"], i["location"]) for i in issues] == [
        ("unknown-key", {"path": "data/events/2017/E2017-002.yaml", "lines": {"begin": line}})]
    assert "data/events/2017/E2017-002.yaml" in done.stdout  # the log shows the text report too


@pytest.fixture
def git_checkout(tmp_path: Path) -> Path:
    root = checkout(tmp_path / "repo")
    for command in ("git init -q", "git add -A", "git -c user.name=t -c user.email=t@example.invalid commit -qm x"):
        assert run(command, root).returncode == 0
    return root


def test_pre_commit_stops_a_mistake(git_checkout: Path, tmp_path: Path) -> None:
    pre_commit = f"{REPO / '.venv/bin/pre-commit'} run --all-files"
    home = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    os.environ.update(home)
    try:
        assert run(pre_commit, git_checkout).returncode == 0
        line = plant_mistake(git_checkout)
        failed = run(pre_commit, git_checkout)
    finally:
        for key in home:
            os.environ.pop(key)
    assert failed.returncode == 1
    assert f"data/events/2017/E2017-002.yaml:{line}:1: [unknown-key]" in failed.stdout


def test_a_report_that_cannot_be_written_is_explained(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    target = tmp_path / "missing-folder" / "report.json"
    done = CliRunner().invoke(cli, ["validate", "--root", str(REPO), "--format", "codeclimate", "--output",
                                    str(target)])
    assert (done.exit_code, done.output) == (2, f"无法写入报告 {target}：No such file or directory\n")
