"""A build's pages put into the theme and written by two processes, the search index made beside them.

mkdocs reads every page first, then puts each into the theme's templates and writes it, one after
another in one process: for a 20-year archive that is a third of the build. Each page is written
from what was read, on its own, so once everything is read (the plugin's ``on_env``, the last one
to run) the pages are shared with a forked child (``forking``), with the search index as one more
task. mkdocs's own loop then passes over the pages written here (``skipping_written``).

Only for ``mkdocs build``: ``mkdocs serve`` runs threads, beside which a fork is not safe.
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
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from .. import forking

# Below this many pages, a child costs more than it saves.
MIN_PAGES_FOR_CHILD = 1000
RUNS = 64

Index = dict[str, bytes]


def shares_pages(pages: int) -> bool:
    """Whether a build of ``pages`` pages writes them with a child (the caller knows it is a build)."""
    return pages >= MIN_PAGES_FOR_CHILD and forking.may_fork()


def page_writers(config: MkDocsConfig, files: Files, nav: Navigation, env: Any) -> list[Callable[[], None]]:
    """For each page mkdocs is about to write in a build, what writes it, as mkdocs's loop would."""
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    return [partial(_mkdocs_build_page(), file.page, config, doc_files, nav, env, False,
                    excluded=file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
            for file in doc_files if file.page is not None]


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


def skipping_written(writers: Sequence[Callable[[], None]]) -> Callable[[], None]:
    """Have mkdocs's loop pass over the pages of ``writers``; return what undoes that.

    mkdocs's ``build`` calls its module's ``_build_page`` for every page after ``on_env``: while
    this is in place, that call returns at once for a page written already.
    """
    written = {id(writer.args[0]) for writer in writers if isinstance(writer, partial)}
    original = _mkdocs_build_page()

    def build_page(page: Any, *args: Any, **kwargs: Any) -> None:
        if id(page) not in written:
            original(page, *args, **kwargs)

    build_page._unionsite_original = original  # type: ignore[attr-defined]
    mkdocs_build._build_page = build_page

    def undo() -> None:
        mkdocs_build._build_page = original

    return undo


def unwrap_mkdocs() -> None:
    """Put mkdocs's own ``_build_page`` back if a build that was stopped left it wrapped."""
    mkdocs_build._build_page = _mkdocs_build_page()


def _mkdocs_build_page() -> Callable[..., None]:
    """mkdocs's own ``_build_page``, even if a build that was stopped (Ctrl-C ends a build without
    ``on_build_error``) left it wrapped: a later build in the process must not pass over pages
    by the ids of the earlier one's."""
    function = mkdocs_build._build_page
    return getattr(function, "_unionsite_original", function)
