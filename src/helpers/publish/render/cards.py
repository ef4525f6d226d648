"""The status tables of the finished page, in either renderer: each verdict in its colour, and on a
phone one card per target.

A table with a cell that opens with a verdict's sign and word (``helpers.present.status_style``) is a
status table: that sign and word (up to the first ";", where the other bodies' verdicts follow)
get the class of their colour, the table gets the class ``hp-cards`` and every cell but the first
(the target, the card's title) a ``data-label`` with its column's header, which the style sheet
prints before the cell when the rows become cards (report.css, ``max-width: 600px``); a cell
without a value ("–") gets none, and a card leaves it out.
"""

from __future__ import annotations

import html
import re

from helpers.present.status_style import css_class, label_class
from helpers.present.tables import MISSING

TABLE = re.compile(r"(<table\b)([^>]*)(>.*?</table>)", re.S)
HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
CELL = re.compile(r"<td\b([^>]*)>(.*?)</td>", re.S)
ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def _status_cell(content: str) -> str | None:
    """The cell with its leading verdict in a span of its colour, or None when it has none."""
    headline = label_class(_text(content))
    if headline is None or not content.lstrip().startswith(_text(content)[:1]):
        return None
    stripped = content.strip()
    cut = stripped.find("; ")
    head, rest = (stripped, "") if cut < 0 else (stripped[:cut], stripped[cut:])
    return f'<span class="{css_class(headline)}">{head}</span>{rest}'


def _table(m: re.Match) -> str:
    body = m.group(3)
    headers = [_text(h) for h in HEADER.findall(body)]
    found = False

    def row(rm: re.Match) -> str:
        nonlocal found
        cells = list(CELL.finditer(rm.group(0)))
        if not cells:
            return rm.group(0)
        out, last = [], 0
        for i, cm in enumerate(cells):
            attrs, content = cm.group(1), cm.group(2)
            coloured = _status_cell(content)
            if coloured is not None:
                found = True
                content = coloured
            if 0 < i < len(headers) and "data-label" not in attrs and _text(content) != MISSING:
                attrs += f' data-label="{html.escape(headers[i])}"'
            out += [rm.group(0)[last:cm.start()], f"<td{attrs}>{content}</td>"]
            last = cm.end()
        return "".join(out) + rm.group(0)[last:]

    new_body = ROW.sub(row, body)
    if not found:
        return m.group(0)
    attrs = m.group(2)
    if re.search(r'\bclass="', attrs):
        attrs = re.sub(r'\bclass="', 'class="hp-cards ', attrs, count=1)
    else:
        attrs += ' class="hp-cards"'
    return m.group(1) + attrs + new_body


def status_tables(page: str) -> str:
    """Every status table of the page coloured and ready to be cards (see the module's text)."""
    return TABLE.sub(_table, page)
