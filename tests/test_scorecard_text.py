"""Scorecard wording: statuses with a sign, one-line notes, the 7-column table, CSV and summary."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from helpers.present import fonts, scorecard_text as st
from helpers.publish.build.downloads import write_scorecard_csv
from helpers.data.loader import default_data_dir, load_dataset
from helpers.analysis.scorecard import STATUSES, build_scorecard, national_without_series
from scorecard_data import make_dataset, row


@pytest.fixture(scope="module")
def real():
    ds = load_dataset()
    return ds, build_scorecard(ds)


def test_every_status_has_a_sign_and_a_word_the_pdf_fonts_can_draw():
    assert set(st.STATUS_VI) == set(STATUSES)
    signs = [label.split(" ", 1)[0] for label in st.STATUS_VI.values()]
    assert len(set(signs)) == len(signs)                  # never colour alone, never one sign twice
    assert fonts.uncovered("".join(st.STATUS_VI.values()), have=fonts.pdf_codepoints()) == []


def test_the_reader_table_has_at_most_seven_columns_and_a_note_for_every_unassessed_row(real):
    ds, card = real
    table = st.scorecard_table(card, ds)
    # one row per group of targets: superseded targets, plans that are not outcomes and the other
    # bodies' targets of a group are not rows of their own
    groups = card[(card["scope"] == "target") & card["lead"].astype(bool)]
    assert len(table.columns) <= 7 and list(table.columns)[:2] == ["target", "status"] and len(table) == len(groups) == card.loc[card["scope"] == "target", "group_id"].nunique()
    unassessed = table[table["status"] == st.STATUS_VI["not_assessable"]]
    assert (unassessed["note"].str.len() > 10).all()


def test_notes_say_what_a_reader_needs():
    ds = make_dataset([row("grdp_growth", "hai_phong", 2024, 11.01), row("grdp_growth", "hai_duong", 2024, 10.2, source_id="src_c"),
                       row("grdp_current_prices", "hai_phong", 2024, 445995),
                       row("grdp_current_prices", "hai_duong", 2024, 212386, source_id="src_c"),
                       row("grdp_growth", "hai_phong_merged", 2025, 11.81),
                       row("grdp_growth", "hai_phong_merged", 2026, 13, kind="target", source_id="src_b"),
                       row("dx_budget", "hai_phong", 2024, 400, "~", "plan", "src_b")])
    card = build_scorecard(ds)
    notes = {r.indicator: st.note_text(r, ds) for r in card.itertuples(index=False)}
    assert notes["dx_budget"] == "Kế hoạch chi, không phải mục tiêu kết quả; chưa có số thực chi."
    # 11,81 - 13 = -1,19 points; mean of 10,7487 (2024, merged equivalent) and 11,81 = 11,28
    assert notes["grdp_growth"].startswith("Năm 2025 thấp hơn mục tiêu 1,19 điểm %; bình quân 2024–2025 11,28%")
    assert "2024 quy đổi Hải Phòng + Hải Dương" in notes["grdp_growth"]


def test_scorecard_csv_has_the_documented_columns_and_a_bom(tmp_path):
    path = write_scorecard_csv(default_data_dir(), tmp_path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.StringIO(raw.decode("utf-8-sig")))
    for col in ("indicator", "target_geo", "target_year", "target_value", "target_qualifier", "series_geo",
                "series_basis", "latest_year", "latest_value", "status", "probability", "required_rate", "reason"):
        assert col in table.columns
    assert set(table["status"]) <= set(STATUSES)
    assert table["probability"].dropna().between(0, 1).all()
    readme = (default_data_dir() / "README.md").read_text(encoding="utf-8")
    assert "scorecard.csv" in readme and all(f"`{c}`" in readme for c in ("series_basis", "required_rate", "reason"))


def test_the_summary_changes_with_the_data(real):
    ds, card = real
    text = st.summary_markdown(card, ds, len(national_without_series(ds)))
    # 2021-2025 at the old city's published 11,39 %/yr; 2026-2030 need (1.135**10 / 1.1139**5)**0.2 - 1 = 15,65 %
    assert "cần bình quân **15,6%/năm**" in text
    fewer = card[card["status"] != "met"]
    assert "**0 đạt**" in st.summary_markdown(fewer, ds, 0)


def test_method_text_is_written_from_the_constants():
    text = st.method_markdown()
    assert "từ 95% “Tiến bộ đáng kể”, từ 60% “Tiến bộ vừa phải”" in text
    assert "bình quân 3 năm gần nhất" in text and "ít nhất 3 điểm" in text


def test_a_rank_or_index_note_says_what_the_figure_is_measured_on(real):
    ds, card = real
    dti = card[(card["indicator"] == "dti_score") & (card["target_year"] == 2026)].iloc[0]
    note = st.note_text(dti, ds)
    assert note.startswith("Mới có một số liệu của Hải Phòng trước hợp nhất (2024: 0,7857)")
    assert "bình quân của Hải Phòng và Hải Dương" in note


def test_rows_folded_under_a_table_cite_their_sources_once_a_run(real):
    ds, card = real
    text = st.unassessed_markdown(card, ds)
    folded = card[(card["scope"] == "target") & card["lead"].astype(bool) & (card["status"] == "not_assessable")]
    cited = set(re.findall(r"@([\w-]+)", text))
    assert cited == {s for r in folded.itertuples(index=False) for s in st._sources(r)}
    # items in a row with the same sources share one citation, after the last of them
    assert 0 < text.count("[@") < len(folded)
    for line in text.splitlines():       # the last item of a reason has its citation: none is left without
        assert line.endswith("].") and line.count("[@") <= line.count("; ") + 1, line


def test_scorecard_rows_cite_their_own_sources(real):
    ds, card = real
    table = st.scorecard_table(card, ds)
    assert list(table.columns)[-1] == "sources" and st.TABLE_HEADERS["sources"] == "Nguồn"
    assert table["sources"].str.len().gt(0).all()
    record = st.track_record_table(card, ds)
    assert record["sources"].str.len().gt(0).all() and st.TRACK_HEADERS["sources"] == "Nguồn"


def test_overview_labels_say_the_target_year_once(real):
    ds, card = real
    labels = list(st.overview_rows(card, ds)["target"])
    assert "Tăng trưởng GRDP bình quân thời kỳ 2021–2030: ~13,5%" in labels
    assert any(t.startswith("Tổng thu ngân sách nhà nước trên địa bàn giai đoạn 5 năm (đến 2030): ")
               for t in labels)
    assert "Tỷ lệ phủ sóng 5G theo diện tích 2026: ≥ 80%" in labels
    for t in labels:
        years = re.findall(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,])", t.split(":")[0])
        assert len(years) == len(set(years)), t      # no year twice in a label


def test_no_prose_points_at_an_empty_probability_column(real):
    """No row of the open scorecard table has a probability (one reached early, two on series of
    2 points): the column is left out and the words say so; the projections table holds only
    targets that cannot be assessed, and the words say that too."""
    from helpers.analysis.scorecard import as_of_year, projection_runs
    from pathlib import Path

    ds, card = real
    open_rows = (card["target_year"] > as_of_year(ds)) | (card["target_geo"] == "viet_nam")
    table = st.scorecard_table(card, ds, open_rows, assessed_only=True)
    assert (table["probability"] == "–").all()
    shown, headers = st.drop_empty_probability(table, st.TABLE_HEADERS)
    assert "probability" not in shown.columns and "Xác suất đạt" not in headers.values()
    # the year of a row is the target's year, beside "Số mới nhất: 2025: …" on a card
    assert headers["year"] == "Năm mục tiêu" and headers["latest"] == "Số mới nhất"
    runs = projection_runs(ds, card)
    text = st.probability_markdown(card, open_rows, runs)
    assert "không có cột này" in text and "Xác suất đạt trong" not in text
    assert "1 mục tiêu đã đạt sớm" in text and "chuỗi số liệu của 2 mục tiêu có dưới 3 điểm" in text
    assert {r["indicator"] for r, _ in runs} == {"tfp_share_growth"}
    assert "Cả 2 mục tiêu đó chưa đánh giá được (chỉ có chuỗi của Hải Phòng trước hợp nhất)" in text
    # With a probability in the table, the column stays and the words point at it.
    card2 = card.copy()
    card2.loc[open_rows & (card2["status"] == "moderate_progress"), "probability"] = 0.4
    kept, _ = st.drop_empty_probability(st.scorecard_table(card2, ds, open_rows, assessed_only=True), st.TABLE_HEADERS)
    assert "40%" in set(kept["probability"])
    assert "Xác suất đạt trong" in st.probability_markdown(card2, open_rows, runs)
    # The report's own words never name the scorecard table's probabilities.
    qmd = (Path(__file__).parents[1] / "report" / "report.qmd").read_text(encoding="utf-8")
    assert not re.search(r"[Xx]ác suất[^.]*@tbl-scorecard|@tbl-scorecard[^.]*xác suất", qmd)


def test_a_scorecard_tables_download_holds_the_numbers_of_its_rows(real):
    """table_data: one group per printed row, in the table's order, lead target first, with the
    target's and the latest figure's numbers and qualifiers as in the scorecard."""
    ds, card = real
    for rows in (card["target_year"] <= 2025, card["target_year"] > 2025, None):
        table = st.scorecard_table(card, ds, rows, assessed_only=rows is not None)
        data = st.table_data(card, ds, rows, assessed_only=rows is not None)
        groups = list(dict.fromkeys(data["group_id"]))
        assert len(groups) == len(table)
        for group, printed in zip(groups, table.itertuples()):
            first = data[data["group_id"] == group].iloc[0]
            assert bool(first["lead"])
            assert str(int(first["target_year"])) == printed.year
        assert set(data["target_id"]) <= set(card["target_id"])
    revenue = data[data["target_id"] == "state_budget_revenue@hai_phong@2023@city@plan"].iloc[0]
    assert revenue["target_value"] == pytest.approx(116442.134)     # plan; the printed cell rounds it
    assert revenue["latest_value"] == pytest.approx(103619) and revenue["status"] == "missed"


def test_a_track_record_across_the_merger_says_which_years_are_which_city(real):
    ds, card = real
    table = st.track_record_table(card, ds).set_index("indicator")
    assert table.at["Tốc độ tăng trưởng GRDP", "years"] == \
        "2019–2024: Hải Phòng trước hợp nhất; 2025: thành phố sau hợp nhất"
    assert table.at["Thu nội địa", "years"] == "2023"                      # one territory: the years alone
    point = [text for title, text, _ in st.key_points(card, ds, 2025) if title == "Tốc độ tăng trưởng GRDP"]
    assert point == [" chỉ đạt kế hoạch 1 trong 7 năm 2019–2025 (2025: sau hợp nhất)."]


def test_a_more_than_target_needs_more_than_its_rate(real):
    ds, card = real
    row = card[card["target_id"] == "state_budget_revenue@hai_phong_merged@2026@city@plan"].iloc[0]
    assert row["target_qualifier"] == ">"
    assert st.need_text(row, "billion_vnd") == "cần tăng hơn 3,8%/năm từ 2025 đến 2026"
    assert st.need_text(row.copy().set_axis(row.index).replace({">": "="}), "billion_vnd") \
        == "cần tăng 3,8%/năm từ 2025 đến 2026"


def test_a_judged_component_says_it_is_not_counted_apart(real):
    ds, card = real
    rows = card[card["component_of"].fillna("").astype(bool) & (card["status"] != "not_assessable")]
    assert len(rows) == 4 and not rows["counted"].astype(bool).any()
    for row in rows.itertuples(index=False):
        assert st.note_text(row, ds).startswith(
            "Một phần của thu ngân sách nhà nước trên địa bàn, không tính riêng trong số đếm;")
