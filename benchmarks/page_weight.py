"""Measure what a reader downloads for a page of a built site: bytes as sent and gzip-compressed.

Usage: .venv/bin/python benchmarks/page_weight.py [SITE_DIR] [PATH ...]
Loads each page in Debian's Chromium from a local server and sums every response it fetched.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.support import CHROMIUM_ARGS, find_chromium, serve_directory

DEFAULT_PAGES = ["", "events/2017/E2017-016/", "awards/2017/A2017-01/", "notices/2017/N2017-007/"]


def page_weight(base_url: str, path: str, browser: object) -> dict[str, tuple[int, int, int]]:
    """Return {"page": ..., "search": ...}: (requests, bytes, gzip bytes) for loading one page.

    "search" is what the search box fetches in the background (its worker and index).
    """
    page = browser.new_page()  # type: ignore[attr-defined]
    bodies: list[tuple[str, bytes]] = []
    page.on("requestfinished", lambda request: bodies.append((request.url, request.response().body())))
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.close()
    parts: dict[str, list[bytes]] = {"page": [], "search": []}
    for url, body in bodies:
        parts["search" if "/search/" in url or "/workers/" in url else "page"].append(body)
    return {name: (len(b), sum(map(len, b)), sum(len(gzip.compress(x, 6)) for x in b)) for name, b in parts.items()}


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    pages = sys.argv[2:] or DEFAULT_PAGES
    with serve_directory(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=list(CHROMIUM_ARGS))
        print("| page | requests | bytes | gzip bytes | search (requests, bytes, gzip) |\n|---|---|---|---|---|")
        for path in pages:
            weight = page_weight(base, path, browser)
            count, raw, packed = weight["page"]
            search = weight["search"]
            print(f"| /{path} | {count} | {raw:,} | {packed:,} | {search[0]}, {search[1]:,}, {search[2]:,} |")
        browser.close()


if __name__ == "__main__":
    main()
