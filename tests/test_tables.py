"""Vietnamese number formats and table bundles (escaping checked through pandoc)."""

from __future__ import annotations

import math
import re

import pandas as pd
import pypandoc
import pytest

from helpers.present.tables import format_bound, format_number, format_value, table_bundle

EVIL = "<script>alert(1)</script>"


@pytest.mark.parametrize("value, decimals, expected", [
    (1329, None, "1.329"),
    (58.09, None, "58,09"),
    (100000, None, "100.000"),
    (0.786, None, "0,786"),
    (79.55, 2, "79,55"),
    (1234567.891, 2, "1.234.567,89"),
    (31, 1, "31,0"),
    (-2.5, None, "-2,5"),
    (-0.0001, 2, "0,00"),
    (math.nan, None, "–"),
    (None, 2, "–"),
    (2.675, 2, "2,68"),     # half up, as printed in the sources
])
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_qualifiers_in_words_and_signs():
    assert format_value(390, ">") == "hơn 390"
    assert format_value(31, ">", unit_label="%") == "hơn 31%"
    assert format_value(60, ">=") == "tối thiểu 60"
    assert format_value(5, "<=") == "tối đa 5"
    assert format_value(1329, "~", unit_label="trạm") == "khoảng 1.329 trạm"
    assert format_value(100000, "=", unit_label="tỷ đồng") == "100.000 tỷ đồng"
    assert format_bound(31, ">", unit_label="%") == "> 31%"
    assert format_bound(5, "<=") == "≤ 5"
    assert format_bound(1329, "~") == "~1.329"


def sample():
    return pd.DataFrame({
        "year": [2024, 2025],
        "indicator": ["Trạm 5G | ước tính", EVIL],
        "value": [1329.0, 58.09],
        "note": ["a*b_c [x](y) @cite $1$ & ~s~", None],
    })


HEADERS = {"year": "Năm", "indicator": "Chỉ tiêu", "value": "Giá trị", "note": "Ghi chú"}


def test_bundle_keys_and_vietnamese_cells():
    b = table_bundle(sample(), HEADERS)
    assert sorted(b) == ["text/html", "text/markdown", "text/plain"]
    for text in b.values():
        assert "1.329" in text and "58,09" in text and "2025" in text
        assert "2.025" not in text                        # years stay plain digits
        assert "Chỉ tiêu" in text and "Ghi chú" in text
    assert '<td class="num">1.329</td>' in b["text/html"]
    assert "<td>–</td>" in b["text/html"]              # missing note


def test_html_escapes_script_and_has_no_ids_or_styles():
    html = table_bundle(sample(), HEADERS)["text/html"]
    assert EVIL not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert " id=" not in html and "style" not in html
    assert html.startswith('<table class="hp-table">')


def test_markdown_escapes_pipes_and_html():
    md = table_bundle(sample(), HEADERS)["text/markdown"]
    lines = md.splitlines()
    assert lines[0] == "| Năm | Chỉ tiêu | Giá trị | Ghi chú |"
    # Numeric columns right-aligned; dashes as wide as the widest cell ("Giá trị" is 7).
    assert re.fullmatch(r"\|---:\|-{29}\|------:\|-+\|", lines[1])
    assert r"Trạm 5G \| ước tính" in md
    assert r"\<script\>alert(1)\</script\>" in md
    assert EVIL not in md


def test_pandoc_reads_markdown_cells_as_plain_text():
    md = table_bundle(sample(), HEADERS)["text/markdown"]
    html = pypandoc.convert_text(md, "html5", format="markdown")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<tr") == 3 and html.count("<td") == 8   # the "|" did not split a cell
    assert "Trạm 5G | ước tính" in html
    assert "a*b_c [x](y) @cite $1$ &amp; ~s~" in html           # no emphasis, link, cite, math
    plain = pypandoc.convert_text(md, "plain", format="markdown")
    assert "1.329" in plain and "58,09" in plain


def test_decimals_per_column_and_plain_text_alignment():
    df = pd.DataFrame({"geo": ["Hải Phòng", "Hà Nội"], "score": [58.09, 60.0]})
    b = table_bundle(df, {"geo": "Địa bàn", "score": "Điểm"}, decimals={"score": 2})
    assert b["text/plain"].splitlines() == [
        "Địa bàn     Điểm",
        "---------  -----",
        "Hải Phòng  58,09",
        "Hà Nội     60,00",
    ]


def test_table_sources_are_distinct_and_sorted():
    from helpers.present.tables import table_sources

    df = pd.DataFrame({"a": [1, 2, 3], "source_id": ["s2", "s1; s3", "s2"]})
    assert table_sources(df) == ["s1", "s2", "s3"]
    assert table_sources(df.drop(columns="source_id")) == []
    assert table_sources(pd.DataFrame({"sources": ["s4, s5", None], "source": ["s6", "s4"]})) == ["s4", "s5", "s6"]
