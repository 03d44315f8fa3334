"""Compiled templates kept for the life of the process, for previews that rebuild on every save.

``mkdocs serve`` makes a new jinja environment for every rebuild, and jinja compiles every
template again: about 60 templates, most of a second on each save. A template's compiled code
is kept under its name and file and reused while its source is unchanged (jinja hands us the
source's checksum), so an edited template is compiled afresh.
"""

from __future__ import annotations

from types import CodeType

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class CompiledTemplates(BytecodeCache):
    """Compiled code by template, in memory."""

    def __init__(self) -> None:
        self.codes: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        known = self.codes.get(bucket.key)
        if known is not None and known[0] == bucket.checksum:
            bucket.code = known[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.codes[bucket.key] = (bucket.checksum, bucket.code)


# One for the process: the plugin gives it to every environment of a preview.
COMPILED = CompiledTemplates()
