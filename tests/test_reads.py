"""Recording what a notebook reads through `helpers` (helpers.data.reads), in this process."""

from __future__ import annotations

import pytest

from helpers.data import reads
from helpers.data.loader import load_dataset

REPO_DATA = reads.HELPERS_DIR.parents[1] / "data"


@pytest.fixture
def recording(monkeypatch, tmp_path):
    monkeypatch.setenv(reads.ENV, str(reads.HELPERS_DIR.parents[1]))
    reads.reset()
    yield
    reads.reset()


def tables() -> dict:
    return reads.snapshot()["tables"]


def test_nothing_is_recorded_outside_a_build(monkeypatch):
    monkeypatch.delenv(reads.ENV, raising=False)
    reads.reset()
    ds = load_dataset(REPO_DATA)
    assert type(ds.values).__name__ == "DataFrame"
    len(ds.values)
    assert tables() == {"values": [], "figures": [], "indicators": [], "sources": [],
                        "targets": []}


def test_accessors_record_their_indicator(recording):
    ds = load_dataset(REPO_DATA)
    ds.series("grdp_growth", "hai_phong")
    ds.targets("pii_rank", "hai_phong_merged", 2026)
    ds.unit("dti_score")
    assert tables() == {"values": ["grdp_growth", "pii_rank"], "figures": [], "indicators": ["dti_score"],
                        "sources": [], "targets": []}
    assert reads.snapshot()["loaded"] == ["data"]


def test_masks_on_the_indicator_column_read_those_indicators_only(recording):
    ds = load_dataset(REPO_DATA)
    v = ds.preferred()
    rows = v[v["indicator"].isin(["phd_count", "st_dx_investment"]) & (v["kind"] == "actual")
             & v["geo"].str.startswith("hai_phong")]
    one = v[(v["indicator"] == "pii_score") & (v["year"] == 2025)]
    assert set(rows["indicator"]) == {"phd_count", "st_dx_investment"} and len(one) > 1
    assert tables()["values"] == ["phd_count", "pii_score", "st_dx_investment"]
    # An indicator compared but absent still counts: adding its first row must re-run.
    v[v["indicator"] == "no_such_indicator"]
    assert "no_such_indicator" in tables()["values"]


@pytest.mark.parametrize("read_all", [
    lambda ds: ds.values[ds.values["kind"] == "target"],      # no indicator in the mask
    lambda ds: len(ds.preferred()),
    lambda ds: ds.values["value"].max(),
    lambda ds: ds.values["indicator"].unique(),
    lambda ds: ds.targets(),
    lambda ds: ds.conflicts(),
])
def test_other_uses_read_every_row(recording, read_all):
    ds = load_dataset(REPO_DATA)
    read_all(ds)
    assert tables()["values"] == "*"


def test_figures_are_values_without_their_text_and_read_apart(recording):
    ds = load_dataset(REPO_DATA)
    f = ds.figures()
    assert set(ds.values.columns) - set(f.columns) == set(reads.TEXT_COLUMNS)
    assert "note_vi" in f.columns  # the reader's note is part of what the figures say
    f[f["indicator"] == "pii_score"]
    assert tables() == {"values": [], "figures": ["pii_score"], "indicators": [], "sources": [],
                        "targets": []}
    f[f["kind"] == "target"]                 # no indicator in the mask: every row, of the figures
    assert tables()["figures"] == "*" and tables()["values"] == []
    with pytest.raises(KeyError):             # the text is dropped, not hidden
        f["quote"]


def test_a_dataset_without_the_text_columns_is_read_as_figures(recording):
    from helpers.analysis.analysis_cache import analysis_view

    view = analysis_view(load_dataset(REPO_DATA))
    assert tables()["figures"] == "*"
    reads.reset()
    view.series("grdp_growth", "hai_phong")
    view.targets("pii_rank")
    assert tables()["figures"] == ["grdp_growth", "pii_rank"] and tables()["values"] == []


@pytest.mark.parametrize("look", [
    lambda rules: rules["bodies"], lambda rules: rules.get("superseded"), lambda rules: list(rules.items()),
    lambda rules: "components" in rules, lambda rules: dict(rules), lambda rules: len(rules),
])
def test_any_look_into_the_target_rules_reads_targets_yml(recording, look):
    ds = load_dataset(REPO_DATA)
    assert tables()["targets"] == []
    look(ds.target_rules)
    assert tables()["targets"] == "*"


def test_results_are_plain_frames_with_the_same_values(recording, monkeypatch):
    ds = load_dataset(REPO_DATA)
    v = ds.preferred()
    rows = v[v["indicator"] == "pii_score"]
    assert type(rows).__name__ == "DataFrame" and type(rows["value"]).__name__ == "Series"
    monkeypatch.delenv(reads.ENV)
    plain = load_dataset(REPO_DATA).preferred()
    assert rows.equals(plain[plain["indicator"] == "pii_score"])


def test_indicator_entries_by_at_and_the_whole_table(recording):
    ds = load_dataset(REPO_DATA)
    ds.indicators.at["pii_score", "title_vi"]
    assert tables()["indicators"] == ["pii_score"]
    ds.indicators["title_vi"]
    assert tables()["indicators"] == "*"


def test_files_and_modules(recording, tmp_path):
    reads.start()
    path = REPO_DATA / "README.md"
    path.read_text(encoding="utf-8")
    snap = reads.snapshot()
    assert "data/README.md" in snap["files"]
    assert {"__init__.py", "data/__init__.py", "data/loader.py", "data/reads.py"} <= set(snap["modules"])
