"""load_dataset on the valid fixture: types, convenience methods, and all problems in one run."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import VALID_DATA, read_rows, replace_in, set_cell, write_rows

from helpers.data.contract import ALL_COLUMNS
from helpers.data.errors import DataValidationError
from helpers.data.loader import Dataset, load_dataset


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(VALID_DATA)


def test_values_are_typed(ds):
    v = ds.values
    assert list(v.columns) == list(ALL_COLUMNS)
    assert v["year"].dtype == "int64" and v["value"].dtype == "float64" and v["preferred"].dtype == bool
    assert pd.api.types.is_string_dtype(v["indicator"]) and pd.api.types.is_string_dtype(v["note"])
    assert len(v) == 15
    assert ds.indicators.loc["pii_score", "unit"] == "points" and ds.indicators["decimals"].dtype == "int64"
    assert ds.indicators.loc["pii_score", "limit"] == 100.0 and pd.isna(ds.indicators.loc["phd_count", "limit"])
    assert ds.sources.loc["kienthuc_2025_dx_forum", "published"] == pd.Timestamp("2025-12-24")
    assert pd.isna(ds.sources.loc["vietnamnet_2025_hub", "published"])
    assert ds.unit("state_budget_revenue") == "billion_vnd"


def test_figures_come_through_exactly(ds):
    v = ds.values.set_index(["indicator", "geo", "year", "kind", "source_id"])
    assert v.loc[("pii_score", "hai_phong_merged", 2025, "actual", "vietnamnet_2025_hub"), "value"] == 58.09
    assert v.loc[("state_budget_revenue", "hai_phong", 2024, "estimate", "daibieunhandan_2025_budget"), "value"] == 118255.3
    assert v.loc[("phd_count", "hai_phong_merged", 2025, "actual", "vietnamnet_2025_hub"), "qualifier"] == ">"


def test_single_rows_are_implicitly_preferred(ds):
    assert ds.values["preferred"].sum() == 14  # 15 rows, one conflict group of two
    assert len(ds.preferred()) == 14


def test_conflicts(ds):
    c = ds.conflicts()
    assert len(c) == 1
    g = c.iloc[0]
    assert (g.indicator, g.geo, g.year, g.kind, g.n) == ("state_budget_revenue", "hai_phong_merged", 2025, "estimate", 2)
    assert (g.preferred_value, g.preferred_source) == (190379.0, "cafef_2026_budget")
    assert g.other_values == (187766.6,) and g.other_sources == ("vneconomy_2025_budget",)
    assert g.note == "later estimate (6/1/2026) than the December figure"
    assert g.note_vi == "Số ước tính muộn hơn (6/1/2026) so với số tháng 12."


def test_series_prefers_actuals_and_sorts_by_year(ds):
    s = ds.series("state_budget_revenue", "hai_phong_merged")
    assert list(s["year"]) == [2025] and s.loc[0, "kind"] == "actual" and s.loc[0, "value"] == 100000
    s = ds.series("state_budget_revenue", "hai_phong_merged", kinds=("estimate",))
    assert list(s["value"]) == [190379.0]
    s = ds.series("state_budget_revenue", "hai_phong_merged", kinds=("actual", "estimate"), preferred_only=False)
    assert sorted(s["value"]) == [100000.0, 187766.6, 190379.0]
    assert list(ds.series("dti_score", "hai_phong_merged", kinds=("actual", "target"))["year"]) == [2024, 2026]
    assert ds.series("dti_score", "hai_phong").empty  # a trend never mixes the two Hai Phong boundaries


def test_targets(ds):
    t = ds.targets(year=2026)
    assert list(t["indicator"]) == ["coverage_5g_area", "digital_economy_share_grdp", "dti_score", "pii_rank"]
    assert ds.targets("pii_rank").iloc[0][["value", "qualifier"]].tolist() == [5.0, "<="]


def test_all_problems_in_one_run(data_dir):
    set_cell(data_dir, 8, "value", "58,09")
    set_cell(data_dir, 7, "qualifier", "=")
    set_cell(data_dir, 6, "source_id", "nowhere")
    replace_in(data_dir / "indicators.yml", "unit: rank", "unit: ranking")
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_dir)
    where = [(p.file.rsplit("/", 1)[-1], p.line, p.column) for p in err.value.problems]
    assert ("values.csv", 8, "value") in where
    assert ("values.csv", 7, "qualifier") in where
    assert ("values.csv", 6, "source_id") in where
    assert ("indicators.yml", 33, "unit") in where
    assert len(str(err.value).splitlines()) == len(err.value.problems) >= 4


def test_multiline_quote_keeps_line_numbers(data_dir):
    set_cell(data_dir, 2, "quote", "Tổng thu ngân sách nhà nước trên địa bàn thành phố năm 2024\nước đạt 118.255,3 tỷ đồng")
    set_cell(data_dir, 7, "value", "abc")
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_dir)
    assert [(p.line, p.column) for p in err.value.problems] == [(8, "value")]


def test_optional_columns_may_be_left_out(data_dir):
    rows = read_rows(data_dir)
    plain = [r[:8] for r in rows if r[0] == "indicator" or r[8:] == ["", "", "", "", ""]]
    write_rows(data_dir, plain)
    ds = load_dataset(data_dir)
    assert len(ds.values) == len(plain) - 1 == 9
    assert list(ds.values.columns) == list(ALL_COLUMNS) and (ds.values["note"] == "").all()
    assert (ds.values["note_vi"] == "").all()


def test_data_dir_comes_from_the_environment_when_not_given(monkeypatch, tmp_path):
    from helpers.data.errors import DataValidationError
    from helpers.data.loader import load_dataset

    monkeypatch.setenv("HPREPORT_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(DataValidationError) as err:
        load_dataset()
    assert str(tmp_path / "nowhere" / "values.csv") in str(err.value)


def test_a_reload_of_unchanged_data_is_remembered_and_each_caller_gets_its_own_copy(data_dir, monkeypatch):
    import helpers.data.loader as loader

    validated = []
    real = loader.validate
    monkeypatch.setattr(loader, "validate", lambda folder: validated.append(folder) or real(folder))
    first = load_dataset(data_dir)
    rules = dict(first.target_rules)
    first.values.loc[0, "value"] = -1.0
    first.target_rules.clear()
    again = load_dataset(data_dir)
    assert again.values.loc[0, "value"] != -1.0 and again.target_rules == rules
    assert again.values is not load_dataset(data_dir).values
    assert len(validated) == 1                        # read and validated once, for four loads


def test_an_edited_data_folder_is_loaded_again(data_dir):
    rows = read_rows(data_dir)
    line = next(n for n, r in enumerate(rows[1:], start=2) if r[rows[0].index("note")] == "")
    assert "edited" not in set(load_dataset(data_dir).values["note"])
    set_cell(data_dir, line, "note", "edited")
    assert (load_dataset(data_dir).values["note"] == "edited").sum() == 1
    set_cell(data_dir, line, "value", "58,09")        # a value its quote does not state
    with pytest.raises(DataValidationError):
        load_dataset(data_dir)
