"""What running text may not hold, and where it is looked for.

Running text is the paragraphs and list items a reader reads, outside tables, figures, captions
and code: no label syntax ("GRDP: 13% (mục tiêu, Hải Phòng sau hợp nhất)"), no maths signs
("kế hoạch > 147.435"), no ids ("hai_phong_merged", "bài viết nguồn 002").

SCOPE lists the sections scanned: every section of running text, the generated summary and
method included. The tables of the annex and the scorecard (TABLE_SCOPE) are scanned for ids too
(`html_table_text`): a reader reads their cells, and a source is a citation there, not an id.
"""

from __future__ import annotations

import html as htmllib
import re

SCOPE = ("sec-tom-tat", "sec-tai-chinh", "sec-khcn", "sec-doi-moi", "sec-chuyen-doi-so", "sec-bang-diem", "sec-pp-tien-do",
         "sec-pp-du-bao", "sec-pp-hop-nhat", "sec-thuat-ngu", "sec-phu-luc")

TABLE_SCOPE = ("sec-bang-diem", "sec-phu-luc")

PROBLEMS = {
    "label syntax": re.compile(r"\((?:mục tiêu|kế hoạch|thực tế|ước tính), [^)]*\)"),
    "maths sign": re.compile(r"(?:^|[\s(])(?:[<>≤≥=]|>=|<=)\s?\d"),
    "id": re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b|\bnguồn \d{3}\b"),
}


def problems(text: str) -> list[tuple[str, str]]:
    """(kind, the words around it) of every problem in `text`."""
    found = []
    for kind, pattern in PROBLEMS.items():
        for m in pattern.finditer(text):
            found.append((kind, text[max(0, m.start() - 40):m.end() + 40]))
    return found


def _text(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def html_sections(page: str, scope: tuple[str, ...]) -> dict[str, str]:
    """Section id -> its HTML, for the sections of `scope`. Works on both renderers' pages: a
    section runs from the heading with its id (or the <section> that carries it) to the next
    heading of the same level."""
    main = page[page.find("<main"):page.rfind("</main>")]
    # the embedded page puts ids on <section>, Quarto's on the heading
    marks = [(m.start(), m.group(1), int(m.group(2)) + 1) for m in
             re.finditer(r'<section id="([^"]+)" class="level(\d)', main)]
    marks += [(m.start(), m.group(2), int(m.group(1))) for m in
              re.finditer(r'<h([23])\b[^>]*?\bid="([^"]+)"', main)]
    marks.sort()
    out = {}
    for i, (start, ident, level) in enumerate(marks):
        if ident in scope:
            end = next((s for s, _, lv in marks[i + 1:] if lv <= level), len(main))
            out[ident] = main[start:end]
    return out


def html_running_text(page: str) -> dict[str, str]:
    """Section id -> the text of its paragraphs and list items (outside tables, figures and code
    blocks; inline code is read: an id in it is still an id in the sentence),
    for the sections of SCOPE (`html_sections`)."""
    out = {}
    for ident, part in html_sections(page, SCOPE).items():
        part = re.sub(r"<(table|figure|pre|caption|figcaption|script|details)\b.*?</\1>", " ", part,
                      flags=re.S)
        part = re.sub(r'<div[^>]*class="[^"]*hp-chart[^"]*".*?</div>', " ", part, flags=re.S)
        out[ident] = " ".join(_text(p) for p in re.findall(r"<(?:p|li)\b[^>]*>(.*?)</(?:p|li)>", part, re.S))
    return out


def html_table_text(page: str, scope: tuple[str, ...] = TABLE_SCOPE) -> dict[str, str]:
    """Section id -> the text of the cells of its tables (the headers included), for the sections
    of `scope`; every table of the section, with its sub-sections."""
    return {ident: " | ".join(_text(c) for c in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", part, re.S))
            for ident, part in html_sections(page, scope).items()}


# Unnumbered sections after the annex: the bibliography and the colophon are not running text.
END_TITLES = ("Tài liệu tham khảo", "Thông tin bản dựng")


def section_titles(page: str) -> dict[str, str]:
    """Section id -> "number title" as the HTML page's table of contents prints it."""
    return {m.group(1): f"{m.group(2)} {_text(m.group(3))}" for m in re.finditer(
        r'<a href="#(sec-[^"]+)"[^>]*><span class="header-section-number">([\d.]+)</span>(.*?)</a>', page)}


def pdf_running_text(pages: list[list[tuple]], numbers: dict[str, str]) -> dict[str, str]:
    """Section id -> its running text in the PDF, for the sections of SCOPE. `pages` are the
    word boxes of each page (xMin, yMin, xMax, yMax, text), `numbers` the sections' numbers and
    titles as the TOC prints them ("5 Chuyển đổi số"). Running text is set in the size of the line
    after the section's heading (a paragraph; the annex sets its own); captions, tables and chart
    labels are smaller, headings larger. Words in another font on a running-text line (inline
    code) are read with it."""
    by_title = {title: ident for ident, title in numbers.items()}
    out: dict[str, list[str]] = {}
    current, body = None, None
    for words in pages:
        rows: dict[float, list[tuple]] = {}
        for w in words:
            rows.setdefault(round(w[1]), []).append(w)
        for top in sorted(rows):
            line = sorted(rows[top])
            text = " ".join(w[4] for w in line)
            if text in by_title or text in END_TITLES:
                current, body = by_title.get(text), None
                continue
            if current is None:
                continue
            if body is None:
                body = line[0][3] - line[0][1]
            if current not in SCOPE or not all(abs((w[3] - w[1]) - body) < 0.4 for w in line):
                continue
            y0, y1 = line[0][1], line[0][3]
            inline = [w for w in words if w not in line and y0 <= (w[1] + w[3]) / 2 <= y1]
            out.setdefault(current, []).append(" ".join(w[4] for w in sorted(line + inline)))
    return {k: " ".join(v) for k, v in out.items()}


def id_problems(text: str) -> list[tuple[str, str]]:
    """The ids in `text` (table cells: the other checks of `problems` do not apply to tables, whose
    cells hold bounds and labels by design)."""
    return [p for p in problems(text) if p[0] == "id"]
