"""Writing a build's pages in one process against sharing them with a child, alternating.

Usage: .venv/bin/python benchmarks/page_writing.py ARCHIVE [ROUNDS]   (ROUNDS: default 3)

Builds ARCHIVE's site (made by ``unionsite demo``) into a temporary folder the way ``mkdocs build``
does, and at the point where the pages are written (the plugin's ``on_env``) times, ROUNDS times
in turn: every page written by mkdocs's own function in one loop, and the same pages shared with a
child by ``pagewriting.write_with_index`` (without the search index, which is not timed here).
Alternating in one process compares the two under the same load; whole builds vary by more than
the difference from one minute to the next on a shared machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator import forking, plugin
from generator.site import pagewriting

Index = dict[str, bytes]


def timed_both(rounds: int) -> Callable[[Sequence[Callable[[], None]], Callable[[], Index]], Index]:
    def write_with_index(writers: Sequence[Callable[[], None]], make_index: Callable[[], Index]) -> Index:
        print(f"{len(writers)} pages; a child to be had: {forking.may_fork()}")
        for round_number in range(1, rounds + 1):
            started = time.perf_counter()
            for write in writers:
                write()
            one = time.perf_counter() - started
            started = time.perf_counter()
            pagewriting.write_with_index(writers, dict)
            shared = time.perf_counter() - started
            print(f"round {round_number}: one process {one:.2f} s, shared with a child {shared:.2f} s", flush=True)
        return make_index()

    return write_with_index


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    archive = Path(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    # The plugin writes the pages itself, whatever the machine, and times the two ways first.
    setattr(plugin, "write_with_index", timed_both(rounds))  # noqa: B010
    setattr(plugin, "shares_pages", lambda pages: True)  # noqa: B010
    with tempfile.TemporaryDirectory() as site:
        build(load_config(str(archive / "mkdocs.yml"), site_dir=site))


if __name__ == "__main__":
    main()
