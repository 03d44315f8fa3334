"""Addresses of generated pages, and relative links between them.

Every link the templates write is relative, so the site works from any sub-path
(``https://example.edu.cn/gonghui/``) and straight from the file system.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def page_url(uri: str, directory_urls: bool = True) -> str:
    """Return the URL mkdocs gives the page or file at ``uri`` (relative to the site root)."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_uri: str, to: str, directory_urls: bool = True) -> str:
    """Return the link from the page at ``from_uri`` to ``to`` (a uri, optionally ``#anchor``)."""
    target, _, anchor = to.partition("#") if ".md" in to else (to, "", "")  # a file name may hold a "#"
    suffix = f"#{anchor}" if anchor else ""
    if not target:
        return suffix or "./"
    base = posixpath.dirname(page_url(from_uri, directory_urls).rstrip("/")) if not directory_urls \
        else page_url(from_uri, directory_urls)
    target_url = page_url(target, directory_urls) if target.endswith(".md") else quote(target)
    link = _relpath(target_url or ".", base.rstrip("/") or ".")
    if target_url.endswith("/") or target_url == "":
        link = "./" if link == "." else link + "/"
    return link + suffix


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for the plain addresses of a site (no ``.``, ``..`` or empty parts).

    A page links to dozens of others and an archive has tens of thousands of pages; relpath's
    own work (absolute paths, normalising) was most of what drawing a link cost. Anything not
    plain goes to relpath itself.
    """
    to = path.rstrip("/").split("/") if path != "." else []
    base = start.split("/") if start != "." else []
    if any(part in _NOT_PLAIN for part in to) or any(part in _NOT_PLAIN for part in base) \
            or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    common = 0
    for mine, theirs in zip(to, base, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


_NOT_PLAIN = frozenset({"", ".", ".."})
