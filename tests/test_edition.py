"""The edition is declared once (edition.yml) and its cut-off decides which figures it uses."""

from __future__ import annotations

import datetime as dt
import subprocess

import pandas as pd
import pytest

from helpers import PROJECT_ROOT
from helpers.data.cutoff import left_out_lines, note_date, source_dates, split_by_cutoff
from helpers.data.edition import Edition, declared_dates, load_edition
from helpers.data.loader import in_edition, load_dataset


def date_spellings(day: dt.date) -> list[str]:
    return [day.isoformat(), f"{day.day}/{day.month}/{day.year}", f"{day.day:02d}/{day.month:02d}/{day.year}",
            f"{day.day} tháng {day.month} năm {day.year}", f"{day.day}.{day.month}.{day.year}"]


def test_no_file_but_edition_yml_types_an_editions_date():
    """Every spelling of every date edition.yml declares is absent from the tracked files outside
    tests/ (which build their own fixture editions); notebooks are checked in their code and text,
    not their outputs (computed from the edition). Source records may carry the same day as their
    `accessed` date: that is when the page was read, not an edition's date. Three places are copies
    that must carry the date and are checked against edition.yml by tests of their own: the
    archives under editions/ (what a released edition was), CITATION.cff (GitHub reads a static
    file; tests/test_citation.py) and the citation line of data/README.md (the same test)."""
    copies = {"CITATION.cff"}
    files = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    spellings = [s for day in declared_dates() for s in date_spellings(day)]
    hits = []
    for name in files:
        if name == "edition.yml" or name.startswith(("tests/", "editions/")) or name in copies \
                or not (PROJECT_ROOT / name).is_file():
            continue
        try:
            text = (PROJECT_ROOT / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if name.endswith(".ipynb"):
            import nbformat
            text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
        for number, line in enumerate(text.splitlines(), start=1):
            if name == "data/sources.yml" and line.strip().startswith("accessed:"):
                continue
            if name == "data/README.md" and line.startswith("> ") and "ấn bản" in line:
                continue  # the citation line, checked against the report's own by tests/test_citation.py
            hits += [f"{name}:{number}: {s}" for s in spellings if s in line]
    assert declared_dates() and not hits, hits


def test_reconstructed_edition_is_declared_in_the_same_file_and_dated_by_its_cut_off(tmp_path):
    path = tmp_path / "edition.yml"
    path.write_text('id: "2026"\npublished: 2026-11-22\ncutoff: 2026-01-31\nprevious: "2025"\n'
                    'reconstructions:\n  "2025":\n    cutoff: 2025-01-31\n', encoding="utf-8")
    assert load_edition(path) == Edition("2026", dt.date(2026, 11, 22), dt.date(2026, 1, 31), "2025", False)
    assert load_edition(path, "2025") == Edition("2025", dt.date(2025, 1, 31), dt.date(2025, 1, 31), None, True)
    with pytest.raises(ValueError, match=r"no edition '2024' \(declared: 2026, 2025\)"):
        load_edition(path, "2024")
    assert declared_dates(path) == [dt.date(2025, 1, 31), dt.date(2026, 1, 31), dt.date(2026, 11, 22)]


@pytest.mark.parametrize("note, day", [
    ("date not shown; the URL suggests 6/5/2025", dt.date(2025, 5, 6)),
    # the latest full date wins over a month or a bare year in the same note
    ("date not shown; early 2025; quotes a translation of Resolution 57-NQ/TW (22/12/2024)", dt.date(2024, 12, 22)),
    ("date not shown; June 2025 (before the merger)", dt.date(2025, 6, 30)),
    ("date not shown; reports full-year 2025 (January 2026)", dt.date(2026, 1, 31)),
    ("date not shown; 2024 (PII 2023 published in 2024)", dt.date(2024, 12, 31)),
    ("date not shown; reports Decision 821/QĐ-TTg (2018)", dt.date(2018, 12, 31)),
    ("date not shown; end-of-year report", None),
])
def test_note_date_is_the_most_specific_dating_of_the_note(note, day):
    assert note_date(note) == day


def frames():
    """Three sources: a dated one, an undated one whose note names a day, an undated one that
    reports a 2024 actual and whose note names no date."""
    sources = pd.DataFrame({"published": [pd.Timestamp("2025-01-10"), pd.NaT, pd.NaT],
                            "published_note": ["", "the URL suggests 6/5/2025", "no date"],
                            "accessed": [pd.Timestamp("2026-11-22")] * 3},
                           index=pd.Index(["dated", "noted", "reported"], name="id"))
    values = pd.DataFrame({"indicator": ["x", "x", "y"], "geo": ["g", "g", "g"], "year": [2024, 2024, 2024],
                           "kind": ["actual", "actual", "actual"], "value": [1.0, 2.0, 3.0],
                           "source_id": ["noted", "dated", "reported"], "preferred": [True, False, True]})
    return values, sources


def test_sources_are_dated_by_publication_note_or_reported_year():
    values, sources = frames()
    assert source_dates(values, sources) == {
        "dated": (dt.date(2025, 1, 10), "published"),
        # the note's day 6/5/2025 is later than 1/1/2025 (the year after the 2024 actual)
        "noted": (dt.date(2025, 5, 6), "note"),
        "reported": (dt.date(2025, 1, 1), "reported_year")}


def test_moving_the_cut_off_across_a_source_date_moves_its_figures():
    values, sources = frames()
    kept, left = split_by_cutoff(values, sources, dt.date(2025, 5, 5))
    # 'noted' (6/5/2025) is out; x 2024 keeps its other row, which becomes preferred
    assert list(left["source_id"]) == ["noted"] and list(left["date_basis"]) == ["note"]
    assert kept.set_index("source_id")["preferred"].to_dict() == {"dated": True, "reported": True}
    kept, left = split_by_cutoff(values, sources, dt.date(2025, 5, 6))
    assert left.empty and kept.set_index("source_id")["preferred"].to_dict() == {
        "noted": True, "dated": False, "reported": True}
    kept, left = split_by_cutoff(values, sources, dt.date(2024, 12, 31))
    assert kept.empty and sorted(left["source_id"]) == ["dated", "noted", "reported"]
    lines = left_out_lines(left, Edition("2025", dt.date(2024, 12, 31), dt.date(2024, 12, 31)))
    assert lines[0] == "edition 2025 (cut-off 2024-12-31): 3 figure(s) left out, their source published after the cut-off:"
    assert lines[2] == "  x g 2024 actual (noted, 2025-05-06 by note)"


def test_real_data_cut_off_moves_a_source_in_and_out():
    """dntt_2025_kh106 has no date; its note says 'the URL suggests 6/5/2025'."""
    everything = load_dataset(cutoff=None)
    before, left = in_edition(everything, dt.date(2025, 5, 5))
    assert "dntt_2025_kh106" not in set(before.values["source_id"])
    assert "dntt_2025_kh106" in set(left["source_id"])
    assert "dntt_2025_kh106" in set(load_dataset(cutoff=dt.date(2025, 5, 6)).values["source_id"])
    # the current edition's cut-off leaves nothing out of today's data
    assert in_edition(everything, load_edition().cutoff)[1].empty
    assert len(load_dataset().values) == len(everything.values)


def test_the_values_download_leaves_out_what_the_cut_off_leaves_out(tmp_path, monkeypatch):
    """Built under an edition with the 2025 cut-off, values.csv holds the edition's figures only."""
    import io

    import pandas as pd

    from helpers.publish.build.downloads import write_dataset_csvs

    edition = tmp_path / "edition.yml"
    edition.write_text('id: "2025"\npublished: 2025-02-01\ncutoff: 2025-01-31\n', encoding="utf-8")
    monkeypatch.setenv("HPREPORT_EDITION_FILE", str(edition))
    ds, left = in_edition(load_dataset(cutoff=None), dt.date(2025, 1, 31))
    out = tmp_path / "out"
    out.mkdir()
    write_dataset_csvs(PROJECT_ROOT / "data", out)
    published = pd.read_csv(io.StringIO((out / "values.csv").read_bytes().decode("utf-8-sig")))
    assert len(published) == len(ds.values) and len(left) > 0
    assert not set(published["source_id"]) & (set(left["source_id"]) - set(ds.values["source_id"]))
    assert set(pd.read_csv(out / "scorecard.csv", encoding="utf-8-sig")["edition"].astype(str)) == {"2025"}


def test_a_supersession_by_a_later_statement_is_not_in_an_earlier_edition():
    """data/targets.yml may say that a target was replaced by a later row; an edition whose cut-off
    leaves that row out keeps the target as it stood (the rule of the replacement is dropped)."""
    from dataclasses import dataclass, field

    @dataclass(frozen=True)
    class WithRules:
        values: pd.DataFrame
        indicators: pd.DataFrame
        sources: pd.DataFrame
        target_rules: dict = field(default_factory=dict)

    values, sources = frames()   # 'noted' (6/5/2025) replaces 'dated' (10/1/2025) for x 2024
    rule = {"target": {"indicator": "x", "geo": "g", "year": 2024, "source_id": "dated"},
            "by": {"indicator": "x", "geo": "g", "year": 2024, "source_id": "noted"}}
    ds = WithRules(values, pd.DataFrame(), sources, {"superseded": {"r": rule}, "components": {"a": 1}})
    before, _ = in_edition(ds, dt.date(2025, 5, 5))
    assert before.target_rules == {"superseded": {}, "components": {"a": 1}}
    after, _ = in_edition(ds, dt.date(2025, 5, 6))
    assert after.target_rules["superseded"] == {"r": rule}
