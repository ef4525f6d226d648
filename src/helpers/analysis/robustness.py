"""Every verdict recomputed under the reasonable alternatives to the report's choices.

Analysis only. For one scorecard row, the alternatives tried are:

* ``source``: each other source of the figure the verdict rests on (a conflict ``data/`` keeps),
  used in its place;
* ``target_source``: each other source of the same target (same indicator, territory, year,
  body and kind), used in its place;
* ``weighting``: for a series with back-calculated growth rates, the unweighted mean and
  population weights (``helpers.analysis.boundary.WEIGHTINGS``) instead of GRDP weights, where ``data/``
  has what they need;
* ``share_method``: for a share (unit percent) judged by compound growth, the neighbouring reading
  in percentage points a year;
* ``period_reading``: for a period average read on the territory's published average of the
  achieved years, its annual figures instead;
* ``without_expectation``: when the figure the verdict rests on is an expectation (a source
  published more than ``EXPECTATION_LEAD_DAYS`` days before the year it reports was over, e.g.
  "dự kiến đạt 47% vào năm 2025" said in September 2025), the verdict without it.

A verdict is robust when every alternative gives the same status; an alternative under which it
cannot be given at all counts as a change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from helpers.analysis.boundary import WEIGHTED_RATES, WEIGHTINGS, merged_equivalent
from helpers.data.loader import Dataset
from helpers.analysis.progress import Target, achievement
from helpers.analysis.target_identity import body

EXPECTATION_LEAD_DAYS = 30
OBSERVED = ("actual", "estimate")
KINDS = ("source", "target_source", "weighting", "share_method", "period_reading", "without_expectation")


@dataclass(frozen=True)
class Alternative:
    kind: str    # one of KINDS
    value: str   # the source id, weighting, method, reading or year tried
    status: str  # the verdict under it

    def code(self) -> str:
        return f"{self.kind}:{self.value}={self.status}"


def is_expectation(ds: Dataset, source_id: str, year: int) -> bool:
    """True when ``source_id`` was published more than ``EXPECTATION_LEAD_DAYS`` days before the
    end of ``year`` (undated sources cannot be told apart and count as not an expectation)."""
    if source_id not in ds.sources.index:
        return False
    published = ds.sources.at[source_id, "published"]
    if pd.isna(published):
        return False
    return (dt.date(int(year), 12, 31) - published.date()).days > EXPECTATION_LEAD_DAYS


def _restrict(ds: Dataset, drop: pd.Series, keep_preferred=None) -> Dataset:
    """``ds`` without the rows of ``drop``; ``keep_preferred`` (an index) becomes the preferred row of
    its group, and a group left without a preferred row takes its first remaining row."""
    v = ds.values[~drop].copy()
    if keep_preferred is not None:
        v.loc[keep_preferred, "preferred"] = True
    group = ["indicator", "geo", "year", "kind"]
    has = v.groupby(group)["preferred"].transform("any")
    first = ~v.duplicated(group)
    v["preferred"] = v["preferred"] | (~has & first)
    return dataclasses.replace(ds, values=v)


def _consistent_bound(alt, row) -> bool:
    """An alternative that is only a bound the preferred figure satisfies ("hơn 100.000" beside
    118.255,3) states less, not something else: it is no competing figure."""
    if alt.qualifier not in (">", ">=", "<", "<="):
        return False
    return achievement(float(row["latest_value"]), "=", Target(float(alt.value), alt.qualifier, 0), "higher") == "yes"


def _figure_rows(ds: Dataset, indicator: str, geo: str, year: int) -> pd.DataFrame:
    v = ds.values
    return v[(v["indicator"] == indicator) & (v["geo"] == geo) & (v["year"] == year) & v["kind"].isin(OBSERVED)]


def alternatives(row: pd.Series, target, ctx, assess: Callable) -> list[Alternative]:
    """The alternatives tried for one scorecard ``row`` (its dataset row ``target``, the
    ``Context`` it was assessed in, and the function that assessed it)."""
    if row["status"] == "not_assessable" or row["scope"] != "target":
        return []
    ds = ctx.ds
    out: list[Alternative] = []

    def run(kind: str, value: str, ctx2=None, target2=None) -> None:
        res = assess(target if target2 is None else target2, ctx if ctx2 is None else ctx2)
        out.append(Alternative(kind, value, res["status"]))

    figure = None
    if not pd.isna(row["latest_year"]) and "+" not in str(row["latest_source"]):
        figure = _figure_rows(ds, row["latest_indicator"], row["series_geo"], int(row["latest_year"]))
        others = figure[figure["source_id"] != row["latest_source"]]
        for idx, alt in others[[not _consistent_bound(a, row) for a in others.itertuples()]].iterrows():
            ds2 = _restrict(ds, ds.values.index.isin(figure.index.drop(idx)), keep_preferred=idx)
            run("source", str(alt["source_id"]), dataclasses.replace(ctx, ds=ds2))
    v = ds.values
    same_target = v[(v["indicator"] == row["indicator"]) & (v["geo"] == row["target_geo"])
                    & (v["year"] == row["target_year"]) & (v["kind"] == row["target_kind"])
                    & (v["source_id"] != row["target_source"])]
    for alt in same_target.itertuples(index=False):
        if body(ds, alt.policy) != row["body"]:
            continue
        run("target_source", alt.source_id, target2=alt)
    outcome = row["outcome_indicator"]
    if row["back_calculated_years"] and outcome in WEIGHTED_RATES:
        for w in WEIGHTINGS:
            if w != ctx.weighting and len(merged_equivalent(ds, outcome, w)):
                run("weighting", w, dataclasses.replace(ctx, weighting=w))
    if row["method"] == "cagr" and ds.unit(outcome) == "percent":
        run("share_method", "linear", dataclasses.replace(ctx, share_method="linear"))
    if row["method"] == "period_average" and row["latest_indicator"] != row["indicator"] \
            and "_avg_" in str(row["latest_indicator"]):
        run("period_reading", "annual", dataclasses.replace(ctx, period_reading="annual"))
    if figure is not None and len(figure) and is_expectation(ds, str(row["latest_source"]), int(row["latest_year"])):
        drop = ds.values.index.isin(figure[figure["source_id"] == row["latest_source"]].index)
        run("without_expectation", str(int(row["latest_year"])), dataclasses.replace(ctx, ds=_restrict(ds, drop)))
    return out


__all__ = ["EXPECTATION_LEAD_DAYS", "KINDS", "Alternative", "alternatives", "is_expectation"]
