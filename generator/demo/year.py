"""All records of one demo year, made in the order their references need.

Each kind draws from its own random generator, seeded by the archive's seed, the year and the
kind, so a year's records never depend on how many random numbers another kind used.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..project import Settings
from .awards import build_award_lists
from .events import build_events
from .membership import build_membership
from .notices import YearRecords, build_notices
from .proposals import build_proposals
from .workplan import build_workplan

Record = dict[str, Any]


@dataclass(frozen=True)
class DemoYear:
    year: int
    workplan: Record
    events: list[Record]
    award_lists: list[Record]
    notices: list[Record]
    proposals: list[Record]
    membership: Record

    def files(self) -> Iterator[tuple[str, Record]]:
        """Yield each record with its file under ``data/``, laid out as in the project's own data/."""
        year = self.year
        yield f"workplans/{year}.yaml", self.workplan
        for folder, records in (("events", self.events), ("awards", self.award_lists),
                                ("notices", self.notices), ("proposals", self.proposals)):
            for record in records:
                yield f"{folder}/{year}/{record['id']}.yaml", record
        yield f"membership/{year}.yaml", self.membership

    @property
    def item_ids(self) -> list[str]:
        return work_plan_item_ids(self.workplan)


def work_plan_item_ids(workplan: Record) -> list[str]:
    return [item["id"] for section in workplan["sections"] for item in section["items"]]


def year_random(seed: int, year: int, kind: str) -> random.Random:
    """Return the generator of one kind in one year; a string seed is hashed the same in every run."""
    return random.Random(f"unionsite-demo/{seed}/{year}/{kind}")


def build_year(seed: int, year: int, settings: Settings) -> DemoYear:
    """Return every record of ``year``: the plan first, then what refers to it."""
    union = settings.union_name
    workplan = build_workplan(year_random(seed, year, "workplan"), year, union)
    item_ids = work_plan_item_ids(workplan)
    events = build_events(year_random(seed, year, "events"), year, item_ids)
    awards = build_award_lists(year_random(seed, year, "awards"), year, union, events, item_ids)
    proposals = build_proposals(year_random(seed, year, "proposals"), year, settings.proposal_min_cosigners)
    notices = build_notices(year_random(seed, year, "notices"), YearRecords(
        year, events, awards, item_ids, [p["id"] for p in proposals], settings.publicity_min_days))
    membership = build_membership(year_random(seed, year, "membership"), year)
    return DemoYear(year, workplan, events, awards.lists, notices, proposals, membership)
