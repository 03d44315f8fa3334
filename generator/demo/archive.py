"""Writing a demo site root: the project's configuration and pages, and years of invented records."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..project import Project
from .yamltext import record_yaml
from .year import DemoYear, build_year

FINAL_YEAR = 2026
EARLIEST_YEAR = 1949  # the schemas' lowest year
# Attachments belong to the project's own notices, which the demo leaves out.
LEFT_OUT_OF_CONTENT = "attachments"


@dataclass(frozen=True)
class DemoSummary:
    """What a demo archive holds: its years, and how many records of each kind."""

    first_year: int
    last_year: int
    seed: int
    counts: dict[str, int]  # the keys of COUNT_TITLES
    files: int

    def lines(self) -> list[str]:
        """Return the summary as lines a command can print."""
        counted = "，".join(f"{COUNT_TITLES[kind]} {number}" for kind, number in self.counts.items())
        return [f"示例数据：{self.first_year}—{self.last_year} 年（种子 {self.seed}），共 {self.files} 个记录文件。",
                counted + "。"]


COUNT_TITLES = {
    "workplans": "工作要点", "workplan_items": "条目", "events": "活动", "registrations": "有报名的活动",
    "award_lists": "表彰名单", "award_entries": "获奖者", "notices": "公示公告", "publicities": "其中公示",
    "proposals": "提案", "membership": "新会员统计", "drafts": "草稿",
}


def write_demo_archive(out: Path, years: int, seed: int = 0, *, source_root: Path) -> DemoSummary:
    """Write a site root into ``out``: ``source_root``'s configuration and pages, ``years`` years of records.

    The years end at FINAL_YEAR; ``out`` must not exist or be empty. The same seed gives the
    same files, byte for byte.
    """
    if not 1 <= years <= FINAL_YEAR - EARLIEST_YEAR + 1:
        raise ValueError(f"years must be from 1 to {FINAL_YEAR - EARLIEST_YEAR + 1}, not {years}")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; the demo archive is written into a new folder")
    copy_site_skeleton(source_root, out)
    settings = Project(out).settings()
    counts: Counter[str] = Counter()
    files = 0
    for year in range(FINAL_YEAR - years + 1, FINAL_YEAR + 1):
        demo_year = build_year(seed, year, settings)
        files += write_year(out / "data", demo_year)
        counts.update(count_records(demo_year))
    return DemoSummary(FINAL_YEAR - years + 1, FINAL_YEAR, seed, {k: counts[k] for k in COUNT_TITLES}, files)


def copy_site_skeleton(source_root: Path, out: Path) -> None:
    """Copy what a site root needs besides its records: site_config/, content/ and mkdocs.yml."""
    shutil.copytree(source_root / "site_config", out / "site_config", dirs_exist_ok=True)
    content = source_root / "content"
    if content.is_dir():
        shutil.copytree(content, out / "content", dirs_exist_ok=True,
                        ignore=lambda folder, names: [LEFT_OUT_OF_CONTENT] if Path(folder) == content else [])
    else:
        (out / "content").mkdir()
    shutil.copyfile(source_root / "mkdocs.yml", out / "mkdocs.yml")


def write_year(data_dir: Path, demo_year: DemoYear) -> int:
    """Write every record of the year under ``data_dir``; return how many files were written."""
    written = 0
    made: set[Path] = set()
    for relative, record in demo_year.files():
        path = data_dir / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(record_yaml(record), encoding="utf-8", newline="\n")
        written += 1
    return written


def count_records(demo_year: DemoYear) -> Counter[str]:
    """Return how many records of each kind the year has (the keys of COUNT_TITLES)."""
    records = [demo_year.workplan, *demo_year.events, *demo_year.award_lists, *demo_year.notices,
               *demo_year.proposals]
    return Counter({
        "workplans": 1,
        "workplan_items": len(demo_year.item_ids),
        "events": len(demo_year.events),
        "registrations": sum(1 for e in demo_year.events if e["registration"] is not None),
        "award_lists": len(demo_year.award_lists),
        "award_entries": sum(len(a["entries"]) for a in demo_year.award_lists),
        "notices": len(demo_year.notices),
        "publicities": sum(1 for n in demo_year.notices if n["kind"] == "公示"),
        "proposals": len(demo_year.proposals),
        "membership": 1,
        "drafts": sum(1 for r in records if r.get("state") == "draft"),
    })
