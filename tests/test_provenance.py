"""Provenance appendix and the S&T ratios against Resolution 57 benchmarks."""

from __future__ import annotations

import pytest

from helpers.data.loader import load_dataset
from helpers.present.provenance import CONFLICT_HEADERS, conflicts_table, figures_table, sources_table
from helpers.analysis.ratios import ratio_qualifier
from helpers.present.ratios_text import ratio_table
from scorecard_data import make_dataset, row

HPM = "hai_phong_merged"


def conflict_ds():
    preferred = row("state_budget_revenue", HPM, 2025, 196151, "~", "estimate", "src_a", "ước đạt 196.151 tỷ đồng",
                    "true", "Preferred: latest.")
    preferred["note_vi"] = "Số công bố muộn nhất."
    return make_dataset([
        preferred,
        row("state_budget_revenue", HPM, 2025, 100000, ">", "estimate", "src_b", "vượt mốc 100.000 tỷ đồng"),
        row("state_budget_revenue", HPM, 2025, 187000, "=", "estimate", "src_c", "đạt 187.000 tỉ đồng"),
        row("pii_rank", HPM, 2025, 4),
    ])


def test_figures_table_has_every_row_with_source_and_quote():
    ds = conflict_ds()
    f = figures_table(ds)
    assert len(f) == 4
    r = f[(f["source_id"] == "src_b")].iloc[0]
    assert r["value_text"] == "hơn 100.000 tỷ đồng" and r["qualifier"] == ">" and r["kind"] == "Ước tính"
    assert r["source_title"] == "Bài src_b" and r["url"] == "https://example.vn/src_b"
    assert r["quote"] == "vượt mốc 100.000 tỷ đồng" and not r["preferred"]
    assert f[f["source_id"] == "src_a"].iloc[0]["preferred"]


def test_conflicts_table_shows_preferred_and_others():
    c = conflicts_table(conflict_ds())
    assert len(c) == 1  # the single pii_rank row is no conflict
    r = c.iloc[0]
    assert r["n"] == 3
    assert r["preferred"] == "khoảng 196.151 tỷ đồng (src_a)"
    assert r["others"] == "hơn 100.000 tỷ đồng (src_b); 187.000 tỷ đồng (src_c)"
    # readers see the Vietnamese reason under "Lý do chọn"; the English note stays outside the headers
    assert r["note_vi"] == "Số công bố muộn nhất." and r["note"] == "Preferred: latest."
    assert CONFLICT_HEADERS["note_vi"] == "Lý do chọn" and "note" not in CONFLICT_HEADERS
    assert list(c.columns) == ["indicator", *CONFLICT_HEADERS, "note"]


def test_conflicts_table_without_note_vi_column_shows_empty_reason():
    ds = conflict_ds()
    ds = type(ds)(ds.values.drop(columns="note_vi"), ds.indicators, ds.sources)
    assert conflicts_table(ds).iloc[0]["note_vi"] == ""


def test_real_appendix_covers_the_dataset():
    ds = load_dataset()
    f = figures_table(ds)
    assert len(f) == len(ds.values) and f["source_title"].notna().all() and f["url"].str.startswith("http").all()
    c = conflicts_table(ds)
    assert len(c) == len(ds.conflicts())
    assert (c["note_vi"].str.strip() != "").all()  # every reason shown to readers is written
    s = sources_table(ds)
    assert s["n_figures"].sum() == len(ds.values)
    # a page with no date reads "không ghi ngày đăng" (the English published_note stays in the data)
    undated = ds.sources["published"].isna().to_numpy()
    assert undated.any() and set(s.loc[undated, "published"]) == {"không ghi ngày đăng"}
    assert s.loc[~undated, "published"].str.fullmatch(r"\d\d/\d\d/\d{4}").all()


def test_ratios_spell_out_the_bases():
    ds = make_dataset([
        row("st_dx_investment", HPM, 2025, 407, ">"),
        row("state_budget_revenue", HPM, 2025, 196151, "~", "estimate"),
        row("grdp_current_prices", HPM, 2025, 734420, "~", "estimate"),
        row("st_budget_share", "viet_nam", 2030, 3, ">=", "target", "src_b"),
        row("rd_spending_share_gdp", "viet_nam", 2030, 2, "=", "target", "src_b"),
    ])
    r = ratio_table(ds)
    # 407 / 196151 = 0.0020749 = 0,2075 % -> "hơn 0,20%"; 407 / 734420 = 0.00055418 = 0,0554 %
    # -> "hơn 0,05%": a lower bound is rounded down (half-up would claim "hơn 0,21%", "hơn 0,06%")
    assert r["ratio_value"].tolist() == pytest.approx([407 / 196151, 407 / 734420])
    assert r["ratio"].tolist() == ["hơn 0,20%", "hơn 0,05%"]
    assert r["benchmark"].tolist() == ["≥ 3%", "2%"]
    assert "thu ngân sách" in r["base_note"][0] and "chi ngân sách" in r["base_note"][0]
    assert "R&D" in r["base_note"][1]
    assert r["sources"][0] == "src_a, src_b"


@pytest.mark.parametrize("num, den, expected", [
    (">", "~", ">"), (">", "=", ">"), (">=", "=", ">="), ("=", "=", "="), ("~", "=", "~"), (">", ">", "~"),
    ("=", "~", "~"),
])
def test_ratio_qualifier(num, den, expected):
    # a lower-bound numerator over a known denominator is a lower bound; a lower bound over a
    # lower bound could be anything either way, so it is only "~"
    assert ratio_qualifier(num, den) == expected
