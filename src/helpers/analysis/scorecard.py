"""The scorecard: every target and plan of Hai Phong since 2019, and whether it was or will be met.

Analysis only: one row of codes and numbers per target (``COLUMNS``, the columns of
``scorecard.csv``); ``helpers.present.scorecard_text`` turns them into words.

Scope (``scorecard_targets``)
-----------------------------
Every row of kind target or plan with year >= ``FIRST_YEAR`` and geo ``hai_phong`` (the city
before the 1 July 2025 merger) or ``hai_phong_merged``, whichever source set it (two targets
for the same year are two rows), and every national (``viet_nam``) 2030 target of an
indicator the city has observed figures for. National targets without a city series are listed
by ``national_without_series``; nothing is dropped silently.

Status (``status``)
-------------------
* Not an outcome (``NOT_OUTCOME``: spending or task plans, policy structure): not assessable.
* Due (target year <= ``as_of_year``, the latest year observed for the city): the figure for
  the target year on the target's own territory decides "met" or "missed" (``achievement``;
  a "~" target is read as "="); no such figure: not assessable, with the reason.
* Open (target year later): a latest figure of the target's own territory that already meets
  the target is "reached_early" (it must still hold in the target year). Otherwise the Open
  SDG / Eurostat category of ``helpers.analysis.progress`` on the chosen series: substantial, moderate
  or limited progress, deterioration; fewer than two points: not assessable.
* Growth rates are judged as rates (``progress`` linear method on the levels of the rate,
  never a CAGR of a rate), with the gap in percentage points to the latest figure and to the
  mean of the last ``RECENT_YEARS`` figures. A period-average growth target ("13,5 %/năm
  2021–2030") is a target on the volume index it implies: achieved years compound to
  prod(1 + g_t); the ratio is the average achieved over the average targeted, and
  ``required_rate`` is the average the remaining years need:
  ((1 + T)**N / prod(1 + g_t))**(1 / n_remaining) - 1.
* A five-year total (``_5y``): ``required_rate`` is the constant growth from the latest annual
  figure whose five annual values add up to the total.

Series and territory (``series_basis``)
---------------------------------------
``same_boundary``: the target's own territory. ``merged_equivalent``: merged-city points
back-calculated from Hai Phong + Hai Duong (``helpers.analysis.boundary``) joined to the merged city's
own points. ``pre_merger_proxy``: only the pre-merger city's series exists for a merged-city
target of an intensive unit (share, index, rank): its category is shown as ``indicative``,
never as the status. ``national_benchmark``: a national target read against the city's series.
``none``: no series.

Probability: ``helpers.analysis.projections`` (its chosen model) when the series has at least three
points and the target year is later than the last one; ``signals_disagree`` marks rows whose
category and probability point different ways (category at least moderate and probability
below one half, or category limited/deterioration and probability at least one half).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from helpers.analysis.analysis_cache import analysis_view, cached, dataset_digest, frame_digest
from helpers.analysis.boundary import ADDITIVE_UNITS, MERGED, MERGER_YEAR, PARTNER, PRE_MERGER, merged_equivalent
from helpers.data.loader import Dataset
from helpers.analysis.progress import Target, achievement, assess_progress, category_from_ratio
from helpers.analysis.projections import InsufficientDataError, project_series
from helpers.analysis.robustness import alternatives, is_expectation
from helpers.analysis.target_identity import headline_class, identify, superseded

FIRST_YEAR = 2019
NATIONAL, NATIONAL_YEAR = "viet_nam", 2030
CITY_GEOS = (MERGED, PRE_MERGER)
OBSERVED = ("actual", "estimate")
INTENSIVE_UNITS = ("percent", "percent_change", "points", "index", "rank")
RATE_UNITS = ("percent_change",)
RECENT_YEARS = 3
MIN_PROJECTION_POINTS = 3
# Plans that state an input or a structure, not an outcome that a figure could meet.
NOT_OUTCOME = {"dx_budget": "spending_plan", "st_city_budget": "spending_plan", "dx_tasks": "task_plan",
               "local_budget_expenditure_5y": "spending_plan",
               "strategic_breakthroughs": "policy_design", "strategic_spearheads": "policy_design"}
# A plan stated on another indicator's outcome (the central budget estimate of revenue).
OUTCOME_OF = {"state_budget_revenue_central_estimate": "state_budget_revenue"}
# National share targets that a city base can be read against although the city publishes no
# numerator: the share of the budget for S&T against the city's 2026-2030 spending plan, and the
# city's published spending on S&T and digital transformation beside it (not the same scope).
SHARE_BASES = {"st_budget_share": ("local_budget_expenditure_5y", "st_dx_investment")}
PERIOD_AVG = re.compile(r"^(?P<base>.+)_avg_(?P<start>\d{4})_(?P<end>\d{4})$")
PERIOD_TOTAL_SUFFIX, PERIOD_TOTAL_YEARS = "_5y", 5

STATUSES = ("met", "missed", "reached_early", "substantial_progress", "moderate_progress",
            "limited_progress", "deterioration", "not_assessable")
ON_TRACK = ("reached_early", "substantial_progress")
OFF_TRACK = ("moderate_progress", "limited_progress", "deterioration")
BASES = ("same_boundary", "merged_equivalent", "pre_merger_proxy", "national_benchmark", "none")

COLUMNS = [
    "indicator", "target_geo", "target_year", "target_value", "target_qualifier", "target_kind",
    "policy", "target_source", "series_geo", "series_basis", "series_first_year", "n_points",
    "latest_year", "latest_value", "latest_qualifier", "latest_kind", "latest_source",
    "status", "indicative_status", "method", "ratio", "probability", "model", "signals_disagree",
    "required_rate", "gap", "gap_percent", "recent_mean", "recent_first_year", "period_start",
    "achieved_years", "achieved_mean", "sources_agree", "reason_code", "back_calculated_years",
    "back_calculated_sources",
    "indicative_probability", "target_preferred", "share_base_indicator", "share_base_value",
    "share_base_source", "implied_amount", "latest_note", "required_change", "partner_needed",
    "partner_value", "partner_year", "nearest", "outcome_indicator", "latest_indicator",
    # identity (helpers.analysis.target_identity) and robustness (helpers.analysis.robustness)
    "body", "target_id", "group_id", "scope", "superseded_by", "superseded_id", "component_of", "lead", "counted",
    "latest_is_expectation", "low_reliability_sources", "robust", "alternatives", "flips", "headline_class",
]
# Units whose need is stated as a change a year in the unit (percentage points, points), not as a
# growth rate of the level.
CHANGE_UNITS = ("percent", "points", "index")


@dataclass(frozen=True)
class Context:
    """What every row needs: the dataset, the year the data run to, and the reading choices that
    the robustness check varies (``helpers.analysis.robustness``): the weights of back-calculated rates,
    compound growth or percentage points for shares, and how a period average's achieved years
    are read (the territory's published average where there is one, or its annual figures)."""

    ds: Dataset
    as_of_year: int
    weighting: str = "level"
    share_method: str = "cagr"
    period_reading: str = "published"


def as_of_year(ds: Dataset) -> int:
    """The latest year with an observed (actual or estimate) figure for the city."""
    v = ds.figures()
    obs = v[v["kind"].isin(OBSERVED) & v["geo"].isin(CITY_GEOS)]
    return int(obs["year"].max())


def scorecard_targets(ds: Dataset) -> pd.DataFrame:
    """Every city target/plan since ``FIRST_YEAR`` and the national 2030 targets with a city series."""
    v = ds.values
    t = v[v["kind"].isin(["target", "plan"])]
    city = t[t["geo"].isin(CITY_GEOS) & (t["year"] >= FIRST_YEAR)]
    national = t[(t["geo"] == NATIONAL) & (t["year"] == NATIONAL_YEAR) & t["preferred"]
                 & t["indicator"].isin(_city_observed(ds) | _with_share_base(ds))]
    out = pd.concat([city, national], ignore_index=True)
    order = {MERGED: 0, PRE_MERGER: 1, NATIONAL: 2}
    out = out.assign(_g=out["geo"].map(order), _p=~out["preferred"])
    return (out.sort_values(["year", "indicator", "_g", "_p", "source_id"], kind="stable")
            .drop(columns=["_g", "_p"]).reset_index(drop=True))


def _city_observed(ds: Dataset) -> set[str]:
    v = ds.figures()
    return set(v[v["kind"].isin(OBSERVED) & v["geo"].isin(CITY_GEOS)]["indicator"])


def _with_share_base(ds: Dataset) -> set[str]:
    v = ds.figures()
    return {i for i, (base, _) in SHARE_BASES.items() if (v["indicator"] == base).any()}


def national_without_series(ds: Dataset) -> pd.DataFrame:
    """National 2030 targets that no city series can be read against (listed, not assessed): their
    figures (``Dataset.figures``), preferred rows in the order of ``Dataset.targets``."""
    f = ds.figures()
    t = f[f["preferred"] & f["kind"].isin(["plan", "target"]) & (f["geo"] == NATIONAL)
          & (f["year"] == NATIONAL_YEAR)]
    t = t[~t["indicator"].isin(_city_observed(ds) | _with_share_base(ds))]
    return t.sort_values(["indicator", "geo", "year", "kind"], kind="stable").reset_index(drop=True)


def _as_target(value, qualifier: str, year) -> Target:
    """A target as ``progress`` reads it: a "~" (about) target is a level to reach, "="."""
    return Target(float(value), "=" if qualifier == "~" else qualifier, int(year))


def _target(row) -> Target:
    return _as_target(row.value, row.qualifier, row.year)


def _obs(ds: Dataset, indicator: str, geo: str) -> pd.DataFrame:
    s = ds.series(indicator, geo)
    return s.assign(basis="published")[["year", "value", "qualifier", "kind", "geo", "source_id", "basis", "note_vi"]]


def _gap(latest: float | None, target: float, unit: str) -> tuple[float | None, float | None]:
    """latest - target in the unit, and as a share of the target for amounts and counts."""
    if latest is None:
        return None, None
    pct = (latest / target - 1) if unit in ("billion_vnd", "count") and target else None
    return latest - target, pct


def _required_rate(latest: float, latest_year: int, target: Target, unit: str, reached: bool) -> float | None:
    """Growth a year the level must average from its latest figure to the target (levels only)."""
    if reached or unit in ("rank",) + RATE_UNITS or latest <= 0 or target.value <= 0 or target.year <= latest_year:
        return None
    return (target.value / latest) ** (1 / (target.year - latest_year)) - 1


def _base(row, ctx: Context) -> dict:
    return {c: None for c in COLUMNS} | {
        "indicator": row.indicator, "target_geo": row.geo, "target_year": int(row.year),
        "target_value": float(row.value), "target_qualifier": row.qualifier, "target_kind": row.kind,
        "policy": row.policy, "target_source": row.source_id, "target_preferred": bool(row.preferred),
        "series_basis": "none",
        "n_points": 0, "signals_disagree": False, "back_calculated_years": "",
    }


def _latest(out: dict, s: pd.DataFrame) -> None:
    last = s.iloc[-1]
    note = last.get("note_vi", "")
    out.update(latest_year=int(last["year"]), latest_value=float(last["value"]),
               latest_note=note if isinstance(note, str) else "",
               latest_qualifier=str(last["qualifier"]), latest_kind=str(last["kind"]),
               latest_source=str(last["source_id"]), series_first_year=int(s["year"].iloc[0]),
               n_points=len(s), series_geo=str(last["geo"]))


def assess_due(row, ctx: Context, out: dict) -> dict:
    """A target whose year has passed: met or missed on the figure of that year and territory."""
    ds, ind = ctx.ds, OUTCOME_OF.get(row.indicator, row.indicator)
    unit, direction = ds.unit(ind), str(ds.indicators.at[ind, "direction"])
    target = _target(row)
    v = ds.values
    same = v[(v["indicator"] == ind) & (v["geo"] == row.geo) & v["kind"].isin(OBSERVED)]
    at_year = same[same["year"] == row.year]
    if at_year.empty:
        return _due_without_figure(row, ctx, out, ind, target, direction, len(same) > 0)
    pref = at_year[at_year["preferred"]].iloc[0] if at_year["preferred"].any() else at_year.iloc[0]
    _latest(out, at_year.loc[[pref.name]])
    out["series_basis"] = "same_boundary"
    verdicts = {achievement(float(r.value), str(r.qualifier), target, direction) for r in at_year.itertuples()}
    verdict = achievement(float(pref["value"]), str(pref["qualifier"]), target, direction)
    out["sources_agree"] = not {"yes", "no"} <= verdicts  # a bound that may meet it is no dissent
    out["gap"], out["gap_percent"] = _gap(float(pref["value"]), target.value, unit)
    if verdict == "maybe":
        out.update(status="not_assessable", method="outcome", reason_code="bound_inconclusive")
    else:
        out.update(status="met" if verdict == "yes" else "missed", method="outcome")
    return out


def _due_without_figure(row, ctx: Context, out: dict, ind: str, target: Target, direction: str,
                        has_own: bool) -> dict:
    """A due target with no figure of its year on its territory: why, in codes and bounds.

    * ``old_boundary_gone``: a pre-merger target of an amount or count whose year is published only
      for the merged city. ``partner_needed`` = merged figure - target: the old city fell short only
      if Hai Duong's part exceeded it (``partner_value``/``partner_year``: Hai Duong's latest figure).
    * ``merged_figure_only``: a pre-merger target of a share, rate, index or rank whose year has a
      figure only for the merged city (another territory: not scored; ``nearest`` as below, and the
      reason names that figure with its caveat).
    * ``no_figure_for_year``: otherwise; for shares and indices ``nearest`` says whether the figures
      nearest in time (the territory's latest, the merged city's of the same year) are all below
      ("below"), all at or above ("above") or both ("mixed") the target.
    """
    ds = ctx.ds
    if has_own:
        _latest(out, ds.series(ind, row.geo))
        out["series_basis"] = "same_boundary"
    out.update(status="not_assessable", method="outcome", reason_code="no_figure_for_year")
    bound = _component_bound(ds, ind, row.geo, int(row.year))
    if bound is not None:
        verdict = achievement(bound["value"], "<=", target, direction)
        out.update(latest_year=int(row.year), latest_value=bound["value"], latest_qualifier="<=",
                   latest_kind=bound["kind"], latest_source=bound["sources"], series_geo=row.geo,
                   series_basis="same_boundary", n_points=1, method="component_bound")
        if verdict == "no":
            out.update(status="missed", reason_code="", gap=bound["value"] - target.value)
            return out
    merged = ds.series(ind, MERGED)
    merged = merged[merged["year"] == row.year]
    unit = ds.unit(ind)
    if row.geo == PRE_MERGER and len(merged) and unit in ADDITIVE_UNITS:
        partner = ds.series(ind, PARTNER)
        partner = partner[partner["year"] < row.year]
        out.update(reason_code="old_boundary_gone", partner_needed=float(merged["value"].iloc[0]) - target.value)
        if len(partner):
            out.update(partner_value=float(partner["value"].iloc[-1]), partner_year=int(partner["year"].iloc[-1]))
        return out
    if unit in INTENSIVE_UNITS:
        if row.geo == PRE_MERGER and len(merged):
            out["reason_code"] = "merged_figure_only"
        near = [(float(r.value), str(r.qualifier)) for r in merged.itertuples()]
        if has_own:
            near.append((out["latest_value"], out["latest_qualifier"]))
        verdicts = {achievement(value, q, target, direction) for value, q in near}
        if near:
            out["nearest"] = "below" if verdicts == {"no"} else "above" if verdicts == {"yes"} else "mixed"
    return out


def _component_bound(ds: Dataset, ind: str, geo: str, year: int) -> dict | None:
    """An upper bound of a component without its own figure: its total minus the other components
    of that total (every part of a budget is non-negative), when all of them have figures."""
    comps = {k: e["total"] for k, e in ds.target_rules.get("components", {}).items()}
    total = comps.get(ind)
    if total is None:
        return None
    parts = [total] + [k for k, t in comps.items() if t == total and k != ind]
    rows = []
    for i in parts:
        s = ds.series(i, geo)
        s = s[s["year"] == year]
        if s.empty or str(s["qualifier"].iloc[0]) not in ("=", "~"):
            return None
        rows.append(s.iloc[0])
    value = float(rows[0]["value"]) - sum(float(r["value"]) for r in rows[1:])
    kind = "estimate" if any(r["kind"] == "estimate" for r in rows) else "actual"
    return {"value": value, "kind": kind, "sources": "+".join(dict.fromkeys(str(r["source_id"]) for r in rows))}


def choose_series(ctx: Context, indicator: str, target_geo: str) -> tuple[pd.DataFrame, str, pd.DataFrame]:
    """(series, basis, own): the observed points a target is read against, their basis, and the
    points of the target's own territory (used for the latest figure)."""
    ds = ctx.ds
    unit = ds.unit(indicator)
    pre, merged = _obs(ds, indicator, PRE_MERGER), _obs(ds, indicator, MERGED)
    if target_geo == PRE_MERGER:
        return pre, "same_boundary" if len(pre) else "none", pre
    eq = merged_equivalent(ds, indicator, ctx.weighting)
    eq = eq[~eq["year"].isin(merged["year"])]
    joined = pd.concat([eq.drop(columns="parts"), merged], ignore_index=True).sort_values("year", ignore_index=True)
    if target_geo == NATIONAL:
        if len(joined) >= 2 or (len(joined) and not len(pre)):
            return joined, "national_benchmark", joined
        if unit in INTENSIVE_UNITS and len(pre):
            # the city today is the merged city: a share of the old city is as indicative against a
            # national target as against the merged city's own
            return pre, "pre_merger_proxy", joined
        return pre, "national_benchmark", pre
    if len(eq) and len(joined) >= 2:
        return joined, "merged_equivalent", merged
    if len(merged) >= 2 or not len(pre) or unit not in INTENSIVE_UNITS:
        return merged, "same_boundary" if len(merged) else "none", merged
    return pre, "pre_merger_proxy", merged


def _projection(series: pd.DataFrame, target: Target, direction: str, rate: bool):
    """``project_series`` of the series to the target year (None when it cannot be projected); a
    growth rate is fitted on its levels (one engine with the category's linear method, never a
    log of a rate)."""
    if len(series) < MIN_PROJECTION_POINTS or target.year <= int(series["year"].max()):
        return None
    rows = series[["year", "value", "qualifier"]].assign(geo="series")
    try:
        return project_series(rows, target.year, target=target.value, direction=direction,
                              log_scale=False if rate else None)
    except InsufficientDataError:
        return None


def _disagree(status: str, prob: float | None) -> bool:
    if prob is None:
        return False
    return (status in ("substantial_progress", "moderate_progress") and prob < 0.5) or \
        (status in ("limited_progress", "deterioration") and prob >= 0.5)


def assess_open(row, ctx: Context, out: dict) -> dict:
    """A target whose year is still ahead: reached early, or the Open SDG category."""
    ds = ctx.ds
    outcome = OUTCOME_OF.get(row.indicator, row.indicator)
    ind = ds.indicators.loc[outcome]
    unit, direction = str(ind["unit"]), str(ind["direction"])
    target = _target(row)
    series, basis, own = choose_series(ctx, outcome, row.geo)
    out["series_basis"] = basis
    back = series.loc[series["basis"] != "published"]
    out["back_calculated_years"] = ",".join(str(int(y)) for y in back["year"])
    # the sources of every addend (and weight) of the back-calculated points the verdict rests on
    out["back_calculated_sources"] = "+".join(dict.fromkeys(
        i for ids in back["source_id"] for i in str(ids).split("+") if i))
    if not len(series):
        other = ds.series(outcome, PRE_MERGER) if row.geo == MERGED else pd.DataFrame()
        if len(other):
            # Only the pre-merger city has figures, and an amount or count of the old territory
            # says nothing about the merged city's level.
            _latest(out, other)
            out.update(status="not_assessable", reason_code="other_territory_only", series_basis="none")
        else:
            out.update(status="not_assessable", reason_code="no_data")
        return out
    own_latest = len(own) > 0 and basis != "national_benchmark"
    _latest(out, own if own_latest else series)
    out.update(n_points=len(series), series_first_year=int(series["year"].iloc[0]))
    reached = achievement(out["latest_value"], out["latest_qualifier"], target, direction) == "yes"
    out["gap"], out["gap_percent"] = _gap(out["latest_value"], target.value, unit)
    if unit in CHANGE_UNITS:
        if not reached and target.year > out["latest_year"]:
            out["required_change"] = (target.value - out["latest_value"]) / (target.year - out["latest_year"])
    else:
        out["required_rate"] = _required_rate(out["latest_value"], out["latest_year"], target, unit, reached)
    if unit in RATE_UNITS:
        recent = series.tail(RECENT_YEARS)
        out.update(recent_mean=float(recent["value"].mean()), recent_first_year=int(recent["year"].iloc[0]))
    if reached and (own_latest or basis != "pre_merger_proxy"):
        # The target's own territory already meets it: the verdict rests on that figure alone.
        out.update(status="reached_early", method="level", series_basis="same_boundary" if own_latest else basis,
                   n_points=len(own) if own_latest else len(series))
        return out
    if len(series) < 2:
        out.update(status="not_assessable", reason_code="one_point")
        return out
    limit = None if pd.isna(ind["limit"]) else float(ind["limit"])
    linear = unit in RATE_UNITS or (unit == "percent" and ctx.share_method == "linear")
    res = assess_progress(series.assign(geo="series"), target, indicator=outcome, direction=direction,
                          limit=limit, value_is_rate=linear, geo="series")
    rep = _projection(series, target, direction, unit in RATE_UNITS)
    prob, model = (None, None) if rep is None else (rep.best.prob_meets_target, rep.chosen)
    category = res.category
    out.update(method=res.method, ratio=res.ratio, probability=prob, model=model)
    if basis == "pre_merger_proxy":
        out.update(status="not_assessable", indicative_status=_status_of(category, reached),
                   reason_code="pre_merger_only")
        out["probability"] = None
        out["indicative_probability"] = prob
        return out
    out["status"] = _status_of(category, reached)
    out["signals_disagree"] = _disagree(out["status"], prob)
    return out


def _status_of(category: str, reached: bool) -> str:
    if category == "target_achieved" or reached:
        return "reached_early"
    if category in STATUSES:
        return category
    return "not_assessable"


def _achieved(ctx: Context, geo: str, base: str, start: int, end: int) -> list[dict]:
    """The achieved part of a period on the target's own territory, as segments {first, last,
    mean (%), qualifier, kind, source_id}: the territory's published average of a sub-period
    starting at ``start`` (the longest, when ``period_reading`` is "published"), then its annual
    figures, consecutive from there. Never a year of another territory (the boundary rule)."""
    ds, last_year = ctx.ds, min(end, ctx.as_of_year)
    segments, first = [], start
    if ctx.period_reading == "published":
        for y in range(last_year, start, -1):
            sub = f"{base}_avg_{start}_{y}"
            if sub in ds.indicators.index and sub != f"{base}_avg_{start}_{end}":
                hit = ds.series(sub, geo)
                hit = hit[hit["year"] == y]
                if len(hit):
                    r = hit.iloc[0]
                    segments.append(dict(first=start, last=y, mean=float(r["value"]), qualifier=str(r["qualifier"]),
                                         kind=str(r["kind"]), source_id=str(r["source_id"]), indicator=sub))
                    first = y + 1
                    break
    annual = ds.series(base, geo)
    for year in range(first, last_year + 1):
        hit = annual[annual["year"] == year]
        if hit.empty:
            break
        r = hit.iloc[0]
        segments.append(dict(first=year, last=year, mean=float(r["value"]), qualifier=str(r["qualifier"]),
                             kind=str(r["kind"]), source_id=str(r["source_id"])))
    return segments


def assess_period_average(row, ctx: Context, out: dict, base: str, start: int, end: int) -> dict:
    """A target on the average growth of a period: achieved years compound; the rest must make
    up the difference (see the module docstring)."""
    ds = ctx.ds
    target = _target(row)
    out["period_start"] = start
    published = ds.series(row.indicator, row.geo)
    if row.year <= ctx.as_of_year and len(published[published["year"] == row.year]):
        return assess_due(row, ctx, out)
    segments = _achieved(ctx, row.geo, base, start, end)
    if not segments:
        out.update(status="not_assessable", reason_code="period_not_started",
                   required_rate=target.value / 100)
        return out
    years = sum(g["last"] - g["first"] + 1 for g in segments)
    index = math.prod((1 + g["mean"] / 100) ** (g["last"] - g["first"] + 1) for g in segments)
    achieved = index ** (1 / years) - 1
    n_total, last = end - start + 1, segments[-1]["last"]
    n_left = end - last
    out.update(achieved_years=years, achieved_mean=achieved, latest_year=last,
               latest_value=segments[-1]["mean"], latest_qualifier=segments[-1]["qualifier"],
               latest_kind=segments[-1]["kind"], latest_source="+".join(dict.fromkeys(g["source_id"] for g in segments)),
               latest_indicator=segments[-1].get("indicator", base),
               n_points=len(segments), series_first_year=start, series_geo=row.geo,
               series_basis="same_boundary", method="period_average")
    if n_left <= 0:
        out.update(status="met" if achieved * 100 >= target.value else "missed")
        return out
    out["required_rate"] = ((1 + target.value / 100) ** n_total / index) ** (1 / n_left) - 1
    out["ratio"] = achieved / (target.value / 100)
    out["gap"] = achieved * 100 - target.value
    status = _status_of(category_from_ratio(out["ratio"]), False)
    if row.geo == PRE_MERGER and end >= MERGER_YEAR:
        # the years still to come can only be observed for the merged city: the pace so far is
        # indicative, as for any pre-merger series read against a later target
        out.update(status="not_assessable", indicative_status=status, reason_code="pre_merger_only")
        return out
    out["status"] = status
    return out


def assess_period_total(row, ctx: Context, out: dict) -> dict:
    """A five-year total: the constant growth from the latest annual figure that reaches it."""
    ds = ctx.ds
    annual = ds.series(row.indicator[: -len(PERIOD_TOTAL_SUFFIX)], row.geo)
    out.update(status="not_assessable", reason_code="period_not_started", method="period_total")
    if annual.empty:
        return out
    _latest(out, annual)
    first = int(row.year) - PERIOD_TOTAL_YEARS + 1
    if out["latest_year"] != first - 1:
        return out
    total, level = float(row.value), out["latest_value"]

    def five_years(g: float) -> float:
        return sum(level * (1 + g) ** k for k in range(1, PERIOD_TOTAL_YEARS + 1))

    lo, hi = -0.5, 1.0
    for _ in range(200):  # bisection: five_years is increasing in g
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if five_years(mid) < total else (lo, mid)
    out["required_rate"] = (lo + hi) / 2
    return out


def assess_share_base(row, ctx: Context, out: dict) -> dict:
    """A national share target with a city base but no city numerator: the amount it implies."""
    ds = ctx.ds
    base_ind, beside = SHARE_BASES[row.indicator]
    base = ds.values[(ds.values["indicator"] == base_ind) & ds.values["preferred"]].sort_values("year").iloc[-1]
    out.update(status="not_assessable", reason_code="share_without_numerator", series_basis="national_benchmark",
               share_base_indicator=base_ind, share_base_value=float(base["value"]),
               share_base_source=str(base["source_id"]), implied_amount=float(base["value"]) * float(row.value) / 100)
    near = ds.series(beside, MERGED)
    if len(near):
        _latest(out, near)
    return out


def assess_target(row, ctx: Context) -> dict:
    """One scorecard row (``COLUMNS``) for one target row of the dataset."""
    out = _assess(row, ctx)
    out["outcome_indicator"] = OUTCOME_OF.get(row.indicator, row.indicator)
    if out["latest_indicator"] is None:
        out["latest_indicator"] = out["outcome_indicator"]
    return out


def _assess(row, ctx: Context) -> dict:
    out = _base(row, ctx)
    if (row.indicator, row.geo, int(row.year), row.source_id) in superseded(ctx.ds):
        out.update(status="not_assessable", reason_code="superseded")
        return out
    if row.indicator in NOT_OUTCOME:
        out.update(status="not_assessable", reason_code=NOT_OUTCOME[row.indicator])
        return out
    m = PERIOD_AVG.match(row.indicator)
    if m:
        return assess_period_average(row, ctx, out, m["base"], int(m["start"]), int(m["end"]))
    if row.indicator.endswith(PERIOD_TOTAL_SUFFIX):
        return assess_period_total(row, ctx, out)
    if row.indicator in SHARE_BASES and row.indicator not in _city_observed(ctx.ds):
        return assess_share_base(row, ctx, out)
    if row.year <= ctx.as_of_year and row.geo != NATIONAL:
        return assess_due(row, ctx, out)
    return assess_open(row, ctx, out)


def build_scorecard(ds: Dataset) -> pd.DataFrame:
    """One row per target (``COLUMNS``), by target year, indicator and territory: its verdict,
    its identity and group (``helpers.analysis.target_identity``), and the verdicts under the alternatives
    (``helpers.analysis.robustness``). Several sources of one target are one row (the preferred source's).
    Computed on ``analysis_view(ds)``, kept by ``helpers.analysis.analysis_cache``."""
    view = analysis_view(ds)
    return cached("scorecard", [dataset_digest(view)], lambda: _build_scorecard(view))


def _build_scorecard(ds: Dataset) -> pd.DataFrame:
    ctx = Context(ds, as_of_year(ds))
    targets = scorecard_targets(ds)
    card = pd.DataFrame([assess_target(r, ctx) for r in targets.itertuples(index=False)])
    card = card.reindex(columns=COLUMNS + [c for c in card.columns if c not in COLUMNS])
    card = identify(card, ds, NOT_OUTCOME)
    # Several sources of one target: the preferred one's row (the others are its target_source
    # alternatives). Superseded targets and plans that are not outcomes are kept as listed.
    ranked = card.assign(_t=card["scope"] != "target").sort_values(["_t", "target_preferred"], ascending=[True, False],
                                                                    kind="stable")
    keep = (~ranked.duplicated("target_id") | ranked["_t"]).sort_index()
    card, targets = card[keep], targets[keep.to_numpy()]
    card["latest_is_expectation"] = [
        not pd.isna(y) and "+" not in str(src) and is_expectation(ds, str(src), int(y))
        for y, src in zip(card["latest_year"], card["latest_source"])]
    card["low_reliability_sources"] = [",".join(s for s in _row_sources(r) if _reliability(ds, s) == "low")
                                       for r in card.itertuples(index=False)]
    alts = [alternatives(row, target, ctx, assess_target)
            for (_, row), target in zip(card.iterrows(), targets.itertuples(index=False))]
    card["alternatives"] = ["; ".join(a.code() for a in al) for al in alts]
    card["flips"] = ["; ".join(a.code() for a in al if a.status != st) for al, st in zip(alts, card["status"])]
    # A verdict is robust when no alternative changes it (one with no alternative to try included);
    # a row without a verdict has nothing to test.
    judged = (card["status"] != "not_assessable") & (card["scope"] == "target")
    card["robust"] = [(not fl) if j else None for j, fl in zip(judged, card["flips"])]
    card["headline_class"] = [headline_class(st, rb) if c else None
                              for st, rb, c in zip(card["status"], card["robust"], card["counted"])]
    return card.reset_index(drop=True)


def _row_sources(r) -> list[str]:
    ids = [r.target_source] + ([] if pd.isna(r.latest_source) else str(r.latest_source).split("+"))
    return list(dict.fromkeys(i for i in ids if i))


def _reliability(ds: Dataset, source_id: str) -> str:
    return str(ds.sources.at[source_id, "reliability"]) if source_id in ds.sources.index else ""


def record_rows(card: pd.DataFrame) -> pd.DataFrame:
    """The rows a track record counts: the city's own annual plans and targets that fell due (one
    target per indicator, territory and year: the lead of its group)."""
    lead = card["lead"].astype(bool) if "lead" in card else pd.Series(True, index=card.index)
    own = card["body"].isin(["city", ""]) if "body" in card else pd.Series(True, index=card.index)
    return card[card["status"].isin(["met", "missed"]) & card["period_start"].isna() & lead & own]


def track_record(card: pd.DataFrame) -> pd.DataFrame:
    """Per indicator with the city's own annual plans or targets that fell due (``record_rows``):
    how many were met."""
    g = record_rows(card).groupby("indicator", sort=True)
    return pd.DataFrame({"met": g["status"].apply(lambda s: int((s == "met").sum())), "assessed": g.size(),
                         "first_year": g["target_year"].min(), "last_year": g["target_year"].max()}).reset_index()


def status_counts(card: pd.DataFrame) -> dict[str, int]:
    """Number of rows per status, in ``STATUSES`` order (zeros included)."""
    counts = card["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


__all__ = ["BASES", "COLUMNS", "STATUSES", "as_of_year", "build_scorecard", "choose_series",
           "national_without_series", "record_rows", "scorecard_targets", "status_counts", "track_record"]


def projection_runs(ds: Dataset, card: pd.DataFrame | None = None) -> list[tuple[pd.Series, object]]:
    """(scorecard row, ``ProjectionReport``) for every row of ``card`` (built when not given)
    whose series has a projection: the models behind ``probability`` (and
    ``indicative_probability`` for pre-merger proxies). Kept by ``helpers.analysis.analysis_cache``."""
    card = build_scorecard(ds) if card is None else card
    view = analysis_view(ds)
    return cached("projection_runs", [dataset_digest(view), frame_digest(card)],
                  lambda: _projection_runs(view, card))


def _projection_runs(ds: Dataset, card: pd.DataFrame) -> list[tuple[pd.Series, object]]:
    ctx = Context(ds, as_of_year(ds))
    out = []
    for _, row in card.iterrows():
        if pd.isna(row["probability"]) and pd.isna(row.get("indicative_probability")):
            continue
        series, _, _ = choose_series(ctx, row["indicator"], row["target_geo"])
        target = _as_target(row["target_value"], row["target_qualifier"], row["target_year"])
        rep = _projection(series, target, str(ds.indicators.at[row["indicator"], "direction"]),
                          ds.unit(row["indicator"]) in RATE_UNITS)
        row = row.copy()
        row["source_ids"] = "+".join(dict.fromkeys(series["source_id"]))
        out.append((row, rep))
    return out
