"""The embedded renderer against a fixture document that uses every supported feature
(report/README.md), in both formats; every unsupported feature is an error naming file and line."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from helpers import PROJECT_ROOT
from helpers.publish.render import RenderError, check_report, render_report
from helpers.publish.render.bibliography import csl_items, load_sources
from helpers.publish.render.downloads import pipe_table
from helpers.publish.render.vega import read_payload, vega_runtime

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "project"
DOC = "report/report.qmd"


def make_project(dest: Path) -> Path:
    """A copy of the fixture project with the real _quarto.yml and the shipped fonts."""
    shutil.copytree(FIXTURE, dest)
    shutil.copy(PROJECT_ROOT / "_quarto.yml", dest / "_quarto.yml")
    shutil.copytree(PROJECT_ROOT / "report" / "fonts", dest / "report" / "fonts")
    shutil.copytree(PROJECT_ROOT / "report" / "quarto", dest / "report" / "quarto")  # read by _quarto.yml
    return dest


RENDER_CACHE = ".cache/render/"   # gitignored; renders fill it (helpers.publish.render.render_cache)


def snapshot(root: Path, cache: bool = False) -> dict[str, bytes]:
    """The files under `root`, without the render cache unless `cache`."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and (cache or not p.relative_to(root).as_posix().startswith(RENDER_CACHE))}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("render") / "project")
    before = snapshot(root)
    out = tmp_path_factory.mktemp("out")
    result = render_report(root, out, renderer="embedded", quiet=True)
    return {"root": root, "before": before, "out": out, "result": result,
            "html": result.html.read_text(encoding="utf-8")}


class Tags(HTMLParser):
    """Start tags with their attributes, and the text of every <script>."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def element(html: str, tag: str, ident: str) -> str:
    m = re.search(rf'<{tag} id="{re.escape(ident)}"[^>]*>(.*?)</{tag}>', html, re.S)
    assert m, f"no <{tag} id={ident}>"
    return m.group(1)


def text_of(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


# ---------------------------------------------------------------- outputs


def test_result_and_only_out_dir_written(rendered):
    result = rendered["result"]
    assert result.renderer == "embedded"
    assert result.version.startswith("pandoc 3.") and "typst 0.15" in result.version
    assert sorted(p.name for p in rendered["out"].iterdir()) == ["data", "report.html", "report.pdf"]
    # one CSV per table shown (tbl-chi-ma shows code only), and their list
    assert sorted(p.name for p in (rendered["out"] / "data" / "tables").iterdir()) == [
        "README.md", "tbl-chiso.csv", "tbl-code.csv"]
    # the source tree is untouched; the render cache is all the render adds
    assert snapshot(rendered["root"]) == rendered["before"]
    assert any(k.startswith(RENDER_CACHE + "vega-spec/") for k in snapshot(rendered["root"], cache=True))


def test_every_table_has_its_csv_with_bom_linked_under_it(rendered):
    out = rendered["out"]
    html = rendered["html"]
    for label in ("tbl-chiso", "tbl-code"):
        data = (out / "data" / "tables" / f"{label}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")          # UTF-8 BOM: Excel reads Vietnamese right
        after = html[html.index(f'id="{label}"'):]
        link = f'<a href="data/tables/{label}.csv" class="hp-download" download="">'
        # the link is the first one after the table's end
        assert after.index(link) < after.index("</table>") + 200, label
    # the cells as printed, unescaped; a cell with a comma is quoted
    assert (out / "data" / "tables" / "tbl-chiso.csv").read_bytes().decode("utf-8") == (
        '\ufeffChỉ số,Giá trị\r\nĐiểm PII (thử nghiệm),"58,09"\r\nTrạm 5G (thử nghiệm),1.329\r\n'
        "<script>alert(2)</script>,1\r\n")
    readme = (out / "data" / "tables" / "README.md").read_text(encoding="utf-8")
    assert "`tbl-chiso.csv` | Các chỉ số thử nghiệm" in readme


def test_html_title_block_and_toc(rendered):
    html = rendered["html"]
    assert '<html lang="vi-VN">' in html
    assert '<h1 class="title">Báo cáo thử nghiệm: Hải Phòng</h1>' in html
    assert '<p class="subtitle">Tài liệu kiểm tra bộ dựng</p>' in html
    assert '<p class="author">Nhóm Dữ liệu</p>' in html
    assert '<p class="date">15 tháng 1 năm 2026</p>' in html
    assert "Tóm tắt ngắn với dấu tiếng Việt" in html
    toc = element(html, "nav", "TOC")
    assert '<summary id="toc-title">Mục lục</summary>' in toc      # one line until opened
    assert text_of(toc).split() == (
        "Mục lục 1 Giới thiệu 1.1 Bảng chỉ số 2 Phương pháp Phụ lục Tài liệu tham khảo").split()
    assert 'href="#sec-phuong-phap"' in toc


def test_html_numbered_figures_tables_and_crossrefs(rendered):
    html = rendered["html"]
    fig = element(html, "figure", "fig-thu")
    caption = text_of(re.search(r"<figcaption>(.*?)</figcaption>", fig, re.S).group(1))
    assert caption == "Hình 1: Thu ngân sách thử nghiệm theo năm. Nguồn: [1] (đơn vị công bố gốc: nguồn không nêu)."
    assert 'aria-label="Biểu đồ cột thu ngân sách thử nghiệm 2022–2024"' in fig
    assert 'role="img"' in fig
    assert text_of(element(html, "table", "tbl-chiso")).startswith(
        "Bảng 1: Các chỉ số thử nghiệm. Nguồn: [2].")
    assert text_of(element(html, "table", "tbl-code")).startswith("Bảng 2: Bảng kèm mã")
    # echo: true shows the code without its option lines; include: false embeds nothing
    assert "show_table(df2)" in html and "#| label" not in html and "show_chart(c2)" not in html
    assert 'id="fig-an"' not in html
    # output: false with echo: true shows the code only
    assert "tinh_bang()" in html and "không hiện" not in html and 'id="tbl-chi-ma"' not in html
    assert '<a href="#fig-thu" class="quarto-xref">Hình\u00a01</a>' in html
    assert '<a href="#tbl-chiso" class="quarto-xref">Bảng\u00a01</a>' in html
    assert '<a href="#sec-phuong-phap" class="quarto-xref">Mục\u00a02</a>' in html
    assert '<a href="#sec-gioi-thieu" class="quarto-xref">Mục\u00a01</a>' in html


def test_generated_text_is_inserted_with_its_citations(rendered):
    html = rendered["html"]
    para = re.search(r"<p>Đoạn văn <strong>sinh ra</strong> từ dữ liệu (.*?)</p>", html, re.S)
    assert para and 'href="#ref-nguon-a"' in para.group(1)
    assert "<li>một ý</li>" in html and 'id="txt-loi"' not in html   # unnumbered, no wrapper
    assert "Đoạn văn sinh ra từ dữ liệu" in " ".join(pdf_text(rendered["result"].pdf).split())


def test_html_figure_links_to_its_source(rendered):
    fig = element(rendered["html"], "figure", "fig-thu")
    assert 'href="#ref-nguon-a"' in fig
    assert 'id="ref-nguon-a"' in rendered["html"]


def test_html_callouts_with_vietnamese_titles(rendered):
    html = rendered["html"]
    titles = re.findall(r'<div class="callout callout-(\w+)">\s*<div class="callout-title">\s*(.*?)\s*</div>',
                        html, re.S)
    assert titles == [("note", "Ghi chú"), ("tip", "Mẹo"), ("warning", "Cảnh báo"),
                      ("important", "Quan trọng"), ("caution", "Lưu ý về số liệu")]


def test_html_citations_and_bibliography(rendered):
    html = rendered["html"]
    # numbered references: no letter glued to a word; the first citation of a source in a
    # section is where its bibliography entry links back to
    assert ('[<a href="#ref-nguon-a" role="doc-biblioref" id="cite-nguon-a-1">1</a>]' in html)
    assert '<a href="#ref-nguon-b" role="doc-biblioref" id="cite-nguon-b-1">2</a>, tr. 3]' in html
    assert '<section id="bibliography" class="level2 unnumbered">\n<h2 class="unnumbered">Tài liệu tham khảo</h2>' in html
    entry = re.search(r'<div id="ref-nguon-a" class="csl-entry".*?</span>\n</div>', html, re.S).group(0)
    assert text_of(entry) == ("[1] “Hải Phòng thu ngân sách (bài thử nghiệm)”. Báo Thử Nghiệm, ngày 30/12/2025. "
                              "https://example.vn/bai-a. Truy cập ngày 10/1/2026. Được trích ở: Mục 1.")
    assert '<a href="#cite-nguon-a-1">Mục\u00a01</a>' in entry


def test_html_plain_markdown(rendered):
    html = rendered["html"]
    assert "<li>mục thứ nhất với <strong>chữ đậm</strong> và <em>chữ nghiêng</em>;</li>" in html
    assert '<a href="https://example.vn/lien-ket">liên kết</a>' in html
    assert "<blockquote>\n<p>Trích dẫn khối: chuyển đổi số toàn diện.</p>" in html
    assert 'id="fn1"><p>Chú thích cuối trang bằng tiếng Việt.' in html
    assert "a comment that stays out" not in html


def test_html_escapes_text_from_data(rendered):
    html = rendered["html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Chỉ số đổi mới" in html      # source title
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html                      # table cell
    assert "alert(1)" not in "".join(parse(html).scripts)
    assert "alert(2)" not in "".join(parse(html).scripts)
    # prose code keeps raw-looking text as code
    assert "<code>\\textbf{x}</code>" in html and "<code>&lt;b&gt;</code>" in html


def test_html_is_self_contained_with_one_vega_runtime(rendered):
    tags = parse(rendered["html"])
    for tag, attrs in tags.tags:
        for key in ("src", "href", "srcset", "data", "poster"):
            value = attrs.get(key) or ""
            if tag == "a" and key == "href":
                continue  # plain links to sources are fine
            assert not re.match(r"\s*(https?:)?//", value), f"<{tag} {key}={value}> loads from outside"
        if tag == "link":
            pytest.fail(f"<link {attrs}> in a self-contained page")
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", rendered["html"])
    # one Vega runtime, shipped deflated (about 270 kB of base64 for 590 kB of code)
    assert not [s for s in tags.scripts if "window.vega=" in s]
    runtimes = re.findall(r'<script type="application/octet-stream" id="hp-vega-runtime">([^<]*)</script>',
                          rendered["html"])
    assert len(runtimes) == 1
    code = zlib.decompress(base64.b64decode(runtimes[0])).decode("utf-8")
    assert code == vega_runtime() and "window.vega=" in code
    assert len(runtimes[0]) < len(code) / 2
    # Vega only: the charts are compiled to Vega when the page is built
    assert "window.vegaEmbed" not in rendered["html"] and "window.vegaLite" not in rendered["html"]
    assert sum(1 for t, a in tags.tags if t == "script" and "src" in a) == 0
    payloads = re.findall(r'<script type="application/octet-stream" class="hp-spec">([^<]*)</script>',
                          rendered["html"])
    assert payloads and all(re.fullmatch(r"[A-Za-z0-9+/]+=*", p) for p in payloads)
    spec = read_payload(payloads[0])["specs"][0]
    assert "$schema" not in spec and "usermeta" not in spec and "encoding" not in spec  # Vega, not Vega-Lite
    assert "tooltip" in json.dumps(spec["marks"])
    assert "new vega.View(vega.parse(data.specs[which])" in rendered["html"]
    assert "IntersectionObserver" in rendered["html"]


def pdf_text(path: Path, *options: str) -> str:
    """The text of a PDF by pdftotext (`options` such as -layout); skipped without poppler-utils,
    except when CI is set."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is missing")
        pytest.skip("pdftotext is not installed: install the Debian package 'poppler-utils'")
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_pdf_text(rendered):
    text = pdf_text(rendered["result"].pdf)
    flat = " ".join(text.split())
    assert rendered["result"].pdf.read_bytes().startswith(b"%PDF-")
    for expected in (
        "Báo cáo thử nghiệm: Hải Phòng", "Tài liệu kiểm tra bộ dựng", "15 tháng 1 năm 2026",
        "Mục lục", "1.1 Bảng chỉ số",
        "Hình 1: Thu ngân sách thử nghiệm theo năm. Nguồn: [1] (đơn vị công bố gốc: nguồn không nêu).",
        "Bảng 1: Các chỉ số thử nghiệm. Nguồn: [2].", "Bảng 2: Bảng kèm mã",
        "Xem Hình 1 và Bảng 1; phương pháp ở Mục 2.",
        "Thành phố Hải Phòng, khoa học, công nghệ và đổi mới sáng tạo",
        "Ghi chú", "Mẹo", "Cảnh báo", "Quan trọng", "Lưu ý về số liệu", "xem Mục 1",
        "58,09", "1.329", "<script>alert(2)</script>",
        "Tài liệu tham khảo", "“<script>alert(1)</script> Chỉ số đổi mới”",
        "Báo Thử Nghiệm, ngày 30/12/2025. https://example.vn/bai-a",
        "Thu ngân sách (số liệu thử nghiệm)",   # chart title, drawn as vector text
        "bang = tinh_bang()", "• mục thứ nhất với chữ đậm và chữ nghiêng;",
        "Trích dẫn khối: chuyển đổi số toàn diện.", "Chú thích cuối trang bằng tiếng Việt.",
    ):
        assert expected in flat, expected
    for absent in ("không hiện", "show_chart(c2)", "a comment that stays out", "#| label"):
        assert absent not in flat
    # TOC lines end with page numbers; pages are numbered
    assert re.search("Phương pháp[ .\u2060]*2 ", flat)
    layout = subprocess.run(["pdftotext", "-layout", str(rendered["result"].pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    pages = [p for p in layout.split("\f") if p.strip()]
    assert len(pages) >= 2
    assert [p.strip().splitlines()[-1].strip() for p in pages] == [str(i + 1) for i in range(len(pages))]


def test_pdf_has_vector_chart_and_only_shipped_fonts(rendered):
    pdf = rendered["result"].pdf.read_bytes()
    assert b"/Subtype /Image" not in pdf and b"/Subtype/Image" not in pdf  # the chart is vectors
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(rendered["result"].pdf)], capture_output=True,
                               text=True).stdout
        names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
        assert {"NotoSerif-Regular", "NotoSans-Regular", "NotoSans-Bold"} <= names


def test_deterministic_bytes(rendered, tmp_path):
    vega_runtime.cache_clear()  # the second build regenerates the Vega runtime too
    again = render_report(rendered["root"], tmp_path, renderer="embedded", quiet=True)
    assert again.html.read_bytes() == rendered["result"].html.read_bytes()
    assert again.pdf.read_bytes() == rendered["result"].pdf.read_bytes()


def test_bibliography_from_sources(rendered):
    items = csl_items(load_sources(rendered["root"]))
    assert [i["id"] for i in items] == ["nguon-a", "nguon-b"]
    assert items[0]["author"] == [{"literal": "Báo Thử Nghiệm"}]
    assert items[0]["issued"] == {"date-parts": [[2025]]}
    assert items[0]["URL"] == "https://example.vn/bai-a"


def test_undated_source_reads_khong_ghi_ngay_dang():
    """A page with no date: the style prints `status` where the date goes, not its bare "không ngày"."""
    items = csl_items({"a": {"publisher": "Báo A", "published": None, "published_note": "date not shown"},
                       "b": {"publisher": "Báo B", "published": "2025-12-24"}})
    assert items[0]["status"] == "không ghi ngày đăng" and "issued" not in items[0]
    assert "status" not in items[1] and items[1]["issued"] == {"date-parts": [[2025]]}


# ---------------------------------------------------------------- unsupported features

BAD_TEXT = [
    ("{{< include _chuong.qmd >}}", "shortcode 'include' is not supported"),
    ("Xem {{< embed ../notebooks/fixture.ipynb#fig-thu >}} ở đây.", "must stand alone"),
    ("::: {.callout-danger}\nx\n:::", "div class 'callout-danger' is not supported"),
    ("::: {.column-margin}\nx\n:::", "div class 'column-margin' is not supported"),
    ("::: {.callout-note collapse=true}\nx\n:::", "callout attribute 'collapse' is not supported"),
    ("Xem @fig-khong-co.", "cross-reference @fig-khong-co"),
    ("Xem @sec-khong-co.", "cross-reference @sec-khong-co"),
    ("Xem @fig-an.", "cross-reference @fig-an"),
    ("Xem @tbl-chi-ma.", "cross-reference @tbl-chi-ma"),
    ("{{< embed ../notebooks/fixture.ipynb#fig-khong >}}", "no cell labelled 'fig-khong'"),
    ("{{< embed ../notebooks/khong.ipynb#fig-x >}}", "notebooks/khong.ipynb does not exist"),
    ("{{< embed ../notebooks/fixture.ipynb#fig-thu >}}", "'fig-thu' is already embedded"),
    ("Chữ \\textbf{đậm}.", "raw LaTeX (\\textbf) is not supported"),
    ("Chữ <span>đậm</span>.", "raw HTML (<span>) is not supported"),
    ("```{=latex}\n\\newpage\n```", "raw output blocks"),
    ("```{python}\n1 + 1\n```", "executable code cells"),
    ("![ảnh](a.png)", "images in the text are not supported"),
    ("[chữ]{.mark}", "spans and link attributes"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "tables in the text are not supported"),
    ("Trích [@nguon-khong].", "citation @nguon-khong: no source"),
    ("# Phần mới {.appendix}", "heading class '.appendix' is not supported"),
    ("# Phần không số {#sec-khong .unnumbered}\n\nXem @sec-khong.", "the heading is unnumbered"),
    ("::: {.callout-note}\nkhông đóng", "div is not closed"),
]


@pytest.mark.parametrize("snippet,message", BAD_TEXT, ids=[m for _, m in BAD_TEXT])
def test_unsupported_text_is_an_error_with_file_and_line(tmp_path, snippet, message):
    root = make_project(tmp_path / "project")
    doc = root / DOC
    text = doc.read_text(encoding="utf-8").rstrip("\n")
    line = len(text.split("\n")) + 2
    if "@sec-khong." in snippet:
        line += 2  # the reference, not the heading, is wrong
    doc.write_text(text + "\n\n" + snippet + "\n", encoding="utf-8")
    with pytest.raises(RenderError) as err:
        render_report(root, tmp_path / "out", renderer="embedded", quiet=True)
    assert str(err.value).startswith(f"{DOC}:{line}: "), str(err.value)
    assert message in str(err.value)
    assert not (tmp_path / "out").exists()


def test_unknown_front_matter_key_is_an_error(tmp_path):
    root = make_project(tmp_path / "project")
    doc = root / DOC
    doc.write_text(doc.read_text(encoding="utf-8").replace("subtitle:", "format: html\nsubtitle:", 1),
                   encoding="utf-8")
    with pytest.raises(RenderError, match=rf"^{DOC}:3: unsupported front matter key 'format'"):
        render_report(root, tmp_path / "out", renderer="embedded", quiet=True)


def edit_cell(root: Path, number: int, source: str | None = None, outputs=None) -> None:
    path = root / "notebooks" / "fixture.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    if source is not None:
        nb.cells[number - 1].source = source
    if outputs is not None:
        nb.cells[number - 1].outputs = outputs
    nbformat.write(nb, str(path))


BAD_CELLS = [
    (2, "#| label: fig-thu\n#| fig-cap: Hình\n#| fig-alt: Mô tả\n#| fig-width: 5\nshow_chart(c)",
     None, "notebooks/fixture.ipynb: cell 2, line 4: unknown cell option 'fig-width'"),
    (2, "#| label: fig-thu\n#| fig-alt: Mô tả\nshow_chart(c)", None,
     "notebooks/fixture.ipynb: cell 2, line 1: cell 'fig-thu' needs a 'fig-cap' option"),
    (2, "#| label: fig-thu\n#| fig-cap: Hình\n#| echo: có\nshow_chart(c)", None,
     "notebooks/fixture.ipynb: cell 2, line 3: cell option 'echo' must be true or false"),
    (3, None, [], "notebooks/fixture.ipynb: cell 3, line 1: cell 'tbl-chiso' must have exactly one output"),
    (3, None, [nbformat.v4.new_output("stream", name="stdout", text="x\n")],
     "cell 'tbl-chiso' has a stream output"),
    (7, None, [nbformat.v4.new_output("display_data", data={"text/markdown": "Xem [@khong-co].", "text/plain": "x"})],
     "cell 7, line 1: unknown source id 'khong-co'"),
    (7, None, [nbformat.v4.new_output("display_data", data={"text/markdown": "Xem @tbl-chiso.", "text/plain": "x"})],
     "text 'txt-loi' refers to @tbl-chiso: generated text may cite sources only"),
    (7, None, [nbformat.v4.new_output("display_data", data={"text/markdown": "| a |\n|---|\n| 1 |\n", "text/plain": "x"})],
     "text 'txt-loi' has no text/markdown output"),
]


@pytest.mark.parametrize("number,source,outputs,message", BAD_CELLS, ids=[m[-1][-40:] for m in BAD_CELLS])
def test_bad_notebook_cells_are_errors_naming_cell_and_line(tmp_path, number, source, outputs, message):
    root = make_project(tmp_path / "project")
    edit_cell(root, number, source, outputs)
    with pytest.raises(RenderError) as err:
        render_report(root, tmp_path / "out", renderer="embedded", quiet=True)
    assert message in str(err.value)


def test_unknown_source_in_chart_is_an_error(tmp_path):
    root = make_project(tmp_path / "project")
    path = root / "notebooks" / "fixture.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[1].outputs[0]["data"]["application/vnd.vegalite.v5+json"]["usermeta"]["sources"] = ["khong-co"]
    nbformat.write(nb, str(path))
    with pytest.raises(RenderError, match=r"cell 2, line 1: unknown source id 'khong-co'"):
        render_report(root, tmp_path / "out", renderer="embedded", quiet=True)


def test_chart_without_vegalite_is_a_static_svg_and_needs_no_bundle(tmp_path):
    root = make_project(tmp_path / "project")
    path = root / "notebooks" / "fixture.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    del nb.cells[1].outputs[0]["data"]["application/vnd.vegalite.v5+json"]
    nbformat.write(nb, str(path))
    html = render_report(root, tmp_path / "out", renderer="embedded", quiet=True).html.read_text(encoding="utf-8")
    fig = element(html, "figure", "fig-thu")
    assert '<div class="hp-chart hp-static" role="img" aria-label="Biểu đồ cột' in fig and "<svg" in fig
    assert "window.vegaEmbed=" not in html and "vegaEmbed(" not in html


def test_unknown_quarto_setting_is_an_error(tmp_path):
    root = make_project(tmp_path / "project")
    config = root / "_quarto.yml"
    config.write_text(config.read_text(encoding="utf-8") + "filters:\n  - x.lua\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"^_quarto.yml:\d+: setting 'filters' is not supported"):
        render_report(root, tmp_path / "out", renderer="embedded", quiet=True)


def test_renderer_choice(tmp_path, monkeypatch):
    with pytest.raises(ValueError):
        render_report(tmp_path, tmp_path / "out", renderer="latex")
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RenderError, match="quarto is not on PATH"):
        render_report(tmp_path, tmp_path / "out", renderer="quarto")


def test_real_quarto_config_matches_the_renderer():
    """_quarto.yml renders report/report.qmd with the Vietnamese labels the embedded renderer uses."""
    import yaml

    config = yaml.safe_load((PROJECT_ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    assert config["project"]["render"] == ["report/report.qmd"]
    assert config["project"]["output-dir"] == "_output"
    assert config["lang"] == "vi"
    assert config["crossref"]["fig-title"] == "Hình" and config["crossref"]["tbl-title"] == "Bảng"
    assert config["format"]["html"]["embed-resources"] is True
    assert config["format"]["typst"]["toc"] is True
    assert config["bibliography"] == ".cache/references.json"
    assert config["project"]["pre-render"].endswith("helpers.publish.render.bibliography .cache/references.json")


def test_typst_warning_fails_the_build(tmp_path):
    """Without Noto Sans the headings' font is missing: typst warns, and the build stops."""
    root = make_project(tmp_path / "project")
    for font in (root / "report" / "fonts").glob("NotoSans-*.ttf"):
        font.unlink()
    with pytest.raises(RenderError, match=r"^report/report.qmd: typst warnings: .*noto sans"):
        render_report(root, tmp_path / "out", renderer="embedded", quiet=True)


def test_colophon_lists_what_the_build_was_made_from():
    from helpers.publish.render import colophon_markdown

    import datetime as dt

    from helpers.data.edition import Edition

    edition = Edition("2026", dt.date(2026, 11, 22), dt.date(2026, 1, 31), "2025")
    text = colophon_markdown({"commit": "0123abc", "data_hash": "d" * 64, "lock_hash": "l" * 64},
                             "pandoc 3.9, typst 0.15.0", edition=edition)
    assert "# Thông tin bản dựng {.unnumbered}" in text
    assert "- Ấn bản: `ấn bản 2026`\n- Ngày công bố: `22 tháng 11 năm 2026`" in text
    assert "- Ngày chốt số liệu: `31 tháng 1 năm 2026`" in text
    for value in ("`0123abc`", "`" + "d" * 64 + "`", "`" + "l" * 64 + "`", "embedded (pandoc 3.9, typst 0.15.0)"):
        assert value in text
    assert colophon_markdown(None, "x") == ""


def test_long_and_wide_tables_continue_across_pdf_pages(tmp_path):
    """A table longer than a page goes on over the next pages (nothing is cut), and a table of
    nine or more columns is set on landscape pages."""
    root = make_project(tmp_path / "project")
    path = root / "notebooks" / "fixture.ipynb"
    nb = nbformat.read(path, as_version=4)
    heads = [f"C{i}" for i in range(9)]
    rows = [[f"dòng-{r:03d}"] + [str(r * 10 + i) for i in range(1, 9)] for r in range(1, 151)]
    markdown = "\n".join(["| " + " | ".join(heads) + " |", "|" + "---|" * 9]
                         + ["| " + " | ".join(row) + " |" for row in rows]) + "\n"
    cell = nbformat.v4.new_code_cell("#| label: tbl-dai\n#| tbl-cap: Bảng dài\nshow_table(dai)",
                                     execution_count=7)
    cell.id = "cell-long"
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": markdown,
                                                                 "text/plain": "dai"})]
    nb.cells.append(cell)
    nbformat.write(nb, path)
    qmd = root / "report" / "report.qmd"
    qmd.write_text(qmd.read_text(encoding="utf-8")
                   + "\n{{< embed ../notebooks/fixture.ipynb#tbl-dai >}}\n", encoding="utf-8")
    result = render_report(root, tmp_path / "out", renderer="embedded", quiet=True)
    pages = pdf_text(result.pdf).split("\f")
    with_rows = [i for i, page in enumerate(pages) if "dòng-" in page]
    assert "dòng-001" in pages[with_rows[0]] and "dòng-150" in pages[with_rows[-1]]
    assert len(with_rows) >= 3
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(len(pages)), str(result.pdf)],
                           capture_output=True, text=True, check=True).stdout
    landscape = {int(m.group(1)) - 1 for m in re.finditer(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", sizes)
                 if float(m.group(2)) > float(m.group(3))}
    assert set(with_rows) <= landscape


def test_pipe_table_cells_undo_markdown_escapes():
    header, rows = pipe_table("| a \\| b | c |\n|---|--:|\n| x\\\\ | 1,5 |\n")
    assert header == ["a | b", "c"] and rows == [["x\\", "1,5"]]
    with pytest.raises(ValueError, match="line 3 has 1 cells, the header 2"):
        pipe_table("| a | b |\n|---|---|\n| x |\n")


def test_title_block_says_up_to_when_the_data_run(rendered):
    # the fixture's edition.yml: cut-off 2025-12-30 of edition 2026
    line = "Số liệu cập nhật đến ngày 30 tháng 12 năm 2025 (ngày chốt số liệu của ấn bản 2026)"
    assert f'<p class="updated">{line}</p>' in rendered["html"]
    assert line in " ".join(pdf_text(rendered["result"].pdf).split())


def test_the_date_is_the_editions_and_never_typed_in_the_document(tmp_path):
    """The title block's date is edition.yml's `published` (2026-01-15 in the fixture: see
    test_html_title_block_and_toc); a `date:` in the front matter is refused with its line."""
    root = make_project(tmp_path / "project")
    doc = root / "report" / "report.qmd"
    doc.write_text(doc.read_text(encoding="utf-8").replace("---\ntitle:", "---\ndate: 2026-01-15\ntitle:", 1),
                   encoding="utf-8")
    with pytest.raises(RenderError, match=r"^report/report.qmd:2: remove 'date'.*edition.yml"):
        check_report(root)
    doc.write_text(doc.read_text(encoding="utf-8").replace("date: 2026-01-15\n", ""), encoding="utf-8")
    (root / "edition.yml").unlink()
    with pytest.raises(RenderError, match=r"^edition.yml: .*the edition file is missing"):
        check_report(root)


def test_source_id_cells_cite_their_source():
    from helpers.publish.render.embed import cite_source_cells
    table = "| Năm | Nguồn |\n|--:|--|\n| 2024 | a\\_1 |\n| 2025 | a\\_1; b |\n"
    assert cite_source_cells(table, {"a_1", "b"}) == (
        "| Năm | Nguồn |\n|--:|--|\n| 2024 | [@a_1] |\n| 2025 | [@a_1; @b] |")
    # an unknown id leaves the column as it is
    assert cite_source_cells(table, {"b"}) == table
    # a known id in parentheses after a value (the annex's conflicts table) is cited, in every target
    values = "| Giá trị được dùng | Giá trị khác |\n|--|--|\n| 35% (a\\_1) | 30% (b); 25% (c) |\n"
    for target in ("html", "typst"):
        assert cite_source_cells(values, {"a_1", "b", "c"}, target) == (
            "| Giá trị được dùng | Giá trị khác |\n|--|--|\n| 35% [@a_1] | 30% [@b]; 25% [@c] |")
    # a parenthesis that is not a known id stays as it is
    assert cite_source_cells(values, {"a_1"}) == (
        "| Giá trị được dùng | Giá trị khác |\n|--|--|\n| 35% [@a_1] | 30% (b); 25% (c) |")


def test_chart_sources_read_as_publisher_and_date():
    from helpers.publish.render.bibliography import source_label, source_labels
    from helpers.publish.render.vega import chart_data, with_source_labels

    records = {"a_2025": {"publisher": "Báo A", "published": "2025-03-07"},
               "b_nd": {"publisher": "Tạp chí B"}}
    assert source_label("a_2025", records["a_2025"]) == "Báo A, ngày 7/3/2025"
    assert source_label("b_nd", records["b_nd"]) == "Tạp chí B, không ghi ngày đăng"
    assert source_label("zz", None) == "zz"
    twins = {"c1": {"publisher": "CafeF", "title": "Bài một"}, "c2": {"publisher": "CafeF", "title": "Bài hai"},
             **records}
    assert source_labels(twins) == {"c1": "CafeF, không ghi ngày đăng: “Bài một”",
                                    "c2": "CafeF, không ghi ngày đăng: “Bài hai”",
                                    "a_2025": "Báo A, ngày 7/3/2025", "b_nd": "Tạp chí B, không ghi ngày đăng"}
    labels = {k: source_label(k, v) for k, v in records.items()}
    row = {"t_year": "2024", "t_value": "5", "t_source": "a_2025, b_nd", "source_id": "a_2025"}
    layer = {"mark": "point", "data": {"name": "d"},
             "encoding": {"tooltip": [{"field": "t_year", "title": "Năm"},
                                      {"field": "t_source", "title": "Nguồn"}]}}
    spec = {"datasets": {"d": [row]}, "layer": [layer],
            "usermeta": {"narrow": {"datasets": {"d": [dict(row)]}, "layer": [layer]}}}
    shown = with_source_labels(spec, labels)
    assert shown["datasets"]["d"][0]["t_source"] == "Báo A, ngày 7/3/2025; Tạp chí B, không ghi ngày đăng"
    assert shown["usermeta"]["narrow"]["datasets"]["d"][0]["t_source"].startswith("Báo A")
    assert shown["datasets"]["d"][0]["source_id"] == "a_2025"          # the id stays for tracing
    assert spec["datasets"]["d"][0]["t_source"] == "a_2025, b_nd"        # the input is not changed
    assert chart_data(shown) == [(["Năm", "Nguồn"], [["2024", "Báo A, ngày 7/3/2025; Tạp chí B, "
                                                       "không ghi ngày đăng"]])]


def test_chart_payload_holds_both_layouts_compressed():
    from helpers.publish.render.vega import chart_payload, svg_width

    point = {"mark": "point", "data": {"values": [{"x": i, "y": i * i} for i in range(50)]},
             "encoding": {"x": {"field": "x", "type": "quantitative"},
                          "y": {"field": "y", "type": "quantitative"}}}
    spec = {**point, "width": 500, "usermeta": {"narrow": {**point, "width": 200}}}
    payload = chart_payload(spec, 580)
    data = read_payload(payload)
    assert data["wide"] == 580 and [s["width"] for s in data["specs"]] == [500, 200]
    assert len(payload) < len(json.dumps(data["specs"])) / 2
    assert len(read_payload(chart_payload(point, None))["specs"]) == 1
    assert svg_width('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="642" height="1">') == 642


def test_quarto_page_takes_the_embedded_page_shape_and_scroll_boxes():
    """Quarto's minimal page gets the embedded page's shape (so its style sheet applies): one h1,
    the abstract and the contents as disclosures, the document in <main>; its tables scroll in
    their box."""
    from helpers.publish.render.quarto_run import as_embedded_page, html_callouts, scroll_tables

    quarto = ('<body>\n<header id="title-block-header">\n<h1 class="title">T</h1>\n'
              '<div class="abstract">\n<div class="abstract-title">Giới thiệu</div>\nTóm lược.\n</div>\n'
              '</header>\n<nav id="TOC" role="doc-toc">\n<h2 id="toc-title">Mục lục</h2>\n<ul><li>1</li></ul>\n'
              '</nav>\n<h1 data-number="1" id="sec-a">A</h1>\n<h2 id="sec-b">B</h2>\n<p>x</p>\n</body>')
    out = as_embedded_page(quarto)
    assert out.count("<h1") == 1 and '<h2 data-number="1" id="sec-a">A</h2>' in out
    assert '<h3 id="sec-b">B</h3>' in out
    assert '<header id="title-block-header" class="title-block">' in out
    assert '<details class="abstract">\n<summary class="abstract-title">Giới thiệu</summary>' in out
    assert '<details>\n<summary id="toc-title">Mục lục</summary>' in out
    assert re.search(r"</nav>\s*<main>.*</main>\s*</body>", out, re.S)
    # callouts keep their kind and title (Quarto's minimal page would make them block quotes)
    md = html_callouts('::: {.callout-warning title="Hợp nhất"}\nNội dung.\n:::\n\n::: callout-tip\nMẹo.\n:::',
                       {"callout-tip-title": "Mẹo"})
    assert md.split("\n")[:4] == ["::: {.hp-box .hp-box-warning}", "::: {.hp-box-title}", "Hợp nhất", ":::"]
    assert "::: {.hp-box .hp-box-tip}\n::: {.hp-box-title}\nMẹo\n:::\nMẹo." in md
    boxed = as_embedded_page('<body><header id="title-block-header"></header><div class="hp-box hp-box-tip">'
                             '<div class="hp-box-title">Mẹo</div><p>x</p></div>'
                             '<div id="refs" class="references csl-bib-body" role="list"><div id="ref-a" '
                             'class="csl-entry">A</div></div></body>', "Tài liệu tham khảo")
    assert '<div class="callout callout-tip"><div class="callout-title">Mẹo</div>' in boxed
    assert ('<section id="bibliography" class="level2 unnumbered">\n<h2 class="unnumbered">Tài liệu tham khảo</h2>'
            in boxed) and boxed.index('id="ref-a"') < boxed.index("</section>")
    page = ('<script>s = "<table></table>";</script><main><table class="t"><tr><td>1</td></tr></table>'
            '<div class="hp-scroll" tabindex="0"><table><tr><td>2</td></tr></table></div></main>')
    out = scroll_tables(page)
    assert out.count('<div class="hp-scroll" tabindex="0"><table') == 2
    assert out.startswith('<script>s = "<table></table>";</script>')    # scripts untouched


def test_printed_table_csv_names_its_sources_and_keeps_the_ids_apart():
    from helpers.publish.package.csv_files import Labels
    from helpers.publish.render.downloads import table_csv

    labels = Labels.from_data_dir(Path(__file__).parents[1] / "data")
    table = ("| Chỉ tiêu | Các năm | Nguồn |\n|--|--|--|\n"
             "| Tốc độ tăng trưởng GRDP | 2019–2025 | baodautu\\_2022\\_growth, thongke\\_hp\\_2019 |\n")
    text = table_csv(table, labels.sources).decode("utf-8").lstrip("\ufeff").splitlines()
    assert text[0] == "Chỉ tiêu,Các năm,Nguồn,source_ids"
    assert "_" not in text[1].split(",", 2)[2].rsplit(",", 1)[0]       # the Nguồn column has no id
    assert text[1].endswith(",baodautu_2022_growth; thongke_hp_2019")
    assert labels.sources["baodautu_2022_growth"] in text[1]
    # a table whose "Nguồn" cells are not all source ids stays as printed
    other = "| Năm | Nguồn |\n|--|--|\n| 2024 | xem ghi chú |\n"
    assert table_csv(other, labels.sources).decode("utf-8").lstrip("\ufeff").splitlines()[0] == "Năm,Nguồn"
