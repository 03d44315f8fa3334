"""Assembling the SiteModel from validated, typed table rows."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from ..dates import parse_when
from ..project import Settings
from ..schema_check import TypedTables
from .model import (
    Attachment,
    AwardEntry,
    AwardList,
    Department,
    Event,
    HistoryEntry,
    Notice,
    Person,
    ProgressNote,
    Proposal,
    Publicity,
    Record,
    Registration,
    Section,
    SignupCount,
    SiteModel,
    WorkPlan,
    WorkPlanItem,
)

Rows = list[dict[str, Any]]
_UNSAFE_PATH = re.compile(r"[\\/?#%:*\"<>|\s]+")


def unit_uri(unit: str) -> str:
    """Return the page of a unit's honours; the unit's own name makes a readable address.

    A name that cannot stand as it is in an address (a ``/``, a space, ``index``…) gets a short
    hash of the full name appended, so two units never share a page.
    """
    slug = _UNSAFE_PATH.sub("-", unit).strip("-.")
    if slug != unit or slug.lower() in ("", "index"):
        slug = f"{slug or 'unit'}-{hashlib.sha1(unit.encode()).hexdigest()[:6]}"
    return f"awards/units/{slug}.md"


class _Assembler:
    def __init__(self, typed: TypedTables, sources: dict[str, str], today: date,
                 changes: dict[str, datetime], history_url: str | None, hide_unconsented: bool = False) -> None:
        self.rows = typed.rows
        self.hide_unconsented = hide_unconsented
        self.sources = sources
        self.today = today
        self.changes = changes
        self.history_url = history_url

    def children(self, table: str, key: str) -> dict[Any, Rows]:
        grouped: dict[Any, Rows] = defaultdict(list)
        for row in self.rows.get(table, []):
            grouped[row.get(key)].append(row)
        return grouped

    def record_fields(self, row: dict[str, Any], year: int, uri: str) -> dict[str, Any]:
        source = self.sources.get(row["id"], "")
        return {
            "id": row["id"], "title": row.get("title") or row["id"], "year": year, "source": source,
            "uri": uri, "demo": row.get("demo") is True, "changed": self.changes.get(source),
            "history_url": self.history_url.format(path=source) if self.history_url and source else None,
        }

    @staticmethod
    def published(row: dict[str, Any]) -> bool:
        return bool(row.get("state", "published") == "published")

    # Work plans ---------------------------------------------------------------------------

    def workplans(self) -> tuple[list[WorkPlan], dict[str, WorkPlanItem]]:
        sections = self.children("workplan_sections", "workplan_id")
        items = self.children("workplan_items", "workplan_id")
        progress = self.children("workplan_progress", "item_id")
        plans, all_items = [], {}
        for row in self.rows.get("workplans", []):
            plan = WorkPlan(**self.record_fields(row, row["year"], f"workplan/{row['year']}.md"),
                            issuer=row["issuer"], adopted=row.get("adopted"),
                            general_requirements=row["general_requirements"])
            by_section = {s["number"]: Section(s["number"], s["title"]) for s in sections[row["id"]]}
            for item_row in items[row["id"]]:
                item = WorkPlanItem(
                    id=item_row["id"], section=item_row["section"], paragraph=item_row["paragraph"],
                    text=item_row["text"], status=item_row["status"], responsible=item_row.get("responsible"),
                    progress=[ProgressNote(p["date"], p["note"]) for p in progress[item_row["id"]]],
                    uri=plan.uri)
                by_section[item.section].items.append(item)
                all_items[item.id] = item
            plan.sections = sorted(by_section.values(), key=lambda s: s.number)
            plans.append(plan)
        return sorted(plans, key=lambda p: p.year, reverse=True), all_items

    # Events -------------------------------------------------------------------------------

    def events(self, slugs: dict[str, str]) -> list[Event]:
        registrations = {r["event_id"]: r for r in self.rows.get("event_registrations", [])}
        signups = self.children("event_signups", "event_id")
        events = []
        for row in filter(self.published, self.rows.get("events", [])):
            start = parse_when(row["start"])
            if start is None:  # validation has reported it; a clean validation never gets here
                raise ValueError(f"活动 {row['id']} 的开始时间无法识别：{row['start']}")
            event = Event(**self.record_fields(row, start.year, ""), category=row["category"],
                          category_slug=slugs.get(row["category"], "other"), start=start,
                          end=parse_when(row.get("end")), location=row.get("location"),
                          organiser=row["organiser"], audience=row.get("audience"), summary=row.get("summary"))
            event.uri = f"events/{event.start_day.year}/{event.id}.md"
            registration = registrations.get(row["id"])
            if registration:
                event.registration = Registration(
                    registration.get("url"), registration.get("deadline"), registration.get("capacity"),
                    registration.get("signup_total"),
                    [SignupCount(s["group"], s["label"], s["count"]) for s in signups[row["id"]]])
            events.append(event)
        return sorted(events, key=lambda e: (e.start_day, e.id))

    # Award lists --------------------------------------------------------------------------

    def award_lists(self) -> list[AwardList]:
        entries = self.children("award_entries", "award_list_id")
        lists = []
        for row in filter(self.published, self.rows.get("award_lists", [])):
            award_list = AwardList(
                **self.record_fields(row, row["year"], f"awards/{row['year']}/{row['id']}.md"),
                issuer=row["issuer"], date=row["date"], basis=row.get("basis"),
                entries=[AwardEntry(e["recipient"], e["kind"], e["unit"], e["honour"], e.get("level"),
                                    e.get("note"), unit_uri(e["unit"])) for e in entries[row["id"]]])
            lists.append(award_list)
        return sorted(lists, key=lambda a: (a.date, a.id), reverse=True)

    # Notices ------------------------------------------------------------------------------

    def notices(self) -> list[Notice]:
        attachments = self.children("notice_attachments", "notice_id")
        notices = []
        for row in filter(self.published, self.rows.get("notices", [])):
            published = row["published"]
            notice = Notice(**self.record_fields(row, published.year, f"notices/{published.year}/{row['id']}.md"),
                            kind=row["kind"], published=published, body=row["body"],
                            attachments=[Attachment(a["file"], a["title"], a["size"], a["sha256"])
                                         for a in attachments[row["id"]]])
            if row["kind"] == "公示" and row.get("publicity_start") and row.get("publicity_end"):
                notice.publicity = Publicity(row["publicity_start"], row["publicity_end"],
                                             row.get("objection_contact") or "")
            notices.append(notice)
        return sorted(notices, key=lambda n: (n.published, n.id), reverse=True)

    # Proposals ----------------------------------------------------------------------------

    def proposals(self) -> list[Proposal]:
        proposers = self.children("proposal_proposers", "proposal_id")
        cosigners = self.children("proposal_cosigners", "proposal_id")
        departments = self.children("proposal_departments", "proposal_id")
        history = self.children("proposal_history", "proposal_id")
        proposals = []
        for row in filter(self.published, self.rows.get("proposals", [])):
            if self.hide_unconsented and row["consent_publish"] is not True:
                continue  # the settings say such proposals appear nowhere: like a draft
            submitted = row["submitted"]
            proposal = Proposal(
                **self.record_fields(row, submitted.year, f"proposals/{submitted.year}/{row['id']}.md"),
                number=row["number"], session=row["session"], category=row["category"],
                consent=row["consent_publish"] is True,
                proposers=[Person(p["name"], p.get("delegation")) for p in proposers[row["id"]]],
                cosigners=[Person(p["name"], p.get("delegation")) for p in cosigners[row["id"]]],
                content=row["content"], measures=row.get("measures"), submitted=submitted,
                decision=row.get("decision"), decision_reason=row.get("decision_reason"),
                departments=[Department(d["name"], d["role"]) for d in departments[row["id"]]],
                reply_deadline=row.get("reply_deadline"), reply=row.get("reply"),
                reply_date=row.get("reply_date"), feedback=row.get("feedback"),
                history=sorted((HistoryEntry(h["date"], h["status"], h.get("note")) for h in history[row["id"]]),
                               key=lambda h: h.date))
            proposal.overdue = bool(proposal.decision == "立案" and proposal.reply_deadline
                                    and not proposal.reply_date and proposal.reply_deadline < self.today)
            proposals.append(proposal)
        return sorted(proposals, key=lambda p: (p.submitted.year, p.session, p.number), reverse=True)


def assemble_site(typed: TypedTables, settings: Settings, today: date, sources: dict[str, str],
                  changes: dict[str, datetime] | None = None, category_slugs: dict[str, str] | None = None,
                  ) -> SiteModel:
    """Return the site's model: published records, typed, with every cross-reference linked.

    ``sources`` maps record ids to their YAML files; ``changes`` maps those files to the time
    they last changed in git; ``category_slugs`` gives each event category its feed name.
    """
    assembler = _Assembler(typed, sources, today, changes or {}, settings.source_history_url,
                           hide_unconsented=settings.unconsented_proposals == "hidden")
    slugs = category_slugs or {}
    workplans, items = assembler.workplans()
    model = SiteModel(today=today, site_name=settings.site_name, union_name=settings.union_name,
                      workplans=workplans, events=assembler.events(slugs),
                      award_lists=assembler.award_lists(), notices=assembler.notices(),
                      proposals=assembler.proposals(),
                      categories=list(slugs.items()))
    _link(model, typed, items)
    months = assembler.children("membership_months", "membership_id")
    for row in typed.rows.get("membership", []):
        model.new_members[row["year"]] = sorted((m["month"], m["new_members"]) for m in months[row["id"]])
    return model


def _link(model: SiteModel, typed: TypedTables, items: dict[str, WorkPlanItem]) -> None:
    """Wire references between published records; references to drafts are left out."""
    by_id: dict[str, Any] = {r.id: r for r in model.records}
    by_id.update(items)
    events = {e.id: e for e in model.events}
    for row in typed.rows.get("event_workplan_items", []):
        event, item = events.get(row["event_id"]), items.get(row["item_id"])
        if event and item:
            event.items.append(item)
            item.events.append(event)
    for row in typed.rows.get("event_results", []):
        event, award_list = events.get(row["event_id"]), by_id.get(row["award_list_id"])
        if event and isinstance(award_list, AwardList):
            event.results.append(award_list)
            award_list.events.append(event)
    award_rows = {r["id"]: r for r in typed.rows.get("award_lists", [])}
    for award_list in model.award_lists:
        row = award_rows[award_list.id]
        award_list.item = items.get(row.get("workplan_item") or "")
        if award_list.item:
            award_list.item.award_lists.append(award_list)
        notice = by_id.get(row.get("notice") or "")
        award_list.notice = notice if isinstance(notice, Notice) else None
    notices = {n.id: n for n in model.notices}
    for row in typed.rows.get("notice_related", []):
        notice, target = notices.get(row["notice_id"]), by_id.get(row["record_id"])
        if notice is None or target is None:
            continue
        notice.related.append(target)
        if isinstance(target, Event | WorkPlanItem):
            target.notices.append(notice)
    proposal_rows = {r["id"]: r for r in typed.rows.get("proposals", [])}
    for proposal in model.proposals:
        merged = by_id.get(proposal_rows[proposal.id].get("merged_into") or "")
        proposal.merged_into = merged if isinstance(merged, Proposal) else None


def record_sources(typed: TypedTables, origins: dict[str, list[Any]]) -> dict[str, str]:
    """Return each record id's YAML file, from the flattened tables' row origins."""
    sources: dict[str, str] = {}
    for table in ("workplans", "events", "award_lists", "notices", "proposals"):
        for row, origin in zip(typed.rows.get(table, []), origins.get(table, []), strict=True):
            sources[row["id"]] = origin.path
    return sources


__all__ = ["Record", "assemble_site", "record_sources", "unit_uri"]
