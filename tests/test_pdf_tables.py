"""Tables in the PDF, set by the report's own typst pipeline (pandoc with crossref.lua and
tables.lua, the report template, typst) and read back from the word boxes: a table never starts
at a page foot with fewer than three of its rows, a row never splits across two pages, a numeric
column is right-aligned and text left-aligned, and a small wide table stays portrait.

The tables are placed after 0 to 40 filler lines, so that every position near a page foot is
tried; each table row carries words of its own ("r7c1", "r7w3", ...) to find it by.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT
from helpers.publish.render.pdf import compile_pdf, render_typst
from test_report_outputs import word_boxes
from test_render_features import pdf_text

FONTS = PROJECT_ROOT / "report" / "fonts"
META = {"title": "Thử bảng", "date": "1 tháng 1 năm 2026", "lang": "vi-VN", "toc": False,
        "hp-labels": {"tbl-title": "Bảng", "fig-title": "Hình", "sec-prefix": "Mục",
                      "section-title-references": "Tài liệu tham khảo"},
        "hp-sec-prefix": "Mục", "hp-fig-title": "Hình", "hp-tbl-title": "Bảng"}
VALUES = ["1.234,5", "12", "hơn 390", "khoảng 84.199,2 tỷ đồng", "7", "58,09"]


def table(rows: int, long_every: int = 5, columns: int = 3) -> str:
    head = "| Chỉ tiêu | Giá trị | Ghi chú |" + "".join(f" Cột {c} |" for c in range(4, columns + 1))
    rule = "|---|--:|---|" + "---|" * (columns - 3)
    body = []
    for r in range(1, rows + 1):
        note = " ".join(f"r{r}w{k}" for k in range(1, 60 if r % long_every == 0 else 4))
        extra = "".join(f" r{r}x{c} |" for c in range(4, columns + 1))
        body.append(f"| r{r}c1 chỉ tiêu | {VALUES[r % len(VALUES)]} | {note} |{extra}")
    return "\n".join([head, rule, *body])


def document(filler: int, rows: int, **kw) -> str:
    lines = "\n\n".join(f"Dòng đệm số {i} của văn bản thử nghiệm." for i in range(filler))
    return (f"# Mở đầu\n\n{lines}\n\n::: {{#tbl-thu .hp-table}}\n{table(rows, **kw)}\n\n"
            "Bảng thử nghiệm với chú thích đủ dài để chiếm một dòng.\n:::\n")


def render_pdf(tmp: Path, text: str) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    md, meta, bib = tmp / "doc.md", tmp / "meta.json", tmp / "refs.json"
    md.write_text(text, encoding="utf-8")
    meta.write_text(json.dumps(META, ensure_ascii=False), encoding="utf-8")
    bib.write_text("[]", encoding="utf-8")
    typ = tmp / "doc.typ"
    typ.write_text(render_typst(md, meta, bib, tmp, "test"), encoding="utf-8")
    pdf = tmp / "doc.pdf"
    pdf.write_bytes(compile_pdf(typ, tmp, FONTS, dt.date(2026, 1, 1), "test"))
    return pdf


def row_pages(pages) -> dict[int, set[int]]:
    """Table row number -> the pages its words stand on."""
    out: dict[int, set[int]] = {}
    for n, words in enumerate(pages, start=1):
        for w in words:
            m = re.fullmatch(r"r(\d+)(?:c|w|x)\d+", w[4])
            if m:
                out.setdefault(int(m.group(1)), set()).add(n)
    return out


@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    pdf_text  # skips (or fails in CI) without poppler-utils
    out = {}
    for filler in range(0, 44, 2):
        pdf = render_pdf(tmp_path_factory.mktemp(f"f{filler}"), document(filler, rows=40))
        pdf_text(pdf)
        out[filler] = word_boxes(pdf)
    return out


def test_no_row_splits_across_pages(placed):
    for filler, pages in placed.items():
        split = {r: p for r, p in row_pages(pages).items() if len(p) > 1}
        assert split == {}, (filler, split)


def test_no_table_starts_with_fewer_than_three_rows_at_a_page_foot(placed):
    tried_foot = 0
    for filler, pages in placed.items():
        caption = next(n for n, words in enumerate(pages, start=1)
                       if any(w[4] == "Bảng" for w in words) and any(w[4] == "thử" for w in words))
        rows = row_pages(pages)
        on_caption_page = [r for r, p in rows.items() if caption in p]
        if len(on_caption_page) < len(rows):          # the table runs on to the next page
            assert len(on_caption_page) >= 3, (filler, on_caption_page)
            tried_foot += len(on_caption_page) < 8
    assert tried_foot >= 1     # some placements put the table's start near a page foot


def test_numeric_column_right_aligned_and_text_left_aligned(placed):
    words = [w for w in placed[0][0]]
    values = {v.split()[-1] for v in VALUES}
    # the last word of every "Giá trị" cell ends at the same x; their starts differ
    ends = [w for w in words if w[4] in values and 100 < w[0] < 400]
    assert len(ends) >= 5
    assert max(w[2] for w in ends) - min(w[2] for w in ends) < 0.6
    assert max(w[0] for w in ends) - min(w[0] for w in ends) > 5
    starts = [w[0] for w in words if re.fullmatch(r"r\d+c1", w[4])]
    assert len(starts) >= 5 and max(starts) - min(starts) < 0.6          # text: left edge shared


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r'<page width="([\d.]+)" height="([\d.]+)"', out)]


def test_small_wide_table_stays_portrait(tmp_path):
    small = page_sizes(render_pdf(tmp_path / "small", document(0, rows=4, columns=9)))
    assert small and all(w < h for w, h in small)
    big = page_sizes(render_pdf(tmp_path / "big", document(0, rows=20, columns=9)))
    assert any(w > h for w, h in big)                   # a long wide table: landscape pages
