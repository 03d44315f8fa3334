"""Everything one build adds to the site, made from one clean validation."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

from ..catalog import Catalog
from ..dates import CHINA
from ..history import last_changes
from ..validation import Validation
from .assemble import assemble_site, record_sources
from .feeds import calendar_of, notice_feed
from .model import SiteModel
from .opendata import open_data_files
from .pages import SiteFile, SitePage, site_pages

ASSETS = ("unionsite.css", "unionsite.js", "search.js")


@dataclass
class SiteBuild:
    model: SiteModel
    catalog: Catalog
    pages: list[SitePage] = field(default_factory=list)
    files: list[SiteFile] = field(default_factory=list)

    def page(self, uri: str) -> SitePage | None:
        return self._by_uri.get(uri)

    def __post_init__(self) -> None:
        self._by_uri = {p.uri: p for p in self.pages}


def build_date(option: date | None = None) -> date:
    """Return the day the site is built for: the option, else SOURCE_DATE_EPOCH, else today (China time)."""
    if option:
        return option
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), CHINA).date()
    return datetime.now(CHINA).date()


def make_site_build(validation: Validation, root: Path, today: date, site_url: str | None) -> SiteBuild:
    """Return the pages and files of the site, given a validation without errors."""
    assert validation.catalog and validation.flattened and validation.typed
    typed, catalog = validation.typed, validation.catalog
    origins = {name: table.origins for name, table in validation.flattened.tables.items()}
    slugs = dict(catalog.tables["events"].field_map["category"].slugs) if "events" in catalog.tables else {}
    model = assemble_site(typed, validation.settings, today, record_sources(typed, origins),
                          last_changes(root), slugs)
    pages = site_pages(model)
    pages += [SitePage("opendata/index.md", "开放数据", "opendata.html", {"catalog": catalog}, listed=True),
              SitePage("opendata/dictionary.md", "数据字典", "dictionary.html", {"catalog": catalog},
                       [(t.name, t.title) for t in catalog.tables.values()])]
    files = _calendar_files(model, site_url)
    files.append(SiteFile("notices/feed.xml", lambda: notice_feed(model.notices, model, site_url)))
    files += open_data_files(catalog, typed, model)
    return SiteBuild(model, catalog, pages, files)


def _calendar_files(model: SiteModel, site_url: str | None) -> list[SiteFile]:
    files = [SiteFile("events/all.ics",
                      partial(calendar_of, model.events, f"{model.site_name} · 全部活动", model, site_url))]
    for name, slug in model.categories:
        events = [e for e in model.events if e.category == name]
        files.append(SiteFile(f"events/{slug}.ics",
                              partial(calendar_of, events, f"{model.site_name} · {name}", model, site_url)))
    for event in model.events:
        files.append(SiteFile(event.ics_uri, partial(calendar_of, [event], event.title, model, site_url)))
    return files
