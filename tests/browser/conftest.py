"""Fixtures for browser tests: Chromium through Playwright, a local HTTP server, guarded pages.

- ``chromium_path``: the browser executable; skips the test when it is missing, or fails it when CI=true.
- ``browser``: one headless Chromium for the whole session.
- ``serve_dir``: ``serve_dir(path) -> base_url``, a folder served on 127.0.0.1 until the test ends.
- ``new_page``: ``new_page(url=None, *, width=1280, height=800, fixed_time=None, ...) -> Page``; any request
  to a host other than 127.0.0.1 is aborted, recorded, and fails the test at teardown.

Plain helpers (``axe_violations``, ``horizontal_overflow``, ``format_violations``, ``serve_directory``) are in
``tests.browser.support``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.support import CHROMIUM_ARGS, DEFAULT_CHROMIUM, PageFactory, find_chromium, serve_directory


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The Chromium executable: $CHROMIUM if set, else /usr/bin/chromium."""
    found = find_chromium()
    if found is None:
        wanted = os.environ.get("CHROMIUM") or DEFAULT_CHROMIUM
        message = (
            f"Chromium not found at {wanted!r}: install Debian's package (apt-get install -y chromium) "
            "or set $CHROMIUM to a Chromium executable"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium for the session, launched from the system executable (never a downloaded build)."""
    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=list(CHROMIUM_ARGS))
        try:
            yield launched
        finally:
            launched.close()
    finally:
        playwright.stop()


@pytest.fixture
def serve_dir() -> Iterator[Callable[[Path | str], str]]:
    """Return ``serve(path) -> base_url``: serves ``path`` on 127.0.0.1 until the test ends."""
    with ExitStack() as stack:

        def serve(path: Path | str) -> str:
            return stack.enter_context(serve_directory(path))

        yield serve


@pytest.fixture
def new_page(browser: Browser) -> Iterator[PageFactory]:
    """Return a :class:`PageFactory`; fails the test if any page it opened asked for a non-local URL."""
    factory = PageFactory(browser)
    try:
        yield factory
    finally:
        factory.close()
    external = factory.external_requests
    assert not external, "page requested hosts other than 127.0.0.1 (aborted):\n" + "\n".join(external)
