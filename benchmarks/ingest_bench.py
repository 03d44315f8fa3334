"""Time and peak memory of ingesting synthetic exports, dry run and real, into a copy of the demo site.

Usage: .venv/bin/python benchmarks/ingest_bench.py [ROWS ...]   (default: 10000)
Each measurement runs `unionsite ingest` in a fresh process; peak memory is the child's max RSS
(MB = 10^6 bytes). `make bench` measures the same in archives of 1, 5 and 20 years.
Leave a few minutes between two runs: each deletes its copy when it ends, and on a file system
without a journal that slows the files the next run creates (see ``measure.set_aside``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.measure import PYTHON, REPO, run_child

OPTIONS = {"signup": ["--event", "E2017-002"], "proposal": ["--session", "基准测试会议"]}


def measure(command: list[str]) -> tuple[float, float]:
    """Run ``command``; return (wall seconds, peak MB of that one child)."""
    run = run_child(command, ok_codes=(0, 1))
    if not run.ok:
        raise SystemExit(f"failed: {run.error()}")
    return run.wall_s, run.peak_mb


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000]
    print("| form | rows | dry run (s) | dry run peak (MB) | ingest (s) | ingest peak (MB) |")
    print("|---|---|---|---|---|---|")
    for form in ("signup", "proposal"):
        for rows in sizes:
            with tempfile.TemporaryDirectory() as temporary:
                root = Path(temporary) / "site"
                for name in ("data", "site_config", "content"):
                    shutil.copytree(REPO / name, root / name)
                export = Path(temporary) / f"{form}.csv"
                subprocess.run([PYTHON, str(REPO / "benchmarks/make_export.py"), form, str(rows), str(export)],
                               check=True)
                base = [PYTHON, "-m", "generator", "ingest", "--root", str(root), "--form", form, *OPTIONS[form],
                        str(export)]
                dry = measure([*base, "--dry-run"])
                real = measure(base)
                print(f"| {form} | {rows:,} | {dry[0]:.2f} | {dry[1]:.0f} | {real[0]:.2f} | {real[1]:.0f} |")


if __name__ == "__main__":
    main()
