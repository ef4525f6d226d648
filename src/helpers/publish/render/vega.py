"""Charts for the HTML page, compiled ahead of time: each Vega-Lite spec becomes a Vega spec when
the report is rendered, so the page ships only the Vega runtime (no Vega-Lite compiler, no
vega-embed) and draws a chart when it scrolls into view (`templates/charts.js`).

A chart box carries its wide layout and, for charts built by `helpers.present.charts`, its narrow one
(deflated, `chart_payload`); the page draws the wide one where it fits the box, else the narrow
one, and again when the window is resized. Source ids in tooltips and chart data tables read as
publisher and date (`with_source_labels`).

Any renderer that writes an HTML page with charts can call `vega_spec`, `vega_runtime` and
`chart_script`.
"""

from __future__ import annotations

import base64
import copy
import html
import json
import re
import zlib
from functools import lru_cache
from pathlib import Path

import vl_convert as vlc

from helpers.present.display import SOURCE_FIELD, VL_VERSION, narrow_spec

from . import render_cache

TEMPLATES = Path(__file__).with_name("templates")
# Keys the page does not need: the alt text is the chart box's aria-label, the sources are linked
# from the caption, and the schema URL is never fetched.
DROPPED_KEYS = ("$schema", "description", "usermeta")
# The bundle snippet imports the Vega module that vl-convert ships (by its jsDelivr URL, resolved
# from vl-convert's own copy, never fetched), so Vega-Lite and vega-embed are left out. (The
# snippet's predefined `vega` name is the module's default export, which is null.)
VEGA_MODULE = "https://cdn.jsdelivr.net/npm/vega@{version}/+esm"
CHART_DATA_SUMMARY = "Bảng số liệu của hình"
RUNTIME_SNIPPET = 'import * as vegaModule from "{module}"; window.vega = vegaModule;'



def _rows(spec: dict):
    for rows in (spec.get("datasets") or {}).values():
        yield from rows
    for layer in _leaf_layers(spec):
        yield from ((layer.get("data") or {}).get("values") or [])


def with_source_labels(vegalite: dict, labels: dict[str, str]) -> dict:
    """A copy of a Vega-Lite spec whose `t_source` fields (source ids, separated by commas) read
    as the sources' labels instead (`bibliography.source_label`); the narrow layout too."""
    spec = copy.deepcopy(vegalite)
    for part in (spec, narrow_spec(spec) or {}):
        for row in _rows(part):
            ids = row.get(SOURCE_FIELD)
            if isinstance(ids, str) and ids:
                row[SOURCE_FIELD] = "; ".join(labels.get(i.strip(), i.strip())
                                              for i in ids.split(",") if i.strip())
    return spec


def svg_width(svg: str) -> int | None:
    """The width in pixels an SVG chart is drawn at (its root `width` attribute)."""
    m = re.search(r"<svg\b[^>]*?\swidth=\"([\d.]+)", svg)
    return round(float(m.group(1))) if m else None


def chart_payload(vegalite: dict, wide_width: int | None) -> str:
    """What a chart box carries: its Vega spec, and the narrow screens' one when the chart has
    a narrow layout, as JSON `{"specs": [wide, narrow?], "wide": px}`, deflated and in base64
    (`templates/charts.js` inflates it with the browser's DecompressionStream). The specs repeat
    their data and encodings, so this is about an eighth of their JSON. (The bytes are those of
    the zlib Python links: the same on one machine, not across zlib builds.)"""
    specs = [vega_spec(vegalite)]
    narrow = narrow_spec(vegalite)
    if narrow:
        specs.append(vega_spec(narrow))
    text = json.dumps({"specs": specs, "wide": wide_width}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def read_payload(payload: str) -> dict:
    """The inverse of `chart_payload` (for tests and tools)."""
    return json.loads(zlib.decompress(base64.b64decode(payload)).decode("utf-8"))


def vega_spec(vegalite: dict) -> dict:
    """The Vega spec of a Vega-Lite spec (compiled by vl-convert with VL_VERSION), kept in the
    render cache under the spec's text, the versions and the code that compiles it."""
    try:
        text = json.dumps(vegalite, ensure_ascii=False)   # key order kept: it may shape the output
    except (TypeError, ValueError):
        return _vega_spec(vegalite)
    inputs = {"spec": text, "vl_version": VL_VERSION, "vl_convert": _vl_convert_version(),
              "dropped": DROPPED_KEYS, "code": render_cache.source_of(_vega_spec)}
    return render_cache.cached_json("vega-spec", inputs, lambda: _vega_spec(vegalite))


@lru_cache(maxsize=1)
def _vl_convert_version() -> str:
    from importlib.metadata import version

    return version("vl-convert-python")


def _vega_spec(vegalite: dict) -> dict:
    # No ARIA text of Vega's own (English axis phrases, raw field values): the chart box carries
    # the alt text and charts.js labels each data point with its tooltip.
    vegalite = {**vegalite, "config": {**(vegalite.get("config") or {}), "aria": False}}
    spec = vlc.vegalite_to_vega(vegalite, vl_version=VL_VERSION)
    for key in DROPPED_KEYS:
        spec.pop(key, None)
    return spec


def script_safe(text: str) -> str:
    """JavaScript or JSON text that cannot close the <script> element it is placed in."""
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


@lru_cache(maxsize=1)
def vega_runtime() -> str:
    """The Vega library alone (about 580 kB), safe inside <script>; kept in the render cache under
    the versions of vl-convert, Vega and Vega-Lite and the code that bundles it."""
    module = VEGA_MODULE.format(version=vlc.get_vega_version())
    inputs = {"module": module, "snippet": RUNTIME_SNIPPET, "vl_version": VL_VERSION,
              "vl_convert": _vl_convert_version(), "code": render_cache.source_of(_vega_bundle, script_safe)}
    return render_cache.cached_text("vega-runtime", inputs, lambda: _vega_bundle(module))


def _vega_bundle(module: str) -> str:
    return script_safe(vlc.javascript_bundle(RUNTIME_SNIPPET.format(module=module), vl_version=VL_VERSION))


RUNTIME_ID = "hp-vega-runtime"


def vega_runtime_payload() -> str:
    """The Vega library as the page carries it: deflated, in base64 (about 270 kB instead of
    590 kB), inside `<script type="application/octet-stream" id="hp-vega-runtime">`.
    `templates/charts.js` inflates it with the browser's DecompressionStream, as it does each
    chart's spec, and runs it once before the first chart is drawn."""
    return base64.b64encode(zlib.compress(vega_runtime().encode("utf-8"), 9)).decode("ascii")


def runtime_element() -> str:
    return f'<script type="application/octet-stream" id="{RUNTIME_ID}">{vega_runtime_payload()}</script>'


def chart_script(lang: str = "vi-VN") -> str:
    """The page script that draws every `.hp-chart` from its Vega spec as it scrolls into view."""
    time_locale = json.dumps(vlc.get_time_format_locale(lang), ensure_ascii=False, sort_keys=True)
    text = (TEMPLATES / "charts.js").read_text(encoding="utf-8")
    text = text.replace("__HP_TIME_LOCALE__", time_locale)
    return script_safe(text)


def _leaf_layers(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", []) or []:
        out.extend(_leaf_layers(layer) if "layer" in layer else [layer])
    return out or ([spec] if "mark" in spec else [])


def _layer_rows(layer: dict, spec: dict) -> list[dict]:
    data = layer.get("data") or spec.get("data") or {}
    if "values" in data:
        return list(data["values"])
    return list((spec.get("datasets") or {}).get(data.get("name"), []))


def chart_data(vegalite: dict) -> list[tuple[list[str], list[list[str]]]]:
    """The numbers behind a chart as tables: (column titles, rows of text), one table per set of
    tooltip fields (observed values, targets, forecasts, ...), rows in data order without
    repeats. Layers with one tooltip field (an annotation such as the merger rule) are left out:
    the chart's alt text says what they mark."""
    tables: dict[tuple[str, ...], tuple[list[str], list[list[str]], set]] = {}
    for layer in _leaf_layers(vegalite):
        tips = (layer.get("encoding") or {}).get("tooltip")
        if not isinstance(tips, list) or len(tips) < 2:
            continue
        fields = [t["field"] for t in tips if "field" in t]
        titles = [str(t.get("title", t["field"])) for t in tips if "field" in t]
        key = tuple(titles)
        columns, rows, seen = tables.setdefault(key, (titles, [], set()))
        for datum in _layer_rows(layer, vegalite):
            row = ["" if datum.get(f) is None else str(datum.get(f)) for f in fields]
            if tuple(row) not in seen and any(row):
                seen.add(tuple(row))
                rows.append(row)
    return [(columns, rows) for columns, rows, _ in tables.values() if rows]


def data_tables_html(tables: list[tuple[list[str], list[list[str]]]], summary: str) -> str:
    """The chart's data tables in a disclosure (`<details>`, reachable and opened from the
    keyboard), each table in its own horizontal scroll box."""
    if not tables:
        return ""
    parts = [f'<details class="hp-chart-data"><summary>{html.escape(summary)}</summary>']
    for columns, rows in tables:
        head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>"
                       for row in rows)
        parts.append(f'<div class="hp-scroll" tabindex="0"><table><thead><tr>{head}</tr></thead>'
                     f"<tbody>{body}</tbody></table></div>")
    parts.append("</details>")
    return "".join(parts)
