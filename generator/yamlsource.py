"""Reading record YAML: values plus the line and column of every key and value.

Most records are read by ``plainyaml``, faster; this reader, through PyYAML, takes whatever
that one declines, and reports syntax errors, tabs and duplicate keys as problems.

Scalars keep the text the officer typed, so a string field gets ``007`` rather than ``7`` and
a date that YAML would reject (``2017-13-40``) reaches validation as text instead of crashing
the loader. Syntax errors, tabs and duplicate keys come back as problems, never exceptions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .located import LocatedDict, LocatedList, Position, ScalarInfo
from .plainyaml import parse_plain
from .problems import Problem

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader's tags, without its path-resolver machinery.

    PyYAML asks Python to resolve every node's tag and to track a path for path resolvers, which
    the safe loader has none of; that bookkeeping was a third of reading a record. The implicit
    tags are PyYAML's own, chosen exactly as PyYAML chooses them.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _IMPLICIT.get(value[0] if value else "", ()):
                    if pattern.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


_BOOL_WORDS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


@dataclass
class YamlDocument:
    """One file read: its root value (None when unreadable) and the problems met."""

    path: Path
    relpath: str
    root: Any = None
    problems: list[Problem] = field(default_factory=list)


def read_yaml(path: Path, relpath: str, text: str | None = None) -> YamlDocument:
    """Read ``path`` (or take its would-be ``text``) and return the document; problems are collected."""
    doc = YamlDocument(path, relpath)
    try:
        text = file_bytes(path).decode("utf-8-sig") if text is None else text
    except UnicodeDecodeError as exc:
        doc.problems.append(_problem(relpath, 1, 1, "encoding", _encoding_message(exc)))
        return doc
    except OSError as exc:
        doc.problems.append(_problem(relpath, 0, 0, "unreadable", f"无法读取文件：{exc.strerror}"))
        return doc
    plain = parse_plain(text, plain_value)
    if plain is not None:  # most records: the same tree, made without PyYAML (see plainyaml)
        doc.root = plain
        return doc
    return read_with_pyyaml(doc, text)


def read_with_pyyaml(doc: YamlDocument, text: str) -> YamlDocument:
    """Fill ``doc`` from ``text`` through PyYAML: its root, or the problems met."""
    relpath = doc.relpath
    doc.problems.extend(_tab_problems(text, relpath))
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        if not doc.problems:
            doc.problems.append(_syntax_problem(exc, relpath))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(_problem(relpath, 1, 1, "yaml-syntax", f"YAML 格式错误：{exc}"))
        return doc
    if node is None:
        doc.problems.append(_problem(relpath, 1, 1, "empty-file", "文件是空的，应包含一条记录。"))
        return doc
    try:
        doc.root = _convert(node, doc)
    except RecursionError:  # hundreds of levels, which PyYAML's parser still takes
        doc.problems.append(_problem(relpath, 1, 1, "yaml-syntax",
                                     "YAML 格式错误：嵌套的层次太多（几百层），请检查缩进。"))
    return doc


def file_bytes(path: Path) -> bytes:
    """The bytes of the file at ``path``, read with the system's calls.

    ``Path.read_bytes`` makes a buffered file object for each file: for the 11,000 small files of
    a 20-year archive that took twice as long as reading them (0.25–0.5 s against 0.12 s).
    """
    handle = os.open(path, _READ)
    try:
        chunks = []
        while chunk := os.read(handle, _CHUNK):
            chunks.append(chunk)
    finally:
        os.close(handle)
    return b"".join(chunks)


_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 20  # a record is a few KB: one read, and one more to see the end


def _convert(node: yaml.Node, doc: YamlDocument) -> Any:
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, doc)
    if isinstance(node, yaml.SequenceNode):
        mark = node.start_mark
        positions: list[Position] = []
        item_scalars: dict[int, ScalarInfo] = {}
        items = LocatedList(_new_tuple(Position, (mark.line + 1, mark.column + 1)), positions, item_scalars)
        for index, child in enumerate(node.value):
            mark = child.start_mark
            where = _new_tuple(Position, (mark.line + 1, mark.column + 1))
            positions.append(where)
            if isinstance(child, yaml.ScalarNode):
                items.append(_scalar_value(child))
                item_scalars[index] = _new_tuple(ScalarInfo, (where, str(child.value), bool(child.style)))
            else:
                items.append(_convert(child, doc))
        return items
    return _scalar_value(node)


def _convert_mapping(node: yaml.MappingNode, doc: YamlDocument) -> LocatedDict:
    mark = node.start_mark
    key_positions: dict[str, Position] = {}
    scalars: dict[str, ScalarInfo] = {}
    mapping = LocatedDict(_new_tuple(Position, (mark.line + 1, mark.column + 1)), key_positions, scalars)
    for key_node, value_node in node.value:
        mark = key_node.start_mark
        where = _new_tuple(Position, (mark.line + 1, mark.column + 1))
        if not isinstance(key_node, yaml.ScalarNode):
            doc.problems.append(_problem(doc.relpath, where.line, where.col, "yaml-syntax",
                                         "字段名必须是简单的文字。"))
            continue
        key = str(key_node.value)
        if key in mapping:
            first = key_positions[key]
            doc.problems.append(_problem(
                doc.relpath, where.line, where.col, "duplicate-key",
                f"字段“{key}”重复出现（第一次在第 {first.line} 行）；后一个值会被忽略，请合并为一个。",
                found=key))
            continue
        key_positions[key] = where
        if isinstance(value_node, yaml.ScalarNode):
            mapping[key] = _scalar_value(value_node)
            mark = value_node.start_mark
            scalars[key] = _new_tuple(ScalarInfo, (_new_tuple(Position, (mark.line + 1, mark.column + 1)),
                                                   str(value_node.value), bool(value_node.style)))
        else:
            mapping[key] = _convert(value_node, doc)
    return mapping


# Positions and scalar records are made with tuple.__new__: NamedTuple's own constructor is a
# Python function, and a large archive makes hundreds of thousands of them.
_new_tuple: Any = tuple.__new__


def _scalar_value(node: yaml.Node) -> Any:
    """Return what a scalar means; dates, times and floats stay text for validation."""
    tag = node.tag
    if tag == _STR:
        return str(node.value)
    return _tagged_value(tag, str(node.value))


@lru_cache(maxsize=1 << 16)  # records repeat their dates, numbers, booleans
def plain_value(text: str) -> Any:
    """What a plain (unquoted) scalar written as ``text`` means, as ``_scalar_value`` reads it."""
    for tag, pattern in _IMPLICIT.get(text[0] if text else "", ()):
        if pattern.match(text):
            return _tagged_value(tag, text)
    return text


def _tagged_value(tag: str, text: str) -> Any:
    tag = tag.rsplit(":", 1)[-1]
    if tag == "null":
        return None
    if tag == "bool":
        return _BOOL_WORDS.get(text.lower(), text)
    if tag == "int":
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    return text


def _tab_problems(text: str, relpath: str) -> list[Problem]:
    if "\t" not in text:
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(_problem(
                relpath, number, indent.index("\t") + 1, "yaml-tab",
                "行首缩进中有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成两个空格。"))
    return problems


def _syntax_problem(exc: yaml.MarkedYAMLError, relpath: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return _problem(relpath, line, col, "yaml-syntax", f"YAML 格式错误：{syntax_hint(exc)}。")


def syntax_hint(exc: yaml.MarkedYAMLError) -> str:
    """Return what a PyYAML or libyaml complaint usually means, in an officer's words."""
    detail = f"{exc.context or ''} {exc.problem or ''}"
    for phrase, hint in _SYNTAX_HINTS:
        if phrase in detail:
            return hint
    return f"无法解析（{detail.strip()}），请检查这一行及上一行的缩进、冒号和引号"


# Phrases of PyYAML's and libyaml's messages, and what they usually mean.
_SYNTAX_HINTS = [
    ("mapping values are not allowed",
     "这里不能出现“字段: 值”。常见原因：值中含有英文冒号“: ”却没有加引号，或这一行缩进不对"),
    ("could not find expected ':'", "缺少英文冒号“:”，或多行文字没有用“|”开头并缩进"),
    ("did not find expected key", "缩进与上文不一致，或上一行的引号没有闭合"),
    ("did not find expected '-' indicator", "列表项“- ”的缩进与上文不一致"),
    ("block sequence entries are not allowed", "列表项“- ”出现在不该出现的位置，请检查缩进"),
    ("cannot start any token", "出现了不能放在值开头的字符（如 Tab、@、`、%），请给这个值加上引号"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("unknown escape character", "双引号中的反斜杠“\\”无效；请改用单引号，或写成两个反斜杠"),
    ("expected a single document", "一个文件只能有一条记录（出现了多余的“---”）"),
    ("but found another document", "一个文件只能有一条记录（出现了多余的“---”）"),
    ("did not find expected node content", "缺少值，或值以不能开头的字符开始"),
    ("found undefined alias", "使用了未定义的锚点别名（以 * 开头的值需要加引号）"),
    ("found unknown", "值中有无法识别的标记，请给这个值加上引号"),
]


def _encoding_message(exc: UnicodeDecodeError) -> str:
    return (f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节无法识别）；"
            "请用编辑器另存为 UTF-8 编码。")


def _problem(path: str, line: int, col: int, code: str, message: str,
             found: str | None = None) -> Problem:
    return Problem(path=path, line=line, col=col, code=code, message=message, found=found)
