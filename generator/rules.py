"""Checks that span fields or files, which a Table Schema cannot say.

Each rule reads the flattened tables and returns Problems; none raises on odd values, since
the schema check reports those.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from .catalog import FieldSpec
from .dates import impossible_date_reason, impossible_time_reason, parse_date, parse_date_or_datetime, parse_when
from .problems import Problem, Severity
from .project import Project, Settings
from .tables import Flattened, Table

Rule = Callable[[Flattened, Settings, Project], Iterator[Problem]]


def check_rules(flat: Flattened, settings: Settings, project: Project) -> list[Problem]:
    """Run every rule and return the problems they found."""
    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule(flat, settings, project))
    return problems


def _problem(table: Table, index: int, field: str | None, code: str, message: str,
             severity: Severity = Severity.ERROR, found: str | None = None,
             expected: str | None = None) -> Problem:
    origin = table.origins[index]
    where = origin.cell(field)
    return Problem(origin.path, where.line, where.col, code, message, severity=severity,
                   record_id=origin.record_id, field=field, found=found, expected=expected)


def _rows(flat: Flattened, name: str) -> Iterator[tuple[Table, int, dict[str, Any]]]:
    table = flat.tables.get(name)
    if table is None:
        return
    for index, row in enumerate(table.rows):
        yield table, index, row


def impossible_temporal_values(flat: Flattened, settings: Settings,
                               project: Project) -> Iterator[Problem]:
    """Date-or-time fields whose shape is right but whose calendar day does not exist."""
    for table in flat.tables.values():
        for spec_field in (f for f in table.spec.fields if f.temporal):
            for index, row in enumerate(table.rows):
                value = row.get(spec_field.name)
                if not isinstance(value, str) or parse_date_or_datetime(value) is not None:
                    continue
                message = impossible_temporal_message(spec_field, value)
                if message:
                    yield _problem(table, index, spec_field.name, "invalid-date", message, found=value)


def impossible_temporal_message(spec_field: FieldSpec, value: str) -> str | None:
    """Say why a date or time of the right shape (``2017-02-30``, ``2017-03-08 25:00``) does not exist."""
    date_reason, time_reason = impossible_date_reason(value), impossible_time_reason(value)
    if not (date_reason or time_reason):
        return None
    what, reason = ("日期", date_reason) if date_reason else ("时间", time_reason)
    return f"{spec_field.label}写的是“{value}”，这个{what}不存在：{reason}。"


def end_before_start(flat: Flattened, settings: Settings, project: Project) -> Iterator[Problem]:
    """Periods whose end comes before their start."""
    pairs = [("events", "start", "end", "结束时间", "开始时间"),
             ("notices", "publicity_start", "publicity_end", "公示结束日期", "公示开始日期"),
             ("proposals", "submitted", "reply_date", "答复日期", "提交日期")]
    for name, start_field, end_field, end_title, start_title in pairs:
        for table, index, row in _rows(flat, name):
            start, end = parse_when(row.get(start_field)), parse_when(row.get(end_field))
            if start is None or end is None:
                continue
            if _comparable(end) < _comparable(start):
                yield _problem(table, index, end_field, "end-before-start",
                               f"{end_title}（{end_field}）“{row[end_field]}”早于"
                               f"{start_title}“{row[start_field]}”。",
                               found=str(row[end_field]), expected=f"不早于 {row[start_field]}")


def _comparable(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def publicity_period(flat: Flattened, settings: Settings, project: Project) -> Iterator[Problem]:
    """A 公示 needs its period and objection contact, and the period its minimum length."""
    required = ("publicity_start", "publicity_end", "objection_contact")
    titles = {"publicity_start": "公示开始日期", "publicity_end": "公示结束日期",
              "objection_contact": "异议联系方式"}
    for table, index, row in _rows(flat, "notices"):
        if row.get("kind") != "公示":
            continue
        for name in required:
            if not row.get(name):
                yield _problem(table, index, None, "publicity-missing",
                               f"公示必须填写{titles[name]}（{name}）。", expected=titles[name])
        start, end = _day(row.get("publicity_start")), _day(row.get("publicity_end"))
        if start is None or end is None or end < start:
            continue
        days = (end - start).days + 1
        if days < settings.publicity_min_days:
            yield _problem(table, index, "publicity_end", "publicity-too-short",
                           f"公示期从 {start} 到 {end} 只有 {days} 天，"
                           f"应不少于 {settings.publicity_min_days} 天（含首尾两天）。",
                           found=f"{days} 天", expected=f"至少 {settings.publicity_min_days} 天")


def _day(value: Any) -> date | None:
    return parse_date(value) if isinstance(value, str) else None


def cosigner_threshold(flat: Flattened, settings: Settings, project: Project) -> Iterator[Problem]:
    """Every proposal needs at least the configured number of co-signers."""
    counts = Counter(row.get("proposal_id") for _, _, row in _rows(flat, "proposal_cosigners"))
    for table, index, row in _rows(flat, "proposals"):
        count = counts.get(row.get("id"), 0)
        if count < settings.proposal_min_cosigners:
            yield _problem(table, index, "cosigners", "too-few-cosigners",
                           f"提案只有 {count} 名附议人（cosigners），"
                           f"至少需要 {settings.proposal_min_cosigners} 名。",
                           found=str(count), expected=str(settings.proposal_min_cosigners))


def merged_proposals(flat: Flattened, settings: Settings, project: Project) -> Iterator[Problem]:
    """并案 names the proposal it joins; other decisions do not."""
    for table, index, row in _rows(flat, "proposals"):
        merged, decision = row.get("merged_into"), row.get("decision")
        if decision == "并案" and not merged:
            yield _problem(table, index, "decision", "merged-into-missing",
                           "审查结论为“并案”时，须在并入提案（merged_into）中写明并入哪件提案。")
        elif merged and decision != "并案":
            yield _problem(table, index, "merged_into", "merged-into-unused",
                           f"填写了并入提案“{merged}”，但审查结论不是“并案”。",
                           severity=Severity.WARNING)
        if merged and merged == row.get("id"):
            yield _problem(table, index, "merged_into", "merged-into-self",
                           "提案不能并入它自己。", found=str(merged))


def attachment_files(flat: Flattened, settings: Settings, project: Project) -> Iterator[Problem]:
    """Attachments exist under ``content/`` with the recorded size and checksum."""
    for table, index, row in _rows(flat, "notice_attachments"):
        relative = row.get("file")
        if not isinstance(relative, str) or not relative:
            continue
        path = project.content_dir / relative
        if ".." in PurePosixPath(relative).parts or not path.is_file():
            yield _problem(table, index, "file", "attachment-missing",
                           f"附件文件 content/{relative} 不存在；请把文件放到 content/ 下对应位置。",
                           found=relative)
            continue
        yield from _attachment_mismatch(table, index, row, path)


def _attachment_mismatch(table: Table, index: int, row: dict[str, Any],
                         path: Path) -> Iterator[Problem]:
    data = path.read_bytes()
    size, digest = len(data), hashlib.sha256(data).hexdigest()
    if isinstance(row.get("size"), int) and row["size"] != size:
        yield _problem(table, index, "size", "attachment-mismatch",
                       f"附件大小（size）记为 {row['size']} 字节，文件实际为 {size} 字节；"
                       "如果文件确实更换了，请同时更新大小和校验值。",
                       found=str(row["size"]), expected=str(size))
    recorded = row.get("sha256")
    if isinstance(recorded, str) and len(recorded) == 64 and recorded.lower() != digest:
        yield _problem(table, index, "sha256", "attachment-mismatch",
                       f"附件校验值（sha256）与文件不符，文件的校验值是 {digest}。",
                       found=recorded, expected=digest)


def id_matches_file_name(flat: Flattened, settings: Settings,
                         project: Project) -> Iterator[Problem]:
    """A record's file is named after its id, so officers find it by id."""
    for table in flat.tables.values():
        if not table.spec.is_root:
            continue
        pattern = re.compile(table.spec.field_map["id"].pattern or ".*")
        for index, row in enumerate(table.rows):
            record_id, path = row.get("id"), table.origins[index].path
            if not isinstance(record_id, str) or not pattern.fullmatch(record_id):
                continue  # a malformed id is reported by the schema check
            if _stem(path) not in (record_id, str(row.get("year"))):  # yearly kinds: 2017.yaml
                yield _problem(table, index, "id", "id-filename-mismatch",
                               f"编号“{record_id}”与文件名“{PurePosixPath(path).name}”不一致；"
                               f"建议把文件改名为 {record_id}.yaml。",
                               severity=Severity.WARNING, found=record_id)


def _stem(path: str) -> str:
    """``PurePosixPath(path).stem`` without making a path: this is asked of every record."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def one_work_plan_a_year(flat: Flattened, settings: Settings, project: Project) -> Iterator[Problem]:
    """Each year has one work plan: the site shows it at one address."""
    first: dict[Any, int] = {}
    for table, index, row in _rows(flat, "workplans"):
        year = row.get("year")
        if year is None:
            continue
        if year in first:
            earlier = table.origins[first[year]]
            yield _problem(table, index, "year", "duplicate-year",
                           f"{year} 年已经有一份工作要点（{earlier.path}），每年只能有一份。", found=str(year))
        else:
            first[year] = index


RULES: list[Rule] = [
    impossible_temporal_values,
    end_before_start,
    publicity_period,
    cosigner_threshold,
    merged_proposals,
    attachment_files,
    id_matches_file_name,
    one_work_plan_a_year,
]
