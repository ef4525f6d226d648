"""The real report, rendered from the committed notebooks: HTML, browser and PDF checks.

Renders report/report.qmd once (embedded renderer) into a temporary folder and checks what a
reviewer and a publisher get: numbered figures and tables with captions and sources, nothing
loaded from outside the file, every chart drawn offline in Chromium, and a PDF whose text carries
the headline figures in Vietnamese format, every caption and the table of contents.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_browser import chromium, drawn_charts
from test_render_features import pdf_text

from helpers import PROJECT_ROOT
from helpers.publish.browser import Browser
from helpers.publish.render import render_report

REPORT = PROJECT_ROOT / "report" / "report.qmd"
EMBED = re.compile(r"\{\{< embed \.\./notebooks/[\w.-]+\.ipynb#((fig|tbl)-[\w-]+) >\}\}")
# Appendix tables that name a source on every row instead of citing them in the caption.
ROW_SOURCED = {"tbl-sources", "tbl-figures"}
# Scorecard tables whose rows cite their own sources (a "Nguồn" column); the caption says so.
ROW_CITED = {"tbl-scorecard", "tbl-outcomes", "tbl-track-record"}
# Headline figures as the report must print them (Vietnamese separators, qualifiers kept).
HEADLINE = ("58,09", "79,55", "100.000 tỷ đồng", "1.329", "hơn 407 tỷ đồng", "hơn 390", "0,786")


def embeds() -> list[tuple[str, str]]:
    """(label, kind) of every embedded figure and table, in document order."""
    return [(m.group(1), m.group(2)) for m in EMBED.finditer(REPORT.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    info = {"commit": "test-commit", "data_hash": "d" * 64, "lock_hash": "l" * 64}
    return render_report(PROJECT_ROOT, out, renderer="embedded", quiet=True, build_info=info)


@pytest.fixture(scope="module")
def page(rendered) -> str:
    return rendered.html.read_text(encoding="utf-8")


def element(page: str, label: str, kind: str) -> str:
    """The HTML of the embedded figure or table `label`, from its id to its closing tag."""
    start = page.index(f'id="{label}"')
    return page[start:page.index("</figure>" if kind == "fig" else "</table>", start)]


def test_every_embedded_figure_and_table_is_numbered_with_its_caption(page):
    items = embeds()
    assert sum(kind == "fig" for _, kind in items) >= 8 and sum(kind == "tbl" for _, kind in items) >= 8
    numbers = {"fig": 0, "tbl": 0}
    for label, kind in items:
        numbers[kind] += 1
        title = "Hình" if kind == "fig" else "Bảng"
        assert f'id="{label}"' in page, label
        assert re.search(rf">{title}[ \xa0]{numbers[kind]}:</span> \S", element(page, label, kind)), label


def test_every_chart_has_alt_text_and_every_figure_a_source_link(page):
    charts = re.findall(r'<div class="hp-chart"[^>]*>', page)
    assert len(charts) == sum(kind == "fig" for _, kind in embeds())
    for tag in charts:
        assert 'role="img"' in tag and re.search(r'aria-label="[^"]{20,}"', tag), tag
    for label, kind in embeds():
        if label in ROW_SOURCED:
            continue
        block = element(page, label, kind)
        if label in ROW_CITED:
            rows = re.findall(r"<tr>(.*?)</tr>", block.split("<tbody>", 1)[1], re.S)
            assert rows and all('href="#ref-' in r.rsplit("<td", 1)[1] for r in rows), label   # last column
            assert "Nguồn của từng dòng ở cột Nguồn" in block and "Nguồn:" not in block, label
            continue
        assert "Nguồn:" in block and 'href="#ref-' in block, label


def test_nothing_is_loaded_from_outside_the_file(page):
    for tag in re.findall(r"<(?:script|link|img|source|iframe|embed|object)\b[^>]*>", page):
        assert not re.search(r'\b(?:src|href)\s*=\s*["\']?(?:https?:)?//', tag), tag
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page)
    assert not re.search(r"@import\s+['\"]?(?:url\()?\s*['\"]?(?:https?:)?//", page)
    # one copy of the Vega runtime for the whole page, deflated: no large script in clear
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert not [s for s in scripts if len(s) > 100_000]
    assert page.count('<script type="application/octet-stream" id="hp-vega-runtime">') == 1


def test_table_of_contents_and_colophon(page):
    assert "Mục lục" in page
    for heading in ("Tóm tắt", "Nền tảng tài chính và kinh tế", "Bảng điểm mục tiêu",
                    "Phương pháp", "Phụ lục: dữ liệu và nguồn", "Tài liệu tham khảo", "Thông tin bản dựng"):
        assert heading in htmllib.unescape(page), heading
    assert "test-commit" in page and "d" * 64 in page


def test_headline_figures_in_html(page):
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", page))
    text = re.sub(r"\s+", " ", text)
    for figure in HEADLINE:
        assert figure in text, figure


def test_charts_draw_in_chromium_offline(rendered):
    browser = chromium()
    charts = drawn_charts(browser, rendered.html)
    assert len(charts) == sum(kind == "fig" for _, kind in embeds())
    for svg in charts:
        assert re.search(r'class="mark-(?:symbol|line|rect|rule|area|text) role-mark', svg)
        assert len(re.findall(r"<path[^>]*d=\"M", svg)) >= 3


def test_pdf_text_has_headline_figures_captions_and_toc(rendered):
    text = pdf_text(rendered.pdf, "-layout")
    flat = re.sub(r"\s+", " ", text)
    for figure in HEADLINE:
        assert figure in flat, figure
    assert "Mục lục" in text and "Tài liệu tham khảo" in text
    n_fig = sum(kind == "fig" for _, kind in embeds())
    n_tbl = sum(kind == "tbl" for _, kind in embeds())
    for i in range(1, n_fig + 1):
        assert re.search(rf"Hình {i}:", flat), f"Hình {i}"
    for i in range(1, n_tbl + 1):
        assert re.search(rf"Bảng {i}:", flat), f"Bảng {i}"
    for word in ("Đổi mới sáng tạo", "Chuyển đổi số", "Hải Phòng", "tiến sĩ"):
        assert word in flat, word


def test_pdf_has_page_numbers_and_vector_charts(rendered):
    text = pdf_text(rendered.pdf, "-layout")
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 10
    # every page after the first ends with its number
    for number, body in enumerate(pages[1:6], start=2):
        assert body.strip().splitlines()[-1].strip() == str(number)
    data = rendered.pdf.read_bytes()
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data  # charts are vector


def test_data_download_links_point_beside_the_report(page):
    for name in ("values.csv", "sources.csv", "indicators.csv", "scorecard.csv", "sources.yml",
                 "indicators.yml", "README.md", "datapackage.json", "data-dictionary.md"):
        assert f'href="data/{name}"' in page, name


def test_the_top_of_the_page_links_to_the_pdf_and_the_data_package(page):
    header = page[page.index('<header id="title-block-header"'):page.index("</header>")]
    assert ('<p class="hp-top-links"><a href="report.pdf">Bản PDF</a> · <a href="data/datapackage.json">'
            'Gói dữ liệu (datapackage.json)</a> · <a href="data/README.md">Danh sách tệp tải về</a></p>') in header



def test_year_columns_show_plain_years(page):
    """A year is never printed with a thousands separator (2.026)."""
    checked = 0
    for table in re.findall(r"<table\b.*?</table>", page, re.S):
        heads = [htmllib.unescape(re.sub(r"<[^>]+>", "", h)).strip()
                 for h in re.findall(r"<th\b[^>]*>(.*?)</th>", table, re.S)]
        cols = [i for i, h in enumerate(heads) if h in ("Năm", "Năm mục tiêu")]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            cells = [htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                     for c in re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)]
            for i in cols:
                if i < len(cells):
                    assert re.fullmatch(r"\d{4}|–", cells[i]), (heads, cells[i])
                    checked += 1
    assert checked > 100


SCREENSHOT_DIR = PROJECT_ROOT / ".cache" / "screenshots"
AUDIT_JS = (Path(__file__).with_name("page_audit.js")).read_text(encoding="utf-8")
# Smallest text allowed (CSS px): page and chart text at a phone width and at a laptop width.
MIN_TEXT = {390: 10, 1280: 11}


@pytest.fixture(scope="module")
def audits(rendered) -> dict[int, dict]:
    """The page measured in Chromium at 1280 and 390 px (tests/page_audit.js), with screenshots
    of the first screen and of the first figure saved under .cache/screenshots."""
    browser = chromium()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    out = {}
    with Browser(browser) as b:
        for width in (1280, 390):
            tab = b.open(rendered.html, width=width, height=900)
            tab.screenshot(SCREENSHOT_DIR / f"report-{width}-top.png")
            out[width] = tab.evaluate(AUDIT_JS)
            out[width]["console"] = tab.console_problems()
            tab.evaluate("document.querySelector('.hp-chart').scrollIntoView()")
            tab.screenshot(SCREENSHOT_DIR / f"report-{width}-figure.png")
    print(f"screenshots: {SCREENSHOT_DIR}")
    return out


@pytest.mark.parametrize("width", [1280, 390])
def test_page_never_scrolls_sideways(audits, width):
    audit = audits[width]
    assert audit["scrollWidth"] <= width, audit["overflowing"]
    assert audit["overflowing"] == []


@pytest.mark.parametrize("width", [1280, 390])
def test_smallest_text_sizes(audits, width):
    audit = audits[width]
    assert audit["minText"][0] >= MIN_TEXT[width], audit["minText"]
    assert audit["minChartText"][0] >= MIN_TEXT[width], audit["minChartText"]


@pytest.mark.parametrize("width", [1280, 390])
def test_contrast_of_every_text_and_data_mark_drawn(audits, width):
    audit = audits[width]
    assert audit["textFails"] == {}      # text >= 4.5:1 (3:1 for large text), WCAG 2.2 SC 1.4.3
    assert audit["markFails"] == {}      # marks and legend symbols >= 3:1, SC 1.4.11
    assert len(audit["markColours"]) >= 5 and len(audit["textColours"]) >= 5  # it looked at them


@pytest.mark.parametrize("width", [1280, 390])
def test_every_chart_drawn_without_console_problems(audits, width):
    audit = audits[width]
    assert audit["drawn"] == audit["charts"] == sum(kind == "fig" for _, kind in embeds())
    assert audit["console"] == []


@pytest.mark.parametrize("width", [1280, 390])
def test_charts_take_the_width_of_their_box(audits, width):
    """Wide layout on a laptop, narrow (re-flowed, not scaled) on a phone; none scrolls."""
    audit = audits[width]
    assert audit["chartsScrolling"] == []
    assert set(audit["layouts"]) == {"wide" if width == 1280 else "narrow"}


def test_chart_layout_follows_a_resized_window(rendered):
    with Browser(chromium()) as b:
        tab = b.open(rendered.html, width=1280, height=900)
        layouts = "hpDrawAll().then(() => Array.from(document.querySelectorAll('.hp-chart'), " \
                  "c => c.getAttribute('data-hp-layout')))"
        assert set(tab.evaluate(layouts)) == {"wide"}
        tab.resize(390, 900)
        turned = tab.evaluate("""new Promise(r => setTimeout(() => r(Array.from(
          document.querySelectorAll('.hp-chart'), c => c.getAttribute('data-hp-layout'))), 1500))""")
        assert set(turned) == {"narrow"}
        assert tab.evaluate("Array.from(document.querySelectorAll('.hp-chart'))"
                            ".filter(c => c.scrollWidth > c.clientWidth + 0.5).length") == 0
        assert tab.console_problems() == []


def test_printing_the_page_prints_the_abstract_and_the_contents(rendered, tmp_path):
    """On screen they are closed disclosures; the printout has them, and they close again."""
    import base64
    with Browser(chromium()) as b:
        tab = b.open(rendered.html, width=1280, height=900)
        pdf = tmp_path / "printed.pdf"
        pdf.write_bytes(base64.b64decode(tab.send("Page.printToPDF", pageRanges="1-2")["data"]))
        # (the contents are open beside the text at this width)
        assert tab.evaluate("Array.from(document.querySelectorAll('header details, nav#TOC details'),"
                            " d => d.open)") == [False, True]
    text = " ".join(pdf_text(pdf).split())
    assert "Báo cáo theo dõi nền tảng tài chính" in text      # the abstract
    assert "Nền tảng tài chính và kinh tế" in text            # a TOC entry on the first pages


# The charts with a point of 2025 (the first year of the merged city), in the DOM order of their
# focusable points: what hovering it and focusing it show.
POINT_2025 = """(label => hpDrawAll().then(() => {
  const box = document.querySelector('[id="' + label + '"] .hp-chart');
  box.scrollIntoView({block: 'center'});
  // sections above lay out as they come near the screen: let the page settle first
  return new Promise(r => setTimeout(r, 400)).then(() => box);
}).then(box => {
  box.scrollIntoView({block: 'center'});
  const points = Array.from(box.querySelectorAll('[tabindex]'));
  const point = points.find(p => /^Năm: 2025; Địa bàn: Hải Phòng/.test(p.getAttribute('aria-label') || ''));
  if (!point) return null;
  const r = point.getBoundingClientRect();
  return {x: r.left + r.width / 2, y: r.top + r.height / 2, label: point.getAttribute('aria-label'),
          role: box.getAttribute('role'),
          stops: points.filter(p => p.getAttribute('tabindex') === '0').length};
}))"""
SHOWN_TIP = "(() => { const t = document.querySelector('.hp-tip'); return t && !t.hidden ? t.innerText : null; })()"
MERGED_CHARTS = ("fig-revenue", "fig-grdp-growth")


@pytest.mark.parametrize("label", MERGED_CHARTS)
def test_hovering_and_focusing_a_2025_point_shows_its_value(rendered, label):
    """The merger rule is behind the data: the point answers, with its formatted value."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with Browser(chromium()) as b:
        tab = b.open(rendered.html, width=1280, height=900)
        point = tab.evaluate(f"{POINT_2025}({label!r})")
        assert point and point["role"] == "group" and point["stops"] == 1   # one Tab stop a chart
        tab.send("Input.dispatchMouseEvent", type="mouseMoved", x=point["x"], y=point["y"])
        hovered = tab.evaluate(f"new Promise(r => setTimeout(() => r({SHOWN_TIP}), 300))")
        tab.screenshot(SCREENSHOT_DIR / f"report-1280-{label}-hover-2025.png")
        assert hovered and "Năm: 2025" in hovered and "Giá trị: " in hovered, hovered
        value = re.search(r"Giá trị: (.*)", hovered).group(1)
        assert "Hợp nhất" not in hovered and not re.search(r"\d{4}", value), value   # 1.234,5 grouped
        tab.send("Input.dispatchMouseEvent", type="mouseMoved", x=5, y=5)
        assert tab.evaluate(f"new Promise(r => setTimeout(() => r({SHOWN_TIP}), 300))") is None
        # keyboard: Tab reaches the chart's first point, the arrow keys go on to the 2025 point
        tab.evaluate(f"document.querySelector('[id=\"{label}\"] .hp-chart [tabindex=\"0\"]').focus()")
        for _ in range(40):
            if tab.evaluate("document.activeElement.getAttribute('aria-label')") == point["label"]:
                break
            for kind in ("keyDown", "keyUp"):
                tab.send("Input.dispatchKeyEvent", type=kind, key="ArrowRight", code="ArrowRight",
                         windowsVirtualKeyCode=39)
        assert tab.evaluate("document.activeElement.getAttribute('aria-label')") == point["label"]
        focused = tab.evaluate(SHOWN_TIP)
        assert focused == hovered
        # a tap (a click) keeps it shown
        tab.evaluate("document.activeElement.blur()")
        for kind in ("mousePressed", "mouseReleased"):
            tab.send("Input.dispatchMouseEvent", type=kind, x=point["x"], y=point["y"], button="left",
                     clickCount=1)
        tab.send("Input.dispatchMouseEvent", type="mouseMoved", x=5, y=5)
        assert tab.evaluate(f"new Promise(r => setTimeout(() => r({SHOWN_TIP}), 300))") == hovered
        assert tab.console_problems() == []


# Vega's own ARIA phrases ("X-axis titled 'Năm' for a linear scale with values from ...", "group
# mark container"); a source's own title may be English and is kept as published.
ENGLISH_ARIA = re.compile(r"\b(axis|titled|with values|legend|scale|mark container|ranging from)\b", re.I)
DESCRIPTIONS = """hpDrawAll().then(() => Array.from(document.querySelectorAll(
  '[aria-label], [aria-description], [aria-roledescription], [title], svg title, svg desc'))
  .filter(el => !el.closest('[aria-hidden="true"]'))
  .flatMap(el => ['aria-label', 'aria-description', 'aria-roledescription', 'title']
    .map(a => el.getAttribute(a)).concat(el.tagName.toLowerCase() === 'title'
      || el.tagName.toLowerCase() === 'desc' ? [el.textContent] : []))
  .filter(Boolean))"""


def test_screen_reader_descriptions_are_vietnamese_without_ids(rendered):
    with Browser(chromium()) as b:
        tab = b.open(rendered.html, width=1280, height=900)
        texts = tab.evaluate(DESCRIPTIONS)
    assert len(texts) > 60                                   # every chart box and data point
    assert [t for t in texts if re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", t)] == []
    assert [t for t in texts if ENGLISH_ARIA.search(t)] == []


def test_table_of_contents_in_view_beside_the_text(rendered):
    """At 1280 px the contents stay open and on screen while the reader is in section 5."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with Browser(chromium()) as b:
        tab = b.open(rendered.html, width=1280, height=900)
        tab.evaluate("document.getElementById('sec-chuyen-doi-so').scrollIntoView(), "
                     "new Promise(r => setTimeout(r, 200))")
        toc = tab.evaluate("""(() => { const n = document.querySelector('nav#TOC');
          const r = n.getBoundingClientRect(); const s = document.getElementById('sec-chuyen-doi-so');
          const h = (s.matches('h2') ? s : s.querySelector('h2')).getBoundingClientRect();
          const link = n.querySelector('a[href="#sec-chuyen-doi-so"]').getBoundingClientRect();
          return {open: n.querySelector('details').open, top: r.top, bottom: r.bottom, right: r.right,
                  text: h.left, scrolled: window.scrollY, link: link.top, linkH: link.height}; })()""")
        tab.screenshot(SCREENSHOT_DIR / "report-1280-section-5.png")
    assert toc["scrolled"] > 3000 and toc["open"]
    assert 0 <= toc["top"] and toc["bottom"] <= 900 and toc["right"] <= toc["text"]
    assert 0 < toc["link"] < 900 and toc["linkH"] > 0
    with Browser(chromium()) as b:   # narrow: a closed one-line disclosure above the text
        tab = b.open(rendered.html, width=390, height=844)
        assert tab.evaluate("document.querySelector('nav#TOC details').open") is False


def test_chart_font_comes_with_the_page(audits):
    """Labels are placed for Noto Sans: the page brings its regular and bold faces."""
    for width in (1280, 390):
        assert audits[width]["chartFonts"] == ["400", "700"]


@pytest.mark.parametrize("width", [1280, 390])
def test_summary_is_the_first_screen(audits, width):
    """The summary section and its first paragraph are on the screen the page opens with."""
    section, top, first_paragraph_end, screen = audits[width]["firstScreen"]
    assert section == "sec-tom-tat"
    assert top < first_paragraph_end <= screen, audits[width]["firstScreen"]


@pytest.mark.parametrize("width", [1280, 390])
def test_key_points_and_the_overview_figure_open_the_page(audits, width):
    """At 1280 px the key points and the overview figure are both on the first screen; at 390 px
    the key points fill it and the overview figure follows them."""
    screen = audits[width]["firstScreen"][3]
    (kp_top, kp_bottom), (ov_top, ov_bottom) = audits[width]["keyPoints"], audits[width]["overview"]
    assert kp_top < screen and ov_top >= kp_bottom, audits[width]
    if width == 1280:
        assert kp_bottom <= screen and ov_bottom <= screen, audits[width]
    else:
        assert kp_bottom > screen * 0.8, audits[width]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_scorecard_status_is_in_view_without_scrolling_sideways(audits, width):
    assert audits[width]["statusRight"] is not None and audits[width]["statusRight"] <= width, audits[width]


# The status tables: one card per target on a phone, a table from a laptop's width.
STATUS_TABLES = ("tbl-scorecard", "tbl-outcomes")
CARDS_JS = """((label) => { const el = document.getElementById(label);
  const t = el.matches('table') ? el : el.querySelector('table');  // Quarto: the id is the float's
  const box = t.closest('.hp-scroll'); const W = window.innerWidth;
  const seen = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= W + 0.5 && el.textContent.trim() !== ''; };
  const rows = Array.from(t.querySelectorAll('tbody tr')).map(tr => {
    const cell = name => tr.querySelector(`td[data-label="${name}"]`);
    const status = cell('Đánh giá'), span = status && status.querySelector('span[class^="hp-st-"]');
    const before = name => cell(name) ? getComputedStyle(cell(name), '::before').content : null;
    return {target: seen(tr.cells[0]), status: !!status && seen(status), latest: !!cell('Số mới nhất') && seen(cell('Số mới nhất')),
            sign: span ? span.textContent.slice(0, 1) : null, colour: span ? getComputedStyle(span).color : null,
            cls: span ? span.className : null, label: before('Số mới nhất'),
            top: Math.round(tr.getBoundingClientRect().top), bottom: Math.round(tr.getBoundingClientRect().bottom)}; });
  const blank = Array.from(t.querySelectorAll('td')).filter(td => td.textContent.trim() === '–' &&
    td.getBoundingClientRect().height > 0).length;
  return {display: getComputedStyle(t).display, head: getComputedStyle(t.tHead).display, blank,
          scroll: box.scrollWidth, client: box.clientWidth, page: document.documentElement.scrollWidth, rows}; })"""


def _rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def check_status_tables(html: Path, shots: str) -> None:
    """At 390 x 844 each row of a status table is a card that shows its target, status and latest
    figure (labelled) inside the screen, with no sideways scrolling and no empty "–" line; at 1280
    the table is a table with its header row. Both widths: each status in its palette colour (helpers.present.status_style)."""
    from helpers.present.status_style import STATUS_COLOURS, css_class

    colours = {css_class(k): _rgb(v) for k, v in STATUS_COLOURS.items()}
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with Browser(chromium()) as b:
        for width, height in ((390, 844), (1280, 900)):
            tab = b.open(html, width=width, height=height)
            for label in STATUS_TABLES:
                tab.evaluate(f"document.getElementById({label!r}).scrollIntoView(), new Promise(r => setTimeout(r, 200))")
                got = tab.evaluate(f"{CARDS_JS}({label!r})")
                tab.screenshot(SCREENSHOT_DIR / f"{shots}-{width}-{label}.png")
                rows = got["rows"]
                assert len(rows) >= 2, (label, got)
                assert all(r["target"] and r["status"] and r["latest"] for r in rows), (label, width, rows)
                assert all(r["cls"] in colours and r["colour"] == colours[r["cls"]] for r in rows), rows
                if width == 390:
                    assert got["display"] == "block" and got["head"] == "none", (label, got)
                    assert got["scroll"] <= got["client"] and got["page"] <= width, (label, got)
                    assert all(r["label"] == '"Số mới nhất: "' for r in rows), rows
                    assert got["blank"] == 0, got                  # a card leaves out what has no value
                    # one card after the other, not cells side by side
                    assert all(a["bottom"] <= b["top"] for a, b in zip(rows, rows[1:])), rows
                else:
                    assert got["display"] == "table" and got["head"] == "table-header-group", (label, got)
                    assert all(r["label"] == "none" for r in rows), rows


def test_status_tables_are_cards_on_a_phone_and_tables_on_a_laptop(rendered):
    check_status_tables(rendered.html, "report")


def test_one_h1_then_sections(audits):
    assert audits[1280]["h1"] == 1 and audits[1280]["h2"] >= 8


def test_page_is_in_vietnamese_and_light(rendered, page):
    assert re.search(r'<html lang="vi', page)
    assert rendered.html.stat().st_size <= 1_000_000


def test_every_chart_has_its_numbers_in_a_disclosure(page):
    figures = [label for label, kind in embeds() if kind == "fig"]
    for label in figures:
        block = element(page, label, "fig")
        assert '<details class="hp-chart-data"><summary>Bảng số liệu của hình</summary>' in block, label
        assert "<th scope=\"col\">" in block, label


def word_boxes(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word's box (xMin, yMin, xMax, yMax, text) from `pdftotext -bbox`."""
    pdf_text(pdf)  # skips (or fails in CI) without poppler-utils
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    return [[(float(a), float(b), float(c), float(d), htmllib.unescape(t)) for a, b, c, d, t in word.findall(page)]
            for page in re.findall(r"<page[^>]*>(.*?)</page>", out, re.S)]


def overlapping_words(words, share: float = 0.2) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than `share` of the smaller box."""
    found = []
    words = sorted(words)
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b[0] >= a[2]:
                break
            ix, iy = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
            smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
            if ix > 0 and iy > 0 and smaller > 0 and ix * iy > share * smaller:
                found.append((a[4], b[4]))
    return found


def test_overlapping_words_are_found():
    # hand-made boxes: two words printed over each other, and two side by side
    assert overlapping_words([(0, 0, 10, 5, "a"), (4, 0, 14, 5, "b")]) == [("a", "b")]
    assert overlapping_words([(0, 0, 10, 5, "a"), (10.5, 0, 20, 5, "b")]) == []


def test_pdf_prints_no_text_over_text(rendered):
    pages = word_boxes(rendered.pdf)
    clashes = {n: overlapping_words(words) for n, words in enumerate(pages, start=1)}
    assert {n: c for n, c in clashes.items() if c} == {}


def test_pdf_has_no_missing_glyphs(rendered):
    text = pdf_text(rendered.pdf)
    assert "\ufffd" not in text and "\u25a1" not in text   # replacement character, empty box
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(rendered.pdf)], capture_output=True, text=True).stdout
        names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
        assert all(n.startswith("Noto") for n in names), names   # shipped fonts only


def test_pdf_body_is_longer_than_the_data_annex(rendered):
    """The report's body (to the annex heading) runs longer than the data annex (from the annex
    heading to the back matter: how to cite, the colophon and the references, which are neither)."""
    pages = [p for p in pdf_text(rendered.pdf).split("\f") if p.strip()]
    annex = next(i for i, p in enumerate(pages, start=1)
                 if re.search(r"^\d+ Phụ lục: dữ liệu và nguồn$", p, re.M) and "Mục lục" not in p)
    back = next(i for i, p in enumerate(pages, start=1) if i > annex and re.search(r"^Cách trích dẫn$", p, re.M))
    body = annex - 1
    print(f"PDF pages: {len(pages)}, body {body}, annex {back - annex}, back matter {len(pages) - back + 1}")
    assert body > back - annex


def test_running_text_has_no_label_syntax_maths_signs_or_ids(rendered, page):
    """In the sections prose_scan.SCOPE lists, HTML and PDF."""
    from prose_scan import SCOPE, html_running_text, pdf_running_text, problems, section_titles

    html_text = html_running_text(page)
    pdf = pdf_running_text(word_boxes(rendered.pdf), section_titles(page))
    assert set(html_text) == set(pdf) == set(SCOPE)
    for where, texts in (("html", html_text), ("pdf", pdf)):
        assert all(len(t) > 200 for t in texts.values()), (where, {k: len(t) for k, t in texts.items()})
        found = {k: problems(t) for k, t in texts.items()}
        assert {k: v for k, v in found.items() if v} == {}, where


def test_table_cells_of_the_scorecard_and_annex_hold_no_ids(page):
    """A source in a table is a citation ("[7]"), never its id ("dntt_2025_kh106")."""
    from prose_scan import TABLE_SCOPE, html_table_text, id_problems

    cells = html_table_text(page)
    assert set(cells) == set(TABLE_SCOPE) and all(len(t) > 1000 for t in cells.values())
    assert {k: id_problems(t) for k, t in cells.items() if id_problems(t)} == {}
    assert "Mã nguồn" not in cells["sec-phu-luc"]


def test_prose_scan_finds_what_it_looks_for():
    from prose_scan import problems

    assert [k for k, _ in problems("GRDP: 13% (mục tiêu, Hải Phòng sau hợp nhất) năm 2026")] == ["label syntax"]
    assert [k for k, _ in problems("thấp hơn kế hoạch > 147.435 tỷ đồng")] == ["maths sign"]
    assert [k for k, _ in problems("chuỗi hai_phong_merged và bài viết nguồn 002")] == ["id", "id"]
    from prose_scan import html_table_text, id_problems
    page = ('<main><section id="sec-phu-luc" class="level1"><h1>x</h1><table><tr><th>Giá trị</th></tr>'
            '<tr><td>35% (dntt_2025_kh106)</td></tr></table></section></main>')
    assert [k for k, _ in id_problems(html_table_text(page)["sec-phu-luc"])] == ["id"]
    assert problems("tăng 3,8%/năm từ 2025 đến 2026 (Hải Phòng + Hải Dương), hạng 3/63") == []


def test_pdf_annex_type_is_at_least_6_pt(rendered):
    """The annex is compact but readable: its tables in 6,5 pt (a Noto word box is about 1,36
    times the type size), nothing below 6 pt but the odd superscript."""
    pages = word_boxes(rendered.pdf)
    text = [" ".join(w[4] for w in words) for words in pages]
    annex = next(i for i, t in enumerate(text) if "Phụ lục: dữ liệu và nguồn" in t and "Mục lục" not in t)
    heights = [w[3] - w[1] for words in pages[annex:] for w in words]
    small = [h for h in heights if h < 6 * 1.36]
    assert len(heights) > 5000 and len(small) <= len(heights) / 200, (len(small), len(heights))


def test_every_readers_note_of_the_data_reaches_the_page(page):
    """Each non-empty `note_vi` of data/values.csv (a caveat "said to readers") is printed in the
    report: in the conflicts table for a conflict group, under the figure or table that shows the
    row otherwise (DTI 2024 as a possible Hải Phòng + Hải Dương average, the repeated 2024 figures
    of the 2025 online services)."""
    import csv

    from report_facts import html_facts, squash

    text = squash(html_facts(page).text)
    with (PROJECT_ROOT / "data" / "values.csv").open(encoding="utf-8") as f:
        notes = {squash(r["note_vi"]) for r in csv.DictReader(f) if (r.get("note_vi") or "").strip()}
    assert notes
    assert sorted(n for n in notes if n not in text) == []


def test_runs_of_years_across_the_merger_say_which_years_are_which_territory(page):
    """"năm thứ tư liên tiếp (2022–2025)" and the double-digit growth years span the 1/7/2025
    merger: the page says which years are the old city and which the merged city, and claims no
    single continuous run."""
    from report_facts import html_facts, squash

    text = squash(html_facts(page).text)
    assert "2022–2024: Hải Phòng trước hợp nhất; 2025: thành phố sau hợp nhất" in text  # Bảng 1 and Mục 2
    assert "hai con số liên tục trong giai đoạn 2019–2025" not in text
    for m in re.finditer(r"100\.000 tỷ đồng năm thứ tư liên tiếp", text):
        around = text[m.start() - 200:m.end() + 250]
        assert "trước hợp nhất" in around and "sau hợp nhất" in around, around
