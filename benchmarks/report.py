"""The benchmark's figures, their targets for a 20-year archive, how they grow, and the Markdown table.

A figure is read from each archive's results by a path of keys; a figure that was not measured
(a failed step, or a size not run for that archive) is None and shows as "—".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TARGET_YEARS = 20
DASH = "—"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    path: tuple[str, ...]
    unit: str  # "s", "MB", "KB", "×" or "" (a count)
    target: float | None = None  # an upper bound for a 20-year archive, in the figure's unit
    inclusive: bool = False  # the target is "≤" rather than "<"
    grows: bool = True  # whether to compare its growth with the archive's
    # Where a run that gave up (a timeout) says how long it waited: the figure is then "> that".
    at_least: tuple[str, ...] | None = None


def figures(queries: list[str], ingest_rows: list[int], modes: list[str]) -> list[Figure]:
    """Every figure of a run, in the table's order."""
    out = [
        Figure("pages", "pages (index.html)", ("pages",), "", grows=False),
        Figure("demo_s", "demo archive: write", ("demo", "wall_s"), "s"),
        Figure("validate_s", "validation: wall", ("validate", "wall_s"), "s", 3),
        Figure("validate_cpu_s", "validation: CPU (user + sys)", ("validate", "cpu_s"), "s"),
        Figure("validate_mb", "validation: peak memory", ("validate", "peak_mb"), "MB", 500),
        Figure("build_s", "full build with search: wall", ("build", "wall_s"), "s", 60),
        Figure("build_cpu_s", "full build with search: CPU (user + sys)", ("build", "cpu_s"), "s"),
        Figure("build_mb", "full build with search: peak memory", ("build", "peak_mb"), "MB", 1500),
        Figure("baseline_s", "baseline (plain Markdown, Material alone): wall", ("baseline", "wall_s"), "s"),
        Figure("baseline_cpu_s", "baseline: CPU (user + sys)", ("baseline", "cpu_s"), "s"),
        Figure("baseline_mb", "baseline: peak memory", ("baseline", "peak_mb"), "MB"),
        Figure("overhead", "generator overhead (build / baseline, wall)", ("overhead",), "×", 1.15, inclusive=True),
        Figure("overhead_cpu", "generator overhead (build / baseline, CPU)", ("overhead_cpu",), "×", 1.15,
               inclusive=True),
    ]
    for mode in modes:
        out += [Figure(f"preview_{mode}_start_s", f"preview ({mode}): server start to first page",
                       ("preview", mode, "start_s"), "s"),
                Figure(f"preview_{mode}_s", f"preview ({mode}): saved record to refreshed page",
                       ("preview", mode, "refresh_s"), "s", 3, at_least=("preview", mode, "gave_up_after_s"))]
    out += [Figure(f"search_{q}", f"search download for “{q}” (gzip)", ("search", q, "bytes"), "KB", 300)
            for q in queries]
    for form in ("signup", "proposal"):
        for rows in ingest_rows:
            big = rows >= 100_000
            for kind, name in (("dry", "dry run"), ("real", "real")):
                where = ("ingest", form, str(rows), kind)
                out += [Figure(f"ingest_{form}_{rows}_{kind}_s", f"ingest {form} {rows:,} rows, {name}: wall",
                               (*where, "wall_s"), "s", 30 if big else None),
                        Figure(f"ingest_{form}_{rows}_{kind}_mb", f"ingest {form} {rows:,} rows, {name}: peak memory",
                               (*where, "peak_mb"), "MB", 1000 if big else None)]
    return out


def value(run: dict[str, Any] | None, figure: Figure) -> float | None:
    return _number(run, figure.path, figure.unit)


def lower_bound(run: dict[str, Any] | None, figure: Figure) -> float | None:
    """For a figure not measured because its step gave up: how long it waited; else None."""
    return _number(run, figure.at_least, figure.unit) if figure.at_least else None


def _number(run: dict[str, Any] | None, path: tuple[str, ...], unit: str) -> float | None:
    found: Any = run
    for key in path:
        if not isinstance(found, dict) or key not in found:
            return None
        found = found[key]
    if unit == "KB" and isinstance(found, int | float):
        return found / 1000
    return float(found) if isinstance(found, int | float) and not isinstance(found, bool) else None


def meets(figure: Figure, number: float) -> bool:
    assert figure.target is not None
    return number <= figure.target if figure.inclusive else number < figure.target


def growth(runs: dict[str, dict[str, Any]], figure: Figure) -> dict[str, Any] | None:
    """The figure's ratio between the largest and smallest archive, beside the ratio of their pages."""
    years = sorted(runs, key=int)
    if len(years) < 2 or not figure.grows:
        return None
    first, last = years[0], years[-1]
    small, large = value(runs[first], figure), value(runs[last], figure)
    pages_small, pages_large = runs[first].get("pages"), runs[last].get("pages")
    if not small or large is None or not pages_small or not pages_large:
        return None
    ratio, archive = large / small, pages_large / pages_small
    return {"from_years": int(first), "to_years": int(last), "ratio": ratio, "pages_ratio": archive,
            "ok": ratio <= archive}


def summarize(runs: dict[str, dict[str, Any]], table_figures: list[Figure]) -> list[dict[str, Any]]:
    """Each figure's values per archive, target, whether the largest archive meets it, and growth."""
    out = []
    largest = max(runs, key=int) if runs else None
    for figure in table_figures:
        values = {years: value(run, figure) for years, run in runs.items()}
        bounds = {years: bound for years, run in runs.items() if (bound := lower_bound(run, figure)) is not None}
        at = values.get(largest) if largest else None
        met = None if figure.target is None or at is None else meets(figure, at)
        if met is None and figure.target is not None and largest in bounds:
            met = False if not meets(figure, bounds[largest]) else None
        out.append({"key": figure.key, "label": figure.label, "unit": figure.unit, "values": values,
                    "more_than": bounds,
                    "target": figure.target, "target_inclusive": figure.inclusive,
                    "target_checked_at_years": int(largest) if largest and figure.target is not None else None,
                    "met": met, "growth": growth(runs, figure)})
    return out


def number_text(number: float | None, unit: str) -> str:
    if number is None:
        return DASH
    if unit == "s":
        return f"{number:.2f} s"
    if unit == "MB":
        return f"{number:,.0f} MB"
    if unit == "KB":
        return f"{number:,.1f} KB"
    if unit == "×":
        return f"{number:.2f}×"
    return f"{number:,.0f}"


def cell_text(row: dict[str, Any], years: str) -> str:
    bound = row.get("more_than", {}).get(years)
    if row["values"].get(years) is None and bound is not None:
        return f"> {number_text(bound, row['unit'])} (timeout)"
    return number_text(row["values"].get(years), row["unit"])


def target_text(row: dict[str, Any]) -> str:
    if row["target"] is None:
        return ""
    sign = "≤" if row["target_inclusive"] else "<"
    unit = row["unit"]
    shown = f"{row['target']:g}×" if unit == "×" else f"{row['target']:,g} {unit}"
    return f"{sign} {shown}"


def status_text(row: dict[str, Any]) -> str:
    if row["target"] is None:
        return ""
    if row["met"] is None:
        return DASH
    word = "met" if row["met"] else "**missed**"
    at = row["target_checked_at_years"]
    return word if at == TARGET_YEARS else f"{word} at {at} y"


def growth_text(row: dict[str, Any]) -> str:
    grown = row["growth"]
    if grown is None:
        return "" if row["key"] == "pages" else DASH
    mark = "≤" if grown["ok"] else "> **faster**"
    return f"×{grown['ratio']:.2f} {mark} ×{grown['pages_ratio']:.2f}"


def markdown_table(summary: list[dict[str, Any]], years: list[int]) -> str:
    """The table: one row per figure, one column per archive, then target, status and growth."""
    spans = f"{years[0]}→{years[-1]} y" if len(years) > 1 else ""
    header = ["figure", *(f"{n} y" for n in years), f"target ({TARGET_YEARS} y)", "status",
              f"growth {spans} (vs pages)".replace("  ", " ")]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in summary:
        cells = [row["label"], *(cell_text(row, str(n)) for n in years),
                 target_text(row), status_text(row), growth_text(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
