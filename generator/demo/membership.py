"""A year's count of new union members by month (新会员人数), as the membership form's import leaves it."""

from __future__ import annotations

import random
from typing import Any

# New staff join mostly when they start work, in July and September.
MONTH_WEIGHTS = (2, 1, 2, 2, 2, 3, 6, 2, 8, 3, 2, 1)


def build_membership(rng: random.Random, year: int) -> dict[str, Any]:
    """Return the record M年份 with the number of members who joined in each month."""
    return {
        "id": f"M{year}",
        "year": year,
        "demo": True,
        "months": [{"month": month, "new_members": weight * rng.randint(2, 6)}
                   for month, weight in enumerate(MONTH_WEIGHTS, start=1)],
    }
