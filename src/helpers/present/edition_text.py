"""An edition's name and dates as readers see them (light: read by the renderer on every build)."""

from __future__ import annotations

import datetime as dt

from helpers.data.edition import Edition

EDITION_WORD = "ấn bản"
RECONSTRUCTED_WORDS = "dựng lại từ dữ liệu hiện có, chưa từng công bố"


def edition_name(edition: Edition | dict) -> str:
    """"ấn bản 2026"; a reconstruction says so."""
    get = edition.get if isinstance(edition, dict) else lambda key, default=None: getattr(edition, key, default)
    name = f"{EDITION_WORD} {get('id')}"
    return f"{name} ({RECONSTRUCTED_WORDS})" if get("reconstructed", False) else name


def date_text(day: dt.date | str) -> str:
    """"15 tháng 1 năm 2026", as the title block writes dates."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.day} tháng {day.month} năm {day.year}"
