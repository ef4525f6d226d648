"""Quarto's embed shortcode: labelled cells of executed notebooks turned into report blocks.

A `fig-` cell contributes its chart (Vega-Lite spec + SVG), a `tbl-` cell its pipe table
(`text/markdown`). Cell options are the Quarto `#|` comment lines at the top of the cell.
A figure's sources are source ids listed in the chart spec's `usermeta.sources` and in the
rows of its download, or in the output's `metadata.sources` (tables); they render as citations
after the caption. A figure's source line names the producer of its figures before the outlets
(`helpers.publish.render.producers`).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import yaml

from helpers.data.contract import KEY
from helpers.data.yaml_text import safe_load
from helpers.present.tables import DATA_MIME, escape_markdown

from .downloads import (CHART_LINK_TEXT, LINK_TEXT as TABLE_LINK_TEXT, Download, chart_csv_path,
                        csv_path, pipe_table, source_columns, source_ids)
from .errors import RenderError
from .producers import Producers, credited, data_sources, source_line
from .qmd_scan import check_text
from .vega import (CHART_DATA_SUMMARY, chart_data, chart_payload, data_tables_html, svg_width,
                   with_source_labels)

CELL_OPTIONS = {"echo": bool, "output": bool, "include": bool, "label": str,
                "fig-cap": str, "fig-alt": str, "tbl-cap": str}
VEGALITE = "application/vnd.vegalite.v5+json"
SVG = "image/svg+xml"
MARKDOWN = "text/markdown"
OPTION_LINE = re.compile(r"^#\|\s?(.*)$")
UNSAFE_SVG = re.compile(r"<script|<foreignObject|\son[a-z]+\s*=|(?:href|src)\s*=\s*[\"'](?!#)", re.I)


@dataclass
class Cell:
    notebook: str           # project-relative path, for messages
    number: int             # 1-based cell number in the notebook
    options: dict[str, Any]
    code: str               # source without the option lines
    outputs: list[dict] = field(default_factory=list)

    def where(self, line: int = 1) -> str:
        return f"{self.notebook}: cell {self.number}, line {line}"


def parse_options(source: str, where_cell: str) -> tuple[dict[str, Any], str]:
    """The `#|` options at the top of a cell's source, validated, and the remaining code."""
    lines = source.split("\n")
    option_lines = []
    for line in lines:
        m = OPTION_LINE.match(line)
        if not m:
            break
        option_lines.append(m.group(1))
    options: dict[str, Any] = {}
    for i, text in enumerate(option_lines, start=1):
        where = f"{where_cell}, line {i}"
        try:
            item = safe_load(text)
        except yaml.YAMLError:
            raise RenderError(where, f"cannot read the cell option '#| {text}'") from None
        if not isinstance(item, dict) or len(item) != 1:
            raise RenderError(where, f"write cell options one per line as '#| key: value' (got '{text}')")
        (key, value), = item.items()
        if key not in CELL_OPTIONS:
            raise RenderError(where, f"unknown cell option '{key}' "
                              f"(supported: {', '.join(CELL_OPTIONS)})")
        if not isinstance(value, CELL_OPTIONS[key]):
            kind = "true or false" if CELL_OPTIONS[key] is bool else "text"
            raise RenderError(where, f"cell option '{key}' must be {kind}")
        options[key] = value
    return options, "\n".join(lines[len(option_lines):]).strip("\n")


def load_notebook(path: Path, rel: str) -> dict[str, Cell]:
    """Labelled code cells of an executed notebook, by label (options checked on every cell)."""
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as exc:  # nbformat raises several types for unreadable files
        raise RenderError(rel, f"cannot read the notebook: {exc}") from None
    cells: dict[str, Cell] = {}
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        where = f"{rel}: cell {number}"
        options, code = parse_options(cell.source, where)
        label = options.get("label")
        if label is None:
            continue
        if label in cells:
            raise RenderError(f"{where}, line 1", f"label '{label}' is also used by cell {cells[label].number}")
        cells[label] = Cell(rel, number, options, code, [dict(o) for o in cell.get("outputs", [])])
    return cells


def _plain_data(output: dict) -> dict:
    data = dict(output.get("data", {}))
    for key, value in data.items():
        if isinstance(value, list):  # multi-line strings may be stored as lists
            data[key] = "".join(value)
    return data


def _only_output(cell: Cell) -> tuple[dict, dict]:
    shown = [o for o in cell.outputs if o.get("output_type") in ("display_data", "execute_result")]
    other = [o for o in cell.outputs if o not in shown]
    if other:
        kind = other[0].get("output_type")
        raise RenderError(cell.where(), f"cell '{cell.options['label']}' has a {kind} output "
                          "(printed text or an error); a labelled cell must show only its figure or table")
    if len(shown) != 1:
        raise RenderError(cell.where(), f"cell '{cell.options['label']}' must have exactly one output "
                          f"(it has {len(shown)}); execute the notebook and show one figure or table")
    return shown[0], _plain_data(shown[0])


def _sources(spec: Any, output: dict, cell: Cell, known: set[str]) -> list[str]:
    ids: list[str] = []
    if isinstance(spec, dict):
        ids += list((spec.get("usermeta") or {}).get("sources") or [])
    ids += list((output.get("metadata") or {}).get("sources") or [])
    return _known_ids(cell, ids, known)


def _known_ids(cell: Cell, ids, known: set[str]) -> list[str]:
    """``ids`` without repeats, each checked against data/sources.yml."""
    seen: list[str] = []
    for sid in ids:
        if sid not in known:
            raise RenderError(cell.where(), f"unknown source id '{sid}' (not in data/sources.yml)")
        if sid not in seen:
            seen.append(sid)
    return seen


def _caption(cell: Cell, key: str, sources: list[str], source_label: str,
             line: str | None = None) -> str:
    """The caption text, then the source line: `line` when given, else the sources cited."""
    cap = cell.options.get(key)
    if not cap:
        raise RenderError(cell.where(), f"cell '{cell.options['label']}' needs a '{key}' option")
    check_text(cap, cell.where())
    cap = " ".join(cap.split())
    if sources:
        if not cap.endswith((".", "!", "?", ":")):
            cap += "."
        cap += " " + (line or f"{source_label}: [" + "; ".join(f"@{s}" for s in sources) + "].")
    return cap


def _raw(fmt: str, text: str) -> str:
    fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}{{={fmt}}}\n{text}\n{fence}"


@dataclass
class Expansion:
    markdown: str
    media: dict[str, str] = field(default_factory=dict)   # file name -> SVG text (typst target)
    charts: int = 0
    downloads: list[Download] = field(default_factory=list)   # tables and charts as CSV


def expand_cell(cell: Cell, target: str, source_labels: dict[str, str],
                labels: dict[str, str], producers: Producers | None = None) -> Expansion:
    """Markdown for one embedded cell in the `html` or `typst` target; `source_labels` holds
    every known source id and how readers see it where no citation can stand (charts);
    `producers`, who produced each figure of data/values.csv (a figure's source line)."""
    known_sources = set(source_labels)
    opts = cell.options
    label = opts["label"]
    if opts.get("include") is False:
        return Expansion("")
    parts: list[str] = []
    if opts.get("echo") is True:
        fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", cell.code)), default=0) + 1)
        parts.append(f"{fence}python\n{cell.code}\n{fence}")
    exp = Expansion("")
    if opts.get("output") is not False:
        kind = label.split("-", 1)[0]
        output, data = _only_output(cell)
        if kind == "fig":
            parts.append(_figure(cell, output, data, target, known_sources, labels, exp,
                                 source_labels, producers or Producers()))
        elif kind == "tbl":
            parts.append(_table(cell, output, data, known_sources, labels, target, producers or Producers()))
            exp.downloads.append(Download("table", label, " ".join(opts["tbl-cap"].split()),
                                          data.get(DATA_MIME), data[MARKDOWN].strip()))
        elif kind == "txt":
            parts.append(_text(cell, data, known_sources))
        else:
            raise RenderError(cell.where(), f"embedded label '{label}' must start with fig-, tbl- or txt-")
    exp.markdown = "\n\n".join(parts)
    return exp


def _figure(cell: Cell, output: dict, data: dict, target: str, known: set[str],
            labels: dict[str, str], exp: Expansion, source_labels: dict[str, str],
            producers: Producers) -> str:
    label = cell.options["label"]
    spec = data.get(VEGALITE)
    svg = data.get(SVG)
    if not svg:
        raise RenderError(cell.where(), f"figure '{label}' has no image/svg+xml output; "
                          "show the chart with helpers.present.display.show_chart and execute the notebook")
    if UNSAFE_SVG.search(svg):
        raise RenderError(cell.where(), f"the SVG of figure '{label}' contains scripts or external links")
    alt = cell.options.get("fig-alt") or (spec or {}).get("description")
    if not alt:
        raise RenderError(cell.where(), f"figure '{label}' needs alt text: add '#| fig-alt: ...'")
    alt = " ".join(str(alt).split())
    rows = data.get(DATA_MIME)
    sources = sorted(set(_sources(spec, output, cell, known)) | set(data_sources(rows, known)))
    line = source_line(labels["sources-label"], credited(sources, rows, producers))
    caption = _caption(cell, "fig-cap", sources, labels["sources-label"], line)
    download = ""
    if data.get(DATA_MIME) is not None:
        exp.downloads.append(Download("chart", label, " ".join(cell.options["fig-cap"].split()),
                                      data[DATA_MIME]))
        download = (f'<p class="hp-download"><a href="{chart_csv_path(label)}" class="hp-download" '
                    f'download="">{html.escape(CHART_LINK_TEXT)}</a></p>')
    if target == "html":
        if spec is not None:
            exp.charts += 1
            # Without scripts the reader gets the chart's numbers (the table below), not a
            # second copy of the chart: the page stays small.
            shown = with_source_labels(spec, source_labels)
            body = (f'<div class="hp-chart" data-hp-chart="" role="img" aria-label="{html.escape(alt)}">'
                    f'<div class="hp-vega-view"></div>'
                    f'<script type="application/octet-stream" class="hp-spec">'
                    f'{chart_payload(shown, svg_width(svg))}</script>'
                    f'</div>' + data_tables_html(chart_data(shown), CHART_DATA_SUMMARY) + download)
        else:
            svg_body = re.sub(r"^<\?xml[^>]*>\s*", "", svg.strip())
            body = f'<div class="hp-chart hp-static" role="img" aria-label="{html.escape(alt)}">{svg_body}</div>' + download
        content = _raw("html", body)
    else:
        name = f"{label}.svg"
        exp.media[name] = svg
        escaped_alt = alt.replace("\\", "\\\\").replace('"', '\\"')
        content = f'![](media/{name}){{width=100% alt="{escaped_alt}"}}'
    return f"::: {{#{label} .hp-figure}}\n{content}\n\n{caption}\n:::"


def _text(cell: Cell, data: dict, known: set[str]) -> str:
    """Generated prose (a `txt-` cell): its markdown as it is, with every citation checked."""
    label = cell.options["label"]
    text = data.get(MARKDOWN)
    if not text or text.lstrip().startswith("|"):
        raise RenderError(cell.where(), f"text '{label}' has no text/markdown output "
                          "(show it with IPython.display.Markdown and execute the notebook)")
    refs: list[tuple[int, str]] = []
    check_text(text, cell.where(), refs)
    for _, key in refs:
        if key.split("-", 1)[0] in ("fig", "tbl", "sec"):
            raise RenderError(cell.where(), f"text '{label}' refers to @{key}: generated text may cite "
                              "sources only; write cross-references in the .qmd")
    _known_ids(cell, (key for _, key in refs), known)
    return text.strip()


def cite_source_cells(table: str, known: set[str], target: str = "html") -> str:
    """A pipe table whose "Nguồn" column holds known source ids (separated by commas or
    semicolons) cites those sources instead, so that readers see the citation linked to the
    bibliography; a known id in parentheses after a value in any other cell ("35% (id)") is cited
    the same way ("35% [@id]"). No id is left for the reader to read. Other cells are unchanged."""
    header, rows = pipe_table(table)
    ids = source_ids
    cited = source_columns(header, rows, known)
    inline = re.compile(r"\s*\((" + "|".join(re.escape(k) for k in sorted(known, key=len, reverse=True))
                        + r")\)") if known else None
    if not cited and not (inline and any(inline.search(v) for r in rows for v in r)):
        return table

    def cell(i: int, v: str) -> str:
        if i in cited:
            return "[" + "; ".join(f"@{sid}" for sid in ids(v)) + "]" if ids(v) else ""
        if inline is None:
            return escape_markdown(v)
        parts = inline.split(v)   # text, id, text, id, ..., text
        return "".join(escape_markdown(p) if n % 2 == 0 else f" [@{p}]" for n, p in enumerate(parts))

    lines = [ln for ln in table.strip().splitlines() if ln.strip().startswith("|")]
    out = [lines[0], lines[1]]
    out += ["| " + " | ".join(cell(i, v) for i, v in enumerate(row)) + " |" for row in rows]
    return "\n".join(out)


def _table(cell: Cell, output: dict, data: dict, known: set[str], labels: dict[str, str],
           target: str = "html", producers: Producers | None = None) -> str:
    label = cell.options["label"]
    table = data.get(MARKDOWN)
    if not table or not table.lstrip().startswith("|"):
        raise RenderError(cell.where(), f"table '{label}' has no text/markdown pipe table output; "
                          "show it with helpers.present.tables.show_table and execute the notebook")
    sources = _sources(None, output, cell, known)
    rows = data.get(DATA_MIME)
    line = None
    if sources and rows and set(KEY) <= set(rows.get("columns", [])):
        # a table of values.csv figures credits their producers as a figure does
        line = source_line(labels["sources-label"], credited(sources, rows, producers or Producers()))
    caption = _caption(cell, "tbl-cap", sources, labels["sources-label"], line)
    table = cite_source_cells(table, known, target)
    link = ""
    if target == "html":  # the CSV download under the table, the same markup in both renderers
        link = "\n\n" + _raw("html", f'<p class="hp-download"><a href="{csv_path(label)}" class="hp-download" '
                                     f'download="">{html.escape(TABLE_LINK_TEXT)}</a></p>')
    return f"::: {{#{label} .hp-table}}\n{table.strip()}{link}\n\n{caption}\n:::"
