"""A build's pages put into the theme and written by two processes, the search index made beside them.

mkdocs reads every page first, then writes its static files and the theme's own templates, then
puts each page into the theme's templates and writes it, one after another in one process: for a
20-year archive that is a third of the build. Each page is written from what was read, on its
own, so the pages can be shared with a forked child (``forking``), with the search index as one
more task. ``SharedPageWriting`` stands in for mkdocs's ``_build_page`` for the length of a
build: at mkdocs's first call, with the very arguments mkdocs passes, it has every page written
by the two processes; mkdocs's loop then passes over them. The order of mkdocs's writing (its
static files, then templates, then pages, each free to overwrite the one before) stays as it was.

Only for ``mkdocs build``, and only when no other plugin acts on pages as they are written (its
``on_page_context`` or ``on_post_page`` would run in the child, and what it kept be lost):
``mkdocs serve`` runs threads, beside which a fork is not safe.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig

from .. import forking

# Below this many pages, a child costs more than it saves.
MIN_PAGES_FOR_CHILD = 1000
RUNS = 64
# Events of other plugins that see each page as it is written, in the process that writes it.
PAGE_WRITING_EVENTS = ("page_context", "post_page")

Index = dict[str, bytes]


def shares_pages(config: MkDocsConfig, pages: int) -> bool:
    """Whether a build of ``pages`` pages writes them with a child: enough pages, a child to be had,
    and no plugin acting on pages as they are written (unionsite has no such event)."""
    watched = any(config.plugins.events[event] for event in PAGE_WRITING_EVENTS)
    return pages >= MIN_PAGES_FOR_CHILD and not watched and forking.may_fork()


class SharedPageWriting:
    """Stands in for mkdocs's ``_build_page`` during one build (``install`` … ``uninstall``)."""

    def __init__(self, make_index: Callable[[], Index]) -> None:
        self.make_index = make_index
        self.index: Index | None = None  # once the pages are written
        self.written: set[int] = set()
        self.original: Callable[..., None] | None = None

    def install(self) -> None:
        self.original = _mkdocs_function()

        def build_page(*args: Any, **kwargs: Any) -> None:
            self.build_page(*args, **kwargs)

        build_page._unionsite_original = self.original  # type: ignore[attr-defined]
        mkdocs_build._build_page = build_page

    def uninstall(self) -> None:
        unwrap_mkdocs()
        self.original = None

    def build_page(self, page: Any, config: MkDocsConfig, doc_files: Sequence[Any], nav: Any, env: Any,
                   dirty: bool = False, excluded: bool = False) -> None:
        """mkdocs's ``_build_page``: the first call writes every page; each page is then passed over."""
        assert self.original is not None
        if self.index is None:
            writers = [partial(self.original, file.page, config, doc_files, nav, env, dirty,
                               excluded=file.inclusion.is_excluded())
                       for file in doc_files if file.page is not None]
            self.index = write_with_index(writers, self.make_index)
            self.written = {id(file.page) for file in doc_files if file.page is not None}
        if id(page) not in self.written:
            self.original(page, config, doc_files, nav, env, dirty, excluded=excluded)


def write_with_index(writers: Sequence[Callable[[], None]], make_index: Callable[[], Index]) -> Index:
    """Call each of ``writers`` and return ``make_index()``, the work shared with a child.

    The index is the first task, being the longest: whichever process takes it, the other writes
    pages meanwhile. What the child logs while writing is sent back and logged here once the pages
    are written, so that ``mkdocs build --strict`` counts a warning the child met.
    """
    runs = forking.cut(len(writers), RUNS)
    here = os.getpid()

    def task(number: int) -> tuple[Index | None, list[logging.LogRecord]]:
        with _logs_kept(os.getpid() != here) as records:
            if number == 0:
                return make_index(), records
            for write in writers[runs[number - 1].start:runs[number - 1].stop]:
                write()
            return None, records

    results = forking.share_work(len(runs) + 1, task)
    for _, records in results:
        for record in records:
            logging.getLogger(record.name).handle(record)
    index = results[0][0]
    assert index is not None
    return index


@contextmanager
def _logs_kept(keep: bool) -> Iterator[list[logging.LogRecord]]:
    """While ``keep``, what mkdocs's loggers would show is kept in the list instead, to be sent."""
    records: list[logging.LogRecord] = []
    if not keep:
        yield records
        return
    logger = logging.getLogger("mkdocs")
    handlers, propagate = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [_Keeper(records)], False
    try:
        yield records
    finally:
        logger.handlers, logger.propagate = handlers, propagate


class _Keeper(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        # Pickled to be sent: the message is made here, and a traceback becomes its text.
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def unwrap_mkdocs() -> None:
    """Put mkdocs's own ``_build_page`` back if a build that was stopped left it replaced."""
    mkdocs_build._build_page = _mkdocs_function()


def _mkdocs_function() -> Callable[..., None]:
    """mkdocs's own ``_build_page``, even if a build that was stopped (Ctrl-C ends a build without
    ``on_build_error``) left it replaced: a later build must not pass over pages by the ids of the
    earlier one's."""
    function = mkdocs_build._build_page
    return getattr(function, "_unionsite_original", function)
