"""The shipped fonts (`report/fonts/`): what they cover, and a font setup that sees nothing else.

Charts (vl-convert) and the PDF (typst) lay text out with these fonts only, so that committed
chart outputs and the PDF do not depend on the fonts of the machine that built them:
- vl-convert 1.9 reads the system font folders through fontconfig's configuration files; pointing
  `FONTCONFIG_FILE` at a configuration whose only `<dir>` is `report/fonts` before its first
  conversion in a process makes it see the shipped fonts and nothing else (an *empty*
  configuration does not: it then falls back to /usr/share/fonts);
- typst gets `font_paths=[report/fonts]` and `ignore_system_fonts=True` (its embedded fonts stay
  available, so the template names a shipped font for every text, and a test checks that the PDF
  embeds no other font).

Chart text must be covered by the chart font itself: a character it lacks would be drawn with
whatever fallback face the renderer picks first (`uncovered`, checked for every chart).
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from helpers import PROJECT_ROOT

FONT_DIR = PROJECT_ROOT / "report" / "fonts"
FONT_SUFFIXES = (".ttf", ".otf")
CHART_FONT = "Noto Sans"
# The PDF's font stacks (report.typ): each main face, then these for what it lacks.
PDF_MAIN_FONTS = ("Noto Serif", "Noto Sans", "Noto Sans Mono")
PDF_EXTRA_FONTS = ("Noto Sans Math", "Noto Sans CJK JP")
# Characters of layout, not of text: never looked up in a font.
LAYOUT_CHARS = frozenset("\n\r\t\f\u00ad\u200b")

# The CJK subset (see `subset_cjk`): whole kana and CJK punctuation blocks, plus the ideographs
# that the data use.
CJK_SUBSET_FILE = "NotoSansCJKjp-Subset.otf"
CJK_BLOCKS = ((0x3000, 0x303F), (0x3040, 0x309F), (0x30A0, 0x30FF), (0xFF00, 0xFFEF))


@dataclass(frozen=True)
class Face:
    path: Path
    family: str
    codepoints: frozenset[int]


@functools.lru_cache(maxsize=None)
def shipped_faces(font_dir: Path = FONT_DIR) -> tuple[Face, ...]:
    """Every face in `font_dir`, sorted by file name."""
    from fontTools.ttLib import TTFont

    faces = []
    for path in sorted(p for p in Path(font_dir).iterdir() if p.suffix.lower() in FONT_SUFFIXES):
        font = TTFont(str(path), lazy=True)
        name = font["name"]
        family = name.getBestFamilyName() or path.stem
        faces.append(Face(path, family, frozenset(font.getBestCmap() or {})))
        font.close()
    return tuple(faces)


def family_codepoints(family: str, font_dir: Path = FONT_DIR) -> frozenset[int]:
    """Code points that every shipped face of `family` covers (regular, bold, italic alike)."""
    sets = [f.codepoints for f in shipped_faces(font_dir) if f.family == family]
    if not sets:
        raise LookupError(f"no font of family {family!r} in {font_dir}")
    return frozenset.intersection(*sets)


def all_codepoints(font_dir: Path = FONT_DIR) -> frozenset[int]:
    """Code points that at least one shipped face covers."""
    return frozenset().union(*(f.codepoints for f in shipped_faces(font_dir)))


@functools.lru_cache(maxsize=None)
def pdf_codepoints(font_dir: Path = FONT_DIR) -> frozenset[int]:
    """Code points that every font stack of the PDF covers (its main face or an extra one)."""
    extra = frozenset().union(*(family_codepoints(f, font_dir) for f in PDF_EXTRA_FONTS))
    return frozenset.intersection(*(family_codepoints(f, font_dir) | extra for f in PDF_MAIN_FONTS))


def uncovered(text: str, family: str | None = None, font_dir: Path = FONT_DIR,
              have: frozenset[int] | None = None) -> list[str]:
    """Characters of `text` (in order of first use) that `family` lacks; with neither `family`
    nor `have`, the characters that no shipped font has."""
    if have is None:
        have = family_codepoints(family, font_dir) if family else all_codepoints(font_dir)
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in LAYOUT_CHARS and not ch.isspace() and ord(ch) not in have:
            seen.setdefault(ch)
    return list(seen)


def describe_chars(chars: list[str]) -> str:
    """'"≤" (U+2264 LESS-THAN OR EQUAL TO), ...' for error messages."""
    import unicodedata

    return ", ".join(f'"{c}" (U+{ord(c):04X} {unicodedata.name(c, "?")})' for c in chars)


def fontconfig_text(font_dir: Path = FONT_DIR) -> str:
    """A fontconfig configuration whose only font folder is `font_dir`."""
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            f"<fontconfig>\n  <dir>{escape(str(Path(font_dir).resolve()))}</dir>\n</fontconfig>\n")


@functools.lru_cache(maxsize=None)
def fontconfig_file(font_dir: Path = FONT_DIR) -> Path:
    """A fonts.conf naming only `font_dir`, in the temporary folder under a name made from its
    content, so that every process of every build shares one file per font folder."""
    text = fontconfig_text(font_dir)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"hp-fontconfig-{digest}.conf"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # atomic: a parallel kernel never reads a half-written file
    return path


def shipped_fonts_env(font_dir: Path = FONT_DIR) -> dict[str, str]:
    """Environment entries that make fontconfig readers (vl-convert) see only `font_dir`."""
    return {"FONTCONFIG_FILE": str(fontconfig_file(font_dir))}


def use_shipped_fonts_only(font_dir: Path = FONT_DIR) -> None:
    """Set FONTCONFIG_FILE for this process; call before vl-convert's first conversion."""
    os.environ.update(shipped_fonts_env(font_dir))


def subset_cjk(source: Path, chars: str, out: Path, font_number: int = 0) -> Path:
    """Write the Japanese face of a Noto Sans CJK collection, cut to the kana blocks and `chars`.

    `source` is Debian's fonts-noto-cjk `NotoSansCJK-Regular.ttc` (face 0 is Noto Sans CJK JP).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), fontNumber=font_number)
    unicodes = {cp for lo, hi in CJK_BLOCKS for cp in range(lo, hi + 1)}
    unicodes |= {ord(c) for c in chars}
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_legacy = True
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.save(str(out))
    return out


def _main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.present.fonts",
                                     description="Rebuild the CJK subset in report/fonts from the data.")
    parser.add_argument("source", type=Path, help="NotoSansCJK-Regular.ttc (Debian fonts-noto-cjk)")
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "data")
    args = parser.parse_args(argv)
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(args.data_dir.iterdir())
                   if p.suffix in (".csv", ".yml", ".yaml"))
    others = frozenset().union(*(f.codepoints for f in shipped_faces()
                                 if f.path.name != CJK_SUBSET_FILE))
    chars = "".join(sorted({c for c in text if ord(c) >= 0x2E80 and ord(c) not in others}))
    out = subset_cjk(args.source, chars, FONT_DIR / CJK_SUBSET_FILE)
    print(f"{out}: kana blocks + {len(chars)} characters from {args.data_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
