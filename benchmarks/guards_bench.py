"""Time the publishing guards on a site of N pages: the demo site, its record pages copied up to N.

Usage: .venv/bin/python benchmarks/guards_bench.py [PAGES ...]   (default: 11000)
The demo is built once; each size copies record pages (same depth, so their links still resolve)
and indexes them all for search, then runs the guards with 20,000 private values.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from generator.building import build_site  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.site.guards import check_site, guards_for  # noqa: E402
from generator.site.search import make_doc, plain, write_index  # noqa: E402


def grow(site: Path, pages: int) -> None:
    """Copy record pages (section/year/id/index.html) until the site has ``pages`` of them more."""
    records = sorted(p for p in site.rglob("index.html") if len(p.relative_to(site).parts) == 4)
    for n in range(pages):
        source = records[n % len(records)]
        target = source.parent.parent / f"X{n:05d}" / "index.html"
        target.parent.mkdir()
        shutil.copyfile(source, target)
    write_index(site, (make_doc(*page) for page in _pages(site)))  # the copies in the search index too


def _pages(site: Path) -> list[tuple[str, str, str]]:
    """(url, title, article HTML) of every page of a built site, as the plugin hands them to the index."""
    pages = []
    for path in site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        start, end = html.find("<article"), html.find("</article>")
        title = re.search(r"<h1[^>]*>(.*?)</h1>", html[start:end], re.S) if start >= 0 else None
        if title:
            url = path.parent.relative_to(site).as_posix() + "/"
            pages.append(("" if url == "./" else url, plain(title.group(1)), html[start:end]))
    return pages


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [11_000]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "root"
        for name in ("data", "site_config", "content"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        built = build_site(root, root / "site")
        guards = guards_for(Project(root), "https://example.edu.cn/gonghui/")
        for i in range(10_000):
            guards.private.add(f"{20_000_000 + i}", "private/bench.csv 中的工号")
            guards.private.add(f"138{i:08d}", "private/bench.csv 中的电话号码")
        print("| pages added | files | MB read | seconds | CPU seconds | findings |")
        print("|---|---|---|---|---|---|")
        for pages in sizes:
            site = Path(folder) / f"site-{pages}"
            shutil.copytree(built, site)
            grow(site, pages)
            cpu = time.process_time()
            report = check_site(site, guards)
            cpu = time.process_time() - cpu
            print(f"| {pages} | {report.files} | {report.scanned_bytes / 1e6:.0f} | {report.seconds:.2f} "
                  f"| {cpu:.2f} | {len(report.findings)} |")
            shutil.rmtree(site)


if __name__ == "__main__":
    main()
