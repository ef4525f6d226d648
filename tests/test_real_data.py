"""The project's own data/ passes every check (fails, with the full problem list, until it is clean)."""

from __future__ import annotations

import pytest

from helpers import DATA_DIR
from helpers.data.errors import DataValidationError
from helpers.data.loader import load_dataset


@pytest.mark.real_data
def test_real_data_is_valid():
    try:
        ds = load_dataset(DATA_DIR)
    except DataValidationError as exc:
        problems = exc
    else:
        problems = None
    if problems is not None:
        pytest.fail(f"{len(problems.problems)} problems in {DATA_DIR}:\n{problems}", pytrace=False)
    assert len(ds.values) > 0 and ds.values["preferred"].any()


# --- what the scorecard reads from data/ (issue 11, data part) --------------------------------------

import re
import unicodedata

PROVINCE_RANKS = ("dti_digital_economy_rank", "dti_digital_government_rank", "dti_digital_society_rank", "dti_rank",
                  "grdp_growth_rank", "grdp_size_rank", "pii_institutions_rank", "pii_rank",
                  "state_budget_revenue_rank")


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA_DIR)


def one(ds, indicator, geo, year, kind, source_id=None):
    v = ds.values
    rows = v[(v["indicator"] == indicator) & (v["geo"] == geo) & (v["year"] == year) & (v["kind"] == kind)]
    rows = rows[rows["source_id"] == source_id] if source_id else rows[rows["preferred"]]
    assert len(rows) == 1, (indicator, geo, year, kind, source_id, len(rows))
    return rows.iloc[0]


@pytest.mark.real_data
def test_every_provincial_rank_says_whether_63_or_34_provinces(ds):
    v = ds.values[ds.values["indicator"].isin(PROVINCE_RANKS)]
    assert len(v) > 0
    for _, r in v.iterrows():
        # Rankings published after the 2025 reorganisation (DTI 2024, everything of 2025 and later) rank 34.
        after = r["year"] >= 2025 or (r["indicator"] == "dti_rank" and r["year"] == 2024)
        wanted = "34 tỉnh, thành phố" if after else "63 tỉnh, thành phố"
        assert wanted in r["note_vi"], (r["indicator"], r["geo"], r["year"], r["source_id"], r["note_vi"])
        assert ("34 provinces" if after else "63 provinces") in r["note"]
    # Spot checks by hand: the PII series joins the 2024 rank (of 63) with the 2025 rank (of 34).
    assert "63 tỉnh" in one(ds, "pii_rank", "hai_phong", 2024, "actual")["note_vi"]
    assert one(ds, "pii_rank", "hai_phong_merged", 2025, "actual")["note_vi"].startswith(
        "Bài của VietNamNet") and "34 tỉnh" in one(ds, "pii_rank", "hai_phong_merged", 2025, "actual")["note_vi"]


@pytest.mark.real_data
def test_dti_2024_score_tells_readers_it_may_average_hai_duong(ds):
    r = one(ds, "dti_score", "hai_phong", 2024, "actual")
    assert r["value"] == 0.7857
    assert "34 tỉnh" in r["note_vi"] and "Hải Dương" in r["note_vi"] and "0,7857" in r["note_vi"]
    assert "Hải Dương" in r["note"]


def _plain(text: str) -> str:
    """Lowercase, no diacritics, no spaces or punctuation: 'Bà Rịa - Vũng Tàu' -> 'bariavungtau'."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return re.sub(r"[\W_]+", "", "".join(c for c in text if unicodedata.category(c) != "Mn"))


# Other spellings the sources use for a province besides contract.GEOS's name.
ALIASES = {"ho_chi_minh": ("tphcm", "Hồ Chí Minh"), "ha_noi": ("ハノイ",)}


@pytest.mark.real_data
def test_pii_and_dti_quotes_name_their_province_or_say_why(ds):
    from helpers.data.contract import GEOS
    v = ds.values[ds.values["indicator"].str.startswith(("pii_", "dti_")) & (ds.values["geo"] != "viet_nam")]
    assert len(v) > 40
    for _, r in v.iterrows():
        name = GEOS[r["geo"]].split(" (")[0]  # "Hải Phòng (sau hợp nhất)" -> "Hải Phòng"
        names = (name,) + ALIASES.get(r["geo"], ())
        named = any(_plain(n) in _plain(r["quote"]) or n in r["quote"] for n in names)
        assert named or "does not name" in r["note"], (r["indicator"], r["geo"], r["year"], r["source_id"])


HEDGE = re.compile(r"(?<!\w)(?:ước|dự kiến|khoảng|gần|estimated|expected|about)(?!\w)", re.IGNORECASE)


@pytest.mark.real_data
def test_estimates_of_scorecard_indicators_without_a_hedge_word_say_why(ds):
    v = ds.values
    scored = set(v[v["kind"].isin(["plan", "target"]) & (v["year"] >= 2019)]["indicator"])
    est = v[v["indicator"].isin(scored) & (v["kind"] == "estimate")]
    unhedged = est[~est["quote"].str.contains(HEDGE)]
    assert len(unhedged) >= 10
    for _, r in unhedged.iterrows():
        assert re.search(r"[Kk]ind (estimate|follows)", r["note"]), (r["indicator"], r["geo"], r["year"], r["source_id"])
    # A plain figure reported after the year closed is an actual (Soha, February 2022).
    assert one(ds, "grdp_growth", "hai_phong", 2021, "actual")["value"] == 12.38
    assert ds.series("grdp_growth", "hai_phong").set_index("year").at[2021, "value"] == 12.38


@pytest.mark.real_data
def test_2025_revenue_components_agree_with_the_2026_budget(ds):
    dom = one(ds, "state_budget_revenue_domestic", "hai_phong_merged", 2025, "estimate")
    xnk = one(ds, "state_budget_revenue_import_export", "hai_phong_merged", 2025, "estimate")
    assert (dom["source_id"], dom["value"], dom["qualifier"]) == ("vneconomy_2025_budget_dec", 100000, "~")
    # The 2026 plans are quoted as the 2025 outcome plus an increase: 103.166 = 100.000 + 3.166 and
    # 84.200 = 83.250 + 950.
    assert one(ds, "state_budget_revenue_domestic", "hai_phong_merged", 2026, "plan")["value"] - 3166 == dom["value"]
    assert one(ds, "state_budget_revenue_import_export", "hai_phong_merged", 2026, "plan")["value"] - 950 == xnk["value"]
    # 100.000 is 133,9% of the central estimate's domestic part, 74.680 (100.000 / 74.680 = 1,3390).
    central = one(ds, "state_budget_revenue_domestic", "hai_phong_merged", 2025, "plan")["value"]
    assert central == 74680 and round(dom["value"] / central, 3) == 1.339
    others = ds.values[(ds.values["indicator"] == "state_budget_revenue_domestic")
                       & (ds.values["geo"] == "hai_phong_merged") & (ds.values["year"] == 2025)
                       & (ds.values["kind"] == "estimate") & ~ds.values["preferred"]]
    assert sorted(others["value"]) == [100000, 103879]


@pytest.mark.real_data
def test_local_spending_plan_2026_2030(ds):
    r = one(ds, "local_budget_expenditure_5y", "hai_phong_merged", 2030, "plan")
    assert r["value"] == 499998.779 and r["note"].startswith("derived:")  # 499.998.779 triệu đồng


@pytest.mark.real_data
def test_hai_duong_amounts_add_to_a_merged_equivalent_with_the_same_ids(ds):
    pairs = {("state_budget_revenue", 2024, "estimate"): 118255.3 + 28813,     # = 147.068,3
             ("grdp_current_prices", 2024, "estimate"): 445995 + 212386,       # = 658.381
             ("state_budget_revenue_h1", 2025, "estimate"): 77319 + 19500}     # = 96.819 ("gần 97.000")
    for (indicator, year, kind), total in pairs.items():
        hp = one(ds, indicator, "hai_phong", year, kind)["value"]
        hd = one(ds, indicator, "hai_duong", year, kind)["value"]
        assert hp + hd == pytest.approx(total)
    assert one(ds, "grdp_growth", "hai_duong", 2024, "estimate")["value"] == 10.2
