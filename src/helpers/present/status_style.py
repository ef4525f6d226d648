"""How a verdict looks: its sign, its word and its colour, defined once.

Presentation only, and light (no imports beyond the standard library), so that the overview
figure (``helpers.present.charts``), the scorecard's words (``helpers.present.scorecard_text``) and the page
(``helpers.publish.render``) read the same palette. A verdict is always sign + colour + word, never
colour alone; every colour reaches WCAG AA for text (4.5:1) on the page's white.
"""

from __future__ import annotations

import re

PAPER = "#ffffff"
# Colour of each headline class (the overview's legend, the status cells of the tables).
STATUS_COLOURS = {
    "met": "#00795A",
    "missed": "#B35C00",
    "on_track": "#0072B2",
    "off_track": "#AA4499",
    "uncertain": "#7A6A00",
    "not_assessable": "#767676",
}
# Sign and word of each verdict; the signs differ at a glance (× is the overview's cross; the
# others are in Noto Sans Math, which the PDF's font stacks fall back to).
STATUS_LABELS = {
    "met": "⊕ Đạt",
    "missed": "× Không đạt",
    "reached_early": "⦿ Đã đạt sớm, cần giữ",
    "substantial_progress": "↑ Tiến bộ đáng kể",
    "moderate_progress": "↗ Tiến bộ vừa phải",
    "limited_progress": "→ Tiến bộ hạn chế",
    "deterioration": "↓ Đi lùi",
    "not_assessable": "∅ Chưa đánh giá được",
}
UNCERTAIN_LABEL = "≟ Chưa chắc chắn"
# The headline class a verdict's colour comes from (``target_identity.headline_class``).
STATUS_CLASS = {"met": "met", "missed": "missed", "reached_early": "on_track",
                "substantial_progress": "on_track", "moderate_progress": "off_track",
                "limited_progress": "off_track", "deterioration": "off_track",
                "not_assessable": "not_assessable"}
CSS_PREFIX = "hp-st-"


def label_class(text: str) -> str | None:
    """The headline class of a status text that opens with a verdict's sign and word
    ("≟ Chưa chắc chắn (tiến bộ vừa phải); …" is uncertain), or None."""
    if text.startswith(UNCERTAIN_LABEL):
        return "uncertain"
    for status, label in STATUS_LABELS.items():
        if re.match(re.escape(label) + r"(?![\w])", text):
            return STATUS_CLASS[status]
    return None


def css_class(headline: str) -> str:
    return CSS_PREFIX + headline.replace("_", "-")


def status_css() -> str:
    """The page's rules for the status cells: one colour per class, from ``STATUS_COLOURS``."""
    return "".join(f".{css_class(k)}{{color:{v}}}" for k, v in STATUS_COLOURS.items())


def status_typst() -> str:
    """Typst show rules that print each verdict's sign and word in its colour (the PDF's status
    cells, in both renderers: ``helpers.publish.render.pdf.compile_pdf`` puts them before the document)."""
    rules = [(label, STATUS_COLOURS[STATUS_CLASS[status]]) for status, label in STATUS_LABELS.items()]
    rules.append((UNCERTAIN_LABEL, STATUS_COLOURS["uncertain"]))
    return "".join(f'#show "{label}": set text(fill: rgb("{colour}"))\n' for label, colour in rules)


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours "#rrggbb" (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
