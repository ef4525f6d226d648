"""S&T spending of Hai Phong against the Resolution 57 benchmarks, with the bases spelled out.

The city's one published 2025 figure is "more than 407 billion VND for S&T *and* digital
transformation" (st_dx_investment). Resolution 57 speaks of (a) at least 3% of the annual
state budget *expenditure* for S&T, innovation and digital transformation and (b) R&D spending
of 2% of GDP from all sources (state and society). Neither base is published for the merged
city; the nearest figures are the state budget *revenue* collected in the city (which includes
revenue remitted to the central budget) and GRDP. The ratios below are therefore indicative
only, and each row says why it is not the benchmark's base.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from helpers.figure_text import percent_text, target_text, value_text
from helpers.loader import Dataset

MERGED = "hai_phong_merged"


@dataclass(frozen=True)
class RatioSpec:
    label_vi: str
    numerator: tuple[str, str, int, str]     # indicator, geo, year, kind
    denominator: tuple[str, str, int, str]
    benchmark: tuple[str, str, int, str]     # a viet_nam target row
    base_note_vi: str


RATIOS = (
    RatioSpec(
        "Đầu tư KH&CN và chuyển đổi số so với thu NSNN trên địa bàn",
        ("st_dx_investment", MERGED, 2025, "actual"),
        ("state_budget_revenue", MERGED, 2025, "estimate"),
        ("st_budget_share", "viet_nam", 2030, "target"),
        "Khác cơ sở: tử số gộp cả KH&CN và chuyển đổi số; mẫu số là thu ngân sách trên địa bàn "
        "(gồm phần nộp ngân sách trung ương), không phải chi ngân sách của thành phố như mốc "
        "“ít nhất 3% ngân sách” của Nghị quyết 57. Chỉ để tham khảo về độ lớn.",
    ),
    RatioSpec(
        "Đầu tư KH&CN và chuyển đổi số so với GRDP",
        ("st_dx_investment", MERGED, 2025, "actual"),
        ("grdp_current_prices", MERGED, 2025, "estimate"),
        ("rd_spending_share_gdp", "viet_nam", 2030, "target"),
        "Khác cơ sở: mốc 2% GDP của Nghị quyết 57 là tổng chi cho nghiên cứu và phát triển (R&D) "
        "từ mọi nguồn, trong đó xã hội hơn 60%; tử số ở đây là khoản đầu tư công bố của thành phố "
        "cho KH&CN và chuyển đổi số, không phải chi R&D. Chỉ để tham khảo về độ lớn.",
    ),
)

COLUMNS = ["label", "numerator", "denominator", "ratio_value", "ratio_qualifier", "ratio",
           "benchmark", "base_note", "sources"]
HEADERS = {"label": "Tỷ lệ", "numerator": "Tử số", "denominator": "Mẫu số", "ratio": "Tỷ lệ tính được",
           "benchmark": "Mốc Nghị quyết 57 (2030)", "base_note": "Khác biệt về cơ sở", "sources": "Nguồn"}


def _row(ds: Dataset, key: tuple[str, str, int, str]) -> pd.Series:
    ind, geo, year, kind = key
    v = ds.preferred()
    rows = v[(v["indicator"] == ind) & (v["geo"] == geo) & (v["year"] == year) & (v["kind"] == kind)]
    if len(rows) != 1:
        raise KeyError(f"{key} matches {len(rows)} preferred rows of values.csv, expected 1")
    return rows.iloc[0]


RATIO_DECIMALS = 2  # digits of the percentage shown


def ratio_qualifier(num_q: str, den_q: str) -> str:
    """Qualifier of num/den: a lower-bound numerator over an exact or estimated denominator
    gives a lower bound (">"); an estimate anywhere gives "~"; bounds that pull both ways give
    "~" too (the ratio is then only indicative)."""
    if num_q in (">", ">=") and den_q in ("=", "~", "<", "<="):
        return ">" if num_q == ">" or den_q in ("<",) else ">="
    if num_q in ("=",) and den_q == "=":
        return "="
    return "~"


def _text(ds: Dataset, r: pd.Series) -> str:
    return f"{value_text(r['value'], r['qualifier'], ds.unit(r['indicator']))} ({int(r['year'])})"


def st_ratios(ds: Dataset, specs=RATIOS) -> pd.DataFrame:
    """One row per ratio: numerator, denominator, the ratio with its qualifier, the benchmark
    and how the bases differ."""
    out = []
    for s in specs:
        num, den, bench = _row(ds, s.numerator), _row(ds, s.denominator), _row(ds, s.benchmark)
        ratio = float(num["value"]) / float(den["value"])
        q = ratio_qualifier(num["qualifier"], den["qualifier"])
        shown = ratio
        if q in (">", ">="):
            # Rounding half-up could lift a lower bound above what is known: round it down.
            scale = 10 ** (2 + RATIO_DECIMALS)
            shown = math.floor(ratio * scale + 1e-9) / scale
        word = {">": "hơn ", ">=": "ít nhất ", "~": "khoảng ", "=": ""}[q]
        out.append({
            "label": s.label_vi, "numerator": _text(ds, num), "denominator": _text(ds, den),
            "ratio_value": ratio, "ratio_qualifier": q, "ratio": word + percent_text(shown, RATIO_DECIMALS),
            "benchmark": target_text(bench["value"], bench["qualifier"], ds.unit(bench["indicator"])),
            "base_note": s.base_note_vi,
            "sources": ", ".join(dict.fromkeys([num["source_id"], den["source_id"], bench["source_id"]])),
        })
    return pd.DataFrame(out, columns=COLUMNS)
