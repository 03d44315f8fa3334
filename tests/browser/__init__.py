"""Tests that open a built site in a real browser: Debian's Chromium driven by Playwright.

Fixtures live in ``conftest.py``; plain helpers (axe, overflow, the local HTTP server) in ``support.py``.
Playwright's own browser downloads are never used: the browser is ``/usr/bin/chromium`` (or ``$CHROMIUM``).
"""
