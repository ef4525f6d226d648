"""Does the quote state the value (rule 7), and do its hedge words agree with the qualifier (rule 8)?"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from helpers.data.numbers import NumberMatch, find_numbers

REL_TOL = Decimal("1e-9")
NEAR_WORDS = 4   # hedge words this close before the number count
CLAUSE_WORDS = 12  # "dự kiến"-type words may sit further back in the same sentence

HEDGES = {
    ">": ("hơn", "trên", "vượt", "more than", "over", "above"),
    ">=": ("ít nhất", "tối thiểu", "at least", "không dưới"),
    "~": ("khoảng", "gần", "ước", "ước tính", "dự kiến", "xấp xỉ", "approximately", "about", "around",
          "nearly"),
    "<": ("dưới", "less than", "below"),
    "<=": ("tối đa", "không quá", "at most"),
}
RANK_HEDGES = {"<=": ("nhóm", "top")}
# Words that may stand further back in the clause and still hedge the number.
CLAUSE_HEDGES = {"~": ("dự kiến", "ước tính", "ước")}
# Words that hedge only right before the number ("trên 31%", "trên mức 80"), since they are also
# common prepositions ("trình độ trên đại học chiếm 57,73%").
ADJACENT_ONLY = ("trên", "dưới", "over", "above", "below")
_ADJACENT_FILLERS = (["mức"], ["mốc"], ["vnd"], ["vnđ"], ["usd"])
# Phrases whose hedge-looking word means something else ("trên địa bàn" = in the area).
NOT_HEDGES = ("trên địa bàn", "trên toàn", "trên cả nước", "trên thế giới", "trên cổng", "trên nền tảng", "trên đại học",
              "gần đây", "dưới sự", "cao hơn", "thấp hơn", "lớn hơn", "nhỏ hơn", "tốt hơn", "over the",
              "about the", "ước mơ")
_BOUNDARY = re.compile(r"[;:!?()\[\]\n]|[.,](?!\d)|\s[-–—]\s")
_SENTENCE = re.compile(r"[;!?\n]|[.](?!\d)")
_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*|%", re.UNICODE)


@dataclass(frozen=True)
class Hedge:
    qualifier: str
    word: str


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _find_hedge(words: list[str], table: dict[str, tuple[str, ...]]) -> Hedge | None:
    """The hedge phrase closest to the end of `words` (longest wins on a tie)."""
    text = " ".join(words)
    best: tuple[int, int, Hedge] | None = None
    for qualifier, phrases in table.items():
        for phrase in phrases:
            for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
                between = text[m.end():].split()
                if phrase in ADJACENT_ONLY and not (between == [] or between in _ADJACENT_FILLERS):
                    continue
                key = (m.end(), len(phrase))
                if best is None or key > best[:2]:
                    best = (m.end(), len(phrase), Hedge(qualifier, phrase))
    return best[2] if best else None


def hedge_before(quote: str, match: NumberMatch, unit: str | None = None) -> Hedge | None:
    """The hedge word governing the number at `match`, if any.

    Looks at the last few words before the number in its clause (stopping at an earlier number,
    whose hedge it would be), then up to 12 words back in the sentence for expectation words
    (dự kiến, ước tính: "Ước tính đến hết năm 2025, Hải Phòng thu ngân sách đạt 187.766,6 tỷ").
    """
    before = _norm(unicodedata.normalize("NFC", quote)[: match.start])
    for phrase in NOT_HEDGES:
        before = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", lambda m: "x" * len(m.group()), before)
    words = _WORD.findall(_BOUNDARY.split(before)[-1])
    sentence = _WORD.findall(_SENTENCE.split(before)[-1])
    near = words[-NEAR_WORDS:]
    for i in range(len(near) - 1, -1, -1):
        if near[i][0].isdigit():
            near = near[i + 1:]
            break
    table = dict(HEDGES)
    if unit == "rank":
        table = {**table, "<=": table["<="] + RANK_HEDGES["<="]}
    return _find_hedge(near, table) or _find_hedge(sentence[-CLAUSE_WORDS:], CLAUSE_HEDGES)


def equal(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def matching_numbers(quote: str, value: Decimal, unit: str | None, language: str) -> list[NumberMatch]:
    """The numbers of `quote` that, times their scale word, equal `value` in `unit`."""
    return [m for m in find_numbers(quote, language) if equal(m.amount(unit), value)]


def check_quote(quote: str, value: Decimal, qualifier: str, unit: str | None,
                language: str) -> list[tuple[str, str, str]]:
    """Problems as (column, message, fix); empty when the quote states the value and its hedge."""
    quote = unicodedata.normalize("NFC", quote)
    numbers = find_numbers(quote, language)
    matches = [m for m in numbers if equal(m.amount(unit), value)]
    shown_value = format(value.normalize(), "f")
    if not matches:
        seen = "; ".join(m.describe(unit) for m in numbers) or "none"
        fmt = "Vietnamese format: 100.000, 58,09" if language == "vi" else "English format: 100,000, 58.09"
        fix = ("correct the value or the quote, or start the note with 'derived:' and say how the value "
               "was obtained")
        if language == "vi" and any(equal(m.amount(unit), value * 1000) for m in numbers):
            fix = (f"the quote states {format(value * 1000, 'f').rstrip('0').rstrip('.')}: '.' in the "
                   f"quote separates thousands; write the value without it")
        return [("quote", f"no number in the quote equals the value {shown_value} ({unit}); numbers read "
                          f"({fmt}): {seen}", fix)]
    hedges = [hedge_before(quote, m, unit) for m in matches]
    for h in hedges:
        if (h.qualifier if h else "=") == qualifier:
            return []
    m, h = matches[0], hedges[0]
    if h:
        at = quote.lower().rfind(h.word, 0, m.start)
        said = quote[at: m.end] if 0 <= at and m.start - at < 80 else f"{h.word} ... {m.text}"
        return [("qualifier", f"quote says '{said}' but qualifier is '{qualifier}'",
                 f"set qualifier to '{h.qualifier}'")]
    return [("qualifier", f"qualifier is '{qualifier}' but the quote has no hedge word before {m.text} "
                          f"({', '.join(HEDGES.get(qualifier, ('a hedge word',))[:3])}, ...)",
             "set qualifier to '=' or quote the passage with the hedge word, or explain in a 'derived:' note")]
