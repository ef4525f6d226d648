"""The one table every number of the summary comes from (analysis: counts, no words).

Counting rules (``helpers.analysis.target_identity``): a group of targets for one indicator, territory and
year is counted once, by its lead target; components of a total are not counted beside it;
superseded targets and plans that are not outcomes are counted apart, never as targets. A verdict
that changes under an alternative (``helpers.analysis.robustness``) is counted as "uncertain", not under
its status. A year's line counts every counted target due that year, period targets ending that
year included; national targets (read against the city's series) have no year line.
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.scorecard import NATIONAL
from helpers.analysis.target_identity import HEADLINE_CLASSES

COLUMNS = ["scope", "year", "targets", *HEADLINE_CLASSES, "robust", "robust_tested", "robust_single", "fragile",
           "superseded", "not_outcome", "national_without_series"]


def _line(card: pd.DataFrame, scope: str, year, national_left: int = 0) -> dict:
    counted = card[card["counted"].astype(bool)]
    out = {"scope": scope, "year": year, "targets": len(counted)}
    out.update({c: int((counted["headline_class"] == c).sum()) for c in HEADLINE_CLASSES})
    robust = counted["robust"]
    out["robust"] = int((robust == True).sum())  # noqa: E712 (None: no verdict to test)
    tried = counted["alternatives"].fillna("").astype(str) != ""
    out["robust_tested"] = int(((robust == True) & tried).sum())  # noqa: E712
    out["robust_single"] = out["robust"] - out["robust_tested"]  # one source, one reading: nothing to vary
    out["fragile"] = int((robust == False).sum())  # noqa: E712
    out["superseded"] = int((card["scope"] == "superseded").sum())
    out["not_outcome"] = int((card["scope"] == "not_outcome").sum())
    out["national_without_series"] = national_left
    return out


def headline_table(card: pd.DataFrame, as_of_year: int, national_left: int = 0) -> pd.DataFrame:
    """One line for the whole scorecard ("all", year empty) and one per due year (scope "year"),
    latest first; columns ``COLUMNS``. ``national_left``: national targets no city series can be
    read against (``scorecard.national_without_series``), listed on the "all" line."""
    lines = [_line(card, "all", None, national_left)]
    due = card[(card["target_geo"] != NATIONAL) & (card["target_year"] <= as_of_year)]
    for year in sorted(due["target_year"].astype(int).unique(), reverse=True):
        lines.append(_line(due[due["target_year"] == year], "year", year))
    return pd.DataFrame(lines, columns=COLUMNS)


__all__ = ["COLUMNS", "headline_table"]
