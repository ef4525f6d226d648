"""Headline figures: Vietnamese values with their qualifiers, years and sources, from the data."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.present.headline_text import HEADLINES, Headline, headline_table
from helpers.analysis.series_facts import consecutive_years_above
from helpers.data.loader import load_dataset
from scorecard_data import make_dataset, row


@pytest.fixture(scope="module")
def table():
    return headline_table(load_dataset()).set_index(["indicator", "year"])


@pytest.mark.parametrize("indicator, year, text, source", [
    ("st_dx_investment", 2025, "hơn 407 tỷ đồng", "vietnamnet_2025_pii"),
    ("phd_count", 2025, "hơn 390", "vietnamnet_2025_pii"),
    ("pii_score", 2025, "58,09 điểm", "vietnamnet_2025_pii"),
    ("pii_institutions_score", 2025, "79,55 điểm", "vietnamnet_2025_pii"),
    ("pii_institutions_rank", 2025, "hạng 1", "vietnamnet_2025_pii"),
    ("bts_5g_count", 2025, "khoảng 1.329", "vietnamnet_2025_pii"),
    ("digital_economy_share_grdp", 2026, "> 31%", "kh350_pbgdpl_2026"),
    ("coverage_5g_area", 2026, "≥ 80%", "kh350_pbgdpl_2026"),
    ("ioc_data_integration", 2026, "> 85%", "kh350_pbgdpl_2026"),
    ("st_tasks_city_level", 2026, "≥ 60", "kh350_pbgdpl_2026"),
    ("initiatives_recognized", 2026, "≥ 190", "kh350_pbgdpl_2026"),
    ("pii_rank", 2026, "nhóm 5 dẫn đầu", "kh350_pbgdpl_2026"),
])
def test_headline_values(table, indicator, year, text, source):
    r = table.loc[(indicator, year)]
    assert r["value_text"] == text and r["source_id"] == source


def test_fourth_year_above_100000_uses_the_lower_bound_wording(table):
    rows = table.loc[("state_budget_revenue", 2025)]
    assert set(rows["value_text"]) == {"hơn 100.000 tỷ đồng", "khoảng 187.766,6 tỷ đồng"}
    assert len(table) == len(HEADLINES)


def test_missing_headline_row_is_a_clear_error():
    ds = make_dataset([row("pii_rank", "hai_phong", 2023, 3)])
    with pytest.raises(KeyError, match="matches 0 rows"):
        headline_table(ds, [Headline("pii_rank", "hai_phong_merged", 2025, "actual")])


def series(pairs):
    return pd.DataFrame([{"year": y, "value": v, "qualifier": q} for y, v, q in pairs])


def test_consecutive_years_above():
    # 2021 90.421 < 100.000 stops the run; 2022-2025 are all above: 4 years, 2022-2025
    s = series([(2020, 84199.2, "~"), (2021, 90421.01, "~"), (2022, 108674.96, "~"), (2023, 103619, "="),
                (2024, 118255.3, "~"), (2025, 196151, "~")])
    assert consecutive_years_above(s, 100_000) == (4, 2022, 2025)
    # a gap year breaks the run; "> 100000" counts as above 100000, "= 100000" does not
    assert consecutive_years_above(series([(2021, 120000, "="), (2023, 130000, "=")]), 100_000) == (1, 2023, 2023)
    assert consecutive_years_above(series([(2024, 100000, ">"), (2025, 100000, ">")]), 100_000) == (2, 2024, 2025)
    assert consecutive_years_above(series([(2025, 100000, "=")]), 100_000) == (0, None, None)


def test_real_revenue_run_is_four_years():
    ds = load_dataset()
    s = pd.concat([ds.series("state_budget_revenue", "hai_phong"), ds.series("state_budget_revenue", "hai_phong_merged")])
    assert consecutive_years_above(s, 100_000) == (4, 2022, 2025)


def test_a_run_above_a_threshold_across_the_merger_names_each_years_territory():
    from helpers.present.headline_text import HEADLINES, run_rows, territory_spans

    ds = load_dataset()
    h = next(h for h in HEADLINES if h.run_above is not None)
    run = run_rows(ds, h.indicator, h.source_id, h.run_above, h.year)
    assert list(run["year"]) == list(range(h.year - len(run) + 1, h.year + 1)) and len(run) >= 2
    spans = territory_spans(run)
    assert spans == "; ".join(
        f"{a}{'' if a == b else f'–{b}'}: {'Hải Phòng trước hợp nhất' if g == 'hai_phong' else 'thành phố sau hợp nhất'}"
        for g, a, b in [(g, int(s['year'].min()), int(s['year'].max())) for g, s in run.groupby('geo', sort=False)])
    label = headline_table(ds).iloc[list(HEADLINES).index(h)]["label"]
    assert label.endswith(f"({spans})") and "trước hợp nhất" in label and "sau hợp nhất" in label
