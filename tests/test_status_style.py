"""The verdicts' palette (helpers.present.status_style): WCAG contrast computed, one palette for the overview
figure and the status cells, and the page pass that colours status cells and labels card cells."""

from __future__ import annotations

import pytest

from helpers.present import charts, status_style as ss
from helpers.publish.render.cards import status_tables
from helpers.publish.render.html import page_css
from helpers.analysis.target_identity import HEADLINE_CLASSES, headline_class


def test_contrast_ratio_matches_wcag_reference_values():
    assert ss.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert ss.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert ss.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)   # the usual AA grey
    assert ss.contrast_ratio("#ffffff", "#767676") == ss.contrast_ratio("#767676", "#ffffff")


def test_every_status_colour_reaches_aa_for_text_on_the_page():
    ratios = {k: round(ss.contrast_ratio(v, ss.PAPER), 2) for k, v in ss.STATUS_COLOURS.items()}
    print(ratios)
    assert set(ratios) == set(HEADLINE_CLASSES)
    assert min(ratios.values()) >= 4.5, ratios
    # the page's background is the palette's PAPER (report.css --paper)
    assert f"--paper: {ss.PAPER}" in page_css()


def test_one_palette_for_the_overview_figure_and_the_tables():
    # the overview's legend: the same colour for each class, in the headline order, shapes distinct
    assert [c for c, _ in charts.STATUS_STYLE.values()] == [ss.STATUS_COLOURS[k] for k in HEADLINE_CLASSES]
    assert len({shape for _, shape in charts.STATUS_STYLE.values()}) == len(charts.STATUS_STYLE)
    # no plus sign in the figure: the tables' ⊕ means met, their × missed
    assert "cross" not in {shape for _, shape in charts.STATUS_STYLE.values()}
    assert charts.STATUS_STYLE["Không đạt"][1] == charts.SALTIRE and ss.STATUS_LABELS["missed"].startswith("×")
    css = page_css()
    for k, colour in ss.STATUS_COLOURS.items():
        assert f".{ss.css_class(k)}{{color:{colour}}}" in css
    # every verdict takes the colour of the headline class the summary counts it in
    for status, cls in ss.STATUS_CLASS.items():
        assert headline_class(status, True) == cls
    assert headline_class("substantial_progress", False) == "uncertain"


def test_signs_differ_and_say_which_class():
    labels = [*ss.STATUS_LABELS.values(), ss.UNCERTAIN_LABEL]
    signs = [label.split(" ", 1)[0] for label in labels]
    assert len(set(signs)) == len(signs) and all(len(s) == 1 for s in signs)
    assert ss.label_class("≟ Chưa chắc chắn (tiến bộ vừa phải); Chính phủ: tiến bộ vừa phải") == "uncertain"
    assert ss.label_class("⊕ Đạt; Dự toán Trung ương giao: đạt") == "met"
    assert ss.label_class("× Không đạt") == "missed"
    assert ss.label_class("↗ Tiến bộ vừa phải") == "off_track"
    assert ss.label_class("⦿ Đã đạt sớm, cần giữ") == "on_track"
    assert ss.label_class("Đạt") is None and ss.label_class("2025: 11,81%") is None


TABLE = ("<table id=\"tbl-x\">\n<thead>\n<tr>\n<th>Mục tiêu</th>\n<th>Đánh giá</th>\n<th>Số mới nhất</th>\n</tr>\n"
         "</thead>\n<tbody>\n<tr>\n<td>GRDP: 13%</td>\n<td>≟ Chưa chắc chắn (tiến bộ vừa phải); Chính phủ: tiến bộ "
         "vừa phải</td>\n<td class=\"hp-right\">2025: 11,81%</td>\n</tr>\n<tr>\n<td>Thu: &gt; 1</td>\n<td>⊕ Đạt</td>\n"
         "<td>–</td>\n</tr>\n</tbody>\n</table>")


def test_status_cells_get_their_colour_and_card_cells_their_labels():
    other = "<table>\n<tbody>\n<tr>\n<td>→ không phải đánh giá</td>\n</tr>\n</tbody>\n</table>"
    page = status_tables(f"<p>⊕ Đạt</p>{TABLE}{other}")
    assert page.startswith("<p>⊕ Đạt</p>") and page.endswith(other)                 # only status tables
    assert '<table id="tbl-x" class="hp-cards">' in page
    assert ('<td data-label="Đánh giá"><span class="hp-st-uncertain">≟ Chưa chắc chắn (tiến bộ vừa phải)</span>; '
            "Chính phủ: tiến bộ vừa phải</td>") in page                               # the lead verdict only
    assert '<td data-label="Đánh giá"><span class="hp-st-met">⊕ Đạt</span></td>' in page
    assert '<td class="hp-right" data-label="Số mới nhất">2025: 11,81%</td>' in page
    assert "<td>GRDP: 13%</td>" in page and "<td>Thu: &gt; 1</td>" in page            # the card's title
    assert "<td>–</td>" in page                                # no value: no label (a card leaves it out)
    assert status_tables(page) == page                                                # once only


def test_the_pdf_colours_every_verdict_from_the_same_palette():
    rules = ss.status_typst().splitlines()
    labels = {**{k: (v, ss.STATUS_CLASS[k]) for k, v in ss.STATUS_LABELS.items()},
              "uncertain": (ss.UNCERTAIN_LABEL, "uncertain")}
    assert len(rules) == len(labels)
    for label, cls in labels.values():
        assert f'#show "{label}": set text(fill: rgb("{ss.STATUS_COLOURS[cls]}"))' in rules
