"""Charts: what the reader sees, checked on vl-convert's scenegraph and SVG."""

from __future__ import annotations

import time

import pandas as pd
import pytest
import vl_convert as vlc

from helpers.present import charts
from helpers.present.display import VL_VERSION, chart_bundle, register_fonts, svg_from_spec, vegalite_spec

SVG = "image/svg+xml"


def rows(*recs):
    cols = ("year", "value", "qualifier", "kind", "geo")
    return pd.DataFrame([dict(zip(cols, r)) for r in recs])


def five_g():
    """Base stations: two boundaries, an estimate, a lower bound and a 2026 target."""
    return rows(
        (2023, 700, "=", "actual", "hai_phong"),
        (2024, 1000, "~", "estimate", "hai_phong"),
        (2025, 1329, "~", "actual", "hai_phong_merged"),
        (2026, 2000, ">", "target", "hai_phong_merged"),
    )


def scene(chart):
    register_fonts()  # measured with the shipped fonts, whichever test runs first
    return vlc.vegalite_to_scenegraph(vegalite_spec(chart), vl_version=VL_VERSION)


def marks(node, out=None):
    """Every mark node of a scenegraph, in drawing order."""
    out = [] if out is None else out
    if isinstance(node, dict):
        if "marktype" in node:
            out.append(node)
        for v in node.values():
            marks(v, out)
    elif isinstance(node, list):
        for v in node:
            marks(v, out)
    return out


def data_marks(sg, marktype):
    return [m for m in marks(sg) if m["marktype"] == marktype and m.get("role") == "mark"]


def texts(sg):
    return [it.get("text") for m in marks(sg) if m["marktype"] == "text" for it in m.get("items", [])]


def test_trend_svg_has_vietnamese_numbers_and_title():
    svg = chart_bundle(charts.trend_chart(five_g(), "Trạm phát sóng 5G", "Số trạm", "trạm"))[SVG]
    assert "Trạm phát sóng 5G" in svg
    assert ">~1.329<" in svg                       # last-value label, Vietnamese grouping
    assert ">1.400<" in svg                        # y axis tick label (",~f" with the vi locale)
    assert "Mục tiêu 2026: &gt; 2.000 trạm" in svg  # target label keeps "more than"
    assert "1,329" not in svg and "1,400" not in svg


def test_decimal_comma_in_svg():
    pii = rows((2024, 55.5, "=", "actual", "hai_phong"), (2025, 58.09, "=", "actual", "hai_phong_merged"))
    svg = chart_bundle(charts.trend_chart(pii, "Chỉ số PII", "Điểm", "điểm"))[SVG]
    assert ">58,09<" in svg and "58.09" not in svg


def test_lower_bound_point_is_a_triangle_up_with_hon_tooltip():
    df = rows((2024, 350, "=", "actual", "hai_phong"), (2025, 390, ">", "actual", "hai_phong"))
    chart = charts.trend_chart(df, "Tiến sĩ", "Số người", "người")
    symbols = [it for m in data_marks(scene(chart), "symbol") for it in m["items"]]
    shapes = sorted(it["shape"] for it in symbols)
    assert shapes == ["circle", "triangle-up"]
    lower = next(it for it in symbols if it["shape"] == "triangle-up")
    assert "hơn 390 người" in lower["description"]      # aria text mirrors the tooltip
    upper = next(it for it in symbols if it["shape"] == "circle")
    assert lower["y"] < upper["y"]                      # 390 drawn above 350


def test_estimate_is_hollow_and_actual_filled():
    chart = charts.trend_chart(five_g(), "Trạm 5G", "Số trạm")
    symbols = {round(it["x"]): it for m in data_marks(scene(chart), "symbol") for it in m["items"]
               if it.get("shape") == "circle"}
    fills = [symbols[x]["fill"] for x in sorted(symbols)]
    assert fills == ["#0072B2", "white", "white"]      # 2023 actual, 2024 estimate, 2025 "~"


def test_merger_gives_two_line_segments_and_a_break_rule():
    sg = scene(charts.trend_chart(five_g(), "Trạm 5G", "Số trạm"))
    lines = data_marks(sg, "line")
    assert len(lines) == 2                               # one line per boundary
    spans = sorted((min(i["x"] for i in m["items"]), max(i["x"] for i in m["items"])) for m in lines)
    assert spans[0][1] < spans[1][0]                     # the lines do not touch
    assert {len(m["items"]) for m in lines} == {2, 1}
    rules = [it for m in data_marks(sg, "rule") for it in m["items"]]
    assert len(rules) == 1 and rules[0]["strokeDash"] == [6, 4]
    x2025 = [it["x"] for m in data_marks(sg, "symbol") for it in m["items"]
             if "2025" in it.get("description", "") and it.get("shape") == "circle"]
    x2024 = [it["x"] for m in data_marks(sg, "symbol") for it in m["items"]
             if "2024" in it.get("description", "")]
    # between the 2024 and 2025 points, never on them
    assert rules[0]["x"] == pytest.approx((x2024[0] + x2025[0]) / 2)
    assert "Hợp nhất với Hải Dương (1/7/2025)" in texts(sg)


def test_merger_rule_is_behind_the_data_and_has_no_tooltip():
    """Hovering a 2025 point shows its value: the rule is drawn first and answers no hover."""
    chart = charts.trend_chart(five_g(), "Trạm 5G", "Số trạm")
    spec = chart.to_dict()
    first = spec["layer"][0]
    assert first["mark"]["type"] == "rule" and "tooltip" not in first["encoding"]
    label = spec["layer"][1]
    assert label["mark"]["type"] == "text" and "tooltip" not in label["encoding"]
    assert all("tooltip" in layer["encoding"] for layer in spec["layer"][2:5])   # the data


def test_no_break_rule_for_years_before_the_merger():
    df = rows((2023, 1, "=", "actual", "hai_phong"), (2024, 2, "=", "actual", "hai_phong"))
    sg = scene(charts.trend_chart(df, "T", "Y"))
    assert data_marks(sg, "rule") == []
    assert len(data_marks(sg, "line")) == 1


def test_break_rule_when_only_the_targets_cross_the_merger():
    # Hình 8's case: actuals of the old city, a target of the merged city in 2026
    df = rows((2022, 1, "=", "actual", "hai_phong"), (2023, 2, "=", "actual", "hai_phong"),
              (2026, 3, ">", "target", "hai_phong_merged"))
    sg = scene(charts.trend_chart(df, "T", "Y"))
    rules = [it for m in data_marks(sg, "rule") for it in m["items"]]
    assert len(rules) == 1 and rules[0]["strokeDash"] == [6, 4]
    assert "Hợp nhất với Hải Dương (1/7/2025)" in texts(sg)


def test_projection_band_and_tooltip_text():
    proj = pd.DataFrame({"year": [2026, 2027], "mean": [1500.0, 1700.04], "lo80": [1400.0, 1500.0],
                         "hi80": [1600.0, 1900.0], "lo95": [1300.0, 1400.0], "hi95": [1700.0, 2000.0]})
    chart = charts.trend_chart(five_g(), "Trạm 5G", "Số trạm", "trạm", projection=proj)
    areas = data_marks(scene(chart), "area")
    assert len(areas) == 2
    # the bands have a legend entry each, in the colours drawn
    assert {"Khoảng 95%", "Khoảng 80%", "Khoảng dự báo"} <= set(texts(scene(chart)))
    assert sorted(it["fill"] for m in areas for it in m["items"][:1]) == ["#B8D8E9", "#E0EEF6"]
    spec = vegalite_spec(chart)
    values = [r for d in spec["datasets"].values() for r in d if "t_95" in r]
    assert values[0]["t_80"] == "1.400 – 1.600 trạm"
    assert values[1]["t_value"] == "khoảng 1.700 trạm"


def test_rank_chart_puts_rank_one_on_top():
    df = rows((2023, 8, "=", "actual", "hai_phong"), (2024, 4, "=", "actual", "hai_phong"),
              (2026, 5, "<=", "target", "hai_phong_merged"))
    chart = charts.rank_chart(df, "Xếp hạng PII", "Thứ hạng")
    pts = {it["description"].split("Năm: ")[1][:4]: it["y"]
           for m in data_marks(scene(chart), "symbol") for it in m["items"] if it["shape"] == "circle"}
    assert pts["2024"] < pts["2023"]                    # rank 4 above rank 8
    assert "Mục tiêu 2026: nhóm 5 dẫn đầu" in texts(scene(chart))  # no "≤" glyph in Noto Sans


def test_bar_compare_highlights_hai_phong_and_sorts():
    df = pd.DataFrame({"geo": ["da_nang", "hai_phong_merged", "ha_noi"], "value": [55.0, 58.09, 60.5],
                       "qualifier": ["=", "=", ">"], "year": [2025, 2025, 2025]})
    sg = scene(charts.bar_compare(df, "Điểm PII 2025", "Điểm", "điểm"))
    bars = sorted(data_marks(sg, "rect")[0]["items"], key=lambda it: it["y"])
    assert [b["fill"] for b in bars] == [charts.NEUTRAL, charts.OKABE_ITO[0], charts.NEUTRAL]
    assert bars[0]["width"] > bars[1]["width"] > bars[2]["width"]
    assert {"> 60,5", "58,09", "55"} <= set(texts(sg))


def test_progress_chart_computes_share_of_target():
    df = pd.DataFrame({"label": ["Kinh tế số", "Xếp hạng PII"], "group": ["digital", "innovation"],
                       "latest": [20.0, 4], "target": [31.0, 5], "direction": ["higher", "lower"]})
    sg = scene(charts.progress_chart(df, "Tiến độ 2026"))
    assert {"64,5%", "125,0%", "Mục tiêu (100%)"} <= set(texts(sg))
    legend = [t for t in texts(sg) if t in charts.GROUP_LABELS.values()]
    assert legend == ["Chuyển đổi số", "Đổi mới sáng tạo"]


def all_charts():
    proj = pd.DataFrame({"year": [2026], "mean": [1.0], "lo80": [0.5], "hi80": [1.5], "lo95": [0.2],
                         "hi95": [1.8]})
    return [
        charts.trend_chart(five_g(), "Xu hướng", "Giá trị", "trạm", projection=proj),
        charts.rank_chart(rows((2024, 4, "=", "actual", "hai_phong")), "Hạng", "Hạng"),
        charts.bar_compare(pd.DataFrame({"geo": ["ha_noi", "hai_phong"], "value": [1.0, 2.0]}), "So sánh", "Giá trị"),
        charts.progress_chart(pd.DataFrame({"label": ["A"], "group": ["st"], "latest": [1], "target": [2]}), "Tiến độ"),
    ]


@pytest.mark.parametrize("chart", all_charts(), ids=["trend", "rank", "bar", "progress"])
def test_every_chart_has_title_description_tooltips_and_v5_spec(chart):
    spec = vegalite_spec(chart)
    assert spec["title"] and spec["description"].startswith("Biểu đồ")
    for layer in spec["layer"]:
        if layer["encoding"].get("text", {}).get("field") == "event" or layer["mark"]["type"] == "rule" \
                and layer["encoding"]["x"]["field"] == "year":
            continue   # the merger rule and its label: annotations with no tooltip of their own
        tips = layer["encoding"]["tooltip"]
        assert tips and all(t["title"] and t["type"] == "nominal" for t in tips)
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["font"] == "Noto Sans"
    for version in ("5.8", VL_VERSION):   # JupyterLab 4.6 runs Vega-Lite 5.6
        assert vlc.vegalite_to_vega(spec, vl_version=version)["marks"]


def test_render_time_after_first_call():
    df = rows(*[(2010 + i, 100 + 7.5 * i, "=", "actual", "hai_phong") for i in range(16)])
    chart_bundle(charts.trend_chart(df, "Khởi động", "Y"))
    start = time.perf_counter()
    chart_bundle(charts.trend_chart(df, "Đo thời gian", "Y"))
    assert time.perf_counter() - start < 0.5


# --- Label layout: no label overlaps another label, a line, a point or the merger rule.

def test_dodge_pushes_close_labels_apart_around_their_mean():
    assert charts.dodge([100.0, 103.0], 14, 0, 300) == [94.5, 108.5]   # centred on 100 and 103
    assert charts.dodge([103.0, 100.0], 14, 0, 300) == [108.5, 94.5]   # input order kept
    assert charts.dodge([50.0, 200.0], 14, 0, 300) == [50.0, 200.0]    # far apart: untouched


def test_dodge_keeps_labels_inside_and_in_order():
    assert charts.dodge([5.0, 6.0], 14, 7, 293) == [7.0, 21.0]          # pushed down from the top
    assert charts.dodge([292.0, 290.0, 291.0], 14, 7, 293) == [293.0, 265.0, 279.0]
    ys = charts.dodge([60.0, 61.0, 61.5, 62.0, 150.0], 14, 7, 293)
    ordered = sorted(ys)
    assert ys == ordered and all(b - a >= 14 for a, b in zip(ordered, ordered[1:]))


def test_end_labels_of_close_values_get_separate_places():
    frame = charts.Frame((2022.5, 2025.5), (46, 70), 560, 300)
    pts = [(frame.px(2025), frame.py(v), t) for v, t in ((58.09, "58,09"), (58.41, "58,41"))]
    obstacles = [(x - 7, y - 7, x + 7, y + 7) for x, y, _ in pts]
    spots = charts.place_end_labels(pts, frame, list(obstacles))
    assert None not in spots
    (x1, y1, _), (x2, y2, _) = spots
    assert x1 == x2 == pytest.approx(frame.px(2025) + 9)
    assert y1 - y2 >= charts.LABEL_HEIGHT                             # 58,09 below 58,41


def test_end_label_moves_off_a_mark_in_its_way_or_is_left_out():
    frame = charts.Frame((2023.5, 2026.5), (0, 100), 300, 300)
    x, y = frame.px(2025), frame.py(50)
    blocker = (x + 5, y - 10, x + 40, y + 10)                          # something right of the point
    spot = charts.place_end_labels([(x, y, "50")], frame, [blocker])[0]
    assert spot == (x - 6, y - 15, "right")                            # above, to the left
    walled = [(0, 0, 300, y - 8), (0, y + 8, 300, 300), blocker, (x - 40, y - 10, x - 5, y + 10)]
    assert charts.place_end_labels([(x, y, "50")], frame, walled) == [None]


def _text_boxes(sg):
    boxes = []
    for m in data_marks(sg, "text"):
        for it in m["items"]:
            w, h = charts.text_width(it["text"], it["fontSize"]), it["fontSize"] + 2
            left = it["x"] - {"left": 0, "center": w / 2, "right": w}[it["align"]]
            top = it["y"] - {"top": 0, "middle": h / 2, "bottom": h}[it["baseline"]]
            boxes.append((it["text"], (left, top, left + w, top + h)))
    return boxes


def _drawn_boxes(sg):
    """Boxes around every point, line segment and rule of the plot."""
    boxes = []
    for m in data_marks(sg, "symbol"):
        for it in m["items"]:
            r = it["size"] ** 0.5 / 2
            boxes.append((it["x"] - r, it["y"] - r, it["x"] + r, it["y"] + r))
    for m in data_marks(sg, "line"):
        pts = [(it["x"], it["y"]) for it in m["items"]]
        for p, q in zip(pts, pts[1:]):
            boxes += charts._segment_boxes(p, q, 1.5)
    for m in data_marks(sg, "rule"):
        for it in m["items"]:
            x2, y2 = it.get("x2", it["x"]), it.get("y2", it["y"])  # vertical or horizontal
            boxes.append((min(it["x"], x2) - 1, min(it["y"], y2) - 1, max(it["x"], x2) + 1,
                          max(it["y"], y2) + 1))
    return boxes


def assert_labels_clear(chart):
    sg = scene(chart)
    labels, drawn = _text_boxes(sg), _drawn_boxes(sg)
    for i, (text, box) in enumerate(labels):
        for other, obox in labels[i + 1:]:
            assert not charts.overlaps(box, obox), (text, other)
        assert not any(charts.overlaps(box, d) for d in drawn), text
    return [t for t, _ in labels]


def test_pii_leaders_end_labels_do_not_collide():
    df = rows((2023, 62.9, "=", "actual", "ha_noi"), (2025, 65.68, "=", "actual", "ha_noi"),
              (2023, 55.9, "=", "actual", "ho_chi_minh"), (2025, 59.33, "=", "actual", "ho_chi_minh"),
              (2023, 48.1, "=", "actual", "quang_ninh"), (2025, 58.41, "=", "actual", "quang_ninh"),
              (2023, 52.32, "=", "actual", "hai_phong"), (2025, 58.09, "=", "actual", "hai_phong_merged"))
    shown = assert_labels_clear(charts.trend_chart(df, "PII", "Điểm", "điểm", decimals=2))
    assert {"65,68", "59,33", "58,41", "58,09", "52,32", charts.MERGER_LABEL} <= set(shown)


def test_revenue_targets_projection_and_merger_labels_do_not_collide():
    chart = revenue_chart()
    shown = assert_labels_clear(chart)
    assert {"Kế hoạch 2026: > 194.935 tỷ đồng", "Kế hoạch 2025: > 118.079 tỷ đồng",
            "Mục tiêu 2025: > 129.519 tỷ đồng", charts.MERGER_LABEL} <= set(shown)
    assert len(data_marks(scene(chart), "area")) == 2                  # the projection band stays


def test_rank_target_and_scorecard_labels_do_not_collide():
    df = rows((2023, 3, "=", "actual", "hai_phong"), (2024, 3, "=", "actual", "hai_phong"),
              (2025, 4, "=", "actual", "hai_phong_merged"), (2026, 5, "<=", "target", "hai_phong_merged"))
    assert "Mục tiêu 2026: nhóm 5 dẫn đầu" in assert_labels_clear(charts.rank_chart(df, "Hạng PII"))
    card = pd.DataFrame({"label": ["A", "B", "C"], "group": ["digital", "st", "fiscal"],
                         "latest": [29.7, 100.6, 95.8], "target": [31.0, 100.0, 100.0]})
    assert {"95,8%", "100,6%", "Mục tiêu (100%)"} <= set(assert_labels_clear(
        charts.progress_chart(card, "Tiến độ")))


def narrow(chart) -> dict:
    spec = charts.narrow_layout(chart)
    assert spec is not None, "every builder carries a narrow layout"
    return spec


def drawn_width(spec: dict) -> float:
    import re
    svg = svg_from_spec(vegalite_spec(spec))  # the shipped fonts, as the page draws them
    return float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))


def revenue_chart():
    df = rows((2022, 108675, "~", "estimate", "hai_phong"), (2023, 103800, "=", "actual", "hai_phong"),
              (2024, 118255, "~", "estimate", "hai_phong"),
              (2025, 196151, "~", "estimate", "hai_phong_merged"),
              (2025, 118079, ">", "plan", "hai_phong"), (2025, 129519, ">", "target", "hai_phong"),
              (2026, 194935, ">", "plan", "hai_phong_merged"))
    proj = pd.DataFrame({"year": [2024, 2025], "mean": [118255.3, 127285.9],
                         "lo80": [118255.3, 113468.0], "hi80": [118255.3, 142787.0],
                         "lo95": [118255.3, 101812.0], "hi95": [118255.3, 159133.0]})
    return charts.trend_chart(df, "Thu ngân sách nhà nước trên địa bàn", "Thu ngân sách", "tỷ đồng",
                              projection=proj, decimals=0)


def test_narrow_layout_fits_a_phone_and_keeps_every_label_clear():
    five = rows((2023, 62.9, "=", "actual", "ha_noi"), (2025, 65.68, "=", "actual", "ha_noi"),
                (2023, 55.9, "=", "actual", "ho_chi_minh"), (2025, 59.33, "=", "actual", "ho_chi_minh"),
                (2023, 48.1, "=", "actual", "quang_ninh"), (2025, 58.41, "=", "actual", "quang_ninh"),
                (2023, 52.32, "=", "actual", "hai_phong"), (2025, 58.09, "=", "actual", "hai_phong_merged"))
    rank = rows((2023, 3, "=", "actual", "hai_phong"), (2024, 3, "=", "actual", "hai_phong"),
                (2025, 4, "=", "actual", "hai_phong_merged"), (2026, 5, "<=", "target", "hai_phong_merged"))
    bars = pd.DataFrame({"geo": ["ha_noi", "viet_nam", "hue", "hai_phong_merged"],
                         "value": [0.8241, 0.7955, 0.7951, 0.7857]})
    # Long names, long value labels, a long target and a 7-digit axis: still within the phone.
    long_bars = pd.DataFrame({"geo": ["ba_ria_vung_tau", "hai_phong_merged", "ho_chi_minh"],
                              "value": [194935.0, 187766.6, 99.0], "qualifier": [">", "=", "="]})
    long_target = rows((2023, 103800, "=", "actual", "hai_phong"), (2025, 187766.6, "=", "actual", "hai_phong_merged"),
                       (2030, 3000000, ">=", "target", "hai_phong_merged"),
                       (2026, 194935, ">", "plan", "hai_phong_merged"), (2027, 250000, ">", "plan", "hai_phong_merged"))
    built = {"revenue": revenue_chart(),
             "leaders": charts.trend_chart(five, "Điểm PII: Hải Phòng và các địa phương dẫn đầu",
                                           "Điểm PII", "điểm", decimals=2),
             "rank": charts.rank_chart(rank, "Thứ hạng PII của Hải Phòng"),
             "bars": charts.bar_compare(bars, "Điểm DTI năm 2024", "Điểm DTI", decimals=4),
             "long bars": charts.bar_compare(long_bars, "Thu ngân sách", "Thu", "tỷ đồng", decimals=1),
             "long target": charts.trend_chart(long_target, "Thu ngân sách nhà nước trên địa bàn Hải Phòng",
                                               "Thu ngân sách", "tỷ đồng", decimals=0)}
    for name, chart in built.items():
        wide, small = drawn_width(chart), drawn_width(narrow(chart))
        assert small <= charts.NARROW_TOTAL < wide, (name, small, wide)
    shown = assert_labels_clear(narrow(built["revenue"]))
    assert {"Kế hoạch 2026: > 194.935 tỷ đồng", "Kế hoạch 2025: > 118.079 tỷ đồng",
            "Mục tiêu 2025: > 129.519 tỷ đồng", charts.MERGER_LABEL, "~118.255"} <= set(shown)
    assert {"65,68", "52,32", charts.MERGER_LABEL} <= set(assert_labels_clear(narrow(built["leaders"])))
    assert "Mục tiêu 2026: nhóm 5 dẫn đầu" in assert_labels_clear(narrow(built["rank"]))
    # A target label wider than the plot takes two lines ("Mục tiêu 2030:" above its value).
    shown = assert_labels_clear(narrow(built["long target"]))
    assert {"Mục tiêu 2030:", "tối thiểu 3.000.000 tỷ đồng", "Kế hoạch 2026: > 194.935 tỷ đồng"} <= set(shown)


def test_narrow_legends_stand_one_below_the_other_and_below_the_axis():
    sg = scene(narrow(revenue_chart()))
    legends = [m for m in marks(sg) if m.get("role") == "legend"]
    boxes = sorted((it["y"], it["y"] + it["height"]) for m in legends for it in m["items"])
    assert len(boxes) == 3                                  # places, markers, forecast bands
    assert all(a[1] <= b[0] for a, b in zip(boxes, boxes[1:]))  # no two share a line
    axis = next(it for m in marks(sg) if m.get("role") == "axis" for it in m["items"]
                if it.get("orient") == "bottom")
    title = next(t for m in marks(axis) if m.get("role") == "axis-title" for t in m["items"])
    assert axis["y"] + title["y"] + title["fontSize"] <= boxes[0][0]  # "Năm" ends above the legends


def test_narrow_year_labels_never_touch():
    df = rows(*[(y, 10 + y % 7, "=", "actual", "hai_phong") for y in range(2015, 2025)],
              (2030, 20, ">", "target", "hai_phong"))
    sg = scene(narrow(charts.trend_chart(df, "Mười năm", "Giá trị", "%")))
    axis = next(it for m in marks(sg) if m.get("role") == "axis" for it in m["items"]
                if it.get("orient") == "bottom")
    shown = sorted(it["x"] for m in marks(axis) if m.get("role") == "axis-label"
                   for it in m["items"] if it.get("opacity", 1) > 0)
    assert 3 <= len(shown) < 11                              # crowded labels were left out
    assert all(b - a >= charts.text_width("2020") + 2 for a, b in zip(shown, shown[1:]))


def test_narrow_title_wraps_into_even_lines():
    assert charts.wrap_title("Điểm DTI năm 2024") == "Điểm DTI năm 2024"
    lines = charts.wrap_title("Điểm PII: Hải Phòng và các địa phương dẫn đầu")
    assert lines == ["Điểm PII: Hải Phòng và", "các địa phương dẫn đầu"]
    assert all(charts.text_width(t, 15) * 1.05 <= charts.NARROW_TOTAL for t in lines)
    # A place name is never split across lines.
    assert charts.wrap_title("Thứ hạng PII của Hải Phòng trong cả nước") == [
        "Thứ hạng PII của", "Hải Phòng trong cả nước"]


def test_hai_phong_is_the_emphasised_series_among_peers():
    df = rows((2023, 52.3, "=", "actual", "hai_phong"), (2024, 55.0, "=", "actual", "hai_phong"),
              (2023, 62.9, "=", "actual", "ha_noi"), (2024, 60.8, "=", "actual", "ha_noi"),
              (2023, 55.9, "=", "actual", "ho_chi_minh"), (2024, 57.0, "=", "actual", "ho_chi_minh"))
    sg = scene(charts.trend_chart(df, "PII", "Điểm"))
    widths = {it["stroke"]: it["strokeWidth"] for m in data_marks(sg, "line") for it in m["items"]}
    assert widths[charts.PALETTE[0]] == 3.5                       # Hai Phong, blue
    assert set(w for c, w in widths.items() if c != charts.PALETTE[0]) == {1.5}
    sizes = {it["fill"]: it["size"] for m in data_marks(sg, "symbol") for it in m["items"]}
    assert sizes[charts.PALETTE[0]] > max(s for c, s in sizes.items() if c != charts.PALETTE[0])


def test_a_national_value_is_a_reference_line_not_a_bar():
    df = pd.DataFrame({"geo": ["ha_noi", "hue", "hai_phong", "viet_nam"], "value": [0.8241, 0.7951, 0.7857, 0.7955],
                       "year": [2024] * 4})
    chart = charts.bar_compare(df, "DTI 2024", "Điểm DTI", names={"viet_nam": "Cấp quốc gia"},
                               reference=["viet_nam"])
    sg = scene(chart)
    bars = [it for m in data_marks(sg, "rect") for it in m["items"]]
    assert len(bars) == 3                                          # the provinces only
    rules = [it for m in data_marks(sg, "rule") for it in m["items"]]
    assert len(rules) == 1 and rules[0]["strokeDash"] == [5, 3]
    hp = next(b for b in bars if b["fill"] == charts.PALETTE[0])
    assert hp["x2"] < rules[0]["x"] < max(b["x2"] for b in bars)  # between Hai Phong and Ha Noi
    assert "Cấp quốc gia: 0,7955" in texts(sg)
    assert "Đường tham chiếu Cấp quốc gia: 0,7955." in chart.to_dict()["description"]


def test_projection_tooltips_show_no_empty_interval():
    df = rows((2022, 100, "=", "actual", "hai_phong"), (2023, 110, "=", "actual", "hai_phong"))
    proj = pd.DataFrame({"year": [2023, 2024], "mean": [110.0, 121.0], "lo80": [110.0, 115.0],
                         "hi80": [110.0, 127.0], "lo95": [110.0, 112.0], "hi95": [110.0, 130.0]})
    spec = vegalite_spec(charts.trend_chart(df, "T", "Y", "tỷ đồng", projection=proj))
    tips = [r for rows_ in spec["datasets"].values() for r in rows_ if "t_80" in r]
    assert [r["t_80"] for r in tips] == ["110 tỷ đồng", "115 – 127 tỷ đồng"]
    assert [r["t_95"] for r in tips] == ["110 tỷ đồng", "112 – 130 tỷ đồng"]


def test_committed_chart_tooltips_are_formatted_and_never_empty_intervals():
    """Every tooltip text of every chart the notebooks show: Vietnamese number formats (no run of
    four digits but a year, no more than four decimals: an index such as 0,7857) and no interval
    from a value to itself."""
    import json
    import re
    from pathlib import Path

    from helpers import PROJECT_ROOT

    checked = 0
    for path in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(Path(path).read_text(encoding="utf-8"))["cells"]:
            for out in cell.get("outputs", []):
                spec = out.get("data", {}).get("application/vnd.vegalite.v5+json")
                for rows_ in (spec or {}).get("datasets", {}).values():
                    for r in rows_:
                        for key, text in r.items():
                            if not (key.startswith("t_") and key not in ("t_year", "t_source")
                                    and isinstance(text, str)):
                                continue
                            checked += 1
                            assert not re.search(r"(?<![\d.,])\d{4,}(?![\d])", text.replace("%", "")) \
                                or re.fullmatch(r"(19|20)\d\d", text), (path.name, key, text)
                            assert not re.search(r",\d{5,}", text), (path.name, key, text)
                            m = re.fullmatch(r"(.+) – (.+?)( [^\d]+)?", text)
                            assert not (m and m.group(1) == m.group(2)), (path.name, key, text)
    assert checked > 100


def test_marker_states_kind_and_qualifier_each_truthfully():
    """GRDP 2022 (12,32%) and 2023 (10,34%) are estimates given as exact numbers (qualifier
    "="): "Ước tính", never "khoảng"; "khoảng" only marks qualifier "~"."""
    from helpers.data.loader import load_dataset

    grdp = load_dataset().series("grdp_growth", "hai_phong")
    obs = charts._observed_rows(grdp, 2, "%").set_index("year")
    assert obs.at[2022, "t_value"] == "12,32%" and obs.at[2022, "marker"] == "Ước tính"
    assert obs.at[2023, "t_value"] == "10,34%" and obs.at[2023, "marker"] == "Ước tính"
    assert all("khoảng" not in m for m in obs["marker"] if m != charts.MARK_ESTIMATE_APPROX)
    five = charts._observed_rows(five_g(), None, "trạm").set_index("year")
    assert five.at[2023, "marker"] == "Số liệu công bố"
    assert five.at[2024, "marker"] == "Ước tính, khoảng"      # estimate and "~"
    assert five.at[2025, "marker"] == "Số khoảng (xấp xỉ)"    # actual and "~"
    # Every one of them is hollow on the chart and in the legend.
    spec = vegalite_spec(charts.trend_chart(five_g(), "Trạm phát sóng 5G", "Số trạm", "trạm"))
    assert "'Ước tính', 'Số khoảng (xấp xỉ)', 'Ước tính, khoảng'" in str(spec)
