"""The edition comparison in words (presentation of helpers.analysis.editions): the "Thay đổi so với ấn bản
trước" section, the back-test and the method, written from the constants the code uses."""

from __future__ import annotations

import pandas as pd

from helpers.data import cutoff

from helpers.analysis import editions as ed
from helpers.data.contract import GEOS
from helpers.data.edition import Edition
from helpers.present.edition_text import date_text, edition_name
from helpers.present.figure_text import target_text, value_text
from helpers.present.scorecard_text import PROJECTION_DECIMALS, STATUS_WORD_VI, TERRITORY_VI
from helpers.present.tables import format_number

REVISION_VI = {"estimate_to_actual": "từ số ước tính sang số thực hiện",
               "correction": "cùng nguồn, số khác (đính chính)",
               "other_source": "dùng nguồn khác"}
CAUSE_VI = {"changed_target": "mục tiêu thay đổi", "new_data": "có số liệu mới",
            "revised_data": "số liệu được điều chỉnh",
            "came_due": "đã đến năm mục tiêu (mục tiêu được đánh giá như đã đến hạn)",
            "changed_method": "phương pháp thay đổi"}
TARGET_KEY_VI = {"indicator": "chỉ tiêu", "target_geo": "địa bàn", "target_year": "năm",
                 "policy": "văn bản đặt ra mục tiêu", "target_id": "mã mục tiêu (chỉ tiêu, địa bàn, năm hoặc giai "
                 "đoạn, cơ quan đặt ra, loại)"}
TARGET_CHANGE_VI = {"added": "mục tiêu mới", "dropped": "không còn trong bảng điểm", ed.SUPERSEDED: "bị thay thế"}


def _where(geo: str) -> str:
    return TERRITORY_VI.get(geo) or GEOS.get(geo, geo)


def _cite(ds, sid) -> str:
    if sid is None or (isinstance(sid, float) and pd.isna(sid)):
        return ""
    return f" [@{sid}]" if sid in ds.sources.index else f" (`{sid}`)"


def _label(ds, indicator: str, geo: str, year) -> str:
    title = ds.indicators.at[indicator, "title_vi"] if indicator in ds.indicators.index else indicator
    return f"{title} ({_where(geo)}, {int(year)})"


def _value(ds, indicator: str, value, qualifier) -> str:
    unit = ds.unit(indicator) if indicator in ds.indicators.index else None
    return value_text(float(value), str(qualifier), unit)


def absent_markdown(edition: Edition, editions_dir: str = "editions") -> str:
    """What the section says when the previous edition has not been archived."""
    if not edition.previous:
        return f"{edition_name(edition).capitalize()} không có ấn bản trước để so sánh.\n"
    return (f"Ấn bản {edition.previous} chưa được lưu trong `{editions_dir}/{edition.previous}/`, nên mục này chưa "
            "so sánh được số liệu, mục tiêu và đánh giá với ấn bản trước, và chưa kiểm tra được dự báo của ấn bản đó. "
            "Khi ấn bản trước được lưu (`hpreport release`), mục này được viết lại từ các tệp lưu trữ.\n")


def backtest_absent_markdown(edition: Edition) -> str:
    """The back-test's line when there is no previous edition to check."""
    if not edition.previous:
        return "Không có ấn bản trước nên không có dự báo nào để kiểm tra.\n"
    return f"Chưa kiểm tra được dự báo của ấn bản {edition.previous}: ấn bản đó chưa được lưu.\n"


def changes_markdown(c: ed.Comparison, ds) -> str:
    """The changes since the previous edition: counts, then one line per revised figure, per
    dropped or superseded target and per changed verdict."""
    fig, tgt, ver = c.figures, c.targets, c.verdicts
    n = lambda frame, change: int((frame["change"] == change).sum())  # noqa: E731
    prev = edition_name(c.previous)
    cut = c.previous.get("cutoff")
    lines = [f"So với {prev}" + (f", số liệu chốt ngày {date_text(cut)}" if cut else "") + ": "
             f"{n(fig, 'added')} số liệu mới, {n(fig, 'revised')} số liệu được điều chỉnh, {n(fig, 'dropped')} số "
             f"liệu không còn dùng; {n(tgt, 'added')} mục tiêu mới, {n(tgt, 'dropped')} mục tiêu không còn trong "
             f"bảng điểm, {n(tgt, ed.SUPERSEDED)} mục tiêu bị thay thế; {len(ver)} đánh giá thay đổi, "
             f"{c.unchanged} đánh giá giữ nguyên. Danh sách đầy đủ, kể cả từng số liệu và mục tiêu mới, nằm trong "
             "tệp `changes.csv` tải kèm báo cáo.", ""]
    added = fig[fig["change"] == "added"]
    if len(added):
        lines += ["**Số liệu mới** theo năm của số liệu: " + "; ".join(
            f"{int(y)}: {k}" for y, k in added.groupby("year").size().items()) + ".", ""]
    revised = fig[fig["change"] != "added"]
    if len(revised):
        lines += ["**Số liệu được điều chỉnh hoặc không còn dùng**", ""]
        for r in revised.itertuples(index=False):
            old = _value(ds, r.indicator, r.old_value, r.old_qualifier) + _cite(ds, r.old_source_id)
            if r.change == "dropped":
                lines.append(f"- {_label(ds, r.indicator, r.geo, r.year)}: {old}; không còn dùng.")
            else:
                new = _value(ds, r.indicator, r.new_value, r.new_qualifier) + _cite(ds, r.new_source_id)
                lines.append(f"- {_label(ds, r.indicator, r.geo, r.year)}: {old} → {new} ({REVISION_VI[r.revision]}).")
        lines.append("")
    if len(tgt):
        added = tgt[tgt["change"] == "added"]
        by_year = added.groupby("target_year").size()
        if len(added):
            lines += ["**Mục tiêu mới** theo năm mục tiêu: " + "; ".join(
                f"{int(y)}: {k}" for y, k in by_year.items()) + ".", ""]
        for r in tgt[tgt["change"] != "added"].itertuples(index=False):
            unit = ds.unit(r.indicator) if r.indicator in ds.indicators.index else None
            lines.append(f"- {_label(ds, r.indicator, r.target_geo, r.target_year)}: "
                         f"{target_text(float(r.target_value), r.target_qualifier, unit)}"
                         f"{_cite(ds, r.source)}; {TARGET_CHANGE_VI[r.change]}"
                         + (f"; ấn bản trước đánh giá mục tiêu này “{STATUS_WORD_VI[r.old_status].lower()}”"
                            if r.change == ed.SUPERSEDED and isinstance(r.old_status, str) and r.old_status in STATUS_WORD_VI
                            else "") + ".")
        lines.append("")
    if len(ver):
        lines += ["**Đánh giá thay đổi**", ""]
        for r in ver.itertuples(index=False):
            unit = ds.unit(r.indicator) if r.indicator in ds.indicators.index else None
            lines.append(f"- {_label(ds, r.indicator, r.target_geo, r.target_year)}, mục tiêu "
                         f"{target_text(float(r.target_value), r.target_qualifier, unit)}: "
                         f"{STATUS_WORD_VI.get(r.old_status, r.old_status)} → "
                         f"{STATUS_WORD_VI.get(r.new_status, r.new_status)}; nguyên nhân: {CAUSE_VI[r.cause]}"
                         f"{_latest_years(r.old_latest_year, r.new_latest_year)}.")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _latest_years(old, new) -> str:
    """" (số liệu mới nhất: năm 2022 → năm 2025)" when the year a verdict rests on moved."""
    if pd.isna(old) or pd.isna(new) or int(old) == int(new):
        return ""
    return f" (số liệu mới nhất: năm {int(old)} → năm {int(new)})"


def _pct(k: int, n: int) -> str:
    return f"{k}/{n}"


def backtest_markdown(c: ed.Comparison, ds) -> str:
    """The previous edition's projections against the outcomes, one line each, then the scores
    and a plain line on how few cases there are."""
    bt, s = c.backtest, c.score
    prev = edition_name(c.previous)
    lines = [f"Các dự báo của {prev} cho những năm nay đã có số liệu:", ""] if len(bt) else []
    for r in bt.itertuples(index=False):
        unit = ds.unit(r.indicator) if r.indicator in ds.indicators.index else None
        num = lambda x: value_text(float(x), "=", unit, PROJECTION_DECIMALS.get(unit, 2))  # noqa: E731
        inside = {k: "trong" if getattr(r, f"covered{k}") else "ngoài" for k in ed.INTERVALS}
        line = (f"- {_label(ds, r.indicator, r.series_geo, r.year)}: dự báo {num(r.mean)} (khoảng 80%: "
                f"{num(r.lower80)} – {num(r.upper80)}; 95%: {num(r.lower95)} – {num(r.upper95)}); thực tế "
                f"{_value(ds, r.indicator, r.outcome, r.outcome_qualifier)}{_cite(ds, r.outcome_source)}, "
                f"{inside[80]} khoảng 80%, {inside[95]} khoảng 95%")
        if not pd.isna(r.met):
            line += (f"; xác suất đạt mục tiêu đã cho {format_number(float(r.probability) * 100, 0)}%, "
                     f"kết quả: {'đạt' if int(r.met) == 1 else 'không đạt'}")
        if r.outcome_expected:
            line += ("; số “thực tế” này là số dự kiến, nêu trước khi năm kết thúc, nên trường hợp này "
                     "không được tính vào điểm kiểm tra")
        lines.append(line + ".")
    if s.cases == 0:
        lines += ([""] if lines else []) + [
            f"Chưa có dự báo nào của {prev} rơi vào một năm đã có số liệu thực tế (không tính số dự kiến), nên "
            "chưa kiểm tra được độ chính xác của dự báo."]
        return "\n".join(lines) + "\n"
    brier = ("chưa tính được: không có dự báo xác suất nào cho một năm mục tiêu đã có kết quả"
             if s.brier is None else f"{format_number(s.brier, 3)} trên {s.brier_cases} trường hợp "
             "(0 là hoàn hảo; luôn nói 50% cho 0,25)")
    lines += ["", f"Khoảng 80% chứa số thực tế ở {_pct(s.covered[80], s.cases)} trường hợp, khoảng 95% ở "
              f"{_pct(s.covered[95], s.cases)}; điểm Brier {brier}. Với {s.cases} trường hợp, các tỷ lệ này chưa nói "
              "được mô hình dự báo tốt hay kém: cần thêm nhiều ấn bản nữa mới đủ để đánh giá."]
    return "\n".join(lines) + "\n"


def method_markdown() -> str:
    """The edition, reconstruction, change and back-test rules in words, from the code's constants."""
    offset = cutoff.UNDATED_YEAR_OFFSET
    intervals = " và ".join(f"{k}%" for k in ed.INTERVALS)
    return "\n".join([
        "- **Ấn bản và ngày chốt số liệu**: mỗi ấn bản có một ngày công bố và một ngày chốt số liệu, khai báo một "
        "lần trong tệp `edition.yml`. Một số liệu thuộc ấn bản khi nguồn của nó được đăng không muộn hơn ngày chốt; "
        "khi nhóm số liệu mất số được ưu tiên, số của nguồn đăng muộn nhất còn lại được dùng.",
        "- **Nguồn không ghi ngày đăng** được xếp ngày theo hai căn cứ, lấy căn cứ muộn hơn: (1) ghi chú về ngày "
        "đăng: ngày cụ thể muộn nhất được nêu (trang đưa tin sự kiện của ngày đó), nếu không có thì cuối tháng "
        "muộn nhất, nếu không có thì cuối năm muộn nhất; (2) ngày 1 tháng 1 của năm Y + "
        f"{offset}, với Y là năm muộn nhất mà nguồn báo cáo số thực hiện hoặc ước tính (số của một năm chỉ có "
        "sau khi năm đó kết thúc). Nguồn không có căn cứ nào được xếp theo ngày truy cập.",
        "- **Ấn bản dựng lại**: một ấn bản chưa từng công bố được dựng lại từ dữ liệu hiện có theo đúng quy tắc trên "
        "với ngày chốt của nó, và được tính bằng chính mã nguồn của bảng điểm hiện hành; nó được ghi rõ là "
        "“dựng lại”, không phải ấn bản đã công bố.",
        "- **Số liệu thay đổi**: số thực hiện và số ước tính của cùng chỉ tiêu, địa bàn và năm được so như một "
        "số (số thực hiện được ưu tiên). Một số được điều chỉnh thuộc một trong ba loại: "
        + "; ".join(f"“{REVISION_VI[k]}”" for k in ed.REVISIONS) + ".",
        "- **Nguyên nhân đánh giá thay đổi**: lấy nguyên nhân đầu tiên đúng theo thứ tự "
        + ", ".join(f"“{CAUSE_VI[k]}”" for k in ed.CAUSES) + ". Một mục tiêu được nhận diện qua "
        + ", ".join(TARGET_KEY_VI[k] for k in ed.TARGET_KEY) + ".",
        f"- **Kiểm tra dự báo**: mỗi dự báo của ấn bản trước (giá trị, khoảng dự báo {intervals}) cho một năm nay "
        "đã có số liệu được so với số thực tế của chính địa bàn của chuỗi; khoảng “chứa” số thực tế khi số đó nằm "
        "trong khoảng, kể cả hai đầu. Với năm mục tiêu, xác suất đạt đã cho (p) được so với kết quả (o = 1 nếu "
        "đạt, 0 nếu không đạt) bằng điểm Brier, trung bình của (p − o)²; số dạng “hơn X” không quyết định được "
        "đạt hay không thì không tính.",
    ]) + "\n"
