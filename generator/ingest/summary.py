"""The officer's view of an ingest: counts, then the rows that need attention (or every row)."""

from __future__ import annotations

from ..problems import Problem
from .plan import OUTCOME_TITLES, OUTCOMES, IngestPlan, RowOutcome


def summary_lines(plan: IngestPlan, every_row: bool, problems: list[Problem], dry_run: bool,
                  written: int) -> list[str]:
    counts = plan.counts
    lines = [f"文件 {plan.source}（{plan.platform.title}），表单“{plan.form.title}”：共读取 {len(plan.rows)} 行。",
             "　".join(f"{OUTCOME_TITLES[o]} {counts[o]}" for o in OUTCOMES)]
    rows = plan.rows if every_row else plan.attention
    if rows:
        lines.append("")
        lines.append("行号　结果　　　　　记录　　　　说明")
        lines += [_row_line(row) for row in rows]
    if problems:
        lines.append("")
        lines.append("合并后的记录未通过检查，没有写入任何文件：")
        lines += [p.as_text() for p in problems]
    elif dry_run:
        changed = len(plan.target.records)
        lines.append("")
        lines.append(f"预演（--dry-run）：将修改或新建 {changed} 个记录文件；去掉 --dry-run 即可写入。")
    else:
        lines.append("")
        lines.append(f"已写入 {written} 个文件。用 git diff 查看 data/ 中的改动。")
    return lines


def _row_line(row: RowOutcome) -> str:
    title = OUTCOME_TITLES[row.outcome]
    return f"{row.row:>4}　{title:<8}{row.record or '':<12}{row.reason or ''}"
