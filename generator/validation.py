"""Validating a site root: read every record, check it, and collect every problem."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from . import forking
from .catalog import Catalog, CatalogError
from .collecting import cycle_collection_paused
from .problems import Problem, Report
from .project import Project, Settings
from .records import Overlay, ids_outside_preview, record_sources
from .rules import RULES, Rule, check_rules
from .schema_check import TypedTables, check_schemas
from .settings import read_settings
from .shards import MIN_FILES_FOR_CHILD, read_tables
from .tables import Flattened


@dataclass
class Validation:
    """The outcome of validating a root: the report, and what was read to make it."""

    report: Report
    catalog: Catalog | None = None
    settings: Settings = field(default_factory=Settings)
    flattened: Flattened | None = None
    typed: TypedTables | None = None


def validate_project(project: Project, strict: bool = False, overlay: Overlay | None = None,
                     keep_records: bool = True) -> Validation:
    """Read and check every record under ``project``; never raises for bad records or config.

    ``overlay`` maps files to the text they would have, to check records before writing them.
    Without ``keep_records``, the records read are let go once flattened (a caller that wants
    only the report: an ingest holding 100,000 new records besides); the rows then find a
    record again, read anew, when a problem needs a cell's position.
    """
    with cycle_collection_paused():
        return _validate(project, strict, overlay, keep_records)


def _validate(project: Project, strict: bool, overlay: Overlay | None, keep_records: bool) -> Validation:
    report = Report(strict=strict)
    try:
        catalog = project.catalog()
        settings_reading = read_settings(project)
    except CatalogError as exc:
        report.problems.append(Problem("site_config", 0, 0, "config", str(exc)))
        return Validation(report)
    settings = settings_reading.settings
    report.extend(settings_reading.problems)
    tables = read_tables(project, catalog, record_sources(project, catalog, overlay), keep_records)
    report.files_read = tables.files_read
    report.extend(tables.problems)
    flat, typed = tables.flat, tables.typed
    # A preview of some years knows the other years' records by name only: references to them stand.
    flat.unreadable_ids |= ids_outside_preview(project, catalog)
    report.extend(flat.problems)
    if tables.files_read < MIN_FILES_FOR_CHILD:
        report.extend(check_schemas(catalog, flat, typed))
        report.extend(check_rules(flat, settings, project))
    else:
        for problems in _shared_checks(catalog, flat, typed, settings, project):
            report.extend(problems)
    return Validation(report, catalog, settings, flat, typed)


def _shared_checks(catalog: Catalog, flat: Flattened, typed: TypedTables, settings: Settings,
                   project: Project) -> list[list[Problem]]:
    """The problems of every rule and of each table's schema, found by this process and a forked
    child together (a second or more at 100,000 records).

    Each rule and each table is a task of its own, taken from one queue. As two tasks, all the
    schemas and all the rules, one process waited for the other: the schemas took 1.4 times as
    long as the rules at 100,000 new proposals, 2.7 times at 10,000. The rules go first, then
    the tables from the largest, so that the last tasks are short. (A table that others refer
    to has its keys gathered once per task that needs them: a few hundredths of a second.)
    """
    checks: list[Callable[[], list[Problem]]] = [partial(_rule_problems, rule, flat, settings, project)
                                                 for rule in RULES]
    by_size = sorted(flat.tables, key=lambda name: len(flat.tables[name].rows), reverse=True)
    checks += [partial(check_schemas, catalog, flat, typed, (name,)) for name in by_size]
    return forking.share_work(len(checks), lambda task: checks[task]())


def _rule_problems(rule: Rule, flat: Flattened, settings: Settings, project: Project) -> list[Problem]:
    return list(rule(flat, settings, project))
