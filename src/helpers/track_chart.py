"""The city's track record as a chart: each annual plan or target beside the outcome of its year."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts import HEIGHT, MERGER_LABEL, MERGER_YEAR, TARGET_COLOR, WIDTH, _tooltip
from helpers.tables import format_number

OUTCOME_STYLE = {"met": ("Đạt", "#0072B2", "circle"), "missed": ("Không đạt", "#B24A00", "triangle-down")}
PLAN_LABEL = "Kế hoạch, mục tiêu năm"


def plan_outcome_chart(rows: pd.DataFrame, title: str, y_title: str, unit_label: str = "",
                       decimals: int = 2) -> alt.LayerChart:
    """rows: year, target_value, latest_value, status ("met"/"missed"), latest_text, target_text.
    The plan is a black dash, the outcome a blue circle (met) or an orange triangle (missed),
    joined by a grey line (the gap); the merger is the dashed rule between 2024 and 2025."""
    data = rows.assign(
        outcome=rows["status"].map(lambda s: OUTCOME_STYLE[s][0]), plan=PLAN_LABEL,
        t_gap=[("+" if g > 0 else "−" if g < 0 else "") + format_number(abs(g), decimals) + (f" {unit_label}" if unit_label else "")
               for g in rows["latest_value"] - rows["target_value"]],
    )
    x = alt.X("year:Q", title="Năm", axis=alt.Axis(format="d", values=sorted(data["year"].astype(int))),
              scale=alt.Scale(domain=[float(data["year"].min()) - 0.5, float(data["year"].max()) + 0.5], nice=False))
    tips = _tooltip(("year", "Năm"), ("target_text", "Kế hoạch, mục tiêu"), ("latest_text", "Thực hiện"),
                    ("outcome", "Kết quả"), ("t_gap", "Chênh lệch"))
    labels = [OUTCOME_STYLE[k][0] for k in OUTCOME_STYLE]
    base = alt.Chart(data)
    layers = [
        base.mark_rule(color="#8C8C8C", strokeWidth=1.5).encode(x=x, y="target_value:Q", y2="latest_value:Q", tooltip=tips),
        base.mark_tick(color=TARGET_COLOR, thickness=3, size=22).encode(
            x=x, y=alt.Y("target_value:Q", title=y_title),
            shape=alt.Shape("plan:N", title=None, scale=alt.Scale(domain=[PLAN_LABEL], range=["stroke"]),
                            legend=alt.Legend(orient="bottom", symbolStrokeColor=TARGET_COLOR)),
            tooltip=tips),
        base.mark_point(filled=True, size=110, opacity=1).encode(
            x=x, y="latest_value:Q",
            color=alt.Color("outcome:N", title="Thực hiện", scale=alt.Scale(domain=labels, range=[OUTCOME_STYLE[k][1] for k in OUTCOME_STYLE])),
            shape=alt.Shape("outcome:N", title="Thực hiện", scale=alt.Scale(domain=labels, range=[OUTCOME_STYLE[k][2] for k in OUTCOME_STYLE])),
            tooltip=tips),
    ]
    if data["year"].min() < MERGER_YEAR <= data["year"].max():
        rule = alt.Chart(pd.DataFrame([{"year": MERGER_YEAR - 0.5, "event": MERGER_LABEL}]))
        etips = _tooltip(("event", "Sự kiện"))
        layers += [rule.mark_rule(strokeDash=[6, 4], color="#555555", strokeWidth=1.5).encode(x=x, tooltip=etips),
                   rule.mark_text(align="right", baseline="top", dx=-4, y=4, color="#555555", fontSize=10)
                   .encode(x=x, text=alt.Text("event:N", title="Sự kiện"), tooltip=etips)]
    met = int((data["status"] == "met").sum())
    desc = (f"{title}. Đạt {met}/{len(data)}: " + "; ".join(
        f"{int(r.year)}: kế hoạch {r.target_text}, thực hiện {r.latest_text} ({r.outcome.lower()})"
        for r in data.itertuples(index=False)) + ".")
    return alt.layer(*layers).resolve_scale(shape="independent").properties(
        title=title, description=desc, width=WIDTH, height=HEIGHT)
