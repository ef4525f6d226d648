"""The Quarto path: Quarto renders the very document the embedded renderer renders, in a scratch
copy of the project, so that nothing is written into the source tree.

Shared with the embedded renderer (helpers.publish.render): the checks of the document (every problem
names its file and line), the expansion of each embed into its figure or table with its sources
line, the bibliography of every source in data/sources.yml, the colophon, the chart scripts and
styles of the HTML page, the PDF table layout (tables.lua) and the PDF compiler (shipped fonts
only, any typst warning fails). Quarto does the rest: title block, table of contents, section
numbers, numbering and cross-references, callouts, citations, its HTML theme and typst template.
Quarto never sees the notebooks, so it executes nothing and adds no notebook links.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from . import (HTML_NAME, PDF_NAME, RenderResult, _expanded, check_report, citation_section,
               colophon_markdown, updated_line)
from . import render_cache
from .bibliography import CITATION_STYLE, QUARTO_BIBLIOGRAPHY, csl_items
from .downloads import top_links_html, write_downloads
from .errors import RenderError
from .html import page_css, page_scripts
from .page_links import closing_div, finish_links
from .qmd_scan import CALLOUT_TYPES, parse_attrs
from .pdf import compile_pdf

# The Quarto version the parity test (tests/test_quarto_parity.py) ran against.
TESTED_VERSION = "1.11.0"
CONFIG = "_quarto.yml"
FILTER = Path(__file__).with_name("quarto_filter.lua")
# The two documents of the scratch project: the same text, expanded for each output.
HTML_DOC = "report/report.qmd"
PDF_DOC = "report/report-pdf.qmd"
QUARTO_FILES = Path("report") / "quarto"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
QMD_LINE = re.compile(r"report(?:-pdf)?\.qmd(?::| \(line |, line |.{0,40}?line )(\d+)")


def find_quarto() -> tuple[str, str]:
    """(path, version) of the `quarto` on PATH."""
    path = shutil.which("quarto")
    if path is None:
        raise RenderError("", "quarto is not on PATH (install it, see README.md, or use --renderer embedded)")
    try:
        proc = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError("", f"{path} --version failed: {exc}") from None
    version = ANSI.sub("", proc.stdout).strip().splitlines()[-1:] or [""]
    if proc.returncode != 0 or not version[0]:
        raise RenderError("", f"{path} --version failed: {ANSI.sub('', proc.stderr).strip()[:300]}")
    return path, version[0]


def version_warning(version: str) -> str | None:
    """A warning when `version` is not the Quarto the parity test ran against."""
    if version == TESTED_VERSION:
        return None
    return (f"warning: this is Quarto {version}; the report is tested with Quarto {TESTED_VERSION} "
            "(tests/test_quarto_parity.py); compare with --renderer embedded if anything looks wrong")


def scratch_config(project_root: Path) -> dict:
    """The project's _quarto.yml for the scratch copy: two documents, PDF via our typst compile."""
    config = yaml.safe_load((project_root / CONFIG).read_text(encoding="utf-8")) or {}
    config["project"] = {"type": "default", "render": [HTML_DOC, PDF_DOC]}
    config["filters"] = [str(FILTER)]
    config["csl"] = str(CITATION_STYLE)
    formats = config.setdefault("format", {})
    # Quarto writes the typst source only; compile_pdf turns it into the PDF as for the embedded
    # renderer (shipped fonts only, the report's date as creation date).
    formats.setdefault("typst", {})["output-ext"] = "typ"
    # Straight quotes stay straight, as the embedded renderer reads (pandoc's `smart` off): a
    # verbatim quote ("the city's") is printed as its source writes it.
    for fmt in ("html", "typst"):
        formats.setdefault(fmt, {})["from"] = "markdown-smart"
    return config


def _document(front_matter: dict, body: str, fmt: str) -> tuple[str, int]:
    """The text of one scratch document and the number of lines before its body."""
    head = "---\n" + yaml.safe_dump({**front_matter, "format": fmt}, allow_unicode=True, sort_keys=True) + "---\n"
    return head + body, head.count("\n")


def _front_matter(project) -> dict:
    """The document's front matter for Quarto, with the edition's publication date as `date`."""
    return {**project.meta, "date": project.date.isoformat()}


def _quarto_error(text: str, scratch: Path, where: str, offset: int, origins: list[int],
                  config_text: str) -> RenderError:
    """A RenderError naming the source file and line of Quarto's first complaint."""
    clean = ANSI.sub("", text).replace(str(scratch) + os.sep, "").replace(str(scratch), ".")
    lines = [ln for ln in clean.splitlines() if ln.strip()]
    first = next((i for i, ln in enumerate(lines) if re.match(r"\s*(ERROR|Error|error)", ln)), 0)
    shown = "\n".join(lines[first:first + 12]) or "quarto render failed without a message"
    m = QMD_LINE.search(clean)
    if CONFIG in clean and (field := re.search(r'[Ff]ield "?([\w-]+)"?', clean)):
        # The scratch _quarto.yml is the project's, rewritten: name the key's line in the original.
        where = CONFIG
        for number, line in enumerate(config_text.split("\n"), start=1):
            if re.match(rf"\s*{re.escape(field.group(1))}\s*:", line):
                where = f"{CONFIG}:{number}"
                break
    elif m and 0 < int(m.group(1)) - offset <= len(origins):
        where = f"{where}:{origins[int(m.group(1)) - offset - 1]}"
    return RenderError(where, f"quarto render failed:\n{shown}")


SCROLL_BOX = '<div class="hp-scroll" tabindex="0">'


def scroll_tables(page: str) -> str:
    """Every table of the page in its own horizontal scroll box (first column kept in view by the
    `.hp-scroll` rules), as the embedded renderer's tables are: a wide table never widens the
    page on a phone."""
    # Only the document's own content: Quarto's inline scripts may spell out HTML.
    start, end = page.find("<main"), page.rfind("</main>")
    if start < 0 or end < start:
        return page
    main = page[start:end]

    def wrap(m: re.Match) -> str:
        if main.endswith(SCROLL_BOX, 0, m.start()):
            return m.group(0)
        return f"{SCROLL_BOX}{m.group(0)}</div>"
    return page[:start] + re.sub(r"<table\b.*?</table>", wrap, main, flags=re.S) + page[end:]


CALLOUT_OPEN = re.compile(r"^(:{3,})\s*(?:\{(.*)\}|([\w-]+))\s*$")   # ::: {.callout-x} or ::: callout-x


def html_callouts(body: str, labels: dict[str, str]) -> str:
    """The callouts of the HTML document as plain divs with their title in a div of its own:
    Quarto's minimal page would turn them into untyped block quotes with English default titles.
    `as_embedded_page` gives them the embedded page's classes."""
    out = []
    for line in body.split("\n"):
        m = CALLOUT_OPEN.match(line)
        kinds = []
        if m:
            _, classes, keys = parse_attrs(m.group(2) if m.group(2) is not None else m.group(3), "")
            kinds = [c[len("callout-"):] for c in classes if c.startswith("callout-")]
        if kinds and kinds[0] in CALLOUT_TYPES:
            kind = kinds[0]
            title = keys.get("title") or labels[f"callout-{kind}-title"]
            out += [f"{m.group(1)} {{.hp-box .hp-box-{kind}}}", "::: {.hp-box-title}", title, ":::"]
        else:
            out.append(line)
    return "\n".join(out)


def shift_headings(text: str) -> str:
    """Every heading one level down (h1 -> h2, ..., h5 -> h6): the page's only h1 is its title."""
    return re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", text)


def as_embedded_page(page: str, references_title: str = "") -> str:
    """Quarto's minimal page (`minimal: true`: no Bootstrap, no icon font) in the embedded page's
    shape, so that the embedded renderer's style sheet and scripts apply to it as they are: the
    title block, the abstract and the table of contents as one-line disclosures, callouts in
    their boxes (`html_callouts`), the bibliography under its heading, the document in <main>
    with its sections one level down (one h1, the title)."""
    page = re.sub(r'<div class="hp-box hp-box-(\w+)">', r'<div class="callout callout-\1">', page)
    page = page.replace('<div class="hp-box-title">', '<div class="callout-title">')
    refs = re.search(r'<div id="refs" class="references[^"]*"[^>]*>', page)
    if refs and references_title and 'id="bibliography"' not in page:
        end = closing_div(page, refs.start())
        page = (page[:refs.start()] + '<section id="bibliography" class="level2 unnumbered">\n'
                f'<h1 class="unnumbered">{html.escape(references_title)}</h1>\n'
                + page[refs.start():end] + "\n</section>" + page[end:])
    page = page.replace('<header id="title-block-header">',
                        '<header id="title-block-header" class="title-block">', 1)
    page = re.sub(r'<div class="abstract">\s*<div class="abstract-title">(.*?)</div>(.*?)</div>',
                  r'<details class="abstract">\n<summary class="abstract-title">\1</summary>\n\2</details>',
                  page, count=1, flags=re.S)
    toc = re.search(r'(<nav id="TOC"[^>]*>)\s*<h2 id="toc-title">(.*?)</h2>(.*?)</nav>', page, re.S)
    if toc and 'id="bibliography"' in page and 'href="#bibliography"' not in toc.group(3):
        # the bibliography is the last entry of the contents, as on the embedded page
        body = toc.group(3)
        last = body.rfind("</ul>")
        if last >= 0:
            entry = f'<li><a href="#bibliography" id="toc-bibliography">{html.escape(references_title)}</a></li>\n'
            page = page[:toc.start(3)] + body[:last] + entry + body[last:] + page[toc.end(3):]
            toc = re.search(r'(<nav id="TOC"[^>]*>)\s*<h2 id="toc-title">(.*?)</h2>(.*?)</nav>', page, re.S)
    if toc:
        nav = (f'{toc.group(1)}\n<details>\n<summary id="toc-title">{toc.group(2)}</summary>'
               f'{toc.group(3)}</details>\n</nav>')
        page = page[:toc.start()] + nav + page[toc.end():]
    if "<main" not in page:
        start = toc.start() + len(nav) if toc else page.find("</header>") + len("</header>")
        end = page.rfind("</body>")
        if start > 0 and end > start:
            page = page[:start] + "\n<main>" + shift_headings(page[start:end]) + "</main>\n" + page[end:]
    return page


def finish_html(page: str, charts: int, where: str, updated: str | None = None,
                references_title: str = "") -> str:
    """Quarto's page with the date the data run up to at the end of its title block, in the
    embedded page's shape (`as_embedded_page`), with the embedded renderer's table scroll boxes,
    style sheet and scripts."""
    # As on the embedded page: no citation ids repeated in data-cites (read by nothing once
    # Quarto's popups are gone), cell alignment as a class, columns sized by the browser.
    page = re.sub(r' data-cites="[^"]*"| data-quarto-table-cell-role="[^"]*"', "", page)
    page = re.sub(r'<(td|th) style="text-align: (right|center);">', r'<\1 class="hp-\2">', page)
    page = re.sub(r"<colgroup>.*?</colgroup>\s*", "", page, flags=re.S)
    page = re.sub(r'<tr class="(?:odd|even)">', "<tr>", page)  # row stripes are the style sheet's
    page = finish_links(scroll_tables(as_embedded_page(page, references_title)))
    end = page.find("</header>")
    if end >= 0:
        line = f'<p class="hp-updated">{html.escape(updated)}</p>\n' if updated else ""
        page = page[:end] + line + top_links_html() + "\n" + page[end:]
    head, body = page_scripts(charts)
    head = f"<style>\n{page_css()}\n</style>\n{head}"
    # The first </head> ends the head; scripts that Quarto inlines may hold a later "</body>".
    start, end = page.find("</head>"), page.rfind("</body>")
    if start < 0 or end < start:
        raise RenderError(where, "Quarto's HTML page has no </head> or </body>")
    return page[:start] + head + "\n" + page[start:end] + body + "\n" + page[end:]


FA_IMPORT = re.compile(r'^#import "@preview/fontawesome:[^"]*": \*\s*$', re.M)
FA_CALL = re.compile(r"\bfa-[a-z0-9-]+(?=\()")


def finish_typst(typ: str) -> str:
    """Quarto's typst source without Font Awesome: callout icons draw nothing (shipped fonts only)."""
    icons = sorted(set(FA_CALL.findall(typ)))
    stubs = "".join(f"#let {name}(..args) = none\n" for name in icons)
    return FA_IMPORT.sub(lambda _: stubs.rstrip("\n"), typ)


def render_with_quarto(project_root: Path, out_dir: Path, quiet: bool,
                       build_info: dict | None = None) -> RenderResult:
    quarto, version = find_quarto()
    if not quiet:
        print(f"quarto: {quarto} (Quarto {version})")
    warning = version_warning(version)
    if warning:
        print(warning, file=sys.stderr)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    checked = check_report(project_root)
    project = checked.project
    root = project.root.resolve()
    where = project.rel(project.document)
    fonts = root / "report" / "fonts"
    if not fonts.is_dir():
        raise RenderError("report/fonts", "the font folder (Noto Sans/Serif) is missing")
    colophon = citation_section(project) + colophon_markdown(build_info, f"Quarto {version}", "quarto", project.edition)
    seconds["check"] = time.perf_counter() - t0
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hp-quarto-") as tmp, render_cache.using(root):
        scratch = Path(tmp)
        t0 = time.perf_counter()
        (scratch / CONFIG).write_text(yaml.safe_dump(scratch_config(root), allow_unicode=True,
                                                     sort_keys=False), encoding="utf-8")
        shutil.copytree(root / QUARTO_FILES, scratch / QUARTO_FILES)
        os.symlink(fonts, scratch / "report" / "fonts")
        bib = scratch / QUARTO_BIBLIOGRAPHY
        bib.parent.mkdir(parents=True)
        bib.write_text(json.dumps(csl_items(checked.sources), ensure_ascii=False, sort_keys=True),
                       encoding="utf-8")
        front = _front_matter(project)
        origins: list[int] = []
        downloads: list = []
        body, charts = _expanded(checked, "html", scratch / "report" / "media", origins, downloads)
        text, offset = _document(front, html_callouts(body, project.labels) + colophon, "html")
        (scratch / HTML_DOC).write_text(text, encoding="utf-8")
        body, _ = _expanded(checked, "typst", scratch / "report" / "media")
        updated = updated_line(project.edition)
        body = f"{updated}\n\n{body}"  # the PDF's title block is Quarto's: the line opens the body
        (scratch / PDF_DOC).write_text(_document(front, body + colophon, "typst")[0], encoding="utf-8")
        seconds["prepare"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        # Not --quiet: it also silences Quarto's error messages. The log is kept for errors.
        proc = subprocess.run([quarto, "render"], cwd=scratch, capture_output=True,
                              text=True, encoding="utf-8", errors="replace")
        seconds["quarto"] = time.perf_counter() - t0
        log = (proc.stdout + "\n" + proc.stderr).strip()
        if proc.returncode != 0:
            raise _quarto_error(log, scratch, where, offset, origins,
                                (root / CONFIG).read_text(encoding="utf-8"))
        warnings = [ln for ln in ANSI.sub("", log).splitlines() if re.match(r"\s*(WARN|ERROR)", ln)]
        if warnings:
            print("quarto: " + "\n".join(warnings).replace(str(scratch), "<scratch>"), file=sys.stderr)

        t0 = time.perf_counter()
        page = (scratch / HTML_DOC).with_suffix(".html").read_text(encoding="utf-8")
        (out_dir / HTML_NAME).write_text(
            finish_html(page, charts, where, updated, project.labels["section-title-references"]),
            encoding="utf-8")
        write_downloads(downloads, out_dir, root / "data", checked.producers)
        typ = (scratch / PDF_DOC).with_suffix(".typ")
        typ.write_text(finish_typst(typ.read_text(encoding="utf-8")), encoding="utf-8")
        (out_dir / PDF_NAME).write_bytes(compile_pdf(typ, scratch, fonts, project.date, where))
        seconds["finish"] = time.perf_counter() - t0
    if not quiet:
        print(f"rendered {HTML_NAME} and {PDF_NAME} with Quarto {version} in "
              f"{sum(seconds.values()):.1f} s (Quarto itself {seconds['quarto']:.1f} s)")
    return RenderResult(out_dir / HTML_NAME, out_dir / PDF_NAME, "quarto", f"quarto {version}", seconds)
