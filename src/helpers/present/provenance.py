"""The data appendix: every figure with its source and quote, and every conflict group."""

from __future__ import annotations

import pandas as pd

from helpers.data.contract import CONFLICT_GROUP, GEOS, NO_DATE_VI
from helpers.present.figure_text import value_text
from helpers.present.headline_text import KIND_VI
from helpers.data.loader import Dataset

FIGURE_HEADERS = {
    "title_vi": "Chỉ tiêu", "geo": "Địa bàn", "year": "Năm", "value_text": "Giá trị",
    "qualifier": "Dấu", "kind": "Loại", "preferred": "Dùng trong báo cáo", "source_id": "Nguồn",
    "source_title": "Tiêu đề nguồn", "url": "Địa chỉ", "quote": "Trích dẫn",
}
CONFLICT_HEADERS = {
    "title_vi": "Chỉ tiêu", "geo": "Địa bàn", "year": "Năm", "kind": "Loại", "n": "Số nguồn",
    "preferred": "Giá trị được dùng", "others": "Giá trị khác", "note_vi": "Lý do chọn",
}


def figures_table(ds: Dataset) -> pd.DataFrame:
    """Every row of values.csv, readable: value with qualifier, kind, preferred, source and quote."""
    v = ds.values
    src = ds.sources
    units = v["indicator"].map(ds.indicators["unit"])
    return pd.DataFrame({
        "indicator": v["indicator"],
        "title_vi": v["indicator"].map(ds.indicators["title_vi"]),
        "geo": v["geo"].map(GEOS),
        "year": v["year"],
        "value_text": [value_text(x, q, u) for x, q, u in zip(v["value"], v["qualifier"], units)],
        "qualifier": v["qualifier"],
        "kind": v["kind"].map(KIND_VI),
        "preferred": v["preferred"].astype(bool),
        "source_id": v["source_id"],
        "source_title": v["source_id"].map(src["title"]),
        "url": v["source_id"].map(src["url"]),
        "quote": v["quote"],
        "note": v["note"],
    }).reset_index(drop=True)


def _value_source(ds: Dataset, indicator: str, value: float, qualifier: str, source: str) -> str:
    return f"{value_text(value, qualifier, ds.unit(indicator))} ({source})"


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def conflicts_table(ds: Dataset) -> pd.DataFrame:
    """One row per conflict group: the preferred value and source, the others, and why.

    `note_vi` ("Lý do chọn") is the reason shown to readers; the English `note` follows as a last
    column outside CONFLICT_HEADERS, for developers.
    """
    v = ds.values
    rows = []
    for c in ds.conflicts().itertuples(index=False):
        g = v[(v["indicator"] == c.indicator) & (v["geo"] == c.geo) & (v["year"] == c.year) & (v["kind"] == c.kind)]
        best = g[g["preferred"]].iloc[0]
        others = g[~g["preferred"]]
        rows.append({
            "indicator": c.indicator,
            "title_vi": ds.indicators.at[c.indicator, "title_vi"],
            "geo": GEOS[c.geo], "year": int(c.year), "kind": KIND_VI[c.kind], "n": int(c.n),
            "preferred": _value_source(ds, c.indicator, best["value"], best["qualifier"], best["source_id"]),
            "others": "; ".join(_value_source(ds, c.indicator, o.value, o.qualifier, o.source_id)
                                for o in others.itertuples(index=False)),
            "note_vi": _text(best.get("note_vi")),
            "note": _text(best.get("note")),
        })
    return pd.DataFrame(rows, columns=["indicator"] + list(CONFLICT_HEADERS) + ["note"])


def sources_table(ds: Dataset) -> pd.DataFrame:
    """Every source: id, title, publisher, published date (or what is known), reliability, url."""
    s = ds.sources.reset_index()
    # The page's date, or NO_DATE_VI (published_note says in English what is known).
    published = [d.strftime("%d/%m/%Y") if not pd.isna(d) else NO_DATE_VI for d in s["published"]]
    used = ds.values["source_id"].value_counts()
    return pd.DataFrame({
        "source_id": s["id"], "title": s["title"], "publisher": s["publisher"], "published": published,
        "reliability": s["reliability"].map({"high": "cao", "medium": "trung bình", "low": "thấp"}),
        "n_figures": s["id"].map(used).fillna(0).astype(int), "url": s["url"],
    })


# Title and address are in each source's bibliography entry, which the citation links to; the
# table adds what the bibliography lacks: reliability and how many figures the source gives.
SOURCE_HEADERS = {"source_id": "Nguồn", "publisher": "Đơn vị đăng", "published": "Ngày đăng",
                  "reliability": "Độ tin cậy", "n_figures": "Số liệu"}


def source_counts(ds: Dataset) -> pd.DataFrame:
    """Every source with its publisher, date, reliability and number of figures (codes and
    numbers: the download of the sources table)."""
    s = ds.sources.reset_index()
    used = ds.values["source_id"].value_counts()
    return pd.DataFrame({
        "source_id": s["id"], "publisher": s["publisher"], "published": s["published"],
        "reliability": s["reliability"], "n_figures": s["id"].map(used).fillna(0).astype(int),
    })


def conflict_rows(ds: Dataset) -> pd.DataFrame:
    """The rows of values.csv that share their (indicator, geo, year, kind) with another row."""
    v = ds.values
    size = v.groupby(list(CONFLICT_GROUP))["indicator"].transform("size")
    return v[size > 1].reset_index(drop=True)
