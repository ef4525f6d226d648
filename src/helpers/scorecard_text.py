"""The scorecard in words: statuses, one-line notes, the reader's tables and the summary.

Presentation only: every verdict and number comes from ``helpers.scorecard``; this module
decides how it reads in Vietnamese.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers.charts import GROUP_LABELS
from helpers.contract import GEOS, GROUPS
from helpers.figure_text import percent_text, target_text, unit_label, value_text
from helpers.loader import Dataset
from helpers import boundary, progress, scorecard as sc
from helpers.scorecard import (NATIONAL, OFF_TRACK, ON_TRACK, SHARE_BASES, STATUSES, status_counts,
                               track_record)
from helpers.tables import MISSING, format_number

# Icon + word: the status never rests on colour alone. The signs are in Noto Sans Math, which
# the PDF's font stacks fall back to (report/fonts).
STATUS_VI = {
    "met": "⊕ Đạt",
    "missed": "⊖ Không đạt",
    "reached_early": "⦿ Đã đạt sớm, cần giữ",
    "substantial_progress": "↑ Tiến bộ đáng kể",
    "moderate_progress": "↗ Tiến bộ vừa phải",
    "limited_progress": "→ Tiến bộ hạn chế",
    "deterioration": "↓ Đi lùi",
    "not_assessable": "∅ Chưa đánh giá được",
}
STATUS_WORD_VI = {k: v.split(" ", 1)[1] for k, v in STATUS_VI.items()}
KIND_VI = {"target": "mục tiêu", "plan": "kế hoạch"}
NOTED_UNITS = ("rank", "index")
WEIGHT_VI = {"grdp_current_prices": "GRDP giá hiện hành"}  # weights of back-calculated rates
TERRITORY_VI = {"hai_phong": "Hải Phòng trước hợp nhất", "hai_phong_merged": "Hải Phòng sau hợp nhất",
                NATIONAL: "cả nước"}
MODEL_VI = {"ols_log": "OLS trên log", "wls_log": "WLS trên log", "ols_linear": "OLS", "wls_linear": "WLS",
            "holt_damped": "Holt tắt dần"}


def _blank(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def status_label(status: str) -> str:
    return STATUS_VI[status]


def _unit(ds: Dataset, indicator: str) -> str:
    return ds.unit(indicator)


def _gap_text(gap: float, unit: str, gap_percent=None) -> str:
    """"+1,18 điểm %", "−12.823,1 tỷ đồng (−11,0%)"."""
    if unit in ("percent", "percent_change"):
        label = "điểm %"
    else:
        label = unit_label(unit) or ("bậc" if unit == "rank" else "")
    digits = 0 if unit in ("billion_vnd", "count") and abs(gap) >= 100 else 2 if unit != "index" else 4
    text = ("+" if gap > 0 else "−" if gap < 0 else "") + format_number(abs(gap), digits) + (f" {label}" if label else "")
    if not _blank(gap_percent):
        text += f" ({'+' if gap_percent > 0 else '−'}{percent_text(abs(gap_percent), 1)})"
    return text


def _rate(x: float) -> str:
    return percent_text(x, 1) + "/năm"


def latest_text(row, ds: Dataset) -> str:
    if _blank(row.latest_year):
        return MISSING
    unit = _unit(ds, _beside(row) if row.reason_code == "share_without_numerator" else row.indicator)
    if row.method == "period_average" and not _blank(row.achieved_mean):
        return f"{int(row.period_start)}–{int(row.latest_year)}: bình quân {percent_text(row.achieved_mean, 2)}/năm"
    text = f"{int(row.latest_year)}: {value_text(row.latest_value, row.latest_qualifier, unit)}"
    if row.latest_kind == "estimate" and row.latest_qualifier not in ("~",):
        text += " (ước)"
    return text


def target_label(row, ds: Dataset) -> str:
    """"Tăng trưởng GRDP: 13% (thành phố sau hợp nhất)"."""
    unit = _unit(ds, row.indicator)
    title = str(ds.indicators.at[row.indicator, "title_vi"])
    where = TERRITORY_VI.get(row.target_geo) or GEOS[row.target_geo]
    return f"{title}: {target_text(row.target_value, row.target_qualifier, unit)} ({KIND_VI[row.target_kind]}, {where})"


def note_text(row, ds: Dataset) -> str:
    """The one-line note: why a row cannot be assessed, or the figure that matters and its caveat."""
    unit = _unit(ds, row.indicator)
    parts: list[str] = []
    code = row.reason_code if isinstance(row.reason_code, str) else ""
    year = int(row.target_year)
    latest = None if _blank(row.latest_year) else f"{int(row.latest_year)}: {value_text(row.latest_value, row.latest_qualifier, unit)}"
    if code == "spending_plan":
        parts.append("kế hoạch chi, không phải mục tiêu kết quả; chưa có số thực chi")
    elif code == "task_plan":
        parts.append("kế hoạch số nhiệm vụ, không phải mục tiêu kết quả")
    elif code == "policy_design":
        parts.append("định hướng chính sách (số đột phá, mũi nhọn), không phải chỉ tiêu đo được")
    elif code == "old_boundary_gone":
        parts.append(f"mục tiêu của Hải Phòng trước hợp nhất; số năm {year} chỉ có cho thành phố sau hợp nhất, "
                     "không tách được phần của địa bàn cũ")
    elif code == "no_figure_for_year":
        parts.append(f"chưa có số liệu năm {year}" + (f" (số gần nhất {latest})" if latest else ""))
    elif code == "bound_inconclusive":
        parts.append(f"số năm {year} là một cận ({latest}), chưa đủ để kết luận")
    elif code == "no_data":
        parts.append("chưa có số liệu quan sát")
    elif code == "one_point":
        whose = " của Hải Phòng trước hợp nhất" if row.series_basis == "pre_merger_proxy" else ""
        parts.append(f"mới có một số liệu{whose} ({latest}), cần ít nhất hai để đánh giá xu hướng")
        if not _blank(row.required_rate):
            parts.append(f"cần tăng {_rate(row.required_rate)} từ {int(row.latest_year)} đến {year}")
    elif code == "share_without_numerator":
        base_unit = ds.unit(row.share_base_indicator)
        base_title = str(ds.indicators.at[row.share_base_indicator, "title_vi"]).lower()
        parts.append(f"chưa có số chi cho KH&CN của thành phố; {percent_text(row.target_value / 100, 0)} của "
                     f"{base_title} ({value_text(row.share_base_value, '=', base_unit)}) là "
                     f"{value_text(row.implied_amount, '~', base_unit, 0)} trong 5 năm, bình quân "
                     f"{value_text(row.implied_amount / 5, '~', base_unit, 0)}/năm")
        if not _blank(row.latest_year):
            beside = _beside(row)
            parts.append(f"để so: {str(ds.indicators.at[beside, 'title_vi']).lower()} năm {int(row.latest_year)}: "
                         f"{value_text(row.latest_value, row.latest_qualifier, ds.unit(beside))}")
    elif code == "pre_merger_only":
        parts.append(f"chỉ có chuỗi của Hải Phòng trước hợp nhất ({int(row.series_first_year)}–{int(row.latest_year)}); "
                     f"chỉ tham khảo: {STATUS_WORD_VI[row.indicative_status].lower()}")
    elif code == "period_not_started":
        if row.method == "period_total":
            if not _blank(row.required_rate):
                parts.append(f"tổng {int(row.target_year) - 4}–{year}: từ mức {latest}, thu cần tăng đều "
                             f"{_rate(row.required_rate)} để đạt")
            else:
                parts.append("chưa có năm nào của giai đoạn")
        else:
            parts.append(f"giai đoạn chưa có năm nào có số liệu; cả giai đoạn cần bình quân {_rate(row.required_rate)}")
    if row.method == "period_average" and not _blank(row.required_rate):
        parts.append(f"{int(row.latest_year) + 1}–{year} cần bình quân {_rate(row.required_rate)} "
                     f"để đạt {percent_text(row.target_value / 100, 1)}/năm cả giai đoạn")
        if code == "period_spans_merger":
            parts.append(f"{int(row.period_start)}–2024 là Hải Phòng trước hợp nhất, 2025 là thành phố sau hợp nhất")
    elif row.status in ("met", "missed") and not _blank(row.gap):
        parts.append(f"chênh lệch so với mục tiêu {_gap_text(row.gap, unit, row.gap_percent)}")
        if row.sources_agree is False:
            parts.append("các nguồn cho kết luận khác nhau")
    elif unit == "percent_change" and not _blank(row.gap) and row.method != "period_average":
        parts.append(f"năm {int(row.latest_year)} thấp hơn mục tiêu {_gap_text(-row.gap, unit).lstrip('+')}"
                     if row.gap < 0 else f"năm {int(row.latest_year)} cao hơn mục tiêu {_gap_text(row.gap, unit)}")
        if not _blank(row.recent_mean):
            parts.append(f"bình quân {int(row.recent_first_year)}–{int(row.latest_year)} "
                         f"{percent_text(row.recent_mean / 100, 2)}")
    elif not _blank(row.required_rate) and row.status != "not_assessable":
        parts.append(f"cần tăng {_rate(row.required_rate)} từ {int(row.latest_year)} đến {year}")
    if row.status == "reached_early":
        parts.append(f"đạt từ năm {int(row.latest_year)}; mục tiêu tính ở năm {year}")
    if row.back_calculated_years:
        parts.append(f"số {row.back_calculated_years} quy đổi Hải Phòng + Hải Dương (ước tính của báo cáo)")
    if row.signals_disagree:
        parts.append(f"tỷ số tăng trưởng từ năm gốc cho “{STATUS_WORD_VI[row.status].lower()}”, nhưng xu hướng "
                     f"mô hình cho xác suất đạt {percent_text(row.probability, 0)}: chuỗi ngắn, hai cách đọc chưa thống nhất")
    if row.target_geo == NATIONAL:
        parts.insert(0, "mục tiêu quốc gia")
    text = "; ".join(p for p in parts if p)
    text = (text[:1].upper() + text[1:] + ".") if text else ""
    # What a rank or an index is measured on (63 or 34 provinces, a possible average of the old
    # provinces) travels with the figure, from its note in the data.
    if unit in NOTED_UNITS and isinstance(row.latest_note, str) and row.latest_note:
        text = f"{text} {row.latest_note.strip()}".strip()
    return text


def _beside(row) -> str:
    return SHARE_BASES[row.indicator][1]


def _sources(row) -> list[str]:
    ids = [row.target_source] + ([] if _blank(row.latest_source) else str(row.latest_source).split("+"))
    if isinstance(getattr(row, "share_base_source", None), str):
        ids.append(row.share_base_source)
    return list(dict.fromkeys(i for i in ids if i))


def card_sources(card: pd.DataFrame) -> list[str]:
    return sorted({s for r in card.itertuples(index=False) for s in _sources(r)})


TABLE_HEADERS = {"theme": "Chủ đề", "target": "Mục tiêu", "year": "Năm", "latest": "Số mới nhất",
                 "status": "Đánh giá", "probability": "Xác suất đạt", "note": "Ghi chú"}


def scorecard_table(card: pd.DataFrame, ds: Dataset, rows: pd.Series | None = None) -> pd.DataFrame:
    """The reader's table (``TABLE_HEADERS``, 7 columns), grouped by theme then year."""
    sel = card if rows is None else card[rows]
    groups = ds.indicators["group"]
    order = {g: i for i, g in enumerate(GROUPS)}
    out = pd.DataFrame([{
        "theme": GROUP_LABELS.get(groups[r.indicator], groups[r.indicator]), "_o": order.get(groups[r.indicator], 99),
        "target": target_label(r, ds), "year": str(int(r.target_year)), "latest": latest_text(r, ds),
        "status": status_label(r.status),
        "probability": MISSING if _blank(r.probability) else percent_text(r.probability, 0),
        "note": note_text(r, ds),
    } for r in sel.itertuples(index=False)])
    if out.empty:
        return pd.DataFrame(columns=list(TABLE_HEADERS))
    out = out.sort_values(["_o", "year"], kind="stable").drop(columns="_o")[list(TABLE_HEADERS)]
    out["theme"] = out["theme"].where(out["theme"].ne(out["theme"].shift()), "")  # once per group
    return out.reset_index(drop=True)


TRACK_HEADERS = {"indicator": "Chỉ tiêu", "years": "Các năm", "record": "Số lần đạt", "misses": "Các năm không đạt"}


def track_record_table(card: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """How many of its own annual plans and targets the city met since 2019, per indicator."""
    rec = track_record(card)
    out = []
    for r in rec.itertuples(index=False):
        rows = card[(card["indicator"] == r.indicator) & card["status"].isin(["met", "missed"])]
        missed = rows[rows["status"] == "missed"]["target_year"].astype(int)
        out.append({"indicator": str(ds.indicators.at[r.indicator, "title_vi"]),
                    "years": f"{r.first_year}–{r.last_year}" if r.first_year != r.last_year else str(r.first_year),
                    "record": f"{r.met}/{r.assessed}",
                    "misses": ", ".join(str(y) for y in missed) or MISSING})
    return pd.DataFrame(out, columns=list(TRACK_HEADERS))


CSV_COLUMNS = ["indicator", "target_geo", "target_year", "target_value", "target_qualifier", "series_geo",
               "series_basis", "latest_year", "latest_value", "status", "probability", "required_rate", "reason",
               "target_kind", "policy", "latest_qualifier", "indicative_status", "method", "ratio", "gap",
               "recent_mean", "n_points", "series_first_year", "model", "back_calculated_years",
               "target_source", "latest_source"]


def scorecard_csv(card: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """``scorecard.csv``: the analysis columns, ``required_rate`` in % a year, ``reason`` in words."""
    out = card.copy()
    out["required_rate"] = out["required_rate"].astype(float) * 100
    out["reason"] = [note_text(r, ds) for r in card.itertuples(index=False)]
    out["series_geo"] = out["series_geo"].fillna("")
    return out[CSV_COLUMNS]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _cite(ids) -> str:
    ids = list(dict.fromkeys(i for i in ids if i))
    return " [" + "; ".join(f"@{i}" for i in ids) + "]" if ids else ""


def count_sentence(card: pd.DataFrame, n_national_left: int) -> str:
    """The answer in one sentence: how many targets fall in each group of statuses."""
    c = status_counts(card)
    city = int((card["target_geo"] != NATIONAL).sum())
    national = len(card) - city
    on, off = sum(c[s] for s in ON_TRACK), sum(c[s] for s in OFF_TRACK)
    return (f"Báo cáo theo dõi {city} mục tiêu và kế hoạch của thành phố từ năm 2019 và {national} mục tiêu "
            f"quốc gia năm 2030 có thể so với số liệu của Hải Phòng. Trong {len(card)} mục tiêu đó: "
            f"**{c['met']} đã đạt**, **{c['missed']} không đạt** (đã đến hạn); trong các mục tiêu chưa đến hạn, "
            f"**{c['reached_early']} đã đạt sớm**, **{c['substantial_progress']} tiến bộ đáng kể** "
            f"(đúng hướng: {on}), **{off} chậm** ({c['moderate_progress']} tiến bộ vừa phải, "
            f"{c['limited_progress']} hạn chế, {c['deterioration']} đi lùi); **{c['not_assessable']} chưa đánh giá "
            f"được** vì chưa có số liệu hoặc không phải chỉ tiêu kết quả"
            + (f"; {n_national_left} mục tiêu quốc gia khác chưa có số liệu của Hải Phòng để so." if n_national_left else "."))


def findings(card: pd.DataFrame, ds: Dataset) -> list[str]:
    """The few findings that matter most, each with its figure and source (only those the data
    allow): the city's record on its annual plans, what a period-average promise now requires,
    the targets of the latest year that fell due, next year's growth target against the latest
    growth, targets reached early, and rows whose two signals disagree."""
    out = []
    pref = card[card["target_preferred"].astype(bool)]
    for r in track_record(card).itertuples(index=False):
        if r.assessed >= 3:
            rows = card[(card["indicator"] == r.indicator) & card["status"].isin(["met", "missed"])]
            title = str(ds.indicators.at[r.indicator, "title_vi"])
            out.append(f"{title}: thành phố đạt **{r.met}/{r.assessed}** kế hoạch, mục tiêu năm của mình "
                       f"({r.first_year}–{r.last_year})." + _cite(s for x in rows.itertuples(index=False) for s in _sources(x)))
    for r in pref[(pref["method"] == "period_average") & pref["ratio"].notna()].itertuples(index=False):
        out.append(f"Mục tiêu tăng trưởng bình quân {percent_text(r.target_value / 100, 1)}/năm giai đoạn "
                   f"{int(r.period_start)}–{int(r.target_year)} ({r.policy}): {int(r.period_start)}–{int(r.latest_year)} "
                   f"đạt bình quân {percent_text(r.achieved_mean, 2)}/năm, nên {int(r.latest_year) + 1}–"
                   f"{int(r.target_year)} cần bình quân **{_rate(r.required_rate)}**." + _cite(_sources(r)))
    due = pref[pref["status"].isin(["met", "missed"]) & pref["period_start"].isna()]
    if len(due):
        last = due[due["target_year"] == due["target_year"].max()]
        year = int(last["target_year"].iloc[0])
        n_met = int((last["status"] == "met").sum())

        def short(r) -> str:
            title = str(ds.indicators.at[r.indicator, "title_vi"])
            return (f"{title[:1].lower() + title[1:]} {latest_text(r, ds).split(': ', 1)[1]} so với "
                    f"{KIND_VI[r.target_kind]} {target_text(r.target_value, r.target_qualifier, _unit(ds, r.indicator))}")

        missed = [short(r) for r in last.itertuples(index=False) if r.status == "missed"]
        met = [short(r) for r in last.itertuples(index=False) if r.status == "met"]
        text = f"Năm {year}: đạt **{n_met}/{len(last)}** mục tiêu, kế hoạch đến hạn có số liệu"
        text += (f"; không đạt: {'; '.join(missed)}" if missed else "") + (f"; đạt: {'; '.join(met)}" if met else "")
        out.append(text + "." + _cite(s for r in last.itertuples(index=False) for s in _sources(r)))
    rates = pref[(pref["indicator"].map(ds.unit) == "percent_change") & pref["period_start"].isna()
                 & pref["status"].isin(OFF_TRACK + ON_TRACK) & pref["gap"].notna()]
    for r in rates.itertuples(index=False):
        out.append(f"{target_label(r, ds)} năm {int(r.target_year)}: {_lower_first(note_text(r, ds))}" + _cite(_sources(r)))
    for r in card[card["status"] == "reached_early"].itertuples(index=False):
        out.append(f"{target_label(r, ds)} năm {int(r.target_year)}: **đã đạt sớm** ({latest_text(r, ds)}), "
                   "cần giữ đến năm mục tiêu." + _cite(_sources(r)))
    for r in card[card["signals_disagree"].astype(bool)].itertuples(index=False):
        out.append(f"{target_label(r, ds)} năm {int(r.target_year)}: {_lower_first(note_text(r, ds))}" + _cite(_sources(r)))
    return out


def summary_markdown(card: pd.DataFrame, ds: Dataset, n_national_left: int) -> str:
    """"Tóm tắt"'s opening: the counts, then the findings as a list."""
    lines = [count_sentence(card, n_national_left), ""]
    lines += [f"- {f}" for f in findings(card, ds)]
    return "\n".join(lines) + "\n"


__all__ = ["CSV_COLUMNS", "STATUSES", "STATUS_VI", "TABLE_HEADERS", "TRACK_HEADERS",
           "card_sources", "note_text", "scorecard_csv", "scorecard_table", "status_label",
           "summary_markdown", "track_record_table"]


# Digits shown for a projected (computed, not published) value, by unit.
PROJECTION_DECIMALS = {"billion_vnd": 0, "percent": 1, "percent_change": 1, "points": 2, "index": 3,
                       "rank": 1, "count": 0}
PROJECTION_HEADERS = {
    "target": "Mục tiêu", "year": "Năm", "model": "Mô hình", "fit": "Giai đoạn khớp (số điểm)",
    "mean": "Dự báo", "interval80": "Khoảng dự báo 80%", "interval95": "Khoảng dự báo 95%",
    "probability": "Xác suất đạt", "used": "Dùng trong bảng điểm",
}


def projection_table(runs, ds: Dataset) -> pd.DataFrame:
    """Every model fitted for every projected row: fit period, projection with its 80% and 95%
    prediction intervals, probability, and which model the scorecard uses and why."""
    out = []
    for row, rep in runs:
        unit = ds.unit(row["indicator"])
        digits, label = PROJECTION_DECIMALS.get(unit, 2), unit_label(unit)

        def num(x: float) -> str:
            return format_number(x, digits) + (f" {label}" if label and label != "%" else label)

        indicative = pd.isna(row["probability"])
        for name, p in rep.projections.items():
            used = (("Chỉ tham khảo: " if indicative else "Có: ") + rep.reason_vi) if name == rep.chosen else "Không"
            out.append({
                "target": target_label(row, ds), "year": str(int(row["target_year"])), "model": MODEL_VI.get(name, name),
                "fit": f"{p.fit_first_year}–{p.fit_last_year} ({p.n})", "mean": num(p.mean),
                "interval80": f"{num(p.lower80)} – {num(p.upper80)}", "interval95": f"{num(p.lower95)} – {num(p.upper95)}",
                "probability": MISSING if p.prob_meets_target is None else percent_text(p.prob_meets_target, 0),
                "used": used, "source_id": row["source_ids"],
            })
    return pd.DataFrame(out, columns=[*PROJECTION_HEADERS, "source_id"])


def method_markdown() -> str:
    """The scorecard's method in words, written from the constants the code uses."""
    hi, mid, lo = progress.RATIO_THRESHOLDS

    def pct(x: float) -> str:
        return format_number(x * 100, 0) + "%"

    weights = ", ".join(dict.fromkeys(WEIGHT_VI[w] for w in boundary.WEIGHTED_RATES.values()))
    return "\n".join([
        f"Bảng điểm gồm mọi mục tiêu và kế hoạch của thành phố từ năm {sc.FIRST_YEAR} (cả trước và sau hợp nhất; "
        "hai mục tiêu khác nhau cho cùng một năm là hai dòng) và các mục tiêu quốc gia năm "
        f"{sc.NATIONAL_YEAR} mà chuỗi số liệu của Hải Phòng có thể so.",
        "",
        "- **Đã đến hạn** (năm mục tiêu không muộn hơn năm có số liệu mới nhất): số liệu của chính năm đó, trên "
        "địa bàn của mục tiêu, quyết định “Đạt” hay “Không đạt”; chênh lệch được ghi bằng đơn vị của chỉ tiêu "
        "(điểm % với tỷ lệ). Mục tiêu ghi “khoảng” được đọc như mức cần đạt. Không có số của năm đó thì "
        "“Chưa đánh giá được”, kèm lý do.",
        "- **Chưa đến hạn**: giá trị mới nhất của chính địa bàn mục tiêu đã đạt thì “Đã đạt sớm, cần giữ”. Nếu "
        "chưa, tỷ số giữa tốc độ tăng bình quân năm (CAGR) thực tế và CAGR cần thiết để đạt mục tiêu quyết định "
        f"xếp loại theo phương pháp của Open SDG và Eurostat: từ {pct(hi)} “Tiến bộ đáng kể”, từ {pct(mid)} "
        f"“Tiến bộ vừa phải”, từ {pct(lo)} “Tiến bộ hạn chế”, dưới {pct(lo)} “Đi lùi”. Cần ít nhất hai điểm số liệu.",
        "- **Tốc độ tăng trưởng là tỷ lệ**: không tính CAGR của một tỷ lệ. Mục tiêu tăng trưởng năm được so bằng "
        f"chênh lệch điểm % với năm mới nhất và với bình quân {sc.RECENT_YEARS} năm gần nhất; xếp loại dùng thay "
        "đổi bình quân năm của chính tỷ lệ. Mục tiêu bình quân một giai đoạn được đọc trên chỉ số khối lượng GRDP "
        "mà nó hàm ý: các năm đã qua nhân dồn (1 + g), và báo cáo ghi mức bình quân các năm còn lại cần đạt.",
        "- **Hợp nhất với Hải Dương (1/7/2025)**: mỗi dòng ghi chuỗi dùng để so. Với năm trước hợp nhất mà cả hai "
        "địa phương có số liệu, báo cáo quy đổi về địa bàn mới như Eurostat làm khi địa giới thay đổi: cộng số "
        f"tuyệt đối và số lượng, lấy bình quân có trọng số ({weights}) với tốc độ tăng; đó là ước tính của báo cáo. "
        "Thứ hạng, chỉ số và tỷ trọng không quy đổi được: nếu chỉ có chuỗi của Hải Phòng trước hợp nhất, xếp loại "
        "chỉ để tham khảo và dòng được ghi “Chưa đánh giá được”.",
        f"- **Xác suất đạt** lấy từ mô hình xu hướng khi chuỗi có ít nhất {sc.MIN_PROJECTION_POINTS} điểm; khi xếp "
        "loại và xác suất chỉ hai hướng khác nhau, dòng đó nói rõ.",
    ]) + "\n"
