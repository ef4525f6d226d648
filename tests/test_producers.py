"""The original producer of a figure (data/values.csv `producer`, `producer_quote`): validated
with file, row and column, and credited before the outlet in a figure's source line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from helpers import PROJECT_ROOT
from helpers.data.contract import ALL_COLUMNS
from helpers.publish.render.embed import SVG, VEGALITE, Cell, expand_cell
from helpers.publish.render.producers import NOT_STATED_VI, read_producers, source_producers, with_producer
from helpers.present.tables import DATA_MIME
from helpers.data.validation import checks, validate

FIXTURE = Path(__file__).parent / "fixtures" / "data_valid"
KH350_PASSAGE = "UBND thành phố Hải Phòng đã chính thức ban hành Kế hoạch số 350/KH-UBND"


def row(line: int, **kw) -> dict:
    base = dict.fromkeys(ALL_COLUMNS, "")
    base.update(indicator="pii_rank", geo="hai_phong_merged", year=2026, value=Decimal(5), qualifier="<=",
                kind="target", source_id="kh350", quote="nhóm 5 địa phương dẫn đầu", preferred=False, line=line)
    base.update(kw)
    return base


# --- rule 12: a producer is sourced ---------------------------------------------------------------

def test_a_producer_needs_a_passage_that_names_it():
    rows = [row(2, producer="UBND thành phố Hải Phòng", producer_quote=KH350_PASSAGE),     # fine
            row(3, producer="UBND thành phố Hải Phòng"),                                    # no passage
            row(4, producer_quote=KH350_PASSAGE),                                           # no producer
            row(5, producer="Bộ Khoa học và Công nghệ", producer_quote=KH350_PASSAGE),      # not named there
            row(6)]                                                                         # none: fine
    problems = checks.check_producers("data/values.csv", rows)
    assert [(p.line, p.column) for p in problems] == [(3, "producer_quote"), (4, "producer"),
                                                       (5, "producer_quote")]
    assert str(problems[0]).startswith("data/values.csv:3: column 'producer_quote': producer 'UBND thành phố "
                                       "Hải Phòng' has no producer_quote; paste the verbatim passage")
    assert "does not name the producer 'Bộ Khoa học và Công nghệ' verbatim" in str(problems[2])


def test_check_reports_an_unsourced_producer_with_file_row_and_column(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    frame = pd.read_csv(data / "values.csv", dtype=str, keep_default_na=False)
    frame.insert(list(frame.columns).index("note_vi"), "producer", "")
    frame.insert(list(frame.columns).index("note_vi"), "producer_quote", "")
    frame.loc[1, "producer"] = "Cục Thống kê thành phố"
    frame.to_csv(data / "values.csv", index=False)
    problems = validate(data).problems
    assert [(Path(p.file).name, p.line, p.column) for p in problems] == [("values.csv", 3, "producer_quote")]
    assert "producer 'Cục Thống kê thành phố' has no producer_quote" in str(problems[0])
    done = subprocess.run([sys.executable, "-m", "helpers.publish.cli", "check", "--data-dir", "data"], cwd=tmp_path,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")})
    assert done.returncode == 1
    assert ("data/values.csv:3: column 'producer_quote': producer 'Cục Thống kê thành phố' has no "
            "producer_quote; paste the verbatim passage") in done.stderr
    frame.loc[1, "producer_quote"] = "số liệu của Cục Thống kê thành phố"
    frame.to_csv(data / "values.csv", index=False)
    assert validate(data).problems == []


def test_real_producers_are_named_in_their_passages():
    values = pd.read_csv(PROJECT_ROOT / "data" / "values.csv", dtype=str, keep_default_na=False)
    named = values[values["producer"] != ""]
    assert len(named) >= 10
    assert all(p in q for p, q in zip(named["producer"], named["producer_quote"]))
    # the 2026 targets of Kế hoạch 350/KH-UBND are set by the city People's Committee
    kh350 = values[values["source_id"] == "kh350_pbgdpl_2026"]
    assert set(kh350["producer"]) == {"UBND thành phố Hải Phòng"}
    # PII and DTI figures: no source passage stored names who computed them
    assert set(values.loc[values["indicator"].isin(["pii_score", "dti_score"]) & (values["kind"] == "actual"),
                          "producer"]) == {""}


SHARED_SOURCES = PROJECT_ROOT.parent / "shared" / "sources"
ARTICLES = {"congly_2025_nq57_forum": "000", "bvpl_2024_most_programme": "001", "vietnamnet_2025_pii": "002",
            "kienthuc_2025_dx_forum": "003", "kh350_pbgdpl_2026": "004"}


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="the five source articles are not beside the clone")
def test_producer_passages_of_the_source_articles_are_verbatim():
    def words(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split())

    values = pd.read_csv(PROJECT_ROOT / "data" / "values.csv", dtype=str, keep_default_na=False)
    checked = 0
    for r in values[(values["producer_quote"] != "") & values["source_id"].isin(ARTICLES)].itertuples():
        article = words(next(SHARED_SOURCES.glob(f"{ARTICLES[r.source_id]}_*.txt")).read_text(encoding="utf-8"))
        assert words(r.producer_quote) in article, (r.indicator, r.source_id)
        checked += 1
    assert checked >= 10


# --- the source line under a figure ------------------------------------------------------------------

VALUES = ("indicator,geo,year,value,qualifier,kind,source_id,quote,preferred,note,policy,policy_quote,"
          "producer,producer_quote,note_vi\n"
          "digital_economy_share_grdp,hai_phong,2023,29.7,=,actual,ict,\"đạt 29,7%\",,,,,,,\n"
          "digital_economy_share_grdp,hai_phong_merged,2026,31,>,target,kh350,trên 31% GRDP,,,,,"
          f"UBND thành phố Hải Phòng,{KH350_PASSAGE},\n")


def figure(rows: list[list]) -> Cell:
    spec = {"mark": "line", "usermeta": {"sources": ["ict"]}}
    data = {"columns": ["indicator", "geo", "year", "value", "qualifier", "kind", "source_id"], "rows": rows}
    output = {"output_type": "display_data", "metadata": {},
              "data": {VEGALITE: spec, SVG: "<svg></svg>", DATA_MIME: data}}
    return Cell("notebooks/x.ipynb", 1, {"label": "fig-x", "fig-cap": "Kinh tế số", "fig-alt": "Biểu đồ"},
                "", [output])


def caption(cell: Cell, producers) -> str:
    markdown = expand_cell(cell, "typst", {"ict": "ICT", "kh350": "Cổng PBGDPL"}, {"sources-label": "Nguồn"},
                           producers).markdown
    return markdown.strip().splitlines()[-2]


def test_source_line_names_the_producer_then_the_outlet(tmp_path):
    (tmp_path / "values.csv").write_text(VALUES, encoding="utf-8")
    producers = read_producers(tmp_path / "values.csv")
    both = figure([["digital_economy_share_grdp", "hai_phong", 2023, 29.7, "=", "actual", "ict"],
                   ["digital_economy_share_grdp", "hai_phong_merged", 2026, 31, ">", "target", "kh350"]])
    # the target's source is credited although the chart's marks list only the observed figure's
    assert caption(both, producers) == ("Kinh tế số. Nguồn: UBND thành phố Hải Phòng, qua [@kh350]; "
                                        f"[@ict] ({NOT_STATED_VI}).")
    observed = figure([["digital_economy_share_grdp", "hai_phong", 2023, 29.7, "=", "actual", "ict"]])
    assert caption(observed, producers) == "Kinh tế số. Nguồn: [@ict] (đơn vị công bố gốc: nguồn không nêu)."


def test_figure_download_and_sources_carry_the_producer(tmp_path):
    (tmp_path / "values.csv").write_text(VALUES, encoding="utf-8")
    producers = read_producers(tmp_path / "values.csv")
    frame = pd.DataFrame([["digital_economy_share_grdp", "hai_phong_merged", 2026, 31.0, ">", "target", "kh350"],
                          ["digital_economy_share_grdp", "hai_phong", 2025, 33.0, "~", "projection", ""]],
                         columns=["indicator", "geo", "year", "value", "qualifier", "kind", "source_id"])
    out = with_producer(frame, producers)
    assert list(out.columns)[-1] == "producer" and list(out["producer"]) == ["UBND thành phố Hải Phòng", ""]
    assert source_producers(producers) == {"kh350": ["UBND thành phố Hải Phòng"]}


def test_how_to_cite_explains_the_source_line():
    from helpers.present.citation import citation_markdown

    text = citation_markdown()
    assert "nêu trước đơn vị công bố gốc của số liệu" in text and f"“{NOT_STATED_VI}”" in text


def test_a_table_of_figures_credits_their_producers_as_a_figure_does(tmp_path):
    (tmp_path / "values.csv").write_text(VALUES, encoding="utf-8")
    producers = read_producers(tmp_path / "values.csv")
    data = {"columns": ["indicator", "geo", "year", "value", "qualifier", "kind", "source_id"],
            "rows": [["digital_economy_share_grdp", "hai_phong", 2023, 29.7, "=", "actual", "ict"],
                     ["digital_economy_share_grdp", "hai_phong_merged", 2026, 31, ">", "target", "kh350"]]}
    table = "| Năm | Giá trị |\n|--:|--|\n| 2023 | 29,7% |\n| 2026 | > 31% |\n"
    output = {"output_type": "display_data", "metadata": {"sources": ["ict", "kh350"]},
              "data": {"text/markdown": table, DATA_MIME: data}}
    cell = Cell("notebooks/x.ipynb", 1, {"label": "tbl-x", "tbl-cap": "Kinh tế số"}, "", [output])
    markdown = expand_cell(cell, "typst", {"ict": "ICT", "kh350": "Cổng PBGDPL"}, {"sources-label": "Nguồn"},
                           producers).markdown
    assert markdown.strip().splitlines()[-2] == ("Kinh tế số. Nguồn: UBND thành phố Hải Phòng, qua [@kh350]; "
                                                 f"[@ict] ({NOT_STATED_VI}).")
    # a table that is not of values.csv figures cites its sources only
    output["data"] = {"text/markdown": table}
    assert expand_cell(cell, "typst", {"ict": "ICT", "kh350": "Cổng PBGDPL"}, {"sources-label": "Nguồn"},
                       producers).markdown.strip().splitlines()[-2] == "Kinh tế số. Nguồn: [@ict; @kh350]."


def test_one_producer_is_shown_under_one_name():
    """values.csv writes the city's people's committee two ways, each as its passage does (rule 12);
    the report credits it under one name."""
    values = pd.read_csv(PROJECT_ROOT / "data" / "values.csv", dtype=str, keep_default_na=False)
    written = set(values["producer"]) - {""}
    assert {"UBND thành phố Hải Phòng", "UBND TP Hải Phòng"} <= written
    for r in values[values["producer"] != ""].itertuples(index=False):
        assert r.producer in r.producer_quote       # rule 12 still holds for every row as written
    shown = set(read_producers(PROJECT_ROOT / "data" / "values.csv").rows.values()) - {""}
    assert "UBND TP Hải Phòng" not in shown and "UBND thành phố Hải Phòng" in shown
