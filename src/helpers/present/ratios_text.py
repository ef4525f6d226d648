"""The S&T ratios of ``helpers.analysis.ratios`` in words: what each ratio is, and how its bases differ
from the Resolution 57 benchmark it is set beside."""

from __future__ import annotations

import pandas as pd

from helpers.present.figure_text import percent_text, target_text, value_text
from helpers.data.loader import Dataset
from helpers.analysis.ratios import RATIO_DECIMALS, st_ratios

LABEL_VI = {
    "st_dx_over_revenue": 'Đầu tư KH&CN và chuyển đổi số so với thu NSNN trên địa bàn',
    "st_dx_over_grdp": 'Đầu tư KH&CN và chuyển đổi số so với GRDP',
}
BASE_NOTE_VI = {
    "st_dx_over_revenue": 'Khác cơ sở: tử số gộp cả KH&CN và chuyển đổi số; mẫu số là thu ngân sách trên địa bàn (gồm phần nộp ngân sách trung ương), không phải chi ngân sách của thành phố như mốc “ít nhất 3% ngân sách” của Nghị quyết 57. Chỉ để tham khảo về độ lớn.',
    "st_dx_over_grdp": 'Khác cơ sở: mốc 2% GDP của Nghị quyết 57 là tổng chi cho nghiên cứu và phát triển (R&D) từ mọi nguồn, trong đó xã hội hơn 60%; tử số ở đây là khoản đầu tư công bố của thành phố cho KH&CN và chuyển đổi số, không phải chi R&D. Chỉ để tham khảo về độ lớn.',
}
QUALIFIER_WORD_VI = {">": "hơn ", ">=": "ít nhất ", "~": "khoảng ", "=": ""}
COLUMNS = ["label", "numerator", "denominator", "ratio_value", "ratio_qualifier", "ratio",
           "benchmark", "base_note", "sources"]
HEADERS = {"label": "Tỷ lệ", "numerator": "Tử số", "denominator": "Mẫu số", "ratio": "Tỷ lệ tính được",
           "benchmark": "Mốc Nghị quyết 57 (2030)", "base_note": "Khác biệt về cơ sở", "sources": "Nguồn"}


def ratio_table(ds: Dataset) -> pd.DataFrame:
    """The reader's table of the ratios (``COLUMNS``)."""
    def figure(r, p: str) -> str:
        return f"{value_text(r[p + '_value'], r[p + '_qualifier'], ds.unit(r[p + '_indicator']))} ({r[p + '_year']})"

    out = []
    for _, r in st_ratios(ds).iterrows():
        out.append({
            "label": LABEL_VI[r["id"]], "numerator": figure(r, "num"), "denominator": figure(r, "den"),
            "ratio_value": r["ratio_value"], "ratio_qualifier": r["ratio_qualifier"],
            "ratio": QUALIFIER_WORD_VI[r["ratio_qualifier"]] + percent_text(r["ratio_shown"], RATIO_DECIMALS),
            "benchmark": target_text(r["bench_value"], r["bench_qualifier"], ds.unit(r["bench_indicator"])),
            "base_note": BASE_NOTE_VI[r["id"]], "sources": r["sources"],
        })
    return pd.DataFrame(out, columns=COLUMNS)
