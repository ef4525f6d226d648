"""The scorecard's computations kept on disk (helpers.analysis.analysis_cache): the same results, bit for
bit, with and without the cache; an entry is reused only for the same inputs."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from helpers.analysis import analysis_cache

from helpers.data import reads
from helpers.data.edition import EDITIONS_DIR, load_edition
from helpers.analysis.editions import changes_table, previous_comparison, projections_table
from helpers.data.loader import load_dataset
from helpers.analysis.scorecard import _build_scorecard, build_scorecard, projection_runs

pytestmark = pytest.mark.real_data

REPO_DATA = reads.HELPERS_DIR.parents[1] / "data"


def outputs(ds) -> dict:
    card = build_scorecard(ds)
    comparison = previous_comparison(ds, card, load_edition(), EDITIONS_DIR)
    return {"scorecard": card, "projection_runs": projection_runs(ds, card),
            "projections": projections_table(ds, card), "changes": changes_table(comparison),
            "backtest": comparison.backtest if comparison else None}


def as_bytes(results: dict) -> dict:
    """Each table as its pickle; the projection runs as the pickles of each row and report (a
    list's pickle also depends on which equal strings its items share)."""
    return {name: [tuple(map(pickle.dumps, run)) for run in result] if name == "projection_runs"
            else pickle.dumps(result) for name, result in results.items()}


def entries(folder) -> list[str]:
    return sorted(p.name.rsplit("-", 1)[0] for p in folder.glob("*.pkl"))


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_DATA)


@pytest.fixture(scope="module")
def uncached(dataset):
    return as_bytes(outputs(dataset))


def test_results_are_the_same_bytes_with_and_without_the_cache(dataset, uncached, tmp_path, monkeypatch):
    # Without the cache the scorecard is what the dataset itself gives (not only its analysis view).
    assert pickle.dumps(build_scorecard(dataset)) == pickle.dumps(_build_scorecard(dataset))
    monkeypatch.setenv(analysis_cache.ENV, str(tmp_path))
    stored = as_bytes(outputs(dataset))
    assert entries(tmp_path) == ["projection_runs", "projections_table", "scorecard"]
    reused = as_bytes(outputs(dataset))
    assert stored == uncached and reused == uncached


def test_an_entry_is_what_is_reused(dataset, tmp_path, monkeypatch):
    monkeypatch.setenv(analysis_cache.ENV, str(tmp_path))
    card = build_scorecard(dataset)
    (path,) = tmp_path.glob("scorecard-*.pkl")
    entry = pickle.loads(path.read_bytes())
    entry["result"] = card.assign(status="met")
    path.write_bytes(pickle.dumps(entry))
    assert (build_scorecard(dataset)["status"] == "met").all()
    path.write_bytes(b"not a pickle")  # unreadable: computed again, and stored again
    assert build_scorecard(dataset).equals(card)
    assert pickle.loads(path.read_bytes())["result"].equals(card)


def _edited(ds, column, value_of, where=None):
    """`ds` with one cell of values.csv changed: of the row `where` (an index), by default the
    first row of kh02_tasks_completed."""
    v = ds.values.copy()
    row = v.index[v["indicator"] == "kh02_tasks_completed"][0] if where is None else where
    v.loc[row, column] = value_of(v.loc[row, column])
    return dataclasses.replace(ds, values=v)


def _figure_of(ds, card_row) -> int:
    """The index of the values row a scorecard row's latest figure is."""
    v = ds.values
    hit = v[(v["indicator"] == card_row["latest_indicator"]) & (v["geo"] == card_row["series_geo"])
            & (v["year"] == card_row["latest_year"]) & (v["source_id"] == card_row["latest_source"])
            & v["kind"].isin(["actual", "estimate"])]
    return hit.index[0]


def test_a_changed_input_is_another_entry_and_an_unread_column_is_not(dataset, tmp_path, monkeypatch):
    monkeypatch.setenv(analysis_cache.ENV, str(tmp_path))
    card = build_scorecard(dataset)
    assert len(list(tmp_path.glob("scorecard-*.pkl"))) == 1
    # A note or a quote (never read by the scorecard) edited: the same entry, the same result.
    for column in analysis_cache.UNREAD_COLUMNS:
        edited = _edited(dataset, column, lambda text: text + " (edited)")
        assert pickle.dumps(build_scorecard(edited)) == pickle.dumps(card)
    assert len(list(tmp_path.glob("scorecard-*.pkl"))) == 1
    # A value edited (the latest figure of a target met or missed): a new entry, and the result
    # of the edited data.
    i = card.index[card["status"].isin(["met", "missed"])][0]
    edited = _edited(dataset, "value", lambda x: x + 1, _figure_of(dataset, card.loc[i]))
    monkeypatch.delenv(analysis_cache.ENV)
    fresh = build_scorecard(edited)
    monkeypatch.setenv(analysis_cache.ENV, str(tmp_path))
    again = build_scorecard(edited)
    assert len(list(tmp_path.glob("scorecard-*.pkl"))) == 2
    assert pickle.dumps(again) == pickle.dumps(fresh)
    assert fresh.loc[i, "latest_value"] == card.loc[i, "latest_value"] + 1
    # An indicator's direction, a source's date and a target rule are inputs too.
    ind = dataset.indicators.copy()
    ind.loc["kh02_tasks_completed", "direction"] = "lower"
    build_scorecard(dataclasses.replace(dataset, indicators=ind))
    rules = {**dataset.target_rules, "superseded": {}}
    build_scorecard(dataclasses.replace(dataset, target_rules=rules))
    assert len(list(tmp_path.glob("scorecard-*.pkl"))) == 4


def test_a_reused_result_records_the_reads_of_the_computation(tmp_path, monkeypatch):
    monkeypatch.setenv(analysis_cache.ENV, str(tmp_path))
    monkeypatch.setenv(reads.ENV, str(reads.HELPERS_DIR.parents[1]))
    records = []
    for _ in range(2):  # computed and stored, then reused
        reads.reset()
        build_scorecard(load_dataset(REPO_DATA))
        records.append(reads.snapshot()["tables"])
    reads.reset()
    assert records[0] == records[1]
    assert records[0]["figures"] == reads.ALL and records[0]["values"] == [] and len(records[0]["sources"]) > 0


def test_nothing_is_stored_without_the_setting_or_after_the_code_changed(dataset, tmp_path, monkeypatch):
    monkeypatch.delenv(analysis_cache.ENV, raising=False)
    build_scorecard(dataset)
    monkeypatch.setenv(analysis_cache.ENV, str(tmp_path))
    monkeypatch.setattr("helpers.IMPORTED_AT", 0.0)  # every module file is newer than the import
    build_scorecard(dataset)
    assert entries(tmp_path) == []


def test_in_a_build_kernel_every_result_is_stored_beside_the_project(tmp_path, monkeypatch):
    """As in the build's kernels: reads recorded (files opened too) and the cache inside the
    project's .cache/: reading an entry of the cache is no read of the project, so a computation
    that reuses another one's result (the projections table, the projection runs) is stored."""
    folder = tmp_path / ".cache" / "analysis"
    monkeypatch.setenv(analysis_cache.ENV, str(folder))
    monkeypatch.setenv(reads.ENV, str(tmp_path))
    reads.start()
    reads.reset()
    try:
        ds = load_dataset(REPO_DATA)
        card = build_scorecard(ds)
        projection_runs(ds, card)
        assert entries(folder) == ["projection_runs", "scorecard"]
        projections_table(ds, card)  # reuses the projection runs
        assert entries(folder) == ["projection_runs", "projections_table", "scorecard"]
        assert all(pickle.loads(p.read_bytes())["reads"] is not None for p in folder.glob("*.pkl"))
        assert reads.snapshot()["files"] == []
    finally:
        reads.reset()
