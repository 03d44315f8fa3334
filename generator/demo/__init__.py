"""Demo archives: many years of invented but realistic records, for trying the site at scale.

Records of every kind are generated for consecutive years ending at 2026, with the project's
own site_config/, content/ (without attachments) and mkdocs.yml, so the folder is a complete
site root that validates without a single problem. The same seed writes the same bytes.

The intended command, ``unionsite demo --years N --out DIR --seed S``, makes this call::

    from pathlib import Path
    from generator.demo import write_demo_archive

    summary = write_demo_archive(Path("/tmp/demo-site"), years=20, seed=0, source_root=Path("."))  # "." is --root
    print("\\n".join(summary.lines()))

Each year has exactly: one work plan of 60 items in 6 sections, 250 events, 30 award lists with
600 entries in all, 120 notices (20 of them 公示), 150 proposals and one count of new members;
6 events, 1 award list, 3 notices and 5 proposals of them are drafts.
"""

from __future__ import annotations

from .archive import FINAL_YEAR, DemoSummary, write_demo_archive

__all__ = ["FINAL_YEAR", "DemoSummary", "write_demo_archive"]
