"""The data contract of `data/` (see data/README.md): column names and allowed codes.

Every module that reads or writes the dataset takes its vocabulary from here.
"""

from __future__ import annotations

VALUES_FILE = "values.csv"
INDICATORS_FILE = "indicators.yml"
SOURCES_FILE = "sources.yml"
TARGETS_FILE = "targets.yml"

# values.csv
REQUIRED_COLUMNS = ("indicator", "geo", "year", "value", "qualifier", "kind", "source_id", "quote")
# `preferred`: "true" on the one row of a conflict group the report uses, blank elsewhere.
# `note`: how a derived value was obtained, or why a row is preferred; free text.
# `policy`: the policy document that sets a plan/target (e.g. "Kế hoạch 350/KH-UBND").
# `policy_quote`: how directly the source quotes that policy (see POLICY_QUOTE).
# `producer`: the organisation that the source names as the origin of the figure (the body that
# compiled or announced it, set the target, or reports its own result), in Vietnamese as the
# source writes it; empty when the source names none.
# `producer_quote`: the verbatim passage of the same source page that names the producer.
# `note_vi`: a short Vietnamese sentence shown to readers; required on the preferred row of a
# conflict group (why the report uses that value rather than the others).
OPTIONAL_COLUMNS = ("preferred", "note", "policy", "policy_quote", "producer", "producer_quote", "note_vi")
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# A row is identified by this key; rows that share all of it but `source_id` form a conflict group.
KEY = ("indicator", "geo", "year", "kind", "source_id")
CONFLICT_GROUP = ("indicator", "geo", "year", "kind")

QUALIFIERS = ("=", ">", ">=", "<", "<=", "~")
KINDS = ("actual", "estimate", "plan", "target")
POLICY_QUOTE = (
    "verbatim",    # the source prints the policy's own sentence
    "reported",    # a news report states what the policy sets
    "secondary",   # a paraphrase or an implementing document, not the policy itself
)

# Hai Phong before (hai_phong) and after (hai_phong_merged) the 1 July 2025 merger with Hai Duong.
MERGER_DATE = "2025-07-01"
GEOS = {
    "hai_phong": "Hải Phòng (trước hợp nhất)",
    "hai_phong_merged": "Hải Phòng (sau hợp nhất)",
    "hai_duong": "Hải Dương",
    "ha_noi": "Hà Nội",
    "ho_chi_minh": "TP. Hồ Chí Minh",
    "quang_ninh": "Quảng Ninh",
    "da_nang": "Đà Nẵng",
    "hue": "Huế",
    "bac_ninh": "Bắc Ninh",
    "binh_duong": "Bình Dương",
    "thai_nguyen": "Thái Nguyên",
    "vinh_phuc": "Vĩnh Phúc",
    "dong_nai": "Đồng Nai",
    "can_tho": "Cần Thơ",
    "ba_ria_vung_tau": "Bà Rịa - Vũng Tàu",
    "long_an": "Long An",
    "viet_nam": "Việt Nam",
}

# indicators.yml: each id maps to these fields.
INDICATOR_FIELDS = ("title_vi", "title_en", "unit", "decimals", "direction", "group")
INDICATOR_OPTIONAL_FIELDS = ("limit", "description_vi", "description_en")
DIRECTIONS = ("higher", "lower")
GROUPS = ("fiscal", "st", "innovation", "digital", "economy", "context")
# unit -> (Vietnamese label shown in the report, natural lower bound, natural upper bound or None)
UNITS = {
    "billion_vnd": ("tỷ đồng", 0, None),
    "percent": ("%", 0, 100),
    "percent_change": ("%", None, None),   # growth rates: may be negative or exceed 100
    "points": ("điểm", 0, 100),
    "rank": ("hạng", 1, None),
    "count": ("", 0, None),
    "index": ("", 0, 1),
}

# sources.yml: each id maps to these fields.
SOURCE_FIELDS = ("title", "publisher", "url", "published", "accessed", "language", "reliability")
# What a reader sees for a source whose page shows no publication date (published: null).
NO_DATE_VI = "không ghi ngày đăng"
RELIABILITY = ("high", "medium", "low")
LANGUAGES = ("vi", "en", "ja")
