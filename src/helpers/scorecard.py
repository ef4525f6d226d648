"""The scorecard: every 2026 and 2030 target of Hai Phong, assessed against the matching series.

Which targets
-------------
Preferred rows of kind target or plan for 2026 and 2030 with geo ``hai_phong_merged`` or
``hai_phong``, plus the national (``viet_nam``) 2030 targets of indicators for which Hai Phong
has observed figures (the city's series is then read against the national target).

Which series (the 1 July 2025 merger)
-------------------------------------
A target of the pre-merger city (``hai_phong``) is read against the pre-merger series. A target
of the merged city (or a national one) is read against:

1. the merged series when its latest value already meets the target (achieved is judged on the
   latest value, whatever the trend), or when it has at least two points;
2. otherwise, for intensive units only (percent, growth rate, points, index, rank: figures that
   do not scale with the size of the territory), the pre-merger series, with a visible note;
3. otherwise the merged series as it is (one point or none: insufficient data). Amounts and
   counts of the smaller pre-merger city are never compared with a merged-city target; the
   note says so.

Probability
-----------
From ``project_series`` (its chosen model) when the series has at least three points and the
target year is after the last one; otherwise blank, with the reason. A "~" (about) target is
assessed as "=".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.contract import GEOS
from helpers.figure_text import percent_text, target_text, unit_label, value_text
from helpers.loader import Dataset
from helpers.progress import ProgressResult, Target, achievement, assess_progress
from helpers.projections import InsufficientDataError, ProjectionReport, project_series
from helpers.tables import MISSING, format_number

SCORECARD_YEARS = (2026, 2030)
CITY_GEOS = ("hai_phong_merged", "hai_phong")
MERGED, PRE_MERGER, NATIONAL = "hai_phong_merged", "hai_phong", "viet_nam"
# Units whose values do not grow with the territory: a pre-merger series may stand in for the
# merged city's, with a note. Amounts (billion VND) and counts never do.
INTENSIVE_UNITS = ("percent", "percent_change", "points", "index", "rank")
MIN_PROJECTION_POINTS = 3
# A latest value within 0.1 % of the target that rounds to it at the target's precision is
# flagged as (almost) reached, e.g. DTI 0,7857 against a target of 0,786.
NEAR_TARGET = 0.001

# Caveats specific to one indicator, shown with its evidence (Vietnamese, for readers).
INDICATOR_NOTES_VI = {
    "state_budget_revenue": "Chỉ tiêu theo năm: mục tiêu là số thu của riêng năm đó; số thu các năm trước chỉ cho biết xu hướng.",
    "pii_rank": "Năm 2023–2024 xếp hạng trong 63 tỉnh, thành; năm 2025 trong 34 tỉnh, thành sau sắp xếp.",
    "dti_rank": "Năm 2020–2023 xếp hạng trong 63 tỉnh, thành; bản 2024 trong 34 tỉnh, thành.",
}

COLUMNS = [
    "indicator", "title_vi", "group", "unit", "direction", "target_geo", "target_geo_vi", "kind",
    "policy", "target_year", "target_value", "target_qualifier", "target", "series_geo",
    "baseline_year", "baseline", "latest_year", "latest_value", "latest", "required_growth",
    "actual_growth", "ratio", "category_code", "category", "probability_value", "probability",
    "probability_note", "probability_text", "model", "evidence", "sources",
]
MODEL_SHORT_VI = {"ols_log": "OLS trên log", "wls_log": "WLS trên log", "ols_linear": "OLS",
                  "wls_linear": "WLS", "holt_damped": "Holt tắt dần"}


@dataclass(frozen=True)
class SeriesChoice:
    """The observed rows a target is read against and why."""

    geo: str | None
    rows: pd.DataFrame
    note_vi: str
    same_boundary: bool  # the series is on the target's boundary (or an intensive stand-in)


def scorecard_targets(ds: Dataset, years=SCORECARD_YEARS) -> pd.DataFrame:
    """Preferred 2026/2030 target and plan rows of the city, and national 2030 targets the
    city's series can be read against."""
    t = ds.targets()
    t = t[t["year"].isin(list(years))]
    city = t[t["geo"].isin(CITY_GEOS)]
    observed = ds.preferred()
    observed = observed[observed["kind"].isin(["actual", "estimate"]) & observed["geo"].isin(CITY_GEOS)]
    national = t[(t["geo"] == NATIONAL) & (t["year"] == 2030) & t["indicator"].isin(set(observed["indicator"]))]
    out = pd.concat([city, national], ignore_index=True)
    geo_order = {MERGED: 0, PRE_MERGER: 1, NATIONAL: 2}
    out = out.assign(_g=out["geo"].map(geo_order))
    return out.sort_values(["year", "indicator", "_g"], kind="stable").drop(columns="_g").reset_index(drop=True)


def _target(row) -> Target:
    q = "=" if row.qualifier == "~" else row.qualifier
    return Target(float(row.value), q, int(row.year))


def _stated_decimals(x: float) -> int:
    """Decimals a number was written with: 0.786 -> 3, 31.0 -> 0."""
    text = repr(float(x)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def _points(rows: pd.DataFrame, unit: str) -> str:
    """"2023: 63; 2024: khoảng 70" for a few observed rows."""
    return "; ".join(f"{int(r.year)}: {value_text(r.value, r.qualifier, unit)}" for r in rows.itertuples())


def _span(rows: pd.DataFrame) -> str:
    years = rows["year"].astype(int)
    return f"{years.min()}–{years.max()}" if len(rows) > 1 else f"{years.min()}"


def choose_series(ds: Dataset, indicator: str, target_geo: str, target: Target, direction: str) -> SeriesChoice:
    """Pick the observed series for one target (see the module docstring)."""
    pre = ds.series(indicator, PRE_MERGER)
    if target_geo == PRE_MERGER:
        return SeriesChoice(PRE_MERGER if len(pre) else None, pre, "", True)
    merged = ds.series(indicator, MERGED)
    unit = ds.unit(indicator)
    if len(merged):
        last = merged.iloc[-1]
        if achievement(float(last["value"]), str(last["qualifier"]), target, direction) == "yes":
            return SeriesChoice(MERGED, merged, "", True)
    if len(merged) >= 2:
        return SeriesChoice(MERGED, merged, "", True)
    if len(pre) and unit in INTENSIVE_UNITS and len(pre) > len(merged):
        note = (f"Chưa đủ số liệu sau hợp nhất: đánh giá trên chuỗi của Hải Phòng trước hợp nhất "
                f"({_span(pre)}); đây là {'thứ hạng' if unit == 'rank' else 'tỷ lệ/chỉ số'}, "
                "ít phụ thuộc quy mô địa giới, nhưng không phải cùng một địa bàn.")
        if len(merged):
            note += f" Số sau hợp nhất ({_points(merged, unit)}) chưa đủ lập chuỗi."
        return SeriesChoice(PRE_MERGER, pre, note, True)
    note = ""
    if len(pre) and unit not in INTENSIVE_UNITS:
        note = (f"Chỉ có số liệu của Hải Phòng trước hợp nhất ({_points(pre, unit)}): số tuyệt đối của "
                "địa bàn nhỏ hơn không so với mục tiêu của thành phố sau hợp nhất.")
    return SeriesChoice(MERGED if len(merged) else None, merged, note, True)


def _growth_texts(res: ProgressResult, unit: str) -> tuple[str, str]:
    if res.method == "cagr":
        return (percent_text(res.cagr_required, 1, signed=True) + "/năm",
                percent_text(res.cagr_actual, 1, signed=True) + "/năm")
    if res.method == "linear":
        label = "điểm %" if unit in ("percent", "percent_change") else (unit_label(unit) or "đơn vị")

        def change(x: float) -> str:
            return ("+" if x > 0 else "") + format_number(x, 2) + f" {label}/năm"

        return change(res.annual_change_required), change(res.annual_change_actual)
    return MISSING, MISSING


def _projection(choice: SeriesChoice, target: Target, direction: str) -> tuple[ProjectionReport | None, str]:
    rows = choice.rows
    if not choice.geo or not len(rows):
        return None, "Chưa có số liệu quan sát."
    if len(rows) < MIN_PROJECTION_POINTS:
        return None, f"Chỉ {len(rows)} điểm dữ liệu: cần ít nhất {MIN_PROJECTION_POINTS} để dự báo."
    if target.year <= int(rows["year"].max()):
        return None, "Năm mục tiêu không sau năm quan sát cuối."
    try:
        rep = project_series(rows[["year", "value", "geo", "qualifier"]], target.year,
                             target=target.value, direction=direction)
    except InsufficientDataError as exc:  # pragma: no cover - guarded above
        return None, str(exc)
    return rep, ""


@dataclass(frozen=True)
class TargetSeries:
    """A target row with its indicator, the observed series it is read against and the
    projection of that series (None, with the reason in ``why``, when there is none)."""

    ind: pd.Series
    unit: str
    direction: str
    target: Target
    choice: SeriesChoice
    report: ProjectionReport | None
    why: str


def target_series(ds: Dataset, row) -> TargetSeries:
    """Everything the scorecard and the projection table need for one target row."""
    ind = ds.indicators.loc[row.indicator]
    unit, direction = str(ind["unit"]), str(ind["direction"])
    target = _target(row)
    choice = choose_series(ds, row.indicator, row.geo, target, direction)
    report, why = _projection(choice, target, direction)
    return TargetSeries(ind, unit, direction, target, choice, report, why)


def assess_target(ds: Dataset, row) -> dict:
    """One scorecard row for one target row of the dataset."""
    ts = target_series(ds, row)
    ind, unit, direction, target, choice = ts.ind, ts.unit, ts.direction, ts.target, ts.choice
    report, why = ts.report, ts.why
    limit = None if pd.isna(ind["limit"]) else float(ind["limit"])
    obs = choice.rows[["year", "value", "qualifier", "kind", "geo"]] if len(choice.rows) else \
        pd.DataFrame(columns=["year", "value", "qualifier", "kind", "geo"])
    res = assess_progress(obs, target, indicator=row.indicator, direction=direction, limit=limit,
                          value_is_rate=unit == "percent_change", geo=choice.geo)
    required, actual = _growth_texts(res, unit)
    prob = report.best.prob_meets_target if report is not None else None
    notes = [n for n in (choice.note_vi, INDICATOR_NOTES_VI.get(row.indicator, "")) if n]
    if row.geo == NATIONAL:
        notes.insert(0, "Mục tiêu quốc gia, so với số liệu của Hải Phòng.")
    if row.qualifier == "~":
        notes.append("Mục tiêu ghi “khoảng”: đánh giá như mức cần đạt.")
    if res.latest_value is not None and res.category != "target_achieved":
        digits = _stated_decimals(target.value)
        close = abs(res.latest_value - target.value) <= NEAR_TARGET * abs(target.value)
        if close and round(res.latest_value, digits) == round(target.value, digits):
            notes.append(f"Giá trị {res.latest_year} ({value_text(res.latest_value, res.latest_qualifier, unit)}) "
                         f"làm tròn đến {digits} chữ số thập phân như mục tiêu đã bằng mục tiêu "
                         f"({target_text(target.value, '=', unit)}): mục tiêu gần như đã đạt.")
    if res.methods_disagree:
        notes.append("Ngoại suy xu hướng đến năm mục tiêu cho kết luận khác với tỷ số tăng trưởng.")
    if report is not None:
        notes.extend(f"Dự báo: {w}." for w in report.best.warnings if "điểm dữ liệu" in w)
    evidence = " ".join([res.evidence.text_vi[:1].upper() + res.evidence.text_vi[1:]] + notes) \
        if res.evidence.n_points else " ".join(["Chưa có số liệu quan sát."] + notes)
    sources = [row.source_id] + [s for s in choice.rows.get("source_id", pd.Series(dtype=str)) if s != row.source_id]
    base = res.base_value
    return {
        "indicator": row.indicator, "title_vi": str(ind["title_vi"]), "group": str(ind["group"]),
        "unit": unit, "direction": direction, "target_geo": row.geo, "target_geo_vi": GEOS[row.geo],
        "kind": row.kind, "policy": row.policy, "target_year": int(row.year),
        "target_value": float(row.value), "target_qualifier": row.qualifier,
        "target": target_text(row.value, row.qualifier, unit),
        "series_geo": choice.geo or "",
        "baseline_year": res.base_year,
        "baseline": MISSING if base is None else f"{res.base_year}: {value_text(base, res.base_qualifier, unit)}",
        "latest_year": res.latest_year, "latest_value": res.latest_value,
        "latest": MISSING if res.latest_value is None else
        f"{res.latest_year}: {value_text(res.latest_value, res.latest_qualifier, unit)}",
        "required_growth": required, "actual_growth": actual, "ratio": res.ratio,
        "category_code": res.category, "category": res.category_vi,
        "probability_value": prob,
        "probability": MISSING if prob is None else percent_text(prob, 0),
        "probability_note": why if report is None else report.reason_vi,
        "probability_text": f"Không tính: {why}" if report is None else
        f"{percent_text(prob, 0)} ({MODEL_SHORT_VI.get(report.chosen, report.chosen)}, {report.best.n} điểm "
        f"{report.best.fit_first_year}–{report.best.fit_last_year})",
        "model": "" if report is None else report.chosen,
        "evidence": evidence, "sources": ", ".join(dict.fromkeys(sources)),
    }


def build_scorecard(ds: Dataset, years=SCORECARD_YEARS) -> pd.DataFrame:
    """One row per target (columns ``COLUMNS``), in year then indicator order."""
    rows = [assess_target(ds, r) for r in scorecard_targets(ds, years).itertuples(index=False)]
    return pd.DataFrame(rows, columns=COLUMNS)


DISPLAY_HEADERS = {
    "title_vi": "Chỉ tiêu", "target_geo_vi": "Địa bàn của mục tiêu", "target": "Mục tiêu",
    "target_year": "Năm", "baseline": "Gốc", "latest": "Mới nhất",
    "required_growth": "Tăng cần thiết", "actual_growth": "Tăng thực tế", "category": "Đánh giá",
    "probability_text": "Xác suất đạt (mô hình)", "evidence": "Căn cứ", "sources": "Nguồn",
}


def scorecard_display(card: pd.DataFrame, columns=tuple(DISPLAY_HEADERS)) -> tuple[pd.DataFrame, dict]:
    """The scorecard's reader-facing columns and their Vietnamese headers (for show_table)."""
    table = card[list(columns)].copy()
    if "target_year" in table:
        table["target_year"] = table["target_year"].astype(str)  # a year, not 2.026
    return table, {c: DISPLAY_HEADERS[c] for c in columns}


# Digits shown for a projected (computed, not published) value, by unit.
PROJECTION_DECIMALS = {"billion_vnd": 0, "percent": 1, "percent_change": 1, "points": 2, "index": 3,
                       "rank": 1, "count": 0}
PROJECTION_HEADERS = {
    "title_vi": "Chỉ tiêu", "target": "Mục tiêu", "target_year": "Năm", "model": "Mô hình",
    "fit": "Giai đoạn khớp (số điểm)", "mean": "Dự báo", "interval80": "Khoảng dự báo 80%",
    "interval95": "Khoảng dự báo 95%", "probability": "Xác suất đạt", "used": "Dùng trong bảng điểm",
}


def projection_models(ds: Dataset, years=SCORECARD_YEARS) -> pd.DataFrame:
    """Every model fitted for every target that has a projection: fit period and n, projected
    value with its 80% and 95% prediction intervals, the probability of meeting the target, and
    which model the scorecard uses and why (columns ``PROJECTION_HEADERS`` plus ``source_id``)."""
    out = []
    for row in scorecard_targets(ds, years).itertuples(index=False):
        ts = target_series(ds, row)
        ind, unit, choice, report = ts.ind, ts.unit, ts.choice, ts.report
        if report is None:
            continue
        digits = PROJECTION_DECIMALS.get(unit, 2)
        label = unit_label(unit)

        def num(x: float) -> str:
            return format_number(x, digits) + (f" {label}" if label and label != "%" else label)

        for name, p in report.projections.items():
            out.append({
                "title_vi": str(ind["title_vi"]) + (" (cả nước)" if row.geo == NATIONAL else ""),
                "target": target_text(row.value, row.qualifier, unit), "target_year": int(row.year),
                "model": MODEL_SHORT_VI.get(name, name),
                "fit": f"{p.fit_first_year}–{p.fit_last_year} ({p.n})",
                "mean": num(p.mean), "interval80": f"{num(p.lower80)} – {num(p.upper80)}",
                "interval95": f"{num(p.lower95)} – {num(p.upper95)}",
                "probability": MISSING if p.prob_meets_target is None else percent_text(p.prob_meets_target, 0),
                "used": f"Có: {report.reason_vi}" if name == report.chosen else "Không",
                "source_id": ", ".join(dict.fromkeys(choice.rows["source_id"])),
            })
    return pd.DataFrame(out, columns=[*PROJECTION_HEADERS, "source_id"])
