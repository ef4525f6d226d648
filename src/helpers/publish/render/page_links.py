"""Ways around the HTML page, added to the finished page of either renderer: each bibliography
entry links back to the sections that cite it, and the long tables of the annex are folded
(complete in the PDF and in the CSV downloads).
"""

from __future__ import annotations

import re

from .cards import status_tables

BACKLINKS_LABEL = "Được trích ở"
SECTION_LABEL = "Mục"
# Tables of the annex (from the heading whose text starts with ANNEX_WORD) with more rows than
# this are folded into a disclosure.
FOLD_ROWS = 30
ANNEX_WORD = "Phụ lục"

CITATION = re.compile(r'<a href="#ref-([^"]+)" role="doc-biblioref"')
HEADING = re.compile(r'<h([2-6])\b[^>]*>\s*<span class="header-section-number">([\d.]+)</span>')
ENTRY = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>')


def _bibliography_start(page: str) -> int:
    m = re.search(r'<div id="refs"', page)
    return m.start() if m else len(page)


def add_backlinks(page: str) -> str:
    """The first citation of each source in each numbered section gets an id, and the source's
    bibliography entry ends with links back to those sections ("Được trích ở: Mục 2, Mục 6")."""
    end = _bibliography_start(page)
    headings = [(m.start(), m.group(2)) for m in HEADING.finditer(page, 0, end)]
    cited: dict[str, list[tuple[str, str]]] = {}   # source -> [(section number, anchor id)]
    out, last, h = [], 0, 0
    section = ""
    for m in CITATION.finditer(page, 0, end):
        while h < len(headings) and headings[h][0] < m.start():
            section = headings[h][1]
            h += 1
        sid = m.group(1)
        places = cited.setdefault(sid, [])
        if not section or any(s == section for s, _ in places):
            continue
        anchor = f"cite-{sid}-{len(places) + 1}"
        places.append((section, anchor))
        out.append(page[last:m.end()] + f' id="{anchor}"')
        last = m.end()
    page = "".join(out) + page[last:]

    start = _bibliography_start(page)
    out, last = [page[:start]], start
    for m in ENTRY.finditer(page, start):
        places = cited.get(m.group(1))
        end = closing_div(page, m.start())
        if not places or end < 0:
            continue
        links = ", ".join(f'<a href="#{a}">{SECTION_LABEL}\u00a0{s}</a>' for s, a in places)
        inner = end - len("</div>")
        out += [page[last:inner].rstrip(),
                f'\n<span class="hp-backlinks">{BACKLINKS_LABEL}: {links}.</span>\n</div>']
        last = end
    return "".join(out) + page[last:]


def closing_div(page: str, start: int) -> int:
    """The index just after the </div> that closes the <div> opening at `start`."""
    depth = 0
    for m in re.finditer(r"<(/?)div\b[^>]*>", page[start:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return start + m.end()
    return -1


def fold_annex_tables(page: str) -> str:
    """Each table of the annex with more than FOLD_ROWS rows inside a closed disclosure whose
    summary names it and its row count."""
    annex = re.search(rf'<h[1-6]\b[^>]*>(?:\s*<span class="header-section-number">[\d.]+</span>)?\s*'
                      rf'{ANNEX_WORD}', page)
    if not annex:
        return page
    box = re.compile(r'<div class="hp-table-box">|<div id="tbl-[^"]*" class="hp-table\b[^"]*"[^>]*>')
    out, pos = [page[:annex.start()]], annex.start()
    for m in box.finditer(page, annex.start()):
        if m.start() < pos:
            continue
        end = closing_div(page, m.start())
        if end < 0:
            break
        block = page[m.start():end]
        rows = len(re.findall(r"<tr\b", block)) - 1
        label = re.search(r"(Bảng(?:\s|&nbsp;|\u00a0)+\d+)", block)
        if rows > FOLD_ROWS and label:
            name = label.group(1).replace("&nbsp;", " ").replace("\u00a0", " ")
            summary = f"{name} ({rows} dòng): mở để xem toàn bộ bảng"
            block = (f'<details class="hp-fold"><summary>{summary}</summary>\n{block}\n</details>')
        out += [page[pos:m.start()], block]
        pos = end
    out.append(page[pos:])
    return "".join(out)


def finish_links(page: str) -> str:
    """Both of the above, and the status tables coloured and ready to be cards (`cards`)."""
    return fold_annex_tables(add_backlinks(status_tables(page)))
