"""The benchmark behind `make bench`: its parts, and one whole run on a 1-year archive with tiny exports."""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from collections import Counter
from pathlib import Path, PurePosixPath

import pytest

from benchmarks import bench, measure, report
from benchmarks.baseline import not_in_nav_patterns, page_markdown, source_path
from benchmarks.measure import REPO, SET_ASIDE, Run, repeated, run_child, set_aside

MATERIAL_PAGE = """<html><head><title>运动会 &amp; 报名 - 工会</title></head><body>
<article class="md-content__inner md-typeset"><h1>运动会 &amp; 报名</h1><div class="us-meta"><span>活动</span></div>
<dl><dt>地点</dt><dd>犀浦校区 *东* 操场</dd></dl><h2 id="s">结果</h2>
<table><tr><th>项目</th><th>名次</th></tr><tr><td>拔河</td><td>1</td></tr></table>
<script>var x = 1;</script><p>1. 不是列表 [链接](x)</p></article></body></html>"""


def test_a_page_becomes_plain_markdown_with_the_same_text() -> None:
    assert page_markdown(MATERIAL_PAGE) == (
        "# 运动会 &amp; 报名\n\n活动\n\n地点\n\n犀浦校区 \\*东\\* 操场\n\n## 结果\n\n项目 名次\n\n拔河 1\n\n"
        "1\\. 不是列表 \\[链接\\](x)\n")
    assert page_markdown("<html><body>no article</body></html>") is None


def test_pages_keep_their_addresses_and_record_pages_stay_out_of_the_navigation() -> None:
    pages = [PurePosixPath(p) for p in ("index.html", "events/index.html", "events/2026/index.html",
                                        "events/2026/E2026-001/index.html", "events/feeds/index.html")]
    folders = {a for p in pages for a in p.parent.parents}
    in_nav = {"index.md", "events/index.md"}
    sources = [source_path(p, folders, in_nav) for p in pages]
    assert sources == ["index.md", "events/index.md", "events/2026/index.md", "events/2026/E2026-001.md",
                       "events/feeds.md"]
    assert not_in_nav_patterns(sources, in_nav) == ["/events/2026/", "/events/feeds.md"]


def test_a_failing_child_is_reported_by_its_stderr_tail() -> None:
    run = run_child([sys.executable, "-c", "import sys; print('first'); sys.exit('the last words')"])
    assert not run.ok and run.figures()["wall_s"] is None
    assert "exit code 1" in (run.error() or "") and "the last words" in (run.error() or "")


def _runs(*walls_and_peaks: tuple[float, float, int]) -> list[Run]:
    return [Run(["x"], wall, wall, peak, code, "", "failed" if code else "") for wall, peak, code in walls_and_peaks]


def test_a_figure_is_its_fastest_run_with_the_largest_peak() -> None:
    planned = iter(_runs((5.0, 100.0, 0), (4.0, 120.0, 0), (4.5, 90.0, 0), (1.0, 1.0, 0)))
    figures = repeated(lambda: next(planned), repeats=3, budget_s=60.0).figures()
    assert figures == {"wall_s": 4.0, "cpu_s": 4.0, "peak_mb": 120.0, "error": None,
                       "runs_wall_s": [5.0, 4.0, 4.5]}


def test_no_run_starts_once_the_budget_is_spent_or_a_run_failed() -> None:
    long_runs = iter(_runs((50.0, 1.0, 0), (45.0, 1.0, 0), (40.0, 1.0, 0)))
    assert repeated(lambda: next(long_runs), repeats=3, budget_s=90.0).figures()["runs_wall_s"] == [50.0, 45.0]
    failing = iter(_runs((3.0, 1.0, 0), (2.0, 1.0, 1), (1.0, 1.0, 0)))
    figures = repeated(lambda: next(failing), repeats=3, budget_s=90.0).figures()
    assert figures["wall_s"] is None and figures["runs_wall_s"] == [3.0, 2.0]
    assert "exit code 1" in figures["error"] and "failed" in figures["error"]


def test_growth_is_compared_with_the_growth_of_the_archive() -> None:
    runs = {"1": {"pages": 100, "build": {"wall_s": 10.0}}, "20": {"pages": 2000, "build": {"wall_s": 250.0}}}
    build = next(f for f in report.figures([], [], []) if f.key == "build_s")
    assert report.growth(runs, build) == {"from_years": 1, "to_years": 20, "ratio": 25.0, "pages_ratio": 20.0,
                                          "ok": False}
    summary = report.summarize(runs, [build])
    assert summary[0]["met"] is False
    assert "**missed**" in report.markdown_table(summary, [1, 20])


def test_a_preview_that_timed_out_shows_how_long_it_waited_and_misses() -> None:
    runs = {"20": {"pages": 11000, "preview": {"full": {"refresh_s": None, "gave_up_after_s": 300.0}}}}
    refresh = next(f for f in report.figures([], [], ["full"]) if f.key == "preview_full_s")
    summary = report.summarize(runs, [refresh])
    assert summary[0]["met"] is False
    assert "| > 300.00 s (timeout) | < 3 s | **missed** |" in report.markdown_table(summary, [20])


def test_one_year_archive_every_figure_is_measured(tmp_path: Path) -> None:
    results = bench.run_benchmark([1], [200], [], work=tmp_path / "work", results_dir=tmp_path / "results",
                                  log=lambda line: None, repeats=2)
    saved = json.loads((tmp_path / "results" / "latest.json").read_text(encoding="utf-8"))
    assert len(list((tmp_path / "results").glob("bench-*.json"))) == 1
    assert saved["runs"]["1"]["errors"] == []
    # The baseline uses Material's search only when the real site does; the site writes its own index.
    assert saved["search_method"] == "generator.site.search.query_bytes" and saved["baseline_search"] is False
    expected = report.figures(bench.QUERIES, [200], list(bench.MODES))
    assert [row["key"] for row in saved["figures"]] == [f.key for f in expected]
    for row in saved["figures"]:
        assert isinstance(row["values"]["1"], int | float) and row["values"]["1"] > 0, row["key"]
    assert saved["runs"]["1"]["baseline"]["pages"] == saved["runs"]["1"]["pages"]
    assert saved["runs"]["1"]["ingest"]["proposal"]["200"]["real"]["written"] > 0
    # Every figure is the fastest of two runs (the real imports each into a fresh copy).
    run = saved["runs"]["1"]
    for figures in (run["validate"], run["build"], run["baseline"], *(
            run["ingest"][form]["200"][kind] for form in ("signup", "proposal") for kind in ("dry", "real"))):
        assert len(figures["runs_wall_s"]) == 2 and figures["wall_s"] == min(figures["runs_wall_s"])
    for preview in run["preview"].values():
        assert len(preview["refresh_runs_s"]) == 2 and preview["refresh_s"] == min(preview["refresh_runs_s"])
    assert all(isinstance(saved["machine"]["python_loop_s"][at], float) for at in ("start", "end"))
    # Every command ran with the generator's bytecode written, as an installed package has it.
    assert saved["machine"]["bytecode_compiled"] is True
    assert Path(importlib.util.cache_from_source(str(REPO / "generator" / "cli.py"))).is_file()
    # Each build and each real import ran into a new folder; what the runs before left was set aside.
    set_aside = Counter(path.name.split("-", 1)[1] for path in (tmp_path / "work" / SET_ASIDE).iterdir())
    assert set_aside == {"site": 2, "ingest-signup-200": 3, "ingest-proposal-200": 3}
    rows = results["table"].splitlines()[2:]
    assert [line.split(" | ")[0].removeprefix("| ") for line in rows] == [f.label for f in expected]
    assert all(line.split(" | ")[1] != report.DASH for line in rows)


def test_a_folder_is_set_aside_whole_and_never_over_another(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    work, site = tmp_path / "work", tmp_path / "site"
    monkeypatch.setattr(measure, "_set_aside_serials", itertools.count())
    for text in ("first", "second", "third"):
        if text == "third":  # a second run kept in the same work folder counts from 0 again
            monkeypatch.setattr(measure, "_set_aside_serials", itertools.count())
        site.mkdir()
        (site / "index.html").write_text(text, encoding="utf-8")
        set_aside(site, work)
        assert not site.exists()
    set_aside(tmp_path / "missing", work)  # nothing there: nothing to do
    kept = sorted((work / SET_ASIDE).iterdir(), key=lambda path: int(path.name.split("-")[0]))
    assert [path.name for path in kept] == ["0-site", "1-site", "2-site"]
    assert [(path / "index.html").read_text(encoding="utf-8") for path in kept] == ["first", "second", "third"]
