"""Unit tests for helpers.analysis.projections."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.analysis.projections import (
    InsufficientDataError,
    LevelAdjustment,
    SeriesBreakError,
    central_trend,
    choose_model,
    fit_damped_holt,
    fit_trend,
    prepare_series,
    prob_meets,
    project_series,
    projections_frame,
    select_boundary,
    time_weights,
)

NOISY_YEARS = list(range(2017, 2025))
NOISY = [100.0, 108.0, 121.0, 125.0, 141.0, 150.0, 166.0, 171.0]


def frame(years, values, geo="hai_phong", qualifier="="):
    return pd.DataFrame({"year": years, "value": values, "geo": geo, "qualifier": qualifier})


# ---------------------------------------------------------------- log-linear OLS

def test_ols_recovers_a_known_exponential_series():
    # 100 * 1.1 ** t for 2018..2024: log-linear slope = ln 1.1 = 0.0953101798, growth 10 % a year,
    # 2030 is t = 12: 100 * 1.1 ** 12 = 313.8428376721. A perfect fit leaves no residual: the
    # intervals collapse onto the point.
    years = list(range(2018, 2025))
    p = fit_trend(years, [100 * 1.1 ** t for t in range(7)], 2030, target=300)
    assert p.model == "ols_log" and p.scale == "log"
    assert p.slope == pytest.approx(math.log(1.1), abs=1e-12)
    assert p.annual_growth == pytest.approx(0.1, abs=1e-12)
    assert p.mean == pytest.approx(313.8428376721003, rel=1e-12)
    assert p.lower95 == pytest.approx(p.mean, rel=1e-9) and p.upper95 == pytest.approx(p.mean, rel=1e-9)
    assert p.prob_meets_target == 1.0
    assert (p.fit_first_year, p.fit_last_year, p.n, p.target_year) == (2018, 2024, 7, 2030)
    assert p.warnings == ()


def test_intervals_nest_and_match_the_probability():
    p = fit_trend(NOISY_YEARS, NOISY, 2030, target=250)
    assert p.lower95 < p.lower80 < p.mean < p.upper80 < p.upper95
    # The 80 % interval is the 10 % / 90 % quantiles of the same t distribution used for the
    # probability, so P(value >= upper80) = 0.10 and P(value >= lower95) = 0.975.
    for bound, expected in ((p.upper80, 0.10), (p.lower80, 0.90), (p.upper95, 0.025), (p.lower95, 0.975)):
        q = fit_trend(NOISY_YEARS, NOISY, 2030, target=bound)
        assert q.prob_meets_target == pytest.approx(expected, abs=1e-9)
    # At the point projection (the median on the log scale) the probability is one half.
    assert fit_trend(NOISY_YEARS, NOISY, 2030, target=p.mean).prob_meets_target == pytest.approx(0.5, abs=1e-12)
    low = fit_trend(NOISY_YEARS, NOISY, 2030, target=p.mean, direction="lower")
    assert low.prob_meets_target == pytest.approx(0.5, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.floats(50, 600), st.floats(50, 600))
def test_probability_is_monotone_in_the_target(a, b):
    lo, hi = sorted((a, b))
    p_lo = fit_trend(NOISY_YEARS, NOISY, 2030, target=lo).prob_meets_target
    p_hi = fit_trend(NOISY_YEARS, NOISY, 2030, target=hi).prob_meets_target
    assert 0.0 <= p_hi <= p_lo <= 1.0
    q_lo = fit_trend(NOISY_YEARS, NOISY, 2030, target=lo, direction="lower").prob_meets_target
    q_hi = fit_trend(NOISY_YEARS, NOISY, 2030, target=hi, direction="lower").prob_meets_target
    assert q_lo <= q_hi
    assert p_lo + q_lo == pytest.approx(1.0, abs=1e-12)


def test_prob_meets_degenerate_and_symmetric():
    assert prob_meets(1.0, 0.0, 0.5) == 1.0 and prob_meets(1.0, 0.0, 1.5) == 0.0
    assert prob_meets(1.0, 0.0, 0.5, "lower") == 0.0
    # Standard normal: P(Z >= 1.959964) = 0.025.
    assert prob_meets(0.0, 1.0, 1.959963984540054) == pytest.approx(0.025, abs=1e-12)


# ---------------------------------------------------------------- time weights

def test_time_weights():
    # 0.8 ** (2024 - year) for 2020..2024 = 0.4096, 0.512, 0.64, 0.8, 1.
    assert time_weights([2020, 2021, 2022, 2023, 2024]) == pytest.approx([0.4096, 0.512, 0.64, 0.8, 1.0], abs=1e-15)


def test_wls_follows_recent_acceleration():
    # 5 % a year, then 20 % a year in the last two years: the weighted slope is steeper than OLS.
    years = [2019, 2020, 2021, 2022, 2023]
    values = [100.0, 105.0, 110.25, 132.3, 158.76]
    ols = fit_trend(years, values, 2030)
    wls = fit_trend(years, values, 2030, weighted=True)
    assert wls.model == "wls_log" and wls.slope > ols.slope and wls.mean > ols.mean
    # Independent check of the weighted slope: sum w (x - xw)(y - yw) / sum w (x - xw) ** 2.
    x, y, w = np.array(years, float), np.log(values), 0.8 ** (2023 - np.array(years, float))
    xw, yw = np.sum(w * x) / w.sum(), np.sum(w * y) / w.sum()
    assert wls.slope == pytest.approx(np.sum(w * (x - xw) * (y - yw)) / np.sum(w * (x - xw) ** 2), abs=1e-12)
    assert wls.weights == pytest.approx(tuple(w), abs=1e-15)
    # A decay of 1 gives OLS back.
    assert fit_trend(years, values, 2030, weighted=True, decay=1.0).slope == pytest.approx(ols.slope, abs=1e-12)


# ---------------------------------------------------------------- small samples, non-positive values

def test_three_points_warn_and_two_are_refused():
    p = fit_trend([2022, 2023, 2024], [10.0, 12.0, 13.0], 2030, target=20)
    assert p.n == 3 and "chỉ 3 điểm dữ liệu: dự báo rất bất định" in p.warnings
    assert 0.0 < p.prob_meets_target < 1.0
    with pytest.raises(InsufficientDataError):
        fit_trend([2023, 2024], [10.0, 12.0], 2030)
    with pytest.raises(InsufficientDataError):
        project_series(frame([2023, 2024], [10.0, 12.0]), 2030)


def test_non_positive_values_use_a_linear_model():
    # 0, 2, 4, 6 for 2021..2024: slope 2 a year, 2030 -> 6 + 2 * 6 = 18 exactly.
    p = fit_trend([2021, 2022, 2023, 2024], [0.0, 2.0, 4.0, 6.0], 2030, target=15)
    assert p.model == "ols_linear" and p.scale == "linear" and p.annual_growth is None
    assert p.slope == pytest.approx(2.0, abs=1e-12) and p.mean == pytest.approx(18.0, abs=1e-9)
    assert "có giá trị ≤ 0, không lấy log được: dùng mô hình tuyến tính" in p.warnings
    assert p.prob_meets_target == 1.0


def test_target_year_must_be_after_the_data():
    with pytest.raises(ValueError, match="target year"):
        fit_trend([2021, 2022, 2023], [1.0, 2.0, 3.0], 2023)


# ---------------------------------------------------------------- damped Holt and the model rule

def test_holt_needs_five_consecutive_points():
    with pytest.raises(InsufficientDataError):
        fit_damped_holt([2021, 2022, 2023, 2024], [1.0, 2.0, 3.0, 4.0], 2030)
    with pytest.raises(ValueError, match="consecutive"):
        fit_damped_holt([2018, 2019, 2021, 2022, 2023], [1.0, 2.0, 3.0, 4.0, 5.0], 2030)
    p = fit_damped_holt(NOISY_YEARS, NOISY, 2030, target=250)
    assert p.model == "holt_damped" and p.n == 8
    assert p.lower95 <= p.lower80 < p.mean < p.upper80 <= p.upper95
    assert 0.0 <= p.prob_meets_target <= 1.0
    assert fit_damped_holt(NOISY_YEARS, NOISY, 2030, target=250) == p  # deterministic


def test_model_rule():
    with pytest.raises(InsufficientDataError):
        choose_model(2)
    assert choose_model(3)[0] == "ols" and choose_model(4)[0] == "ols"
    assert choose_model(5)[0] == "wls" and choose_model(12)[0] == "wls"
    four = project_series(frame([2021, 2022, 2023, 2024], [10.0, 11.0, 12.5, 13.0]), 2030, target=20)
    assert four.chosen == "ols_log" and set(four.projections) == {"ols_log", "wls_log"}
    assert four.reason_vi.startswith("4 điểm dữ liệu")
    assert "chỉ 4 điểm dữ liệu: dự báo bất định" in four.warnings
    eight = project_series(frame(NOISY_YEARS, NOISY), 2030, target=250)
    assert eight.chosen == "wls_log" and set(eight.projections) == {"ols_log", "wls_log", "holt_damped"}
    assert eight.best is eight.projections["wls_log"]
    gap = project_series(frame([2017, 2018, 2019, 2021, 2022, 2024], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), 2030)
    assert "holt_damped" not in gap.projections
    assert "chuỗi có năm bị thiếu: không chạy mô hình Holt" in gap.warnings


def test_projections_frame():
    report = project_series(frame(NOISY_YEARS, NOISY), 2030, target=250)
    df = projections_frame(report)
    assert list(df["model"]) == ["ols_log", "wls_log", "holt_damped"]
    assert list(df["chosen"]) == [False, True, False]
    assert set(df["fit_first_year"]) == {2017} and set(df["n"]) == {8}
    # Same inputs, same floats.
    pd.testing.assert_frame_equal(df, projections_frame(project_series(frame(NOISY_YEARS, NOISY), 2030, target=250)))


def test_bounds_in_the_series_are_flagged():
    report = project_series(frame([2022, 2023, 2024], [10.0, 12.0, 13.0], qualifier=[">", "=", "~"]), 2030)
    warnings = report.best.warnings
    assert any("giá trị chặn" in w for w in warnings) and "có số ước tính (~) trong chuỗi" in warnings


# ---------------------------------------------------------------- series break

MIXED = pd.concat([frame([2022, 2023, 2024, 2025], [100.0, 110.0, 120.0, 130.0], geo="hai_phong"),
                   frame([2025, 2026], [200.0, 215.0], geo="hai_phong_merged")])


def test_refuses_to_fit_across_the_merger():
    with pytest.raises(SeriesBreakError, match="hai_phong_merged"):
        prepare_series(MIXED)
    with pytest.raises(SeriesBreakError):
        project_series(MIXED, 2030)
    with pytest.raises(SeriesBreakError, match="one geo"):
        prepare_series(pd.concat([frame([2023], [1.0], geo="hai_phong"), frame([2024], [2.0], geo="ha_noi")]))


def test_explicit_level_adjustment_is_flagged():
    adj = LevelAdjustment(1.5, "Cục Thống kê: số liệu năm 2025 theo hai địa giới")
    s = prepare_series(MIXED, adj)
    # Pre-merger values x 1.5; 2025 is observed for the merged city, so that row is kept.
    assert list(s["year"]) == [2022, 2023, 2024, 2025, 2026]
    assert list(s["value"]) == [150.0, 165.0, 180.0, 200.0, 215.0]
    assert list(s["adjusted"]) == [True, True, True, False, False]
    report = project_series(MIXED, 2030, adjustment=adj)
    p = report.best
    assert p.adjusted_years == (2022, 2023, 2024) and p.n == 5
    assert any("nhân hệ số 1,5" in w and "Cục Thống kê" in w for w in p.warnings)


def test_level_adjustment_needs_factor_and_source():
    with pytest.raises(ValueError, match="source"):
        LevelAdjustment(1.5, "  ")
    with pytest.raises(ValueError, match="positive"):
        LevelAdjustment(0.0, "x")


# ---------------------------------------------------------------- the shared guard and trend engine

def test_select_boundary_keeps_one_geo_and_reports_it():
    s, info = select_boundary(MIXED, geo="hai_phong")
    assert list(s["year"]) == [2022, 2023, 2024, 2025] and info["geo"] == "hai_phong"
    assert info["series_break"] and info["excluded_points"] == 2 and info["excluded_geos"] == ("hai_phong_merged",)
    # A single-geo series that is not the requested geo gives no rows.
    s, _ = select_boundary(frame([2022, 2023], [1.0, 2.0], geo="hai_phong"), geo="hai_phong_merged")
    assert len(s) == 0
    # break_years keeps the points from the last break at or before the latest year.
    s, info = select_boundary(frame([2022, 2023, 2025, 2026], [1.0, 2.0, 3.0, 4.0], geo="hai_phong_merged"),
                              break_years=[2025, 2040])
    assert list(s["year"]) == [2025, 2026] and info["excluded_points"] == 2
    with pytest.raises(ValueError, match="2023"):
        select_boundary(frame([2023, 2023], [1.0, 2.0]))


def test_central_trend_is_the_chosen_models_mean():
    # Three and four points: OLS; from five: WLS; the same numbers as fit_trend.
    for n in (3, 4, 5, 8):
        years, values = NOISY_YEARS[:n], NOISY[:n]
        model, value = central_trend(years, values, 2030)
        p = fit_trend(years, values, 2030, weighted=n >= 5)
        assert model == p.model and value == pytest.approx(p.mean, rel=1e-12)
    # Two points: the line through them on logs, 100 -> 121 in two years = 10 % a year,
    # 2030 = 121 * 1.1 ** 6 = 214.358881.
    assert central_trend([2022, 2024], [100.0, 121.0], 2030) == ("ols_log", pytest.approx(214.358881, rel=1e-9))
    # Levels on request (a growth rate): 7 -> 8 in a year, +1 a year, 2030 = 8 + 6 = 14.
    assert central_trend([2023, 2024], [7.0, 8.0], 2030, log_scale=False) == ("ols_linear", pytest.approx(14.0))
    with pytest.raises(InsufficientDataError):
        central_trend([2024], [1.0], 2030)


def test_log_scale_false_fits_levels():
    # 2, 4, 6 for 2022..2024: slope 2 a year, 2030 -> 6 + 2 * 6 = 18, on levels although positive.
    p = fit_trend([2022, 2023, 2024], [2.0, 4.0, 6.0], 2030, log_scale=False)
    assert p.model == "ols_linear" and p.mean == pytest.approx(18.0, abs=1e-9)
    assert "có giá trị ≤ 0" not in " ".join(p.warnings)
    rep = project_series(frame([2020, 2021, 2022, 2023, 2024], [7.0, 8.0, 6.0, 7.5, 8.0]), 2030, log_scale=False)
    assert rep.chosen == "wls_linear"
    with pytest.raises(ValueError, match="positive"):
        fit_trend([2022, 2023, 2024], [0.0, 4.0, 6.0], 2030, log_scale=True)
