"""The PDF: pandoc typst writer with the report template, then typst (Python binding) to PDF.

Fonts come only from `report/fonts` (plus typst's embedded fonts), so the PDF does not depend on
the machine; any typst warning (a missing font or glyph, ...) fails the build. The creation date
is the report's date, never the clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typst

from .errors import RenderError
from .html import TEMPLATES
from .pandoc import document_args, run_pandoc


def render_typst(markdown: Path, meta_file: Path, bibliography: Path, workdir: Path, where: str) -> str:
    args = document_args(markdown, "typst-citations", TEMPLATES / "report.typ", meta_file, bibliography)
    return run_pandoc(args, workdir, where)


def compile_pdf(typ: Path, workdir: Path, fonts: Path, day: dt.date, where: str) -> bytes:
    """Compile `typ` (image paths relative to `workdir`) to PDF bytes."""
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
