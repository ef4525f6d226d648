"""What changed since the previous edition, and how its forecasts fared (analysis: codes and numbers).

An edition is compared through three tables, archived by ``hpreport release`` (helpers.publish.release)
and built the same way in memory for the edition being built (``edition_tables``):

* figures (``figures_table``): the preferred row of every (indicator, territory, year, kind);
* the scorecard (``scorecard.csv``), one row per target, keyed by ``target_key``;
* projections (``projections_table``): for every projected target, the scorecard's model projected
  to each year from the one after the series' last figure up to the target year (``year``), with
  80 % and 95 % intervals; the probability of meeting the target only on the target year.

Figures (``figure_changes``: actual and estimate; targets and plans are compared as targets) are
matched on (indicator, geo, year), where actual and estimate are one group (``OBSERVED``: an
actual wins over an estimate, as in the scorecard).
A matched figure whose value, qualifier, kind or source differs is revised, of one of
``REVISIONS``: ``estimate_to_actual`` (an estimate replaced by the actual), ``correction`` (same
source, other value), ``other_source`` (another source preferred).

Targets (``target_changes``) are added, dropped or superseded (``SUPERSEDED``: a status a
target replaced by a later decision carries). A verdict that changed gets the first cause of
``CAUSES`` that applies: ``changed_target`` (the target's value or type changed),
``new_data`` (a figure of a series it reads was added), ``revised_data`` (one was revised or
dropped), ``came_due`` (no figure of its series changed, but its year came: the edition's data
now reach the target year and an open target is judged as due), ``changed_method`` (none of
these: the code that reads them changed).

Back-test (``backtest``): each projection of the previous edition whose year now has an observed
figure of the series' territory; covered when the outcome lies within the interval (bounds
included); on the target year, "met" by ``helpers.analysis.progress.achievement`` and the Brier score
mean((p - o)^2), o = 1 when met, 0 when not (a bound that cannot decide is left out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.analysis.progress import Target, achievement

OBSERVED = ("actual", "estimate")
REVISIONS = ("estimate_to_actual", "correction", "other_source")
CAUSES = ("changed_target", "new_data", "revised_data", "came_due", "changed_method")
# Scorecard statuses of a target whose year has not come (helpers.analysis.scorecard) and of one that is due.
OPEN_STATUSES = ("reached_early", "substantial_progress", "moderate_progress", "limited_progress",
                 "deterioration")
SUPERSEDED = "superseded"
INTERVALS = (80, 95)
FIGURE_KEY = ["indicator", "geo", "year", "group"]
FIGURE_COLUMNS = ["indicator", "geo", "year", "kind", "value", "qualifier", "source_id"]
PROJECTION_COLUMNS = ["indicator", "target_geo", "target_year", "target_value", "target_qualifier",
                      "policy", "direction", "series_geo", "year", "model", "fit_first_year", "fit_last_year",
                      "n", "mean", "lower80", "upper80", "lower95", "upper95", "probability"]
# One target: indicator, territory, year or period, body and kind (helpers.analysis.target_identity).
TARGET_KEY = ["target_id"]
# What a change row says about its target, whatever the key.
TARGET_FIELDS = ["indicator", "target_geo", "target_year", "policy"]


def is_superseded(row) -> bool:
    """A target replaced by a later decision: status, reason code or scope ``SUPERSEDED``, or a
    ``superseded_by`` (the scorecard's ways of saying it)."""
    get = row.get if hasattr(row, "get") else lambda key, default=None: default
    by = get("superseded_by", None)
    return (SUPERSEDED in (get("status", None), get("reason_code", None), get("scope", None))
            or (isinstance(by, str) and by.strip() != ""))


def target_key(row) -> tuple:
    """The one key an edition's target is matched on across editions (``TARGET_KEY``)."""
    def plain(column):
        value = row[column]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return int(value) if column == "target_year" else str(value)
    return tuple(plain(c) for c in TARGET_KEY)


@dataclass(frozen=True)
class EditionTables:
    """The three tables an edition is compared through (``figures``, ``scorecard``, ``projections``)."""

    edition: dict
    figures: pd.DataFrame
    scorecard: pd.DataFrame
    projections: pd.DataFrame


# ---------------------------------------------------------------- the tables of an edition

def figures_table(ds) -> pd.DataFrame:
    """The figures the edition used: the preferred rows, without quotes and notes."""
    f = ds.figures()
    v = f[f["preferred"]][FIGURE_COLUMNS]
    return v.sort_values(FIGURE_COLUMNS[:4] + ["source_id"], kind="stable").reset_index(drop=True)


def projections_table(ds, card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard's projection of every projected target, on each year up to the target year
    (computed on ``analysis_view(ds)``, kept by ``helpers.analysis.analysis_cache``)."""
    from helpers.analysis.analysis_cache import analysis_view, cached, dataset_digest, frame_digest

    view = analysis_view(ds)
    return cached("projections_table", [dataset_digest(view), frame_digest(card)],
                  lambda: _projections_table(view, card))


def _projections_table(ds, card: pd.DataFrame) -> pd.DataFrame:
    from helpers.analysis.scorecard import Context, _projection, as_of_year, choose_series, projection_runs, RATE_UNITS

    ctx = Context(ds, as_of_year(ds))
    rows = []
    for row, rep in projection_runs(ds, card):
        series, _, _ = choose_series(ctx, row["indicator"], row["target_geo"])
        direction = str(ds.indicators.at[row["indicator"], "direction"])
        rate = ds.unit(row["indicator"]) in RATE_UNITS
        target_year = int(row["target_year"])
        for year in range(int(series["year"].max()) + 1, target_year + 1):
            if year == target_year:
                best = rep.best
            else:
                path = _projection(series, Target(float(row["target_value"]), row["target_qualifier"], year),
                                   direction, rate)
                if path is None:
                    continue
                best = path.projections[rep.chosen]
            rows.append({
                "indicator": row["indicator"], "target_geo": row["target_geo"], "target_year": target_year,
                "target_value": row["target_value"], "target_qualifier": row["target_qualifier"],
                "policy": row["policy"], "direction": direction, "series_geo": row["series_geo"], "year": year,
                "model": rep.chosen, "fit_first_year": best.fit_first_year, "fit_last_year": best.fit_last_year,
                "n": best.n, "mean": best.mean, "lower80": best.lower80, "upper80": best.upper80,
                "lower95": best.lower95, "upper95": best.upper95,
                "probability": best.prob_meets_target if year == target_year else None})
    return pd.DataFrame(rows, columns=PROJECTION_COLUMNS)


def load_archive(folder: Path) -> EditionTables | None:
    """The archived edition in `folder` (editions/<id>/), or None when it has not been released."""
    import json

    folder = Path(folder)
    if not (folder / "edition.json").is_file():
        return None
    read = lambda name: pd.read_csv(folder / name, encoding="utf-8-sig", keep_default_na=False,  # noqa: E731
                                    na_values=[""])
    return EditionTables(json.loads((folder / "edition.json").read_text(encoding="utf-8")),
                         read("figures.csv"), read("scorecard.csv"), read("projections.csv"))


# ---------------------------------------------------------------- changes

def _one_per_key(figures: pd.DataFrame) -> pd.DataFrame:
    f = figures.assign(group=figures["kind"].where(~figures["kind"].isin(OBSERVED), "observed"),
                       _o=figures["kind"].map({"actual": 0, "estimate": 1}).fillna(0))
    f = f.sort_values(FIGURE_KEY + ["_o", "source_id"], kind="stable").drop_duplicates(FIGURE_KEY)
    return f.drop(columns="_o").set_index(FIGURE_KEY)


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def revision_kind(old, new) -> str:
    if old["kind"] == "estimate" and new["kind"] == "actual":
        return "estimate_to_actual"
    return "correction" if old["source_id"] == new["source_id"] else "other_source"


def figure_changes(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One row per figure added, dropped or revised: ``change``, ``revision``, old_* and new_*."""
    a, b = (_one_per_key(f[f["kind"].isin(OBSERVED)]) for f in (old, new))
    rows = []
    for key in sorted(set(a.index) | set(b.index)):
        o = a.loc[key] if key in a.index else None
        n = b.loc[key] if key in b.index else None
        if o is not None and n is not None:
            if all(_same(o[c], n[c]) for c in ("value", "qualifier", "kind", "source_id")):
                continue
            change, revision = "revised", revision_kind(o, n)
        else:
            change, revision = ("added" if o is None else "dropped"), ""
        row = dict(zip(FIGURE_KEY, key), change=change, revision=revision)
        for prefix, fig in (("old", o), ("new", n)):
            for c in ("kind", "value", "qualifier", "source_id"):
                row[f"{prefix}_{c}"] = None if fig is None else fig[c]
        rows.append(row)
    columns = FIGURE_KEY + ["change", "revision"] + [f"{p}_{c}" for p in ("old", "new")
                                                      for c in ("kind", "value", "qualifier", "source_id")]
    return pd.DataFrame(rows, columns=columns)


def _keyed(card: pd.DataFrame) -> dict[tuple, pd.Series]:
    return {target_key(r): r for _, r in card.iterrows()}


def target_changes(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Targets added, dropped or newly superseded (``change``), by ``target_key``."""
    a, b = _keyed(old), _keyed(new)
    rows = []
    for key in sorted(set(a) | set(b)):
        if key not in a:
            change = SUPERSEDED if is_superseded(b[key]) else "added"
        elif key not in b:
            change = "dropped"
        elif is_superseded(b[key]) and not is_superseded(a[key]):
            change = SUPERSEDED
        else:
            continue
        row = (b if key in b else a)[key]
        rows.append(dict(_fields(row), change=change, target_value=row["target_value"],
                         target_qualifier=row["target_qualifier"], source=row.get("target_source"),
                         old_status=a[key]["status"] if key in a else None,
                         new_status=b[key]["status"] if key in b else None))
    return pd.DataFrame(rows, columns=TARGET_FIELDS + ["change", "target_value", "target_qualifier", "source",
                                                       "old_status", "new_status"])


def _fields(row) -> dict:
    return {c: (int(row[c]) if c == "target_year" else row[c]) for c in TARGET_FIELDS}


def series_indicators(indicator: str) -> set[str]:
    """The indicators whose figures a target on `indicator` is read against (scorecard rules)."""
    from helpers.analysis.scorecard import OUTCOME_OF, PERIOD_AVG, SHARE_BASES

    out = {indicator, indicator.removesuffix("_5y"), OUTCOME_OF.get(indicator, indicator)}
    m = PERIOD_AVG.match(indicator)
    if m:
        out.add(m.group("base"))
    out.update(SHARE_BASES.get(indicator, ()))
    return out


def cause_of(old_row, new_row, figures: pd.DataFrame) -> str:
    """The first of ``CAUSES`` that explains a changed verdict."""
    if not (_same(float(old_row["target_value"]), float(new_row["target_value"]))
            and old_row["target_qualifier"] == new_row["target_qualifier"]):
        return "changed_target"
    mine = figures[figures["indicator"].isin(series_indicators(str(new_row["indicator"])))
                   & (figures["group"] == "observed")]
    if (mine["change"] == "added").any():
        return "new_data"
    if (mine["change"] != "added").any():
        return "revised_data"
    if old_row["status"] in OPEN_STATUSES and new_row["status"] not in OPEN_STATUSES:
        return "came_due"
    return "changed_method"


def verdict_changes(old: pd.DataFrame, new: pd.DataFrame, figures: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """(one row per target in both editions whose status changed, with its ``cause``; the number of
    targets in both whose status did not change)."""
    a, b = _keyed(old), _keyed(new)
    rows, unchanged = [], 0
    for key in sorted(set(a) & set(b)):
        if is_superseded(b[key]):
            continue
        if a[key]["status"] == b[key]["status"]:
            unchanged += 1
            continue
        rows.append(dict(_fields(b[key]), old_status=a[key]["status"], new_status=b[key]["status"],
                         cause=cause_of(a[key], b[key], figures), old_latest_year=a[key]["latest_year"],
                         new_latest_year=b[key]["latest_year"], target_value=b[key]["target_value"],
                         target_qualifier=b[key]["target_qualifier"]))
    columns = TARGET_FIELDS + ["old_status", "new_status", "cause", "old_latest_year", "new_latest_year",
                            "target_value", "target_qualifier"]
    return pd.DataFrame(rows, columns=columns), unchanged


# ---------------------------------------------------------------- back-test

def backtest(projections: pd.DataFrame, figures: pd.DataFrame, expected=frozenset()) -> pd.DataFrame:
    """Each previous projection whose year has an observed figure now: the outcome, ``covered80``,
    ``covered95`` and, on the target year, ``met`` (1, 0; None when a bound cannot decide).
    ``expected``: (source_id, year) of figures that are expectations stated before their year was
    over (``helpers.analysis.robustness.is_expectation``): listed with ``outcome_expected``, never scored."""
    observed = _one_per_key(figures)
    rows = []
    for _, p in projections.iterrows():
        key = (p["indicator"], p["series_geo"], int(p["year"]), "observed")
        if key not in observed.index:
            continue
        fig = observed.loc[key]
        outcome = float(fig["value"])
        met = None
        if int(p["year"]) == int(p["target_year"]) and not pd.isna(p["probability"]):
            said = achievement(outcome, fig["qualifier"], Target(float(p["target_value"]), p["target_qualifier"],
                                                                 int(p["year"])), p["direction"])
            met = {"yes": 1, "no": 0}.get(said)
        rows.append({**{c: p[c] for c in PROJECTION_COLUMNS}, "outcome": outcome,
                     "outcome_qualifier": fig["qualifier"], "outcome_kind": fig["kind"],
                     "outcome_source": fig["source_id"],
                     "outcome_expected": (str(fig["source_id"]), int(p["year"])) in expected,
                     **{f"covered{k}": bool(p[f"lower{k}"] <= outcome <= p[f"upper{k}"]) for k in INTERVALS},
                     "met": met})
    columns = PROJECTION_COLUMNS + ["outcome", "outcome_qualifier", "outcome_kind", "outcome_source", "outcome_expected"] + \
        [f"covered{k}" for k in INTERVALS] + ["met"]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class BacktestScore:
    cases: int                      # projections with an outcome
    covered: dict[int, int]         # interval -> cases inside it
    brier_cases: int                # target-year cases with a probability and a decided outcome
    brier: float | None             # mean((p - o)^2) over them


def backtest_score(bt: pd.DataFrame) -> BacktestScore:
    """Coverage and Brier score over the cases whose outcome is a result, not an expectation."""
    if len(bt):
        bt = bt[~bt["outcome_expected"].astype(bool)]
    scored = bt[bt["met"].notna()] if len(bt) else bt
    brier = None
    if len(scored):
        brier = float(((scored["probability"].astype(float) - scored["met"].astype(float)) ** 2).mean())
    return BacktestScore(len(bt), {k: int(bt[f"covered{k}"].sum()) if len(bt) else 0 for k in INTERVALS},
                         len(scored), brier)


# ---------------------------------------------------------------- all together

def previous_comparison(ds, card: pd.DataFrame, edition, editions_dir: Path) -> Comparison | None:
    """The edition being built compared with `editions_dir/<edition.previous>/`; None when the
    edition names no previous one or that one has not been released."""
    if not edition.previous:
        return None
    old = load_archive(Path(editions_dir) / edition.previous)
    if old is None:
        return None
    from helpers.analysis.robustness import is_expectation

    f = ds.figures()
    v = f[f["kind"].isin(["actual", "estimate"])]
    expected = frozenset((s, int(y)) for s, y in zip(v["source_id"], v["year"]) if is_expectation(ds, s, int(y)))
    return compare(old, edition_tables(ds, card, edition), expected)


@dataclass(frozen=True)
class Comparison:
    previous: dict
    figures: pd.DataFrame
    targets: pd.DataFrame
    verdicts: pd.DataFrame
    unchanged: int
    backtest: pd.DataFrame
    score: BacktestScore


def compare(old: EditionTables, new: EditionTables, expected=frozenset()) -> Comparison:
    figures = figure_changes(old.figures, new.figures)
    verdicts, unchanged = verdict_changes(old.scorecard, new.scorecard, figures)
    bt = backtest(old.projections, new.figures, expected)
    return Comparison(old.edition, figures, target_changes(old.scorecard, new.scorecard), verdicts, unchanged,
                      bt, backtest_score(bt))


CHANGE_COLUMNS = ["section", "change", "detail", "indicator", "geo", "year", "policy", "old_value",
                  "old_qualifier", "old_source", "new_value", "new_qualifier", "new_source", "old_status",
                  "new_status"]


def changes_table(comparison: Comparison | None) -> pd.DataFrame:
    """`changes.csv`: every figure, target and verdict change, one row each (``CHANGE_COLUMNS``):
    section figure (detail: the kind of revision), target, verdict (detail: the cause)."""
    rows = []
    if comparison is not None:
        for r in comparison.figures.itertuples(index=False):
            rows.append({"section": "figure", "change": r.change, "detail": r.revision, "indicator": r.indicator,
                         "geo": r.geo, "year": r.year, "old_value": r.old_value, "old_qualifier": r.old_qualifier,
                         "old_source": r.old_source_id, "new_value": r.new_value,
                         "new_qualifier": r.new_qualifier, "new_source": r.new_source_id})
        for r in comparison.targets.itertuples(index=False):
            side = "old" if r.change == "dropped" else "new"
            rows.append({"section": "target", "change": r.change, "indicator": r.indicator, "geo": r.target_geo,
                         "year": r.target_year, "policy": r.policy, f"{side}_value": r.target_value,
                         f"{side}_qualifier": r.target_qualifier, f"{side}_source": r.source,
                         "old_status": r.old_status, "new_status": r.new_status})
        for r in comparison.verdicts.itertuples(index=False):
            rows.append({"section": "verdict", "change": "changed", "detail": r.cause, "indicator": r.indicator,
                         "geo": r.target_geo, "year": r.target_year, "policy": r.policy,
                         "old_status": r.old_status, "new_status": r.new_status})
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def edition_tables(ds, card: pd.DataFrame, edition) -> EditionTables:
    """The edition being built, as an archive would hold it (the scorecard's codes and numbers:
    the columns compared are those of `scorecard.csv` too)."""
    return EditionTables({"id": edition.id, "cutoff": edition.cutoff.isoformat(),
                          "reconstructed": edition.reconstructed}, figures_table(ds), card,
                         projections_table(ds, card))
