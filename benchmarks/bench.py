"""`make bench`: how the generator scales with the archive, for archives of 1, 5 and 20 years.

Usage: .venv/bin/python benchmarks/bench.py [--years 1 5 20] [--ingest-rows 10000 100000]
                                            [--large-ingest-years 20] [--work DIR] [--keep]

For each number of years N: write a demo archive (``unionsite demo --years N --seed 0``), then
measure, each in a fresh process (wall time, and peak memory read with os.wait4), each the fastest
of up to --repeat runs (fewer for long runs: see ``measure.repeated``):
validation; the full build with search; the baseline (the same pages as plain Markdown built by
mkdocs-material alone) and the overhead, build / baseline; preview (saving one edited record to
the refreshed page served by ``mkdocs serve``); the bytes one search query downloads; and
ingestion of synthetic sign-up and proposal exports, dry run and real, into a copy of the archive.
Exports of more than 10,000 rows are imported only into the archives of --large-ingest-years.
The generator's bytecode is compiled first, as an installed package has it (see ``compile_generator``).
Nothing is deleted while figures are measured: what a run leaves is set aside (``measure.set_aside``).

Prints a Markdown table and writes benchmarks/results/bench-YYYYMMDD-HHMM.json and latest.json.
A step that fails shows as "—" and its error (the tail of the child's stderr) is in the JSON.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import report
from benchmarks.ingestion import FORMS, measure_ingestion
from benchmarks.measure import (
    PYTHON,
    REPEATS,
    REPO,
    Run,
    child_env,
    mkdocs,
    own_peak_mb,
    python_loop_s,
    repeated,
    run_child,
    set_aside,
    unionsite,
)
from benchmarks.preview import MODES, measure_preview

RESULTS = REPO / "benchmarks" / "results"
QUERIES = ["提案", "教职工体检"]
SEED = 0
SMALL_EXPORT_ROWS = 10_000


def guarded(errors: list[str], step: str, action: Callable[[], Any]) -> Any:
    """``action()``, or None with the error noted if it raised (a benchmark reports, it does not crash)."""
    try:
        return action()
    except Exception as exc:  # any failure of a step becomes a line of the report
        errors.append(f"{step}: {type(exc).__name__}: {exc}")
        return None


def count_pages(site_dir: Path) -> int:
    return sum(1 for _ in site_dir.rglob("index.html"))


def build(config: Path, site_dir: Path, work: Path, repeats: int) -> dict[str, Any]:
    """Build the site of ``config`` into ``site_dir`` as a reader's site is built: with search, quiet.

    Each run builds into a new folder, as CI builds the published site from a clean checkout:
    into the last run's site, mkdocs would first delete its files (see ``set_aside``).
    """
    command = mkdocs("build", "-q", "-f", str(config), "-d", str(site_dir))

    def run() -> Run:
        set_aside(site_dir, work)
        return run_child(command)

    result: dict[str, Any] = repeated(run, repeats).figures()
    result["pages"] = count_pages(site_dir) if result["error"] is None else None
    return result


def bench_archive(years: int, work: Path, ingest_rows: list[int], exports: Path,
                  log: Callable[[str], None], repeats: int = REPEATS) -> dict[str, Any]:
    """Every measurement for an archive of ``years`` years, written under ``work``."""
    errors: list[str] = []
    out: dict[str, Any] = {"years": years, "errors": errors}
    root = work / f"archive-{years}"
    set_aside(root, work)
    log(f"[{years} y] writing the demo archive")
    out["demo"] = run_child(unionsite("demo", "--years", str(years), "--seed", str(SEED),
                                      "--out", str(root), "--root", str(REPO))).figures()
    if out["demo"]["error"]:
        errors.append(out["demo"]["error"])
        return out
    out["records"] = sum(1 for _ in (root / "data").rglob("*.yaml"))
    log(f"[{years} y] validation")
    out["validate"] = repeated(lambda: run_child(unionsite("validate", "--root", str(root))), repeats).figures()
    log(f"[{years} y] full build")
    site = root / "site"
    out["build"] = build(root / "mkdocs.yml", site, work, repeats)
    out["pages"] = out["build"]["pages"]
    if out["build"]["error"] is None:
        log(f"[{years} y] baseline ({out['pages']} pages as plain Markdown)")
        out["baseline"] = guarded(errors, "baseline",
                                  lambda: bench_baseline(site, root, work, years, repeats))
        out["overhead"] = ratio(out["build"], out["baseline"], "wall_s")
        out["overhead_cpu"] = ratio(out["build"], out["baseline"], "cpu_s")
        out["search"] = guarded(errors, "search", lambda: search_figures(site))
    out["ingest"] = {form: {} for form in FORMS}
    for form in FORMS:
        for rows in ingest_rows:
            log(f"[{years} y] ingest {form} {rows:,} rows")
            out["ingest"][form][str(rows)] = guarded(
                errors, f"ingest {form} {rows}", partial(measure_ingestion, root, work, form, rows, exports, repeats))
    # Last: each preview server deletes the site it built when it stops, as mkdocs serve does.
    out["preview"] = {}
    for mode in MODES:
        log(f"[{years} y] preview ({mode})")
        out["preview"][mode] = guarded(errors, f"preview {mode}", partial(measure_preview, root, mode, edits=repeats))
    errors += collect_errors(out)
    return out


def ratio(build: dict[str, Any], baseline: dict[str, Any] | None, key: str) -> float | None:
    if not baseline or not baseline.get(key) or not build.get(key):
        return None
    return float(build[key]) / float(baseline[key])


def json_of(run: Run) -> Any:
    """What a helper child printed (JSON); its error if it failed."""
    if not run.ok:
        raise ChildFailed(run.error() or "")
    return json.loads(run.stdout)


class ChildFailed(Exception):
    """A helper child of the benchmark failed; the message is the tail of its stderr."""


def bench_baseline(site: Path, root: Path, work: Path, years: int, repeats: int) -> dict[str, Any]:
    """Write the plain-Markdown baseline (in a child, to keep this process small) and build it."""
    target = work / f"baseline-{years}"
    set_aside(target, work)
    written = json_of(run_child([PYTHON, "-m", "benchmarks.baseline", str(site), str(root / "mkdocs.yml"),
                                 str(target)]))
    result = build(Path(written["config"]), target / "site", work, repeats)
    result.update(markdown_pages=written["pages"], search=written["search"], plugins=written["plugins"],
                  left_out=written["dropped"])
    return result


def search_figures(site: Path) -> dict[str, Any]:
    """{query: {"bytes", "method"}} for every query (measured in a child: the index can be large)."""
    return dict(json_of(run_child([PYTHON, "-m", "benchmarks.searchbytes", str(site), *QUERIES])))


def collect_errors(run: Any, where: str = "") -> list[str]:
    """The "error" of every step nested in ``run`` (the top-level list excepted), each with its place."""
    found: list[str] = []
    if isinstance(run, dict):
        for key, item in run.items():
            if key == "error" and item:
                found.append(f"{where}: {item}")
            elif key != "errors":
                found += collect_errors(item, f"{where}/{key}" if where else str(key))
    return found


def machine_facts() -> dict[str, Any]:
    def git(*arguments: str) -> str | None:
        done = subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else None

    imported = subprocess.run([PYTHON, "-c", "import generator; print(generator.__file__)"], capture_output=True,
                              text=True, env=child_env(), check=False).stdout.strip()
    return {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "git_commit": git("rev-parse", "HEAD"), "git_dirty": bool(git("status", "--porcelain")),
            "generator_imported_from": imported, "load_at_start": os.getloadavg()}


def compile_generator() -> bool:
    """Write the bytecode of this checkout's generator, as pip does on installing a package and
    Python on a checkout's first run; say whether every module compiled.

    Where PYTHONDONTWRITEBYTECODE is set (as on this machine), every measured command would
    otherwise compile the generator's 80 modules from source first: 0.15 s that no officer's
    second command pays.
    """
    return bool(compileall.compile_dir(REPO / "generator", quiet=1))


def run_benchmark(years: list[int], ingest_rows: list[int], large_ingest_years: list[int], *,
                  work: Path, results_dir: Path = RESULTS, log: Callable[[str], None] = print,
                  repeats: int = REPEATS) -> dict[str, Any]:
    """Run every measurement for every archive; write the JSON files; return the results."""
    started = time.time()
    log("compiling the generator")
    compiled = compile_generator()
    log("machine speed (a fixed Python loop)")
    loop_at_start = python_loop_s()
    results: dict[str, Any] = {
        "started": datetime.now().astimezone().isoformat(timespec="seconds"), "machine": machine_facts(),
        "settings": {"years": years, "ingest_rows": ingest_rows, "large_ingest_years": large_ingest_years,
                     "seed": SEED, "queries": QUERIES, "preview_modes": list(MODES), "repeats": repeats,
                     "units": "MB = 10^6 bytes (peak resident memory of the one child), KB = 10^3 bytes; "
                              "cpu_s = user + system seconds of the child; a child's peak is never measured "
                              "below machine.peak_floor_mb, the benchmark process's own peak; each time is "
                              "the fastest of its runs (runs_wall_s), each peak the largest"},
        "runs": {}}
    exports = work / "exports"
    for n in years:
        rows = [r for r in ingest_rows if r <= SMALL_EXPORT_ROWS or n in large_ingest_years]
        results["runs"][str(n)] = bench_archive(n, work, rows, exports, log, repeats)
    runs = results["runs"]
    table_figures = report.figures(QUERIES, ingest_rows, list(MODES))
    results["figures"] = report.summarize(runs, table_figures)
    results["search_method"] = next((s["method"] for r in runs.values() for s in (r.get("search") or {}).values()
                                     if s), None)
    results["baseline_search"] = next((r["baseline"]["search"] for r in runs.values() if r.get("baseline")), None)
    results["machine"]["bytecode_compiled"] = compiled
    results["machine"]["load_at_end"] = os.getloadavg()
    results["machine"]["python_loop_s"] = {"start": loop_at_start, "end": python_loop_s()}
    results["machine"]["peak_floor_mb"] = own_peak_mb()
    results["finished"] = datetime.now().astimezone().isoformat(timespec="seconds")
    results["duration_s"] = time.time() - started
    results["table"] = report.markdown_table(results["figures"], years)
    write_results(results, results_dir)
    return results


def write_results(results: dict[str, Any], results_dir: Path) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, ensure_ascii=False, indent=1) + "\n"
    dated = results_dir / f"bench-{datetime.now():%Y%m%d-%H%M}.json"
    dated.write_text(text, encoding="utf-8")
    (results_dir / "latest.json").write_text(text, encoding="utf-8")
    return dated


def numbers(text: str) -> list[int]:
    return [int(word) for word in text.replace(",", " ").split()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=numbers, default=[1, 5, 20], help='archive sizes, e.g. "1 5 20"')
    parser.add_argument("--ingest-rows", type=numbers, default=[10_000, 100_000], help='e.g. "10000 100000"')
    parser.add_argument("--large-ingest-years", type=numbers, default=[20],
                        help=f"archives that also get exports of more than {SMALL_EXPORT_ROWS:,} rows")
    parser.add_argument("--work", type=Path, help="folder for the archives and sites (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the JSON files go")
    parser.add_argument("--repeat", type=int, default=REPEATS,
                        help=f"runs per figure, the fastest counts (default {REPEATS}; fewer for long runs)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="unionsite-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    def log(line: str) -> None:
        print(f"{datetime.now():%H:%M:%S} {line}", file=sys.stderr, flush=True)

    try:
        results = run_benchmark(sorted(args.years), args.ingest_rows, args.large_ingest_years, work=work,
                                results_dir=args.results, log=log, repeats=max(1, args.repeat))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(results["table"])
    for years, run in results["runs"].items():
        for error in run["errors"]:
            print(f"\n[{years} y] {error}", file=sys.stderr)
    loop = results["machine"]["python_loop_s"]
    print(f"\n{results['duration_s'] / 60:.1f} min; load {results['machine']['load_at_start']} → "
          f"{results['machine']['load_at_end']}; a fixed Python loop took {loop['start']} s → {loop['end']} s "
          f"(about 1.8 s when the machine is quiet); JSON in {args.results}", file=sys.stderr)


if __name__ == "__main__":
    main()
