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
from helpers.browser import Browser
from helpers.render import render_report

REPORT = PROJECT_ROOT / "report" / "report.qmd"
EMBED = re.compile(r"\{\{< embed \.\./notebooks/[\w.-]+\.ipynb#((fig|tbl)-[\w-]+) >\}\}")
# Appendix tables that name a source on every row instead of citing them in the caption.
ROW_SOURCED = {"tbl-sources", "tbl-figures"}
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
        assert "Nguồn:" in block and 'href="#ref-' in block, label


def test_nothing_is_loaded_from_outside_the_file(page):
    for tag in re.findall(r"<(?:script|link|img|source|iframe|embed|object)\b[^>]*>", page):
        assert not re.search(r'\b(?:src|href)\s*=\s*["\']?(?:https?:)?//', tag), tag
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page)
    assert not re.search(r"@import\s+['\"]?(?:url\()?\s*['\"]?(?:https?:)?//", page)
    # one copy of the Vega runtime for the whole page: a single large script
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert [len(s) > 100_000 for s in scripts].count(True) == 1


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
        assert tab.evaluate("Array.from(document.querySelectorAll('header details, nav#TOC details'),"
                            " d => d.open)") == [False, False]
    text = " ".join(pdf_text(pdf).split())
    assert "Báo cáo theo dõi nền tảng tài chính" in text      # the abstract
    assert "Nền tảng tài chính và kinh tế" in text            # a TOC entry on the first pages


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


def test_pdf_body_is_most_of_the_document(rendered):
    pages = [p for p in pdf_text(rendered.pdf).split("\f") if p.strip()]
    annex = next(i for i, p in enumerate(pages, start=1)
                 if re.search(r"^\d+ Phụ lục: dữ liệu và nguồn$", p, re.M) and "Mục lục" not in p)
    body = annex - 1
    print(f"PDF pages: {len(pages)}, body {body}, annex {len(pages) - body}")
    assert body > len(pages) - body
