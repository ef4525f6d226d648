"""The headline figures of the report (DESIGN.md), each as one formatted row with its source
(presentation: the rows are picked from the data, then written in Vietnamese).

A headline names one row of `data/values.csv` by (indicator, geo, year, kind) and, where that
group holds several sources, the source whose wording the headline carries (e.g. the lower
bound "vượt mốc 100.000 tỷ đồng"); otherwise the preferred row is used. Nothing is typed here
but the labels: values, qualifiers and sources come from the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.data.contract import GEOS
from helpers.present.code_labels import KIND_VI
from helpers.present.figure_text import target_text, value_text
from helpers.data.loader import Dataset



@dataclass(frozen=True)
class Headline:
    indicator: str
    geo: str
    year: int
    kind: str
    source_id: str | None = None  # None: the preferred row
    label_vi: str | None = None   # None: the indicator's title
    run_above: float | None = None  # a run "above X" of the source's rows: the label names each year's territory


# How each territory is named when a run of years spans the 1 July 2025 merger.
SPAN_TERRITORY_VI = {"hai_phong": "Hải Phòng trước hợp nhất", "hai_phong_merged": "thành phố sau hợp nhất"}


def territory_spans(rows: pd.DataFrame, names: dict[str, str] | None = None) -> str:
    """The years of `rows` grouped by territory, in order ("2022–2024: Hải Phòng trước hợp nhất;
    2025: thành phố sau hợp nhất"), so that a run of years that spans the merger says so.
    `names` replaces the territories' words (a shorter form where space is short)."""
    names = {**SPAN_TERRITORY_VI, **(names or {})}
    parts: list[tuple[str, int, int]] = []
    for r in rows.sort_values("year").itertuples(index=False):
        if parts and parts[-1][0] == r.geo:
            parts[-1] = (r.geo, parts[-1][1], int(r.year))
        else:
            parts.append((r.geo, int(r.year), int(r.year)))
    return "; ".join(f"{a}{'' if a == b else f'–{b}'}: {names.get(g, GEOS[g])}" for g, a, b in parts)


def run_rows(ds: Dataset, indicator: str, source_id: str, threshold: float, last_year: int) -> pd.DataFrame:
    """The rows of one source that make its run of consecutive years above `threshold` ending in
    `last_year` (any territory: `territory_spans` says which year is which)."""
    v = ds.values
    rows = v[(v["indicator"] == indicator) & (v["source_id"] == source_id) & (v["year"] <= last_year)
             & ((v["value"] > threshold) | ((v["value"] == threshold) & (v["qualifier"] == ">")))]
    rows = rows.sort_values("year")
    years = list(rows["year"])
    keep = [last_year] if last_year in years else []
    while keep and keep[0] - 1 in years:
        keep.insert(0, keep[0] - 1)
    return rows[rows["year"].isin(keep)]


MERGED = "hai_phong_merged"
HEADLINES = (
    Headline("state_budget_revenue", MERGED, 2025, "estimate", "kienthuc_2025_dx_forum",
             "Thu ngân sách nhà nước trên địa bàn, năm thứ tư liên tiếp vượt mốc", run_above=100_000),
    Headline("state_budget_revenue", MERGED, 2025, "estimate", None,
             "Thu ngân sách nhà nước trên địa bàn năm 2025 (ước, thành phố sau hợp nhất)"),
    Headline("st_dx_investment", MERGED, 2025, "actual"),
    Headline("phd_count", MERGED, 2025, "actual"),
    Headline("pii_score", MERGED, 2025, "actual"),
    Headline("pii_rank", MERGED, 2025, "actual"),
    Headline("pii_institutions_score", MERGED, 2025, "actual"),
    Headline("pii_institutions_rank", MERGED, 2025, "actual"),
    Headline("bts_5g_count", MERGED, 2025, "estimate", None, "Số trạm BTS 5G đến cuối năm 2025"),
    Headline("dti_score", "hai_phong", 2024, "actual"),
    Headline("dti_rank", "hai_phong", 2024, "actual"),
    Headline("digital_economy_share_grdp", MERGED, 2026, "target"),
    Headline("coverage_5g_area", MERGED, 2026, "target"),
    Headline("ioc_data_integration", MERGED, 2026, "target"),
    Headline("dti_score", MERGED, 2026, "target"),
    Headline("st_tasks_city_level", MERGED, 2026, "target"),
    Headline("initiatives_recognized", MERGED, 2026, "target"),
    Headline("pii_rank", MERGED, 2026, "target"),
)

COLUMNS = ["indicator", "label", "value_text", "year", "kind", "geo", "source_id", "value", "qualifier"]
HEADERS = {"label": "Chỉ tiêu", "value_text": "Giá trị", "year": "Năm", "kind": "Loại",
           "geo": "Địa bàn", "source_id": "Nguồn"}


def headline_row(ds: Dataset, h: Headline) -> pd.Series:
    """The dataset row a headline names; KeyError saying which one is missing."""
    v = ds.values
    rows = v[(v["indicator"] == h.indicator) & (v["geo"] == h.geo) & (v["year"] == h.year) & (v["kind"] == h.kind)]
    rows = rows[rows["source_id"] == h.source_id] if h.source_id else rows[rows["preferred"]]
    if len(rows) != 1:
        raise KeyError(f"headline {h} matches {len(rows)} rows of values.csv, expected 1")
    return rows.iloc[0]


def headline_table(ds: Dataset, headlines=HEADLINES) -> pd.DataFrame:
    """One row per headline: label, Vietnamese value with qualifier, year, kind, geo, source id."""
    out = []
    for h in headlines:
        r = headline_row(ds, h)
        unit = ds.unit(h.indicator)
        text = (target_text if h.kind in ("plan", "target") else value_text)(r["value"], r["qualifier"], unit)
        label = h.label_vi or str(ds.indicators.at[h.indicator, "title_vi"])
        if h.run_above is not None:
            run = run_rows(ds, h.indicator, r["source_id"], h.run_above, h.year)
            if run["geo"].nunique() > 1:
                label += f" ({territory_spans(run)})"
        out.append({
            "indicator": h.indicator,
            "label": label,
            "value_text": text, "year": int(r["year"]), "kind": KIND_VI[h.kind], "geo": GEOS[h.geo],
            "source_id": r["source_id"], "value": float(r["value"]), "qualifier": r["qualifier"],
        })
    return pd.DataFrame(out, columns=COLUMNS)
