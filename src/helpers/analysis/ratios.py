"""S&T spending of Hai Phong against the Resolution 57 benchmarks, with the bases spelled out.

The city's one published 2025 figure is "more than 407 billion VND for S&T *and* digital
transformation" (st_dx_investment). Resolution 57 speaks of (a) at least 3% of the annual
state budget *expenditure* for S&T, innovation and digital transformation and (b) R&D spending
of 2% of GDP from all sources (state and society). Neither base is published for the merged
city; the nearest figures are the state budget *revenue* collected in the city (which includes
revenue remitted to the central budget) and GRDP. The ratios below are therefore indicative
only; `helpers.present.ratios_text` says in each row why it is not the benchmark's base.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from helpers.data.loader import Dataset

MERGED = "hai_phong_merged"
RATIO_DECIMALS = 2  # digits of the percentage shown


@dataclass(frozen=True)
class RatioSpec:
    id: str
    numerator: tuple[str, str, int, str]     # indicator, geo, year, kind
    denominator: tuple[str, str, int, str]
    benchmark: tuple[str, str, int, str]     # a viet_nam target row


RATIOS = (
    RatioSpec("st_dx_over_revenue", ("st_dx_investment", MERGED, 2025, "actual"),
              ("state_budget_revenue", MERGED, 2025, "estimate"), ("st_budget_share", "viet_nam", 2030, "target")),
    RatioSpec("st_dx_over_grdp", ("st_dx_investment", MERGED, 2025, "actual"),
              ("grdp_current_prices", MERGED, 2025, "estimate"), ("rd_spending_share_gdp", "viet_nam", 2030, "target")),
)

PARTS = ("num", "den", "bench")
COLUMNS = ["id"] + [f"{p}_{f}" for p in PARTS for f in ("indicator", "year", "value", "qualifier")] + \
    ["ratio_value", "ratio_qualifier", "ratio_shown", "sources"]


def _row(ds: Dataset, key: tuple[str, str, int, str]) -> pd.Series:
    ind, geo, year, kind = key
    v = ds.preferred()
    rows = v[(v["indicator"] == ind) & (v["geo"] == geo) & (v["year"] == year) & (v["kind"] == kind)]
    if len(rows) != 1:
        raise KeyError(f"{key} matches {len(rows)} preferred rows of values.csv, expected 1")
    return rows.iloc[0]


def ratio_qualifier(num_q: str, den_q: str) -> str:
    """Qualifier of num/den: a lower-bound numerator over an exact or estimated denominator
    gives a lower bound (">"); an estimate anywhere gives "~"; bounds that pull both ways give
    "~" too (the ratio is then only indicative)."""
    if num_q in (">", ">=") and den_q in ("=", "~", "<", "<="):
        return ">" if num_q == ">" or den_q in ("<",) else ">="
    if num_q in ("=",) and den_q == "=":
        return "="
    return "~"


def st_ratios(ds: Dataset, specs=RATIOS) -> pd.DataFrame:
    """One row per ratio (``COLUMNS``): its three rows, the ratio and its qualifier, and the value
    to show (a lower bound rounded down at ``RATIO_DECIMALS`` digits of a percentage, so that
    rounding never claims more than is known)."""
    out = []
    for s in specs:
        rows = dict(zip(PARTS, (_row(ds, s.numerator), _row(ds, s.denominator), _row(ds, s.benchmark))))
        ratio = float(rows["num"]["value"]) / float(rows["den"]["value"])
        q = ratio_qualifier(rows["num"]["qualifier"], rows["den"]["qualifier"])
        shown = ratio
        if q in (">", ">="):
            scale = 10 ** (2 + RATIO_DECIMALS)
            shown = math.floor(ratio * scale + 1e-9) / scale
        rec = {"id": s.id, "ratio_value": ratio, "ratio_qualifier": q, "ratio_shown": shown,
               "sources": ", ".join(dict.fromkeys(str(r["source_id"]) for r in rows.values()))}
        for p, r in rows.items():
            rec.update({f"{p}_indicator": r["indicator"], f"{p}_year": int(r["year"]),
                        f"{p}_value": float(r["value"]), f"{p}_qualifier": r["qualifier"]})
        out.append(rec)
    return pd.DataFrame(out, columns=COLUMNS)
