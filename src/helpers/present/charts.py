"""The report's charts: one altair theme and the builders the notebooks call.

Every builder returns an altair chart with a Vietnamese title, a `description` (alt text),
tooltips on every mark and Vietnamese number formats; show it with `helpers.present.display.show_chart`.

Input rows follow the data contract (`year, value, qualifier, kind, geo`, optionally
`source_id`); see each builder for the columns it reads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from helpers.data.contract import GEOS, MERGER_DATE
from helpers.present.code_labels import GROUP_LABELS
from helpers.present.display import FONT, NARROW_KEY
from helpers.present.figure_text import target_text
from helpers.present.status_style import STATUS_COLOURS
from helpers.present.tables import format_bound, format_number, format_value, with_unit

THEME = "hpreport"
# Series colours after Okabe & Ito (2008), hues that colour-blind readers tell apart (blue, orange,
# bluish green, reddish purple, black, grey), darkened where needed so that every mark has at
# least 3:1 contrast with the white background (WCAG 2.2 SC 1.4.11): blue 5.2, orange 4.7,
# green 3.4, purple 5.3, black 21, grey 6.7, olive 4.6, dark blue 8.6. Blue first for Hai Phong.
PALETTE = ["#0072B2", "#B35C00", "#009E73", "#AA4499", "#000000", "#5C5C5C", "#7A6A00", "#1F3F8F"]
OKABE_ITO = PALETTE  # the name the notebooks and older code use
NEUTRAL = "#767676"  # other provinces' bars: 4.5:1
TARGET_COLOR = "#000000"
PROJECTION_COLOR = "#0072B2"  # forecast bands: a light tint, outlined at full strength
PROJECTION_LINE = "#333333"
MERGER_COLOR = "#555555"
BAND_95, BAND_80 = "Khoảng 95%", "Khoảng 80%"
# 12% and 28% tints of PROJECTION_COLOR on white, opaque, both outlined in PROJECTION_COLOR (5.2:1).
BAND_TINTS = {BAND_95: "#E0EEF6", BAND_80: "#B8D8E9"}
# d3-format locale for Vietnamese numbers: 1.329 and 58,09.
VI_NUMBER_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
WIDTH, HEIGHT = 560, 300
# The narrow layout (phones): a chart drawn at most NARROW_TOTAL px wide, so that it fits the
# text column of both renderers' pages from a 360 px wide screen up (there the embedded page's
# column is 333 px, Quarto's 309 px). Charts carry it under usermeta[display.NARROW_KEY]; the
# HTML page draws it where the wide one does not fit.
NARROW_TOTAL = 304
NARROW_LIST_X = 13  # narrow layout: where listed target labels start, right of their diamond

KIND_LABELS = {"actual": "Thực tế", "estimate": "Ước tính", "plan": "Kế hoạch", "target": "Mục tiêu"}
HAI_PHONG = ("hai_phong", "hai_phong_merged")
# Point markers: how a value relates to the true figure. The kind (an estimate) and the
# qualifier (`~`, "khoảng") are stated each for itself: an estimate given as an exact number is
# "Ước tính", never "khoảng".
MARK_EXACT, MARK_ESTIMATE = "Số liệu công bố", "Ước tính"
MARK_APPROX, MARK_ESTIMATE_APPROX = "Số khoảng (xấp xỉ)", "Ước tính, khoảng"
MARK_LOWER, MARK_UPPER = "Cận dưới (hơn / tối thiểu)", "Cận trên (dưới / tối đa)"
MARKER_SHAPES = {MARK_EXACT: "circle", MARK_ESTIMATE: "circle", MARK_APPROX: "circle",
                 MARK_ESTIMATE_APPROX: "circle", MARK_LOWER: "triangle-up",
                 MARK_UPPER: "triangle-down"}
# Markers drawn hollow: values that are not a published exact figure.
HOLLOW_MARKERS = (MARK_ESTIMATE, MARK_APPROX, MARK_ESTIMATE_APPROX)


def _merger_label() -> str:
    y, m, d = (int(p) for p in MERGER_DATE.split("-"))
    return f"Hợp nhất với Hải Dương ({d}/{m}/{y})"


MERGER_YEAR = int(MERGER_DATE[:4])
MERGER_LABEL = _merger_label()


def break_x(break_year: float) -> float:
    """Where the boundary break is drawn: between the last year of the old boundary and the
    first year of the new one, never on a year's points."""
    return break_year - 0.5


@alt.theme.register(THEME, enable=True)
def report_theme() -> alt.theme.ThemeConfig:
    """Fonts, palette, Vietnamese number locale and sizes shared by every chart of the report."""
    return {
        "config": {
            "font": FONT,
            "locale": {"number": VI_NUMBER_LOCALE},
            "range": {"category": OKABE_ITO},
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "title": {"anchor": "start", "fontSize": 15, "fontWeight": "bold", "offset": 12},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#E6E6E6",
                     "domainColor": "#888888", "tickColor": "#888888"},
            "legend": {"orient": "bottom", "labelFontSize": 11, "titleFontSize": 11,
                       "labelLimit": 320},
            "line": {"strokeWidth": 2.5},
            "text": {"fontSize": 11},
        }
    }


def _round(x: Any) -> float | None:
    return None if pd.isna(x) else round(float(x), 6)


def _geo_label(geo: str) -> str:
    return GEOS.get(geo, geo)


def _marker(qualifier: str, kind: str) -> str:
    if qualifier in (">", ">="):
        return MARK_LOWER
    if qualifier in ("<", "<="):
        return MARK_UPPER
    if qualifier == "~":
        return MARK_ESTIMATE_APPROX if kind == "estimate" else MARK_APPROX
    return MARK_ESTIMATE if kind == "estimate" else MARK_EXACT


class Legends:
    """Where a chart's legends go: side by side under the chart (wide layout), or one below the
    other, one entry a line (narrow layout: legends in a row would be wider than a phone)."""

    ENTRY, TITLE, GAP = 16, 18, 10  # px per entry line, title line, between legends

    def __init__(self, narrow: bool, top: float):
        self.narrow, self.y = narrow, top

    def __call__(self, entries: int, **props: Any) -> alt.Legend:
        if not self.narrow:
            return alt.Legend(orient="bottom", **props)
        legend = alt.Legend(orient="none", legendX=0, legendY=self.y, direction="vertical",
                            columns=1, **props)
        self.y += self.TITLE + self.ENTRY * entries + self.GAP
        return legend


def _marker_legend(legends: Legends, entries: int) -> alt.Legend:
    # Legend symbols are hollow for estimates, as on the chart (evaluated per legend entry).
    fill = f"indexof({list(HOLLOW_MARKERS)!r}, datum.value) >= 0 ? 'white' : '#333333'"
    return legends(entries, title="Ký hiệu", symbolStrokeColor="#333333",
                   symbolStrokeWidth=1.5, symbolFillColor={"expr": fill})


NBSP = "\u00a0"


def _greedy_lines(words: list[str], width: float, font_size: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and text_width(f"{lines[-1]} {word}", font_size) * 1.05 <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def wrap_title(title: str, width: float = NARROW_TOTAL, font_size: float = 15) -> str | list[str]:
    """A chart title as lines that fit `width` px (bold text is about 5% wider than regular),
    as few as fit and of even length (no one-word last line)."""
    for place in sorted(set(GEOS.values()) | {"Hải Phòng"}, key=len, reverse=True):
        title = title.replace(place, place.replace(" ", NBSP))  # a place name stays on one line
    words = title.split(" ")
    lines = _greedy_lines(words, width, font_size)
    if len(lines) > 1:
        # The narrowest width that still needs no more lines.
        while width > 40 and len(_greedy_lines(words, width - 4, font_size)) == len(lines):
            width -= 4
        lines = _greedy_lines(words, width, font_size)
    lines = [line.replace(NBSP, " ") for line in lines]
    return lines[0] if len(lines) == 1 else lines


def _observed_rows(df: pd.DataFrame, decimals: int | None, unit_label: str) -> pd.DataFrame:
    """Actual and estimate rows with display fields: series, marker and tooltip texts."""
    obs = df[df["kind"].isin(["actual", "estimate"])].sort_values(["geo", "year"], kind="stable")
    out = []
    for r in obs.itertuples(index=False):
        q = getattr(r, "qualifier", "=") or "="
        out.append({
            "year": int(r.year), "value": _round(r.value), "geo": r.geo,
            "series": _geo_label(r.geo), "marker": _marker(q, r.kind),
            "label": chart_bound(r.value, q, decimals),
            "t_year": str(int(r.year)), "t_value": format_value(r.value, q, decimals, unit_label),
            "t_kind": KIND_LABELS.get(r.kind, r.kind),
            "t_source": str(getattr(r, "source_id", "") or ""),
        })
    return pd.DataFrame(out, columns=["year", "value", "geo", "series", "marker", "label",
                                      "t_year", "t_value", "t_kind", "t_source"])


def chart_bound(value, qualifier: str = "=", decimals: int | None = None, unit_label: str = "",
                rank: bool = False) -> str:
    """`format_bound` for text drawn in a chart: the chart font (Noto Sans) has no "≥"/"≤" glyph,
    so those bounds are words ("tối thiểu 80%"; a rank "<= 5" is "nhóm 5 dẫn đầu")."""
    if rank and qualifier == "<=":
        return target_text(value, qualifier, "rank", decimals)
    if qualifier in (">=", "<="):
        return format_value(value, qualifier, decimals, unit_label)
    return format_bound(value, qualifier, decimals, unit_label)


def _target_rows(targets: pd.DataFrame, decimals: int | None, unit_label: str,
                 rank: bool = False) -> pd.DataFrame:
    out = []
    for r in targets.sort_values(["year", "kind"], kind="stable").itertuples(index=False):
        q = getattr(r, "qualifier", "=") or "="
        what = KIND_LABELS.get(r.kind, "Mục tiêu")
        out.append({
            "year": int(r.year), "value": _round(r.value),
            "label": f"{what} {int(r.year)}: {chart_bound(r.value, q, decimals, unit_label, rank)}",
            "t_year": str(int(r.year)), "t_kind": what,
            "t_value": format_value(r.value, q, decimals, unit_label),
            "t_geo": _geo_label(getattr(r, "geo", "") or ""),
        })
    return pd.DataFrame(out)


def _tooltip(*pairs: tuple[str, str]) -> list[alt.Tooltip]:
    return [alt.Tooltip(f"{field}:N", title=title) for field, title in pairs]


def _series_color(series: Sequence[str], legends: Legends | None) -> alt.Color:
    domain = list(dict.fromkeys(series))
    # Same colour for the same place in every chart: palette position follows contract.GEOS order.
    order = {label: i for i, label in enumerate(GEOS.values())}
    colors = [OKABE_ITO[order.get(s, len(order)) % len(OKABE_ITO)] for s in domain]
    legend = legends(len(domain), title="Địa bàn") if legends else None
    return alt.Color("series:N", title="Địa bàn", scale=alt.Scale(domain=domain, range=colors),
                     legend=legend)


def _describe(kind: str, title: str, obs: pd.DataFrame, targets: pd.DataFrame,
              break_year: float | None) -> str:
    parts = [f"{kind}: {title}."]
    if len(obs):
        parts.append(f"Năm {obs['year'].min()}–{obs['year'].max()}, địa bàn: "
                     + ", ".join(dict.fromkeys(obs["series"])) + ".")
        for series, g in obs.groupby("series", sort=False):
            last = g.iloc[-1]
            parts.append(f"Mới nhất ({series}, {last['year']}): {last['t_value']}.")
    for label in targets.get("label", []):
        parts.append(f"{label}.")
    if break_year is not None:
        before, after = (format_number(y, grouping=False) for y in (break_year - 1, break_year))
        parts.append(f"Đường đứt đoạn giữa năm {before} và năm {after}: "
                     f"{MERGER_LABEL}; số liệu trước và sau hợp nhất không nối liền.")
    return " ".join(parts)


def _split_targets(df: pd.DataFrame,
                   targets: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observed rows and target rows: explicit `targets`, else plan/target rows of `df`."""
    is_goal = df["kind"].isin(["plan", "target"])
    goals = df[is_goal] if targets is None else targets
    return df[~is_goal], goals


# Label layout. Every text label's position is computed here, in pixels, from the chart size and
# the scale domains (set explicitly, never "nice"d by Vega), so the SVG and the HTML page draw the
# same layout and no label overlaps another label, a line or a point.
LABEL_FONT = 11
LABEL_HEIGHT = 14          # a label's box height and the minimum gap between two label centres
CHAR_EM = 0.62             # estimated advance of one character (Noto Sans digits are 0.57 em)
TARGET_COLUMN_PAD = 22     # plot edge to target label text: room for the diamond glyph
Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels


def text_width(text: str, font_size: float = LABEL_FONT) -> float:
    """A slightly generous estimate of a label's width in pixels."""
    return len(text) * font_size * CHAR_EM


def dodge(ys: Sequence[float], gap: float, lo: float, hi: float) -> list[float]:
    """Label centres as close as possible to `ys`, at least `gap` apart, within [lo, hi].

    Labels keep their vertical order (ties by input order). Crowded labels form a block centred
    on their wanted positions; blocks are then pushed inside [lo, hi].
    """
    order = sorted(range(len(ys)), key=lambda i: (ys[i], i))
    blocks: list[tuple[float, list[int]]] = []  # (top of block, members top to bottom)
    for i in order:
        blocks.append((ys[i], [i]))
        while len(blocks) > 1 and blocks[-2][0] + gap * len(blocks[-2][1]) > blocks[-1][0]:
            members = blocks[-2][1] + blocks.pop()[1]
            top = sum(ys[j] - gap * k for k, j in enumerate(members)) / len(members)
            blocks[-1] = (top, members)
    out = [0.0] * len(ys)
    prev = lo - gap
    for top, members in blocks:
        for k, j in enumerate(members):
            out[j] = prev = max(top + gap * k, prev + gap, lo)
    nxt = hi + gap
    for j in reversed([j for _, members in blocks for j in members]):
        out[j] = nxt = min(out[j], nxt - gap)
    return [round(y, 3) for y in out]


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _segment_boxes(p: tuple[float, float], q: tuple[float, float], r: float) -> list[Box]:
    """Small boxes along a line from p to q (half-width r): an obstacle for labels."""
    steps = max(1, math.ceil(math.dist(p, q) / 3))
    pts = [(p[0] + (q[0] - p[0]) * t / steps, p[1] + (q[1] - p[1]) * t / steps) for t in range(steps + 1)]
    return [(x - r, y - r, x + r, y + r) for x, y in pts]


def nice_domain(lo: float, hi: float, ticks: int = 6) -> tuple[float, float]:
    """[lo, hi] widened by 3% and rounded out to a 1-2-2.5-5 step (about `ticks` steps)."""
    pad = (hi - lo) * 0.03 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / ticks
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return round(math.floor(lo / step) * step, 10), round(math.ceil(hi / step) * step, 10)


@dataclass(frozen=True)
class Frame:
    """Pixel geometry of a plot: linear x and y scales with fixed domains."""
    x_domain: tuple[float, float]
    y_domain: tuple[float, float]
    width: float
    height: float
    reverse_y: bool = False

    def px(self, x: float) -> float:
        x0, x1 = self.x_domain
        return (x - x0) / (x1 - x0) * self.width

    def py(self, y: float) -> float:
        y0, y1 = self.y_domain
        t = (y - y0) / (y1 - y0)
        return t * self.height if self.reverse_y else (1 - t) * self.height

    def x_of(self, px: float) -> float:
        x0, x1 = self.x_domain
        return round(x0 + px / self.width * (x1 - x0), 6)

    def y_of(self, py: float) -> float:
        y0, y1 = self.y_domain
        t = py / self.height if self.reverse_y else 1 - py / self.height
        return round(y0 + t * (y1 - y0), 6)


def place_end_labels(points: Sequence[tuple[float, float, str]], frame: Frame,
                     obstacles: list[Box]) -> list[tuple[float, float, str] | None]:
    """Where to write each line-end label: (x, y, align) in pixels, or None when no place is free.

    points: (px, py, text) of each line's last point, most important first. First choice is to the
    right of the point, dodged vertically from labels of other lines ending in the same year;
    then above/below, left or right. A label never overlaps `obstacles` (lines, points, marks),
    an earlier label or the plot edges; placed labels are added to `obstacles`.
    """
    h = LABEL_HEIGHT
    right_y: dict[int, float] = {}
    by_x: dict[float, list[int]] = {}
    for i, (px, _, _) in enumerate(points):
        by_x.setdefault(round(px, 3), []).append(i)
    for idx in by_x.values():
        for i, y in zip(idx, dodge([points[i][1] for i in idx], h, h / 2, frame.height - h / 2)):
            right_y[i] = y
    placed: list[tuple[float, float, str] | None] = []
    for i, (px, py, text) in enumerate(points):
        w = text_width(text)
        candidates = [(px + 9, right_y[i], "left"), (px - 6, py - 15, "right"), (px - 6, py + 15, "right"),
                      (px + 6, py - 15, "left"), (px + 6, py + 15, "left")]
        spot = None
        for x, y, align in candidates:
            left = x if align == "left" else x - w
            box = (left, y - h / 2, left + w, y + h / 2)
            inside = box[0] >= 0 and box[2] <= frame.width and box[1] >= 0 and box[3] <= frame.height
            if inside and not any(overlaps(box, o) for o in obstacles):
                spot = (x, y, align)
                obstacles.append(box)
                break
        placed.append(spot)
    return placed


def _narrow_axis_width(y_domain: tuple[float, float]) -> float:
    """Narrow layout: a generous width for the y axis (its longest end label, ticks and title);
    the plot has the rest of NARROW_TOTAL but Vega's padding (5 px a side)."""
    return round(max(text_width(format_number(v, 0)) for v in y_domain) + 34)


def _trend_layers(df: pd.DataFrame, y_title: str, unit_label: str, decimals: int | None,
                  targets: pd.DataFrame | None, projection: pd.DataFrame | None,
                  break_year: float | None, rank: bool,
                  narrow: bool = False) -> tuple[list[alt.Chart], dict]:
    data, goals = _split_targets(df, targets)
    obs = _observed_rows(data, decimals, unit_label)
    tgt = _target_rows(goals, decimals, unit_label, rank) if len(goals) else pd.DataFrame()
    if projection is not None and not len(projection):
        projection = None
    years = sorted(set(obs["year"]) | set(tgt.get("year", []))
                   | set(projection["year"] if projection is not None else []))
    # Every time chart of Hai Phong whose years run across the merger draws the merger rule,
    # whether the boundaries are in its data or only in its targets.
    hai_phong = set(HAI_PHONG) & (set(obs["geo"]) | set(goals.get("geo", [])))
    if break_year is None and hai_phong and years and years[0] < MERGER_YEAR <= years[-1]:
        break_year = MERGER_YEAR
    if not len(obs):
        raise ValueError("chart has no actual or estimate rows (kind 'actual'/'estimate') to draw")
    values = [v for v in list(obs["value"]) + list(tgt.get("value", [])) if v is not None]
    if rank:
        y_domain = (1.0, max([1.0] + values) + 1)
    else:
        if projection is not None:
            values += list(projection["lo95"]) + list(projection["hi95"])
        y_domain = nice_domain(min(values), max(values))
    # Wide: target labels stand in a column right of the plot, which narrows to make room.
    # Narrow: they are listed above the plot, one a line.
    column = TARGET_COLUMN_PAD + max(text_width(t) for t in tgt["label"]) if len(tgt) and not narrow else 0.0
    axis_w = _narrow_axis_width(y_domain) if narrow else 0
    frame = Frame((years[0] - 0.5, years[-1] + 0.5), y_domain,
                  NARROW_TOTAL - 10 - axis_w if narrow else max(400, WIDTH - round(column)),
                  HEIGHT, reverse_y=rank)
    legends = Legends(narrow, HEIGHT + 48)
    x = alt.X("year:Q", title="Năm",
              scale=alt.Scale(domain=list(frame.x_domain), nice=False, zero=False),
              axis=alt.Axis(values=years, format="d", grid=False,
                            # narrow: a year label that would touch its neighbour is left out
                            **({"labelOverlap": "greedy", "labelSeparation": 4} if narrow else {})))
    y_axis_title = f"{y_title} ({unit_label})" if unit_label else y_title
    y_scale = alt.Scale(domain=list(y_domain), reverse=rank, nice=False, zero=False)
    if rank:
        y_axis = alt.Axis(title=y_axis_title, format="d", tickMinStep=1)
    else:
        y_axis = alt.Axis(title=y_axis_title, format=",~f")
    y = alt.Y("value:Q", title=y_axis_title, scale=y_scale, axis=y_axis)
    color = _series_color(obs["series"], legends if obs["series"].nunique() > 1 else None)
    tips = [("t_year", "Năm"), ("series", "Địa bàn"), ("t_value", "Giá trị"),
            ("t_kind", "Loại số liệu"), ("marker", "Ghi chú")]
    if obs["t_source"].astype(bool).any():
        tips.append(("t_source", "Nguồn"))
    markers = [m for m in MARKER_SHAPES if m in set(obs["marker"])]
    shape = alt.Shape("marker:N", title="Ký hiệu",
                      scale=alt.Scale(domain=markers, range=[MARKER_SHAPES[m] for m in markers]),
                      legend=_marker_legend(legends, len(markers)) if markers != [MARK_EXACT] else None)
    # Among peers, Hai Phong is the emphasised series: thicker lines (a layer of their own: a
    # line takes one width), larger points.
    emphasis: dict[str, Any] = {}
    is_hp = f"indexof({list(HAI_PHONG)!r}, datum.geo) >= 0"
    peers = not set(obs["geo"]) <= set(HAI_PHONG)
    if peers:
        emphasis = {"size": alt.condition(is_hp, alt.value(80), alt.value(36))}
    base = alt.Chart(obs)
    line_layers = ([base.transform_filter(f"!({is_hp})").mark_line(strokeWidth=1.5),
                    base.transform_filter(is_hp).mark_line(strokeWidth=3.5)] if peers else [base.mark_line()])
    # `detail=geo` keeps one line per boundary: no segment ever joins hai_phong and hai_phong_merged.
    layers: list[alt.Chart] = [
        *(layer.encode(x=x, y=y, color=color, tooltip=_tooltip(*tips),
                       detail=alt.Detail("geo:N", title="Mã địa bàn")) for layer in line_layers),
        base.transform_filter(f"indexof({list(HOLLOW_MARKERS)!r}, datum.marker) < 0")
        .mark_point(filled=True, size=80, opacity=1)
        .encode(x=x, y=y, color=color, shape=shape, tooltip=_tooltip(*tips), **emphasis),
        base.transform_filter(f"indexof({list(HOLLOW_MARKERS)!r}, datum.marker) >= 0")
        .mark_point(filled=False, fill="white", size=80, strokeWidth=2, opacity=1)
        .encode(x=x, y=y, color=color, shape=shape, tooltip=_tooltip(*tips), **emphasis),
    ]
    if projection is not None:
        layers += _projection_layers(projection, x, y, y_scale, y_axis_title, decimals, unit_label,
                                     legends)
    obstacles = _trend_obstacles(obs, tgt, projection, break_year, frame)
    layers += _end_label_layers(obs, frame, obstacles, x, y, color, _tooltip(*tips))
    if len(tgt):
        layers += _target_layers(tgt, frame, x, y, narrow, break_year is not None, 4 - axis_w)
    if break_year is not None:
        # first, so that it is drawn behind the data
        layers = _merger_layers(break_year, frame, frame.width + column, x, y) + layers
    info = {"obs": obs, "targets": tgt, "break_year": break_year, "width": frame.width}
    return layers, info


def _trend_obstacles(obs: pd.DataFrame, tgt: pd.DataFrame, projection: pd.DataFrame | None,
                     break_year: float | None, frame: Frame) -> list[Box]:
    """Pixel boxes covering every point, line, band and rule of a trend chart."""
    boxes: list[Box] = []

    def mark(year: float, value: float, r: float) -> None:
        x, y = frame.px(year), frame.py(value)
        boxes.append((x - r, y - r, x + r, y + r))

    for r in obs.itertuples(index=False):
        mark(r.year, r.value, 7)
    for r in tgt.itertuples(index=False):
        mark(r.year, r.value, 9)
    paths = [list(zip(g["year"], g["value"])) for _, g in obs.groupby("geo", sort=False)]
    if projection is not None:
        proj = projection.sort_values("year")
        paths.append(list(zip(proj["year"], proj["mean"])))
        for a, b in zip(proj.itertuples(index=False), proj.iloc[1:].itertuples(index=False)):
            x0, x1 = frame.px(a.year), frame.px(b.year)
            for k in range(math.ceil((x1 - x0) / 3) + 1):  # the 95% band, in 3 px slices
                t = min(1.0, k * 3 / (x1 - x0))
                hi = frame.py(a.hi95 + (b.hi95 - a.hi95) * t)
                lo = frame.py(a.lo95 + (b.lo95 - a.lo95) * t)
                boxes.append((x0 + (x1 - x0) * t - 2, min(hi, lo), x0 + (x1 - x0) * t + 2, max(hi, lo)))
    for path in paths:
        for (ya, va), (yb, vb) in zip(path, path[1:]):
            boxes += _segment_boxes((frame.px(ya), frame.py(va)), (frame.px(yb), frame.py(vb)), 2.5)
    if break_year is not None:
        x = frame.px(break_x(break_year))
        boxes.append((x - 2, 0, x + 2, frame.height))
    return boxes


def _end_label_layers(obs: pd.DataFrame, frame: Frame, obstacles: list[Box], x: alt.X, y: alt.Y,
                      color: alt.Color, tips: list[alt.Tooltip]) -> list[alt.Chart]:
    """The value at the end of each line, where it has room (it is always in the tooltip)."""
    last = obs.groupby("geo", sort=False).tail(1)
    last = last.assign(_other=~last["geo"].isin(HAI_PHONG)).sort_values("_other", kind="stable")
    points = [(frame.px(r.year), frame.py(r.value), r.label) for r in last.itertuples(index=False)]
    rows = []
    for r, spot in zip(last.drop(columns="_other").to_dict("records"),
                       place_end_labels(points, frame, obstacles)):
        if spot is not None:
            rows.append({**r, "year": frame.x_of(spot[0]), "value": frame.y_of(spot[1]), "align": spot[2]})
    labels = pd.DataFrame(rows, columns=list(obs.columns) + ["align"])
    return [alt.Chart(labels[labels["align"] == align])
            .mark_text(align=align, baseline="middle", fontWeight="bold", fontSize=LABEL_FONT)
            .encode(x=x, y=y, text=alt.Text("label:N", title="Nhãn"), color=color, tooltip=tips)
            for align in ("left", "right") if (labels["align"] == align).any()]


def _target_layers(tgt: pd.DataFrame, frame: Frame, x: alt.X, y: alt.Y, narrow: bool,
                   merger_line: bool, list_left: float = 0.0) -> list[alt.Chart]:
    """Target diamonds at their year and value, and their labels, each after a small diamond.

    Wide: listed right of the plot, each level with its diamond unless that would crowd another
    label (then pushed apart by `dodge`). Narrow: listed above the plot in year order, one a line
    (two for a label too wide for the chart), from `list_left` (px from the plot's left edge: the
    chart's left edge, above the y axis), above the merger label when there is one.
    """
    h = LABEL_HEIGHT
    if narrow:
        # One line each, or two ("Mục tiêu 2030:" / its value) where one would be wider than the plot.
        lines, firsts = [], []  # (target, text) of each line; each target's first line
        for i, label in enumerate(tgt["label"]):
            head, sep, tail = label.partition(": ")
            firsts.append(len(lines))
            too_wide = list_left + NARROW_LIST_X + text_width(label) > frame.width and sep
            lines += [(i, head + ":"), (i, tail)] if too_wide else [(i, label)]
        first = 1 if merger_line else 0
        line_ys = [frame.y_of(-6 - h / 2 - h * (first + k)) for k in range(len(lines))][::-1]
        texts = tgt.iloc[[i for i, _ in lines]].assign(
            label=[t for _, t in lines], value=line_ys, year=frame.x_of(list_left + NARROW_LIST_X))
        glyphs = tgt.assign(value=[line_ys[k] for k in firsts], year=frame.x_of(list_left + 5))
    else:
        ys = dodge([frame.py(v) for v in tgt["value"]], h, h / 2, frame.height - h / 2)
        listed = tgt.assign(value=[frame.y_of(v) for v in ys])
        glyphs = listed.assign(year=frame.x_of(frame.width + TARGET_COLUMN_PAD / 2))
        texts = listed.assign(year=frame.x_of(frame.width + TARGET_COLUMN_PAD))
    ttips = _tooltip(("t_kind", "Loại"), ("t_year", "Năm"), ("t_value", "Giá trị"),
                     ("t_geo", "Địa bàn"))
    return [
        alt.Chart(tgt).mark_point(shape="diamond", filled=False, size=140, strokeWidth=2,
                                  color=TARGET_COLOR).encode(x=x, y=y, tooltip=ttips),
        alt.Chart(glyphs).mark_point(shape="diamond", filled=False, size=50, strokeWidth=1.5,
                                     color=TARGET_COLOR).encode(x=x, y=y, tooltip=ttips),
        alt.Chart(texts).mark_text(align="left", baseline="middle", color=TARGET_COLOR, fontSize=LABEL_FONT)
        .encode(x=x, y=y, text=alt.Text("label:N", title="Nhãn"), tooltip=ttips),
    ]


def _merger_layers(break_year: float, frame: Frame, full_width: float, x: alt.X,
                   y: alt.Y) -> list[alt.Chart]:
    """The merger rule across the plot, between the years of the two boundaries, and its label
    just above the plot, centred on the rule where the figure is wide enough: no data is ever
    drawn there. Neither has a tooltip: hovering a point near the rule shows the point."""
    w = text_width(MERGER_LABEL, LABEL_FONT)
    centre = min(max(frame.px(break_x(break_year)), w / 2), full_width - w / 2)
    rule = alt.Chart(pd.DataFrame([{"year": break_x(break_year), "event": MERGER_LABEL}]))
    label = alt.Chart(pd.DataFrame([{"year": frame.x_of(centre), "value": frame.y_of(-6),
                                     "event": MERGER_LABEL}]))
    return [
        rule.mark_rule(strokeDash=[6, 4], color=MERGER_COLOR, strokeWidth=1.5).encode(x=x),
        label.mark_text(align="center", baseline="bottom", color=MERGER_COLOR, fontSize=LABEL_FONT)
        .encode(x=x, y=y, text=alt.Text("event:N", title="Sự kiện")),
    ]


def _projection_layers(proj: pd.DataFrame, x: alt.X, y: alt.Y, y_scale: alt.Scale, y_title: str,
                       decimals: int | None, unit_label: str, legends: Legends) -> list[alt.Chart]:
    # A model's mean and bounds show at most one decimal unless told otherwise.
    digits = 1 if decimals is None else decimals

    def span(lo: float, hi: float) -> str:
        low, high = (format_number(round(v, digits), decimals) for v in (lo, hi))
        # a band of no width (the last observed year, where a path starts) is its one value
        return with_unit(low if low == high else f"{low} – {high}", unit_label)

    rows = [{
        "year": int(r.year), "value": _round(r.mean),
        "lo80": _round(r.lo80), "hi80": _round(r.hi80), "lo95": _round(r.lo95), "hi95": _round(r.hi95),
        "t_year": str(int(r.year)),
        "t_value": format_value(round(r.mean, digits), "~", decimals, unit_label),
        "t_80": span(r.lo80, r.hi80), "t_95": span(r.lo95, r.hi95),
    } for r in proj.sort_values("year").itertuples(index=False)]
    tips = _tooltip(("t_year", "Năm"), ("t_value", "Dự báo"), ("t_80", "Khoảng dự báo 80%"),
                    ("t_95", "Khoảng dự báo 95%"))
    # The two bands have their own legend; tints are opaque (the 80% band is drawn over the 95%
    # one), so that the legend shows the colours the plot shows.
    bands = alt.Fill("band:N", title="Khoảng dự báo",
                     scale=alt.Scale(domain=list(BAND_TINTS), range=list(BAND_TINTS.values())),
                     legend=legends(2, symbolType="square", symbolStrokeColor=PROJECTION_COLOR,
                                    symbolStrokeWidth=1))
    p = alt.Chart(pd.DataFrame(rows))
    return [
        p.transform_calculate(band=f"'{BAND_95}'")
        .mark_area(stroke=PROJECTION_COLOR, strokeWidth=1)
        .encode(x=x, y=alt.Y("lo95:Q", title=y_title, scale=y_scale),
                y2=alt.Y2("hi95:Q", title=y_title), fill=bands, tooltip=tips),
        p.transform_calculate(band=f"'{BAND_80}'")
        .mark_area(stroke=PROJECTION_COLOR, strokeWidth=1, strokeDash=[2, 2])
        .encode(x=x, y=alt.Y("lo80:Q", title=y_title, scale=y_scale),
                y2=alt.Y2("hi80:Q", title=y_title), fill=bands, tooltip=tips),
        p.mark_line(strokeDash=[5, 4], color=PROJECTION_LINE, strokeWidth=2)
        .encode(x=x, y=y, tooltip=tips),
        p.mark_point(filled=False, color=PROJECTION_LINE, size=40).encode(x=x, y=y, tooltip=tips),
    ]


def with_narrow(wide: alt.LayerChart, narrow: alt.LayerChart) -> alt.LayerChart:
    """The wide chart, carrying the narrow layout's Vega-Lite spec under usermeta[NARROW_KEY]
    (its static SVG and the PDF use the wide one)."""
    return wide.properties(usermeta={NARROW_KEY: narrow.to_dict()})


def narrow_layout(chart: alt.TopLevelMixin) -> dict | None:
    """The narrow layout's Vega-Lite spec of a chart built here (None when it has none)."""
    usermeta = getattr(chart, "usermeta", alt.Undefined)
    return usermeta.get(NARROW_KEY) if isinstance(usermeta, dict) else None


def _trend_figure(kind: str, title: str, description: str | None, *layer_args: Any,
                  rank: bool) -> alt.LayerChart:
    """A trend or rank chart in both layouts (`_trend_layers` args), with one alt text."""
    layouts = []
    for narrow in (False, True):
        layers, info = _trend_layers(*layer_args, rank=rank, narrow=narrow)
        description = description or _describe(kind, title, info["obs"], info["targets"],
                                                info["break_year"])
        layouts.append(alt.layer(*layers).properties(
            title=wrap_title(title) if narrow else title, description=description,
            width=info["width"], height=HEIGHT))
    return with_narrow(*layouts)


def trend_chart(df: pd.DataFrame, title: str, y_title: str, unit_label: str = "",
                targets: pd.DataFrame | None = None, projection: pd.DataFrame | None = None,
                break_year: float | None = None, decimals: int | None = None,
                description: str | None = None) -> alt.LayerChart:
    """A line-and-point chart of an indicator by year, one line per geo.

    df: rows with year, value, qualifier, kind, geo (optional source_id). Plan/target rows are drawn
        as targets when `targets` is None. Values with `>`/`>=` show a triangle-up (lower bound),
        `<`/`<=` a triangle-down, `~` or kind estimate a hollow circle; the last value of each
        line is labelled.
    targets: rows with year, value, qualifier, kind (target or plan): a diamond labelled
        "Mục tiêu 2026: > 31%".
    projection: rows with year, mean, lo80, hi80, lo95, hi95: a dashed line in 80%/95% bands.
    break_year: where to draw the merger rule; default the merger year when both Hai Phong
        boundaries are in df. hai_phong and hai_phong_merged are never joined by a line.
    """
    return _trend_figure("Biểu đồ đường", title, description, df, y_title, unit_label, decimals,
                         targets, projection, break_year, rank=False)


def rank_chart(df: pd.DataFrame, title: str, y_title: str = "Thứ hạng",
               targets: pd.DataFrame | None = None, break_year: float | None = None,
               description: str | None = None) -> alt.LayerChart:
    """A rank by year (1 on top, reversed axis); same inputs and markers as `trend_chart`.

    A "top 5" target is a target row with qualifier `<=` and value 5.
    """
    return _trend_figure("Biểu đồ thứ hạng (hạng 1 ở trên cùng)", title, description, df, y_title,
                         "", 0, targets, None, break_year, rank=True)


def bar_compare(df: pd.DataFrame, title: str, x_title: str, unit_label: str = "",
                decimals: int | None = None, highlight: Sequence[str] = HAI_PHONG,
                description: str | None = None,
                names: dict[str, str] | None = None,
                reference: Sequence[str] = ()) -> alt.LayerChart:
    """Horizontal bars comparing provinces, largest first, Hai Phong highlighted in blue.

    df: one row per geo with geo, value and optionally qualifier, year, source_id. A `>` value is
    labelled "> X" (the bar shows the known lower bound).
    names: bar names to use instead of the geo names (e.g. a national figure that is not a place).
    reference: geos drawn as a reference line across the bars, not as a bar among the provinces
        (a national value), labelled with its name and value.
    """
    names = names or {}
    refs = df[df["geo"].isin(list(reference))]
    df = df[~df["geo"].isin(list(reference))]
    rows = []
    for r in df.itertuples(index=False):
        q = getattr(r, "qualifier", "=") or "="
        year = getattr(r, "year", None)
        rows.append({
            "geo": r.geo, "series": names.get(r.geo) or _geo_label(r.geo), "value": _round(r.value),
            "group": "Hải Phòng" if r.geo in highlight else "Tỉnh, thành khác",
            "label": chart_bound(r.value, q, decimals),
            "t_value": format_value(r.value, q, decimals, unit_label),
            "t_year": "" if year is None or pd.isna(year) else str(int(year)),
            "t_source": str(getattr(r, "source_id", "") or ""),
        })
    data = pd.DataFrame(rows).sort_values(["value", "series"], ascending=[False, True], kind="stable")
    order = list(data["series"])
    hp_labels = [s for s, g in zip(data["series"], data["geo"]) if g in highlight]
    bold = {"condition": {"test": f"indexof({hp_labels!r}, datum.label) >= 0", "value": "bold"},
            "value": "normal"} if hp_labels else "normal"
    x_axis_title = f"{x_title} ({unit_label})" if unit_label else x_title
    x = alt.X("value:Q", title=x_axis_title, axis=alt.Axis(format=",~f"), scale=alt.Scale(zero=True))
    color = alt.Color("group:N", scale=alt.Scale(domain=["Hải Phòng", "Tỉnh, thành khác"],
                                                  range=[OKABE_ITO[0], NEUTRAL]), legend=None)
    tips = _tooltip(("series", "Địa bàn"), ("t_value", "Giá trị"), ("t_year", "Năm"))
    ref_rows = [{
        "value": _round(r.value), "series": names.get(r.geo) or _geo_label(r.geo),
        "t_value": format_value(r.value, getattr(r, "qualifier", "=") or "=", decimals, unit_label),
        "t_year": "" if pd.isna(getattr(r, "year", None)) else str(int(r.year)),
        "t_source": str(getattr(r, "source_id", "") or ""),
    } for r in refs.itertuples(index=False)]
    for row in ref_rows:
        row["label"] = f"{row['series']}: {chart_bound(row['value'], '=', decimals)}"
    desc = description or (f"Biểu đồ cột ngang: {title}. " + "; ".join(
        f"{s}: {v}" for s, v in zip(data["series"], data["t_value"])) + "."
        + "".join(f" Đường tham chiếu {r['series']}: {r['t_value']}." for r in ref_rows))
    base = alt.Chart(data)

    # Narrow: names in 10 px type (at most 150 px), the plot what is left of NARROW_TOTAL once
    # the names and the value labels right of the bars have their room.
    names_w = min(150.0, max(text_width(n, 10) for n in data["series"]))
    values_w = max(text_width(t) for t in data["label"]) + 4
    narrow_width = max(80, round(NARROW_TOTAL - names_w - values_w - 14))

    def build(narrow: bool) -> alt.LayerChart:
        axis = alt.Axis(labelFontWeight=bold, labelLimit=150 if narrow else 220,
                        labelFontSize=10 if narrow else 11)
        y = alt.Y("series:N", sort=order, title=None, axis=axis)
        layers = [
            base.mark_bar(height={"band": 0.7}).encode(x=x, y=y, color=color, tooltip=tips),
            base.mark_text(align="left", dx=4)
            .encode(x=x, y=y, text=alt.Text("label:N", title="Nhãn"), tooltip=tips),
        ]
        if ref_rows:
            # drawn over the bars as a dashed line, labelled above the plot
            ref = alt.Chart(pd.DataFrame(ref_rows))
            ref_tips = _tooltip(("series", "Tham chiếu"), ("t_value", "Giá trị"), ("t_year", "Năm"))
            layers += [
                ref.mark_rule(strokeDash=[5, 3], color=TARGET_COLOR, strokeWidth=1.5)
                .encode(x=x, tooltip=ref_tips),
                ref.mark_text(align="right", baseline="bottom", dx=4, y=-3, color=TARGET_COLOR,
                              fontSize=LABEL_FONT)
                .encode(x=x, text=alt.Text("label:N", title="Nhãn"), tooltip=ref_tips),
            ]
        chart = alt.layer(*layers)
        return chart.properties(title=wrap_title(title) if narrow else title, description=desc,
                                width=narrow_width if narrow else WIDTH - 120,
                                height=max(60, 26 * len(data)))

    return with_narrow(build(False), build(True))


def progress_chart(df: pd.DataFrame, title: str, description: str | None = None) -> alt.LayerChart:
    """Scorecard dot plot: how far each indicator's latest value is toward its target (100%).

    df: one row per indicator with label (Vietnamese title), group (a contract group id or label),
    latest, target, and optionally direction ("higher"/"lower", default higher), latest_text,
    target_text (shown in the tooltip; default the plain formatted numbers). Progress is
    latest/target (higher is better) or target/latest (lower is better, e.g. a rank) in percent.
    Rows without a latest value are left out.
    """
    rows = []
    for r in df.itertuples(index=False):
        if pd.isna(r.latest) or pd.isna(r.target) or not r.target or not r.latest:
            continue
        lower = (getattr(r, "direction", "higher") or "higher") == "lower"
        pct = (r.target / r.latest if lower else r.latest / r.target) * 100
        rows.append({
            "label": r.label, "group": GROUP_LABELS.get(r.group, r.group), "pct": _round(pct),
            "zero": 0, "t_pct": format_number(pct, 1) + "%",
            "t_latest": getattr(r, "latest_text", None) or format_number(r.latest),
            "t_target": getattr(r, "target_text", None) or format_number(r.target),
        })
    data = pd.DataFrame(rows)
    groups = list(dict.fromkeys(data["group"]))
    y = alt.Y("label:N", sort=list(data["label"]), title=None, axis=alt.Axis(labelLimit=400))
    top = max(120.0, float(data["pct"].max()) + 15)
    # Shares are listed in a column right of the plot, clear of the dots and of the 100% rule.
    width = WIDTH - 200
    data["column"] = round(top * (width + 8) / width, 6)
    x = alt.X("pct:Q", title="Mức đạt so với mục tiêu (%)",
              scale=alt.Scale(domain=[0, top], nice=False),
              axis=alt.Axis(format=",~f", values=list(range(0, int(top) + 1, 20))))
    color = alt.Color("group:N", title="Nhóm chỉ tiêu",
                      scale=alt.Scale(domain=groups, range=OKABE_ITO[:len(groups)]),
                      legend=alt.Legend(orient="bottom", columns=2))
    tips = _tooltip(("label", "Chỉ tiêu"), ("group", "Nhóm"), ("t_latest", "Hiện tại"),
                    ("t_target", "Mục tiêu"), ("t_pct", "Mức đạt"))
    base = alt.Chart(data)
    goal = alt.Chart(pd.DataFrame([{"pct": 100, "t": "Mục tiêu (100%)"}]))
    chart = alt.layer(
        base.mark_rule(color=NEUTRAL, strokeWidth=2)
        .encode(x="zero:Q", x2="pct:Q", y=y, tooltip=tips),
        goal.mark_rule(strokeDash=[6, 4], color=TARGET_COLOR)
        .encode(x=alt.X("pct:Q"), tooltip=_tooltip(("t", "Mốc"))),
        goal.mark_text(align="center", baseline="bottom", y=-4, color=TARGET_COLOR)
        .encode(x=alt.X("pct:Q"), text=alt.Text("t:N", title="Mốc"),
                tooltip=_tooltip(("t", "Mốc"))),
        base.mark_point(filled=True, size=110, opacity=1).encode(x=x, y=y, color=color, tooltip=tips),
        base.mark_text(align="left", baseline="middle")
        .encode(x=alt.X("column:Q"), y=y, text=alt.Text("t_pct:N", title="Mức đạt"), tooltip=tips),
    )
    desc = description or (f"Biểu đồ điểm: {title}. Mức đạt so với mục tiêu: " + "; ".join(
        f"{lab}: {p}" for lab, p in zip(data["label"], data["t_pct"])) + ".")
    return chart.properties(title=title, description=desc, width=width,
                            height=max(60, 28 * len(data)))


# The overview's classes: the colour of the scorecard's status cells (``helpers.present.status_style``, at
# least 4.5:1 on white) and a shape that differs at a glance, so that no class rests on colour alone.
# A filled × (Vega's "cross" is a +, which reads as "met" beside the tables' ⊕ Đạt / × Không đạt).
SALTIRE = "M-1,-0.7L-0.3,0L-1,0.7L-0.7,1L0,0.3L0.7,1L1,0.7L0.3,0L1,-0.7L0.7,-1L0,-0.3L-0.7,-1Z"
STATUS_STYLE = {  # label: (colour, shape)
    "Đạt": (STATUS_COLOURS["met"], "circle"),
    "Không đạt": (STATUS_COLOURS["missed"], SALTIRE),
    "Đúng hướng": (STATUS_COLOURS["on_track"], "triangle-up"),
    "Chậm so với tiến độ cần": (STATUS_COLOURS["off_track"], "triangle-down"),
    "Chưa chắc chắn": (STATUS_COLOURS["uncertain"], "diamond"),
    "Chưa đánh giá được": (STATUS_COLOURS["not_assessable"], "square"),
}


def status_overview(df: pd.DataFrame, title: str) -> alt.LayerChart:
    """Every counted target as one mark, a row per theme: its class drawn with colour and shape
    (``STATUS_STYLE``), in the classes' order, with a legend.

    df: one row per target with theme (label), status (a key of ``STATUS_STYLE``) and target (the
    target in words), in the order to draw them.
    """
    data = df.copy()
    data["x"] = data.groupby("theme").cumcount() + 1
    labels = [s for s in STATUS_STYLE if (data["status"] == s).any()]
    themes = list(dict.fromkeys(data["theme"]))
    counts = data.groupby("theme").size()
    summary = "; ".join(f"{t}: " + ", ".join(f"{n} {s.lower()}" for s, n in
                                             data[data["theme"] == t]["status"].value_counts().items())
                        for t in themes)
    desc = f"Biểu đồ tổng quan: {title}. Mỗi ký hiệu là một mục tiêu. {summary}."
    tips = _tooltip(("target", "Mục tiêu"), ("status", "Đánh giá"))
    top = int(counts.max())

    def build(narrow: bool) -> alt.LayerChart:
        step = 13 if narrow else 18
        legends = Legends(narrow, 18 * len(themes) + 40)
        # wide: the legend right of the plot, so that the figure stays short (the first screen)
        legend = legends(len(labels), title="Đánh giá") if narrow else \
            alt.Legend(orient="right", title="Đánh giá", columns=2)
        color = alt.Color("status:N", title="Đánh giá", scale=alt.Scale(
            domain=labels, range=[STATUS_STYLE[s][0] for s in labels]), legend=legend)
        shape = alt.Shape("status:N", title="Đánh giá", scale=alt.Scale(
            domain=labels, range=[STATUS_STYLE[s][1] for s in labels]), legend=None)
        chart = alt.Chart(data).mark_point(filled=True, size=80 if narrow else 110, opacity=1).encode(
            x=alt.X("x:O", title="Số mục tiêu", axis=None),
            y=alt.Y("theme:N", sort=themes, title=None, axis=alt.Axis(labelLimit=130 if narrow else 220,
                                                                     labelFontSize=10 if narrow else 11)),
            color=color, shape=shape, tooltip=tips)
        return chart.properties(title=wrap_title(title) if narrow else title, description=desc,
                                width=step * top, height=18 * len(themes))

    return with_narrow(alt.layer(build(False)), alt.layer(build(True)))
