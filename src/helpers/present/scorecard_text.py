"""The scorecard in words: statuses, one-line notes, the reader's tables and the summary.

Presentation only: every verdict and number comes from ``helpers.analysis.scorecard``; this module
decides how it reads in Vietnamese.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers.present.charts import GROUP_LABELS
from helpers.present.code_labels import MODEL_VI, STATUS_WORD_VI
from helpers.data.contract import GEOS, GROUPS
from helpers.present.figure_text import percent_text, target_text, unit_label, value_text
from helpers.present.headline_text import territory_spans
from helpers.data.loader import Dataset
from helpers.analysis import boundary, progress, robustness, scorecard as sc
from helpers.analysis.headline_counts import headline_table
from helpers.analysis.scorecard import NATIONAL, SHARE_BASES, STATUSES, record_rows, track_record
from helpers.present.status_style import STATUS_LABELS, UNCERTAIN_LABEL
from helpers.present.tables import MISSING, format_number
from helpers.analysis.target_identity import HEADLINE_CLASSES, replacing_row

# Sign + word (+ colour on the page): the status never rests on colour alone (helpers.present.status_style).
STATUS_VI = STATUS_LABELS
UNCERTAIN_VI = UNCERTAIN_LABEL
HEADLINE_VI = {"met": "đạt", "missed": "không đạt", "on_track": "đúng hướng", "off_track": "chậm so với tiến độ cần",
               "uncertain": "chưa chắc chắn", "not_assessable": "chưa đánh giá được"}
WEIGHTING_VI = {"level": "theo GRDP giá hiện hành", "equal": "bình quân giản đơn", "population": "theo dân số"}
KIND_VI = {"target": "mục tiêu", "plan": "kế hoạch"}
NOTED_UNITS = ("rank", "index")
WEIGHT_VI = {"grdp_current_prices": "GRDP giá hiện hành"}  # weights of back-calculated rates
TERRITORY_VI = {"hai_phong": "Hải Phòng trước hợp nhất", "hai_phong_merged": "Hải Phòng sau hợp nhất",
                NATIONAL: "cả nước"}


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
    if row.reason_code == "share_without_numerator":
        return MISSING  # the figure beside it (another scope) is in the note, not the latest figure
    unit = _unit(ds, row.indicator)
    if row.method == "period_average" and not _blank(row.achieved_mean):
        return f"{int(row.period_start)}–{int(row.latest_year)}: bình quân {percent_text(row.achieved_mean, 2)}/năm"
    text = f"{int(row.latest_year)}: {value_text(row.latest_value, row.latest_qualifier, unit)}"
    if row.latest_kind == "estimate" and row.latest_qualifier not in ("~",):
        text += " (ước)"
    return text


def target_label(row, ds: Dataset) -> str:
    """"Tăng trưởng GRDP: 13% (mục tiêu, Hải Phòng sau hợp nhất)"; a target or plan that another
    body than the city set names it ("Thu nội địa: 74.680 tỷ đồng (kế hoạch, Dự toán Trung ương giao,
    Hải Phòng sau hợp nhất)"), as the row of its total does."""
    unit = _unit(ds, row.indicator)
    title = str(ds.indicators.at[row.indicator, "title_vi"])
    where = TERRITORY_VI.get(row.target_geo) or GEOS[row.target_geo]
    body = row.body if isinstance(getattr(row, "body", None), str) else ""
    label = "" if body in ("", "city") else body_label(ds, body)
    whose = f", {label}" if label and label.lower() not in title.lower() else ""
    return (f"{title}: {target_text(row.target_value, row.target_qualifier, unit)} "
            f"({KIND_VI[row.target_kind]}{whose}, {where})")


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
    elif code == "superseded":
        parts.append(superseded_text(row, ds))
    elif code == "old_boundary_gone":
        parts.append(f"mục tiêu của Hải Phòng trước hợp nhất; số năm {year} chỉ có cho thành phố sau hợp nhất, "
                     "không tách được phần của địa bàn cũ")
        if not _blank(row.partner_needed):
            bound = (f"địa bàn cũ chỉ có thể không đạt nếu phần của Hải Dương năm {year} lớn hơn "
                     f"{value_text(row.partner_needed, '=', unit, 0)}")
            if not _blank(row.partner_value):
                times = format_number(row.partner_needed / row.partner_value, 1)
                bound += (f", gấp {times} lần số của Hải Dương năm {int(row.partner_year)} "
                          f"({value_text(row.partner_value, '=', unit)})")
            parts.append(bound)
    elif code in ("no_figure_for_year", "merged_figure_only"):
        whose = " của Hải Phòng trước hợp nhất" if code == "merged_figure_only" else ""
        parts.append(f"chưa có số liệu năm {year}{whose}" + (f" (số gần nhất {latest})" if latest else ""))
        if isinstance(row.nearest, str):
            merged = _merged_same_year(row, ds)
            if merged:
                parts.append(f"số năm {year} có là của thành phố sau hợp nhất (địa bàn khác): {merged}")
                caveat = _merged_same_year_note(row, ds)
                if caveat:
                    parts.append(_lower_first(caveat.rstrip(".")))
            one = not merged or not latest
            parts.append({"below": "số gần nhất thấp hơn mục tiêu" if one else "cả hai số đều thấp hơn mục tiêu",
                          "above": "số gần nhất không thấp hơn mục tiêu" if one else "cả hai số đều không thấp hơn mục tiêu",
                          "mixed": "hai số nằm ở hai phía của mục tiêu"}[row.nearest])
    elif code == "other_territory_only":
        parts.append(f"chỉ có số của Hải Phòng trước hợp nhất ({latest}); số lượng của địa bàn cũ không so được "
                     "với mục tiêu của thành phố sau hợp nhất")
    elif code == "bound_inconclusive":
        parts.append(f"số năm {year} là một cận ({latest}), chưa đủ để kết luận")
    elif code == "no_data":
        parts.append("chưa có số liệu quan sát")
    elif code == "one_point":
        whose = " của Hải Phòng trước hợp nhất" if row.series_basis == "pre_merger_proxy" else ""
        parts.append(f"mới có một số liệu{whose} ({latest}), cần ít nhất hai để đánh giá xu hướng")
        parts.append(need_text(row, unit))
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
                parts.append(f"giai đoạn {int(row.target_year) - 4}–{year} chưa bắt đầu; từ mức năm "
                             f"{int(row.latest_year)} ({value_text(row.latest_value, row.latest_qualifier, unit)}), "
                             f"mỗi năm cần tăng đều {_rate(row.required_rate)} để tổng 5 năm đạt mục tiêu")
            else:
                parts.append("chưa có năm nào của giai đoạn")
        else:
            parts.append(f"giai đoạn chưa có năm nào có số liệu; cả giai đoạn cần bình quân {_rate(row.required_rate)}")
    if row.method == "period_average" and not _blank(row.required_rate):
        parts.append(f"{int(row.latest_year) + 1}–{year} cần bình quân {_rate(row.required_rate)} "
                     f"để đạt {percent_text(row.target_value / 100, 1)}/năm cả giai đoạn")
        if row.target_geo == boundary.PRE_MERGER and int(row.latest_year) >= boundary.MERGER_YEAR:
            parts.append(f"từ {boundary.MERGER_YEAR + 1} chỉ có số của thành phố sau hợp nhất, "
                         "nên các năm còn lại không đo được trên địa bàn cũ")
    elif row.method == "component_bound":
        total = str(ds.indicators.at[row.outcome_indicator, "title_vi"])
        parts.append(f"chưa có số riêng năm {year}; tổng thu trừ các phần khác cho thấy {_lower_first(total)} "
                     f"không quá {value_text(row.latest_value, '=', unit)}"
                     + (f", thấp hơn {KIND_VI[row.target_kind]} ít nhất {value_text(-row.gap, '=', unit)}" if row.status == "missed" else ""))
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
    elif row.status != "not_assessable":
        parts.append(need_text(row, unit))
    if row.status == "reached_early":
        parts.append(f"đạt từ năm {int(row.latest_year)}; mục tiêu tính ở năm {year}")
    if row.back_calculated_years:
        parts.append(f"số {row.back_calculated_years} quy đổi Hải Phòng + Hải Dương (ước tính của báo cáo)")
    if row.signals_disagree:
        parts.append(f"tỷ số tăng trưởng từ năm gốc cho “{STATUS_WORD_VI[row.status].lower()}”, nhưng xu hướng "
                     f"mô hình cho xác suất đạt {percent_text(row.probability, 0)}: chuỗi ngắn, hai cách đọc chưa thống nhất")
    if row.latest_is_expectation:
        parts.append(f"số {int(row.latest_year)} là số dự kiến, nêu trước khi năm kết thúc "
                     f"({_source_vi(ds, str(row.latest_source))})")
    if fragile(row):
        parts.append(flip_text(row, ds))
    if isinstance(row.low_reliability_sources, str) and row.low_reliability_sources:
        parts.append("dựa trên nguồn có độ tin cậy thấp: " +
                     ", ".join(_source_vi(ds, s) for s in row.low_reliability_sources.split(",")))
    if row.target_geo == NATIONAL:
        parts.insert(0, "mục tiêu quốc gia")
    if isinstance(getattr(row, "component_of", None), str) and row.component_of and row.status != "not_assessable":
        # judged, but the summary counts its total only (target_identity: components)
        total = _lower_first(str(ds.indicators.at[row.component_of, "title_vi"]))
        parts.insert(0, f"một phần của {total}, không tính riêng trong số đếm")
    text = "; ".join(p for p in parts if p)
    text = (text[:1].upper() + text[1:] + ".") if text else ""
    # What a rank or an index is measured on (63 or 34 provinces, a possible average of the old
    # provinces) travels with the figure, from its note in the data.
    if unit in NOTED_UNITS and isinstance(row.latest_note, str) and row.latest_note:
        text = f"{text} {row.latest_note.strip()}".strip()
    return text


def _merged_same_year_row(row, ds: Dataset):
    """The merged city's figure (a row of its series) of a pre-merger target's year; None when
    the target is not pre-merger or there is none."""
    if row.target_geo != boundary.PRE_MERGER:
        return None
    s = ds.series(row.outcome_indicator, boundary.MERGED)
    s = s[s["year"] == row.target_year]
    return None if s.empty else s.iloc[0]


def _merged_same_year_note(row, ds: Dataset) -> str:
    """The reader's note (`note_vi`) of the merged city's figure of a pre-merger target's year
    ("" when none)."""
    figure = _merged_same_year_row(row, ds)
    note = "" if figure is None else figure["note_vi"]
    return note.strip() if isinstance(note, str) else ""


def _merged_same_year(row, ds: Dataset) -> str:
    """The merged city's figure of a pre-merger target's year, in words ("" when none)."""
    figure = _merged_same_year_row(row, ds)
    if figure is None:
        return ""
    return value_text(float(figure["value"]), str(figure["qualifier"]), _unit(ds, row.outcome_indicator))


def need_text(row, unit: str) -> str:
    """What the rest of the way needs: a change a year in the unit for shares, points and indices
    (percentage points for a share), a growth rate for amounts and counts; "" when nothing is due.
    Digits grow until the need does not round to zero."""
    year = int(row.target_year)
    # a target "more than X" needs more than the rate that reaches X
    more = "hơn " if getattr(row, "target_qualifier", "") == ">" else ""
    if not _blank(row.required_change) and row.required_change > 0:
        label = "điểm %" if unit == "percent" else unit_label(unit) or "điểm"
        digits = _two_significant(row.required_change, 2)
        return (f"cần tăng {more}{format_number(row.required_change, digits)} {label}/năm "
                f"từ {int(row.latest_year)} đến {year}")
    if not _blank(row.required_rate) and row.required_rate > 0:
        digits = _two_significant(row.required_rate * 100, 1)
        return f"cần tăng {more}{percent_text(row.required_rate, digits)}/năm từ {int(row.latest_year)} đến {year}"
    return ""


def _two_significant(x: float, at_least: int) -> int:
    """Decimals that show ``x`` (> 0) with two significant digits, and at least ``at_least``: a
    need is never printed as zero."""
    return max(at_least, 1 - math.floor(math.log10(x)))


def fragile(r) -> bool:
    """True when a verdict changed under an alternative (``robust`` False, not missing)."""
    return not _blank(r.robust) and not bool(r.robust)


def _source_vi(ds: Dataset, sid: str) -> str:
    """"publisher, ngày d/m/yyyy" (or "publisher, không ghi ngày đăng") of a source id."""
    if sid not in ds.sources.index:
        return sid
    publisher = str(ds.sources.at[sid, "publisher"] or sid)
    day = ds.sources.at[sid, "published"]
    return f"{publisher}, ngày {day.day}/{day.month}/{day.year}" if not pd.isna(day) else f"{publisher}, không ghi ngày đăng"


def alternative_text(kind: str, value: str, row, ds: Dataset) -> str:
    """One alternative of ``helpers.analysis.robustness`` in words ("nếu …")."""
    if kind == "source":
        v = ds.values
        hit = v[(v["indicator"] == row.latest_indicator) & (v["geo"] == row.series_geo)
                & (v["year"] == row.latest_year) & (v["source_id"] == value)].iloc[0]
        unit = _unit(ds, row.latest_indicator)
        return f"nếu dùng số {int(row.latest_year)} của {_source_vi(ds, value)} ({value_text(hit['value'], hit['qualifier'], unit)})"
    if kind == "target_source":
        return f"nếu dùng mục tiêu theo {_source_vi(ds, value)}"
    if kind == "weighting":
        return (f"nếu số quy đổi năm {row.back_calculated_years} tính {WEIGHTING_VI[value]} thay vì "
                f"{WEIGHTING_VI['level']}")
    if kind == "share_method":
        return "nếu đo tiến độ bằng điểm % mỗi năm thay vì tăng trưởng kép"
    if kind == "period_reading":
        return "nếu dùng số từng năm của địa bàn thay vì số bình quân giai đoạn đã công bố"
    if kind == "without_expectation":
        return f"nếu bỏ số dự kiến năm {value}"
    raise ValueError(f"unknown alternative {kind!r}")


def flip_text(row, ds: Dataset) -> str:
    """The line of a fragile verdict: what flips it, and to what."""
    out = []
    for code in str(row.flips).split("; "):
        kind, rest = code.split(":", 1)
        value, status = rest.rsplit("=", 1)
        out.append(f"{alternative_text(kind, value, row, ds)} thì thành “{STATUS_WORD_VI[status].lower()}”")
    return "chưa chắc chắn: " + "; ".join(out)


def superseded_text(row, ds: Dataset) -> str:
    """Why a superseded target is listed and not scored, with the statement that replaced it."""
    entry = ds.target_rules["superseded"][row.superseded_id]
    return f"đã được thay thế, không chấm điểm: {entry['why_vi']} (“{replacing_row(ds, entry)['quote']}”)"


def _beside(row) -> str:
    return SHARE_BASES[row.indicator][1]


def _sources(row) -> list[str]:
    ids = [row.target_source] + ([] if _blank(row.latest_source) else str(row.latest_source).split("+"))
    back = getattr(row, "back_calculated_sources", None)
    if isinstance(back, str) and back:
        ids += back.split("+")  # the back-calculated merged-city points the verdict also used
    if isinstance(getattr(row, "share_base_source", None), str):
        ids.append(row.share_base_source)
    return list(dict.fromkeys(i for i in ids if i))


def card_sources(card: pd.DataFrame) -> list[str]:
    return sorted({s for r in card.itertuples(index=False) for s in _sources(r)})


# The status beside the target, so that a phone shows both without scrolling sideways; rows are
# ordered by theme (no column of its own: the target names it), then status, then year. Each row
# cites its own sources (the caption says so instead of listing them all).
TABLE_HEADERS = {"target": "Mục tiêu", "status": "Đánh giá", "latest": "Số mới nhất", "year": "Năm mục tiêu",
                 "probability": "Xác suất đạt", "note": "Ghi chú", "sources": "Nguồn"}


def status_text(r) -> str:
    """Sign and word of a verdict; a fragile one reads "chưa chắc chắn" before it."""
    label = status_label(r.status)
    return f"{UNCERTAIN_VI} ({STATUS_WORD_VI[r.status].lower()})" if fragile(r) else label


def _group_rest(card: pd.DataFrame, r) -> pd.DataFrame:
    """The other targets of row `r`'s group (the same indicator, territory and year set by other
    bodies), shown on the lead's row."""
    return card[(card["group_id"] == r.group_id) & (card["scope"] == "target") & ~card["lead"].astype(bool)]


def group_target_label(card: pd.DataFrame, r, ds: Dataset) -> str:
    """The target cell of a group: the lead target, then the other bodies' targets for the same
    indicator, territory and year."""
    label = target_label(r, ds)
    others = _group_rest(card, r)
    for o in others.itertuples(index=False):
        unit = _unit(ds, o.outcome_indicator)
        who = KIND_VI[o.target_kind] if o.body == r.body else body_label(ds, o.body)
        label += f"; {who}: {target_text(o.target_value, o.target_qualifier, unit)}"
    return label


def group_sources(card: pd.DataFrame, r) -> str:
    """The source ids of a group's row ("a, b"): the lead's target and latest figure, then the
    other bodies' targets."""
    others = _group_rest(card, r)
    ids = _sources(r) + [s for o in others.itertuples(index=False) for s in _sources(o)]
    return ", ".join(dict.fromkeys(ids))


def group_status_text(card: pd.DataFrame, r, ds: Dataset) -> str:
    text = status_text(r)
    others = _group_rest(card, r)
    for o in others.itertuples(index=False):
        who = KIND_VI[o.target_kind] if o.body == r.body else body_label(ds, o.body)
        text += f"; {who}: {STATUS_WORD_VI[o.status].lower()}"
        if fragile(o):
            text += " (chưa chắc chắn)"
    return text


STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}


def scorecard_table(card: pd.DataFrame, ds: Dataset, rows: pd.Series | None = None,
                    assessed_only: bool = False) -> pd.DataFrame:
    """The reader's table (``TABLE_HEADERS``, 7 columns), one row per group of targets (lead
    first; the other bodies' targets and verdicts on the same row), by theme, then status
    (``STATUSES`` order), then year. Superseded targets and plans that are not outcomes are not in
    it (``listed_apart_table``); with ``assessed_only``, neither are the rows that cannot be assessed
    (``unassessed_markdown`` lists them by reason)."""
    out = pd.DataFrame([{
        "target": group_target_label(card, r, ds), "year": str(int(r.target_year)), "latest": latest_text(r, ds),
        "status": group_status_text(card, r, ds),
        "probability": MISSING if _blank(r.probability) else percent_text(r.probability, 0),
        "note": note_text(r, ds), "sources": group_sources(card, r),
    } for r in _table_leads(card, ds, rows, assessed_only).itertuples(index=False)])
    if out.empty:
        return pd.DataFrame(columns=list(TABLE_HEADERS))
    return out[list(TABLE_HEADERS)]


def _table_leads(card: pd.DataFrame, ds: Dataset, rows: pd.Series | None, assessed_only: bool) -> pd.DataFrame:
    """The lead targets of ``scorecard_table``'s rows, in its order: theme, status, year."""
    sel = card if rows is None else card[rows]
    sel = sel[(sel["scope"] == "target") & sel["lead"].astype(bool)]
    if assessed_only:
        sel = sel[sel["status"] != "not_assessable"]
    order = {g: i for i, g in enumerate(GROUPS)}
    keys = pd.DataFrame({"_o": [order.get(ds.indicators["group"][i], 99) for i in sel["indicator"]],
                         "_s": [STATUS_ORDER[s] for s in sel["status"]],
                         "_y": sel["target_year"].astype(int).to_numpy()}, index=sel.index)
    return sel.loc[keys.sort_values(["_o", "_s", "_y"], kind="stable").index].reset_index(drop=True)


# The scorecard.csv columns of a scorecard table's download: its numbers, not its printed cells.
TABLE_DATA_COLUMNS = ("target_id", "group_id", "indicator", "target_geo", "target_year", "body", "lead",
                      "target_value", "target_qualifier", "status", "latest_year", "latest_value",
                      "latest_qualifier", "probability", "gap", "target_source", "latest_source")


def table_data(card: pd.DataFrame, ds: Dataset, rows: pd.Series | None = None,
               assessed_only: bool = False) -> pd.DataFrame:
    """The download of ``scorecard_table(card, ds, rows, assessed_only)``: every target of each of
    its rows (lead first, then the other bodies' targets on that row), in the table's order, with
    ``TABLE_DATA_COLUMNS`` of scorecard.csv (codes and numbers; labels are added on publishing)."""
    leads = _table_leads(card, ds, rows, assessed_only)
    targets = card[card["scope"] == "target"]
    parts = [targets[targets["group_id"] == g].sort_values("lead", ascending=False, kind="stable")
             for g in leads["group_id"]]
    if not parts:
        return pd.DataFrame(columns=list(TABLE_DATA_COLUMNS))
    return pd.concat(parts)[list(TABLE_DATA_COLUMNS)].reset_index(drop=True)


# Why a row is not assessed, as the folded list under a table names it (codes of ``reason_code``).
REASON_VI = {
    "no_data": "Chưa có số liệu quan sát", "one_point": "Mới có một số liệu, chưa đủ để đánh giá xu hướng",
    "no_figure_for_year": "Chưa có số liệu của năm mục tiêu",
    "merged_figure_only": "Năm mục tiêu chỉ có số của thành phố sau hợp nhất (địa bàn khác)",
    "other_territory_only": "Chỉ có số của Hải Phòng trước hợp nhất",
    "old_boundary_gone": "Mục tiêu của địa giới cũ, năm đó chỉ có số của thành phố sau hợp nhất",
    "pre_merger_only": "Chỉ có chuỗi của Hải Phòng trước hợp nhất (đánh giá chỉ để tham khảo)",
    "period_not_started": "Giai đoạn chưa bắt đầu",
    "share_without_numerator": "Chưa có số chi của thành phố cho tỷ lệ này",
    "bound_inconclusive": "Số liệu chỉ là một cận, chưa đủ để kết luận",
}


def _folded_item(r, ds: Dataset) -> str:
    """"tỷ lệ phủ sóng 5G theo diện tích 2026 (tối thiểu 80%)"; a period target's title names its
    period; a national target says so."""
    title = _lower_first(str(ds.indicators.at[r.outcome_indicator, "title_vi"]))
    year = "" if not _blank(r.period_start) or "giai đoạn" in title else f" {int(r.target_year)}"
    whose = "mục tiêu quốc gia " if r.target_geo == NATIONAL else ""
    return f"{title}{year} ({whose}{value_text(r.target_value, r.target_qualifier, _unit(ds, r.outcome_indicator))})"


def _cited_items(rows: pd.DataFrame, ds: Dataset) -> str:
    """The folded items joined with "; ", each run of items with the same sources followed by
    their citation (one citation, not one per item: the page stays small)."""
    items = [(_folded_item(r, ds), _cite(_sources(r))) for r in rows.itertuples(index=False)]
    return "; ".join(text + (cite if i + 1 == len(items) or items[i + 1][1] != cite else "")
                     for i, (text, cite) in enumerate(items))


def unassessed_markdown(card: pd.DataFrame, ds: Dataset, rows: pd.Series | None = None) -> str:
    """The rows of a scorecard table that cannot be assessed, folded into one short list grouped by
    reason, their sources cited as a table row cites them (their notes stay in scorecard.csv):
    "**Chưa có số liệu quan sát (12):** …"."""
    sel = card if rows is None else card[rows]
    sel = sel[(sel["scope"] == "target") & sel["lead"].astype(bool) & (sel["status"] == "not_assessable")]
    lines = []
    for code in REASON_VI:
        hit = sel[sel["reason_code"] == code]
        if hit.empty:
            continue
        items = _cited_items(hit.sort_values(["target_year", "indicator"]), ds)
        lines.append(f"- **{REASON_VI[code]} ({len(hit)}):** {items}.")
    other = sel[~sel["reason_code"].isin(list(REASON_VI))]
    if len(other):
        raise ValueError(f"reason codes without words: {sorted(set(other['reason_code']))}")
    return "\n".join(lines) + ("\n" if lines else "")


APART_HEADERS = {"target": "Mục tiêu, kế hoạch", "year": "Năm", "why": "Vì sao không chấm điểm"}


def listed_apart_table(card: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Superseded targets and plans that are not outcomes: listed, never scored or counted."""
    rows = card[card["scope"] != "target"].sort_values(["scope", "target_year"], ascending=[False, True], kind="stable")
    return pd.DataFrame([{"target": target_label(r, ds), "year": str(int(r.target_year)), "why": note_text(r, ds)}
                         for r in rows.itertuples(index=False)], columns=list(APART_HEADERS))


TRACK_HEADERS = {"indicator": "Chỉ tiêu", "years": "Các năm", "record": "Số lần đạt", "misses": "Các năm không đạt",
                 "sources": "Nguồn"}


def track_record_table(card: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """How many of its own annual plans and targets the city met since 2019, per indicator."""
    rec = track_record(card)
    counted = record_rows(card)
    out = []
    for r in rec.itertuples(index=False):
        rows = card[(card["indicator"] == r.indicator) & card["status"].isin(["met", "missed"])]
        missed = rows[rows["status"] == "missed"]["target_year"].astype(int)
        years = record_years(counted, r.indicator)
        out.append({"indicator": str(ds.indicators.at[r.indicator, "title_vi"]),
                    "years": territory_spans(years) if years["geo"].nunique() > 1
                    else f"{r.first_year}–{r.last_year}" if r.first_year != r.last_year else str(r.first_year),
                    "record": f"{r.met}/{r.assessed}",
                    "misses": ", ".join(str(y) for y in missed) or MISSING,
                    "sources": ", ".join(card_sources(counted[counted["indicator"] == r.indicator]))})
    return pd.DataFrame(out, columns=list(TRACK_HEADERS))


def record_years(counted: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The years (`year`, `geo`) of one indicator's track record (`counted`: ``record_rows`` of
    the scorecard), for ``territory_spans``: a record that runs across the merger says which years
    are which city."""
    rows = counted[counted["indicator"] == indicator]
    return pd.DataFrame({"year": rows["target_year"].astype(int), "geo": rows["target_geo"]})


CSV_COLUMNS = ["target_id", "group_id", "indicator", "target_geo", "target_year", "target_value", "target_qualifier",
               "body", "scope", "lead", "counted", "headline_class", "series_geo",
               "series_basis", "latest_year", "latest_value", "status", "robust", "flips", "alternatives",
               "probability", "required_rate", "required_change", "reason_code", "reason",
               "target_kind", "policy", "latest_qualifier", "latest_is_expectation", "low_reliability_sources",
               "indicative_status", "method", "ratio", "gap",
               "recent_mean", "achieved_mean", "n_points", "series_first_year", "model", "back_calculated_years",
               "component_of", "superseded_by", "target_source", "latest_source"]


def scorecard_csv(card: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """``scorecard.csv``: the analysis columns, ``required_rate`` in % a year, ``reason`` in words."""
    out = card.copy()
    out["required_rate"] = out["required_rate"].astype(float) * 100
    out["reason"] = [note_text(r, ds) for r in card.itertuples(index=False)]
    out["series_geo"] = out["series_geo"].fillna("")
    return out[CSV_COLUMNS]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


RELIABILITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _cite(ids, ds: Dataset | None = None) -> str:
    """Pandoc citations of ``ids``, the most reliable sources first (official before aggregators)."""
    ids = list(dict.fromkeys(i for i in ids if i))
    if ds is not None:
        rank = {i: RELIABILITY_ORDER.get(str(ds.sources.at[i, "reliability"]), 3) if i in ds.sources.index else 3
                for i in ids}
        ids = sorted(ids, key=lambda i: rank[i])
    return " [" + "; ".join(f"@{i}" for i in ids) + "]" if ids else ""


def body_label(ds: Dataset, body: str) -> str:
    return str(ds.target_rules["bodies"].get(body, {}).get("label_vi", body))


def target_phrase(r, ds: Dataset) -> str:
    """A target in running text: "mục tiêu 148.499 tỷ đồng", "mục tiêu khoảng 13,25% của Chính phủ"."""
    unit = _unit(ds, r.outcome_indicator)
    if unit == "rank":
        return f"{KIND_VI[r.target_kind]} {target_text(r.target_value, r.target_qualifier, unit)}"
    if r.body == "central_budget":
        return f"dự toán Trung ương giao {value_text(r.target_value, r.target_qualifier, unit)}"
    whose = "" if r.body in ("city", "") else f" của {body_label(ds, r.body)}"
    return f"{KIND_VI[r.target_kind]} {value_text(r.target_value, r.target_qualifier, unit)}{whose}"


def _outcome_phrase(r, ds: Dataset) -> str:
    """"thu ngân sách nhà nước trên địa bàn khoảng 187.766,6 tỷ đồng (các nguồn: 187.000–196.151) so với
    mục tiêu 148.499 tỷ đồng": the sources' range when they give the figure as different values."""
    title = _lower_first(str(ds.indicators.at[r.outcome_indicator, "title_vi"]))
    unit = _unit(ds, r.outcome_indicator)
    spread = _sources_range(r, ds)
    return (f"{title} {value_text(r.latest_value, r.latest_qualifier, unit)}" + (f" ({spread})" if spread else "")
            + f" so với {target_phrase(r, ds)}")


def _group_others(card: pd.DataFrame, r, ds: Dataset) -> str:
    """The other targets of a lead row's group, with their verdicts, in words."""
    others = _group_rest(card, r)
    return "; ".join(f"{target_phrase(o, ds)}: {STATUS_WORD_VI[o.status].lower()}" for o in others.itertuples(index=False))


def count_sentence(card: pd.DataFrame, as_of_year: int, n_national_left: int) -> str:
    """The answer in two sentences, every number from ``headline_table``'s line for all targets."""
    t = headline_table(card, as_of_year, n_national_left).iloc[0]
    parts = [f"**{t[c]} {HEADLINE_VI[c]}**" for c in HEADLINE_CLASSES if c != "not_assessable"]
    judged = int(t["robust"] + t["fragile"])
    text = (f"Báo cáo theo dõi **{t['targets']} mục tiêu** của Hải Phòng từ năm {sc.FIRST_YEAR} và các mục tiêu quốc gia "
            f"năm {sc.NATIONAL_YEAR} so được với số liệu của thành phố, mỗi chỉ tiêu, địa bàn và năm tính một lần. "
            f"Trong đó {', '.join(parts)} và **{t['not_assessable']} chưa đánh giá được**.\n\n"
            f"Trong {judged} kết luận, {t['robust_tested']} đã được tính lại với nguồn hoặc cách tính khác và giữ nguyên, "
            f"{t['robust_single']} chỉ có một nguồn và một cách tính, {t['fragile']} “chưa chắc chắn” vì đổi khi dùng "
            "một nguồn hoặc cách tính khác. "
            f"{t['superseded']} mục tiêu đã được thay thế và {t['not_outcome']} kế hoạch không phải chỉ tiêu kết quả "
            "được liệt kê riêng, không tính")
    if t["national_without_series"]:
        text += f"; {t['national_without_series']} mục tiêu quốc gia khác chưa có số liệu của Hải Phòng để so"
    return text + "."


def year_sentence(card: pd.DataFrame, ds: Dataset, year: int, as_of_year: int) -> str:
    """The targets due in ``year``, from ``headline_table``'s line for that year."""
    table = headline_table(card, as_of_year)
    t = table[(table["scope"] == "year") & (table["year"] == year)].iloc[0]
    due = card[(card["target_year"] == year) & (card["target_geo"] != NATIONAL) & card["counted"].astype(bool)]
    text = f"Năm {year} có **{t['targets']} mục tiêu đến hạn**"
    if due["period_start"].notna().any():
        text += f" (kể cả mục tiêu giai đoạn kết thúc năm {year})"
    pieces = []
    for cls in HEADLINE_CLASSES:
        if not t[cls]:
            continue
        rows = due[due["headline_class"] == cls]
        detail = [] if cls == "not_assessable" else [
            _outcome_phrase(r, ds) + (f"; so với {others}" if (others := _group_others(card, r, ds)) else "")
            for r in rows.itertuples(index=False)]
        pieces.append(f"{HEADLINE_VI[cls]} {t[cls]}" + (f" ({'; '.join(detail)})" if detail else ""))
    text += ": " + ", ".join(pieces)
    extra = []
    if t["superseded"]:
        extra.append(f"{t['superseded']} mục tiêu đã được thay thế")
    if t["not_outcome"]:
        extra.append(f"{t['not_outcome']} kế hoạch không phải chỉ tiêu kết quả")
    if extra:
        text += "; không tính " + " và ".join(extra)
    sources = [s for r in due[due["headline_class"].isin(["met", "missed", "uncertain"])].itertuples(index=False)
               for s in _sources(r)]
    return text + "." + _cite(sources, ds)


def findings(card: pd.DataFrame, ds: Dataset, as_of_year: int) -> list[str]:
    """The few findings that matter most, each with its figure and source (only those the data
    allow): the city's record on its annual plans, what a period-average promise now requires,
    the targets of the latest due year, next year's growth target, targets reached early, and
    fragile verdicts with what flips them."""
    out = []
    counted = card[card["counted"].astype(bool)]
    for r in track_record(card).itertuples(index=False):
        if r.assessed >= 3:
            rows = counted[(counted["indicator"] == r.indicator) & counted["status"].isin(["met", "missed"])]
            title = _lower_first(str(ds.indicators.at[r.indicator, "title_vi"]))
            geos = sorted(set(rows["target_geo"]), key=lambda g: g != boundary.PRE_MERGER)
            where = "" if len(geos) < 2 else (f" ({r.first_year}–{boundary.MERGER_YEAR - 1}: Hải Phòng trước hợp nhất; "
                                              f"{boundary.MERGER_YEAR}: thành phố sau hợp nhất)")
            out.append(f"Về {title}, thành phố đạt **{r.met} trong {r.assessed}** kế hoạch, mục tiêu năm của mình "
                       f"từ {r.first_year} đến {r.last_year}{where}."
                       + _cite((s for x in rows.itertuples(index=False) for s in _sources(x)), ds))
    for r in counted[(counted["method"] == "period_average") & counted["ratio"].notna()].itertuples(index=False):
        where = TERRITORY_VI.get(r.target_geo, r.target_geo)
        text = (f"{r.policy} đặt mục tiêu tăng trưởng GRDP bình quân {value_text(r.target_value, r.target_qualifier, 'percent')}"
                f"/năm giai đoạn {int(r.period_start)}–{int(r.target_year)}; {where} đạt bình quân "
                f"{percent_text(r.achieved_mean, 2)}/năm giai đoạn {int(r.period_start)}–{int(r.latest_year)}")
        if r.latest_is_expectation:
            text += " (số dự kiến, nêu trước khi năm kết thúc)"
        text += (f", nên {int(r.latest_year) + 1}–{int(r.target_year)} cần bình quân **{_rate(r.required_rate)}**")
        if r.target_geo == boundary.PRE_MERGER and int(r.latest_year) >= boundary.MERGER_YEAR:
            text += f" (từ năm {boundary.MERGER_YEAR + 1} chỉ có số của thành phố sau hợp nhất)"
        text += "."
        out.append(text + _cite(_sources(r), ds))
    due_years = card[(card["target_geo"] != NATIONAL) & (card["target_year"] <= as_of_year) & card["counted"].astype(bool)]
    if len(due_years):
        out.append(year_sentence(card, ds, int(due_years["target_year"].max()), as_of_year))
    rates = counted[(counted["outcome_indicator"].map(ds.unit) == "percent_change") & counted["period_start"].isna()
                    & (counted["target_year"] > as_of_year) & (counted["status"] != "not_assessable")]
    for r in rates.itertuples(index=False):
        title = _lower_first(str(ds.indicators.at[r.outcome_indicator, "title_vi"]))
        others = _group_others(card, r, ds)
        out.append(f"Mục tiêu {title} năm {int(r.target_year)} của thành phố là "
                   f"{value_text(r.target_value, r.target_qualifier, 'percent')}: “{STATUS_WORD_VI[r.status].lower()}”; "
                   f"{_lower_first(note_text(r, ds))}" + (f" Bên cạnh đó, {others}." if others else "")
                   + _cite(_sources(r), ds))
    for r in counted[counted["status"] == "reached_early"].itertuples(index=False):
        title = _lower_first(str(ds.indicators.at[r.outcome_indicator, "title_vi"]))
        out.append(f"Mục tiêu {title} năm {int(r.target_year)} ({target_phrase(r, ds)}) **đã đạt sớm** "
                   f"({latest_text(r, ds)}), cần giữ đến năm mục tiêu." + _cite(_sources(r), ds))
    shown = set(rates.index) | set(counted[counted["status"] == "reached_early"].index)
    for r in counted[~counted.index.isin(shown)].itertuples(index=False):
        if not fragile(r):
            continue
        title = _lower_first(str(ds.indicators.at[r.outcome_indicator, "title_vi"]))
        out.append(f"Mục tiêu {title} năm {int(r.target_year)} ({target_phrase(r, ds)}): "
                   f"“{STATUS_WORD_VI[r.status].lower()}”, {flip_text(r, ds)}." + _cite(_sources(r), ds))
    return out


# Reasons that say the data are missing or too short (as opposed to a boundary, a share without its
# numerator or a period that has not begun).
DATA_LACKING = ("no_data", "one_point", "no_figure_for_year", "merged_figure_only", "other_territory_only")


def _short_title(ds: Dataset, indicator: str) -> str:
    return _lower_first(str(ds.indicators.at[indicator, "title_vi"]))


def _sources_range(r, ds: Dataset) -> str:
    """"các nguồn: 187.000–196.151" (in the unit of the figure beside it) when the sources give a verdict's figure (same
    indicator, territory, year and observed kind) as different values; "" when they agree. Bounds
    ("hơn 100.000") are left out: they state no value."""
    if _blank(r.latest_year) or not isinstance(r.series_geo, str):
        return ""
    v = ds.values
    same = v[(v["indicator"] == r.outcome_indicator) & (v["geo"] == r.series_geo) & (v["year"] == int(r.latest_year))
             & (v["kind"] == r.latest_kind) & v["qualifier"].isin(["=", "~"])]
    if same["value"].nunique() < 2:
        return ""
    return f"các nguồn: {format_number(same['value'].min())}–{format_number(same['value'].max())}"


def key_points(card: pd.DataFrame, ds: Dataset, as_of_year: int) -> list[tuple[str, str, list[str]]]:
    """"Các điểm chính": three to five short plain sentences (no citations, no signs) as (lead words,
    the rest, ``group_id`` of the scorecard rows they speak of). Every number comes from the
    scorecard or ``headline_table``; the lead words link to the table that holds those rows."""
    t = headline_table(card, as_of_year).iloc[0]
    counted = card[card["counted"].astype(bool)]
    lacking = int(counted["reason_code"].isin(DATA_LACKING).sum())
    out = [(f"Trong {t['targets']} mục tiêu", f": {t['met']} đạt, {t['missed']} không đạt, {t['on_track']} đúng hướng, "
            f"{t['off_track']} chậm, {t['uncertain']} chưa chắc chắn; {t['not_assessable']} chưa đánh giá được, "
            f"{lacking} trong số đó vì thiếu số liệu.", [])]
    due = counted[(counted["target_geo"] != NATIONAL) & (counted["target_year"] == as_of_year)
                  & counted["status"].isin(["met", "missed"])]
    if len(due):
        def said(r) -> str:
            unit = _unit(ds, r.outcome_indicator)
            word = STATUS_WORD_VI[r.status].lower()
            return (f"{_short_title(ds, r.outcome_indicator)} {word} ({value_text(r.latest_value, r.latest_qualifier, unit)} "
                    f"so với {target_phrase(r, ds)})")
        rows = sorted(due.itertuples(index=False), key=lambda r: r.status != "met")
        out.append((f"Năm {as_of_year}", ": " + "; ".join(said(r) for r in rows) + ".", [r.group_id for r in rows]))
    record = record_rows(card)
    for r in track_record(card).itertuples(index=False):
        if r.assessed >= 3 and r.met * 2 < r.assessed:
            title = str(ds.indicators.at[r.indicator, "title_vi"])
            years = record_years(record, r.indicator)
            later = years[years["geo"] != years.sort_values("year")["geo"].iloc[0]]
            # short words: the key point stays on one line (the first screen keeps the overview figure)
            spans = f" ({territory_spans(later, {'hai_phong_merged': 'sau hợp nhất'})})" if len(later) else ""
            out.append((title, f" chỉ đạt kế hoạch {r.met} trong {r.assessed} năm {r.first_year}–"
                               f"{r.last_year}{spans}.",
                        list(counted.loc[(counted["indicator"] == r.indicator) & counted["period_start"].isna()
                                         & counted["status"].isin(["met", "missed"]), "group_id"])))
    nxt = counted[(counted["target_year"] == as_of_year + 1)]
    judged = nxt[nxt["status"] != "not_assessable"]
    if len(judged):
        def verdict(r) -> str:
            word = STATUS_WORD_VI[r.status].lower()
            return f"{_short_title(ds, r.outcome_indicator)} {word}" + (" (chưa chắc chắn)" if fragile(r) else "")
        out.append((f"Năm {as_of_year + 1}", ": " + "; ".join(verdict(r) for r in judged.itertuples(index=False))
                    + f"; {len(nxt) - len(judged)} trong {len(nxt)} mục tiêu chưa đủ số liệu.", list(judged["group_id"])))
    return out[:5]


def key_points_markdown(card: pd.DataFrame, ds: Dataset, as_of_year: int | None = None) -> str:
    """"Các điểm chính" as a list; each sentence's lead words link to the scorecard table that holds
    its rows and their sources (the outcomes for targets due, the scorecard for open ones, the
    scorecard section when it speaks of all)."""
    as_of_year = sc.as_of_year(ds) if as_of_year is None else as_of_year
    years = dict(zip(card["group_id"], card["target_year"]))
    lines = ["**Các điểm chính**", ""]
    for lead, rest, groups in key_points(card, ds, as_of_year):
        due = {years[g] <= as_of_year for g in groups}
        anchor = "sec-bang-diem" if len(due) != 1 else ("tbl-outcomes" if True in due else "tbl-scorecard")
        lines.append(f"- [{lead}](#{anchor}){rest}")
    return "\n".join(lines) + "\n"


def _overview_targets(card: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """The counted targets with their theme (``group``), in the overview figure's order: theme
    (``GROUPS``), headline class (``HEADLINE_CLASSES``), year."""
    counted = card[card["counted"].astype(bool)]
    out = counted.assign(group=counted["outcome_indicator"].map(ds.indicators["group"]))
    order = {g: i for i, g in enumerate(GROUPS)}
    rank = {c: i for i, c in enumerate(HEADLINE_CLASSES)}
    out = out.assign(_g=out["group"].map(lambda g: order.get(g, 99)), _c=out["headline_class"].map(rank))
    return out.sort_values(["_g", "_c", "target_year"], kind="stable").reset_index(drop=True)


def overview_data(card: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """The overview figure's download: every counted target as codes (theme, headline class,
    target and row ids), in the figure's order."""
    return _overview_targets(card, ds)[["group", "headline_class", "target_id", "group_id", "indicator",
                                        "target_geo", "target_year", "status"]]


def with_year(title: str, year) -> str:
    """A target's title with its year, said once: "Tỷ lệ phủ sóng 5G theo diện tích 2026"; a title
    that names its period keeps it ("… thời kỳ 2021–2030"), one that names a period without years
    says when it ends ("… giai đoạn 5 năm (đến 2030)")."""
    title, year = str(title), int(year)
    if str(year) in title:
        return title
    if "giai đoạn" in title or "thời kỳ" in title:
        return f"{title} (đến {year})"
    return f"{title} {year}"


def overview_rows(card: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """The overview figure's data: every counted target with its theme, headline class (as the
    figure's label) and the target in words, in the figure's order."""
    t = _overview_targets(card, ds)
    return pd.DataFrame({
        "theme": [GROUP_LABELS.get(g, g) for g in t["group"]],
        "status": [HEADLINE_VI[c][:1].upper() + HEADLINE_VI[c][1:] for c in t["headline_class"]],
        "target": [f"{with_year(ds.indicators.at[r.outcome_indicator, 'title_vi'], r.target_year)}: "
                   f"{target_text(r.target_value, r.target_qualifier, _unit(ds, r.outcome_indicator))}"
                   for r in t.itertuples(index=False)],
    })


def summary_markdown(card: pd.DataFrame, ds: Dataset, n_national_left: int, as_of_year: int | None = None) -> str:
    """"Tóm tắt"'s opening: the counts, then the findings as a list."""
    as_of_year = sc.as_of_year(ds) if as_of_year is None else as_of_year
    lines = [count_sentence(card, as_of_year, n_national_left), ""]
    lines += [f"- {f}" for f in findings(card, ds, as_of_year)]
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
    alt_weights = " và ".join(WEIGHTING_VI[w] for w in boundary.WEIGHTINGS if w != "level")
    return "\n".join([
        f"Bảng điểm gồm mọi mục tiêu và kế hoạch của thành phố từ năm {sc.FIRST_YEAR} (cả trước và sau hợp nhất) "
        f"và các mục tiêu quốc gia năm {sc.NATIONAL_YEAR} mà chuỗi số liệu của Hải Phòng có thể so.",
        "",
        "- **Một mục tiêu, một dòng**: một mục tiêu là một chỉ tiêu, một địa bàn, một năm hoặc giai đoạn, một cơ quan "
        "đặt ra (đọc từ văn bản chính sách, tệp targets.yml) và một loại (kế hoạch hay mục tiêu); nhiều nguồn nêu cùng "
        "mục tiêu là một mục tiêu. Khi hai cơ quan đặt mục tiêu khác nhau cho cùng chỉ tiêu, địa bàn và năm (thành phố "
        "và Chính phủ, thành phố và dự toán Trung ương giao), bảng điểm ghi cả hai trên một dòng, mỗi mục tiêu một kết "
        "luận, và phần tóm tắt đếm dòng đó một lần theo mục tiêu của thành phố. Mục tiêu đã được một quyết định sau "
        "thay thế và các kế hoạch không phải chỉ tiêu kết quả (kế hoạch chi, số nhiệm vụ, định hướng chính sách) được "
        "liệt kê riêng, không chấm điểm và không tính. Một phần của một tổng (thu nội địa, thu xuất nhập khẩu trong "
        "tổng thu ngân sách) được ghi nhưng không tính thêm khi tổng có mục tiêu cùng năm: một kết quả không được "
        "đếm thành nhiều thành công.",
        "- **Đã đến hạn** (năm mục tiêu không muộn hơn năm có số liệu mới nhất): số liệu của chính năm đó, trên "
        "địa bàn của mục tiêu, quyết định “Đạt” hay “Không đạt”; chênh lệch được ghi bằng đơn vị của chỉ tiêu "
        "(điểm % với tỷ lệ). Mục tiêu ghi “khoảng” được đọc như mức cần đạt. Không có số của năm đó thì "
        "“Chưa đánh giá được”, kèm lý do; với mục tiêu của Hải Phòng trước hợp nhất mà chỉ có số của thành phố sau "
        "hợp nhất, báo cáo ghi phần của Hải Dương phải lớn đến đâu thì địa bàn cũ mới không đạt.",
        "- **Chưa đến hạn**: giá trị mới nhất của chính địa bàn mục tiêu đã đạt thì “Đã đạt sớm, cần giữ”. Nếu "
        "chưa, tỷ số giữa tốc độ tăng bình quân năm (CAGR) thực tế và CAGR cần thiết để đạt mục tiêu quyết định "
        f"xếp loại theo phương pháp của Open SDG và Eurostat: từ {pct(hi)} “Tiến bộ đáng kể”, từ {pct(mid)} "
        f"“Tiến bộ vừa phải”, từ {pct(lo)} “Tiến bộ hạn chế”, dưới {pct(lo)} “Đi lùi”. Năm gốc là năm đầu tiên có số "
        "liệu của chuỗi; cần ít nhất hai điểm số liệu. "
        "Với tỷ lệ, điểm và chỉ số, mức cần đạt được ghi bằng điểm % (hoặc điểm) mỗi năm; với số tiền và số lượng, "
        "bằng % tăng mỗi năm.",
        "- **Tốc độ tăng trưởng là tỷ lệ**: không tính CAGR của một tốc độ tăng trưởng. Mục tiêu tăng trưởng năm được so bằng "
        f"chênh lệch điểm % với năm mới nhất và với bình quân {sc.RECENT_YEARS} năm gần nhất; xếp loại dùng thay "
        "đổi bình quân năm của chính tỷ lệ. Mục tiêu bình quân một giai đoạn được đọc trên chỉ số khối lượng GRDP "
        "mà nó hàm ý: các năm đã qua nhân dồn (1 + g), và báo cáo ghi mức bình quân các năm còn lại cần đạt. Các năm "
        "đã qua chỉ lấy của chính địa bàn mục tiêu: số bình quân giai đoạn mà nguồn công bố cho địa bàn đó nếu có, "
        "sau đó số từng năm; không nối năm của địa bàn khác.",
        "- **Hợp nhất với Hải Dương (1/7/2025)**: mỗi dòng ghi chuỗi dùng để so. Với năm trước hợp nhất mà cả hai "
        "địa phương có số liệu, báo cáo quy đổi về địa bàn mới như Eurostat làm khi địa giới thay đổi: cộng số "
        f"tuyệt đối và số lượng, lấy bình quân có trọng số ({weights}) với tốc độ tăng; đó là ước tính của báo cáo. "
        "Thứ hạng, chỉ số và tỷ trọng không quy đổi được: nếu chỉ có chuỗi của Hải Phòng trước hợp nhất, xếp loại "
        "chỉ để tham khảo và dòng được ghi “Chưa đánh giá được”.",
        f"- **Xác suất đạt** lấy từ mô hình xu hướng khi chuỗi có ít nhất {sc.MIN_PROJECTION_POINTS} điểm; khi xếp "
        "loại và xác suất chỉ hai hướng khác nhau, dòng đó nói rõ.",
        "- **Kiểm tra độ vững**: mỗi kết luận được tính lại với từng cách đọc thay thế hợp lý: từng nguồn khác của "
        "số liệu mà kết luận dựa vào và của mục tiêu (một nguồn chỉ nêu cận, như “hơn 100.000”, mà số được dùng đã "
        f"thỏa thì không phải số khác); trọng số quy đổi {alt_weights} thay cho {WEIGHTING_VI['level']} (trọng số "
        "dân số chỉ dùng được khi có dân số của cả hai địa phương cùng năm; dữ liệu hiện chưa có); đo tiến độ tỷ trọng "
        "bằng điểm % thay cho tăng trưởng kép; số từng năm thay cho số bình quân giai đoạn đã công bố; và bỏ số dự kiến. "
        f"Một con số được coi là dự kiến nếu nguồn đăng nó sớm hơn {robustness.EXPECTATION_LEAD_DAYS} ngày trước khi năm đó kết thúc; "
        "nguồn không ghi ngày đăng không xác định được. Kết luận đổi với bất kỳ cách đọc nào được ghi “chưa chắc "
        "chắn”, kèm cách đọc làm nó đổi; kết luận dựa vào nguồn có độ tin cậy thấp được ghi rõ. Tệp scorecard.csv "
        "ghi mọi cách đọc đã thử và kết luận của từng cách.",
        "- **Phần tóm tắt đếm** mỗi dòng của bảng điểm một lần theo mục tiêu dẫn đầu của dòng: "
        f"“{HEADLINE_VI['met']}”, “{HEADLINE_VI['missed']}” (đã đến hạn); “{HEADLINE_VI['on_track']}” (đã đạt sớm hoặc "
        f"tiến bộ đáng kể); “{HEADLINE_VI['off_track']}” (tiến bộ vừa phải, hạn chế hoặc đi lùi); "
        f"“{HEADLINE_VI['uncertain']}” (kết luận đổi với một cách đọc thay thế); “{HEADLINE_VI['not_assessable']}”.",
    ]) + "\n"


def drop_empty_probability(table: pd.DataFrame, headers: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """The scorecard table and its headers without the probability column when no row has one
    (a column of "–" tells the reader nothing)."""
    if "probability" in table.columns and (table["probability"] == MISSING).all():
        return table.drop(columns="probability"), {k: v for k, v in headers.items() if k != "probability"}
    return table, headers


def probability_markdown(card: pd.DataFrame, rows: pd.Series, runs) -> str:
    """Where the probabilities of reaching a target are, true to what the tables hold: the
    scorecard table's (``rows``, assessed) and the projections table's (``runs``, from
    ``scorecard.projection_runs``), with why a row has none."""
    sel = card[rows & (card["scope"] == "target") & card["lead"].astype(bool) & (card["status"] != "not_assessable")]
    has = sel["probability"].notna()
    table = "[bảng các mục tiêu chưa đến hạn đã đánh giá được](#tbl-scorecard)"
    if has.any():
        first = (f"Xác suất đạt trong {table} ({int(has.sum())} trong {len(sel)} mục tiêu) lấy từ một mô hình xu "
                 "hướng; các dòng khác không có xác suất")
    else:
        first = f"Không mục tiêu nào trong {table} có xác suất đạt, nên bảng không có cột này"
    rest = sel[~has]
    why = []
    early = int((rest["status"] == "reached_early").sum())
    short = int(((rest["status"] != "reached_early") & (rest["n_points"] < sc.MIN_PROJECTION_POINTS)).sum())
    other = len(rest) - early - short
    if early:
        why.append(f"{early} mục tiêu đã đạt sớm, không cần dự báo")
    if short:
        why.append(f"chuỗi số liệu của {short} mục tiêu có dưới {sc.MIN_PROJECTION_POINTS} điểm, chưa đủ để khớp "
                   "mô hình xu hướng")
    if other:
        why.append(f"{other} mục tiêu không khớp được mô hình xu hướng nào")
    lines = [first + (": " + "; ".join(why) if why else "") + "."]
    if not runs:
        lines.append("Chưa mục tiêu nào có đủ số liệu để dự báo đến năm mục tiêu.")
        return " ".join(lines) + "\n"
    indicative = [r for r, _ in runs if pd.isna(r["probability"])]
    lines.append(f"[Bảng dự báo](#tbl-projections) liệt kê mọi mô hình đã khớp cho {len(runs)} mục tiêu có đủ số "
                 "liệu, với giai đoạn khớp, số điểm, khoảng dự báo 80% và 95%, xác suất đạt mục tiêu theo từng mô "
                 "hình và lý do chọn mô hình ([phương pháp dự báo](#sec-pp-du-bao)).")
    if indicative:
        reasons = "; ".join(dict.fromkeys(_lower_first(REASON_VI.get(r["reason_code"], str(r["reason_code"])))
                                          .split(" (")[0] for r in indicative))
        whose = "Cả " + str(len(runs)) + " mục tiêu đó" if len(indicative) == len(runs) else f"{len(indicative)} trong số đó"
        lines.append(f"{whose} chưa đánh giá được ({reasons}): dự báo và xác suất của chúng chỉ để tham khảo, "
                     "không dùng trong bảng điểm.")
    return " ".join(lines) + "\n"
