"""Vietnamese number and date handling, on Babel's CLDR data for locale "vi".

Vietnamese writes `.` between thousands and `,` before decimals (100.000; 58,09; 0,786).
Parsing is strict: a `.` must be followed by exactly three digits, so "1.329" is 1329 and
"1.5" is rejected as ambiguous rather than guessed. `Decimal` is used wherever exactness matters.

Dates: `format_vn_date` uses CLDR's "long" pattern for vi, which gives "26 tháng 1, 2026".
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.dates import format_date
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

from helpers.data.contract import UNITS

LOCALE = "vi"
# Quotes from English (and Japanese) pages use the English convention: 1,329.5
LOCALE_BY_LANGUAGE = {"vi": "vi", "en": "en", "ja": "en"}

# Qualifier -> the Vietnamese word shown before the number.
QUALIFIER_WORDS = {"=": "", ">": "hơn", ">=": "tối thiểu", "<": "dưới", "<=": "tối đa", "~": "khoảng"}

# Scale words after a number -> multiplier (in units of one). Longest first where one is a prefix.
SCALE_WORDS = {
    "nghìn tỷ": Decimal(10) ** 12, "ngàn tỷ": Decimal(10) ** 12,
    "nghìn tỉ": Decimal(10) ** 12, "ngàn tỉ": Decimal(10) ** 12,
    "tỷ": Decimal(10) ** 9, "tỉ": Decimal(10) ** 9,
    "triệu": Decimal(10) ** 6,
    "nghìn": Decimal(10) ** 3, "ngàn": Decimal(10) ** 3,
    "trillion": Decimal(10) ** 12, "billion": Decimal(10) ** 9,
    "million": Decimal(10) ** 6, "thousand": Decimal(10) ** 3,
    "兆": Decimal(10) ** 12, "億": Decimal(10) ** 8, "万": Decimal(10) ** 4,
    "%": Decimal(1),
}
# The size of one unit of each contract unit, for units whose quotes use scale words.
UNIT_SIZE = {"billion_vnd": Decimal(10) ** 9, "count": Decimal(1)}

_SCALE_RE = re.compile(
    r"\s*(?P<word>%|"
    + "|".join(re.escape(w) for w in sorted((w for w in SCALE_WORDS if w != "%"), key=len, reverse=True))
    # "tỷ lệ" (rate) and "tỷ trọng" (share) are not scale words
    + r")(?!\w)(?!\s+(?:lệ|trọng)\b)",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"(?<![\d.,])(?P<body>\d+(?:[.,]\d+)*)")


def _symbols(locale: str) -> tuple[str, str]:
    return get_group_symbol(locale), get_decimal_symbol(locale)


def _shape(locale: str) -> re.Pattern[str]:
    """Well-formed numbers for a locale: groups of exactly three digits after a group symbol."""
    group, decimal = (re.escape(s) for s in _symbols(locale))
    return re.compile(rf"^-?(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}\d+)?$")


def parse_vn_decimal(text: str, locale: str = LOCALE) -> Decimal:
    """Parse a number written in `locale` format (default Vietnamese) into an exact Decimal.

    Raises ValueError with a suggestion when the text is not a well-formed number, including
    the ambiguous "1.5" (in Vietnamese a `.` groups thousands and needs three digits after it).
    """
    raw = text
    text = unicodedata.normalize("NFC", text).strip().replace("−", "-")
    group, decimal = _symbols(locale)
    if not _shape(locale).match(text):
        hint = ""
        if re.fullmatch(r"-?\d+[.,]\d+", text):
            whole, frac = re.split(r"[.,]", text.lstrip("-"))
            sign = "-" if text.startswith("-") else ""
            hint = (f"; in {locale} format '{group}' separates thousands (three digits after it) and "
                    f"'{decimal}' marks decimals: write '{sign}{whole}{decimal}{frac}' for a fraction "
                    f"or '{sign}{whole}{frac}' for a whole number")
        raise ValueError(f"{raw!r} is not a well-formed number in {locale} format{hint}")
    try:
        return parse_decimal(text, locale=locale, strict=True)
    except NumberFormatError as exc:  # shape check should prevent this; keep Babel's words
        raise ValueError(str(exc)) from exc


def _plain(d: Decimal, has_fraction: bool) -> int | float:
    return int(d) if not has_fraction and d == d.to_integral_value() else float(d)


def parse_vn_number(text: str, locale: str = LOCALE) -> int | float:
    """"100.000" -> 100000, "58,09" -> 58.09, "1.329" -> 1329, "0,786" -> 0.786.

    Returns an int when the text has no decimal part, else a float (use `parse_vn_decimal`
    for the exact value).
    """
    d = parse_vn_decimal(text, locale)
    return _plain(d, get_decimal_symbol(locale) in text)


@dataclass(frozen=True)
class NumberMatch:
    """One number found in a text, with the scale word that follows it (if any)."""

    start: int
    end: int          # end of the number itself (the scale word may follow)
    text: str
    value: Decimal
    scale_word: str | None

    def amount(self, unit: str | None = None) -> Decimal:
        """The number times its scale word, expressed in `unit` (e.g. billion_vnd)."""
        if self.scale_word in (None, "%") or unit not in UNIT_SIZE:
            return self.value
        return self.value * SCALE_WORDS[self.scale_word] / UNIT_SIZE[unit]

    def describe(self, unit: str | None = None) -> str:
        shown = self.text + (f" {self.scale_word}" if self.scale_word and self.scale_word != "%" else "")
        amount = self.amount(unit)
        return shown if amount == self.value else f"{shown} = {_fmt_plain(amount)}"


def _fmt_plain(d: Decimal) -> str:
    return format(d.normalize(), "f")


def find_numbers(text: str, language: str = "vi") -> list[NumberMatch]:
    """Every number in `text`, parsed in the format of `language` (vi, en, ja), in order.

    A token that is not a well-formed number in that format (a date such as 10.10.2025 in a
    Vietnamese text) is split into its digit runs, each a number of its own.
    """
    locale = LOCALE_BY_LANGUAGE.get(language, "en")
    text = unicodedata.normalize("NFC", text)
    found: list[NumberMatch] = []
    for m in _NUMBER_RE.finditer(text):
        start, body = m.start("body"), m.group("body")
        negative = start > 0 and text[start - 1] in "-−" and (start < 2 or not text[start - 2].isalnum())
        try:
            pieces = [(start, m.end("body"), parse_vn_decimal(body, locale))]
        except ValueError:
            pieces = [(start + r.start(), start + r.end(), Decimal(r.group()))
                      for r in re.finditer(r"\d+", body)]
            negative = False
        for i, (s, e, value) in enumerate(pieces):
            if negative and i == 0:
                s, value = s - 1, -value
            scale = _SCALE_RE.match(text, e)
            word = scale.group("word").lower() if scale else None
            found.append(NumberMatch(s, e, text[s:e], value, word))
    return found


def parse_vn_amount(text: str, unit: str = "billion_vnd", language: str = "vi") -> int | float:
    """The one number of `text` times its scale word, in `unit`.

    parse_vn_amount("118,3 nghìn tỷ đồng") -> 118300 (billion VND);
    parse_vn_amount("118.3 trillion", language="en") -> 118300.
    """
    numbers = find_numbers(text, language)
    if len(numbers) != 1:
        raise ValueError(f"expected exactly one number in {text!r}, found {len(numbers)}")
    amount = numbers[0].amount(unit)
    return _plain(amount, amount != amount.to_integral_value())


def _as_decimal(x: int | float | Decimal | str) -> Decimal:
    if isinstance(x, Decimal):
        return x
    try:
        return Decimal(str(x))
    except InvalidOperation as exc:
        raise ValueError(f"{x!r} is not a number") from exc


def format_vn_number(x: int | float | Decimal, decimals: int | None = None) -> str:
    """Vietnamese format: 100000 -> "100.000", 58.09 -> "58,09", 0.786 -> "0,786".

    `decimals` fixes the number of decimals (rounded half up); None shows the decimals the
    value has (up to 6).
    """
    d = _as_decimal(x)
    if decimals is None:
        d = d.quantize(Decimal(1).scaleb(-6), rounding=ROUND_HALF_UP).normalize()
        decimals = max(0, -d.as_tuple().exponent)
    d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if d == 0:
        d = abs(d)  # no "-0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(d, format=pattern, locale=LOCALE, decimal_quantization=True)


def format_vn_value(value: int | float | Decimal, qualifier: str = "=", unit: str | None = None,
                    decimals: int | None = None) -> str:
    """A value as the report prints it: "hơn 100.000 tỷ đồng", "58,09 điểm", "tối thiểu 80%".

    `unit` is a key of contract.UNITS (or None). Ranks read "hạng 4"; a rank target `<= 5`
    reads "nhóm 5 dẫn đầu".
    """
    if qualifier not in QUALIFIER_WORDS:
        raise ValueError(f"unknown qualifier {qualifier!r}; use one of {', '.join(QUALIFIER_WORDS)}")
    if unit is not None and unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    number = format_vn_number(value, decimals)
    if unit == "rank":
        if qualifier == "<=":
            return f"nhóm {number} dẫn đầu"
        return " ".join(w for w in (QUALIFIER_WORDS[qualifier], "hạng", number) if w)
    label = UNITS[unit][0] if unit else ""
    shown = number + label if label == "%" else " ".join(w for w in (number, label) if w)
    return " ".join(w for w in (QUALIFIER_WORDS[qualifier], shown) if w)


def format_vn_date(date: _dt.date | str) -> str:
    """CLDR "long" date in Vietnamese: 2026-01-26 -> "26 tháng 1, 2026"."""
    if isinstance(date, str):
        date = _dt.date.fromisoformat(date)
    return format_date(date, format="long", locale=LOCALE)
