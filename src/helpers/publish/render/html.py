"""The self-contained HTML page: pandoc html5 with the report template, inline CSS, one Vega
runtime for the whole page and the script that draws each chart from its compiled Vega spec.
Nothing is loaded from outside the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers.present.status_style import status_css

from .downloads import top_links_html
from .errors import RenderError
from .page_links import finish_links
from .pandoc import document_args, run_pandoc
from .vega import TEMPLATES, chart_script, runtime_element
from .webfonts import font_face_css

HEADINGS_FILTER = Path(__file__).with_name("headings.lua")


def _script(text: str) -> str:
    return f"<script>\n{text}\n</script>"


def page_css() -> str:
    """The page's style sheet, in both renderers: report.css without its comments (they are for
    whoever edits it; the page keeps to its budget) and the verdicts' colours
    (`helpers.present.status_style`, the overview figure's palette)."""
    css = re.sub(r"/\*.*?\*/\s*", "", (TEMPLATES / "report.css").read_text(encoding="utf-8"), flags=re.S)
    return css + status_css() + "\n"


def page_scripts(charts: int) -> tuple[str, str]:
    """The scripts of a page with `charts` charts: (end of <head>, end of <body>).

    Both renderers put them into their pages, so that the charts draw the same way: the head
    carries the chart font (`webfonts`), the error recorder, the disclosures that printing
    opens and the page's navigation (`navigation.js`); the chart runtime (deflated, `vega.runtime_element`) goes at the end of the body, so that
    the text is shown before it is read.
    """
    head = (f"<style>\n{font_face_css()}\n</style>\n"
            + _script((TEMPLATES / "errors.js").read_text(encoding="utf-8")) + "\n"
            + _script((TEMPLATES / "print.js").read_text(encoding="utf-8")) + "\n"
            + _script((TEMPLATES / "navigation.js").read_text(encoding="utf-8")))
    body = ""
    if charts:
        body = runtime_element() + "\n" + _script(chart_script())
    return head, body


def render_html(markdown: Path, meta_file: Path, bibliography: Path, workdir: Path,
                charts: int, where: str) -> str:
    """HTML text of the expanded document `markdown` (written by the caller into `workdir`)."""
    # Sections are shifted one level down after citeproc (headings.lua): the TOC keeps showing
    # sections and subsections, now h2 and h3.
    args = document_args(markdown, "html5", TEMPLATES / "report.html", meta_file, bibliography,
                         "--section-divs", "--lua-filter", str(HEADINGS_FILTER), "--toc", "--toc-depth=3")
    # pandoc repeats each citation's ids in a data-cites attribute that nothing reads, and aligns
    # each cell with its own style attribute: a class is a third of the bytes
    page = re.sub(r' data-cites="[^"]*"', "", run_pandoc(args, workdir, where))
    page = re.sub(r'<(td|th) style="text-align: (right|center);">', r'<\1 class="hp-\2">', page)
    page = finish_links(page)
    head, body = page_scripts(charts)
    css = page_css()
    for marker, text in (("/*HP-CSS*/", css), ("<!--HP-HEAD-SCRIPTS-->", head),
                         ("<!--HP-TOP-LINKS-->", top_links_html()), ("<!--HP-BODY-SCRIPTS-->", body)):
        if page.count(marker) != 1:
            raise RenderError(where, f"the HTML template lost its {marker} marker")
        page = page.replace(marker, text)
    return page
