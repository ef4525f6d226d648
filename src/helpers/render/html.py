"""The self-contained HTML page: pandoc html5 with the report template, inline CSS, one Vega
bundle for the whole page and the per-chart embed script. Nothing is loaded from outside the file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import vl_convert as vlc

from .errors import RenderError
from .pandoc import document_args, run_pandoc

TEMPLATES = Path(__file__).with_name("templates")
# The Vega-Lite version the chart module draws its SVGs with (helpers.display.VL_VERSION).
VL_VERSION = "5.21"


@lru_cache(maxsize=2)
def vega_bundle(vl_version: str = VL_VERSION) -> str:
    """Vega, Vega-Lite and vega-embed as one script (about 900 kB), safe inside <script>."""
    bundle = vlc.javascript_bundle(vl_version=vl_version)
    return bundle.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _script(text: str) -> str:
    return f"<script>\n{text}\n</script>"


def page_scripts(charts: int) -> tuple[str, str]:
    """The scripts of a page with `charts` charts: (end of <head>, end of <body>).

    Both renderers put them into their pages, so that the charts draw the same way.
    """
    head = _script((TEMPLATES / "errors.js").read_text(encoding="utf-8"))
    body = ""
    if charts:
        time_locale = json.dumps(vlc.get_time_format_locale("vi-VN"), ensure_ascii=False, sort_keys=True)
        embed = (TEMPLATES / "charts.js").read_text(encoding="utf-8").replace("__HP_TIME_LOCALE__", time_locale)
        head += "\n" + _script(vega_bundle())
        body = _script(embed)
    return head, body


def render_html(markdown: Path, meta_file: Path, bibliography: Path, workdir: Path,
                charts: int, where: str) -> str:
    """HTML text of the expanded document `markdown` (written by the caller into `workdir`)."""
    args = document_args(markdown, "html5", TEMPLATES / "report.html", meta_file, bibliography,
                         "--toc", "--toc-depth=2")
    page = run_pandoc(args, workdir, where)
    head, body = page_scripts(charts)
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    for marker, text in (("/*HP-CSS*/", css), ("<!--HP-HEAD-SCRIPTS-->", head),
                         ("<!--HP-BODY-SCRIPTS-->", body)):
        if page.count(marker) != 1:
            raise RenderError(where, f"the HTML template lost its {marker} marker")
        page = page.replace(marker, text)
    return page
