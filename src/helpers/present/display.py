"""Chart outputs for notebooks: one deterministic mime bundle per chart.

A chart cell shows exactly one `display_data` holding
- `application/vnd.vegalite.v5+json`: the Vega-Lite 5 spec with inline data (for the HTML page),
- `image/svg+xml`: a static SVG drawn by vl-convert from the same spec (for the PDF),
- `text/plain`: "<Biểu đồ: title>".

The bytes depend only on the chart: keys are sorted, data is inline, SVG element ids are
renumbered, and text is laid out with the fonts shipped in `report/fonts/` and no other
(`helpers.present.fonts`): a character the chart font lacks stops the chart with an error.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import vl_convert as vlc

from helpers.present import fonts
from helpers.present.tables import DATA_MIME, data_payload, source_ids

# The Vega-Lite library vl-convert uses for the SVG; the HTML page should load the same one with
# `vl_convert.javascript_bundle(vl_version=VL_VERSION)`. JupyterLab 4.6 ships Vega-Lite 5.6, so
# specs use only features that 5.x has had since before 5.8 (tests compile them with 5.8 too).
VL_VERSION = "5.21"
VL_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
SVG_MIME = "image/svg+xml"
FONT_DIR = fonts.FONT_DIR
FONT = fonts.CHART_FONT
# The chart row field that holds a mark's source ids (helpers.present.charts), which the report shows as
# publisher and date; and where a chart keeps its narrow layout (usermeta[NARROW_KEY]).
SOURCE_FIELD = "t_source"
NARROW_KEY = "narrow"


def narrow_spec(spec: dict) -> dict | None:
    """The narrow layout's Vega-Lite spec that a chart spec carries (None when it has none)."""
    return (spec.get("usermeta") or {}).get(NARROW_KEY)

_fonts_registered = False


def register_fonts() -> None:
    """Make vl-convert see the shipped fonts and no system font (once per process).

    vl-convert reads FONTCONFIG_FILE when it first builds its font database, at its first
    conversion: this must run before any other use of vl-convert. The file names FONT_DIR as the
    only font folder, so the folder needs no separate registration.
    """
    global _fonts_registered
    if not _fonts_registered:
        fonts.use_shipped_fonts_only(FONT_DIR)
        _fonts_registered = True


def _canonical(obj: Any) -> Any:
    """A JSON round trip with sorted keys: plain types only, stable order."""
    return json.loads(json.dumps(obj, sort_keys=True, ensure_ascii=False, allow_nan=False))


def data_urls(spec: Any) -> list[str]:
    """Every `data.url` in a spec (the report's specs must have none)."""
    found: list[str] = []
    if isinstance(spec, dict):
        data = spec.get("data")
        if isinstance(data, dict) and "url" in data:  # also catches altair's URL data
            found.append(str(data["url"]))
        for v in spec.values():
            found.extend(data_urls(v))
    elif isinstance(spec, list):
        for v in spec:
            found.extend(data_urls(v))
    return found


def vegalite_spec(chart: Any) -> dict:
    """The Vega-Lite 5 spec (sorted keys, inline data) of an altair chart or a spec dict.

    Data stays where altair puts it: inline values under the top-level `datasets`, named by a
    hash of their content (so the name is stable), shared by the layers that use them.
    """
    spec = dict(chart if isinstance(chart, dict) else chart.to_dict())
    spec["$schema"] = VL_SCHEMA
    urls = data_urls(spec)
    if urls:
        raise ValueError(f"chart loads data from a URL ({urls[0]}); pass the data inline instead")
    return _canonical(spec)


_SVG_ID = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def stable_svg_ids(svg: str) -> str:
    """Renumber SVG ids (vl-convert counts clip paths and gradients per process) by first use."""
    names: dict[str, str] = {}
    for m in re.finditer(r'\bid="([^"]+)"', svg):
        names.setdefault(m.group(1), f"hp-{len(names) + 1}")
    return _SVG_ID.sub(lambda m: m.group(1) + names.get(m.group(2), m.group(2)), svg)


_SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)


def svg_text(svg: str) -> str:
    """The text an SVG draws (the contents of its <text> elements), unescaped."""
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", t)) for t in _SVG_TEXT.findall(svg))


def svg_from_spec(spec: dict) -> str:
    """Static SVG of a Vega-Lite 5 spec, drawn with the shipped fonts and stable ids.

    Raises ValueError when the chart draws a character the chart font lacks: it would be measured
    and drawn with a fallback font, which is not the same on every machine.
    """
    register_fonts()
    svg = vlc.vegalite_to_svg(spec, vl_version=VL_VERSION)
    missing = fonts.uncovered(svg_text(svg), FONT, FONT_DIR)
    if missing:
        raise ValueError(f"chart {chart_title(spec)!r} draws {fonts.describe_chars(missing)}, which "
                         f"the chart font {FONT} (report/fonts) lacks: write it in words or "
                         "choose a character the font has")
    return stable_svg_ids(svg)


def chart_title(spec: dict) -> str:
    """The chart's title text (first line if several), or '' when it has none."""
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title)


def spec_sources(spec: dict) -> list[str]:
    """Sorted source ids found in the chart's inline data (fields `t_source` / `source_id`)."""
    return source_ids(row.get(key) for rows in (spec.get("datasets") or {}).values()
                      for row in rows for key in (SOURCE_FIELD, "source_id"))


def chart_bundle(chart: Any, sources: list[str] | None = None, data: Any = None) -> dict[str, Any]:
    """The three-key mime bundle of a chart (see module docstring).

    The figure's source ids go to the spec's `usermeta.sources` (the report links them to the
    bibliography): `sources` if given, otherwise every source id found in the chart's data.
    `data`, the figure's numbers as a tidy DataFrame (the rows of data/values.csv it draws), is
    added as `helpers.present.tables.DATA_MIME`: readers download it under the figure.
    """
    spec = vegalite_spec(chart)
    ids = sorted(set(sources)) if sources is not None else spec_sources(spec)
    if ids:
        spec["usermeta"] = {**spec.get("usermeta", {}), "sources": ids}
    bundle = {
        VEGALITE_MIME: spec,
        SVG_MIME: svg_from_spec(spec),
        "text/plain": f"<Biểu đồ: {chart_title(spec)}>",
    }
    if data is not None:
        bundle[DATA_MIME] = data_payload(data)
    return bundle


def show_chart(chart: Any, sources: list[str] | None = None, data: Any = None) -> None:
    """Display a chart in a notebook as one deterministic display_data output (`data`: the
    figure's numbers for its download, see `chart_bundle`)."""
    from IPython.display import display

    display(chart_bundle(chart, sources, data), raw=True)
