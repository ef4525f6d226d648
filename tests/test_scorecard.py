"""Scorecard: target selection, the merger rule, categories, probabilities and evidence."""

from __future__ import annotations

import math

import pytest

from helpers.loader import load_dataset
from helpers.scorecard import COLUMNS, build_scorecard, scorecard_display, scorecard_targets
from scorecard_data import make_dataset, row

HPM, HP, VN = "hai_phong_merged", "hai_phong", "viet_nam"

TFP_PRE = [row("tfp_share_growth", HP, 2020, 40.43), row("tfp_share_growth", HP, 2021, 41),
           row("tfp_share_growth", HP, 2022, 42.3), row("tfp_share_growth", HP, 2025, 47, "~", "estimate")]


def one(card, indicator, geo=HPM, year=None):
    sel = card[(card["indicator"] == indicator) & (card["target_geo"] == geo)]
    if year is not None:
        sel = sel[sel["target_year"] == year]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_cagr_ratio_and_category_on_the_pre_merger_series_with_a_note():
    ds = make_dataset(TFP_PRE + [row("tfp_share_growth", HPM, 2030, 57, kind="target", source_id="src_b")])
    r = one(build_scorecard(ds), "tfp_share_growth")
    # actual CAGR 2020-2025: (47 / 40.43) ** (1/5) - 1 = 1.16250 ** 0.2 - 1 = 0.03057
    # required CAGR 2020-2030: (57 / 40.43) ** (1/10) - 1 = 1.40984 ** 0.1 - 1 = 0.03494
    # ratio 0.03057 / 0.03494 = 0.875 -> 60-95 %: moderate progress
    assert r["ratio"] == pytest.approx(0.875, abs=0.001)
    assert r["category_code"] == "moderate_progress" and r["category"] == "Tiến bộ vừa phải"
    assert r["actual_growth"] == "+3,1%/năm" and r["required_growth"] == "+3,5%/năm"
    assert r["baseline"] == "2020: 40,43%" and r["latest"] == "2025: khoảng 47%"
    assert r["target"] == "57%" and r["series_geo"] == HP
    assert "trước hợp nhất" in r["evidence"] and "4 điểm dữ liệu (2020–2025)" in r["evidence"]
    # 4 points: OLS on logs, a probability strictly between 0 and 1
    assert r["model"] == "ols_log" and 0 < r["probability_value"] < 1
    assert r["probability"].endswith("%")
    assert r["probability_text"] == f"{r['probability']} (OLS trên log, 4 điểm 2020–2025)"
    assert r["sources"].split(", ")[0] == "src_b"


def test_merged_latest_that_meets_a_top_n_target_is_achieved():
    ds = make_dataset([row("pii_rank", HP, 2023, 3), row("pii_rank", HP, 2024, 3), row("pii_rank", HPM, 2025, 4),
                       row("pii_rank", HPM, 2026, 5, "<=", "target")])
    r = one(build_scorecard(ds), "pii_rank")
    assert r["category_code"] == "target_achieved"
    assert r["series_geo"] == HPM and r["latest"] == "2025: hạng 4" and r["target"] == "nhóm 5 dẫn đầu"
    # one merged point: no projection, and the reason is given instead of a probability
    assert r["probability"] == "–" and "Chỉ 1 điểm" in r["probability_note"]
    assert r["probability_text"].startswith("Không tính: Chỉ 1 điểm")


def test_amounts_of_the_pre_merger_city_are_never_read_against_a_merged_target():
    ds = make_dataset([row("initiatives_recognized", HP, 2022, 50), row("initiatives_recognized", HP, 2023, 63),
                       row("initiatives_recognized", HPM, 2026, 190, ">=", "target")])
    r = one(build_scorecard(ds), "initiatives_recognized")
    assert r["category_code"] == "insufficient_data"
    assert r["latest"] == "–" and r["series_geo"] == ""
    assert "2022: 50; 2023: 63" in r["evidence"] and "không so" in r["evidence"]


def test_pre_merger_target_uses_the_pre_merger_series():
    ds = make_dataset(TFP_PRE + [row("tfp_share_growth", HP, 2030, 57, kind="target")])
    r = one(build_scorecard(ds), "tfp_share_growth", geo=HP)
    assert r["series_geo"] == HP and "trước hợp nhất" not in r["evidence"]


def test_target_equal_to_a_reached_value_at_its_precision_is_flagged():
    ds = make_dataset([row("dti_score", HP, 2024, 0.7857), row("dti_score", HPM, 2026, 0.786, kind="target")])
    r = one(build_scorecard(ds), "dti_score")
    # 0.7857 < 0.786: not achieved; one point: insufficient data; but round(0.7857, 3) == 0.786
    assert r["category_code"] == "insufficient_data"
    assert "0,7857" in r["evidence"] and "0,786" in r["evidence"] and "gần như đã đạt" in r["evidence"]


def test_a_gap_of_one_percent_is_not_flagged_as_reached():
    ds = make_dataset([row("tfp_share_growth", HP, 2023, 29.7), row("tfp_share_growth", VN, 2030, 30, ">=", "target")])
    r = one(build_scorecard(ds), "tfp_share_growth", geo=VN)
    # round(29.7) == 30 but |29.7 - 30| / 30 = 1 % > 0.1 %: no "almost reached" note
    assert "gần như" not in r["evidence"]
    assert r["evidence"].count("Mục tiêu quốc gia") == 1


def test_national_targets_only_where_hai_phong_has_a_series():
    ds = make_dataset(TFP_PRE + [
        row("tfp_share_growth", VN, 2030, 55, ">", "target"),
        row("online_public_service_usage", VN, 2030, 80, ">", "target"),
        row("tfp_share_growth", HPM, 2028, 50, kind="target"),  # not a scorecard year
    ])
    t = scorecard_targets(ds)
    assert list(zip(t["indicator"], t["geo"], t["year"])) == [("tfp_share_growth", VN, 2030)]
    r = one(build_scorecard(ds), "tfp_share_growth", geo=VN)
    # required for > 55 from 2020: (55 / 40.43) ** 0.1 - 1 = 0.03126; ratio 0.03057 / 0.03126 = 0.978
    assert r["ratio"] == pytest.approx(0.978, abs=0.001) and r["category_code"] == "substantial_progress"


def test_about_target_is_assessed_as_a_level_and_says_so():
    ds = make_dataset(TFP_PRE + [row("tfp_share_growth", HPM, 2030, 57, "~", "target")])
    r = one(build_scorecard(ds), "tfp_share_growth")
    assert r["target"] == "~57%" and "khoảng" in r["evidence"]


def test_display_columns_are_vietnamese_and_years_plain():
    ds = make_dataset(TFP_PRE + [row("tfp_share_growth", HPM, 2030, 57, kind="target")])
    card = build_scorecard(ds)
    assert list(card.columns) == COLUMNS
    table, headers = scorecard_display(card)
    assert table["target_year"].tolist() == ["2030"]
    assert headers["category"] == "Đánh giá" and headers["probability_text"] == "Xác suất đạt (mô hình)"


def test_real_dataset_scorecard():
    ds = load_dataset()
    card = build_scorecard(ds)
    targets = ds.targets()
    expected = targets[targets["year"].isin([2026, 2030]) & targets["geo"].isin([HPM, HP])]
    assert len(card[card["target_geo"] != VN]) == len(expected)
    assert card["category"].ne("").all() and card["evidence"].str.len().gt(10).all()
    pii = one(card, "pii_rank", year=2026)
    assert pii["category_code"] == "target_achieved"
    dti = one(card, "dti_score", year=2026)
    assert "gần như đã đạt" in dti["evidence"]
    # a probability is either a number in [0, 1] or blank with a reason
    for r in card.itertuples():
        p = r.probability_value
        assert (p is None or (isinstance(p, float) and math.isnan(p))) == (r.probability == "–")
        assert r.probability_note


def test_projection_models_list_every_model_with_its_interval_and_the_one_used():
    from helpers.loader import load_dataset
    from helpers.numbers import parse_vn_number
    from helpers.scorecard import projection_models

    t = projection_models(load_dataset())
    # GRDP growth 2019–2024 has 6 points: OLS, WLS and the damped Holt cross-check; WLS is used.
    g = t[(t["title_vi"] == "Tốc độ tăng trưởng GRDP") & (t["target_year"] == 2026)]
    assert g["model"].tolist() == ["OLS trên log", "WLS trên log", "Holt tắt dần"]
    assert g["fit"].unique().tolist() == ["2019–2024 (6)"]
    assert [u.startswith("Có") for u in g["used"]] == [False, True, False]
    # exactly one model is used per target
    assert (t.groupby(["title_vi", "target_year"])["used"].apply(lambda u: u.str.startswith("Có").sum()) == 1).all()
    for r in t.itertuples():
        lo95, hi95 = (parse_vn_number(x.strip().rstrip("%")) for x in r.interval95.split(" – "))
        lo80, hi80 = (parse_vn_number(x.strip().rstrip("%")) for x in r.interval80.split(" – "))
        mean = parse_vn_number(r.mean.rstrip("%"))
        assert lo95 <= lo80 <= mean <= hi80 <= hi95, r
        assert 0 <= parse_vn_number(r.probability.rstrip("%")) <= 100
