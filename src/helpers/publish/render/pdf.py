"""The PDF: pandoc typst writer with the report template, then typst (Python binding) to PDF.

Fonts come only from `report/fonts`: typst ignores the system fonts, the template names a shipped
font stack for every text and turns off typst's fallback to its own embedded fonts, and a
character that no font of the stacks has stops the build (typst would draw an empty box without a
warning); any typst warning fails the build too. The creation date
is the report's date, never the clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typst

from helpers.present import fonts
from helpers.present.status_style import status_typst

from .errors import RenderError
from .html import TEMPLATES
from .pandoc import document_args, run_pandoc


def render_typst(markdown: Path, meta_file: Path, bibliography: Path, workdir: Path, where: str) -> str:
    args = document_args(markdown, "typst-citations", TEMPLATES / "report.typ", meta_file, bibliography)
    return run_pandoc(args, workdir, where)


def check_glyphs(typ_text: str, fonts_dir: Path, where: str) -> None:
    """Refuse typst source holding a character that no font stack of the PDF covers."""
    try:
        have = fonts.pdf_codepoints(Path(fonts_dir))
    except LookupError:
        return  # a font family of the template is missing: typst names it in a warning
    missing = fonts.uncovered(typ_text, have=have)
    if not missing:
        return
    first = next(ln.strip() for ln in typ_text.splitlines() if any(c in ln for c in missing))
    raise RenderError(where, f"the PDF would print {fonts.describe_chars(missing)}, which no "
                      f"font in {fonts_dir} has (first in: {first[:160]!r}); add a font "
                      "that has it to report/fonts (see its README) or write it otherwise")


def compile_pdf(typ: Path, workdir: Path, fonts: Path, day: dt.date, where: str) -> bytes:
    """Compile `typ` (image paths relative to `workdir`) to PDF bytes, each verdict's sign and
    word in its colour (`helpers.present.status_style`)."""
    text = typ.read_text(encoding="utf-8")
    check_glyphs(text, fonts_dir=fonts, where=where)
    if not text.startswith(status_typst()):
        typ.write_text(status_typst() + text, encoding="utf-8")
    stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    try:
        pdf, warnings = typst.compile_with_warnings(
            str(typ), root=str(workdir), font_paths=[str(fonts)], ignore_system_fonts=True,
            format="pdf", timestamp=stamp)
    except Exception as exc:  # typst raises TypstError with the diagnostics in its message
        raise RenderError(where, f"typst failed: {exc}") from None
    if warnings:
        raise RenderError(where, "typst warnings: " + "; ".join(str(w) for w in warnings))
    return pdf
