"""Adding an item to a section of a year's work plan, leaving every other line of the file as it was.

The file is loaded and written back by the ruamel round-trip the ingest uses, which keeps
comments, quoting and layout; the new item goes after the section's last item with a comment
naming its fields. The result is held to two checks: every line of the file is still there, in
order, with only the item's lines added; and the file reads as before plus the item. A file laid
out otherwise than ruamel writes (another indentation, say) fails the first: then nothing is
written and the officer is told so.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..ingest.writing import yaml_round_trip, yaml_value
from ..project import Project
from ..validation import Validation


class WorkPlanMissing(Exception):
    """The year has no work plan to add an item to; the message says how to make one."""


@dataclass(frozen=True)
class WorkPlan:
    path: Path
    id: str
    year: int


def find_work_plan(project: Project, validation: Validation, year: int) -> WorkPlan:
    """The work plan of ``year``: ``data/workplans/YEAR.yaml``, or whichever file says that year."""
    rows = validation.flattened.tables["workplans"] if validation.flattened else None
    plans = [(row, origin.path) for row, origin in zip(rows.rows, rows.origins, strict=True)] if rows else []
    for row, path in plans:
        if row.get("year") == year and isinstance(row.get("id"), str):
            return WorkPlan(project.root / path, row["id"], year)
    expected = f"data/workplans/{year}.yaml"
    if (project.root / expected).exists():
        raise WorkPlanMissing(f"{expected} 无法读取或没有写明 year: {year}；请先运行 unionsite validate 修正，"
                              "再添加条目。")
    latest = max(plans, key=lambda plan: str(plan[0].get("year")), default=None)
    example = latest[1] if latest else "data/workplans/2017.yaml"
    raise WorkPlanMissing(
        f"{year} 年还没有工作要点（{expected} 不存在），条目无法添加。请先建立这一年的工作要点："
        f"把 {example} 复制为 {expected}，改写 id（WP{year}）、year、title、issuer、general_requirements "
        "和各部分（sections）的标题，删去旧条目；运行 unionsite validate 检查无误后，"
        f"再用 unionsite new workplan-item --year {year} 添加条目。")


@dataclass(frozen=True)
class Insertion:
    text: str  # the whole file with the item added
    lines: range  # the added lines, 1-based


def add_item(path: Path, before: str, section: int, item: dict[str, Any], guide: str) -> Insertion:
    """Return the text of ``path`` with ``item`` (and ``guide`` above it) ending section ``section``.

    Raises WorkPlanMissing when the section is not in the file, and ValueError when the item
    cannot be added without changing other lines.
    """
    lines = before.splitlines(keepends=True)
    end = _content_end(lines)  # comments closing the file stay at its end, after the new item
    try:
        data = yaml_round_trip().load("".join(lines[:end]))
    except Exception as exc:  # ruamel raises many kinds for a broken file
        raise WorkPlanMissing(f"{path.name} 无法读取（{type(exc).__name__}）；"
                              "请先运行 unionsite validate 修正。") from exc
    sections = data.get("sections") if isinstance(data, CommentedMap) else None
    found = next((s for s in sections if isinstance(s, CommentedMap) and s.get("number") == section), None) \
        if isinstance(sections, CommentedSeq) else None
    if found is None:
        raise WorkPlanMissing(f"{path.name} 中没有第 {section} 部分。")
    items = found.get("items")
    if not isinstance(items, CommentedSeq):
        items = found["items"] = CommentedSeq()
    entry = CommentedMap()
    for key, value in item.items():
        entry[key] = yaml_value(value)
    items.append(entry)
    dash = found.lc.col + 2  # the house layout: items' dashes two columns in from the section's keys
    items.yaml_set_comment_before_after_key(len(items) - 1, before=guide, indent=dash)
    buffer = io.StringIO()
    yaml_round_trip().dump(data, buffer)
    text = buffer.getvalue() + "".join(lines[end:])
    added = _only_added(before, text)
    if added is None:
        raise ValueError("other lines would change")
    text, added = _above_closing_comments(text, added, dash)
    if not _holds(before, text, section, item):
        raise ValueError("the records would change")
    return Insertion(text, added)


def _content_end(lines: list[str]) -> int:
    """The index after a file's last line that is neither blank nor a comment."""
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _only_added(before: str, after: str) -> range | None:
    """The 1-based lines ``after`` adds to ``before`` in one place, or None when it changes any other."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if before and not before.endswith("\n"):
        return None  # ruamel ends the last line; the file's last line would change
    changes = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(changes) != 1 or changes[0][0] != "insert":
        return None
    _, _, _, start, end = changes[0]
    return range(start + 1, end + 1)


def _above_closing_comments(text: str, added: range, dash: int) -> tuple[str, range]:
    """Move the added lines above comments less indented than the items: those head what follows.

    ruamel keeps such a comment (``  # 五、……`` before the next section) with the last item, so
    the new item would land under it.
    """
    lines = text.splitlines(keepends=True)
    start, end = added.start - 1, added.stop - 1
    top, crossed = start, False
    while top > 0 and (not lines[top - 1].strip() or _shallow_comment(lines[top - 1], dash)):
        crossed = crossed or bool(lines[top - 1].strip())
        top -= 1
    if not crossed:
        return text, added
    moved = lines[:top] + lines[start:end] + lines[top:start] + lines[end:]
    return "".join(moved), range(top + 1, top + 1 + end - start)


def _shallow_comment(line: str, dash: int) -> bool:
    return line.lstrip().startswith("#") and len(line) - len(line.lstrip(" ")) < dash


def _holds(before: str, after: str, section: int, item: dict[str, Any]) -> bool:
    """Tell whether ``after`` holds what ``before`` does, plus ``item`` at the end of the section."""
    expected = yaml.safe_load(before)
    for part in expected.get("sections") or []:
        if isinstance(part, dict) and part.get("number") == section:
            part["items"] = [*(part.get("items") or []), item]
    return bool(yaml.safe_load(after) == expected)
