"""Every figure typed in the report text is a figure of data/values.csv, with its qualifier.

The prose of report/report.qmd may state numbers (the headline figures), but each must be a value
of the dataset, and its hedge word must agree with a row's qualifier: "hơn 390" needs a `> 390`
row, a bare "58,09" an `= 58.09` row; a lower bound is never written as an exact figure.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pytest

from helpers import DATA_DIR, PROJECT_ROOT
from helpers.data.numbers import find_numbers
from helpers.data.validation.quotes import equal, hedge_before

REPORT = PROJECT_ROOT / "report" / "report.qmd"

# Numbers that are settings of the method, not figures about Hai Phong.
METHOD_PHRASES = ("khoảng dự báo 80% và 95%", "Với 3 điểm số liệu", "từ 5 điểm trở lên")
# Spans that hold no figure: shortcodes, citations, cross-references, inline code, attributes,
# document numbers ("350/KH-UBND", "57-NQ/TW", "226/2025/QH15"), dates ("1/7/2025") and "5G".
NOT_FIGURES = re.compile(
    r"\{\{<.*?>\}\}|\[@[^\]]*\]|@(?:fig|tbl|sec)-[\w-]+|`[^`]*`|\{[#.][^}]*\}"
    r"|\b\d+(?:/\d+)*[-/][A-ZĐ][\w/-]*|\b\d{1,2}/\d{1,2}/\d{4}\b|\b\dG\b|^date:.*$",
    re.MULTILINE,
)


def blank(text: str, pattern: re.Pattern[str] | str) -> str:
    """`text` with every match of `pattern` replaced by spaces (positions are kept)."""
    if isinstance(pattern, str):
        pattern = re.compile(re.escape(pattern))
    return pattern.sub(lambda m: re.sub(r"\S", " ", m.group()), text)


def prose_figures(text: str) -> list[tuple[int, object]]:
    """(line, NumberMatch) for each number of the text that should be a data figure."""
    text = blank(text, NOT_FIGURES)
    for phrase in METHOD_PHRASES:
        text = blank(text, phrase)
    found = []
    for m in find_numbers(text, "vi"):
        is_year = m.scale_word is None and m.value == m.value.to_integral_value() and 1990 <= m.value <= 2050
        if not is_year:
            found.append((text.count("\n", 0, m.start) + 1, m))
    return found


def problems_of(text: str, values: pd.DataFrame, units: dict[str, str]) -> list[str]:
    problems = []
    # Hedge words are looked for across line wraps (a single newline is a space in Markdown).
    clean = re.sub(r"(?<!\n)\n(?!\n)", " ", blank(text, NOT_FIGURES))
    for line, m in prose_figures(text):
        rows = [r for r in values.itertuples()
                if equal(m.amount(units[r.indicator]), Decimal(str(r.value)))]
        if not rows:
            problems.append(f"report.qmd:{line}: {m.text!r} is not a value of data/values.csv")
            continue
        agree = False
        for r in rows:
            hedge = hedge_before(clean, m, units[r.indicator])
            if (hedge.qualifier if hedge else "=") == r.qualifier:
                agree = True
        if not agree:
            hedge = hedge_before(clean, m, None)
            quals = sorted({r.qualifier for r in rows})
            problems.append(f"report.qmd:{line}: {m.text!r} is written as "
                            f"{'“' + hedge.word + '”' if hedge else 'exact'} but the data has it with "
                            f"qualifier {', '.join(quals)}")
    return problems


@pytest.fixture(scope="module")
def data():
    values = pd.read_csv(DATA_DIR / "values.csv", dtype={"value": float}, keep_default_na=False)
    import yaml
    indicators = yaml.safe_load((DATA_DIR / "indicators.yml").read_text(encoding="utf-8"))
    return values, {k: v["unit"] for k, v in indicators.items()}


def test_report_states_only_dataset_figures_with_their_qualifiers(data):
    text = REPORT.read_text(encoding="utf-8")
    assert len(prose_figures(text)) >= 15, "the summary should state the headline figures"
    assert problems_of(text, *data) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Thành phố có 390 tiến sĩ.", "written as exact but the data has it with qualifier >"),
    ("PII đạt khoảng 58,09 điểm.", "written as “khoảng” but the data has it with qualifier ="),
    ("Thu ngân sách đạt 123.456 tỷ đồng.", "'123.456' is not a value of data/values.csv"),
])
def test_the_check_catches_a_wrong_figure(data, sentence, expected):
    problems = problems_of(sentence, *data)
    assert len(problems) == 1 and expected in problems[0]


def test_document_numbers_dates_and_method_settings_are_not_figures():
    text = ("Kế hoạch 350/KH-UBND, Nghị quyết 57-NQ/TW, ngày 1/7/2025, mạng 5G, "
            "khoảng dự báo 80% và 95%, [@a_1].")
    assert prose_figures(text) == []
