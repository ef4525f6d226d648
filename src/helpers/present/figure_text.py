"""How the report writes one stored figure or target in Vietnamese, with its qualifier and unit.

Stored figures are shown with the digits they were published with (no rounding): 84.199,2;
0,7857. Ranks read "hạng 4"; a rank target `<= 5` reads "nhóm 5 dẫn đầu".
"""

from __future__ import annotations

import math

from helpers.data.contract import UNITS
from helpers.present.tables import MISSING, format_bound, format_number, format_value


def unit_label(unit: str | None) -> str:
    """The label printed after a number: "tỷ đồng", "%", "điểm"; "" for ranks, counts, indices."""
    if unit in (None, "", "rank", "count", "index"):
        return ""
    return UNITS[unit][0]


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def value_text(value, qualifier: str = "=", unit: str | None = None, decimals: int | None = None) -> str:
    """A figure in words: "hơn 390", "khoảng 1.329", "58,09 điểm", "hạng 4", "khoảng 196.151 tỷ đồng"."""
    if _missing(value):
        return MISSING
    if unit == "rank":
        word = format_value(value, qualifier or "=", decimals).rsplit(" ", 1)
        number = word[-1]
        prefix = word[0] + " " if len(word) == 2 else ""
        return f"{prefix}hạng {number}"
    return format_value(value, qualifier or "=", decimals, unit_label(unit))


def target_text(value, qualifier: str = "=", unit: str | None = None, decimals: int | None = None) -> str:
    """A target with its type as a sign: "> 31%", "≥ 80%", "0,786", "nhóm 5 dẫn đầu"."""
    if _missing(value):
        return MISSING
    if unit == "rank":
        number = format_number(value, decimals)
        if qualifier in ("<=", "<"):
            return f"nhóm {number} dẫn đầu" if qualifier == "<=" else f"trên hạng {number}"
        return f"hạng {number}"
    return format_bound(value, qualifier or "=", decimals, unit_label(unit))


def percent_text(fraction, decimals: int = 1, signed: bool = False) -> str:
    """0.0712 -> "7,1%"; with `signed`, "+7,1%" / "-2,0%"."""
    if _missing(fraction):
        return MISSING
    text = format_number(fraction * 100, decimals) + "%"
    return ("+" + text) if signed and fraction * 100 >= 0.5 * 10 ** -decimals else text


def reader_notes(rows, titles) -> str:
    """The reader's notes (`note_vi` of data/values.csv) of the rows a figure or table shows, as
    Markdown to print under it: one line per distinct note, naming the figures it belongs to
    ("Điểm DTI 2024, Hải Phòng (trước hợp nhất): …"); "" when no row has a note.

    rows: the figure's rows (`indicator`, `geo`, `year`, `note_vi`); titles: indicator -> title.
    """
    from helpers.data.contract import GEOS

    notes: dict[str, list[str]] = {}
    for r in rows.itertuples(index=False):
        note = getattr(r, "note_vi", "")
        if not isinstance(note, str) or not note.strip():
            continue
        label = f"{titles[r.indicator]} {int(r.year)}, {GEOS.get(r.geo, r.geo)}"
        labels = notes.setdefault(note.strip(), [])
        if label not in labels:
            labels.append(label)
    if not notes:
        return ""
    lines = [f"- {'; '.join(labels)}: {note}" for note, labels in notes.items()]
    return "**Ghi chú về số liệu:**\n\n" + "\n".join(lines) + "\n"
