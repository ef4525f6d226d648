"""Broken copies of the valid fixture dataset: the real CLI refuses each one with a precise message.

Each case mutates tmp_path/data, runs `python -m helpers.publish.cli check --data-dir data` from tmp_path,
and checks: exit code 1, stderr names the file, line and column, and tmp_path/_output is untouched.
Fixture lines: 2 budget 2024, 3 budget 2025 actual, 4-5 budget 2025 estimates (conflict group,
5 preferred), 6 S&T investment, 7 PhDs, 8 PII score, 9 PII rank, 10 PII rank target, 11 derived
rank, 12 DTI 2024 (English source), 13 DTI target, 14 5G stations, 15 5G coverage, 16 digital economy.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import VALID_DATA, line_of, read_rows, replace_in, set_cell, write_rows

V, I, S = "values.csv", "indicators.yml", "sources.yml"


def cell(line, column, value):
    return lambda d: set_cell(d, line, column, value)


def cells(line, **values):
    def mutate(d):
        for column, value in values.items():
            set_cell(d, line, column, value)
    return mutate


def text(file, old, new):
    return lambda d: replace_in(d / file, old, new)


def duplicate_row(d):
    rows = read_rows(d)
    write_rows(d, rows + [rows[6]])


def drop_column(name):
    def mutate(d):
        rows = read_rows(d)
        i = rows[0].index(name)
        write_rows(d, [r[:i] + r[i + 1:] for r in rows])
    return mutate


def move_column(name, to):
    def mutate(d):
        rows = read_rows(d)
        i = rows[0].index(name)
        write_rows(d, [r[:i] + r[i + 1:] for r in rows])
        write_rows(d, [r[:to] + [full[i]] + r[to:] for r, full in zip(read_rows(d), rows)])
    return mutate


def add_column(d):
    write_rows(d, [r + (["unit"] if n == 0 else ["count"]) for n, r in enumerate(read_rows(d))])


def latin1_byte(d):
    # "café" written by an editor set to Latin-1, in the note of line 7
    set_cell(d, 7, "note", "caf_e_")
    data = (d / V).read_bytes().replace(b"caf_e_", b"caf\xe9")
    (d / V).write_bytes(data)


def remove_line(file, containing, after):
    def mutate(d):
        lines = (d / file).read_text(encoding="utf-8").splitlines(keepends=True)
        n = line_of(d / file, containing, after) - 1
        (d / file).write_text("".join(lines[:n] + lines[n + 1:]), encoding="utf-8")
    return mutate


def yaml_line(file, containing, after=None):
    """Expected line: where `containing` is (computed on the intact fixture)."""
    return lambda d: line_of(d / file, containing, after)


# (id, mutation, file, line (int or function of the intact data dir), column or ':char' position)
CASES = [
    ("decimal_comma", cell(8, "value", "58,09"), V, 8, "column 'value'", "write 58.09"),
    ("thousands_dot", cell(3, "value", "100.000"), V, 3, "column 'value'", "write 100000"),
    ("thousands_space", cell(14, "value", "1 329"), V, 14, "column 'value'", "write 1329"),
    ("non_numeric_value", cell(7, "value", "abc"), V, 7, "column 'value'", "not a number"),
    ("empty_value", cell(7, "value", ""), V, 7, "column 'value'", "value is empty"),
    ("quote_without_value", cell(6, "value", "470"), V, 6, "column 'quote'", "equals the value 470"),
    ("hedge_against_qualifier", cell(7, "qualifier", "="), V, 7, "column 'qualifier'",
     "quote says 'hơn 390' but qualifier is '='"),
    ("qualifier_without_hedge", cell(8, "qualifier", ">"), V, 8, "column 'qualifier'", "no hedge word"),
    ("at_least_vs_more_than", cell(15, "qualifier", ">"), V, 15, "column 'qualifier'", "set qualifier to '>='"),
    ("unknown_source", cell(6, "source_id", "vietnamnet_2025_hubb"), V, 6, "column 'source_id'",
     "did you mean 'vietnamnet_2025_hub'"),
    ("unknown_indicator", cell(7, "indicator", "phd_cnt"), V, 7, "column 'indicator'", "unknown indicator"),
    ("unknown_geo", cell(7, "geo", "haiphong"), V, 7, "column 'geo'", "unknown geo"),
    ("duplicate_key", duplicate_row, V, 17, "column 'source_id'", "duplicate of line 7"),
    ("two_preferred", cells(4, preferred="true", note="earlier"), V, 5, "column 'preferred'", "more than one preferred"),
    ("no_preferred_in_conflict", cell(5, "preferred", ""), V, 4, "column 'preferred'", "none is preferred"),
    ("preferred_without_note", cell(5, "note", ""), V, 5, "column 'note'", "no note"),
    ("preferred_without_note_vi", cell(5, "note_vi", ""), V, 5, "column 'note_vi'",
     "no note_vi (the reason shown to readers); write in 'note_vi' one short Vietnamese sentence"),
    ("missing_quote", cell(7, "quote", ""), V, 7, "column 'quote'", "is empty"),
    ("percent_130", cells(15, value="130", note="derived: test"), V, 15, "column 'value'", "above 100"),
    ("rank_0", cells(9, value="0", note="derived: test"), V, 9, "column 'value'", "below 1"),
    ("index_1_2", cells(13, value="1.2", note="derived: test"), V, 13, "column 'value'", "above 1"),
    ("future_actual", cell(3, "year", "2026"), V, 3, "column 'year'",
     "actual for 2026 but source kienthuc_2025_dx_forum was published 2025-12-24, before 2026 began"),
    ("future_estimate", cell(4, "year", "2026"), V, 4, "column 'year'",
     "estimate for 2026 but source vneconomy_2025_budget was published 2025-12-12, before 2026 began"),
    ("non_integer_year", cell(7, "year", "2025.0"), V, 7, "column 'year'", "not a four-digit integer year"),
    ("year_out_of_range", cell(7, "year", "1890"), V, 7, "column 'year'", "outside 1990..2050"),
    ("unknown_kind", cell(7, "kind", "actuals"), V, 7, "column 'kind'", "use one of actual estimate plan target"),
    ("unicode_qualifier", cell(15, "qualifier", "≥"), V, 15, "column 'qualifier'", "write '>='"),
    ("preferred_yes", cell(7, "preferred", "yes"), V, 7, "column 'preferred'", "is not allowed"),
    ("do_not_use_row", cell(7, "note", "DO NOT USE: unit error"), V, 7, "column 'note'", "DO NOT USE"),
    ("ragged_row", cell(7, "quote", "x"), V, 7, "column", "fields but the header has"),  # patched below
    ("empty_file", lambda d: (d / V).write_text("", encoding="utf-8"), V, 1, ":1:", "file is empty"),
    ("header_only", lambda d: write_rows(d, read_rows(d)[:1]), V, 2, ":1:", "no data rows"),
    ("missing_column", drop_column("quote"), V, 1, "column 'quote'", "required column is missing"),
    ("unknown_column", add_column, V, 1, "column 'unit'", "unknown column"),
    ("note_vi_not_last", move_column("note_vi", 8), V, 1, "column 'note_vi'",
     "'note_vi' stands where 'preferred' belongs"),
    ("latin1_bytes", latin1_byte, V, 7, ":", "byte 0xe9 is not valid UTF-8"),
    ("missing_values_file", lambda d: (d / V).unlink(), V, 1, ":1:", "file not found"),
    ("malformed_yaml", text(S, "publisher: CafeF\n", "publisher: CafeF: the best\n"), S,
     yaml_line(S, "publisher: CafeF"), ":", "YAML syntax error"),
    ("source_missing_url", remove_line(S, "url:", after="cafef_2026_budget:"), S,
     yaml_line(S, "cafef_2026_budget:"), "field 'url'", "required field is missing"),
    ("published_null_without_note", remove_line(S, "published_note:", after="vietnamnet_2025_hub:"), S,
     yaml_line(S, "published: null", after="vietnamnet_2025_hub:"), "field 'published'", "published_note"),
    ("published_note_placeholder", text(S, "published_note: the page shows no date; it reports the 2025 results",
                                        "published_note: unknown"), S,
     yaml_line(S, "published_note: the page shows no date"), "field 'published_note'",
     "'unknown' does not say why the page has no date"),
    ("bad_language", text(S, "language: en", "language: english"), S, yaml_line(S, "language: en"),
     "field 'language'", "use one of vi en ja"),
    ("indicator_unknown_unit", text(I, "unit: count", "unit: persons"), I, yaml_line(I, "unit: count"),
     "field 'unit'", "unknown unit 'persons'"),
    ("indicator_bad_decimals", text(I, "decimals: 4", "decimals: four"), I, yaml_line(I, "decimals: 4"),
     "field 'decimals'", "not an integer"),
    ("duplicate_indicator_id", text(I, "pii_institutions_rank:", "pii_rank:"), I,
     yaml_line(I, "pii_institutions_rank:"), "field 'pii_rank'", "defined twice"),
]


def _ragged(d):
    path = d / V
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = lines[6].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines), encoding="utf-8")


CASES = [c if c[0] != "ragged_row" else ("ragged_row", _ragged, V, 7, "column '#14'", "14 fields but the header has 13")
         for c in CASES]


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.publish.cli", "check", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_there_are_enough_distinct_cases():
    assert len({c[0] for c in CASES}) == len(CASES) >= 25


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict:
    """Prepare every broken dataset, then run the CLI on all of them (a few at a time)."""
    prepared = {}
    for name, mutate, file, line, where, words in CASES:
        root = tmp_path_factory.mktemp(name)
        data = root / "data"
        shutil.copytree(VALID_DATA, data)
        if callable(line):
            line = line(data)
        output = root / "_output"
        output.mkdir()
        (output / "report.html").write_bytes(b"<html>previous build</html>")
        before = _snapshot(output)
        mutate(data)
        prepared[name] = (root, line, before)
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = dict(zip(prepared, pool.map(lambda root: run_check(root, "--data-dir", "data"),
                                           [p[0] for p in prepared.values()])))
    return {name: (runs[name], line, before, _snapshot(root / "_output"))
            for name, (root, line, before) in prepared.items()}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused(case, outcomes):
    name, _, file, _, where, words = case
    done, line, before, after = outcomes[name]

    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout == ""
    location = f"data/{file}:{line}"
    hits = [ln for ln in done.stderr.splitlines() if ln.startswith(location + ":")]
    assert hits, f"no problem at {location}:\n{done.stderr}"
    if where.startswith(":"):  # no column applies: the position on the line is given instead
        pattern = re.escape(location + where) + (r"\d+: " if where == ":" else "")
        hits = [ln for ln in hits if re.match(pattern, ln)]
    else:
        hits = [ln for ln in hits if ln.startswith(f"{location}: {where}: ")]
    assert any(words in ln for ln in hits), f"expected {location} {where} ... {words}:\n{done.stderr}"
    assert re.fullmatch(r"hpreport check: \d+ problems? in data", done.stderr.splitlines()[-1])
    assert after == before  # nothing already built was touched


def test_valid_fixture_passes_with_summary(tmp_path, data_dir):
    done = run_check(tmp_path, "--data-dir", "data")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "OK: 15 values, 10 indicators, 7 sources" in done.stdout
    assert "state_budget_revenue / hai_phong_merged / 2025 / estimate" in done.stdout
    assert "190379 (cafef_2026_budget)" in done.stdout and "187766.6 (vneconomy_2025_budget)" in done.stdout


def test_usage_error_exits_2(tmp_path):
    done = run_check(tmp_path, "--no-such-option")
    assert done.returncode == 2 and "unrecognized arguments" in done.stderr
    done = subprocess.run([sys.executable, "-m", "helpers.publish.cli"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2 and "choose a command" in done.stderr


def test_problem_count_matches_lines(tmp_path, data_dir):
    set_cell(data_dir, 8, "value", "58,09")
    set_cell(data_dir, 14, "value", "1 329")
    set_cell(data_dir, 7, "geo", "haiphong")
    done = run_check(tmp_path, "--data-dir", "data")
    lines = done.stderr.splitlines()
    assert done.returncode == 1
    assert lines[-1] == "hpreport check: 3 problems in data"
    assert [ln.split(":")[1] for ln in lines[:-1]] == ["7", "8", "14"]


def test_build_without_build_module(tmp_path):
    code = ("import sys; sys.modules['helpers.publish.build'] = None; from helpers.publish.cli import main; "
            "sys.exit(main(['build', '--quiet']))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip() == "hpreport build: the build module is not available yet"


def test_build_passes_its_options(monkeypatch, tmp_path):
    import types

    from helpers.publish import cli

    seen = {}
    fake = types.ModuleType("helpers.publish.build")
    fake.cli_build = lambda args: seen.update(vars(args)) or 3
    monkeypatch.setitem(sys.modules, "helpers.publish.build", fake)
    assert cli.main(["build", "--renderer", "embedded", "--force", "--only", "02_innovation", "--quiet",
                     "--data-dir", str(tmp_path), "--out", str(tmp_path / "out")]) == 3
    assert seen == dict(command="build", renderer="embedded", force=True, only="02_innovation", quiet=True,
                        data_dir=tmp_path, out=tmp_path / "out")
    with pytest.raises(SystemExit) as exit_:
        cli.main(["build", "--renderer", "latex"])
    assert exit_.value.code == 2
