"""The chart font inside the HTML page: Noto Sans regular and bold, cut to the Vietnamese Latin
characters, as WOFF `@font-face` rules with data URLs; and Noto Sans Math cut to the verdicts'
signs (`helpers.present.status_style`), which Noto Sans lacks and many systems have no face for.

Chart labels are laid out in pixels for Noto Sans (`helpers.present.charts`); a reader's browser without
that font would draw them in another face, wider or narrower, and labels would collide. With the
face in the page, every browser draws the layout the report was built with (headings, captions
and tables, which name Noto Sans first, use it too).
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache

from helpers.present.fonts import CHART_FONT, FONT_DIR
from helpers.present.status_style import STATUS_LABELS, UNCERTAIN_LABEL

from . import render_cache

FACES = (("NotoSans-Regular.ttf", 400), ("NotoSans-Bold.ttf", 700))
# Basic Latin, Latin-1, the Vietnamese letters (Latin Extended-A/B and Extended Additional) and
# the punctuation the report writes (dashes, quotes, ellipsis, thin and no-break spaces, dong
# sign, minus).
VIETNAMESE = frozenset(
    list(range(0x20, 0x7F)) + list(range(0xA0, 0x100))
    + [0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1A0, 0x1A1, 0x1AF, 0x1B0]
    + list(range(0x300, 0x305)) + [0x309, 0x323]
    + list(range(0x1EA0, 0x1EFA))
    + [0x2009, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x202F, 0x20AB, 0x2212])
# The verdicts' signs the page's Noto Sans lacks: a face of their own, next in the font stacks.
SIGN_FONT = "Noto Sans Math"
SIGNS = frozenset(ord(label[0]) for label in (*STATUS_LABELS.values(), UNCERTAIN_LABEL)) - VIETNAMESE
FEATURES = ["kern", "liga", "mark", "mkmk", "ccmp", "locl"]


def subset_woff(file: str, codepoints: frozenset[int] = VIETNAMESE) -> bytes:
    """One shipped face cut to `codepoints`, as WOFF bytes (the same bytes on every run), kept in
    the render cache under the font's bytes, the code points, the options and fontTools' version."""
    import fontTools

    inputs = {"font": render_cache.digest((FONT_DIR / file).read_bytes()), "codepoints": sorted(codepoints),
              "features": FEATURES, "fonttools": fontTools.version,
              "code": render_cache.source_of(_subset_woff)}
    return render_cache.cached_bytes("font-subset", inputs, lambda: _subset_woff(file, codepoints))


def _subset_woff(file: str, codepoints: frozenset[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONT_DIR / file), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = FEATURES
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    font.flavor = "woff"
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """The `@font-face` rules of the chart font (about 40 kB) and of the verdicts' signs (2 kB)."""
    rules = []
    for file, weight in FACES:
        data = base64.b64encode(subset_woff(file)).decode("ascii")
        rules.append(f'@font-face {{ font-family: "{CHART_FONT}"; font-style: normal; '
                     f"font-weight: {weight}; font-display: block; "
                     f'src: url(data:font/woff;base64,{data}) format("woff"); }}')
    data = base64.b64encode(subset_woff("NotoSansMath-Regular.ttf", SIGNS)).decode("ascii")
    rules.append(f'@font-face {{ font-family: "{SIGN_FONT}"; font-display: block; '
                 f'src: url(data:font/woff;base64,{data}) format("woff"); }}')
    return "\n".join(rules)
