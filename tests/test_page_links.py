"""Links around the HTML page (helpers.publish.render.page_links): bibliography entries link back to
the sections that cite them; long annex tables are folded."""

from __future__ import annotations

import re

from helpers.publish.render.page_links import FOLD_ROWS, add_backlinks, fold_annex_tables

CITE = '<a href="#ref-{0}" role="doc-biblioref">{1}</a>'


def page(body: str, refs: str) -> str:
    return (f'<main>{body}<div id="refs" class="references csl-bib-body" role="list">{refs}</div></main>')


def entry(sid: str, number: int) -> str:
    return (f'<div id="ref-{sid}" class="csl-entry" role="listitem">\n<div class="csl-left-margin">[{number}] '
            f'</div><div class="csl-right-inline">Tựa đề {sid}.</div>\n</div>')


def heading(level: int, number: str, text: str) -> str:
    return f'<h{level} id="s{number}"><span class="header-section-number">{number}</span> {text}</h{level}>'


def test_each_entry_links_back_to_each_section_that_cites_it_once():
    body = (heading(2, "1", "Tóm tắt") + "<p>" + CITE.format("a", 1) + CITE.format("a", 1) + "</p>"
            + heading(2, "2", "Tài chính") + heading(3, "2.1", "Thu") + "<p>" + CITE.format("a", 1)
            + CITE.format("b", 2) + "</p>")
    out = add_backlinks(page(body, entry("a", 1) + entry("b", 2) + entry("c", 3)))
    assert out.count('id="cite-a-1"') == 1 and 'id="cite-a-2"' in out and 'id="cite-b-1"' in out
    assert len(re.findall(r'role="doc-biblioref" id="cite-', out)) == 3    # one per source and section
    a = re.search(r'<div id="ref-a".*?</span>\n</div>', out, re.S).group(0)
    assert ('Được trích ở: <a href="#cite-a-1">Mục\u00a01</a>, <a href="#cite-a-2">Mục\u00a02.1</a>.'
            in a)
    assert a.endswith("</span>\n</div>") and "csl-right-inline" in a       # inside its entry
    assert "Được trích ở" not in re.search(r'<div id="ref-c".*?</div>\n</div>', out, re.S).group(0)
    # every back link goes to an id that exists
    for target in re.findall(r'href="#(cite-[^"]+)"', out):
        assert out.count(f'id="{target}"') == 1


def table_box(number: int, rows: int) -> str:
    body = "".join(f"<tr><td>{i}</td></tr>" for i in range(rows))
    return (f'<div class="hp-table-box">\n<div class="hp-scroll" tabindex="0"><table id="tbl-{number}">'
            f'<caption><span class="hp-caption-label">Bảng {number}:</span> Bảng.</caption>'
            f'<thead><tr><th>x</th></tr></thead><tbody>{body}</tbody></table></div>\n'
            f'<p><a href="data/tables/tbl-{number}.csv">CSV</a></p>\n</div>')


def test_long_annex_tables_are_folded_and_nothing_else():
    body = (heading(2, "1", "Thân bài") + table_box(1, FOLD_ROWS + 5)
            + heading(2, "8", "Phụ lục: dữ liệu và nguồn") + table_box(2, FOLD_ROWS) + table_box(3, FOLD_ROWS + 1))
    out = fold_annex_tables(page(body, ""))
    assert out.count('<details class="hp-fold">') == 1
    folded = re.search(r'<details class="hp-fold"><summary>(.*?)</summary>(.*?)</details>', out, re.S)
    assert folded.group(1) == f"Bảng 3 ({FOLD_ROWS + 1} dòng): mở để xem toàn bộ bảng"
    assert 'id="tbl-3"' in folded.group(2) and "tbl-3.csv" in folded.group(2)    # whole box, link too
    assert re.sub(r'<details class="hp-fold"><summary>.*?</summary>\n|\n</details>', "", out) == page(body, "")
