"""The browser fixtures themselves work: scripts run, overflow and axe are measured, the request guard holds."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from tests.browser.support import (
    PageFactory,
    axe_version,
    axe_violations,
    format_violations,
    horizontal_overflow,
    is_local,
)

Serve = Callable[[Path | str], str]

WELL_FORMED = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>before</title>
  <style>body { font-family: sans-serif; margin: 1rem; color: #111; background: #fff; }</style>
</head>
<body>
  <header><nav aria-label="主导航"><a href="index.html">首页</a></nav></header>
  <main>
    <h1>工会财务公开</h1>
    <p>本页面用于测试：脚本会改写标题。</p>
    <p id="today"></p>
  </main>
  <script>
    document.title = "after";
    document.getElementById("today").textContent = new Date().toISOString();
  </script>
</body>
</html>
"""

# A page that asks for a script on another host, and a too-wide block to make overflow measurable.
LEAKY = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>leaky</title><script src="http://example.com/x.js"></script></head>
<body><main><h1>leaky</h1><div style="width: 2000px">wide</div></main></body>
</html>
"""


def write_site(root: Path, pages: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        (root / name).write_text(html, encoding="utf-8")
    return root


def test_script_runs_no_overflow_and_no_serious_axe_violations(
    tmp_path: Path, serve_dir: Serve, new_page: PageFactory
) -> None:
    base = serve_dir(write_site(tmp_path / "site", {"index.html": WELL_FORMED}))
    assert is_local(base)

    page = new_page(base + "index.html", width=375, height=667)

    assert page.title() == "after"
    assert page.evaluate("() => window.innerWidth") == 375
    assert horizontal_overflow(page) <= 0
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert new_page.page_errors == []
    assert new_page.console_errors == []
    assert new_page.external_requests == []


def test_axe_reports_problems_on_a_broken_page(tmp_path: Path, serve_dir: Serve, new_page: PageFactory) -> None:
    broken = '<!doctype html><html><head><meta charset="utf-8"></head><body><img src="x.png"></body></html>'
    base = serve_dir(write_site(tmp_path / "site", {"broken.html": broken}))

    page = new_page(base + "broken.html")

    every = axe_violations(page, impacts=None)
    ids = {violation["id"] for violation in every}
    assert {"html-has-lang", "document-title", "image-alt"} <= ids, format_violations(every)
    serious = axe_violations(page)  # a second run reuses the injected script
    assert serious and all(violation["impact"] in ("serious", "critical") for violation in serious)
    assert axe_version().count(".") == 2


def test_external_request_is_blocked_and_recorded(tmp_path: Path, serve_dir: Serve, new_page: PageFactory) -> None:
    base = serve_dir(write_site(tmp_path / "site", {"leaky.html": LEAKY}))

    page = new_page(base + "leaky.html", width=375)

    assert page.title() == "leaky"
    assert new_page.external_requests == ["http://example.com/x.js"]
    assert horizontal_overflow(page) > 1000
    # This test provoked the request on purpose; clear it so the fixture's teardown check passes.
    new_page.external_requests.clear()


def test_fixed_clock(tmp_path: Path, serve_dir: Serve, new_page: PageFactory) -> None:
    base = serve_dir(write_site(tmp_path / "site", {"index.html": WELL_FORMED}))
    instant = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC)

    page = new_page(base + "index.html", fixed_time=instant)

    assert page.locator("#today").text_content() == "2024-03-01T09:30:00.000Z"
    assert page.evaluate("() => Date.now()") == instant.timestamp() * 1000


def test_serve_dir_serves_files_and_subfolders(tmp_path: Path, serve_dir: Serve, new_page: PageFactory) -> None:
    root = write_site(tmp_path / "site", {"index.html": WELL_FORMED})
    write_site(root / "sub", {"index.html": LEAKY.replace('<script src="http://example.com/x.js"></script>', "")})
    base = serve_dir(root)

    page = new_page()
    response = page.goto(base + "sub/")
    assert response is not None and response.ok
    assert page.title() == "leaky"
    missing = page.goto(base + "nope.html")
    assert missing is not None and missing.status == 404
