"""Finding the header row of an export and the columns each form field is answered in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .errors import IngestError
from .forms import FormDefinition, FormField
from .headers import match_keys, normalise_text, option_label, question_text, split_sub_item
from .platforms import Platform, detect_platform
from .reading import Sheet

HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    option: str | None = None  # the option a per-option column stands for
    other: bool = False  # the "other, please specify" blank of a multi-select


@dataclass
class Layout:
    """Where things are in an export: its header row, platform, and each field's columns."""

    header_row: int  # 0-based index in the sheet
    headers: list[str]
    platform: Platform
    columns: dict[str, list[Column]] = field(default_factory=dict)
    _found: dict[tuple[str, ...], int | None] = field(default_factory=dict, repr=False)

    @cached_property
    def answer_indexes(self) -> set[int]:
        """The columns that hold answers to the form's questions."""
        return {c.index for columns in self.columns.values() for c in columns}

    def first_column(self, *headers: str) -> int | None:
        """Return the index of the first of ``headers`` the export has (asked once per row: cached)."""
        if headers not in self._found:
            normalised = [normalise_text(h) for h in self.headers]
            wanted = [normalise_text(h) for h in headers]
            self._found[headers] = next((normalised.index(h) for h in wanted if h in normalised), None)
        return self._found[headers]


def find_layout(sheet: Sheet, form: FormDefinition, platform: Platform | None = None) -> Layout:
    """Return the export's layout; raise IngestError when the form's questions are not there."""
    header_row = _header_row(sheet, form)
    headers = [cell or "" for cell in sheet.rows[header_row]]
    while headers and not headers[-1]:  # Tencent's trailing comma adds an empty column
        headers.pop()
    layout = Layout(header_row, headers, platform or detect_platform(headers))
    missing = []
    for form_field in form.fields:
        columns = _columns_for(form_field, headers, layout.platform)
        if columns:
            layout.columns[form_field.name] = columns
        elif form_field.required:
            missing.append(f"“{form_field.questions[0]}”（{form_field.name}）")
    if missing:
        raise IngestError(f"导出文件中找不到这些题目：{'、'.join(missing)}。文件的表头是："
                          f"{'、'.join(h for h in headers if h)}。请确认选择了正确的表单（--form），"
                          "或在表单定义中为题目添加别名（aliases）。", code="questions-missing")
    _refuse_another_form(layout, form)
    return layout


def _refuse_another_form(layout: Layout, form: FormDefinition) -> None:
    """An export whose questions are mostly not the form's is probably another form's export."""
    used = layout.answer_indexes
    unknown = [h for i, h in enumerate(layout.headers)
               if h and i not in used and normalise_text(h) not in layout.platform.metadata]
    if len(unknown) >= 3 and len(unknown) > len(layout.columns):
        raise IngestError(f"导出文件的题目大多不属于表单“{form.title}”（{form.name}）：{'、'.join(unknown[:8])}"
                          f"{'……' if len(unknown) > 8 else ''}。请确认 --form 选对了表单；"
                          "如果这些确实是该表单新增的题目，请在表单定义中加上对应字段（不需要的设为 privacy: drop）。",
                          code="other-form")


def _header_row(sheet: Sheet, form: FormDefinition) -> int:
    wanted = set().union(*(f.keys for f in form.fields))
    best, best_score = None, 0
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        score = sum(1 for cell in row if cell and _keys(cell) & wanted)
        if score > best_score:
            best, best_score = index, score
    required = sum(1 for f in form.fields if f.required)
    if best is None or best_score < min(2, max(required, 1)):
        raise IngestError("在文件前 30 行中找不到表头（含有表单题目的一行）；请确认文件是该表单的导出结果。",
                          code="header-not-found")
    return best


def _keys(header: str) -> set[str]:
    text = question_text(header)
    base, _ = split_sub_item(text)
    return set(match_keys(text)) | set(match_keys(base))


def _columns_for(form_field: FormField, headers: list[str], platform: Platform) -> list[Column]:
    keys = form_field.keys
    asked = {normalise_text(q) for q in form_field.questions}  # a field may ask for a platform column itself
    direct = [Column(i, h) for i, h in enumerate(headers)
              if h and set(match_keys(question_text(h))) & keys
              and (normalise_text(h) not in platform.metadata or normalise_text(h) in asked)]
    if not direct:
        direct = _sub_item_columns(form_field, headers)
    if not direct and form_field.type == "multi_choice" and form_field.options:
        direct = _numbered_option_columns(form_field, headers)
    if form_field.occurrence is not None:
        return direct[form_field.occurrence - 1:form_field.occurrence]
    return direct


_NUMBERED_OPTION = re.compile(r"^第\s*(\d+)\s*题\s*[(（](.+)[)）]$")


def _numbered_option_columns(form_field: FormField, headers: list[str]) -> list[Column]:
    """问卷星's by-number export names a multi-select's columns ``第5题(乒乓球)``: only the number and
    the option, never the question; the group whose options are the field's own is the one."""
    groups: dict[str, list[Column]] = {}
    for index, header in enumerate(headers):
        match = _NUMBERED_OPTION.match(normalise_text(header)) if header else None
        if match:
            groups.setdefault(match.group(1), []).append(Column(index, header, match.group(2).strip()))
    options = set(form_field.options)
    scored = [(len({c.option for c in columns} & options), columns) for columns in groups.values()]
    best = max(scored, key=lambda pair: pair[0], default=(0, []))
    return best[1] if best[0] else []


def _sub_item_columns(form_field: FormField, headers: list[str]) -> list[Column]:
    """Columns headed ``question:sub-item``: a cascade's levels, or one column per option."""
    columns = []
    for index, header in enumerate(headers):
        base, sub = split_sub_item(question_text(header)) if header else ("", None)
        if sub is None or not set(match_keys(base)) & form_field.keys:
            continue
        label, is_other = option_label(sub)
        is_option = form_field.type == "multi_choice"
        columns.append(Column(index, header, label if is_option else None, is_other and is_option))
    return columns
