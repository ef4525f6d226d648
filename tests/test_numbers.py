"""Vietnamese number parsing/formatting (helpers.data.numbers), checked by hand and by property tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from helpers.data.numbers import (
    find_numbers,
    format_vn_date,
    format_vn_number,
    format_vn_value,
    parse_vn_amount,
    parse_vn_decimal,
    parse_vn_number,
)


@pytest.mark.parametrize("text, expected", [
    ("100.000", 100000), ("58,09", 58.09), ("1.329", 1329), ("0,786", 0.786), ("1,329", 1.329),
    ("118.255,3", 118255.3), ("-1.329", -1329), ("2025", 2025), ("1.329.000", 1329000),
])
def test_parse_vn_number(text, expected):
    got = parse_vn_number(text)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("text", ["1.5", "1.3290", "12.34.567", "1 329", "abc", "", "1.", ".5", "1,", "1e5"])
def test_parse_vn_number_rejects_malformed_and_ambiguous(text):
    with pytest.raises(ValueError, match="not a well-formed number"):
        parse_vn_number(text)


def test_ambiguous_message_offers_both_readings():
    with pytest.raises(ValueError) as err:
        parse_vn_number("1.5")
    assert "'1,5'" in str(err.value) and "'15'" in str(err.value)


def test_english_format():
    assert parse_vn_number("1,329", locale="en") == 1329
    assert parse_vn_number("0.7857", locale="en") == 0.7857


@pytest.mark.parametrize("text, unit, language, expected", [
    ("118,3 nghìn tỷ đồng", "billion_vnd", "vi", 118300),
    ("118,3 ngàn tỷ đồng", "billion_vnd", "vi", 118300),
    ("hơn 407 tỷ đồng", "billion_vnd", "vi", 407),
    ("187.000 tỉ đồng", "billion_vnd", "vi", 187000),
    ("500 triệu đồng", "billion_vnd", "vi", 0.5),
    ("118.3 trillion", "billion_vnd", "en", 118300),
    ("VNĐ118.3 billion", "billion_vnd", "en", 118.3),
    ("2 triệu người", "count", "vi", 2000000),
    ("tối thiểu 80%", "percent", "vi", 80),
])
def test_parse_vn_amount(text, unit, language, expected):
    assert parse_vn_amount(text, unit=unit, language=language) == expected


def test_parse_vn_amount_needs_one_number():
    with pytest.raises(ValueError, match="exactly one number"):
        parse_vn_amount("từ 2021 đến 2025")


def test_find_numbers_spans_values_and_scale_words():
    text = "Tính đến cuối năm 2025, Hải Phòng dự kiến sẽ có tới 1.329 trạm; thu 118,3 nghìn tỷ đồng, đạt 17/25 nhiệm vụ, tỷ lệ 80%"
    found = find_numbers(text, "vi")
    assert [(m.text, m.value, m.scale_word) for m in found] == [
        ("2025", Decimal(2025), None), ("1.329", Decimal(1329), None),
        ("118,3", Decimal("118.3"), "nghìn tỷ"), ("17", Decimal(17), None), ("25", Decimal(25), None),
        ("80", Decimal(80), "%"),
    ]
    assert all(text[m.start:m.end] == m.text for m in found)
    assert found[2].amount("billion_vnd") == 118300


def test_find_numbers_tricky_tokens():
    # "tỷ lệ" is "rate", not a scale word; a date like 10.10.2025 is three numbers; 2021-2025 is a range
    found = find_numbers("năm 2025 tỷ lệ đạt 10.10.2025, giai đoạn 2021-2025, giảm -2,5%", "vi")
    assert [(m.text, m.value, m.scale_word) for m in found] == [
        ("2025", 2025, None), ("10", 10, None), ("10", 10, None), ("2025", 2025, None),
        ("2021", 2021, None), ("2025", 2025, None), ("-2,5", Decimal("-2.5"), "%"),
    ]


def test_find_numbers_english():
    found = find_numbers("1,579 of 1,937 services; DTI value of 0.7857 points", "en")
    assert [m.value for m in found] == [1579, 1937, Decimal("0.7857")]


@pytest.mark.parametrize("x, decimals, expected", [
    (100000, None, "100.000"), (58.09, None, "58,09"), (1329, None, "1.329"), (0.786, None, "0,786"),
    (58.09, 2, "58,09"), (100000, 0, "100.000"), (118255.3, 1, "118.255,3"), (2.5, 0, "3"),
    (58.085, 2, "58,09"), (-1329.5, 1, "-1.329,5"), (-0.0001, 2, "0,00"), (0.7857, 3, "0,786"),
])
def test_format_vn_number(x, decimals, expected):
    assert format_vn_number(x, decimals) == expected


@pytest.mark.parametrize("args, expected", [
    ((100000, ">", "billion_vnd", 0), "hơn 100.000 tỷ đồng"),
    ((58.09, "=", "points", 2), "58,09 điểm"),
    ((390, ">", "count", 0), "hơn 390"),
    ((1329, "~", "count", 0), "khoảng 1.329"),
    ((80, ">=", "percent", 0), "tối thiểu 80%"),
    ((0.786, "=", "index", 3), "0,786"),
    ((85, "<=", "percent", 0), "tối đa 85%"),
    ((4, "=", "rank", 0), "hạng 4"),
    ((5, "<=", "rank", 0), "nhóm 5 dẫn đầu"),
    ((12.5, "<", None, 1), "dưới 12,5"),
])
def test_format_vn_value(args, expected):
    assert format_vn_value(*args) == expected


def test_format_vn_value_rejects_unknown_codes():
    with pytest.raises(ValueError, match="qualifier"):
        format_vn_value(1, "≈", "count")
    with pytest.raises(ValueError, match="unit"):
        format_vn_value(1, "=", "dollars")


def test_format_vn_date_uses_cldr_long_pattern():
    assert format_vn_date(dt.date(2026, 1, 26)) == "26 tháng 1, 2026"
    assert format_vn_date("2025-12-24") == "24 tháng 12, 2025"


# --- properties -------------------------------------------------------------------------------

@given(st.integers(min_value=-10**15, max_value=10**15))
@example(1329)
@example(100000)
@example(-1000)
@example(0)
def test_round_trip_integers(n):
    text = format_vn_number(n, 0)
    assert parse_vn_decimal(text) == n
    assert parse_vn_number(text) == n


@given(st.decimals(min_value=-10**12, max_value=10**12, allow_nan=False, allow_infinity=False, places=4),
       st.integers(min_value=0, max_value=4))
def test_round_trip_decimals(d, places):
    exact = d.quantize(Decimal(1).scaleb(-places))
    text = format_vn_number(exact, places)
    assert parse_vn_decimal(text) == exact
    assert text.count(",") == (1 if places else 0)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9999).map(str)
       | st.text("0123456789", min_size=1, max_size=6))
def test_dot_needs_exactly_three_digits(whole, frac):
    text = f"{whole}.{frac}"
    if len(frac) == 3:
        assert parse_vn_number(text) == whole * 1000 + int(frac)
    else:
        with pytest.raises(ValueError):
            parse_vn_number(text)


@given(st.integers(min_value=0, max_value=10**6), st.text("0123456789", min_size=1, max_size=6))
def test_comma_is_always_the_decimal_mark(whole, frac):
    assert parse_vn_decimal(f"{whole},{frac}") == Decimal(f"{whole}.{frac}")


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_found_in_text_after_formatting(n):
    found = find_numbers(f"đạt {format_vn_number(n, 0)} tỷ đồng", "vi")
    assert [m.amount("billion_vnd") for m in found] == [n]
