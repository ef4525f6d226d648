"""A small in-memory Dataset for the scorecard, headline, provenance and ratio tests."""

from __future__ import annotations

import pandas as pd

from helpers.data.contract import ALL_COLUMNS, CONFLICT_GROUP
from helpers.data.loader import Dataset

INDICATORS = {
    # id: (unit, direction, decimals, limit, group)
    "tfp_share_growth": ("percent", "higher", 1, 100.0, "economy"),
    "pii_rank": ("rank", "lower", 0, 63.0, "innovation"),
    "dti_score": ("index", "higher", 4, 1.0, "digital"),
    "initiatives_recognized": ("count", "higher", 0, None, "innovation"),
    "state_budget_revenue": ("billion_vnd", "higher", 0, None, "fiscal"),
    "st_dx_investment": ("billion_vnd", "higher", 0, None, "st"),
    "grdp_current_prices": ("billion_vnd", "higher", 0, None, "economy"),
    "st_budget_share": ("percent", "higher", 0, 100.0, "st"),
    "rd_spending_share_gdp": ("percent", "higher", 1, 100.0, "st"),
    "online_public_service_usage": ("percent", "higher", 0, 100.0, "digital"),
    "grdp_growth": ("percent_change", "higher", 2, None, "economy"),
    "grdp_growth_avg_2021_2030": ("percent_change", "higher", 1, None, "economy"),
    "grdp_growth_avg_2021_2025": ("percent_change", "higher", 2, None, "economy"),
    "state_budget_revenue_central_estimate": ("billion_vnd", "higher", 0, None, "fiscal"),
    "state_budget_revenue_domestic": ("billion_vnd", "higher", 0, None, "fiscal"),
    "population": ("count", "higher", 0, None, "economy"),
    "state_budget_revenue_5y": ("billion_vnd", "higher", 0, None, "fiscal"),
    "dx_budget": ("billion_vnd", "higher", 0, None, "digital"),
    "digital_economy_share_grdp": ("percent", "higher", 1, 100.0, "digital"),
    "local_budget_expenditure_5y": ("billion_vnd", "higher", 3, None, "fiscal"),
}


def row(indicator, geo, year, value, qualifier="=", kind="actual", source_id="src_a", quote="q",
        preferred="", note="", policy=""):
    return dict(indicator=indicator, geo=geo, year=year, value=value, qualifier=qualifier, kind=kind,
                source_id=source_id, quote=quote, preferred=preferred, note=note, policy=policy,
                policy_quote="")


def make_dataset(rows: list[dict], rules: dict | None = None, extra_sources: dict | None = None) -> Dataset:
    """``rules``: a data/targets.yml document; ``extra_sources``: id -> (published date or None,
    reliability) for sources beyond src_a/src_b/src_c (published 2026-01-05, reliability high)."""
    values = pd.DataFrame(rows, columns=list(ALL_COLUMNS))
    values["year"] = values["year"].astype("int64")
    values["value"] = values["value"].astype("float64")
    size = values.groupby(list(CONFLICT_GROUP))["indicator"].transform("size")
    values["preferred"] = (values["preferred"].eq("true") | (size == 1)).astype(bool)
    values = values.sort_values(["indicator", "geo", "year", "kind", "source_id"]).reset_index(drop=True)
    indicators = pd.DataFrame.from_dict(
        {k: dict(title_vi=f"Tên {k}", title_en=k, unit=u, decimals=d, direction=dr, group=g, limit=lim,
                 description_vi="", description_en="") for k, (u, dr, d, lim, g) in INDICATORS.items()},
        orient="index")
    indicators["limit"] = pd.to_numeric(indicators["limit"]).astype("float64")
    indicators.index.name = "id"
    sources = pd.DataFrame.from_dict(
        {s: dict(title=f"Bài {s}", publisher="P", url=f"https://example.vn/{s}", published=pd.Timestamp("2026-01-05"),
                 accessed=pd.Timestamp("2026-01-10"), language="vi", reliability="high", note="",
                 published_note="") for s in ("src_a", "src_b", "src_c")}, orient="index")
    for sid, (published, reliability) in (extra_sources or {}).items():
        sources.loc[sid] = dict(title=f"Bài {sid}", publisher=f"P {sid}", url=f"https://example.vn/{sid}",
                                published=pd.NaT if published is None else pd.Timestamp(published),
                                accessed=pd.Timestamp("2026-01-10"), language="vi", reliability=reliability,
                                note="", published_note="")
    sources.index.name = "id"
    return Dataset(values, indicators, sources, rules or {})
