"""Vietnamese labels of codes that the texts, the charts and the CSV downloads share, in a module
that imports nothing heavy: the downloads' column descriptions (`helpers.publish.package.columns`)
read them without loading the charts (Altair), the data loader (pandera) or the analysis.
`helpers.present.charts`, `headline_text` and `scorecard_text` give them under their old names.
"""

from __future__ import annotations

from helpers.present.status_style import STATUS_LABELS

# The indicator groups, as the charts' legends and the scorecard name them.
GROUP_LABELS = {
    "fiscal": "Tài chính – ngân sách", "st": "Khoa học – công nghệ", "innovation": "Đổi mới sáng tạo",
    "digital": "Chuyển đổi số", "economy": "Kinh tế", "context": "Bối cảnh",
}
# The kind of a figure (data/values.csv `kind`), as the headlines and tables name it.
KIND_VI = {"actual": "Thực tế", "estimate": "Ước tính", "plan": "Kế hoạch", "target": "Mục tiêu"}
# A verdict's word without its sign (`status_style.STATUS_LABELS` is sign and word).
STATUS_WORD_VI = {k: v.split(" ", 1)[1] for k, v in STATUS_LABELS.items()}
# The trend models of the projections, as the scorecard names them.
MODEL_VI = {"ols_log": "OLS trên log", "wls_log": "WLS trên log", "ols_linear": "OLS", "wls_linear": "WLS",
            "holt_damped": "Holt tắt dần"}
