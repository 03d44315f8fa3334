"""The pages the plugin adds to a build, as (URI, Markdown) pairs made from the records."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import RecordFile
from .render import Renderer
from .workplan import WorkPlanView, workplan_view


@dataclass(frozen=True)
class GeneratedPage:
    uri: str
    content: str


def generated_pages(files: list[RecordFile], renderer: Renderer) -> list[GeneratedPage]:
    """Return every page made from records, given records that passed validation."""
    plans = sorted(
        (workplan_view(f.document.root) for f in files if f.table.kind == "workplan"),
        key=lambda plan: plan.year, reverse=True)
    pages = [GeneratedPage("workplan/index.md", renderer.render("workplan_index.md", plans=plans))]
    pages.extend(_workplan_page(plan, renderer) for plan in plans)
    return pages


def _workplan_page(plan: WorkPlanView, renderer: Renderer) -> GeneratedPage:
    return GeneratedPage(plan.uri, renderer.render("workplan.md", plan=plan))
