"""Reading a record written in plain block YAML without PyYAML: the usual case, faster.

Nearly every record is a block mapping of ``key: value`` lines, block lists of ``- item`` lines,
one-line plain or quoted scalars, ``|`` blocks of text, short ``[a, b]`` lists and comments. For
such text ``parse_plain`` makes exactly the tree ``yamlsource`` makes through PyYAML: the same
values, positions, scalar texts and quoting. Anything else, from a folded block (``>``), an
anchor or an escape in double quotes to a syntax error, a tab or a duplicate key, it declines
(returns None) and PyYAML reads the record, problems and all. So this reader is only ever a
faster route to PyYAML's answer, never a second opinion on what YAML means; the tests hold it
to PyYAML's answer on every record of the demo archives and on generated near-YAML text.

PyYAML's C parser is fast, but it hands every node to Python as an object with two position
objects and three calls back into Python; for the 11,000 records of a 20-year archive that was
half of a validation. Here one regular expression cuts a whole file into lines and their parts
in C, and a loop in Python makes the tree from them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

import yaml

from .located import LocatedDict, LocatedList, Position, ScalarInfo

# Every line, as: indent, a list item's dash and the spaces after it, a key with its colon and
# the spaces after it, the key, and the rest (a value, a comment or nothing). Joined, the parts
# are the line. A key is a name as records use them, of at most 1,024 characters (PyYAML's
# limit for a key); any other key is left to PyYAML.
_LINE = re.compile(r"^( *)(-(?: +|$))?(([A-Za-z_][A-Za-z0-9_]{0,1023}):(?: +|$))?(.*)$", re.M)

# Text PyYAML reads differently from this reader, or rejects: anything but line feeds and
# printable characters (so no tab, carriage return, other line break or byte-order mark).
_UNUSUAL = re.compile("[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

# First characters of a value that is not a plain scalar, or may not be: indicators, and what
# PyYAML's implicit tags (numbers, dates, booleans, null) begin with.
_NOT_TEXT_START = frozenset("\"'[]{},&*!|>%@`#?:-")

# A value that is a list written in brackets on one line: ``[a, b]`` (items checked one by one).
_FLOW_ITEMS = re.compile(r"\[([^\[\]{}\"'#]*)\]( *(?:#.*)?)$")

# A literal block's header: ``|``, with a chomping indicator or none, and perhaps a comment.
_LITERAL = re.compile(r"\|([+-]?)( *(?: #.*)?)$")

Line = tuple[str, str, str, str, str]  # indent, dash part, key part, key, rest: as _LINE matches


class _Declined(Exception):
    """The text is not plain block YAML: PyYAML reads it."""


def parse_plain(text: str, resolve: Callable[[str], Any]) -> LocatedDict | None:
    """The record ``text`` holds, as ``yamlsource`` reads it, or None when it is not plain.

    ``resolve(text)`` gives the value of a plain scalar (PyYAML's implicit tags, as read).
    """
    if _UNUSUAL.search(text):
        return None
    reader = _Reader(text, resolve)
    if not reader.significant:
        return None
    first = reader.lines[reader.significant[0]]
    if first[0] or first[1]:
        return None  # an indented or list root: rare for a record, left to PyYAML
    try:
        root, end = reader.mapping(0, 0)
    except (_Declined, RecursionError):  # nested hundreds deep: PyYAML says what is wrong
        return None
    return root if end == len(reader.significant) else None


class _Reader:
    """The lines of one text, and the nodes made from them.

    Methods take and return ``at``, an index into ``significant``: the lines that are not blank
    and not a comment. A line's number is its index in ``lines`` plus one.
    """

    def __init__(self, text: str, resolve: Callable[[str], Any]) -> None:
        self.lines: list[Line] = _LINE.findall(text)
        self.final_break = text.endswith("\n")
        if self.final_break:
            self.lines.pop()  # the empty "line" after the last line break
        self.significant = [index for index, (_, dash, key_part, _, rest) in enumerate(self.lines)
                            if dash or key_part or (rest and rest[0] != "#")]
        self.resolve = resolve

    def mapping(self, at: int, indent: int) -> tuple[LocatedDict, int]:
        """The block mapping whose first key is on the ``at``-th significant line, at ``indent``."""
        lines, significant, resolve = self.lines, self.significant, self.resolve
        key_positions: dict[str, Position] = {}
        scalars: dict[str, ScalarInfo] = {}
        column = indent + 1
        mapping = LocatedDict(_new_tuple(Position, (significant[at] + 1, column)), key_positions, scalars)
        indentation = " " * indent
        count = len(significant)
        while at < count:
            index = significant[at]
            spaces, dash, key_part, key, rest = lines[index]
            if spaces != indentation:
                if len(spaces) > indent:
                    raise _Declined  # a value going on over lines, or an indent YAML rejects
                break
            if dash or not key or key in mapping:
                raise _Declined  # a list item, a key written otherwise, a duplicate key
            number = index + 1
            key_positions[key] = _new_tuple(Position, (number, column))
            at += 1
            if not rest or rest[0] == "#":
                below = self.block_below(at, indent)
                if below is None:  # an empty value, which PyYAML places after the colon
                    mapping[key] = None
                    scalars[key] = _new_tuple(ScalarInfo, (_new_tuple(Position, (number, indent + len(key) + 2)),
                                                           "", False))
                else:
                    mapping[key], at = below
                continue
            where = _new_tuple(Position, (number, column + len(key_part)))
            if rest[0] in _NOT_TEXT_START or ": " in rest or " #" in rest or rest[-1] in ": ":
                if rest[0] == "|":
                    mapping[key], scalars[key], at = self.literal(rest, where, index, indent)
                elif rest[0] == "[":
                    mapping[key] = self.flow_list(rest, where)
                else:
                    mapping[key], scalars[key] = self.scalar(rest, where)
            else:  # the usual value, text of one line
                mapping[key] = resolve(rest) if rest[0] in _RESOLVED_START else rest
                scalars[key] = _new_tuple(ScalarInfo, (where, rest, False))
        return mapping, at

    def block_below(self, at: int, indent: int) -> tuple[LocatedDict | LocatedList, int] | None:
        """The mapping or list below a key at ``indent`` with nothing after it, if there is one."""
        if at == len(self.significant):
            return None
        line = self.lines[self.significant[at]]
        spaces, dash = len(line[0]), line[1]
        if spaces < indent or (spaces == indent and not dash):
            return None
        return self.sequence(at, spaces) if dash else self.mapping(at, spaces)

    def sequence(self, at: int, indent: int) -> tuple[LocatedList, int]:
        """The block list whose first dash is on the ``at``-th significant line, at ``indent``."""
        lines, significant = self.lines, self.significant
        positions: list[Position] = []
        item_scalars: dict[int, ScalarInfo] = {}
        items = LocatedList(_new_tuple(Position, (significant[at] + 1, indent + 1)), positions, item_scalars)
        count = len(significant)
        while at < count:
            index = significant[at]
            spaces, dash, key_part, key, rest = lines[index]
            if len(spaces) != indent:
                if len(spaces) > indent:
                    raise _Declined
                break
            if not dash:
                break  # a key at the list's indent: the mapping holding the list goes on
            column = indent + len(dash)
            if key:  # "- key: value": a mapping whose keys stand at this key's column
                positions.append(_new_tuple(Position, (index + 1, column + 1)))
                lines[index] = (" " * column, "", key_part, key, rest)
                value, at = self.mapping(at, column)
                items.append(value)
                continue
            if not rest or rest[0] in "#|[":
                raise _Declined  # an item below its dash, a block or a list as an item: left to PyYAML
            where = _new_tuple(Position, (index + 1, column + 1))
            positions.append(where)
            value, item_scalars[len(items)] = self.scalar(rest, where)
            items.append(value)
            at += 1
        return items, at

    def scalar(self, rest: str, where: Position) -> tuple[Any, ScalarInfo]:
        """A one-line scalar's value and record; declines what is not a plain or quoted scalar."""
        first = rest[0]
        if first == '"':
            end = rest.find('"', 1)
            if end < 0 or "\\" in rest[1:end] or not _nothing_after(rest[end + 1:]):
                raise _Declined  # an escape, a text over lines, or more after the closing quote
            text = rest[1:end]
            return text, _new_tuple(ScalarInfo, (where, text, True))
        if first == "'":
            text, end = _single_quoted(rest)
            if end < 0 or not _nothing_after(rest[end:]):
                raise _Declined
            return text, _new_tuple(ScalarInfo, (where, text, True))
        text = _plain_text(rest)
        return self.resolve(text), _new_tuple(ScalarInfo, (where, text, False))

    def literal(self, rest: str, where: Position, index: int, indent: int) -> tuple[str, ScalarInfo, int]:
        """A ``|`` block below the key on line ``index``: its text, record, and the next ``at``."""
        header = _LITERAL.match(rest)
        if header is None:
            raise _Declined  # an indentation indicator, or more after the header
        lines = self.lines
        last = len(lines)
        content: list[str] = []
        blank = 0  # blank lines met since the last line of text
        block_indent = 0
        index += 1
        while index < last:
            spaces_part, dash, key_part, _, rest_part = lines[index]
            line = spaces_part + dash + key_part + rest_part
            stripped = line.lstrip(" ")
            if not stripped:
                if line and (not block_indent or len(line) > block_indent):
                    raise _Declined  # spaces that might be text or indentation: left to PyYAML
                blank += 1
                index += 1
                continue
            spaces = len(line) - len(stripped)
            if not block_indent:
                if spaces <= indent:
                    raise _Declined  # an empty block
                block_indent = spaces
            elif spaces < block_indent:
                break
            content.extend([""] * blank)
            blank = 0
            content.append(line[block_indent:])
            index += 1
        if not content or (index == last and not self.final_break):
            raise _Declined  # an empty block, or one ending the text without a line break
        chomping = header.group(1)
        text = "\n".join(content) + ("" if chomping == "-" else "\n" * (1 + blank if chomping == "+" else 1))
        return text, _new_tuple(ScalarInfo, (where, text, True)), self.next_significant(index)

    def next_significant(self, index: int) -> int:
        """The ``at`` of the first significant line from line ``index`` on."""
        return bisect_left(self.significant, index)

    def flow_list(self, rest: str, where: Position) -> LocatedList:
        """A one-line ``[a, b]`` list of plain scalars."""
        found = _FLOW_ITEMS.match(rest)
        if found is None or (found.group(2) and found.group(2)[0] == "#"):
            raise _Declined
        positions: list[Position] = []
        item_scalars: dict[int, ScalarInfo] = {}
        items = LocatedList(where, positions, item_scalars)
        inside = found.group(1)
        if not inside.strip(" "):
            return items
        number, column = where.line, where.col + 1  # the column after the bracket
        for piece in inside.split(","):
            text = piece.strip(" ")
            if not text or (text[0] in _NOT_TEXT_START and not _dash_led_text(text)) or ":" in text:
                raise _Declined  # an empty item (a trailing comma), an indicator, a mapping
            item_where = _new_tuple(Position, (number, column + len(piece) - len(piece.lstrip(" "))))
            positions.append(item_where)
            item_scalars[len(items)] = _new_tuple(ScalarInfo, (item_where, text, False))
            items.append(self.resolve(text))
            column += len(piece) + 1
        return items


def _plain_text(rest: str) -> str:
    """The text of the plain scalar ``rest`` starts with (up to a comment); declines what is not one."""
    first = rest[0]
    if first in _NOT_TEXT_START and not _dash_led_text(rest):
        raise _Declined  # an indicator: a block, flow collection, anchor, tag, nested item…
    comment = rest.find(" #")
    text = (rest if comment < 0 else rest[:comment]).rstrip(" ")
    if ": " in text or text.endswith(":"):
        raise _Declined  # a mapping where a value should be: PyYAML's error to report
    return text


def _dash_led_text(text: str) -> bool:
    """Whether a value starting with an indicator is ``-`` then text (``-2``, ``-x``), not a list item."""
    return text[0] == "-" and len(text) > 1 and text[1] != " "


def _nothing_after(after: str) -> bool:
    """Whether what follows a closing quote is nothing, or spaces and a comment."""
    stripped = after.lstrip(" ")
    return not stripped or (stripped[0] == "#" and len(stripped) < len(after))


def _single_quoted(rest: str) -> tuple[str, int]:
    """The text of the single-quoted scalar ``rest`` starts with, and the index after its closing
    quote (-1 when it is not closed on this line)."""
    index = 1
    pieces = []
    while True:
        end = rest.find("'", index)
        if end < 0:
            return "", -1
        pieces.append(rest[index:end])
        if rest.startswith("'", end + 1):  # '' stands for one quote
            pieces.append("'")
            index = end + 2
            continue
        return "".join(pieces), end + 1


# What PyYAML's implicit tags (numbers, dates, booleans, null…) begin with: a plain scalar
# starting otherwise is text as written.
_RESOLVED_START = frozenset(first for first in yaml.resolver.Resolver.yaml_implicit_resolvers if first)

_new_tuple: Any = tuple.__new__
