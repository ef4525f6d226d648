"""Which targets are one target, which replace others, and which count in the headline.

Analysis only (codes, no words). A target is one (indicator, territory, year or period, body that
set it, kind); several sources stating it are one target with a preferred source. The body is read
from the row's ``policy`` by ``data/targets.yml``.

Rows of the scorecard are grouped for the reader by (outcome indicator, territory, year): the
city's revenue target and the central budget estimate for the same year are one group, as are the
city's and the Government's growth targets for 2026. Each group is counted once in the headline,
by its lead target (``lead_order``): the city's own target first, then the one ``data/`` prefers,
then a plan before a target. A group whose indicator is a component of a total
(``data/targets.yml``, ``components``) that has a group of its own for the same territory and
year is shown but not counted: one result is not several successes. Superseded targets and plans
that are not outcomes are listed apart and never counted.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.loader import Dataset
from helpers.data.validation.targets import body_of

SCOPES = ("target", "superseded", "not_outcome")
CITY_BODY = "city"
# Headline classes of a counted group, in the order the summary and the overview give them.
HEADLINE_CLASSES = ("met", "missed", "on_track", "off_track", "uncertain", "not_assessable")
ON_TRACK = ("reached_early", "substantial_progress")
OFF_TRACK = ("moderate_progress", "limited_progress", "deterioration")


def body(ds: Dataset, policy: str) -> str:
    """The body that set a target, from its policy text (validated: every target has one)."""
    return body_of(policy or "", ds.target_rules.get("bodies", {})) or ""


def superseded(ds: Dataset) -> dict[tuple, dict]:
    """(indicator, geo, year, source_id) of each superseded target -> its entry of
    data/targets.yml (with its ``id``); read from the rules alone, so it is cheap per row."""
    return {(e["target"]["indicator"], e["target"]["geo"], int(e["target"]["year"]), e["target"]["source_id"]):
            dict(e, id=sid) for sid, e in ds.target_rules.get("superseded", {}).items()}


def replacing_row(ds: Dataset, entry: dict) -> pd.Series:
    """The values.csv row (quote included) of the statement that replaced a superseded target."""
    b, v = entry["by"], ds.values
    return v[(v["indicator"] == b["indicator"]) & (v["geo"] == b["geo"]) & (v["year"] == int(b["year"]))
             & (v["source_id"] == b["source_id"])].iloc[0]


def components(ds: Dataset) -> dict[str, str]:
    """Component indicator -> the total it is part of."""
    return {k: e["total"] for k, e in ds.target_rules.get("components", {}).items()}


def headline_class(status: str, robust) -> str:
    """The headline class of a counted group's lead verdict."""
    if status == "not_assessable":
        return "not_assessable"
    if robust is not None and robust == False:  # noqa: E712 (numpy or Python bool)
        return "uncertain"
    if status in ("met", "missed"):
        return status
    return "on_track" if status in ON_TRACK else "off_track"


def identify(card: pd.DataFrame, ds: Dataset, not_outcome: dict[str, str]) -> pd.DataFrame:
    """Add ``body``, ``target_id``, ``group_id``, ``scope``, ``component_of``, ``lead`` and
    ``counted`` to the scorecard rows (``outcome_indicator`` already set)."""
    card = card.copy()
    sup = superseded(ds)
    comp = components(ds)
    card["body"] = [body(ds, p) for p in card["policy"]]
    period = card["period_start"].map(lambda x: "" if pd.isna(x) else f"{int(x)}-")
    card["target_id"] = (card["indicator"] + "@" + card["target_geo"] + "@" + period
                         + card["target_year"].astype(int).astype(str) + "@" + card["body"] + "@" + card["target_kind"])
    card["group_id"] = (card["outcome_indicator"] + "@" + card["target_geo"] + "@" + period
                        + card["target_year"].astype(int).astype(str))
    keys = list(zip(card["indicator"], card["target_geo"], card["target_year"].astype(int), card["target_source"]))
    card["scope"] = ["superseded" if k in sup else "not_outcome" if k[0] in not_outcome else "target" for k in keys]
    card["superseded_by"] = [sup[k]["by"]["source_id"] if k in sup else "" for k in keys]
    card["superseded_id"] = [sup[k]["id"] if k in sup else "" for k in keys]
    card["component_of"] = [comp.get(i, "") for i in card["outcome_indicator"]]
    in_scope = card["scope"] == "target"
    order = card.assign(_city=card["body"] != CITY_BODY, _pref=~card["target_preferred"].astype(bool),
                        _plan=card["target_kind"] != "plan")
    order = order[in_scope].sort_values(["_city", "_pref", "_plan", "target_source"], kind="stable")
    leads = set(order.drop_duplicates("group_id").index)
    card["lead"] = card.index.isin(leads)
    groups = set(card.loc[in_scope, "group_id"])
    total_of = [f"{c}@{g.split('@', 1)[1]}" if c else "" for c, g in zip(card["component_of"], card["group_id"])]
    card["counted"] = card["lead"] & pd.Series([not (t and t in groups) for t in total_of], index=card.index)
    return card


__all__ = ["HEADLINE_CLASSES", "SCOPES", "body", "components", "headline_class", "identify", "replacing_row",
           "superseded"]
