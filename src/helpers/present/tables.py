"""Vietnamese number formatting and table outputs for notebooks.

`show_table(df)` displays one bundle with `text/html` (a plain <table>), `text/markdown` (a pipe
table) and `text/plain`, all with the same cells: numbers as Vietnamese text (`1.329`, `58,09`),
every data cell escaped so that it shows as text.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from helpers.data.numbers import QUALIFIER_WORDS, format_vn_number

MISSING = "–"
# The numbers behind a table or chart, for its download (helpers.publish.render.downloads): a JSON object
# {"columns": [...], "rows": [[...], ...]} with numbers as numbers and missing cells as null.
DATA_MIME = "application/vnd.hpreport.data+json"
# How each qualifier of the data contract reads before a number as a sign (words: numbers.py).
QUALIFIER_SIGNS = {"=": "", ">": ">", ">=": "≥", "<": "<", "<=": "≤", "~": "~"}
# Columns shown as plain digits (no thousands separator) unless told otherwise.
PLAIN_COLUMNS = ("year", "Năm")


def format_number(x: Any, decimals: int | None = None, grouping: bool = True) -> str:
    """A number in Vietnamese notation (`numbers.format_vn_number`): `.` groups thousands,
    `,` marks decimals. 1329 -> "1.329", 58.09 -> "58,09", 0.786 -> "0,786".

    `decimals=None` shows the decimals the value has (up to 6); `grouping=False` drops the
    thousands separator (years). Missing values (None, NaN) give "–".
    """
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return MISSING
    if hasattr(x, "item"):  # numpy scalar
        x = x.item()
    if isinstance(x, float) and math.isnan(x):
        return MISSING
    text = format_vn_number(x, decimals)
    return text if grouping else text.replace(".", "")


def with_unit(number_text: str, unit_label: str = "") -> str:
    """Attach a unit label: "31%" for percent, "100.000 tỷ đồng" otherwise."""
    if not unit_label:
        return number_text
    return f"{number_text}{unit_label}" if unit_label == "%" else f"{number_text} {unit_label}"


def format_value(value: Any, qualifier: str = "=", decimals: int | None = None,
                 unit_label: str = "") -> str:
    """A figure as a reader sees it, qualifier in words: "hơn 390", "khoảng 1.329 trạm"."""
    word = QUALIFIER_WORDS[qualifier or "="]
    text = with_unit(format_number(value, decimals), unit_label)
    return f"{word} {text}" if word else text


def format_bound(value: Any, qualifier: str = "=", decimals: int | None = None,
                 unit_label: str = "") -> str:
    """A figure with its qualifier as a sign, for short labels: "> 31%", "≥ 60", "≤ 5"."""
    sign = QUALIFIER_SIGNS[qualifier or "="]
    text = with_unit(format_number(value, decimals), unit_label)
    if not sign:
        return text
    return f"{sign}{text}" if sign == "~" else f"{sign} {text}"


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _cell_text(x: Any, numeric: bool, decimals: int | None, plain: bool) -> str:
    if numeric:
        return format_number(x, decimals, grouping=not plain)
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return MISSING
    if isinstance(x, bool):
        return "Có" if x else "Không"
    # Cells are one line in every format.
    return re.sub(r"\s+", " ", str(x)).strip()


def table_cells(df: pd.DataFrame, headers: Mapping[str, str] | None = None,
                decimals: int | Mapping[str, int] | None = None,
                plain: Sequence[str] = PLAIN_COLUMNS) -> tuple[list[str], list[list[str]], list[bool]]:
    """Headers, formatted cell rows and a per-column "is numeric" flag for a DataFrame."""
    headers = headers or {}
    cols = list(df.columns)
    numeric = [_is_numeric(df[c]) for c in cols]
    rows = []
    for rec in df.itertuples(index=False, name=None):
        row = []
        for c, x, num in zip(cols, rec, numeric):
            d = decimals.get(c) if isinstance(decimals, Mapping) else decimals
            row.append(_cell_text(x, num, d, plain=c in plain))
        rows.append(row)
    return [str(headers.get(c, c)) for c in cols], rows, numeric


def table_html(heads: list[str], rows: list[list[str]], numeric: list[bool],
               caption: str | None = None) -> str:
    """A plain, escaped HTML table; numeric columns carry class="num"."""
    esc = html.escape
    cls = [' class="num"' if n else "" for n in numeric]
    out = ['<table class="hp-table">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead>")
    out.append("<tr>" + "".join(f"<th{k}>{esc(h)}</th>" for h, k in zip(heads, cls)) + "</tr>")
    out.append("</thead>")
    out.append("<tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td{k}>{esc(v)}</td>" for v, k in zip(row, cls)) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out) + "\n"


# Backslash-escaped in markdown cells: CommonMark and pandoc read these as literal characters.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~^$&@])")


def escape_markdown(text: str) -> str:
    """Escape a cell so that markdown (pandoc, CommonMark) shows it as plain text."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _width(text: str) -> int:
    return len(unicodedata.normalize("NFC", text))


def table_markdown(heads: list[str], rows: list[list[str]], numeric: list[bool]) -> str:
    """A pipe table; separator dashes follow column widths so pandoc sizes wide tables sensibly."""
    heads_md = [escape_markdown(h) for h in heads]
    rows_md = [[escape_markdown(v) for v in row] for row in rows]
    widths = [max([3, _width(h)] + [_width(r[i]) for r in rows_md]) for i, h in enumerate(heads_md)]
    seps = [("-" * (w - 1) + ":") if num else "-" * w for w, num in zip(widths, numeric)]
    lines = ["| " + " | ".join(heads_md) + " |", "|" + "|".join(seps) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows_md]
    return "\n".join(lines) + "\n"


def table_plain(heads: list[str], rows: list[list[str]], numeric: list[bool]) -> str:
    """A fixed-width text table (numbers right-aligned)."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(heads)]

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric)]
        return "  ".join(parts).rstrip()

    return "\n".join([line(heads), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


def table_bundle(df: pd.DataFrame, headers: Mapping[str, str] | None = None,
                 decimals: int | Mapping[str, int] | None = None,
                 plain: Sequence[str] = PLAIN_COLUMNS, caption: str | None = None) -> dict[str, str]:
    """The mime bundle of a table: text/html, text/markdown and text/plain with the same cells.

    headers: column -> Vietnamese header (other columns keep their name).
    decimals: digits after the comma for numeric columns, one int or column -> int
        (default: as many as the value has, at most 6).
    plain: numeric columns shown without thousands separator (years).
    caption: optional caption inside the HTML table (notebooks normally set `tbl-cap` instead).
    """
    heads, rows, numeric = table_cells(df, headers, decimals, plain)
    return {
        "text/html": table_html(heads, rows, numeric, caption),
        "text/markdown": table_markdown(heads, rows, numeric),
        "text/plain": table_plain(heads, rows, numeric),
    }


def data_payload(frame: pd.DataFrame) -> dict:
    """The `DATA_MIME` object of a tidy DataFrame (column names as published, see
    helpers.publish.package.columns)."""
    def cell(x):
        if x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x)):
            return None
        if isinstance(x, pd.Timestamp):
            return x.date().isoformat()
        return x.item() if hasattr(x, "item") else x

    return {"columns": [str(c) for c in frame.columns],
            "rows": [[cell(x) for x in row] for row in frame.itertuples(index=False, name=None)]}


# The columns of data/values.csv that a figure's or table's download keeps (the unit and the
# Vietnamese labels are added when it is published).
VALUES_DATA_COLUMNS = ("indicator", "geo", "year", "value", "qualifier", "kind", "source_id")


def values_data(*frames: pd.DataFrame, extra: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of data/values.csv that a figure or table shows, as its download: codes, value
    and qualifier in their own columns (plus the `extra` columns), rows in the frames' order."""
    columns = list(VALUES_DATA_COLUMNS) + [c for c in extra if c not in VALUES_DATA_COLUMNS]
    rows = pd.concat([f[columns] for f in frames], ignore_index=True)
    return rows.drop_duplicates().reset_index(drop=True)


PROJECTION_KIND = "projection"


def projection_data(band: pd.DataFrame, indicator: str, geo: str) -> pd.DataFrame:
    """A trend's projection (`year`, `mean`, `lo80`, `hi80`, `lo95`, `hi95`, as the charts take
    it) as download rows of kind `projection` beside a figure's `values_data`: the projected
    value and its 80% and 95% prediction intervals. The band's rows at observed years (where
    it starts from a published figure, with no width) are left out."""
    rows = band[band["hi95"] > band["lo95"]]
    return pd.DataFrame({
        "indicator": indicator, "geo": geo, "year": rows["year"].astype(int), "value": rows["mean"],
        "qualifier": "~", "kind": PROJECTION_KIND, "source_id": "",
        "lo80": rows["lo80"], "hi80": rows["hi80"], "lo95": rows["lo95"], "hi95": rows["hi95"],
    }).reset_index(drop=True)


SOURCE_COLUMNS = ("source_id", "source", "sources")


def source_ids(cells) -> list[str]:
    """Sorted distinct source ids in `cells`, each holding ids separated by commas or semicolons
    (None and empty cells hold none)."""
    return sorted({s.strip() for cell in cells if pd.notna(cell)
                   for s in str(cell).replace(";", ",").split(",") if s.strip()})


def table_sources(df: pd.DataFrame) -> list[str]:
    """Sorted distinct source ids of a table's source column(s) (`source_id`, `source` or
    `sources`); empty when it has none."""
    return source_ids(cell for col in SOURCE_COLUMNS if col in df.columns for cell in df[col])


def show_table(df: pd.DataFrame, headers: Mapping[str, str] | None = None,
               decimals: int | Mapping[str, int] | None = None,
               plain: Sequence[str] = PLAIN_COLUMNS, caption: str | None = None,
               sources: Sequence[str] | None = None, data: pd.DataFrame | None = None) -> None:
    """Display a DataFrame as one table bundle (see `table_bundle`).

    The table's source ids (`sources`, or the distinct values of a `source_id` column) go to the
    output's `metadata.sources`, which the report links to the bibliography. `data`, the table's
    numbers as a tidy frame (codes, numbers, qualifier in their own columns), is what readers
    download as the table's CSV; without it the CSV holds the cells as printed.
    """
    from IPython.display import display

    ids = sorted(set(sources)) if sources is not None else table_sources(df)
    metadata = {"sources": ids} if ids else None
    bundle = table_bundle(df, headers, decimals, plain, caption)
    if data is not None:
        bundle[DATA_MIME] = data_payload(data)
    display(bundle, raw=True, metadata=metadata)
