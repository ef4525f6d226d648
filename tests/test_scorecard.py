"""Scorecard analysis: scope, outcomes, open targets, rates as rates, boundaries (hand-worked numbers)."""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest

from helpers.analysis.boundary import merged_equivalent
from helpers.data.loader import load_dataset
from helpers.analysis.scorecard import (BASES, COLUMNS, STATUSES, build_scorecard, national_without_series,
                               scorecard_targets, status_counts, track_record)
from scorecard_data import make_dataset, row

HPM, HP, HD, VN = "hai_phong_merged", "hai_phong", "hai_duong", "viet_nam"


def one(card, indicator, geo=HPM, year=None):
    sel = card[(card["indicator"] == indicator) & (card["target_geo"] == geo)]
    if year is not None:
        sel = sel[sel["target_year"] == year]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def target(indicator, geo, year, value, qualifier="=", kind="target", source_id="src_b"):
    return row(indicator, geo, year, value, qualifier, kind, source_id)


# ------------------------------------------------------------------ outcomes (year passed)

def test_a_plan_whose_year_passed_is_met_or_missed_with_the_gap():
    ds = make_dataset([row("grdp_growth", HP, 2019, 16.68), target("grdp_growth", HP, 2019, 15.5, kind="plan"),
                       row("grdp_growth", HP, 2020, 11.22), target("grdp_growth", HP, 2020, 16.5, kind="plan"),
                       row("grdp_growth", HPM, 2025, 11.81)])
    card = build_scorecard(ds)
    met, missed = one(card, "grdp_growth", HP, 2019), one(card, "grdp_growth", HP, 2020)
    assert (met["status"], missed["status"]) == ("met", "missed")
    assert met["gap"] == pytest.approx(16.68 - 15.5)      # +1.18 points
    assert missed["gap"] == pytest.approx(11.22 - 16.5)   # -5.28 points
    rec = track_record(card).set_index("indicator").loc["grdp_growth"]
    assert (rec["met"], rec["assessed"], rec["first_year"], rec["last_year"]) == (1, 2, 2019, 2020)


def test_an_amount_gap_is_also_a_share_of_the_target():
    ds = make_dataset([row("state_budget_revenue", HP, 2023, 103619), row("state_budget_revenue", HPM, 2025, 1),
                       target("state_budget_revenue", HP, 2023, 116442.134, kind="plan")])
    r = one(build_scorecard(ds), "state_budget_revenue", HP, 2023)
    assert r["status"] == "missed"
    assert r["gap"] == pytest.approx(103619 - 116442.134)                 # -12 823.134
    assert r["gap_percent"] == pytest.approx(103619 / 116442.134 - 1)     # -0.1101


def test_a_bound_that_may_meet_the_target_gives_no_verdict_and_no_dissent():
    ds = make_dataset([row("state_budget_revenue", HPM, 2025, 100000, ">", "estimate", "src_a"),
                       target("state_budget_revenue", HPM, 2025, 148499)])
    r = one(build_scorecard(ds), "state_budget_revenue", HPM, 2025)
    assert (r["status"], r["reason_code"]) == ("not_assessable", "bound_inconclusive")
    ds = make_dataset([row("state_budget_revenue", HPM, 2025, 100000, ">", "estimate", "src_a"),
                       row("state_budget_revenue", HPM, 2025, 187766.6, "~", "estimate", "src_c", preferred="true"),
                       target("state_budget_revenue", HPM, 2025, 148499)])
    r = one(build_scorecard(ds), "state_budget_revenue", HPM, 2025)
    assert r["status"] == "met" and r["sources_agree"]


def test_a_pre_merger_target_of_the_merger_year_cannot_be_judged_on_the_merged_city():
    ds = make_dataset([row("state_budget_revenue", HP, 2024, 118255.3), row("state_budget_revenue", HPM, 2025, 187766.6),
                       target("state_budget_revenue", HP, 2025, 129519, ">")])
    r = one(build_scorecard(ds), "state_budget_revenue", HP, 2025)
    assert (r["status"], r["reason_code"]) == ("not_assessable", "old_boundary_gone")


def test_spending_plans_are_not_outcome_targets():
    ds = make_dataset([row("state_budget_revenue", HPM, 2025, 1), target("dx_budget", HP, 2024, 400, "~", "plan")])
    r = one(build_scorecard(ds), "dx_budget", HP, 2024)
    assert (r["status"], r["reason_code"]) == ("not_assessable", "spending_plan")


# ------------------------------------------------------------------ open targets

def test_a_level_reached_before_the_target_year_is_reached_early_never_met():
    ds = make_dataset([row("pii_rank", HP, 2023, 3), row("pii_rank", HP, 2024, 3), row("pii_rank", HPM, 2025, 4),
                       target("pii_rank", HPM, 2026, 5, "<=")])
    r = one(build_scorecard(ds), "pii_rank", HPM, 2026)
    # the merged city's own latest figure (rank 4 in 2025) decides, not the pre-merger ranks
    assert (r["status"], r["latest_year"], r["latest_value"], r["series_basis"]) == ("reached_early", 2025, 4, "same_boundary")


def test_open_target_category_and_required_rate_on_the_merged_equivalent_series():
    ds = make_dataset([row("state_budget_revenue", HP, 2024, 118255.3, "~", "estimate"),
                       row("state_budget_revenue", HD, 2024, 28813, "~", "estimate", "src_c"),
                       row("state_budget_revenue", HPM, 2025, 187766.6, "~", "estimate"),
                       target("state_budget_revenue", HPM, 2026, 194935, ">", "plan")])
    r = one(build_scorecard(ds), "state_budget_revenue", HPM, 2026)
    # 2024 merged-equivalent = 118 255.3 + 28 813 = 147 068.3
    # CAGR actual 2024-2025 = 187 766.6 / 147 068.3 - 1 = 0.27673
    # CAGR required 2024-2026 = (194 935 / 147 068.3) ** 0.5 - 1 = 0.15128; ratio = 1.8293
    assert r["series_basis"] == "merged_equivalent" and r["back_calculated_years"] == "2024"
    assert r["ratio"] == pytest.approx(0.27673 / 0.15128, rel=1e-3)
    assert r["status"] == "substantial_progress"
    assert r["required_rate"] == pytest.approx(194935 / 187766.6 - 1)   # 3.82 % in the one year left
    assert r["n_points"] == 2


def test_merged_equivalent_adds_amounts_and_weights_rates():
    ds = make_dataset([row("state_budget_revenue", HP, 2024, 118255.3, "~", "estimate"),
                       row("state_budget_revenue", HD, 2024, 28813, "~", "estimate", "src_c"),
                       row("grdp_growth", HP, 2024, 11.01, "~", "estimate"),
                       row("grdp_growth", HD, 2024, 10.2, "~", "estimate", "src_c"),
                       row("grdp_current_prices", HP, 2024, 445995, "~", "estimate"),
                       row("grdp_current_prices", HD, 2024, 212386, "~", "estimate", "src_c"),
                       row("pii_rank", HP, 2024, 3), row("pii_rank", HD, 2024, 20)])
    rev = merged_equivalent(ds, "state_budget_revenue").iloc[0]
    assert (rev["year"], rev["value"], rev["qualifier"], rev["kind"]) == (2024, pytest.approx(147068.3), "~", "estimate")
    g = merged_equivalent(ds, "grdp_growth").iloc[0]
    # (445 995 * 11.01 + 212 386 * 10.2) / 658 381 = 7 076 741.15 / 658 381 = 10.7487
    assert g["value"] == pytest.approx((445995 * 11.01 + 212386 * 10.2) / 658381)
    assert g["value"] == pytest.approx(10.7487, abs=1e-4)
    assert merged_equivalent(ds, "pii_rank").empty          # ranks are never combined


def test_a_lower_bound_stays_a_bound_in_a_sum():
    ds = make_dataset([row("state_budget_revenue", HP, 2024, 100000, ">", "estimate"),
                       row("state_budget_revenue", HD, 2024, 28813, "~", "estimate", "src_c")])
    r = merged_equivalent(ds, "state_budget_revenue").iloc[0]
    assert (r["value"], r["qualifier"]) == (128813, ">")


def test_a_pre_merger_proxy_is_only_indicative():
    ds = make_dataset([row("tfp_share_growth", HP, 2020, 40.43), row("tfp_share_growth", HP, 2021, 41),
                       row("tfp_share_growth", HP, 2022, 42.3), row("tfp_share_growth", HP, 2025, 47, "~", "estimate"),
                       target("tfp_share_growth", HPM, 2030, 57), target("tfp_share_growth", VN, 2030, 55, ">")])
    card = build_scorecard(ds)
    city, nation = one(card, "tfp_share_growth", HPM), one(card, "tfp_share_growth", VN)
    # CAGR actual 2020-2025 = (47 / 40.43) ** 0.2 - 1 = 0.030569
    # city: required (57 / 40.43) ** 0.1 - 1 = 0.034938 -> ratio 0.8749 -> moderate, but only indicative
    assert (city["status"], city["indicative_status"], city["series_basis"]) == \
        ("not_assessable", "moderate_progress", "pre_merger_proxy")
    assert city["ratio"] == pytest.approx(0.030569 / 0.034938, rel=1e-3)
    assert pd.isna(city["probability"])
    # nation: required (55 / 40.43) ** 0.1 - 1 = 0.031263 -> ratio 0.9778 -> substantial progress, but
    # read on the same old-city share it is as indicative as the city's own 57 %
    assert (nation["status"], nation["indicative_status"], nation["series_basis"]) == \
        ("not_assessable", "substantial_progress", "pre_merger_proxy")
    assert nation["ratio"] == pytest.approx(0.030569 / 0.031263, rel=1e-3)
    assert pd.isna(nation["probability"]) and 0 < nation["indicative_probability"] < 0.5


def test_an_amount_of_the_smaller_pre_merger_city_is_never_read_against_a_merged_target():
    ds = make_dataset([row("state_budget_revenue", HP, y, v) for y, v in ((2022, 108675), (2023, 103619), (2024, 118255))]
                      + [target("state_budget_revenue", HPM, 2026, 194935, ">", "plan")])
    r = one(build_scorecard(ds), "state_budget_revenue", HPM, 2026)
    # the old city's figures are there, but say nothing of the merged city's level: the reason says so
    assert (r["status"], r["series_basis"], r["reason_code"]) == ("not_assessable", "none", "other_territory_only")
    assert (r["latest_year"], r["latest_value"]) == (2024, 118255)


# ------------------------------------------------------------------ rates as rates

def test_an_annual_growth_target_is_judged_in_points_never_as_the_cagr_of_a_rate():
    ds = make_dataset([row("grdp_growth", HP, 2023, 10.34), row("grdp_growth", HP, 2024, 11.01),
                       row("grdp_growth", HD, 2024, 10.2, source_id="src_c"),
                       row("grdp_current_prices", HP, 2024, 445995), row("grdp_current_prices", HD, 2024, 212386, source_id="src_c"),
                       row("grdp_growth", HPM, 2025, 11.81), target("grdp_growth", HPM, 2026, 13)])
    r = one(build_scorecard(ds), "grdp_growth", HPM, 2026)
    eq = (445995 * 11.01 + 212386 * 10.2) / 658381       # 10.7487, the merged-equivalent 2024
    assert r["method"] == "linear" and r["series_basis"] == "merged_equivalent"
    assert r["gap"] == pytest.approx(11.81 - 13)                   # -1.19 points
    assert r["recent_mean"] == pytest.approx((eq + 11.81) / 2)     # 11.2794: 2024-2025 on the merged boundary
    # actual change +1.0613/yr; required (13 - 10.7487) / 2 = 1.1257/yr -> ratio 0.9428 -> moderate
    assert r["ratio"] == pytest.approx((11.81 - eq) / ((13 - eq) / 2))
    assert r["status"] == "moderate_progress"
    assert pd.isna(r["required_rate"])


def test_a_period_average_compounds_only_years_of_its_own_territory():
    growth = {2021: 12.38, 2022: 12.32, 2023: 10.34, 2024: 11.01}
    ds = make_dataset([row("grdp_growth", HP, y, g) for y, g in growth.items()]
                      + [row("grdp_growth", HPM, 2025, 11.81), target("grdp_growth_avg_2021_2030", HP, 2030, 13.5, "~")])
    r = one(build_scorecard(ds), "grdp_growth_avg_2021_2030", HP, 2030)
    # The merged city's 2025 (11,81) is another territory: only 2021-2024 of the old city compound.
    index = 1.1238 * 1.1232 * 1.1034 * 1.1101                       # 1.54611
    assert r["achieved_years"] == 4 and r["latest_year"] == 2024
    assert r["achieved_mean"] == pytest.approx(index ** 0.25 - 1)            # 11.51 %/yr
    assert r["required_rate"] == pytest.approx((1.135 ** 10 / index) ** (1 / 6) - 1)  # 14.85 %/yr for 2025-2030
    assert r["required_rate"] == pytest.approx(0.1485, abs=5e-4)
    assert r["ratio"] == pytest.approx((index ** 0.25 - 1) / 0.135)           # 0.853 -> moderate
    # 2026-2030 can only be observed for the merged city: the pace so far is indicative
    assert (r["status"], r["indicative_status"], r["reason_code"]) == \
        ("not_assessable", "moderate_progress", "pre_merger_only")


def test_a_period_average_uses_the_territorys_published_average_and_the_same_one_everywhere():
    growth = {2021: 12.38, 2022: 12.32, 2023: 10.34, 2024: 11.01}
    ds = make_dataset([row("grdp_growth", HP, y, g) for y, g in growth.items()]
                      + [row("grdp_growth_avg_2021_2025", HP, 2025, 11.39, kind="estimate"),
                         row("grdp_growth", HPM, 2025, 11.81),
                         target("grdp_growth_avg_2021_2030", HP, 2030, 13.5, "~")])
    r = one(build_scorecard(ds), "grdp_growth_avg_2021_2030", HP, 2030)
    # 2021-2025 at the published 11,39 %/yr: index 1.1139 ** 5 = 1.71487; 2026-2030 need
    # (1.135 ** 10 / 1.71487) ** 0.2 - 1 = 15.65 %/yr; ratio 0.1139 / 0.135 = 0.8437 -> moderate
    assert (r["achieved_years"], r["latest_year"]) == (5, 2025)
    assert r["achieved_mean"] == pytest.approx(0.1139)
    assert r["required_rate"] == pytest.approx(0.1565, abs=5e-4)
    assert r["ratio"] == pytest.approx(0.8437, abs=1e-4) and r["indicative_status"] == "moderate_progress"
    assert r["status"] == "not_assessable"   # indicative only: the territory ends in 2025


def test_a_five_year_total_gives_the_constant_growth_that_reaches_it():
    ds = make_dataset([row("state_budget_revenue", HPM, 2025, 187766.6, "~", "estimate"),
                       target("state_budget_revenue_5y", HPM, 2030, 1135264.809, kind="plan")])
    r = one(build_scorecard(ds), "state_budget_revenue_5y", HPM, 2030)
    g = r["required_rate"]
    assert sum(187766.6 * (1 + g) ** k for k in range(1, 6)) == pytest.approx(1135264.809)
    assert 0.06 < g < 0.07    # 1.06: 1 121 970; 1.07: 1 155 400 (hand sums of 187 766.6 * sum(1.0x ** k))


# ------------------------------------------------------------------ scope and properties

def test_every_city_target_since_2019_is_on_the_card_and_nothing_else_is_dropped():
    ds = load_dataset()
    v = ds.values
    city = v[v["kind"].isin(["target", "plan"]) & v["geo"].isin([HP, HPM]) & (v["year"] >= 2019)]
    card = build_scorecard(ds)
    key = ["indicator", "target_geo", "target_year", "target_source", "target_value"]
    on_card = set(map(tuple, card[card["target_geo"] != VN][key].to_numpy().tolist()))
    expected = set(map(tuple, city[["indicator", "geo", "year", "source_id", "value"]].to_numpy().tolist()))
    assert on_card == expected
    national = v[(v["kind"] == "target") & (v["geo"] == VN) & (v["year"] == 2030)]
    assert len(card[card["target_geo"] == VN]) + len(national_without_series(ds)) == national["preferred"].sum()
    assert set(card["status"]) <= set(STATUSES) and set(card["series_basis"]) <= set(BASES)
    assert list(card.columns[:len(COLUMNS)]) == COLUMNS
    assert (card.loc[card["status"] == "not_assessable", "reason_code"].fillna("") != "").all()


def test_status_counts_cover_every_row():
    card = build_scorecard(load_dataset())
    counts = status_counts(card)
    assert list(counts) == list(STATUSES) and sum(counts.values()) == len(card)


STATUS_ORDER = ["deterioration", "limited_progress", "moderate_progress", "substantial_progress", "reached_early"]


def test_the_status_never_gets_worse_when_the_latest_value_moves_toward_the_target():
    rnd = random.Random(20261202)
    for _ in range(80):
        base = rnd.uniform(10, 100)
        goal = base * rnd.uniform(1.05, 2.0)
        latest = [base * rnd.uniform(0.5, 2.2) for _ in range(2)]
        latest.sort()
        statuses = []
        for v in latest:
            ds = make_dataset([row("initiatives_recognized", HPM, 2023, base), row("initiatives_recognized", HPM, 2025, v),
                               target("initiatives_recognized", HPM, 2030, goal, ">=")])
            statuses.append(one(build_scorecard(ds), "initiatives_recognized", HPM, 2030)["status"])
        assert STATUS_ORDER.index(statuses[0]) <= STATUS_ORDER.index(statuses[1]), (base, goal, latest, statuses)


def test_real_dataset_key_verdicts():
    card = build_scorecard(load_dataset())
    pii = one(card, "pii_rank", HPM, 2026)
    assert pii["status"] == "reached_early"      # hạng 4 (2025) against "top 5" in 2026: not "achieved"
    g26 = card[(card["indicator"] == "grdp_growth") & (card["target_year"] == 2026) & card["target_preferred"]].iloc[0]
    assert g26["method"] == "linear" and g26["latest_year"] == 2025 and g26["latest_value"] == pytest.approx(11.81)
    assert not math.isnan(g26["gap"])
    dti = one(card, "dti_score", HPM, 2026)
    assert dti["series_basis"] == "pre_merger_proxy" and "Hải Dương" in dti["latest_note"]


def test_a_national_share_with_a_city_base_but_no_numerator_states_the_amount_it_implies():
    ds = make_dataset([row("state_budget_revenue", HPM, 2025, 1), row("st_dx_investment", HPM, 2025, 407, ">"),
                       target("local_budget_expenditure_5y", HPM, 2030, 499998.779, kind="plan"),
                       target("st_budget_share", VN, 2030, 3, ">=")])
    card = build_scorecard(ds)
    r = one(card, "st_budget_share", VN)
    assert (r["status"], r["reason_code"], r["series_basis"]) == ("not_assessable", "share_without_numerator", "national_benchmark")
    assert r["implied_amount"] == pytest.approx(499998.779 * 0.03)      # 14 999.96 over 2026-2030
    assert (r["latest_value"], r["latest_qualifier"]) == (407, ">")
    assert one(card, "local_budget_expenditure_5y", HPM)["reason_code"] == "spending_plan"

