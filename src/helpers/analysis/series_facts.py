"""Facts read off one observed series (analysis: numbers only)."""

from __future__ import annotations

import pandas as pd


def consecutive_years_above(series: pd.DataFrame, threshold: float) -> tuple[int, int | None, int | None]:
    """Length, first and last year of the run of consecutive years ending with the latest one
    whose value is above ``threshold`` (a "> X" bound counts when X >= threshold)."""
    s = series.sort_values("year")
    run, first, last = 0, None, None
    for r in reversed(list(s.itertuples(index=False))):
        above = r.value > threshold or (r.value == threshold and r.qualifier == ">")
        if not above or (first is not None and r.year != first - 1):
            break
        run, first = run + 1, int(r.year)
        last = last or int(r.year)
    return run, first, last
