"""Type layer of values.csv (rule 2): a pandera schema over the raw strings.

Each failure of the schema becomes a Problem naming the line, the column, what is wrong and
how to fix it.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from helpers.data.contract import KINDS, POLICY_QUOTE, QUALIFIERS
from helpers.data.errors import Problem

YEAR_MIN, YEAR_MAX = 1990, 2050
PLAIN_NUMBER = r"^-?\d+(\.\d+)?$"
YEAR = r"^\d{4}$"
GROUPED_ZEROS = r"-?[1-9]\d{0,2}\.000"


def _year_in_range(s: pd.Series) -> pd.Series:
    as_int = pd.to_numeric(s.where(s.str.fullmatch(YEAR)), errors="coerce")
    return as_int.isna() | as_int.between(YEAR_MIN, YEAR_MAX)


def _not_grouped(s: pd.Series) -> pd.Series:
    """False for values like 100.000 or 2.000: a Vietnamese thousands group, not three zero decimals."""
    return ~s.str.fullmatch(GROUPED_ZEROS)


def _not_blank(s: pd.Series) -> pd.Series:
    return s.str.strip() != ""


SCHEMA = pa.DataFrameSchema(
    {
        "indicator": pa.Column(str, pa.Check(_not_blank, name="required")),
        "geo": pa.Column(str, pa.Check(_not_blank, name="required")),
        "year": pa.Column(str, [pa.Check.str_matches(YEAR, name="integer_year"),
                                pa.Check(_year_in_range, name="year_range")]),
        "value": pa.Column(str, [pa.Check.str_matches(PLAIN_NUMBER, name="plain_number"),
                                 pa.Check(_not_grouped, name="thousands_group")]),
        "qualifier": pa.Column(str, pa.Check.isin(QUALIFIERS, name="qualifier")),
        "kind": pa.Column(str, pa.Check.isin(KINDS, name="kind")),
        "source_id": pa.Column(str, pa.Check(_not_blank, name="required")),
        "quote": pa.Column(str, pa.Check(_not_blank, name="required")),
        "preferred": pa.Column(str, pa.Check.isin(("true", ""), name="preferred")),
        "policy_quote": pa.Column(str, pa.Check.isin(POLICY_QUOTE + ("",), name="policy_quote")),
    },
    strict=False,
)


def value_fix(text: str) -> tuple[str, str]:
    """Why `text` is not a plain number, and what to write instead."""
    from helpers.data.numbers import parse_vn_decimal

    t = text.strip()
    if t == "":
        return "value is empty", "write the number the quote states, in the indicator's unit"
    rule = "(dot as decimal separator, no thousands separator)"
    if t != text:
        return f"{text!r} has spaces around it", f"write {t} {rule}"
    compact = re.sub(r"[\s\u00a0]", "", t)
    if compact != t and re.fullmatch(PLAIN_NUMBER, compact):
        return f"'{t}' has spaces inside", f"write {compact} {rule}"
    for locale in ("vi", "en"):
        try:
            number = parse_vn_decimal(t, locale)
        except ValueError:
            continue
        plain = format(number, "f")
        return f"'{t}' is not a plain number", f"write {plain} {rule}"
    return f"'{t}' is not a number", f"write the number the quote states {rule}"


def _message(column: str, check: str, case: str) -> tuple[str, str]:
    if column == "value":
        return value_fix(case)
    if check == "required":
        return "is empty", {"quote": "paste the short verbatim passage that states the figure",
                            "source_id": "write a key of sources.yml"}.get(column, "fill it in")
    if column == "year" and not re.fullmatch(YEAR, case):
        return f"'{case}' is not a four-digit integer year", "write the year as e.g. 2025"
    if column == "year":
        return f"year {case} is outside {YEAR_MIN}..{YEAR_MAX}", "check the year"
    allowed = {"qualifier": QUALIFIERS, "kind": KINDS, "preferred": ("true", "(empty)"),
               "policy_quote": POLICY_QUOTE + ("(empty)",)}[column]
    fix = "use one of " + " ".join(allowed)
    aliases = {"==": "=", "≈": "~", "≥": ">=", "≤": "<=", "True": "true", "TRUE": "true", "yes": "true"}
    if case.strip() in aliases and aliases[case.strip()] in allowed:
        fix = f"write '{aliases[case.strip()]}' ({fix})"
    elif case.strip() != case and case.strip() in allowed:
        fix = f"remove the spaces: '{case.strip()}'"
    return f"'{case}' is not allowed", fix


def check_types(raw: pd.DataFrame, lines: list[int], file: str) -> tuple[list[Problem], set[int]]:
    """Problems of the type layer, and the positions of rows that failed it."""
    try:
        SCHEMA.validate(raw, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return [], set()
    problems, bad = [], set()
    for case in cases.itertuples(index=False):
        if pd.isna(case.index):
            continue  # whole-column failures cannot happen: the reader guarantees every column
        pos = int(case.index)
        message, fix = _message(case.column, str(case.check).split("(")[0], str(case.failure_case))
        problems.append(Problem(file, lines[pos], case.column, message, fix))
        bad.add(pos)
    return problems, bad
