"""Each data row of an export as a submission: its fields normalised, or why it cannot be used."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .. import forking
from ..dates import CHINA
from . import values
from .columns import Column, Layout
from .forms import FormDefinition, FormField
from .platforms import Platform
from .reading import Sheet

TOTAL_WORDS = ("合计", "总计", "共计", "小计", "总数", "Total", "total")
NORMALISERS = {
    "text": values.text, "name": values.name, "staff_id": values.staff_id, "phone": values.phone,
    "boolean": values.boolean, "date": values.date_value, "datetime": values.datetime_value,
    "attachment": values.hyperlink,
}


@dataclass(slots=True)  # one per row of an export: 100,000 of them
class Submission:
    """One data row: ``row`` is its number as the officer sees it in the file."""

    row: int
    fields: dict[str, Any] = field(default_factory=dict)
    submitted: datetime | None = None
    serial: str | None = None
    order: int = 0  # position in submission order (oldest first)
    key: str = ""  # the identity key, once known
    identity: tuple[str, ...] | None = None  # its parts, until submissions are grouped by them
    blank: str | None = None
    rejected: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not (self.blank or self.rejected or self.review)


# Below this many rows, a child to read some of them costs more than it saves.
MIN_ROWS_FOR_CHILD = 2000
RUNS = 100  # progress moves a run at a time

# A day's grace: an export made abroad, or on a computer whose clock is a little ahead.
FUTURE_TOLERANCE = timedelta(days=1)


def read_submissions(sheet: Sheet, layout: Layout, form: FormDefinition,
                     progress: Callable[[int], None] | None = None,
                     then: Callable[[Submission], None] | None = None) -> list[Submission]:
    """Return one Submission per data row below the header, in submission order kept in ``order``.

    A large export is read by two processes (see ``forking``), each taking runs of rows.
    ``progress`` is told how many rows were read, a run at a time. ``then`` is done to each
    submission as soon as it is read, by the process that read it: the caller's own look at
    each row is shared too.
    """
    reading = _Reading(layout, form, datetime.now(CHINA) + FUTURE_TOLERANCE)
    data_rows = sheet.rows[layout.header_row + 1:]
    first_row = layout.header_row + 2  # as the officer sees it: 1-based, below the header

    def read_run(run: range) -> list[Submission]:
        read = [_submission(first_row + offset, data_rows[offset], reading) for offset in run]
        if then is not None:
            for submission in read:
                then(submission)
        return read

    parts = forking.share_runs(len(data_rows), read_run, MIN_ROWS_FOR_CHILD, runs=RUNS,
                               done=None if progress is None else lambda run: progress(len(run)))
    submissions = [submission for part in parts for submission in part]
    count = len(submissions)
    for position, submission in enumerate(submissions):
        submission.order = count - position if layout.platform.newest_first else position
    return submissions


class _Reading:
    """What every row of one export is read with, worked out once rather than once a row."""

    def __init__(self, layout: Layout, form: FormDefinition, latest: datetime) -> None:
        self.layout = layout
        self.platform = layout.platform
        self.latest = latest  # a later submission time is in the future
        self.fields = [(f, layout.columns.get(f.name, [])) for f in form.fields]
        self.timestamps = [layout.first_column(header) for header in layout.platform.timestamps]
        self.serial_index = layout.first_column(self.platform.serial) if self.platform.serial else None


def _submission(row: int, cells: list[str | None], reading: _Reading) -> Submission:
    submission = Submission(row)
    platform = reading.platform
    null_markers = platform.null_markers
    # Most cells are answers with nothing to clean, told so without a call each.
    cleaned = [cell if cell and not cell[0].isspace() and not cell[-1].isspace() and cell not in null_markers
               else None if cell is None else _clean(cell, null_markers) for cell in cells]
    blank = _blank_reason(cleaned, reading.layout)
    if blank:
        submission.blank = blank
        return submission
    submission.submitted = _timestamp(cleaned, reading.timestamps)
    if submission.submitted and submission.submitted > reading.latest:
        submission.review.append(f"提交时间 {submission.submitted:%Y-%m-%d %H:%M} 晚于现在；"
                                 "请核对导出文件中的时间（或电脑的日期）")
    serial_index = reading.serial_index
    if serial_index is not None and serial_index < len(cleaned):
        submission.serial = cleaned[serial_index]
    fields = submission.fields
    for form_field, columns in reading.fields:
        value = _field_value(form_field, columns, cleaned, platform, submission)
        if value is None and form_field.required and not _reported(submission, form_field):
            submission.rejected.append(f"缺少必填项“{form_field.questions[0]}”")
        fields[form_field.name] = value
    return submission


def _reported(submission: Submission, form_field: FormField) -> bool:
    return any(form_field.questions[0] in reason for reason in submission.review)


def _clean(cell: str, null_markers: frozenset[str]) -> str | None:
    value = cell.lstrip("\t")  # Tencent prefixes digit-only answers with a TAB for Excel's sake
    stripped = value.strip()
    if stripped in null_markers or stripped == "":
        return None
    return value


def _blank_reason(cells: list[str | None], layout: Layout) -> str | None:
    answer_indexes = layout.answer_indexes
    if not any(c and i in answer_indexes for i, c in enumerate(cells)):
        present = [c for c in cells if c]
        if not present:
            return "空行"
        if any(c.strip() in TOTAL_WORDS for c in present):
            return "合计行"
        return "没有任何回答"
    first = next(c for c in cells if c)
    if first.strip().rstrip(":：") in TOTAL_WORDS:
        return "合计行"
    return None


def _timestamp(cells: list[str | None], indexes: list[int | None]) -> datetime | None:
    for index in indexes:
        if index is not None and index < len(cells) and cells[index]:
            parsed = values.parse_datetime(cells[index] or "")
            if parsed:
                return parsed
    return None


def _field_value(form_field: FormField, columns: list[Column], cells: list[str | None], platform: Platform,
                 submission: Submission) -> Any:
    if not columns:
        return None
    if form_field.type == "multi_choice":
        return _multi_choice(form_field, columns, cells, platform)
    if len(columns) == 1:  # most questions: one column, and no generator to find it
        index = columns[0].index
        raw = cells[index] if index < len(cells) else None
    else:  # the last answered of the columns that ask it
        raw = next((cells[c.index] for c in reversed(columns) if c.index < len(cells) and cells[c.index]), None)
    if not raw:
        return None
    if form_field.type == "choice":
        return _choice(form_field, raw, platform)
    if form_field.name == "email" and raw.strip().lower() in platform.anonymous:
        return None
    if form_field.options and raw.strip() in platform.skipped_codes:
        return None
    if form_field.type == "boolean" and form_field.options:
        raw = _choice(form_field, raw, platform) or ""  # by-number exports write 1 for 是, 2 for 否
    result = NORMALISERS[form_field.type](raw)
    if result.review:
        submission.review.append(f"{form_field.questions[0]}：{result.review}")
    if result.reject:
        submission.rejected.append(f"{form_field.questions[0]}：{result.reject}")
    return result.value


def _choice(form_field: FormField, raw: str, platform: Platform) -> str | None:
    value = raw.strip()
    if value in platform.skipped_codes:
        return None
    if platform.option_prefix:
        value = platform.option_prefix.sub("", value)
    value = _other_text(form_field, value, platform)
    if value.isdigit() and form_field.options and value not in form_field.options:
        index = int(value) - 1  # an export "by option number" (按选项序号)
        if 0 <= index < len(form_field.options):
            value = form_field.options[index]
    return form_field.mapping.get(value, value)


def _other_text(form_field: FormField, value: str, platform: Platform) -> str:
    if platform.other_text:
        match = platform.other_text.match(value)
        if match:
            return match.group("text").strip() if form_field.other else match.group("label").strip()
    return value


def _multi_choice(form_field: FormField, columns: list[Column], cells: list[str | None],
                  platform: Platform) -> list[str] | None:
    chosen: list[str] = []
    for column in columns:
        cell = cells[column.index] if column.index < len(cells) else None
        if not cell:
            continue
        if column.other:
            chosen.append(cell.strip())
        elif column.option is not None:
            if cell.strip() not in ("0", *platform.skipped_codes):
                chosen.append(column.option)
        else:
            chosen.extend(_split_choices(cell, form_field, platform))
    picked = [form_field.mapping.get(c, c) for c in chosen if c]
    return list(dict.fromkeys(picked)) or None


def _split_choices(cell: str, form_field: FormField, platform: Platform) -> list[str]:
    """Split a multi-select cell, keeping together options whose own text holds the separator."""
    separators = [s for s in platform.separators if s in cell] or list(platform.separators[:1])
    pieces = re.split("|".join(re.escape(s) for s in separators), cell)
    options = set(form_field.options)
    result: list[str] = []
    for piece in (p.strip() for p in pieces):
        if platform.option_prefix:
            piece = platform.option_prefix.sub("", piece)
        if not piece:
            continue
        joined = f"{result[-1]}{separators[0]}{piece}" if result else None
        if joined and options and result[-1] not in options and (joined in options or any(
                o.startswith(joined) for o in options)):
            result[-1] = joined
            continue
        result.append(_other_text(form_field, piece, platform))
    return result
