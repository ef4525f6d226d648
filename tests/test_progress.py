"""Unit tests for helpers.analysis.progress with hand-worked expected values."""

import math
import random

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.analysis import projections
from helpers.analysis.progress import (
    CATEGORY_LABELS_VI,
    TARGET_SCALE,
    SeriesBreakError,
    Target,
    achievement,
    assess_progress,
    at_least,
    cagr,
    category_from_growth,
    category_from_ratio,
    limit_coefficient,
    meets_target,
    parse_target,
    required_cagr,
    results_frame,
)


def series(points, geo="hai_phong", kind="actual"):
    """points: (year, value) or (year, value, qualifier) or (year, value, qualifier, kind)."""
    rows = []
    for p in points:
        year, value = p[0], p[1]
        rows.append({"year": year, "value": value, "qualifier": p[2] if len(p) > 2 else "=",
                     "kind": p[3] if len(p) > 3 else kind, "geo": geo})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- CAGR and ratio

def test_cagr_state_budget_revenue_2020_2024():
    # 118,255.3 / 84,199.2 = 1.40447058879...; sqrt = 1.18510361943...; sqrt again = 1.08862464580...
    # so CAGR = 0.0886246458 (8.86 % a year).
    assert cagr(84199.2, 118255.3, 4) == pytest.approx(0.0886246457955, abs=1e-9)
    assert cagr(84199.2, 118255.3, 4) == pytest.approx((118255.3 / 84199.2) ** (1 / 4) - 1, abs=1e-12)


def test_required_cagr_and_ratio_substantial_progress():
    # Required: (150,000 / 84,199.2) ** (1/10) - 1 = 1.78148... ** 0.1 - 1 = 0.0594447895.
    # Ratio = 0.0886246458 / 0.0594447895 = 1.49087 -> substantial progress (>= 0.95).
    assert required_cagr(84199.2, 150000, 10) == pytest.approx(0.0594447895, abs=1e-9)
    r = assess_progress(series([(2020, 84199.2), (2024, 118255.3)]), Target(150000, ">=", 2030),
                        indicator="state_budget_revenue")
    assert r.method == "cagr"
    assert r.cagr_actual == pytest.approx(0.0886246457955, abs=1e-9)
    assert r.cagr_required == pytest.approx(0.0594447895, abs=1e-9)
    assert r.ratio == pytest.approx(0.0886246457955 / 0.0594447895, abs=1e-8)
    assert r.category == "substantial_progress" and r.category_vi == "Tiến bộ đáng kể"
    assert (r.base_year, r.base_value, r.latest_year, r.latest_value) == (2020, 84199.2, 2024, 118255.3)
    # Two points: the trend is the endpoint CAGR, 118,255.3 * 1.0886246458 ** 6 = 196,829.23 >= 150,000.
    assert r.extrapolated_value == pytest.approx(118255.3 * 1.0886246457955 ** 6, rel=1e-9)
    assert r.extrapolation_meets_target is True and r.methods_disagree is False
    assert isinstance(r.ratio, float) and type(r.cagr_actual) is float


def test_cagr_rejects_zero_start_and_sign_change():
    with pytest.raises(ValueError):
        cagr(0, 5, 2)
    with pytest.raises(ValueError):
        cagr(-1, 5, 2)
    with pytest.raises(ValueError):
        cagr(1, 5, 0)


# ---------------------------------------------------------------- categories

@pytest.mark.parametrize("ratio, expected", [
    (1.0, "substantial_progress"), (0.95, "substantial_progress"), (0.9499999, "moderate_progress"),
    (0.6, "moderate_progress"), (0.5999999, "limited_progress"),
    (0.0, "limited_progress"), (-1e-12, "deterioration"), (-3.0, "deterioration"),
    (math.inf, "substantial_progress"), (-math.inf, "deterioration"),
])
def test_category_boundaries(ratio, expected):
    assert category_from_ratio(ratio) == expected


@pytest.mark.parametrize("latest, expected_ratio, expected", [
    # Rate indicator (linear method): base 0 in 2020, target 10 by 2030 -> required 1.0 a year.
    # Latest 2022 = 1.9 -> actual 1.9 / 2 = 0.95 a year -> ratio 0.95 exactly.
    (1.9, 0.95, "substantial_progress"),
    (1.2, 0.6, "moderate_progress"),  # 1.2 / 2 = 0.6
    (0.0, 0.0, "limited_progress"),     # no change
    (-0.2, -0.1, "deterioration"),      # -0.2 / 2 = -0.1
])
def test_category_bands_through_assessment(latest, expected_ratio, expected):
    r = assess_progress(series([(2020, 0.0), (2022, latest)]), Target(10, ">=", 2030), value_is_rate=True)
    assert r.method == "linear"
    assert r.ratio == expected_ratio
    assert r.category == expected


def test_target_achieved_overrides_trend_and_extrapolation_disagrees():
    # 50 -> 40 (falling) but 40 >= 35 already: achieved whatever the trend.
    # Trend carried to 2030: 40 * (40/50) ** (6/4) = 28.62 < 35 -> the two methods disagree.
    r = assess_progress(series([(2020, 50), (2024, 40)]), Target(35, ">=", 2030))
    assert r.category == "target_achieved" and r.category_vi == "Đã đạt mục tiêu"
    assert r.extrapolated_value == pytest.approx(28.62167011199731, rel=1e-9)
    assert r.extrapolation_meets_target is False
    assert r.methods_disagree is True


def test_extrapolation_disagreement_in_the_tolerance_band():
    # Required CAGR 100 -> 200 in 10 years: 2 ** 0.1 - 1 = 0.0717735.
    # Actual growth 97 % of it: 1.0696203 a year; latest 2024 = 100 * 1.0696203 ** 4 = 130.89.
    # Ratio 0.97 -> substantial progress (>= 0.95), but the trend reaches 100 * 1.0696203 ** 10 = 196.02 < 200.
    g = 1 + 0.97 * (2 ** 0.1 - 1)
    r = assess_progress(series([(2020, 100.0), (2024, 100 * g ** 4)]), Target(200, ">=", 2030))
    assert r.ratio == pytest.approx(0.97, abs=1e-9)
    assert r.category == "substantial_progress"
    assert r.extrapolated_value == pytest.approx(196.01811066789466, rel=1e-9)
    assert r.extrapolation_meets_target is False and r.methods_disagree is True


# ---------------------------------------------------------------- direction, ranks

def test_rank_21_to_3_meets_top5_target():
    r = assess_progress(series([(2020, 21), (2025, 3)]), parse_target("<=5", 2030), indicator="pii_rank")
    assert r.direction == "lower"
    assert r.category == "target_achieved"


def test_rank_improving_but_not_yet_top5():
    # 21 -> 8 over 2020-2024: CAGR = (8/21) ** 0.25 - 1 = -0.2143707; required (5/21) ** 0.1 - 1 = -0.1336865.
    # Ratio = direction(-1) * (-0.2143707) / |-0.1336865| = 1.60353 -> substantial progress.
    r = assess_progress(series([(2020, 21), (2024, 8)]), Target(5, "<=", 2030), direction="lower")
    assert r.cagr_actual == pytest.approx(-0.21437069819897403, abs=1e-12)
    assert r.cagr_required == pytest.approx(-0.13368652238343637, abs=1e-12)
    assert r.ratio == pytest.approx(1.6035326102965062, abs=1e-9)
    assert r.category == "substantial_progress"


def test_rank_worsening_is_deterioration():
    r = assess_progress(series([(2022, 5.5), (2024, 9)]), Target(5, "<=", 2030))
    assert r.ratio < 0 and r.category == "deterioration"


def test_direction_conflict_is_refused():
    with pytest.raises(ValueError, match="contradicts"):
        assess_progress(series([(2020, 1), (2021, 2)]), Target(5, "<=", 2030), direction="higher")


def test_parse_target():
    assert parse_target(">31", 2026) == Target(31.0, ">", 2026)
    assert parse_target(">=80", 2026) == Target(80.0, ">=", 2026)
    assert parse_target("=25", 2030) == Target(25.0, "=", 2030)
    assert parse_target("<=5", 2030) == Target(5.0, "<=", 2030)
    with pytest.raises(ValueError):
        Target(1, "~", 2030)


# ---------------------------------------------------------------- qualifiers and bounds

@pytest.mark.parametrize("value, qual, target, expected", [
    (31, "=", ">31", "no"), (31.5, "=", ">31", "yes"), (31, ">", ">31", "yes"),
    (31, ">=", ">31", "maybe"), (80, "=", ">=80", "yes"), (79.9, "=", ">=80", "no"),
    (25, "=", "=25", "yes"), (5, "=", "<=5", "yes"), (6, "=", "<=5", "no"),
    (407, ">", ">=300", "yes"), (390, ">", ">=400", "maybe"), (7, "<=", "<=5", "maybe"),
    (5, ">", "<=5", "no"), (1329, "~", ">=1000", "yes"),
])
def test_achievement_semantics(value, qual, target, expected):
    t = parse_target(target, 2030)
    direction = "lower" if target.startswith("<") else "higher"
    assert achievement(value, qual, t, direction) == expected


def test_lower_bound_below_target_gives_a_range():
    # 300 (2023) -> more than 390 (2025), target at least 400 by 2026.
    # Computed on the bound: CAGR (390/300) ** 0.5 - 1 = 0.140175; required (400/300) ** (1/3) - 1 = 0.100642.
    # The true value is above 390, so the true category is at least the bound's.
    r = assess_progress(series([(2023, 300), (2025, 390, ">")]), Target(400, ">=", 2026))
    assert r.ratio == pytest.approx(((390 / 300) ** 0.5 - 1) / ((400 / 300) ** (1 / 3) - 1), abs=1e-12)
    assert r.category == "substantial_progress"
    assert r.bound == "at_least"
    assert r.category_range == ("substantial_progress", "target_achieved")
    assert r.category_vi == "Ít nhất: Tiến bộ đáng kể"
    assert r.latest_qualifier == ">"
    assert r.evidence.has_bounds and "giá trị chặn (>)" in r.evidence.text_vi


def test_lower_bound_with_slow_growth_reports_at_least_limited():
    # 380 (2020) -> more than 390 (2025), target at least 400 by 2026:
    # ratio = ((390/380) ** 0.2 - 1) / ((400/380) ** (1/6) - 1) = 0.0052086 / 0.0085855 = 0.60667
    # -> moderate progress, and at least that since 390 is a lower bound.
    ratio = ((390 / 380) ** 0.2 - 1) / ((400 / 380) ** (1 / 6) - 1)
    assert ratio == pytest.approx(0.6066738034816354, abs=1e-12)
    r = assess_progress(series([(2020, 380), (2025, 390, ">")]), Target(400, ">=", 2026))
    assert r.category == "moderate_progress"
    assert r.category_range == ("moderate_progress", "target_achieved")
    r2 = assess_progress(series([(2015, 389), (2025, 390, ">")]), Target(400, ">=", 2026))
    assert r2.category == "limited_progress" and r2.category_vi == "Ít nhất: Tiến bộ hạn chế"


def test_lower_bound_meeting_target_is_achieved_even_alone():
    r = assess_progress(series([(2025, 407, ">")]), Target(300, ">=", 2026))
    assert r.category == "target_achieved" and r.bound is None
    assert r.evidence.n_points == 1


def test_bound_on_base_gives_at_most_and_both_indeterminate():
    r = assess_progress(series([(2020, 100, ">"), (2024, 120)]), Target(200, ">=", 2030))
    assert r.bound == "at_most" and r.category_range == ("deterioration", r.category)
    r = assess_progress(series([(2020, 100, ">"), (2024, 120, ">")]), Target(200, ">=", 2030))
    assert r.bound == "indeterminate" and r.category_range == ("deterioration", "target_achieved")
    # A rank stated as "worse than 6" (> 6) with lower-is-better: at most the bound's category.
    r = assess_progress(series([(2020, 10), (2024, 6, ">")]), Target(5, "<=", 2030))
    assert r.bound == "at_most"


# ---------------------------------------------------------------- zero, negative, rates

def test_zero_base_uses_annual_changes():
    # 0 (2020) -> 10 (2024), target 50 by 2030: actual 10/4 = 2.5 a year, required 50/10 = 5 a year -> 0.5.
    r = assess_progress(series([(2020, 0.0), (2024, 10.0)]), Target(50, ">=", 2030))
    assert r.method == "linear" and r.cagr_actual is None
    assert r.annual_change_actual == 2.5 and r.annual_change_required == 5.0
    assert r.ratio == 0.5 and r.category == "limited_progress"


def test_growth_rate_indicator_compares_levels():
    # GRDP growth -2 % (2021) -> 7 % (2024), target at least 10 % in 2025:
    # actual (7 - (-2)) / 3 = 3 points a year; required (10 - (-2)) / 4 = 3 -> ratio 1.0.
    r = assess_progress(series([(2021, -2.0), (2024, 7.0)]), Target(10, ">=", 2025), value_is_rate=True)
    assert r.method == "linear" and r.ratio == 1.0 and r.category == "substantial_progress"
    assert r.cagr_actual is None


def test_negative_values_follow_sdg_build_sign_rule():
    # -10 -> -5 (higher is better): CAGR of the magnitude 0.5 ** 0.25 - 1 = -0.1591036;
    # sign = -1 for a negative base, so progress = +0.1591036; required 0.2 ** 0.1 - 1 = -0.1486601.
    # Ratio = 0.1591036 / 0.1486601 = 1.07025 -> substantial progress.
    r = assess_progress(series([(2020, -10.0), (2024, -5.0)]), Target(-2, ">=", 2030))
    assert r.method == "cagr"
    assert r.ratio == pytest.approx(1.0702509203826445, abs=1e-9)
    assert r.category == "substantial_progress"


def test_sign_change_uses_annual_changes():
    r = assess_progress(series([(2020, -1.0), (2024, 3.0)]), Target(9, ">=", 2030))
    assert r.method == "linear" and r.ratio == pytest.approx(1.0 / 1.0) and r.category == "substantial_progress"


# ---------------------------------------------------------------- insufficient data

def test_single_point_not_meeting_target_is_insufficient():
    r = assess_progress(series([(2025, 58.09)]), Target(60, ">=", 2030))
    assert r.category == "insufficient_data" and r.category_vi == "Chưa đủ dữ liệu"
    assert r.ratio is None and r.extrapolated_value is None and r.methods_disagree is None
    assert r.evidence.text_vi.startswith("1 điểm dữ liệu (năm 2025)")


def test_no_points_is_insufficient():
    r = assess_progress(series([(2025, 1.0, "=", "plan")]), Target(60, ">=", 2030))
    assert r.category == "insufficient_data" and r.evidence.n_points == 0


# ---------------------------------------------------------------- no quantified target

@pytest.mark.parametrize("end, expected", [
    (102.0, "substantial_progress"),  # +2.0 % >= 1.5 %
    (101.0, "moderate_progress"),     # +1.0 % in [0.5 %, 1.5 %)
    (100.2, "limited_progress"),      # +0.2 % in [0, 0.5 %)
    (99.0, "deterioration"),          # -1.0 %
])
def test_no_target_growth_thresholds(end, expected):
    r = assess_progress(series([(2023, 100.0), (2024, end)]), None)
    assert r.method == "growth" and r.category == expected
    assert r.extrapolation_year == 2030 and r.extrapolation_meets_target is None


def test_no_target_thresholds_scaled_near_limit():
    # 95 % -> 96 %: growth 96/95 - 1 = 1.0526 % -> moderate without a limit.
    # With limit 100: coeff = 1 - 0.95 ** 4.44 = 0.2036705, high threshold 1.5 % * 0.20367 = 0.3055 % -> substantial.
    assert limit_coefficient(95, 100) == pytest.approx(0.2036704944377239, abs=1e-12)
    assert limit_coefficient(250, 100) == 1.0
    assert limit_coefficient(100, 100) == 0.0
    assert assess_progress(series([(2023, 95.0), (2024, 96.0)]), None).category == "moderate_progress"
    r = assess_progress(series([(2023, 95.0), (2024, 96.0)]), None, limit=100)
    assert r.category == "substantial_progress"
    assert category_from_growth(0.0, coefficient=0.0) == "substantial_progress"


def test_no_target_lower_is_better_and_rate_not_assessed():
    assert assess_progress(series([(2023, 10.0), (2024, 9.0)]), None, direction="lower").category == \
        "substantial_progress"
    r = assess_progress(series([(2023, 8.0), (2024, 9.0)]), None, value_is_rate=True)
    assert r.category == "not_assessed" and r.category_vi == "Không đánh giá được"


# ---------------------------------------------------------------- evidence and series breaks

def test_evidence_note():
    obs = series([(2021, 10.0), (2022, 11.0, "~", "estimate"), (2024, 13.0), (2030, 20.0, ">=", "target")])
    r = assess_progress(obs, Target(20, ">=", 2030))
    ev = r.evidence
    assert (ev.n_points, ev.first_year, ev.last_year) == (3, 2021, 2024)
    assert ev.kinds == ("actual", "estimate") and ev.qualifiers == ("=", "~")
    assert ev.has_estimates and not ev.has_bounds and not ev.series_break
    assert ev.text_vi == "3 điểm dữ liệu (2021–2024); loại: thực tế, ước tính; có số ước tính."


def test_mixed_geos_are_refused_without_a_choice():
    obs = pd.concat([series([(2022, 10), (2023, 11), (2024, 12)], geo="hai_phong"),
                     series([(2025, 20)], geo="hai_phong_merged")])
    with pytest.raises(SeriesBreakError, match="geo="):
        assess_progress(obs, Target(30, ">=", 2030))
    r = assess_progress(obs, Target(30, ">=", 2030), geo="hai_phong_merged")
    assert r.category == "insufficient_data"  # one merged-city point: never a guess
    assert r.evidence.series_break and r.evidence.excluded_points == 3
    assert r.evidence.excluded_geos == ("hai_phong",)
    assert "đứt gãy chuỗi: không gộp 3 điểm của Hải Phòng (trước hợp nhất)" in r.evidence.text_vi
    r = assess_progress(obs, Target(30, ">=", 2030), geo="hai_phong")
    assert r.evidence.n_points == 3 and r.latest_year == 2024


def test_break_years_cut_a_single_geo_series():
    obs = series([(2022, 10), (2023, 11), (2025, 20), (2026, 22)], geo="hai_phong_merged")
    r = assess_progress(obs, Target(30, ">=", 2030), break_years=[2025])
    assert (r.base_year, r.evidence.n_points, r.evidence.excluded_points) == (2025, 2, 2)
    assert r.evidence.series_break and r.evidence.break_years == (2025,)
    assert "đứt gãy chuỗi năm 2025: bỏ 2 điểm trước đó" in r.evidence.text_vi


def test_duplicate_years_are_refused():
    with pytest.raises(ValueError, match="2024"):
        assess_progress(series([(2024, 1.0), (2024, 2.0)]), Target(3, ">=", 2030))


def test_base_year_next_available():
    r = assess_progress(series([(2018, 5.0), (2021, 10.0), (2024, 12.0)]), Target(20, ">=", 2030), base_year=2020)
    assert r.base_year == 2021 and r.evidence.n_points == 2
    assert any("next available" in n for n in r.evidence.notes)


def test_results_frame_and_labels():
    r = assess_progress(series([(2020, 84199.2), (2024, 118255.3)]), Target(150000, ">=", 2030), indicator="x")
    df = results_frame([r])
    assert list(df["indicator"]) == ["x"] and df.loc[0, "category"] == "substantial_progress"
    assert df.loc[0, "evidence_vi"] == "2 điểm dữ liệu (2020–2024); loại: thực tế."
    assert set(TARGET_SCALE) <= set(CATEGORY_LABELS_VI)


# ---------------------------------------------------------------- properties

@given(st.floats(-10, 10, allow_nan=False), st.floats(-10, 10, allow_nan=False))
def test_category_is_monotone_in_ratio(a, b):
    lo, hi = sorted((a, b))
    assert TARGET_SCALE.index(category_from_ratio(lo)) <= TARGET_SCALE.index(category_from_ratio(hi))


@settings(max_examples=60, deadline=None)
@given(base=st.floats(1, 1000), change=st.floats(-0.5, 0.5), years=st.integers(1, 6))
def test_ratio_sign_follows_the_change(base, change, years):
    # Target twice the base: the ratio has the sign of the change from base to latest.
    latest = base * (1 + change)
    r = assess_progress(series([(2020, base), (2020 + years, latest)]), Target(2 * base, ">=", 2030))
    if latest > base:
        assert r.ratio > 0
    elif latest < base:
        assert r.ratio < 0 and r.category == "deterioration"


@given(v=st.floats(0, 1000), x=st.floats(0, 1000), t=st.floats(0, 1000))
def test_a_bound_that_meets_the_target_implies_every_larger_value_does(v, x, t):
    target = Target(t, ">=", 2030)
    if achievement(v, ">", target, "higher") == "yes" and x > v:
        assert meets_target(x, target, "higher")


# ---------------------------------------------------------------- category names (Open SDG)

def test_category_codes_and_labels_follow_open_sdg():
    assert TARGET_SCALE == ("deterioration", "limited_progress", "moderate_progress", "substantial_progress",
                            "target_achieved")
    assert CATEGORY_LABELS_VI["substantial_progress"] == "Tiến bộ đáng kể"
    assert CATEGORY_LABELS_VI["moderate_progress"] == "Tiến bộ vừa phải"
    assert CATEGORY_LABELS_VI["limited_progress"] == "Tiến bộ hạn chế"
    assert CATEGORY_LABELS_VI["deterioration"] == "Đi lùi"
    assert "on_track" not in CATEGORY_LABELS_VI and "acceleration_needed" not in CATEGORY_LABELS_VI


# ---------------------------------------------------------------- exact thresholds

def test_at_least_tolerance():
    assert at_least(0.95, 0.95) and at_least(0.95 * (1 - 1e-12), 0.95)
    assert not at_least(0.95 * (1 - 1e-6), 0.95)
    # No tolerance at 0: a tiny fall is still a fall.
    assert at_least(0.0, 0.0) and not at_least(-1e-300, 0.0)


def test_exact_ratio_thresholds_land_on_the_inclusive_side():
    # 100 (2020) -> 109.5 (2021), target 121 by 2022: required sqrt(1.21) - 1 = 0.1 a year,
    # actual 0.095, ratio 0.095 / 0.1 = 0.95 exactly -> substantial progress. In floating point
    # the ratio comes out just below 0.95; the tolerance puts it on the threshold.
    r = assess_progress(series([(2020, 100.0), (2021, 109.5)]), Target(121, ">=", 2022))
    assert r.ratio == pytest.approx(0.95, abs=1e-12) and r.ratio < 0.95
    assert r.category == "substantial_progress"
    # 100 -> 112, target 144 by 2022: required sqrt(1.44) - 1 = 0.2, actual 0.12, ratio 0.6 -> moderate.
    r = assess_progress(series([(2020, 100.0), (2021, 112.0)]), Target(144, ">=", 2022))
    assert r.ratio == pytest.approx(0.6, abs=1e-12) and r.category == "moderate_progress"
    # Just below the band by more than the tolerance: 100 -> 109.4 gives 0.094 / 0.1 = 0.94.
    r = assess_progress(series([(2020, 100.0), (2021, 109.4)]), Target(121, ">=", 2022))
    assert r.ratio == pytest.approx(0.94, abs=1e-12) and r.category == "moderate_progress"


def test_exact_growth_thresholds_without_target():
    # 100 -> 101.5 in one year = 1.5 % (computed 0.0149999999999999) -> substantial;
    # 100 -> 100.5 = 0.5 % -> moderate; lower is better, 100 -> 98.5 = -1.5 % -> substantial.
    r = assess_progress(series([(2023, 100.0), (2024, 101.5)]), None)
    assert r.cagr_actual == pytest.approx(0.015, abs=1e-15) and r.category == "substantial_progress"
    assert assess_progress(series([(2023, 100.0), (2024, 100.5)]), None).category == "moderate_progress"
    r = assess_progress(series([(2023, 100.0), (2024, 98.5)]), None, direction="lower")
    assert r.category == "substantial_progress"


# ---------------------------------------------------------------- a latest value of 0

def test_latest_zero_is_a_cagr_of_minus_one():
    # 100 (2020) -> 0 (2024), target 150 by 2030: CAGR (0/100) ** (1/4) - 1 = -1;
    # required 1.5 ** 0.1 - 1 = 0.0413797; ratio -1 / 0.0413797 = -24.1664 -> deterioration.
    r = assess_progress(series([(2020, 100.0), (2024, 0.0)]), Target(150, ">=", 2030))
    assert r.method == "cagr" and r.cagr_actual == -1.0
    assert r.cagr_required == pytest.approx(0.04137974399241058, abs=1e-12)
    assert r.ratio == pytest.approx(-24.166413407086544, abs=1e-9) and r.category == "deterioration"
    # Lower is better and the target is 50: 0 <= 50, achieved.
    r = assess_progress(series([(2020, 100.0), (2024, 0.0)]), Target(50, "<=", 2030))
    assert r.category == "target_achieved"


def test_latest_zero_without_target_is_assessed():
    # No target: growth = sign * direction * CAGR. 100 -> 0: CAGR -1;
    # higher is better: -1 -> deterioration; lower is better: +1 -> substantial progress.
    r = assess_progress(series([(2023, 100.0), (2024, 0.0)]), None)
    assert r.method == "growth" and r.cagr_actual == -1.0 and r.category == "deterioration"
    assert assess_progress(series([(2023, 100.0), (2024, 0.0)]), None, direction="lower").category == \
        "substantial_progress"
    # A negative base rising to 0, higher is better: sign -1, so growth = -1 * 1 * -1 = +1.
    assert assess_progress(series([(2022, -10.0), (2024, 0.0)]), None).category == "substantial_progress"


# ---------------------------------------------------------------- one trend engine

FOUR = [(2021, 10.0), (2022, 11.0), (2023, 12.5), (2024, 13.0)]
SIX = [(2019, 100.0), (2020, 108.0), (2021, 121.0), (2022, 125.0), (2023, 141.0), (2024, 150.0)]


@pytest.mark.parametrize("points, target, model", [
    (FOUR, Target(20, ">=", 2030), "ols_log"),
    (FOUR, Target(15, ">=", 2030), "ols_log"),
    (SIX, Target(250, ">=", 2030), "wls_log"),
    (SIX, Target(300, ">=", 2030), "wls_log"),
])
def test_extrapolation_is_the_projection_the_probability_uses(points, target, model):
    obs = series(points)
    r = assess_progress(obs, target)
    rep = projections.project_series(obs[["year", "value", "geo", "qualifier"]], target.year,
                                     target=target.value)
    assert rep.chosen == model and r.extrapolation_model == model
    assert r.extrapolated_value == pytest.approx(rep.best.mean, rel=1e-12)
    # Same fit: the trend meets the target exactly when the probability is at least 1/2.
    assert r.extrapolation_meets_target == (rep.best.prob_meets_target >= 0.5)


def test_two_point_extrapolation_is_the_endpoint_cagr():
    # 100 (2020) -> 121 (2022): 10 % a year; to 2030: 121 * 1.1 ** 8 = 259.374246.
    r = assess_progress(series([(2020, 100.0), (2022, 121.0)]), Target(300, ">=", 2030))
    assert r.extrapolation_model == "ols_log"
    assert r.extrapolated_value == pytest.approx(121 * 1.1 ** 8, rel=1e-9)
    # Linear method (rate indicator): the line through 2 (2020) and 5 (2022), 5 + 1.5 * 8 = 17.
    r = assess_progress(series([(2020, 2.0), (2022, 5.0)]), Target(20, ">=", 2030), value_is_rate=True)
    assert r.extrapolation_model == "ols_linear" and r.extrapolated_value == pytest.approx(17.0, rel=1e-9)


# ---------------------------------------------------------------- one series-break guard

def test_one_series_break_guard_for_progress_and_projections():
    assert SeriesBreakError is projections.SeriesBreakError
    mixed = pd.concat([series([(2023, 10.0), (2024, 11.0)], geo="hai_phong"),
                       series([(2025, 20.0), (2026, 21.0)], geo="hai_phong_merged")])
    with pytest.raises(SeriesBreakError) as a:
        assess_progress(mixed, Target(30, ">=", 2030))
    with pytest.raises(SeriesBreakError) as b:
        projections.prepare_series(mixed)
    assert str(a.value) == str(b.value)
    kept = projections.prepare_series(mixed, geo="hai_phong_merged")
    assert list(kept["year"]) == [2025, 2026]
    assert assess_progress(mixed, Target(30, ">=", 2030), geo="hai_phong_merged").base_year == 2025


# ---------------------------------------------------------------- property: toward the target

def test_category_never_worsens_when_the_latest_value_moves_toward_the_target():
    rng = random.Random(11)
    checked = 0
    for _ in range(400):
        higher = rng.random() < 0.5
        base = 10 ** rng.uniform(-1, 3) * (1 if rng.random() < 0.85 else -1)
        target_value = base * math.exp(rng.uniform(0.05, 1.0) * (1 if higher else -1) * (1 if base > 0 else -1))
        target = Target(target_value, ">=" if higher else "<=", 2030)
        n = rng.randint(1, 6)
        latest = base * math.exp(rng.gauss(0, 0.6))
        # Move the latest value part of the way to the target, or past it.
        moved = latest + rng.uniform(0.0, 1.5) * (target_value - latest)
        if (moved - latest) * (1 if higher else -1) < 0:
            continue  # the latest value was already beyond the target: moving back is away from it
        cats = [assess_progress(series([(2020, base), (2020 + n, v)]), target, direction="higher" if higher
                                else "lower").category for v in (latest, moved)]
        assert TARGET_SCALE.index(cats[1]) >= TARGET_SCALE.index(cats[0]), (base, latest, moved, target, cats)
        checked += 1
    assert checked > 300
