"""Every table and chart of the report as a CSV file beside it, for readers who want the numbers.

A table or chart cell whose output carries its numbers (`helpers.present.tables.DATA_MIME`, given by
`show_table(..., data=)` / `show_chart(..., data=)`) becomes `data/tables/<label>.csv` or
`data/charts/<label>.csv`, written by `helpers.publish.package.csv_files` (UTF-8 with BOM, numbers as
numbers, codes with their Vietnamese labels beside them). A table without it gets its cells as
printed (a row's leading blank cells, which continue the group above, filled in). Each folder
has a `README.md` listing its files, and `downloads.json` in `data/` tells the data package
(`helpers.publish.build.downloads`) what each file is. Both renderers call `write_downloads`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

TABLES_DIR = "data/tables"
CHARTS_DIR = "data/charts"
MANIFEST = "data/downloads.json"
BOM = "\ufeff"
LINK_TEXT = "Tải bảng này (CSV, UTF-8)"
CHART_LINK_TEXT = "Tải số liệu của hình (CSV, UTF-8)"
README_TITLES = {"table": "Bảng số liệu của báo cáo (CSV)", "chart": "Số liệu của các hình (CSV)"}
README_INTROS = {
    "table": "Mỗi bảng trong báo cáo có một tệp CSV (UTF-8 có BOM, phân cách bằng dấu phẩy): số là số, "
             "mã kèm tên tiếng Việt; bảng chưa có số liệu dạng bảng giữ các ô như báo cáo in.",
    "chart": "Mỗi hình trong báo cáo có một tệp CSV (UTF-8 có BOM, phân cách bằng dấu phẩy) với các "
             "con số hình vẽ: số là số, dấu và đơn vị ở cột riêng, mã kèm tên tiếng Việt.",
}


# The links at the top of the page (both renderers): the PDF, the data package, the list of files.
TOP_LINKS = (("report.pdf", "Bản PDF"), ("data/datapackage.json", "Gói dữ liệu (datapackage.json)"),
             ("data/README.md", "Danh sách tệp tải về"))


def top_links_html() -> str:
    """The title block's line of links to the PDF and the downloads."""
    links = " · ".join(f'<a href="{href}">{text}</a>' for href, text in TOP_LINKS)
    return f'<p class="hp-top-links">{links}</p>'


@dataclass
class Download:
    """One table or chart to publish as CSV."""

    kind: str                  # "table" or "chart"
    label: str
    caption: str
    data: dict | None = None   # the DATA_MIME object, or None
    markdown: str = ""         # a table's pipe table (used when it has no data)

    @property
    def path(self) -> str:
        return f"{TABLES_DIR if self.kind == 'table' else CHARTS_DIR}/{self.label}.csv"

def _cells(line: str) -> list[str]:
    """The cells of one pipe-table row, backslash escapes undone."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    cells, cell, i = [], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            cell.append(body[i + 1])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(ch)
        i += 1
    if "".join(cell).strip():
        cells.append("".join(cell).strip())
    return cells


def pipe_table(markdown: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a pipe table (the separator line is dropped)."""
    lines = [ln for ln in markdown.strip().splitlines() if ln.strip().startswith("|")]
    if len(lines) < 2:
        raise ValueError("not a pipe table: it needs a header line and a separator line")
    header = _cells(lines[0])
    rows = [_cells(ln) for ln in lines[2:]]
    for n, row in enumerate(rows, start=3):
        if len(row) != len(header):
            raise ValueError(f"pipe table line {n} has {len(row)} cells, the header {len(header)}")
    return header, rows


def printed_rows(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """Rows with their leading blank cells (the group continued from the row above) filled in."""
    out: list[list[str]] = []
    for row in rows:
        filled = list(row)
        for i, cell in enumerate(row):
            if cell.strip() or not out:
                break
            filled[i] = out[-1][i]
        out.append(filled)
    return out


SOURCE_HEADER = "Nguồn"       # a printed table's column of source ids (the page cites them)
SOURCE_ID_COLUMN = "source_ids"  # where a printed table's CSV keeps those ids (several a row)


def source_ids(cell: str) -> list[str]:
    """The ids of a cell of a "Nguồn" column (separated by commas or semicolons)."""
    return [t.strip() for t in re.split(r"[,;]", cell) if t.strip()]


def source_columns(header: list[str], rows: list[list[str]], known) -> set[int]:
    """The "Nguồn" columns of a printed table that hold source ids: some cell has ids, and
    every id is one of `known`."""
    return {i for i, h in enumerate(header) if h == SOURCE_HEADER
            and any(source_ids(r[i]) for r in rows) and all(set(source_ids(r[i])) <= set(known) for r in rows)}


def readable_sources(header: list[str], rows: list[list[str]],
                     sources: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    """A printed table whose "Nguồn" column holds source ids, as a reader reads it: the column
    names each source (publisher and date, as ``sources`` labels them), and the ids move to a
    last ``source_ids`` column (ids separated by "; ")."""
    cols = source_columns(header, rows, sources)
    if not cols:
        return header, rows
    out = []
    for r in rows:
        ids = [sid for i in cols for sid in source_ids(r[i])]
        row = ["; ".join(sources[sid] for sid in source_ids(v)) if i in cols else v for i, v in enumerate(r)]
        out.append(row + ["; ".join(dict.fromkeys(ids))])
    return header + [SOURCE_ID_COLUMN], out


def table_csv(markdown: str, sources: dict[str, str] | None = None) -> bytes:
    """The CSV bytes (UTF-8 with BOM) of a pipe table, cells as printed; a "Nguồn" column of
    source ids names the sources instead (``readable_sources``, with ``sources`` id -> label)."""
    header, rows = pipe_table(markdown)
    rows = printed_rows(header, rows)
    if sources:
        header, rows = readable_sources(header, rows, sources)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (BOM + out.getvalue()).encode("utf-8")


def csv_path(label: str) -> str:
    """Where the CSV of table `label` goes, relative to the report."""
    return f"{TABLES_DIR}/{label}.csv"


def chart_csv_path(label: str) -> str:
    """Where the CSV of figure `label` goes, relative to the report."""
    return f"{CHARTS_DIR}/{label}.csv"


def with_units(frame: pd.DataFrame, labels) -> pd.DataFrame:
    """A frame of figures (`indicator`, `value`) or of targets (`indicator`, `target_value`, as
    the scorecard tables' downloads) with the `unit` column after `qualifier` (or
    `target_qualifier`)."""
    if "unit" in frame.columns or "indicator" not in frame.columns \
            or not {"value", "target_value"} & set(frame.columns):
        return frame
    after = next((c for c in ("qualifier", "target_qualifier") if c in frame.columns), None)
    where = list(frame.columns).index(after) + 1 if after else len(frame.columns)
    frame = frame.copy()
    frame.insert(where, "unit", frame["indicator"].map(labels.units))
    return frame


def write_downloads(downloads: list[Download], out_dir: Path, data_dir: Path, producers=None) -> list[Path]:
    """Write every download under `out_dir`, each folder's README and the manifest; `producers`:
    those of `data_dir`/values.csv, when the caller has read them already."""
    from helpers.publish.package.csv_files import Labels, write_csv

    from .producers import read_producers, with_producer

    labels = Labels.from_data_dir(data_dir)
    if producers is None:
        producers = read_producers(Path(data_dir) / "values.csv")
    written, manifest = [], []
    readme: dict[str, list[str]] = {"table": [], "chart": []}
    for item in downloads:
        path = Path(out_dir) / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if item.data is not None:
            frame = with_units(pd.DataFrame(item.data["rows"], columns=item.data["columns"]), labels)
            if item.kind == "chart":   # a figure's download credits the producer of each figure
                frame = with_producer(frame, producers)
            write_csv(frame, path, labels)
        else:
            path.write_bytes(table_csv(item.markdown, labels.sources))
        written.append(path)
        manifest.append({"path": item.path.removeprefix("data/"), "kind": item.kind,
                         "title": item.caption, "printed": item.data is None})
        readme[item.kind].append(f"| `{path.name}` | {' '.join(item.caption.split()).replace('|', '/')} |")
    for kind, lines in readme.items():
        if lines:
            folder = Path(out_dir) / (TABLES_DIR if kind == "table" else CHARTS_DIR)
            text = [f"# {README_TITLES[kind]}", "", README_INTROS[kind], "", "| tệp | nội dung |", "|---|---|"]
            (folder / "README.md").write_text("\n".join(text + lines) + "\n", encoding="utf-8")
    if manifest:
        target = Path(out_dir) / MANIFEST
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return written
