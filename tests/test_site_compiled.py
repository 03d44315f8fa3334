"""Compiled templates reused across the environments of one preview, recompiled when edited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.site.compiled import CompiledTemplates


def _environment(folder: Path, compiled: CompiledTemplates) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=compiled)


def test_second_environment_reuses_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "page.html").write_text("第 {{ n }} 页", encoding="utf-8")
    compiled = CompiledTemplates()
    assert _environment(tmp_path, compiled).get_template("page.html").render(n=1) == "第 1 页"
    assert len(compiled.codes) == 1

    again = _environment(tmp_path, compiled)

    def no_compiling(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(again, "compile", no_compiling)
    assert again.get_template("page.html").render(n=2) == "第 2 页"


def test_edited_template_is_compiled_afresh(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("旧 {{ n }}", encoding="utf-8")
    compiled = CompiledTemplates()
    _environment(tmp_path, compiled).get_template("page.html").render(n=1)
    page.write_text("新 {{ n }}", encoding="utf-8")
    assert _environment(tmp_path, compiled).get_template("page.html").render(n=1) == "新 1"
    assert len(compiled.codes) == 1
