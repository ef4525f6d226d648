"""Every column of every CSV published beside the report, described once.

A column is described by its name, whatever file it is in: its type (a Frictionless field type),
its titles in Vietnamese and English, a Vietnamese description, its unit and, for a code, the
vocabulary of its allowed codes. A code column gets a Vietnamese label column beside it, named
``<column>_vi`` (described here by rule). A column that is not described here cannot be
published: `describe` raises, so the build stops and the tests fail until it is added below.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.data.contract import DIRECTIONS, GEOS, KINDS, POLICY_QUOTE, QUALIFIERS, UNITS
from helpers.present.code_labels import GROUP_LABELS, KIND_VI, MODEL_VI, STATUS_WORD_VI

LABEL_SUFFIX = "_vi"

# Static vocabularies: code -> Vietnamese label. `indicator` and `source` are read from data/.
VOCABULARIES: dict[str, dict[str, str]] = {
    "geo": dict(GEOS),
    # downloads of charts add the rows of a trend's projection (helpers.present.tables.PROJECTION_KIND)
    "kind": {**{k: KIND_VI[k] for k in KINDS}, "projection": "Dự báo theo xu hướng (mô hình)"},
    "qualifier": {"=": "bằng", ">": "hơn", ">=": "tối thiểu", "<": "dưới", "<=": "tối đa", "~": "khoảng"},
    "unit": {"billion_vnd": "tỷ đồng", "percent": "phần trăm (%)",
             "percent_change": "phần trăm thay đổi (%)", "points": "điểm", "rank": "thứ hạng",
             "count": "số lượng", "index": "chỉ số (0–1)"},
    "status": dict(STATUS_WORD_VI),
    "series_basis": {
        "same_boundary": "Chuỗi của chính địa bàn mục tiêu",
        "merged_equivalent": "Chuỗi quy đổi theo địa giới sau hợp nhất (Hải Phòng + Hải Dương)",
        "pre_merger_proxy": "Chỉ có chuỗi của địa giới cũ (tham khảo)",
        "national_benchmark": "Mục tiêu quốc gia so với số liệu của thành phố",
        "none": "Không có chuỗi số liệu",
    },
    "method": {
        "outcome": "So kết quả với mục tiêu đã đến hạn",
        "linear": "Tiến độ tuyến tính (Open SDG)",
        "cagr": "Tiến độ theo tốc độ tăng trưởng bình quân (Open SDG)",
        "level": "Đã đạt mức mục tiêu",
        "period_average": "Bình quân giai đoạn",
        "period_total": "Tổng giai đoạn",
        "component_bound": "Cận trên của một phần: tổng trừ các phần khác",
    },
    "scope": {"target": "Mục tiêu được chấm điểm", "superseded": "Đã được thay thế, không chấm điểm",
              "not_outcome": "Kế hoạch không phải chỉ tiêu kết quả, không tính"},
    "headline_class": {"met": "Đạt", "missed": "Không đạt", "on_track": "Đúng hướng",
                       "off_track": "Chậm so với tiến độ cần", "uncertain": "Chưa chắc chắn",
                       "not_assessable": "Chưa đánh giá được"},
    "reason_code": {
        "no_data": "Chưa có số liệu quan sát", "one_point": "Mới có một số liệu",
        "no_figure_for_year": "Chưa có số liệu của năm mục tiêu",
        "merged_figure_only": "Năm mục tiêu chỉ có số của thành phố sau hợp nhất",
        "other_territory_only": "Chỉ có số của địa giới cũ",
        "old_boundary_gone": "Địa giới cũ không còn số riêng", "pre_merger_only": "Chỉ có chuỗi của địa giới cũ (tham khảo)",
        "period_not_started": "Giai đoạn chưa bắt đầu", "share_without_numerator": "Chưa có tử số của tỷ lệ",
        "bound_inconclusive": "Số liệu chỉ là một cận, chưa đủ kết luận", "superseded": "Đã được thay thế",
        "spending_plan": "Kế hoạch chi", "task_plan": "Kế hoạch số nhiệm vụ", "policy_design": "Định hướng chính sách",
    },
    "section": {"figure": "Số liệu", "target": "Mục tiêu", "verdict": "Đánh giá"},
    "change": {"added": "Mới", "dropped": "Không còn", "revised": "Điều chỉnh", "superseded": "Bị thay thế",
               "changed": "Thay đổi"},
    "detail": {"estimate_to_actual": "Từ ước tính sang số thực hiện", "correction": "Đính chính",
               "other_source": "Dùng nguồn khác", "changed_target": "Mục tiêu thay đổi", "new_data": "Có số liệu mới",
               "revised_data": "Số liệu được điều chỉnh", "came_due": "Đã đến năm mục tiêu",
               "changed_method": "Phương pháp thay đổi"},
    "model": dict(MODEL_VI),
    "target_kind": {"plan": "Kế hoạch", "target": "Mục tiêu"},
    "policy_quote": {"verbatim": "Nguồn in nguyên văn văn bản",
                     "reported": "Báo chí đưa tin nội dung văn bản",
                     "secondary": "Diễn giải hoặc văn bản triển khai"},
    "reliability": {"high": "Cao", "medium": "Trung bình", "low": "Thấp"},
    "language": {"vi": "Tiếng Việt", "en": "Tiếng Anh", "ja": "Tiếng Nhật"},
    "direction": {"higher": "Càng cao càng tốt", "lower": "Càng thấp càng tốt"},
    "group": dict(GROUP_LABELS),
}
# Read from the data: the indicator's Vietnamese title, the source's publisher and date, the name
# of the body that set a target (data/targets.yml).
DATA_VOCABULARIES = ("indicator", "source", "body")

assert set(VOCABULARIES["qualifier"]) == set(QUALIFIERS)
assert set(VOCABULARIES["unit"]) == set(UNITS)
assert set(VOCABULARIES["direction"]) == set(DIRECTIONS)
assert set(VOCABULARIES["policy_quote"]) == set(POLICY_QUOTE)


@dataclass(frozen=True)
class Column:
    type: str                 # Frictionless field type: string, integer, number, boolean, date
    title_vi: str
    title_en: str
    description: str          # Vietnamese
    unit: str | None = None   # a unit code, or "column:<name>" when another column holds it
    codes: str | None = None  # a vocabulary name (VOCABULARIES or DATA_VOCABULARIES)


def _c(type_: str, vi: str, en: str, description: str, unit: str | None = None,
       codes: str | None = None) -> Column:
    return Column(type_, vi, en, description, unit, codes)


VALUE_UNIT = "column:unit"
COLUMNS: dict[str, Column] = {
    # figures (values.csv) and the data behind tables and charts
    "indicator": _c("string", "Mã chỉ tiêu", "Indicator id", "Mã chỉ tiêu trong indicators.csv.",
                    codes="indicator"),
    "geo": _c("string", "Mã địa bàn", "Territory code",
              "hai_phong: Hải Phòng trước ngày 1/7/2025; hai_phong_merged: thành phố sau hợp nhất "
              "với Hải Dương; viet_nam: cả nước; các mã khác là tỉnh, thành phố.", codes="geo"),
    "year": _c("integer", "Năm", "Year", "Năm của số liệu, kế hoạch hoặc mục tiêu."),
    "value": _c("number", "Giá trị", "Value",
                "Con số theo đơn vị ở cột unit, dấu chấm thập phân; đọc cùng cột qualifier.",
                unit=VALUE_UNIT),
    "qualifier": _c("string", "Dấu", "Qualifier",
                    "Mức độ chắc chắn của con số như nguồn viết: “hơn 390” là > 390, không phải 390.",
                    codes="qualifier"),
    "unit": _c("string", "Đơn vị", "Unit", "Đơn vị của cột value.", codes="unit"),
    "kind": _c("string", "Loại", "Kind", "Số thực tế, ước tính, kế hoạch hay mục tiêu (ở tệp của hình: "
               "cả dự báo theo xu hướng).", codes="kind"),
    "value_text": _c("string", "Giá trị (như báo cáo in)", "Value as printed",
                     "Con số kèm dấu và đơn vị như báo cáo in ra; chỉ để đọc, dùng cột value để tính."),
    "source_id": _c("string", "Mã nguồn", "Source id", "Mã nguồn trong sources.csv.", codes="source"),
    "quote": _c("string", "Trích dẫn nguyên văn", "Verbatim quote",
                "Đoạn trích nguyên văn của nguồn nêu con số."),
    "preferred": _c("boolean", "Dùng trong báo cáo", "Preferred",
                    "true: dòng được báo cáo dùng khi nhiều nguồn nêu cùng một con số."),
    "note_vi": _c("string", "Ghi chú", "Note", "Ghi chú cho người đọc, ví dụ lý do chọn giá trị."),
    "note_en": _c("string", "Ghi chú kỹ thuật (tiếng Anh)", "Technical note (English)",
                  "Cách tính một con số suy ra, hoặc lý do chọn; viết cho người phát triển."),
    "policy": _c("string", "Văn bản đặt mục tiêu", "Policy", "Văn bản đặt kế hoạch hoặc mục tiêu."),
    "policy_quote": _c("string", "Mức trích văn bản", "Policy quote",
                       "Nguồn trích văn bản đặt mục tiêu trực tiếp đến đâu.", codes="policy_quote"),
    "producer": _c("string", "Đơn vị công bố gốc", "Original producer",
                   "Cơ quan, tổ chức mà nguồn nêu là nơi đưa ra con số (công bố số liệu, đặt mục tiêu, "
                   "báo cáo kết quả của mình), viết như nguồn viết; trống: nguồn không nêu."),
    "producer_quote": _c("string", "Trích dẫn nêu đơn vị công bố gốc", "Producer quote",
                         "Đoạn trích nguyên văn của cùng trang nguồn nêu tên đơn vị công bố gốc."),
    "producers": _c("string", "Các đơn vị công bố gốc", "Original producers",
                    "Các đơn vị công bố gốc mà các con số của nguồn này nêu, cách nhau bằng dấu chấm phẩy; "
                    "trống: nguồn không nêu."),
    # sources.csv
    "title": _c("string", "Tiêu đề", "Title", "Tiêu đề trang nguồn."),
    "publisher": _c("string", "Đơn vị đăng", "Publisher", "Báo, cổng thông tin hoặc trang đăng."),
    "url": _c("string", "Địa chỉ", "URL", "Địa chỉ trang nguồn."),
    "published": _c("date", "Ngày đăng", "Published", "Ngày đăng (trống: trang không ghi ngày)."),
    "published_note": _c("string", "Ghi chú về ngày đăng", "Note on the date",
                         "Điều đã biết về ngày đăng khi trang không ghi ngày (tiếng Anh)."),
    "accessed": _c("date", "Ngày truy cập", "Accessed", "Ngày bộ dữ liệu được lập từ trang này."),
    "language": _c("string", "Ngôn ngữ", "Language", "Ngôn ngữ của trang.", codes="language"),
    "reliability": _c("string", "Độ tin cậy", "Reliability",
                      "Cao: cổng thông tin nhà nước, thống kê; trung bình: báo chí; thấp: trang khác.",
                      codes="reliability"),
    "n_figures": _c("integer", "Số con số", "Figures", "Số dòng của values.csv lấy từ nguồn này."),
    "source_note": _c("string", "Ghi chú về nguồn", "Note on the source",
                      "Trang này là gì, ví dụ là bài nguồn nào (tiếng Anh)."),
    # indicators.csv
    "title_vi": _c("string", "Tên chỉ tiêu", "Indicator title (Vietnamese)", "Tên tiếng Việt của chỉ tiêu."),
    "title_en": _c("string", "Tên chỉ tiêu (tiếng Anh)", "Indicator title (English)", "Tên tiếng Anh."),
    "decimals": _c("integer", "Số chữ số thập phân", "Decimals", "Số chữ số thập phân khi in."),
    "direction": _c("string", "Chiều tốt", "Direction", "Giá trị cao hơn hay thấp hơn là tốt hơn.",
                    codes="direction"),
    "group": _c("string", "Nhóm", "Group", "Chủ đề của chỉ tiêu.", codes="group"),
    "limit": _c("number", "Giới hạn tự nhiên", "Natural limit",
                "Giới hạn trên tự nhiên (100 với phần trăm, 63 với thứ hạng trong các tỉnh).",
                unit=VALUE_UNIT),
    "description_vi": _c("string", "Định nghĩa", "Definition", "Định nghĩa và lưu ý."),
    "description_en": _c("string", "Định nghĩa (tiếng Anh)", "Definition (English)", "Định nghĩa tiếng Anh."),
    # scorecard.csv
    "target_geo": _c("string", "Địa bàn của mục tiêu", "Target territory", "Địa bàn mục tiêu đặt cho.",
                     codes="geo"),
    "target_year": _c("integer", "Năm mục tiêu", "Target year", "Năm (cuối) của mục tiêu."),
    "target_value": _c("number", "Giá trị mục tiêu", "Target value",
                       "Mức mục tiêu, theo đơn vị của chỉ tiêu; đọc cùng target_qualifier.",
                       unit="column:indicator"),
    "target_qualifier": _c("string", "Loại mục tiêu", "Target qualifier",
                           "Dấu của mục tiêu: ≥ 60 là tối thiểu 60, ≤ 5 là trong nhóm 5.",
                           codes="qualifier"),
    "series_geo": _c("string", "Địa bàn của số mới nhất", "Series territory",
                     "Địa bàn của số liệu được so với mục tiêu (trống: không có).", codes="geo"),
    "series_basis": _c("string", "Cơ sở của chuỗi", "Series basis",
                       "Chuỗi số liệu được so với mục tiêu thuộc địa bàn nào.", codes="series_basis"),
    "latest_year": _c("integer", "Năm của số mới nhất", "Latest year",
                      "Năm của số liệu mà đánh giá dựa vào."),
    "latest_value": _c("number", "Số mới nhất", "Latest value", "Số liệu mà đánh giá dựa vào.",
                       unit="column:indicator"),
    "latest_qualifier": _c("string", "Dấu của số mới nhất", "Latest qualifier",
                           "Mức độ chắc chắn của số mới nhất.", codes="qualifier"),
    "status": _c("string", "Đánh giá", "Status",
                 "Đạt, không đạt, hoặc mức tiến bộ theo Open SDG; chưa đánh giá được.", codes="status"),
    "indicative_status": _c("string", "Đánh giá tham khảo", "Indicative status",
                            "Mức tiến bộ nếu đọc chuỗi của địa giới cũ (chỉ để tham khảo).",
                            codes="status"),
    "probability": _c("number", "Xác suất đạt", "Probability",
                      "Xác suất đạt mục tiêu theo mô hình xu hướng, từ 0 đến 1 (trống: không tính)."),
    "required_rate": _c("number", "Tốc độ cần đạt (%/năm)", "Required rate (% a year)",
                        "Mức tăng mỗi năm cần có từ năm mới nhất đến năm mục tiêu.", unit="percent_change"),
    "reason": _c("string", "Ghi chú đánh giá", "Reason",
                 "Dòng ghi chú báo cáo in: vì sao chưa đánh giá được, chênh lệch và lưu ý."),
    "target_kind": _c("string", "Kế hoạch hay mục tiêu", "Target kind",
                      "Kế hoạch năm hay mục tiêu của nghị quyết, kế hoạch.", codes="target_kind"),
    "method": _c("string", "Cách đánh giá", "Method", "Cách đánh giá được dùng.", codes="method"),
    "ratio": _c("number", "Tỷ số tiến độ", "Progress ratio",
                "Tỷ số tiến độ thực tế trên tiến độ cần có (Open SDG)."),
    "gap": _c("number", "Chênh lệch", "Gap", "Số mới nhất trừ mục tiêu, theo đơn vị của chỉ tiêu.",
              unit="column:indicator"),
    "recent_mean": _c("number", "Bình quân ba năm gần nhất", "Recent mean",
                      "Bình quân tốc độ của ba năm gần nhất."),
    "n_points": _c("integer", "Số điểm số liệu", "Points", "Số năm có số liệu trong chuỗi."),
    "series_first_year": _c("integer", "Năm đầu của chuỗi", "First year", "Năm đầu tiên của chuỗi."),
    "model": _c("string", "Mô hình xu hướng", "Trend model", "Mô hình cho xác suất đạt.", codes="model"),
    "back_calculated_years": _c("string", "Các năm quy đổi", "Back-calculated years",
                                "Các năm có số quy đổi (Hải Phòng + Hải Dương), cách nhau bằng dấu phẩy."),
    "target_source": _c("string", "Nguồn của mục tiêu", "Target source", "Mã nguồn của mục tiêu."),
    "latest_source": _c("string", "Nguồn của số mới nhất", "Latest source",
                        "Mã nguồn của số mới nhất (a+b: tổng quy đổi của hai nguồn)."),
    "edition": _c("string", "Ấn bản", "Edition", "Mã ấn bản (năm) của báo cáo, khai báo trong edition.yml."),
    "target_id": _c("string", "Mã mục tiêu", "Target id",
                    "Một mục tiêu: chỉ tiêu@địa bàn@năm (hoặc giai đoạn)@cơ quan đặt ra@loại."),
    "group_id": _c("string", "Mã dòng của bảng điểm", "Scorecard row id",
                   "Một dòng của bảng điểm: kết quả@địa bàn@năm; các mục tiêu của nhiều cơ quan cho cùng kết quả "
                   "chung một dòng."),
    "body": _c("string", "Cơ quan đặt mục tiêu", "Body", "Cơ quan đặt ra mục tiêu (targets.yml).", codes="body"),
    "scope": _c("string", "Phạm vi", "Scope", "Mục tiêu được chấm điểm, đã được thay thế, hay kế hoạch không phải "
                "chỉ tiêu kết quả.", codes="scope"),
    "lead": _c("boolean", "Mục tiêu dẫn đầu dòng", "Lead", "true: mục tiêu đại diện cho dòng (của thành phố trước)."),
    "counted": _c("boolean", "Được đếm trong tóm tắt", "Counted",
                  "true: dòng được tính một lần trong phần tóm tắt (không tính phần của một tổng)."),
    "headline_class": _c("string", "Nhóm đánh giá trong tóm tắt", "Headline class",
                         "Nhóm mà phần tóm tắt đếm dòng này vào.", codes="headline_class"),
    "robust": _c("boolean", "Kết luận vững", "Robust",
                 "true: không cách đọc thay thế nào làm đổi kết luận; false: chưa chắc chắn; trống: chưa có kết luận."),
    "alternatives": _c("string", "Các cách đọc đã thử", "Alternatives tried",
                       "Mỗi cách đọc thay thế và kết luận của nó (loại:giá trị=đánh giá; …)."),
    "flips": _c("string", "Các cách đọc làm đổi kết luận", "Alternatives that flip",
                "Các cách đọc thay thế làm kết luận đổi (cùng cách ghi với cột alternatives)."),
    "required_change": _c("number", "Mức tăng cần đạt mỗi năm", "Required change a year",
                          "Với tỷ lệ, điểm, chỉ số: mức tăng mỗi năm (điểm % với tỷ lệ) từ số mới nhất đến mục tiêu.",
                          unit="column:indicator"),
    "reason_code": _c("string", "Mã lý do", "Reason code", "Vì sao dòng chưa được đánh giá.", codes="reason_code"),
    "latest_is_expectation": _c("boolean", "Số mới nhất là số dự kiến", "Latest is an expectation",
                                "true: nguồn đăng số này sớm hơn 30 ngày trước khi năm đó kết thúc."),
    "low_reliability_sources": _c("string", "Nguồn độ tin cậy thấp", "Low-reliability sources",
                                  "Mã các nguồn có độ tin cậy thấp mà kết luận dựa vào."),
    "achieved_mean": _c("number", "Bình quân đã đạt", "Achieved mean",
                        "Với mục tiêu bình quân giai đoạn: mức bình quân các năm đã qua, dạng phân số (0,1139 là 11,39%)."),
    "component_of": _c("string", "Là một phần của", "Component of", "Chỉ tiêu tổng mà chỉ tiêu này là một phần.",
                       codes="indicator"),
    "superseded_by": _c("string", "Bị thay thế bởi", "Superseded by",
                        "Mã nguồn của văn bản đã thay thế mục tiêu.", codes="source"),
    # changes.csv
    "section": _c("string", "Phần", "Section", "Thay đổi về số liệu, mục tiêu hay đánh giá.", codes="section"),
    "change": _c("string", "Thay đổi", "Change", "Loại thay đổi.", codes="change"),
    "detail": _c("string", "Chi tiết", "Detail", "Loại điều chỉnh số liệu, hoặc nguyên nhân đánh giá đổi.",
                 codes="detail"),
}
# changes.csv: a figure, target or verdict before (old) and after (new)
for _side, _vi, _en, _where in (("old", "cũ", "Old", "ở ấn bản trước"), ("new", "mới", "New", "ở ấn bản này")):
    COLUMNS.update({
        f"{_side}_value": _c("number", f"Giá trị {_vi}", f"{_en} value", f"Giá trị {_where}.", unit="column:indicator"),
        f"{_side}_qualifier": _c("string", f"Dấu {_vi}", f"{_en} qualifier", f"Dấu của giá trị {_where}.",
                                 codes="qualifier"),
        f"{_side}_source": _c("string", f"Nguồn {_vi}", f"{_en} source", f"Mã nguồn {_where}.", codes="source"),
        f"{_side}_status": _c("string", f"Đánh giá {_vi}", f"{_en} status", f"Đánh giá {_where}.", codes="status"),
    })


# S&T spending ratios (helpers.analysis.ratios): numerator, denominator and benchmark, each a figure of values.csv.
_PARTS = {"num": ("tử số", "numerator"), "den": ("mẫu số", "denominator"), "bench": ("mốc so sánh", "benchmark")}
for _part, (_vi, _en) in _PARTS.items():
    COLUMNS.update({
        f"{_part}_indicator": _c("string", f"Chỉ tiêu {_vi}", f"{_en.capitalize()} indicator",
                                 f"Mã chỉ tiêu của {_vi}.", codes="indicator"),
        f"{_part}_year": _c("integer", f"Năm {_vi}", f"{_en.capitalize()} year", f"Năm của {_vi}."),
        f"{_part}_value": _c("number", f"Giá trị {_vi}", f"{_en.capitalize()} value",
                             f"Giá trị của {_vi}, theo đơn vị của chỉ tiêu.", unit=f"column:{_part}_indicator"),
        f"{_part}_qualifier": _c("string", f"Dấu {_vi}", f"{_en.capitalize()} qualifier",
                                 f"Mức độ chắc chắn của {_vi}.", codes="qualifier"),
    })
# A trend's projection beside the figures of a chart (helpers.present.tables.projection_data).
for _level in ("80", "95"):
    COLUMNS.update({
        f"lo{_level}": _c("number", f"Cận dưới khoảng dự báo {_level}%", f"Lower {_level}% prediction bound",
                          f"Cận dưới của khoảng dự báo {_level}% (chỉ ở dòng dự báo).", unit=VALUE_UNIT),
        f"hi{_level}": _c("number", f"Cận trên khoảng dự báo {_level}%", f"Upper {_level}% prediction bound",
                          f"Cận trên của khoảng dự báo {_level}% (chỉ ở dòng dự báo).", unit=VALUE_UNIT),
    })
COLUMNS.update({
    "ratio_id": _c("string", "Mã tỷ lệ", "Ratio id", "Tỷ lệ nào (helpers.analysis.ratios)."),
    "ratio_value": _c("number", "Tỷ lệ", "Ratio", "Tử số chia mẫu số, dạng phân số (0,0022 là 0,22%)."),
    "ratio_qualifier": _c("string", "Dấu của tỷ lệ", "Ratio qualifier",
                          "Mức độ chắc chắn của tỷ lệ, từ dấu của tử số và mẫu số.", codes="qualifier"),
    "sources": _c("string", "Các nguồn", "Sources", "Mã các nguồn, cách nhau bằng dấu phẩy.", codes="source"),
})


class UndescribedColumn(ValueError):
    """A CSV to be published has a column this module does not describe."""


def describe(name: str, where: str = "") -> Column:
    """The description of column `name` (a `<code>_vi` label column is described by rule)."""
    if name in COLUMNS:
        return COLUMNS[name]
    if name.endswith(LABEL_SUFFIX) and name[:-len(LABEL_SUFFIX)] in COLUMNS:
        base = COLUMNS[name[:-len(LABEL_SUFFIX)]]
        if base.codes:
            return Column("string", f"{base.title_vi} (tên)", f"{base.title_en} (Vietnamese label)",
                          f"Tên tiếng Việt của mã ở cột {name[:-len(LABEL_SUFFIX)]}.")
    raise UndescribedColumn(
        f"{where or 'a published CSV'}: column '{name}' is not described; add it to COLUMNS in "
        "src/helpers/publish/package/columns.py (type, titles, description, unit, codes)")


def labelled(name: str) -> bool:
    """True when column `name` holds codes and gets a `<name>_vi` label column beside it."""
    return name in COLUMNS and COLUMNS[name].codes is not None
