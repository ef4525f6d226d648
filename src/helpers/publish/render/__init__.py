"""Render the report (HTML and PDF) with Quarto when it is installed, else with the embedded
renderer (pandoc from pypandoc-binary + typst from PyPI). The supported Quarto features are
listed in report/README.md; anything else is a RenderError naming the file and line.

The embedded renderer draws the HTML page and the PDF at the same time (two threads: their slow
parts are pandoc, typst and vl-convert), and both renderers keep the results of their slow steps
with constant or hashable inputs in `<project root>/.cache/render/` (`render_cache`).
"""

from __future__ import annotations

import contextvars
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.data.edition import Edition
from helpers.present.edition_text import edition_name

from . import render_cache
from .bibliography import UPDATED_LABEL, csl_items, load_sources, source_labels
from .downloads import write_downloads
from .embed import Cell, expand_cell, load_notebook
from .errors import RenderError
from .html import render_html
from .pdf import compile_pdf, render_typst
from .producers import Producers, load_producers
from .qmd_scan import Scan, scan_body
from .quarto_project import Project, load_project, vietnamese_date

__all__ = ["RenderError", "RenderResult", "render_report", "check_report"]

CONFIG_NAME = "_quarto.yml"
HTML_NAME = "report.html"
PDF_NAME = "report.pdf"


@dataclass(frozen=True)
class RenderResult:
    html: Path
    pdf: Path
    renderer: str           # "quarto" or "embedded"
    version: str            # e.g. "quarto 1.11.2" or "pandoc 3.9, typst 0.15.0"
    seconds: dict[str, float]


@dataclass
class Checked:
    """A document whose every embed, label and reference has been resolved."""

    project: Project
    scan: Scan
    cells: dict[int, Cell]              # scan line of each embed -> its cell
    sources: dict[str, dict]
    producers: Producers | None = None  # who produced each figure (data/values.csv)


def check_report(project_root: Path) -> Checked:
    """Load and check the whole document without rendering (fast; used before a build)."""
    project = load_project(Path(project_root))
    file = project.rel(project.document)
    scan = scan_body(project.body, project.body_first_line, file)
    sources = load_sources(project.root)
    notebooks: dict[Path, dict[str, Cell]] = {}
    cells: dict[int, Cell] = {}
    labels: dict[str, int] = {}
    for embed in scan.embeds:
        where = f"{file}:{embed.line}"
        path = (project.document.parent / embed.notebook).resolve()
        if not path.is_file():
            raise RenderError(where, f"embedded notebook {embed.notebook} does not exist")
        if path not in notebooks:
            notebooks[path] = load_notebook(path, project.rel(path))
        cell = notebooks[path].get(embed.label)
        if cell is None:
            raise RenderError(where, f"no cell labelled '{embed.label}' in {embed.notebook}")
        if embed.label in labels:
            raise RenderError(where, f"'{embed.label}' is already embedded on line {labels[embed.label]}")
        labels[embed.label] = embed.line
        cells[embed.line] = cell
    shown = {c.options["label"] for c in cells.values()
             if c.options.get("include") is not False and c.options.get("output") is not False}
    for line, key in scan.refs:
        where = f"{file}:{line}"
        kind = key.split("-", 1)[0]
        if kind in ("fig", "tbl") and "-" in key:
            if key not in shown:
                raise RenderError(where, f"cross-reference @{key}: no embedded figure or table has this label")
        elif kind == "sec" and "-" in key:
            if key not in scan.sections:
                raise RenderError(where, f"cross-reference @{key}: no heading has the label #{key}")
            if not scan.sections[key][1]:
                raise RenderError(where, f"cross-reference @{key}: the heading is unnumbered")
        elif key not in sources:
            raise RenderError(where, f"citation @{key}: no source with this id in data/sources.yml")
    return Checked(project, scan, cells, sources, load_producers(project.root))


def _expanded(checked: Checked, target: str, media_dir: Path,
              origins: list[int] | None = None, downloads: list | None = None) -> tuple[str, int]:
    """The document body with every embed replaced by its blocks for `target`.

    origins, when given, receives the source line of every line of the result (for messages);
    downloads, when given, receives the tables and charts to publish as CSV.
    """
    lines = checked.scan.body.split("\n")
    first = checked.project.body_first_line
    charts = 0
    names = source_labels(checked.sources)
    for line, cell in checked.cells.items():
        exp = expand_cell(cell, target, names, checked.project.labels, checked.producers)
        for name, svg in exp.media.items():
            media_dir.mkdir(exist_ok=True)
            (media_dir / name).write_text(svg, encoding="utf-8")
        charts += exp.charts
        if downloads is not None:
            downloads.extend(exp.downloads)
        lines[line - first] = "\n" + exp.markdown + "\n"
    if origins is not None:
        for i, text in enumerate(lines):
            origins.extend([first + i] * (text.count("\n") + 1))
    return "\n".join(lines), charts


def updated_line(edition: Edition) -> str:
    """"Số liệu cập nhật đến ngày …": the edition's data cut-off; both renderers print it under
    the title."""
    return (f"{UPDATED_LABEL} {vietnamese_date(edition.cutoff)} "
            f"(ngày chốt số liệu của {edition_name(edition)})")


def _metadata(project: Project) -> dict:
    meta = project.meta
    labels = project.labels
    out = {
        "title": meta["title"],
        "pagetitle": " ".join(meta["title"].split()),
        "date": vietnamese_date(project.date),
        "lang": "vi-VN" if project.lang == "vi" else project.lang,
        "toc": project.toc,
        "toc-title": labels["toc-title"],
        "abstract-title": labels["section-title-abstract"],
        "reference-section-title": labels["section-title-references"],
        "link-citations": True,
        "hp-labels": labels,
        "hp-sec-prefix": labels["sec-prefix"],
        "hp-fig-title": labels["fig-title"],
        "hp-tbl-title": labels["tbl-title"],
    }
    out["hp-updated"] = updated_line(project.edition)
    for key in ("subtitle", "author", "abstract"):
        if key in meta:
            out[key] = meta[key]
    if project.nocite:
        out["nocite"] = project.nocite
    return out


COLOPHON_TITLE = "Thông tin bản dựng"


def citation_section(project: Project) -> str:
    """The "Cách trích dẫn" section (helpers.present.citation), when the project has a CITATION.cff."""
    from helpers.present.citation import citation_markdown, load_cff

    path = project.root / "CITATION.cff"
    return citation_markdown(load_cff(path)) if path.is_file() else ""


def colophon_markdown(build_info: dict | None, renderer_version: str, renderer: str = "embedded",
                      edition: Edition | None = None) -> str:
    """The colophon section: the edition and what it was built from (Markdown, values as code)."""
    if not build_info:
        return ""
    rows = []
    if edition is not None:
        rows += [("Ấn bản", edition_name(edition)),
                 ("Ngày công bố", vietnamese_date(edition.published)),
                 ("Ngày chốt số liệu", vietnamese_date(edition.cutoff))]
    rows += [
        ("Phiên bản mã nguồn (git commit)", build_info.get("commit", "unknown")),
        ("Mã băm SHA-256 của dữ liệu (data/)", build_info.get("data_hash", "unknown")),
        ("Mã băm SHA-256 của tệp khóa môi trường (requirements.lock)", build_info.get("lock_hash", "unknown")),
        ("Bộ dựng", f"{renderer} ({renderer_version})"),
    ]
    items = "\n".join(f"- {label}: `{value}`" for label, value in rows)
    return f"\n\n# {COLOPHON_TITLE} {{.unnumbered}}\n\n{items}\n"


def _render_embedded(project_root: Path, out_dir: Path, quiet: bool,
                     build_info: dict | None = None) -> RenderResult:
    import typst

    from .pandoc import pandoc_version

    version = f"pandoc {pandoc_version()}, typst {typst.__version__}"
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    checked = check_report(project_root)
    project = checked.project
    colophon = citation_section(project) + colophon_markdown(build_info, version, edition=project.edition)
    where = project.rel(project.document)
    fonts = project.root / "report" / "fonts"
    if not fonts.is_dir():
        raise RenderError("report/fonts", "the font folder (Noto Sans/Serif) is missing")
    seconds["check"] = time.perf_counter() - t0
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hp-render-") as tmp, render_cache.using(project.root):
        work = Path(tmp)
        bib = work / "references.json"
        bib.write_text(json.dumps(csl_items(checked.sources), ensure_ascii=False, sort_keys=True),
                       encoding="utf-8")
        _write_metadata(project, work)

        def html_step() -> None:
            _html_step(checked, work, out_dir, colophon)

        def pdf_step() -> bytes:
            body, _ = _expanded(checked, "typst", work / "media")
            (work / "report-typst.md").write_text(body + colophon, encoding="utf-8")
            typ = render_typst(work / "report-typst.md", work / "metadata.json", bib, work, where)
            (work / "report.typ").write_text(typ, encoding="utf-8")
            return compile_pdf(work / "report.typ", work, fonts, project.date, where)

        # The two steps share only what is written above; their slow parts are pandoc, typst and
        # vl-convert, which run outside the interpreter lock, so they overlap.
        (seconds["html"], _), (seconds["pdf"], pdf) = both(html_step, pdf_step)
        (out_dir / PDF_NAME).write_bytes(pdf)
    if not quiet:
        print(f"rendered {HTML_NAME} ({seconds['html']:.1f} s) and {PDF_NAME} ({seconds['pdf']:.1f} s) "
              f"with the embedded renderer ({version})")
    return RenderResult(out_dir / HTML_NAME, out_dir / PDF_NAME, "embedded", version, seconds)


def both(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[tuple[float, Any], tuple[float, Any]]:
    """Run `first` here and `second` in a thread at the same time: ((seconds, result) of each).

    Errors are those of running them one after the other: the first's error when it fails (the
    second's is then dropped), else the second's, each as it was raised."""
    def timed(step: Callable[[], Any]) -> tuple[float, Any]:
        t0 = time.perf_counter()
        result = step()
        return time.perf_counter() - t0, result

    # Leaving the block waits for the thread, also when `first` failed: it writes into folders
    # that the caller removes.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hp-render") as pool:
        later = pool.submit(contextvars.copy_context().run, timed, second)
        done = timed(first)
        return done, later.result()


def _write_metadata(project: Project, work: Path) -> None:
    (work / "metadata.json").write_text(json.dumps(_metadata(project), ensure_ascii=False, sort_keys=True),
                                        encoding="utf-8")


def embedded_html(checked, work: Path, out_dir: Path, colophon: str = "") -> Path:
    """report.html of the embedded renderer from a checked project, with its table and chart
    downloads, written to `out_dir` (`work`: a scratch folder holding references.json); the HTML
    step of `render_report`, and all that the preview renders."""
    with render_cache.using(checked.project.root):
        _write_metadata(checked.project, work)
        return _html_step(checked, work, out_dir, colophon)


def _html_step(checked, work: Path, out_dir: Path, colophon: str) -> Path:
    """`embedded_html` once metadata.json is in `work`."""
    project = checked.project
    meta, bib = work / "metadata.json", work / "references.json"
    downloads: list = []
    body, charts = _expanded(checked, "html", work / "media", downloads=downloads)
    (work / "report-html.md").write_text(body + colophon, encoding="utf-8")
    page = render_html(work / "report-html.md", meta, bib, work, charts, project.rel(project.document))
    (out_dir / HTML_NAME).write_text(page, encoding="utf-8")
    write_downloads(downloads, out_dir, project.root / "data", checked.producers)
    return out_dir / HTML_NAME


def _render_quarto(project_root: Path, out_dir: Path, quiet: bool,
                   build_info: dict | None = None) -> RenderResult:
    # The Quarto path (helpers.publish.render.quarto_run) reuses this module's checks and expansion.
    from .quarto_run import render_with_quarto

    return render_with_quarto(project_root, out_dir, quiet, build_info)


def render_report(project_root: Path, out_dir: Path, renderer: str = "auto", quiet: bool = False,
                  build_info: dict | None = None) -> RenderResult:
    """Render report.html and report.pdf of the project at `project_root` into `out_dir` only.

    renderer: "auto" (Quarto if `quarto` is on PATH, else embedded), "quarto" or "embedded".
    build_info: what the build was made from (commit, data_hash, lock_hash); both renderers
    print it, with the renderer's name and version, in the colophon at the end of the report.
    """
    if renderer not in ("auto", "quarto", "embedded"):
        raise ValueError(f"renderer must be auto, quarto or embedded, not {renderer!r}")
    if renderer == "auto":
        renderer = "quarto" if shutil.which("quarto") else "embedded"
    if renderer == "quarto":
        return _render_quarto(Path(project_root), Path(out_dir), quiet, build_info)
    return _render_embedded(Path(project_root), Path(out_dir), quiet, build_info)
