"""One ``unionsite new`` run: what the officer gave, what is still missing, the record it makes.

The command line gives values (``give``), asks for what ``missing`` lists, then takes a
``draft``: the file as it would be, checked with the whole project before anything is written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..catalog import CatalogError
from ..ingest.errors import IngestError
from ..ingest.writing import ingest_lock, write_atomically
from ..problems import Problem
from ..project import Project
from ..schema_check import value_message
from ..validation import validate_project
from .asks import Ask, BadValue, build_asks, record_year
from .ids import file_for, id_year, next_id, taken_ids
from .kinds import DRAFT, KINDS, PUBLICITY, PUBLISHED, Known, section_titles
from .skeleton import item_guide, record_text
from .workplan import Insertion, WorkPlan, WorkPlanMissing, add_item, find_work_plan


class ScaffoldError(Exception):
    """The record cannot be made; the message says why and what to do, in Chinese."""


@dataclass
class Draft:
    """A new record as it would be written: its file's whole text, and what the file holds now."""

    project: Project
    path: Path
    record_id: str
    text: str
    before: str | None = None  # the file's text now (a work plan); None for a new file
    added: range | None = None  # the lines a work plan item adds
    earlier: Counter[tuple[Any, ...]] = field(default_factory=Counter)  # problems the file had before

    @property
    def relpath(self) -> str:
        return self.project.relpath(self.path)

    @property
    def preview(self) -> str:
        """What ``--dry-run`` shows: the new file, or the lines added to the work plan."""
        if self.added is None:
            return self.text
        lines = self.text.splitlines(keepends=True)
        return "".join(lines[self.added.start - 1:self.added.stop - 1])

    def problems(self) -> list[Problem]:
        """Check the project as it would be; return the problems (warnings too) the new record brings."""
        report = validate_project(self.project, strict=True, overlay={self.path: self.text}).report
        mine = [p for p in report.sorted() if p.path == self.relpath]
        if self.added is None:
            return mine
        earlier = Counter(self.earlier)
        new = []
        for problem in mine:
            key = _unplaced(problem)
            if problem.line not in self.added and earlier[key] > 0:
                earlier[key] -= 1
                continue
            new.append(problem)
        return new

    def write(self) -> None:
        """Write the file, unless it appeared or changed since the draft was made."""
        try:
            with ingest_lock(self.project.root):
                now = self.path.read_text(encoding="utf-8") if self.path.exists() else None
                if now != self.before:
                    raise ScaffoldError(f"{self.relpath} 在这期间被建立或改动了，没有写入；请重新运行这条命令。")
                write_atomically(self.path, self.text)
        except IngestError as exc:
            raise ScaffoldError(str(exc)) from exc


class Scaffold:
    """The values of one new record of ``kind``, gathered and checked one by one."""

    def __init__(self, project: Project, kind: str, today: date, year: int | None = None,
                 record_id: str | None = None, publish: bool = False) -> None:
        self.project, self.kind, self.today, self.publish = project, KINDS[kind], today, publish
        try:
            self.catalog, self.settings = project.catalog(), project.settings()
        except CatalogError as exc:
            raise ScaffoldError(str(exc)) from exc
        self.table = self.catalog.tables[self.kind.table]
        self.baseline = validate_project(project)
        self.asks = {ask.name: ask for ask in build_asks(self.kind, self.catalog, self.settings)}
        self.values: dict[str, Any] = {}
        self.taken = taken_ids(project, self.baseline, self.table.folder)
        self.forced_id = record_id
        self.year_given = year
        if record_id is not None:
            self.year_given = self._check_forced_id(record_id, year)
        self.work_plan: WorkPlan | None = None
        if self.kind.name == "workplan-item":
            try:
                self.work_plan = find_work_plan(project, self.baseline, self.year_given or today.year)
            except WorkPlanMissing as exc:
                raise ScaffoldError(str(exc)) from exc

    # Gathering values.

    def parse(self, name: str, raw: Any) -> Any:
        """Read an answer for ``name``; raise BadValue with the reason when it cannot be used."""
        value = self.asks[name].parse(raw)
        problem = self.kind.check(name, value, self._known(self.values))
        if problem:
            raise BadValue(problem)
        return value

    def give(self, name: str, raw: Any) -> None:
        """Take the officer's answer for ``name`` (an empty one leaves it out)."""
        value = self.parse(name, raw)
        if value is None or value == []:
            self.values.pop(name, None)
        else:
            self.values[name] = value

    def forget(self, name: str) -> None:
        self.values.pop(name, None)

    def missing(self) -> list[Ask]:
        """What must still be given: required, not given, and with no default to fill it."""
        required_now = self.kind.required_when(self.values)
        return [ask for ask in self.asks.values()
                if (ask.required or ask.name in required_now) and ask.name not in self.values
                and ask.name not in self.kind.defaulted and not self._today_fills(ask.name)]

    def suggestion(self, ask: Ask) -> str | None:
        """The value the latest record of this kind has, offered when the officer is asked."""
        if ask.name not in self.kind.suggest or self.baseline.flattened is None:
            return None
        rows = self.baseline.flattened.tables[self.table.name].rows
        if ask.name == "objection_contact":
            rows = [row for row in rows if row.get("kind") == PUBLICITY]
        found = [row[ask.name] for row in rows if isinstance(row.get(ask.name), str) and row[ask.name].strip()]
        return found[-1] if found else None

    def ask_for_field(self, name: str | None) -> str | None:
        """The ask a problem's field belongs to: the field itself, or the one list that has it."""
        if name is None or name in self.asks:
            return name
        owners = [ask.name for ask in self.asks.values() if ask.child is not None and name in ask.child.field_map]
        return owners[0] if len(owners) == 1 else None

    def sections(self) -> dict[int, str]:
        """The sections of the year's work plan (workplan-item only): number → title."""
        return section_titles(self._known(self.values))

    # Making the record.

    def _year(self, values: dict[str, Any]) -> int:
        """The record's year: --year or the forced id's, else its date's, else this year."""
        if self.year_given is not None:
            return self.year_given
        return record_year(values.get(self.kind.dated_by or "")) or self.today.year

    def record_values(self) -> dict[str, Any]:
        """The officer's values with the defaults added."""
        values = dict(self.values)
        if self.kind.dated_by and self._today_fills(self.kind.dated_by):
            values[self.kind.dated_by] = self.today
        for name, value in self.kind.defaults(self._known(values)).items():
            values.setdefault(name, value)
        return values

    def draft(self) -> Draft:
        """The record as it would be written; raise ScaffoldError when it cannot be made."""
        missing = self.missing()
        if missing:
            raise ScaffoldError("还缺少：" + "、".join(ask.label for ask in missing))
        values = self.record_values()
        if self.work_plan is not None:
            return self._item_draft(self.work_plan, values)
        folder, year = self.table.folder or "", self._year(values)
        record_id = self.forced_id or next_id(f"{self.kind.prefix}{year}-", self.kind.digits, self.taken)
        record = {"id": record_id, **values, "state": PUBLISHED if self.publish else DRAFT}
        minimums = {ask.name: ask.minimum for ask in self.asks.values() if ask.minimum}
        text = record_text(self.kind.name, self.catalog, self.table, record, minimums)
        return Draft(self.project, file_for(self.project, folder, year, record_id), record_id, text)

    def _item_draft(self, plan: WorkPlan, values: dict[str, Any]) -> Draft:
        section = values.pop("section")
        stem = f"{plan.id}-{section}-"
        record_id = self.forced_id or next_id(stem, self.kind.digits, self.taken)
        if not record_id.startswith(stem):
            raise ScaffoldError(f"编号 {record_id} 不属于第 {section} 部分（应以 {stem} 开头）。")
        item = {"id": record_id, **{spec.name: values[spec.name] for spec in self.table.own_fields
                                    if spec.name in values}}
        before = plan.path.read_text(encoding="utf-8")
        guide = item_guide(self.kind.name, self.catalog, self.table)
        try:
            inserted: Insertion = add_item(plan.path, before, section, item, guide)
        except WorkPlanMissing as exc:
            raise ScaffoldError(str(exc)) from exc
        except ValueError as exc:
            raise ScaffoldError(
                f"{self.project.relpath(plan.path)} 的排版（缩进、引号或注释的位置）与工具写出的格式不同，"
                "自动添加会改动文件中的其他行，所以没有写入。请照该部分已有条目的样子手动添加。") from exc
        relpath = self.project.relpath(plan.path)
        earlier = Counter(_unplaced(p) for p in self.baseline.report.problems if p.path == relpath)
        return Draft(self.project, plan.path, record_id, inserted.text, before, inserted.lines, earlier)

    # Helpers.

    def _today_fills(self, name: str) -> bool:
        """Tell whether ``name`` defaults to today: the kind says so and the record is of this year."""
        return (self.kind.today_default and name == self.kind.dated_by and name not in self.values
                and self.year_given in (None, self.today.year))

    def _known(self, values: dict[str, Any]) -> Known:
        typed = self.baseline.typed

        def rows(table: str) -> list[dict[str, Any]]:
            return typed.rows.get(table, []) if typed else []

        return Known(values, self.settings, self.today, self._year(values), rows,
                     self.work_plan.id if self.work_plan else None)

    def _check_forced_id(self, record_id: str, year: int | None) -> int:
        spec = self.table.field_map["id"]
        message = value_message(spec, record_id)
        if message:
            raise ScaffoldError(f"--id：{message}")
        if record_id in self.taken:
            raise ScaffoldError(f"编号 {record_id} 已被 {self.taken[record_id]} 使用；"
                                "不加 --id 时会自动取下一个未用的编号。")
        found = id_year(record_id, self.kind.prefix)
        if found is None:
            raise ScaffoldError(f"--id：编号 {record_id} 应以 {self.kind.prefix}年份- 开头。")
        if year is not None and found != year:
            raise ScaffoldError(f"编号 {record_id} 的年份与 --year {year} 不一致。")
        return found


def _unplaced(problem: Problem) -> tuple[Any, ...]:
    """A problem without its line and column, which an added item moves."""
    return (problem.code, problem.message, problem.field, problem.record_id, problem.severity)
