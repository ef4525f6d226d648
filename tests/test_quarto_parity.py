"""Quarto and the embedded renderer give the same report.

Both renderers render the real report and the feature fixture (tests/fixtures/render) once per
session; tests/report_facts.py compares what a reader gets: figure and table ids, captions,
sources lines, bibliography, colophon, external loads, English words, broken links, PDF text and
fonts. Without `quarto` on PATH the Quarto tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from helpers import PROJECT_ROOT
from helpers.publish.build.info import build_info
from helpers.publish.build.downloads import publish_data
from helpers.publish.render.html import page_scripts
from helpers.publish.render import RenderError, render_report, updated_line
from helpers.data.edition import load_edition
from helpers.publish.render.bibliography import load_sources
from helpers.publish.render.quarto_run import TESTED_VERSION, find_quarto, finish_typst, version_warning
from helpers.publish.render.downloads import top_links_html
from helpers.present.citation import HEADING as CITATION_HEADING, citation_text
from report_facts import differences, rendered
from test_render_features import RENDER_CACHE, make_project, pdf_text, snapshot

HAVE_QUARTO = shutil.which("quarto") is not None
needs_quarto = pytest.mark.skipif(
    not HAVE_QUARTO and not os.environ.get("CI"),
    reason="quarto is not on PATH (README: 'Quarto'); under CI this test fails instead")


def render_both(root: Path, out: Path, info: dict) -> dict:
    """Both renderers' outputs of `root`, each with the data downloads the build publishes."""
    if not HAVE_QUARTO:
        pytest.fail("quarto is not on PATH, and CI is set: install it (.ci/run does)")
    results = {}
    for renderer in ("embedded", "quarto"):
        folder = out / renderer
        result = render_report(root, folder, renderer=renderer, quiet=True, build_info=info)
        publish_data(root / "data", folder / "data", computed=root == PROJECT_ROOT)
        results[renderer] = (result, rendered(folder))
    return results


def git_state(root: Path) -> str:
    """`git status` of the tree, ignored files too, but for the render cache (which renders fill)."""
    status = subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
                            cwd=root, capture_output=True, text=True, check=True).stdout
    return "".join(line for line in status.splitlines(keepends=True) if not line[3:].startswith(RENDER_CACHE))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    before = git_state(PROJECT_ROOT)
    info = build_info(PROJECT_ROOT, PROJECT_ROOT / "data", "auto")
    both = render_both(PROJECT_ROOT, tmp_path_factory.mktemp("parity-report"), info)
    return {"both": both, "before": before, "after": git_state(PROJECT_ROOT)}


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("parity-fixture") / "project")
    before = snapshot(root)
    info = {"commit": "0" * 40, "data_hash": "1" * 64, "lock_hash": "2" * 64}
    both = render_both(root, tmp_path_factory.mktemp("parity-fixture-out"), info)
    return {"both": both, "root": root, "before": before}


@needs_quarto
@pytest.mark.parametrize("which", ["report", "fixture"])
def test_quarto_gives_the_same_report(which, request):
    both = request.getfixturevalue(which)["both"]
    embedded, quarto = both["embedded"][1], both["quarto"][1]
    assert differences(embedded, quarto) == []


@needs_quarto
def test_the_report_has_what_both_renderers_are_compared_on(report):
    """Guards the comparison against comparing empty lists."""
    for renderer in ("embedded", "quarto"):
        facts = report["both"][renderer][1]
        assert len(facts.html.floats) >= 15 and len(facts.html.sources_lines) >= 15
        assert len(facts.html.bibliography) == len(__import__("yaml").safe_load(
            (PROJECT_ROOT / "data" / "sources.yml").read_text(encoding="utf-8")))
        assert facts.html.colophon[-1].startswith(f"Bộ dựng: {renderer} (")
        assert facts.pdf.fonts <= {"NotoSerif", "NotoSans", "NotoSansMono", "NotoSansMath", "NotoSansCJKjp"}
        assert len(facts.pdf.captions) == len(facts.html.floats)


@needs_quarto
def test_both_renderers_say_up_to_when_the_data_run(report):
    """'Số liệu cập nhật đến ngày …' under the title: in the title block of both HTML pages and
    on the first page of both PDFs."""
    line = updated_line(load_edition())
    assert line.startswith("Số liệu cập nhật đến ngày ") and "ấn bản" in line
    for renderer in ("embedded", "quarto"):
        folder = report["both"][renderer][1].folder
        page = (folder / "report.html").read_text(encoding="utf-8")
        header = page[page.find('<header id="title-block-header"'):page.find("</header>")]
        assert line in header, renderer
        first_pages = " ".join(pdf_text(folder / "report.pdf", "-l", "3").split())
        assert line in first_pages, renderer


@needs_quarto
def test_both_pages_keep_the_page_budget_and_one_h1(report):
    """Quarto's page is minimal (no Bootstrap, no icon font) in the embedded page's shape."""
    for renderer in ("embedded", "quarto"):
        path = report["both"][renderer][1].folder / "report.html"
        page = path.read_text(encoding="utf-8")
        print(f"{renderer}: {path.stat().st_size} bytes, h1 {page.count('<h1')}")
        assert path.stat().st_size <= 1_000_000, renderer
        assert len(re.findall(r"<h1\b", page)) == 1 and len(re.findall(r"<h2\b", page)) >= 8, renderer
        assert '<details class="abstract">' in page and '<summary id="toc-title">Mục lục</summary>' in page
        assert page.count('<details class="hp-fold">') >= 1, renderer       # the annex folded
        assert "Được trích ở: " in page, renderer                           # back links
        assert "bootstrap-icons" not in page and 'id="quarto-bootstrap"' not in page, renderer


@needs_quarto
def test_quarto_page_in_a_browser(report):
    """The browser checks of the embedded page hold for Quarto's page too."""
    import test_report_outputs as checks

    page = SimpleNamespace(html=report["both"]["quarto"][1].folder / "report.html")
    for label in checks.MERGED_CHARTS:
        checks.test_hovering_and_focusing_a_2025_point_shows_its_value(page, label)
    checks.test_screen_reader_descriptions_are_vietnamese_without_ids(page)
    checks.test_table_of_contents_in_view_beside_the_text(page)
    checks.check_status_tables(page.html, "quarto")


@needs_quarto
def test_quarto_running_text_has_no_label_syntax_maths_signs_or_ids(report):
    from prose_scan import SCOPE, html_running_text, pdf_running_text, problems, section_titles
    from test_report_outputs import word_boxes

    folder = report["both"]["quarto"][1].folder
    page = (folder / "report.html").read_text(encoding="utf-8")
    html_text = html_running_text(page)
    pdf = pdf_running_text(word_boxes(folder / "report.pdf"), section_titles(page))
    assert set(html_text) == set(SCOPE) and set(pdf) == set(SCOPE)
    for where, texts in (("html", html_text), ("pdf", pdf)):
        assert {k: problems(t) for k, t in texts.items() if problems(t)} == {}, where
    from prose_scan import TABLE_SCOPE, html_table_text, id_problems
    cells = html_table_text(page)
    assert set(cells) == set(TABLE_SCOPE)
    assert {k: id_problems(t) for k, t in cells.items() if id_problems(t)} == {}


def right_aligned_column(pdf: Path, caption: str, last_word: str) -> list[float]:
    """The right edges of the words `last_word` below `caption` on its page (one per cell of a
    column whose cells end with that word)."""
    from test_report_outputs import word_boxes

    for words in word_boxes(pdf):
        head = next((w for w in words if w[4] == caption.split()[0]
                     and any(v[4] == caption.split()[1] and abs(v[1] - w[1]) < 1 for v in words)), None)
        if head is not None:
            # table text is smaller than its caption; the text after the table is larger
            small = head[3] - head[1] - 0.3
            return [w[2] for w in words if w[4] == last_word and w[1] > head[1] + 5 and w[3] - w[1] < small]
    return []


@needs_quarto
def test_both_pdfs_right_align_numbers(report):
    for renderer in ("embedded", "quarto"):
        ends = right_aligned_column(report["both"][renderer][1].folder / "report.pdf", "Bảng 2:", "đồng")
        assert len(ends) >= 3 and max(ends) - min(ends) < 0.6, (renderer, ends)


@pytest.mark.parametrize("which", ["report", "fixture"])
def test_both_renderers_link_the_pdf_the_data_package_and_each_download(which, request):
    """The title block links to the PDF and the data package; each chart and table links its CSV;
    the same links in both pages, every one to a file that exists (differences() checks that)."""
    both = request.getfixturevalue(which)["both"]
    links = {}
    for renderer in ("embedded", "quarto"):
        folder = both[renderer][1].folder
        page = (folder / "report.html").read_text(encoding="utf-8")
        header = page[page.find('<header id="title-block-header"'):page.find("</header>")]
        assert top_links_html() in header, renderer
        assert (folder / "data" / "datapackage.json").is_file() and (folder / "report.pdf").is_file()
        links[renderer] = re.findall(r'<a href="(data/(?:tables|charts)/[\w-]+\.csv)" class="hp-download"', page)
    assert links["embedded"] == links["quarto"]
    assert len([h for h in links["embedded"] if "/tables/" in h]) >= 2
    if which == "report":
        assert len([h for h in links["embedded"] if "/charts/" in h]) >= 8


@needs_quarto
def test_both_renderers_say_how_to_cite_the_report(report):
    for renderer in ("embedded", "quarto"):
        folder = report["both"][renderer][1].folder
        page = " ".join((folder / "report.html").read_text(encoding="utf-8").split())
        assert CITATION_HEADING in page and citation_text() in page, renderer
        assert citation_text() in " ".join(pdf_text(folder / "report.pdf").split()), renderer


@needs_quarto
def test_quarto_result_names_its_version(report):
    result = report["both"]["quarto"][0]
    assert result.renderer == "quarto" and result.version == f"quarto {find_quarto()[1]}"


@needs_quarto
def test_quarto_html_draws_interactive_charts_offline(report):
    html = (report["both"]["quarto"][1].folder / "report.html").read_text(encoding="utf-8")
    charts = len(re.findall(r'<div class="hp-chart" data-hp-chart(?:="")? role="img"', html))
    assert charts >= 5
    assert charts == len(re.findall(r'<script type="application/octet-stream" class="hp-spec">', html))
    main = html[html.find("<main"):html.rfind("</main>")]
    assert main.count("<table") == main.count('<div class="hp-scroll" tabindex="0"><table') > 0
    head, body = page_scripts(charts)          # the embedded renderer's Vega runtime and chart script
    assert body and html.count(body) == 1 and head in html
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=\"(?:https?:)?//", html)


@needs_quarto
def test_quarto_build_leaves_the_source_tree_unchanged(report, fixture):
    assert report["after"] == report["before"]
    assert snapshot(fixture["root"]) == fixture["before"]
    assert not (fixture["root"] / ".quarto").exists()


@needs_quarto
def test_failed_quarto_render_names_the_file_and_line_and_changes_nothing(tmp_path):
    root = make_project(tmp_path / "project")
    config = root / "_quarto.yml"
    text = config.read_text(encoding="utf-8")
    # A value only Quarto checks (the common checks do not read format options).
    config.write_text(text.replace("    toc-depth: 2\n", "    toc-depth: deep\n", 1), encoding="utf-8")
    line = config.read_text(encoding="utf-8").split("\n").index("    toc-depth: deep") + 1
    before = snapshot(root)
    with pytest.raises(RenderError) as err:
        render_report(root, tmp_path / "out", renderer="quarto", quiet=True)
    assert str(err.value).startswith(f"_quarto.yml:{line}: quarto render failed")
    assert "toc-depth" in str(err.value)
    assert snapshot(root) == before and not (tmp_path / "out" / "report.html").exists()


def test_comparator_finds_a_missing_sources_line(tmp_path):
    """The comparison itself: removing one sources line from one output is a difference."""
    root = make_project(tmp_path / "project")
    first, second = tmp_path / "a", tmp_path / "b"
    render_report(root, first, renderer="embedded", quiet=True)
    publish_data(root / "data", first / "data", computed=False)   # what the page links to
    shutil.copytree(first, second)
    assert differences(rendered(first), rendered(second)) == []
    page = (second / "report.html").read_text(encoding="utf-8")
    cut = re.sub(r"(<figcaption>.*?)\s*Nguồn: .*?(</figcaption>)", r"\1\2", page, count=1, flags=re.S)
    assert cut != page
    (second / "report.html").write_text(cut, encoding="utf-8")
    found = differences(rendered(first), rendered(second))
    assert any(d.startswith("sources lines differ") for d in found)
    assert any(d.startswith("captions differ") for d in found)


def test_version_warning_names_the_tested_version():
    assert version_warning(TESTED_VERSION) is None
    assert f"tested with Quarto {TESTED_VERSION}" in version_warning("1.12.3")


def test_typst_without_font_awesome():
    typ = '#import "@preview/fontawesome:0.5.0": *\n#callout(icon: fa-info(), body: [x])\n'
    assert finish_typst(typ) == "#let fa-info(..args) = none\n#callout(icon: fa-info(), body: [x])\n"


@needs_quarto
def test_both_renderers_show_the_edition_and_its_changes_section(report):
    """The edition's publication date in the title block, its cut-off and name in the colophon,
    the "Thay đổi so với ấn bản trước" section and its method, in both HTML pages and PDFs."""
    from helpers.present.edition_text import date_text, edition_name

    edition = load_edition()
    for renderer in ("embedded", "quarto"):
        folder = report["both"][renderer][1].folder
        page = (folder / "report.html").read_text(encoding="utf-8")
        header = page[page.find('<header id="title-block-header"'):page.find("</header>")]
        assert date_text(edition.published) in header, renderer
        pdf = " ".join(pdf_text(folder / "report.pdf").split())
        for text in ("Thay đổi so với ấn bản trước", "Kiểm tra dự báo của ấn bản trước",
                     "Ấn bản, thay đổi và kiểm tra dự báo", f"Ngày chốt số liệu: {date_text(edition.cutoff)}",
                     f"Ấn bản: {edition_name(edition)}"):
            assert text in " ".join(re.sub(r"<[^>]+>", " ", page).split()), (renderer, text)
            assert text in pdf, (renderer, text)
        assert (folder / "data" / "changes.csv").read_bytes().startswith(b"\xef\xbb\xbfsection,section_vi,change,change_vi,detail,detail_vi")


@needs_quarto
def test_both_tables_of_contents_agree_and_quotes_stay_verbatim(report):
    """Both pages' contents end with the bibliography; a verbatim quote's straight apostrophe
    ("the city's online public services", values.csv) stays straight in both pages and PDFs."""
    import html as htmllib

    values = pd.read_csv(PROJECT_ROOT / "data" / "values.csv", dtype=str, keep_default_na=False)
    words = sorted({w for q in values["quote"] for w in re.findall(r"\w+'\w+", q)})
    assert "city's" in words
    tocs = {}
    for renderer in ("embedded", "quarto"):
        folder = report["both"][renderer][1].folder
        page = htmllib.unescape((folder / "report.html").read_text(encoding="utf-8"))
        nav = re.search(r'<nav id="TOC".*?</nav>', page, re.S).group(0)
        tocs[renderer] = [" ".join(re.sub(r"<[^>]+>", " ", a).split())
                          for a in re.findall(r"<a\b[^>]*>(.*?)</a>", nav, re.S)]
        assert tocs[renderer][-1] == "Tài liệu tham khảo", renderer
        pdf = pdf_text(folder / "report.pdf")
        for word in words:
            curly = word.replace("'", "\u2019")
            assert word in page and curly not in page, (renderer, word)
            assert curly not in pdf, (renderer, word)
    assert tocs["embedded"] == tocs["quarto"]
