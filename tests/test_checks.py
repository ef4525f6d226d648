"""Each dataset check on its own, with hand-made inputs."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from helpers.data.contract import ALL_COLUMNS
from helpers.data.errors import DataValidationError, Problem
from helpers.data.numbers import find_numbers
from helpers.data.validation import checks
from helpers.data.validation.quotes import check_quote, hedge_before
from helpers.data.validation.readers import LinedDict
from helpers.data.validation.schema import check_types, value_fix

F = "data/values.csv"
FIXTURE = Path(__file__).parent / "fixtures" / "data_valid"


def row(line=2, **kw) -> dict:
    base = dict.fromkeys(ALL_COLUMNS, "")
    base.update(indicator="phd_count", geo="hai_phong", year=2025, value=Decimal(390), qualifier=">",
                kind="actual", source_id="src", quote="hơn 390 tiến sĩ", preferred=False, line=line)
    base.update(kw)
    return base


def lined(d: dict, line: int = 1) -> LinedDict:
    out = LinedDict(d)
    out.line, out.key_lines, out.duplicates = line, {k: line + i + 1 for i, k in enumerate(d)}, []
    return out


INDICATORS = {"phd_count": {"unit": "count"}, "share": {"unit": "percent"}, "pii_rank": {"unit": "rank", "limit": 63},
              "dti": {"unit": "index"}, "revenue": {"unit": "billion_vnd"}, "pii": {"unit": "points", "limit": 100}}
SOURCES = {"src": {"language": "vi", "published": "2025-12-24"}, "en": {"language": "en", "published": None},
           "undated": {"language": "vi", "published": None, "accessed": "2024-03-01"}}


# --- Problem / error formatting -----------------------------------------------------------------

def test_problem_str_names_file_line_column_and_fix():
    p = Problem("data/values.csv", 12, "value", "'100.000' is not a plain number",
                "write 100000 (dot as decimal separator, no thousands separator)")
    assert str(p) == ("data/values.csv:12: column 'value': '100.000' is not a plain number; "
                      "write 100000 (dot as decimal separator, no thousands separator)")
    assert str(Problem("data/sources.yml", 3, "url", "x", "y")) == "data/sources.yml:3: field 'url': x; y"
    assert str(Problem("data/values.csv", 1, None, "file is empty", "write it", char=1)) == \
        "data/values.csv:1:1: file is empty; write it"


def test_error_lists_every_problem_sorted():
    err = DataValidationError([Problem(F, 9, "a", "m", "f"), Problem(F, 3, "b", "m", "f")])
    assert str(err).splitlines() == [f"{F}:3: column 'b': m; f", f"{F}:9: column 'a': m; f"]


# --- rule 2: types --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, fix", [
    ("100.000", "write 100000 "), ("58,09", "write 58.09 "), ("1 329", "write 1329 "),
    ("1.329,5", "write 1329.5 "), ("abc", "write the number"), ("", "write the number"),
])
def test_value_fix(text, fix):
    assert value_fix(text)[1].startswith(fix)


def test_type_schema_reports_line_and_column():
    raw = pd.DataFrame([{c: "" for c in ALL_COLUMNS} | dict(indicator="x", geo="g", year="2025", value="1",
                                                          qualifier="=", kind="actual", source_id="s", quote="1")] * 2,
                       dtype=str)
    raw.loc[1, ["year", "value", "kind", "preferred", "policy_quote"]] = ["20x5", "58,09", "actuals", "yes", "quoted"]
    problems, bad = check_types(raw, [2, 7], F)
    assert bad == {1}
    assert {(p.line, p.column) for p in problems} == {(7, "year"), (7, "value"), (7, "kind"), (7, "preferred"),
                                                       (7, "policy_quote")}
    raw.loc[1, ["year", "value", "kind", "preferred", "policy_quote"]] = ["1890", "1", "actual", "", ""]
    problems, _ = check_types(raw, [2, 7], F)
    assert [(p.line, p.column) for p in problems] == [(7, "year")] and "1990..2050" in problems[0].message


# --- rule 1: YAML entries -------------------------------------------------------------------------

def test_check_sources():
    good = dict(title="t", publisher="p", url="https://x.vn/a", published=None, published_note="event 10/10/2025",
                accessed="2026-02-01", language="vi", reliability="high")
    assert checks.check_sources("s.yml", lined({"ok_src": lined(good, 2)})) == []
    bad = dict(good, url="x.vn/a", language="vn", reliability="great", accessed="1/2/2026", extra=1)
    del bad["published_note"]
    problems = checks.check_sources("s.yml", lined({"Bad Id": lined(bad, 2)}))
    assert {p.column for p in problems} == {"Bad Id", "url", "language", "reliability", "accessed", "published", "extra"}
    missing = {k: v for k, v in good.items() if k != "url"}
    assert [p.column for p in checks.check_sources("s.yml", lined({"a": lined(missing, 2)}))] == ["url"]


@pytest.mark.parametrize("note, ok", [
    ("date not shown; reports the press conference of 6/1/2026", True), ("event 10/10/2025", True),
    ("unknown", False), ("n/a", False), ("Date not shown.", False), ("không ngày", False), ("   ", False), ("?", False),
])
def test_undated_source_needs_a_published_note_saying_why(note, ok):
    entry = dict(title="t", publisher="p", url="https://x.vn/a", published=None, published_note=note,
                 accessed="2026-02-01", language="vi", reliability="high")
    problems = checks.check_sources("data/sources.yml", lined({"undated": lined(entry, 2)}))
    assert (problems == []) is ok
    if not ok:
        # line 2 is the id; the fields follow in order (published 6, published_note 7)
        assert [(p.file, p.line, p.column) for p in problems] in ([("data/sources.yml", 7, "published_note")],
                                                                  [("data/sources.yml", 6, "published")])


def test_check_indicators():
    good = dict(title_vi="t", title_en="t", unit="percent", decimals=1, direction="higher", group="digital", limit=100)
    assert checks.check_indicators("i.yml", lined({"share": lined(good)})) == []
    bad = dict(good, unit="percentage", decimals=1.5, direction="up", group="tech", limit=130)
    problems = checks.check_indicators("i.yml", lined({"share": lined(bad)}))
    assert {p.column for p in problems} == {"unit", "decimals", "direction", "group"}
    assert "did you mean 'percent" in next(p.message for p in problems if p.column == "unit")
    problems = checks.check_indicators("i.yml", lined({"share": lined(dict(good, limit=130))}))
    assert [p.column for p in problems] == ["limit"]


# --- rule 3: references ---------------------------------------------------------------------------

def test_check_references():
    rows = [row(2), row(3, indicator="phd_cout", geo="haiphong", source_id="srcx")]
    problems = checks.check_references(F, rows, INDICATORS, SOURCES)
    assert [(p.line, p.column) for p in problems] == [(3, "indicator"), (3, "geo"), (3, "source_id")]
    assert "did you mean 'phd_count'" in problems[0].message


# --- rule 4: keys and conflict groups -------------------------------------------------------------

def test_duplicate_key():
    problems = checks.check_keys(F, [row(2), row(5)])
    assert [(p.line, p.column) for p in problems if "duplicate" in p.message] == [(5, "source_id")]
    assert "line 2" in problems[0].message


def test_conflict_group_needs_exactly_one_preferred_with_note():
    a, b = row(2, source_id="a"), row(3, source_id="b")
    none = checks.check_keys(F, [a, b])
    assert [(p.line, p.column) for p in none] == [(2, "preferred")] and "lines 2, 3" in none[0].message
    two = checks.check_keys(F, [row(2, source_id="a", preferred=True, note="why", note_vi="Lý do."),
                                row(3, source_id="b", preferred=True, note="why", note_vi="Lý do.")])
    assert [(p.line, p.column) for p in two] == [(3, "preferred")]
    no_note = checks.check_keys(F, [row(2, source_id="a", preferred=True, note_vi="lý do"), b])
    assert [(p.line, p.column) for p in no_note] == [(2, "note")]
    assert checks.check_keys(F, [row(2, source_id="a", preferred=True, note="later", note_vi="Số muộn hơn."), b]) == []
    assert checks.check_keys(F, [a, row(3, source_id="b", kind="estimate")]) == []  # different groups


def test_preferred_row_of_a_conflict_needs_note_vi():
    b = row(3, source_id="b")
    for blank in ("", "   "):
        problems = checks.check_keys(F, [row(2, source_id="a", preferred=True, note="later", note_vi=blank), b])
        assert [(p.line, p.column) for p in problems] == [(2, "note_vi")]
        assert "phd_count/hai_phong/2025/actual" in problems[0].message and "shown to readers" in problems[0].message
        assert "Vietnamese" in problems[0].fix and "lines 2, 3" in problems[0].fix
    # a single row needs no reason, and a non-preferred row of a group needs no note_vi
    assert checks.check_keys(F, [row(2)]) == []
    assert checks.check_keys(F, [row(2, source_id="a", preferred=True, note="x", note_vi="Lý do."), b]) == []


# --- rule 5: units and limits ---------------------------------------------------------------------

@pytest.mark.parametrize("indicator, value, ok", [
    ("share", "130", False), ("share", "100", True), ("share", "-1", False), ("pii_rank", "0", False),
    ("pii_rank", "1", True), ("pii_rank", "64", False), ("pii_rank", "2.5", False), ("dti", "1.2", False),
    ("dti", "0.786", True), ("pii", "100.5", False), ("revenue", "-5", False), ("revenue", "190379", True),
])
def test_check_limits(indicator, value, ok):
    problems = checks.check_limits(F, [row(4, indicator=indicator, value=Decimal(value))], INDICATORS)
    assert (problems == []) is ok
    assert all((p.line, p.column) == (4, "value") for p in problems)


# --- rule 6: time ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, year, source, ok", [
    ("actual", 2026, "src", False), ("estimate", 2026, "src", False), ("estimate", 2025, "src", True),
    ("target", 2030, "src", True), ("plan", 2026, "src", True), ("actual", 2026, "en", True),
    # undated: bounded by its access date (2024-03-01): 2024 could be reported, 2025 could not
    ("actual", 2024, "undated", True), ("estimate", 2025, "undated", False), ("target", 2030, "undated", True),
])
def test_check_time(kind, year, source, ok):
    problems = checks.check_time(F, [row(3, kind=kind, year=year, source_id=source)], SOURCES)
    assert (problems == []) is ok
    assert all(p.column == "year" and ("2025-12-24" in p.message or "accessed 2024-03-01" in p.message)
               for p in problems)


def test_check_time_names_file_row_column_problem_and_fix():
    rows = [row(2, kind="actual", year=2025), row(7, kind="estimate", year=2026), row(9, kind="target", year=2026)]
    problems = checks.check_time(F, rows, SOURCES)
    assert [(p.file, p.line, p.column) for p in problems] == [("data/values.csv", 7, "year")]
    text = str(problems[0])
    assert text.startswith("data/values.csv:7: column 'year': estimate for 2026 but source src was published "
                           "2025-12-24, before 2026 began")
    assert "set kind to plan or target" in text and "dự kiến" in text


def test_check_time_passes_results_of_the_publication_year_and_earlier():
    rows = [row(2, kind="actual", year=2024), row(3, kind="estimate", year=2025), row(4, kind="plan", year=2026)]
    assert checks.check_time(F, rows, SOURCES) == []


# --- rule 9 ---------------------------------------------------------------------------------------

def test_known_bad_rows_are_refused():
    problems = checks.check_known_bad(F, [row(2, note="DO NOT USE: unit error"), row(3, note="fine")])
    assert [(p.line, p.column) for p in problems] == [(2, "note")]


# --- rules 7 and 8: quotes and hedges -------------------------------------------------------------

@pytest.mark.parametrize("quote, value, qualifier, unit, language", [
    ("là năm thứ tư liên tiếp vượt mốc 100.000 tỷ đồng", "100000", ">", "billion_vnd", "vi"),
    ("chỉ số PII năm 2025 đạt 58,09 điểm, xếp thứ 4 toàn quốc", "58.09", "=", "points", "vi"),
    ("chỉ số PII năm 2025 đạt 58,09 điểm, xếp thứ 4 toàn quốc", "4", "=", "rank", "vi"),
    ("Tính đến cuối năm 2025, Hải Phòng dự kiến sẽ có tới 1.329 trạm BTS 5G", "1329", "~", "count", "vi"),
    ("Ước tính đến hết năm 2025, Hải Phòng thu ngân sách đạt 187.766,6 tỷ đồng", "187766.6", "~", "billion_vnd", "vi"),
    ("thu ngân sách đạt 118,3 nghìn tỷ đồng", "118300", "=", "billion_vnd", "vi"),
    ("Thu ngân sách đạt 187.000 tỉ đồng, tăng 23,1% so với năm 2024", "187000", "=", "billion_vnd", "vi"),
    ("tỷ lệ phủ sóng 5G đạt tối thiểu 80% diện tích thành phố", "80", ">=", "percent", "vi"),
    ("giữ vững vị thế trong nhóm 5 địa phương dẫn đầu cả nước", "5", "<=", "rank", "vi"),
    ("kinh tế số sẽ đóng góp trên 31% GRDP", "31", ">", "percent", "vi"),
    ("đã hoàn thành 17/25 nhiệm vụ", "17", "=", "count", "vi"),
    ("Thu ngân sách trên địa bàn đạt 103.619 tỷ đồng", "103619", "=", "billion_vnd", "vi"),
    ("trên địa bàn hiện có gần 1.000 DN công nghệ số", "1000", "~", "count", "vi"),
    ("reaching 3rd place nationwide with a DTI value of 0.7857 points", "0.7857", "=", "index", "en"),
    ("revenue reached over VND118.3 trillion", "118300", ">", "billion_vnd", "en"),
    ("The scale of the digital economy reaches at least 30% of GDP.", "30", ">=", "percent", "en"),
    ("vượt mốc 100.000 tỷ đồng", "100000", ">", "billion_vnd", "vi"),
    ("không dưới 60 nhiệm vụ", "60", ">=", "count", "vi"),
    ("tỷ lệ hồ sơ không quá 5%", "5", "<=", "percent", "vi"),
])
def test_quote_states_value(quote, value, qualifier, unit, language):
    assert check_quote(quote, Decimal(value), qualifier, unit, language) == []


@pytest.mark.parametrize("quote, value, qualifier, unit, language, column, words", [
    ("cùng đội ngũ hơn 390 tiến sĩ", "390", "=", "count", "vi", "qualifier", "quote says 'hơn 390' but qualifier is '='"),
    ("chỉ số PII năm 2025 đạt 58,09 điểm", "58.09", ">", "points", "vi", "qualifier", "no hedge word before 58,09"),
    ("đạt tối thiểu 80% diện tích", "80", ">", "percent", "vi", "qualifier", "set qualifier to '>='"),
    ("vượt mốc 100.000 tỷ đồng", "10000", ">", "billion_vnd", "vi", "quote", "numbers read (Vietnamese format: 100.000, 58,09): 100.000 tỷ"),
    ("revenue reached VND118.3 billion", "118300", "=", "billion_vnd", "en", "quote", "118.3 billion"),
    ("đạt 58.09 điểm", "58.09", "=", "points", "vi", "quote", "Vietnamese format"),
    ("thu ngân sách đạt 118,3 nghìn tỷ đồng", "118.3", "=", "billion_vnd", "vi", "quote", "118300"),
    ("hơn 390 tiến sĩ", "391", ">", "count", "vi", "quote", "equals the value 391"),
])
def test_quote_problems(quote, value, qualifier, unit, language, column, words):
    problems = check_quote(quote, Decimal(value), qualifier, unit, language)
    assert len(problems) == 1
    assert problems[0][0] == column and words in problems[0][1] + problems[0][2]


@pytest.mark.parametrize("quote, hedge", [
    ("hơn 390", ">"), ("Hơn 390", ">"), ("khoảng 1.329", "~"), ("ước đạt 190.379", "~"), ("dưới 5", "<"),
    ("tối đa 5", "<="), ("không dưới 5", ">="), ("at most 5", "<="), ("nearly 1,000", "~"),
    ("xấp xỉ 30", "~"), ("Hải Phòng dự kiến sẽ có tới 1.329", "~"),
    ("cao hơn chỉ tiêu là 25", None), ("trên địa bàn có 25", None), ("hơn 390 tiến sĩ và 25", None),
    ("dự kiến, năm sau đạt 25", "~"), ("dự kiến. Năm sau đạt 25", None),
    ("dự kiến a b c d e f g h i j k l m", None), ("dự kiến a b c d e f g h i j", "~"),
])
def test_hedge_before_last_number(quote, hedge):
    language = "en" if quote.isascii() and any(w in quote for w in ("at", "nearly")) else "vi"
    if quote[-1].isalpha():
        quote += " 7"
    last = find_numbers(quote, language)[-1]
    found = hedge_before(quote, last)
    assert (found.qualifier if found else None) == hedge


def test_top_n_is_a_hedge_only_for_ranks():
    quote = "vào top 5 cả nước"
    m = find_numbers(quote)[0]
    assert hedge_before(quote, m, "rank").qualifier == "<="
    assert hedge_before(quote, m, "count") is None


def test_check_quotes_skips_derived_rows_and_uses_source_language():
    rows = [row(2, quote="dẫn đầu cả nước", value=Decimal(1), indicator="pii_rank", qualifier="=",
                note="derived: 'dẫn đầu' is rank 1"),
            row(3, quote="dẫn đầu cả nước", value=Decimal(1), indicator="pii_rank", qualifier="="),
            row(4, quote="over 1,329 stations", value=Decimal(1329), source_id="en")]
    problems = checks.check_quotes(F, rows, INDICATORS, SOURCES)
    assert [(p.line, p.column) for p in problems] == [(3, "quote")]


@pytest.mark.parametrize("quote, hedge", [
    ("có trình độ trên đại học chiếm 57,73", None), ("đạt trên 31", ">"), ("trên mức 80", ">"),
    ("dưới sự chỉ đạo của thành phố đạt 12", None), ("ranked over the last years at 3", None),
])
def test_prepositions_are_not_hedges(quote, hedge):
    found = hedge_before(quote, find_numbers(quote, "vi")[-1])
    assert (found.qualifier if found else None) == hedge


# --- rule 1: header and column order ----------------------------------------------------------------

def _read(tmp_path, header: str, line: str):
    from helpers.data.validation.readers import read_values_csv

    path = tmp_path / "values.csv"
    path.write_text(header + "\n" + line + "\n", encoding="utf-8")
    problems: list[Problem] = []
    return read_values_csv(path, problems), problems


BASE = "indicator,geo,year,value,qualifier,kind,source_id,quote"


def test_note_vi_is_the_last_optional_column(tmp_path):
    table, problems = _read(tmp_path, BASE + ",preferred,note,policy,policy_quote,note_vi",
                            "phd_count,hai_phong,2025,390,>,actual,src,hơn 390,,,,,Lý do.")
    assert problems == [] and table.rows[0]["note_vi"] == "Lý do."
    # optional columns may be left out: note_vi then reads as empty
    table, problems = _read(tmp_path, BASE + ",preferred,note", "phd_count,hai_phong,2025,390,>,actual,src,hơn 390,,")
    assert problems == [] and table.rows[0]["note_vi"] == "" and table.rows[0]["policy"] == ""
    table, problems = _read(tmp_path, BASE + ",preferred,note_vi,note,policy,policy_quote",
                            "phd_count,hai_phong,2025,390,>,actual,src,hơn 390,,Lý do.,,,")
    assert table is None
    assert [(p.line, p.column) for p in problems] == [(1, "note_vi")]
    assert problems[0].message == "columns are not in the contract's order: 'note_vi' stands where 'note' belongs"
    assert problems[0].fix.startswith("order the header as " + ",".join(ALL_COLUMNS)) and ALL_COLUMNS[-1] == "note_vi"


# --- rule 11: an aim is never an observation ------------------------------------------------------

def test_an_aim_quoted_as_a_result_is_rejected_with_file_row_and_column():
    rows = [row(4, kind="estimate", quote="phấn đấu đạt 47% vào năm 2025"),
            row(5, kind="target", quote="phấn đấu đạt 47% vào năm 2025"),
            row(6, kind="estimate", quote="dự kiến đạt 47% vào năm 2025")]
    problems = checks.check_aims(F, rows)
    assert [(p.file, p.line, p.column) for p in problems] == [("data/values.csv", 4, "kind")]
    assert "states an aim (“phấn đấu”)" in str(problems[0]) and "set kind to target" in str(problems[0])


# --- rule 10: data/targets.yml --------------------------------------------------------------------

def test_targets_file_problems_name_file_line_and_field(tmp_path):
    from helpers.data.validation import validate

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "targets.yml").write_text(
        "bodies:\n  city:\n    label_vi: \"Thành phố\"\n    policy_contains: [\"không khớp\"]\n"
        "superseded:\n  gone:\n    target: {indicator: pii_rank, geo: hai_phong_merged, year: 2026, source_id: nope}\n"
        "    by: {indicator: pii_rank, geo: hai_phong_merged, year: 2026, source_id: nope}\n    why_vi: \"x\"\n"
        "components: {}\n", encoding="utf-8")
    problems = validate(data).problems
    text = "\n".join(str(p) for p in problems)
    # the fixture's four target rows now match no body; the superseded entry names no row
    assert sum("no body in" in str(p) and p.column == "policy" for p in problems) == 4
    assert "targets.yml:7: field 'target': superseded 'gone': target names no row of values.csv" in text
