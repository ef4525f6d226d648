"""Changes between two editions and the back-test of the older one's projections, on two small
hand-made editions whose every outcome is worked out in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.analysis.editions import (CAUSES, EditionTables, REVISIONS, compare, figure_changes, load_archive,
                              target_key)

F = ["indicator", "geo", "year", "kind", "value", "qualifier", "source_id"]
OLD_FIGURES = pd.DataFrame([
    ("rev", "hp", 2023, "actual", 100.0, "=", "s1"),
    ("rev", "hp", 2024, "estimate", 110.0, "~", "s2"),
    ("gdp", "hp", 2024, "actual", 5.0, "=", "s3"),
    ("pii", "hp", 2024, "actual", 50.0, "=", "s4"),
    ("x", "hp", 2022, "actual", 1.0, "=", "s8"),
    ("rev", "hp", 2025, "target", 115.0, ">=", "p1"),   # targets are compared as targets, not here
], columns=F)
NEW_FIGURES = pd.DataFrame([
    ("rev", "hp", 2023, "actual", 100.0, "=", "s1"),    # unchanged
    ("rev", "hp", 2024, "actual", 112.0, "=", "s5"),    # the actual wins over the kept estimate
    ("rev", "hp", 2024, "estimate", 110.0, "~", "s2"),
    ("gdp", "hp", 2024, "actual", 5.5, "=", "s3"),      # same source, other value
    ("pii", "hp", 2024, "actual", 50.0, "=", "s6"),     # same value, other source
    ("rev", "hp", 2025, "actual", 120.0, "=", "s7"),    # added
    ("rev", "hp", 2025, "target", 116.0, ">=", "p1"),
], columns=F)

C = ["indicator", "target_geo", "target_year", "policy", "status", "target_value", "target_qualifier",
     "latest_year", "target_source"]
OLD_CARD = pd.DataFrame([
    ("rev", "hp", 2025, "P1", "moderate_progress", 115.0, ">=", 2024, "p1"),
    ("rev", "hp", 2030, "P1", "moderate_progress", 150.0, ">=", 2024, "p1"),
    ("gdp", "hp", 2026, "P2", "limited_progress", 7.0, "=", 2024, "p2"),
    ("pii", "hp", 2026, "P3", "substantial_progress", 55.0, ">=", 2024, "p3"),
    ("tasks", "hp", 2024, "P4", "reached_early", 10.0, ">=", 2023, "p4"),
    ("tfp", "hp", 2030, "P8", "moderate_progress", 50.0, ">", 2022, "p8"),
    ("dig", "hp", 2030, "P5", "moderate_progress", 30.0, ">", 2023, "p5"),
    ("grow", "hp", 2030, "P7", "moderate_progress", 13.5, "=", 2024, "p7"),
], columns=C)
NEW_CARD = pd.DataFrame([
    ("rev", "hp", 2025, "P1", "met", 115.0, ">=", 2025, "p1"),
    ("rev", "hp", 2030, "P1", "moderate_progress", 150.0, ">=", 2025, "p1"),
    ("gdp", "hp", 2026, "P2", "deterioration", 7.0, "=", 2024, "p2"),
    ("pii", "hp", 2026, "P3", "moderate_progress", 60.0, ">=", 2024, "p3"),
    ("tasks", "hp", 2024, "P4", "not_assessable", 10.0, ">=", 2023, "p4"),
    ("tfp", "hp", 2030, "P8", "limited_progress", 50.0, ">", 2022, "p8"),
    ("dig", "hp", 2030, "P6", "moderate_progress", 35.0, ">", 2023, "p6"),
    ("grow", "hp", 2030, "P7", "superseded", 13.5, "=", 2024, "p7"),
], columns=C)


def with_target_id(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard's one id per target (indicator, territory, year, body, kind): here the policy
    stands for the body, as in the real target_id."""
    return card.assign(target_id=card["indicator"] + "@" + card["target_geo"] + "@"
                       + card["target_year"].astype(str) + "@" + card["policy"])


OLD_CARD, NEW_CARD = with_target_id(OLD_CARD), with_target_id(NEW_CARD)

P = ["indicator", "target_geo", "target_year", "target_value", "target_qualifier", "policy", "direction",
     "series_geo", "year", "model", "fit_first_year", "fit_last_year", "n", "mean", "lower80", "upper80",
     "lower95", "upper95", "probability"]
OLD_PROJECTIONS = pd.DataFrame([
    ("rev", "hp", 2025, 115.0, ">=", "P1", "higher", "hp", 2024, "ols_log", 2019, 2023, 5,
     108.0, 106.0, 111.0, 103.0, 113.0, None),
    ("rev", "hp", 2025, 115.0, ">=", "P1", "higher", "hp", 2025, "ols_log", 2019, 2023, 5,
     118.0, 113.0, 123.0, 108.0, 128.0, 0.7),
    ("gdp", "hp", 2024, 6.0, ">=", "P2", "higher", "hp", 2024, "ols_linear", 2019, 2023, 5,
     5.8, 5.6, 6.0, 5.2, 6.4, 0.4),
    ("gdp", "hp", 2026, 7.0, "=", "P2", "higher", "hp", 2026, "ols_linear", 2019, 2023, 5,
     6.0, 5.0, 7.0, 4.0, 8.0, 0.2),
], columns=P)


@pytest.fixture(scope="module")
def comparison():
    old = EditionTables({"id": "2025"}, OLD_FIGURES, OLD_CARD, OLD_PROJECTIONS)
    new = EditionTables({"id": "2026"}, NEW_FIGURES, NEW_CARD, OLD_PROJECTIONS.iloc[0:0])
    return compare(old, new)


def test_figures_added_dropped_and_revised_with_the_kind_of_revision(comparison):
    got = {(r.indicator, r.year): (r.change, r.revision) for r in comparison.figures.itertuples()}
    assert got == {
        ("rev", 2024): ("revised", "estimate_to_actual"),   # ~110 (s2, estimate) -> 112 (s5, actual)
        ("gdp", 2024): ("revised", "correction"),           # 5 -> 5,5 from the same source s3
        ("pii", 2024): ("revised", "other_source"),         # 50 from s4 -> 50 from s6
        ("rev", 2025): ("added", ""),
        ("x", 2022): ("dropped", ""),
    }  # rev 2023 is unchanged, and the 2025 target row is not a figure
    row = comparison.figures.set_index(["indicator", "year"]).loc[("rev", 2024)]
    assert (row.old_value, row.old_source_id, row.new_value, row.new_source_id) == (110.0, "s2", 112.0, "s5")
    assert set(comparison.figures["revision"]) - {""} <= set(REVISIONS)


def test_targets_added_dropped_superseded(comparison):
    got = {(r.indicator, r.policy): r.change for r in comparison.targets.itertuples()}
    # dig 2030 of P5 gave way to the one of P6 (another body: another target); grow 2030 superseded
    assert got == {("dig", "P5"): "dropped", ("dig", "P6"): "added", ("grow", "P7"): "superseded"}


def test_every_changed_verdict_has_its_cause_and_unchanged_ones_are_counted(comparison):
    got = {r.indicator: (r.old_status, r.new_status, r.cause) for r in comparison.verdicts.itertuples()}
    assert got == {
        "rev": ("moderate_progress", "met", "new_data"),              # rev 2025 = 120 was added
        "gdp": ("limited_progress", "deterioration", "revised_data"),  # gdp 2024 corrected
        "pii": ("substantial_progress", "moderate_progress", "changed_target"),  # 55 -> 60 (before the
                                                                      # other-source revision of pii 2024)
        "tasks": ("reached_early", "not_assessable", "came_due"),     # no tasks figure changed
        "tfp": ("moderate_progress", "limited_progress", "changed_method"),
    }
    # rev 2030 kept its status; dig (different keys) and grow (superseded) are not verdict changes
    assert comparison.unchanged == 1
    assert set(comparison.verdicts["cause"]) <= set(CAUSES)


def test_backtest_coverage_and_brier_score(comparison):
    bt = comparison.backtest.set_index(["indicator", "year"])
    # rev 2024: outcome 112 (actual, s5); 80 %: 106-111 misses it, 95 %: 103-113 covers it
    assert (bt.loc[("rev", 2024), "outcome"], bool(bt.loc[("rev", 2024), "covered80"]),
            bool(bt.loc[("rev", 2024), "covered95"])) == (112.0, False, True)
    assert pd.isna(bt.loc[("rev", 2024), "met"])        # not a target year: no probability
    # rev 2025: 120 within 113-123 and 108-128; target >= 115 met: o = 1
    assert (bool(bt.loc[("rev", 2025), "covered80"]), bt.loc[("rev", 2025), "met"]) == (True, 1)
    # gdp 2024: 5,5 below 5,6-6,0, within 5,2-6,4; target >= 6 missed: o = 0
    assert (bool(bt.loc[("gdp", 2024), "covered80"]), bool(bt.loc[("gdp", 2024), "covered95"]),
            bt.loc[("gdp", 2024), "met"]) == (False, True, 0)
    assert ("gdp", 2026) not in bt.index               # no 2026 outcome yet
    score = comparison.score
    assert (score.cases, score.covered, score.brier_cases) == (3, {80: 1, 95: 3}, 2)
    # Brier = ((0,7 - 1)^2 + (0,4 - 0)^2) / 2 = (0,09 + 0,16) / 2 = 0,125
    assert score.brier == pytest.approx(0.125)


def test_superseded_as_the_scorecard_marks_it():
    from helpers.analysis.editions import is_superseded

    assert is_superseded({"status": "superseded"})
    assert is_superseded({"status": "not_assessable", "superseded_by": "grdp_growth/hai_phong/2030/ttg"})
    assert is_superseded({"status": "not_assessable", "reason_code": "superseded"})
    assert is_superseded({"status": "not_assessable", "scope": "superseded"})
    assert not is_superseded({"status": "not_assessable", "superseded_by": float("nan")})
    assert not is_superseded({"status": "met", "superseded_by": ""})


def test_target_key_is_the_scorecards_target_id():
    row = OLD_CARD.iloc[0]
    assert target_key(row) == ("rev@hp@2025@P1",)
    assert target_key({**row.to_dict(), "target_id": float("nan")}) == ("",)


def test_an_edition_not_released_reads_as_none(tmp_path):
    assert load_archive(tmp_path / "2025") is None


def test_figure_changes_of_identical_editions_are_empty():
    assert figure_changes(OLD_FIGURES, OLD_FIGURES).empty




def test_the_key_switches_to_the_scorecards_target_id_in_one_place(monkeypatch):
    """With TARGET_KEY = ["target_id"], targets are matched on that id: two rows of the same
    indicator, territory, year and policy but different ids are two targets."""
    from helpers.analysis import editions

    monkeypatch.setattr(editions, "TARGET_KEY", ["target_id"])
    old = OLD_CARD.assign(target_id=[f"t{i}" for i in range(len(OLD_CARD))])
    new = NEW_CARD.assign(target_id=[f"t{i}" for i in range(len(NEW_CARD))])
    new.loc[new["indicator"] == "tfp", "target_id"] = "t-new"
    got = {(r.indicator, r.change) for r in editions.target_changes(old, new).itertuples()}
    # by id, dig P5 -> P6 keeps its id (t6): no longer a change; tfp's new id is one added, one dropped
    assert got == {("tfp", "added"), ("tfp", "dropped"), ("grow", "superseded")}


def test_an_outcome_that_is_an_expectation_is_listed_but_not_scored():
    """The same two editions, with the 2025 revenue figure (s7) an expectation stated before 2025
    was over: its case is listed, but coverage and Brier count the two others only.
    rev 2024: covered 95 % only; gdp 2024: covered 95 % only -> 80 %: 0/2, 95 %: 2/2;
    Brier over gdp 2024 alone: (0,4 - 0)^2 = 0,16."""
    from helpers.analysis.editions import compare

    old = EditionTables({"id": "2025"}, OLD_FIGURES, OLD_CARD, OLD_PROJECTIONS)
    new = EditionTables({"id": "2026"}, NEW_FIGURES, NEW_CARD, OLD_PROJECTIONS.iloc[0:0])
    c = compare(old, new, expected=frozenset({("s7", 2025)}))
    listed = c.backtest.set_index(["indicator", "year"])
    assert bool(listed.loc[("rev", 2025), "outcome_expected"]) and len(listed) == 3
    assert (c.score.cases, c.score.covered, c.score.brier_cases) == (2, {80: 0, 95: 2}, 1)
    assert c.score.brier == pytest.approx(0.16)
