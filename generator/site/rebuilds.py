"""What a preview's rebuild may leave as it is: the pages an edit did not change.

``mkdocs serve --dirty`` (``make preview``) rebuilds only the files mkdocs sees as modified. mkdocs
cannot see that for a page made from records, so the plugin tells it: a generated page is
unchanged when its content (drawn from its template), title and headings are those it had in the
last rebuild of this process, and nothing else that draws every page changed since (the site's
configuration, the settings, the theme overrides, the site's own assets, the hand-written pages,
the pages in the navigation). When anything of those changed, the site folder is emptied and the
rebuild is full. A hand-written page other than the home page (which shows records) is then
unchanged too, while no page came or went (its links to record pages are resolved when it is
read): the navigation of the pages rebuilt shows its title and front matter as the last rebuild
read them. A file made from the records (a calendar, the feed, open data) is written again only
when its bytes change, and not even made when what it is made from is unchanged.
Publishing (``mkdocs build``) never comes here.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

SearchEntry = tuple[str, str, str]  # (url, title as text, content HTML)
# What the navigation of other pages shows of a hand-written page: its title and its front matter
# (the theme reads an icon or a status from it).
HandWrittenPage = tuple[str | None, dict[str, Any]]


@dataclass(frozen=True)
class MadeFile:
    """A file made from the records (not a page): what it was made from (``SiteFile.inputs``), and
    a digest of its bytes."""

    inputs: Any
    digest: bytes


@dataclass
class PreviewMemory:
    """What the last successful rebuild of this process built."""

    signature: str | None = None
    pages: dict[str, str] = field(default_factory=dict)  # a generated page's digest, by its source path
    outputs: set[str] = field(default_factory=set)  # the files it wrote from the records
    search: dict[str, SearchEntry] = field(default_factory=dict)
    handwritten: dict[str, HandWrittenPage] = field(default_factory=dict)  # by source path
    files: dict[str, MadeFile] = field(default_factory=dict)  # by path
    page_addresses: bytes = b""  # a digest of the addresses of every page

    def forget(self) -> None:
        self.signature = None
        self.pages = {}
        self.outputs = set()
        self.search = {}
        self.handwritten = {}
        self.files = {}
        self.page_addresses = b""


# mkdocs serve may or may not keep the plugin object between rebuilds: the memory lives in the module.
MEMORY = PreviewMemory()


class GeneratedPage(File):
    """A generated page's file, which a preview can mark as unchanged since its last rebuild."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


def page_digest(title: str, toc: Iterable[tuple[str, str]], html: str) -> str:
    """A fingerprint of what a generated page shows."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (title, *(f"{anchor}\x1f{heading}" for anchor, heading in toc), html):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def site_signature(files: Iterable[Path], folders: Iterable[Path], extra: Iterable[str]) -> str:
    """A fingerprint of what draws every page: whole ``files``, and the files under ``folders`` by
    name, size and modification time (an editor's save changes the time), and ``extra`` values."""
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\x00")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\x01missing")
        digest.update(b"\x00")
    for folder in folders:
        for found in sorted(_walk(folder)):
            digest.update(found.encode("utf-8", "surrogateescape") + b"\x00")
    for value in extra:
        digest.update(value.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()


def _walk(folder: Path) -> list[str]:
    found = []
    for current, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            try:
                status = os.stat(os.path.join(current, name))
            except OSError:
                continue
            found.append(f"{os.path.join(current, name)}\x1f{status.st_size}\x1f{status.st_mtime_ns}")
    return found


def remove_vanished(outputs: set[str], current: set[str], site_dir: str) -> None:
    """Delete the files the last rebuild wrote from the records and this one does not (a deleted
    record's page and calendar), and the folders that leaves empty."""
    top = os.path.abspath(site_dir)
    for path in sorted(outputs - current):
        with contextlib.suppress(OSError):  # already gone
            os.remove(path)
        folder = os.path.dirname(os.path.abspath(path))
        while folder != top and folder.startswith(top + os.sep):
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                break
            folder = os.path.dirname(folder)
