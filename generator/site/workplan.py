"""View models for work-plan pages, built from the work-plan records."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

STATUS_CLASSES = {
    "未开始": "todo", "进行中": "doing", "已完成": "done", "已延期": "delayed", "已取消": "cancelled",
}


@dataclass
class ItemView:
    id: str
    text: str
    status: str
    status_class: str
    responsible: str | None
    progress: list[dict[str, str]]


@dataclass
class SectionView:
    number: int
    title: str
    paragraphs: list[list[ItemView]]

    @property
    def items(self) -> list[ItemView]:
        return [item for paragraph in self.paragraphs for item in paragraph]

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.status == "已完成")


@dataclass
class WorkPlanView:
    id: str
    year: int
    title: str
    issuer: str
    adopted: str | None
    general_requirements: str
    demo: bool
    sections: list[SectionView] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return f"workplan/{self.year}.md"

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def done(self) -> int:
        return sum(s.done for s in self.sections)


def workplan_view(record: dict[str, Any]) -> WorkPlanView:
    """Return the view of one validated work-plan record."""
    view = WorkPlanView(
        id=str(record["id"]),
        year=int(record["year"]),
        title=str(record["title"]),
        issuer=str(record["issuer"]),
        adopted=_text(record.get("adopted")),
        general_requirements=str(record["general_requirements"]),
        demo=record.get("demo") is True,
    )
    for section in record.get("sections") or []:
        items = [_item_view(item) for item in section.get("items") or []]
        paragraphs = [list(group) for _, group in groupby(
            zip(items, section.get("items") or [], strict=True), key=lambda pair: pair[1].get("paragraph"))]
        view.sections.append(SectionView(
            number=int(section["number"]),
            title=str(section["title"]),
            paragraphs=[[item for item, _ in paragraph] for paragraph in paragraphs],
        ))
    return view


def _item_view(item: dict[str, Any]) -> ItemView:
    status = str(item["status"])
    return ItemView(
        id=str(item["id"]),
        text=str(item["text"]),
        status=status,
        status_class=STATUS_CLASSES.get(status, "todo"),
        responsible=_text(item.get("responsible")),
        progress=[{"date": str(p.get("date")), "note": str(p.get("note"))}
                  for p in item.get("progress") or []],
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
