"""Ingestion: importing a synthetic 问卷星 export into a copy of an archive, dry run and real.

Each (form, rows) gets a copy of the archive's data/, site_config/, content/ and mkdocs.yml; the
dry runs run in it, then each real import in a fresh copy, each in a fresh process. Exports are
written once by ``make_export.py`` and reused for every archive.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .measure import PYTHON, REPEATS, REPO, Run, Runs, repeated, run_child, set_aside, unionsite

FORMS = ("signup", "proposal")
SESSION = "基准测试会议"
SITE_PARTS = ("data", "site_config", "content", "mkdocs.yml")
WRITTEN = re.compile(r"已写入 (\d+) 个文件")


def signup_event(root: Path) -> str:
    """An event of the archive's last year that takes registrations and is published."""
    years = sorted((p for p in (root / "data" / "events").iterdir() if p.is_dir() and p.name.isdigit()),
                   key=lambda p: int(p.name), reverse=True)
    for year in years:
        for record in sorted(year.glob("*.yaml")):
            text = record.read_text(encoding="utf-8")
            if re.search(r"^registration:", text, re.M) and not re.search(r"^state:[ \t]*draft", text, re.M):
                return record.stem
    raise FileNotFoundError(f"no published event with registration: under {root / 'data' / 'events'}")


def form_options(root: Path, form: str) -> list[str]:
    if form == "signup":
        return ["--event", signup_event(root)]
    return ["--session", SESSION]


def export_file(exports: Path, form: str, rows: int) -> Path | Run:
    """The export of ``rows`` rows of ``form`` (made once); the failed run if it could not be made."""
    path = exports / f"{form}-{rows}.csv"
    if path.is_file():
        return path
    exports.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    made = run_child([PYTHON, str(REPO / "benchmarks" / "make_export.py"), form, str(rows), str(partial)])
    if not made.ok:
        return made
    partial.rename(path)
    return path


def copy_site(root: Path, target: Path) -> None:
    for part in SITE_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / part)


def figure(runs: Runs) -> dict[str, object]:
    """The runs' figures and how many files the best one wrote (from its last line)."""
    found = WRITTEN.search(runs.best.stdout)
    return {**runs.figures(), "written": int(found.group(1)) if found else None}


def measure_ingestion(root: Path, work: Path, form: str, rows: int, exports: Path,
                      repeats: int = REPEATS) -> dict[str, dict[str, object]]:
    """{"dry": …, "real": …}: wall time, peak memory and files written of importing ``rows`` rows of ``form``."""
    export = export_file(exports, form, rows)
    if isinstance(export, Run):
        failed: dict[str, object] = {**export.figures(), "written": None}
        return {"dry": failed, "real": failed}
    copy = work / f"ingest-{form}-{rows}"
    set_aside(copy, work)
    copy_site(root, copy)
    try:
        options = form_options(copy, form)
        base = unionsite("ingest", "--root", str(copy), "--form", form, *options, str(export))
        dry = figure(repeated(lambda: run_child([*base, "--dry-run"]), repeats))

        def real_run() -> Run:  # each import into the archive as it was, copied anew (see set_aside)
            set_aside(copy, work)
            copy_site(root, copy)
            return run_child(base)

        real = figure(repeated(real_run, repeats))
        if real["error"] is None and not real["written"]:
            real["error"] = "the import wrote no file"
        return {"dry": dry, "real": real}
    finally:
        set_aside(copy, work)
