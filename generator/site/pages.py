"""The pages and files a build adds, each named by its URI and the template that draws it."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from .model import Event, SiteModel

MONTHS = range(1, 13)


@dataclass
class SitePage:
    """A page made from records: rendered from ``template`` with ``context`` at build time.

    ``toc`` lists the (anchor, title) headings mkdocs should know for its table of contents
    and search sections; ``listed`` pages are the ones the navigation may name.
    """

    uri: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    toc: list[tuple[str, str]] = field(default_factory=list)
    listed: bool = False


@dataclass
class SiteFile:
    """A file made from records that is not a page: a feed, a calendar, a download."""

    uri: str
    make: Callable[[], bytes]
    # What the bytes are made from, when comparing it is cheaper than making them: equal in two
    # builds, equal bytes (a preview leaves the file as it was). None: the file is always made.
    inputs: Any = None


def site_pages(model: SiteModel) -> list[SitePage]:
    """Return every page made from the records, listing pages first."""
    pages = [SitePage("index.md", "首页", "home.html", listed=True)]
    pages += _workplan_pages(model)
    pages += _event_pages(model)
    pages += _award_pages(model)
    pages += _notice_pages(model)
    pages += _proposal_pages(model)
    pages += _archive_pages(model)
    return pages


def _workplan_pages(model: SiteModel) -> list[SitePage]:
    pages = [SitePage("workplan/index.md", "工作要点", "workplan_index.html", listed=True)]
    for plan in model.workplans:
        toc = [(f"section-{s.number}", s.title) for s in plan.sections]
        pages.append(SitePage(plan.uri, f"{plan.year}年工作要点", "workplan.html", {"plan": plan}, toc))
    return pages


def _event_pages(model: SiteModel) -> list[SitePage]:
    pages = [SitePage("events/index.md", "活动", "events_index.html", listed=True)]
    for year, events in groupby(model.events, key=lambda e: e.start_day.year):
        year_events = list(events)
        by_month = [(month, list(group)) for month, group in groupby(year_events, key=lambda e: e.start_day.month)]
        pages.append(SitePage(f"events/{year}/index.md", f"{year}年活动", "events_year.html",
                              {"year": year, "months": by_month, "events": year_events},
                              [(f"month-{m}", f"{m}月") for m, _ in by_month]))
        pages += [SitePage(e.uri, e.title, "event.html", {"event": e}) for e in year_events]
    months = calendar_months(model)
    on_day = events_by_day(model.events)
    for index, month_start in enumerate(months):
        pages.append(SitePage(
            calendar_uri(month_start), f"{month_start.year}年{month_start.month}月活动日历", "calendar.html",
            {"month": month_start, "weeks": month_weeks(on_day, month_start),
             "previous": calendar_uri(months[index - 1]) if index else None,
             "next": calendar_uri(months[index + 1]) if index + 1 < len(months) else None}))
    return pages


def events_by_day(events: list[Event]) -> dict[date, list[Event]]:
    """Every day that has events, with the events on it (an event of several days is on each), in order."""
    on_day: dict[date, list[Event]] = {}
    for event in events:
        day = event.start_day
        while day <= event.end_day:
            on_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    return on_day


def month_weeks(on_day: dict[date, list[Event]], month_start: date) -> list[list[tuple[date, list[Event]]]]:
    """Return the weeks (Monday first) of a month, each day with the events on it."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month_start.year, month_start.month)
    return [[(day, on_day.get(day, [])) for day in week] for week in weeks]


def calendar_months(model: SiteModel) -> list[date]:
    """Return the first day of every month of every year that has events."""
    years = sorted({year for e in model.events for year in range(e.start_day.year, e.end_day.year + 1)})
    return [date(year, month, 1) for year in years for month in MONTHS]


def calendar_uri(month_start: date) -> str:
    return f"events/calendar/{month_start:%Y-%m}.md"


def _award_pages(model: SiteModel) -> list[SitePage]:
    pages = [SitePage("awards/index.md", "表彰", "awards_index.html", listed=True),
             SitePage("awards/units/index.md", "各单位荣誉", "units_index.html")]
    pages += [SitePage(a.uri, a.title, "award_list.html", {"award_list": a}) for a in model.award_lists]
    for unit, honours in model.units().items():
        uri = honours[0][1].unit_uri
        pages.append(SitePage(uri, f"{unit}的荣誉", "unit.html", {"unit": unit, "honours": honours}))
    return pages


def _notice_pages(model: SiteModel) -> list[SitePage]:
    pages = [SitePage("notices/index.md", "公示公告", "notices_index.html", listed=True)]
    for year, notices in groupby(sorted(model.notices, key=lambda n: n.year, reverse=True), key=lambda n: n.year):
        year_notices = list(notices)
        pages.append(SitePage(f"notices/{year}/index.md", f"{year}年公示公告", "notices_year.html",
                              {"year": year, "notices": year_notices}))
        pages += [SitePage(n.uri, n.title, "notice.html", {"notice": n}) for n in year_notices]
    return pages


def _proposal_pages(model: SiteModel) -> list[SitePage]:
    pages = [SitePage("proposals/index.md", "提案", "proposals_index.html", listed=True)]
    for year, proposals in groupby(model.proposals, key=lambda p: p.year):
        year_proposals = list(proposals)
        pages.append(SitePage(f"proposals/{year}/index.md", f"{year}年提案", "proposals_year.html",
                              {"year": year, "proposals": year_proposals}))
        pages += [SitePage(p.uri, f"第{p.number}号提案：{p.title}", "proposal.html", {"proposal": p})
                  for p in year_proposals]
    return pages


def _archive_pages(model: SiteModel) -> list[SitePage]:
    pages = [SitePage("archive/index.md", "归档", "archive_index.html", listed=True)]
    pages += [SitePage(f"archive/{year}.md", f"{year}年归档", "archive_year.html",
                       {"year": year, "kinds": model.by_year(year)}) for year in model.years]
    return pages
