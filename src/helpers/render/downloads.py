"""Every table of the report as a CSV file beside it, for readers who want the numbers.

A table cell's `text/markdown` pipe table becomes `data/tables/<label>.csv` in the output folder:
UTF-8 with a byte order mark (so that Excel reads the Vietnamese headers and cells correctly),
comma separated, RFC 4180 quoting, the cells exactly as the report prints them. `README.md` in the
same folder lists the files with their captions. Any renderer can call `write_table_downloads`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

TABLES_DIR = "data/tables"
BOM = "\ufeff"
LINK_TEXT = "Tải bảng này (CSV, UTF-8)"
README_TITLE = "Bảng số liệu của báo cáo (CSV)"


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


def table_csv(markdown: str) -> bytes:
    """The CSV bytes (UTF-8 with BOM) of a pipe table."""
    header, rows = pipe_table(markdown)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (BOM + out.getvalue()).encode("utf-8")


def csv_path(label: str) -> str:
    """Where the CSV of table `label` goes, relative to the report."""
    return f"{TABLES_DIR}/{label}.csv"


def write_table_downloads(tables: list[tuple[str, str, str]], out_dir: Path) -> list[Path]:
    """Write `(label, caption, pipe table)` tables as CSV files and their README under out_dir."""
    folder = Path(out_dir) / TABLES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    lines = [f"# {README_TITLE}", "",
             "Mỗi bảng trong báo cáo có một tệp CSV (UTF-8 có BOM, phân cách bằng dấu phẩy), "
             "các ô giống hệt như báo cáo in ra.", "", "| tệp | bảng |", "|---|---|"]
    for label, caption, markdown in tables:
        path = folder / f"{label}.csv"
        path.write_bytes(table_csv(markdown))
        written.append(path)
        lines.append(f"| `{path.name}` | {' '.join(caption.split()).replace('|', '/')} |")
    (folder / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written
