"""A few drafts every year: records an officer has begun but not yet published (``state: draft``).

The site leaves drafts out, so each kind has a fixed number of them, drawn at random, to show
that every kind's drafts are left out.
"""

from __future__ import annotations

import random
from typing import Any


def mark_drafts(rng: random.Random, records: list[dict[str, Any]], count: int) -> None:
    """Make ``count`` of ``records``, drawn at random, drafts; the rest stay as they are."""
    for record in rng.sample(records, min(count, len(records))):
        record["state"] = "draft"
