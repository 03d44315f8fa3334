"""An ingest from start to end: read, plan, check the records as they would be, write.

The command line and tests reach ingestion through ``prepare_ingest`` and ``apply_ingest``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..collecting import LetGoLater, cycle_collection_paused
from ..problems import Problem
from ..project import Project
from ..records import Overlay
from ..validation import validate_project
from .errors import IngestError
from .forms import FormDefinition, load_form
from .plan import IngestPlan, Target, plan_ingest
from .platforms import platform_named
from .reading import read_export
from .targets.common import Context
from .targets.membership import MembershipTarget
from .targets.nomination import NominationTarget
from .targets.proposal import ProposalTarget
from .targets.signup import SignupTarget
from .writing import ingest_lock, write_all

TARGETS: dict[str, type[Any]] = {"signup": SignupTarget, "proposal": ProposalTarget,
                                 "nomination": NominationTarget, "membership": MembershipTarget}


class Progress(Protocol):
    """Told the number of rows, then how many more were read: the command shows a bar with it."""

    def start(self, rows: int) -> None: ...

    def advance(self, rows: int) -> None: ...


@dataclass
class IngestResult:
    plan: IngestPlan
    problems: list[Problem] = field(default_factory=list)  # validation of the merged records
    written: list[Path] = field(default_factory=list)


def prepare_ingest(project: Project, form_name: str, export: Path, options: dict[str, Any] | None = None,
                   platform: str | None = None, progress: Progress | None = None) -> tuple[FormDefinition, IngestPlan]:
    """Read ``export`` through form ``form_name`` and return the plan; nothing is written."""
    form = load_form(project.config_dir, form_name)
    try:
        chosen = platform_named(platform) if platform else None
    except KeyError as exc:
        raise IngestError(f"未知的平台“{platform}”；可选：wjx、tencent、jinshuju、msforms、google、generic。",
                          code="unknown-platform") from exc
    sheet = read_export(export)
    target: Target = TARGETS[form.target](Context(project, form, options or {}))
    if progress:
        progress.start(len(sheet.rows))
    return form, plan_ingest(project, form, sheet, target, chosen, progress.advance if progress else None)


def check_plan(project: Project, plan: IngestPlan) -> list[Problem]:
    """Validate the records as the plan would leave them; return the problems that remain.

    A problem in a record that one row made on its own (a new proposal with too few co-signers)
    sends that row to review and its record out of the plan; a problem that no single row
    explains (in a shared record) stays, and then nothing may be written.
    """
    return _check_plan(project, plan)[0]


def _check_plan(project: Project, plan: IngestPlan) -> tuple[list[Problem], LetGoLater]:
    """``check_plan``'s problems, and the tables the last check built, for the caller to free."""
    for _ in range(MAX_SETTLING_ROUNDS):
        # A new record is given as it would be read: made when it is checked, and let go.
        overlay: Overlay = {**plan.target.read, **plan.target.records}
        validation = validate_project(project, overlay=overlay, keep_records=False)
        problems = sorted(set(validation.report.errors))
        if not problems or not _send_rows_to_review(project, plan, problems):
            break
    return _placed(project, plan, problems), LetGoLater(validation)


def _placed(project: Project, plan: IngestPlan, problems: list[Problem]) -> list[Problem]:
    """The problems with their lines and columns: new records were checked without positions,
    so when a problem stands in one, every record is checked again from its text."""
    if not problems:
        return problems
    unplaced = {project.relpath(path) for path in plan.target.made()}
    if not any(problem.path in unplaced for problem in problems):
        return problems
    texts: Overlay = {path: plan.target.text(path) for path in plan.target.records}
    report = validate_project(project, overlay=texts, keep_records=False).report
    return sorted(set(report.errors))


MAX_SETTLING_ROUNDS = 5


def _send_rows_to_review(project: Project, plan: IngestPlan, problems: list[Problem]) -> bool:
    by_record: dict[str, list[Problem]] = {}
    for problem in problems:
        by_record.setdefault(Path(problem.path).stem, []).append(problem)
    owners: dict[str, list[Any]] = {}
    for row in plan.rows:
        if row.record and row.outcome in ("added", "updated"):
            owners.setdefault(row.record, []).append(row)
    paths = {path.stem: path for path in plan.target.records}
    moved = False
    for record_id, record_problems in by_record.items():
        rows = owners.get(record_id, [])
        if len(rows) != 1:
            continue  # a record several rows feed (an event's counts): the problem blocks the ingest
        row = rows[0]
        row.outcome, row.record = "needs_review", None
        row.reason = "；".join(p.message for p in record_problems)
        if record_id in paths:
            del plan.target.records[paths[record_id]]
        moved = True
    return moved


def run_ingest(project: Project, form_name: str, export: Path, options: dict[str, Any] | None = None,
               platform: str | None = None, dry_run: bool = False, progress: Progress | None = None) -> IngestResult:
    """Ingest ``export``: plan it, and unless ``dry_run``, validate and write under the root's lock.

    Nothing is written when the merged records would not validate; the problems are returned.
    """
    with cycle_collection_paused():
        return _run_ingest(project, form_name, export, options, platform, dry_run, progress)


def _run_ingest(project: Project, form_name: str, export: Path, options: dict[str, Any] | None,
                platform: str | None, dry_run: bool, progress: Progress | None) -> IngestResult:
    if dry_run:
        _, plan = prepare_ingest(project, form_name, export, options, platform, progress)
        return IngestResult(plan, check_plan(project, plan))
    with ingest_lock(project.root):
        _, plan = prepare_ingest(project, form_name, export, options, platform, progress)
        if plan.rows and not plan.usable:
            raise IngestError("导出文件中没有一行可以导入（都是空行、被拒收或需要核对的行）；为免清空以前导入的结果，"
                              "没有写入任何文件。请用 --dry-run 查看每一行的原因。", code="no-usable-rows")
        problems, checked = _check_plan(project, plan)
        if problems:
            return IngestResult(plan, problems)
        written = write_all(list(plan.target.records), plan.target.text, plan.target.private,
                            meanwhile=checked.let_go)
        return IngestResult(plan, [], written)


def report_path_allowed(project: Project, path: Path) -> bool:
    """A report holds private values: it may be written under ``private/`` or outside the repository."""
    resolved = path.resolve()
    root = project.root.resolve()
    if root not in resolved.parents:
        return True
    return (root / "private") in resolved.parents
