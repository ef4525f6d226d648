"""The dataset's own files as downloads: figures, sources and indicators as CSV tables.

`values.csv` is every figure of data/values.csv with its unit, the Vietnamese labels of its codes,
the value as the report prints it and the note for readers; `sources.csv` and `indicators.csv`
are data/sources.yml and data/indicators.yml as tables (the keys the figures refer to).
"""

from __future__ import annotations

import pandas as pd

from helpers.present.figure_text import value_text
from helpers.data.loader import Dataset

VALUES_CSV = "values.csv"
SOURCES_CSV = "sources.csv"
INDICATORS_CSV = "indicators.csv"


def values_frame(ds: Dataset) -> pd.DataFrame:
    """One row per figure: codes, value, qualifier and unit in their own columns."""
    v = ds.values
    units = v["indicator"].map(ds.indicators["unit"])
    return pd.DataFrame({
        "indicator": v["indicator"], "geo": v["geo"], "year": v["year"], "value": v["value"],
        "qualifier": v["qualifier"], "unit": units, "kind": v["kind"],
        "value_text": [value_text(x, q, u) for x, q, u in zip(v["value"], v["qualifier"], units)],
        "source_id": v["source_id"], "quote": v["quote"], "preferred": v["preferred"],
        "note_vi": v["note_vi"], "policy": v["policy"], "policy_quote": v["policy_quote"],
        "producer": v["producer"], "producer_quote": v["producer_quote"], "note_en": v["note"],
    }).reset_index(drop=True)


SOURCE_COLUMNS = ("source_id", "title", "publisher", "producers", "url", "published", "published_note",
                  "accessed", "language", "reliability", "source_note")
INDICATOR_COLUMNS = ("indicator", "title_vi", "title_en", "unit", "decimals", "direction", "group", "limit",
                     "description_vi", "description_en")


def sources_frame(ds: Dataset) -> pd.DataFrame:
    """data/sources.yml as a table keyed by `source_id`, with the producers its figures name
    (`producers`, from the `producer` column of the figures)."""
    s = ds.sources.reset_index().rename(columns={"id": "source_id", "note": "source_note"})
    producer = ds.values["producer"].fillna("")
    named = ds.values.assign(producer=producer)[producer != ""].groupby("source_id")["producer"]
    producers = {sid: "; ".join(sorted(set(p))) for sid, p in named}
    s["producers"] = s["source_id"].map(producers).fillna("")
    return s[list(SOURCE_COLUMNS)]


def indicators_frame(ds: Dataset) -> pd.DataFrame:
    """data/indicators.yml as a table keyed by `indicator`."""
    return ds.indicators.reset_index().rename(columns={"id": "indicator"})[list(INDICATOR_COLUMNS)]
