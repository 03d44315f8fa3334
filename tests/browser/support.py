"""Helpers for browser tests: find Chromium, serve a folder on 127.0.0.1, open guarded pages, run axe.

Everything here works offline: the browser is the system's Chromium, axe-core's JavaScript comes from the
``axe-playwright-python`` wheel, and every page refuses requests to any host but 127.0.0.1.
"""

from __future__ import annotations

import datetime
import http.server
import os
import shutil
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import cache, partial
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, Route

DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Hosts a page may reach. Everything else is aborted and recorded, and the test fails at teardown.
LOCAL_HOSTS = frozenset({"127.0.0.1"})

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--dns-prefetch-disable",
    # Belt and braces behind the request guard: the browser cannot even resolve a name other than 127.0.0.1.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)

SERIOUS_IMPACTS = ("serious", "critical")

FixedTime = datetime.datetime | str | float


def find_chromium() -> str | None:
    """Return the Chromium executable to use ($CHROMIUM, else /usr/bin/chromium), or None if it is missing."""
    return shutil.which(os.environ.get("CHROMIUM") or DEFAULT_CHROMIUM)


def is_local(url: str) -> bool:
    """Whether a request to ``url`` stays on this machine's 127.0.0.1 (non-network schemes count as local)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True
    return parts.hostname in LOCAL_HOSTS


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files from ``directory`` without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The browser drops connections it no longer needs (page closed, request aborted): not an error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve_directory(path: Path | str) -> Iterator[str]:
    """Serve ``path`` over HTTP on 127.0.0.1 at an ephemeral port; yield the base URL (ending in ``/``)."""
    root = Path(path)
    if not root.is_dir():
        raise NotADirectoryError(root)
    handler = partial(_QuietHandler, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class PageFactory:
    """Opens pages, each in a fresh browser context whose requests are confined to 127.0.0.1.

    Calling it returns a :class:`Page`. Requests to other hosts are aborted and their URLs appended to
    ``external_requests``; the ``new_page`` fixture fails the test at teardown if that list is not empty
    (a test that means to provoke such a request checks the list and then clears it). Uncaught page
    exceptions and console errors are collected in ``page_errors`` and ``console_errors`` for tests to assert on.
    """

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.external_requests: list[str] = []
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        self._contexts: list[BrowserContext] = []

    def __call__(
        self,
        url: str | None = None,
        *,
        width: int = 1280,
        height: int = 800,
        fixed_time: FixedTime | None = None,
        locale: str = "zh-CN",
        timezone_id: str = "Asia/Shanghai",
        reduced_motion: bool = True,
    ) -> Page:
        """Open a page ``width`` x ``height`` CSS pixels wide, optionally with ``Date`` frozen, and go to ``url``.

        ``fixed_time`` (a datetime, an ISO string, or Unix seconds) makes ``Date.now()`` and ``new Date()`` return
        that instant for the whole life of the page while timers keep running (Playwright's
        ``clock.set_fixed_time``), so pages that print "today" render the same on every run.
        """
        context = self.browser.new_context(
            viewport={"width": width, "height": height},
            locale=locale,
            timezone_id=timezone_id,
            reduced_motion="reduce" if reduced_motion else "no-preference",
            service_workers="block",  # a service worker's fetches would bypass the route guard
        )
        self._contexts.append(context)
        context.route("**/*", self._guard)
        if fixed_time is not None:
            context.clock.set_fixed_time(fixed_time)
        page = context.new_page()
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("console", self._on_console)
        if url is not None:
            page.goto(url)
        return page

    def _guard(self, route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.fallback()
        else:
            self.external_requests.append(url)
            route.abort("blockedbyclient")

    def _on_console(self, message: ConsoleMessage) -> None:
        # Requests aborted by the guard are already in external_requests; don't report them twice.
        if message.type == "error" and "ERR_BLOCKED_BY_CLIENT" not in message.text:
            self.console_errors.append(f"{message.location.get('url', '')}: {message.text}")

    def close(self) -> None:
        for context in self._contexts:
            with suppress(Error):  # already closed by the test
                context.close()
        self._contexts.clear()


@cache
def axe_source() -> str:
    """axe-core's ``axe.min.js``, as shipped inside the ``axe-playwright-python`` wheel."""
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_version() -> str:
    """The version of the bundled axe-core, from its banner comment (e.g. ``4.12.1``)."""
    banner = axe_source()[:200]
    return banner.split("axe v", 1)[1].split()[0]


def axe_violations(
    page: Page,
    impacts: Sequence[str] | None = SERIOUS_IMPACTS,
    options: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Run axe-core on ``page`` and return its violations whose impact is in ``impacts`` (all if None).

    ``options`` goes to ``axe.run(document, options)`` unchanged, e.g. ``{"runOnly": ["wcag2a", "wcag2aa"]}``
    or ``{"rules": {"color-contrast": {"enabled": False}}}``.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    violations: list[dict[str, Any]] = page.evaluate(
        "options => window.axe.run(document, options).then(result => result.violations)",
        options or {},
    )
    if impacts is None:
        return violations
    return [violation for violation in violations if violation.get("impact") in impacts]


def format_violations(violations: Sequence[dict[str, Any]], max_nodes: int = 5) -> str:
    """A readable summary of axe violations, for assertion messages."""
    lines: list[str] = []
    for violation in violations:
        lines.append(f"[{violation.get('impact')}] {violation.get('id')}: {violation.get('help')}")
        nodes = violation.get("nodes", [])
        for node in nodes[:max_nodes]:
            lines.append(f"    {node.get('target')}: {node.get('failureSummary', '').splitlines()[-1:]}")
        if len(nodes) > max_nodes:
            lines.append(f"    ... and {len(nodes) - max_nodes} more")
    return "\n".join(lines)


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 or less: no horizontal scrolling)."""
    overflow: int = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return overflow


__all__ = [
    "CHROMIUM_ARGS",
    "DEFAULT_CHROMIUM",
    "LOCAL_HOSTS",
    "SERIOUS_IMPACTS",
    "PageFactory",
    "axe_source",
    "axe_version",
    "axe_violations",
    "find_chromium",
    "format_violations",
    "horizontal_overflow",
    "is_local",
    "serve_directory",
]
