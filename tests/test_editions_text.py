"""The "Thay đổi" section in words: from the hand-made editions of test_editions, and from a real
reconstruction of edition 2025 archived into a temporary folder."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.present import editions_text as et
from helpers.data.edition import Edition, load_edition
from helpers.analysis.editions import EditionTables, compare, previous_comparison
from helpers.data.loader import load_dataset
from helpers.publish.release import write_archive
from helpers.analysis.scorecard import build_scorecard
from test_editions import NEW_CARD, NEW_FIGURES, OLD_CARD, OLD_FIGURES, OLD_PROJECTIONS


class FakeDataset:
    """What the wording reads of a dataset: indicator titles and units, source ids."""

    def __init__(self):
        import pandas as pd
        names = ["rev", "gdp", "pii", "x", "tasks", "tfp", "dig", "grow"]
        self.indicators = pd.DataFrame({"title_vi": [n.upper() for n in names],
                                        "unit": ["billion_vnd", "percent", "points", "count", "count", "percent",
                                                 "percent", "percent_change"]}, index=names)
        self.sources = pd.DataFrame(index=["s1", "s2", "s3", "s4", "s5", "s6", "s7", "p6", "p7"])

    def unit(self, indicator):
        return self.indicators.at[indicator, "unit"]


@pytest.fixture(scope="module")
def fake():
    old = EditionTables({"id": "2025", "cutoff": "2025-01-31", "reconstructed": True}, OLD_FIGURES, OLD_CARD,
                        OLD_PROJECTIONS)
    return compare(old, EditionTables({"id": "2026"}, NEW_FIGURES, NEW_CARD, OLD_PROJECTIONS.iloc[0:0])), FakeDataset()


def test_changes_are_counted_then_listed_one_line_each(fake):
    c, ds = fake
    text = et.changes_markdown(c, ds)
    assert text.startswith("So với ấn bản 2025 (dựng lại từ dữ liệu hiện có, chưa từng công bố), số liệu chốt "
                           "ngày 31 tháng 1 năm 2025: 1 số liệu mới, 3 số liệu được điều chỉnh, 1 số liệu không còn "
                           "dùng; 1 mục tiêu mới, 1 mục tiêu không còn trong bảng điểm, 1 mục tiêu bị thay thế; "
                           "5 đánh giá thay đổi, 1 đánh giá giữ nguyên.")
    assert "**Số liệu mới** theo năm của số liệu: 2025: 1." in text
    assert ("- REV (hp, 2024): khoảng 110 tỷ đồng [@s2] → 112 tỷ đồng [@s5] (từ số ước tính sang số thực hiện)."
            in text)
    assert "- X (hp, 2022): 1 (`s8`); không còn dùng." in text  # s8 is no longer a source: not cited
    assert "- PII (hp, 2026), mục tiêu ≥ 60 điểm: Tiến bộ đáng kể → Tiến bộ vừa phải; nguyên nhân: mục tiêu thay đổi." in text
    assert text.count("; nguyên nhân: ") == 5
    # the year the verdict rests on moved from 2024 to 2025 (rev 2025 = 120 added)
    assert "Tiến bộ vừa phải → Đạt; nguyên nhân: có số liệu mới (số liệu mới nhất: năm 2024 → năm 2025)." in text


def test_backtest_lists_each_case_and_says_how_few_there_are(fake):
    c, ds = fake
    text = et.backtest_markdown(c, ds)
    assert text.count("\n- ") == 3
    assert "Khoảng 80% chứa số thực tế ở 1/3 trường hợp, khoảng 95% ở 3/3; điểm Brier 0,125 trên 2 trường hợp" in text
    assert "Với 3 trường hợp, các tỷ lệ này chưa nói được mô hình dự báo tốt hay kém" in text


def test_absent_previous_edition_is_said_plainly():
    edition = Edition("2026", dt.date(2026, 11, 22), dt.date(2026, 1, 31), "2025")
    assert et.absent_markdown(edition).startswith("Ấn bản 2025 chưa được lưu trong `editions/2025/`")
    assert et.backtest_absent_markdown(edition).startswith("Chưa kiểm tra được dự báo của ấn bản 2025")


def test_method_text_follows_the_constants(monkeypatch):
    from helpers.data import cutoff
    from helpers.analysis import editions
    text = et.method_markdown()
    assert "ngày 1 tháng 1 của năm Y + 1" in text
    assert "nhận diện qua mã mục tiêu (chỉ tiêu, địa bàn, năm hoặc giai đoạn, cơ quan đặt ra, loại)." in text
    monkeypatch.setattr(cutoff, "UNDATED_YEAR_OFFSET", 2)
    monkeypatch.setattr(editions, "INTERVALS", (50, 90))
    monkeypatch.setattr(editions, "TARGET_KEY", ["target_id"])
    text = et.method_markdown()
    assert "năm Y + 2" in text and "khoảng dự báo 50% và 90%" in text and "nhận diện qua mã mục tiêu" in text


def test_a_real_reconstruction_of_2025_compares_with_this_edition(tmp_path):
    edition = load_edition()
    previous = load_edition(edition_id=edition.previous)
    write_archive(__import__("helpers").PROJECT_ROOT, previous, tmp_path / previous.id, "test")
    ds = load_dataset()
    c = previous_comparison(ds, build_scorecard(ds), edition, tmp_path)
    text = et.changes_markdown(c, ds)
    assert text.startswith(f"So với ấn bản {previous.id} (dựng lại")
    assert text.count("; nguyên nhân: ") == len(c.verdicts)
    # every figure of the reconstruction is in today's data: it was built from it
    assert (c.figures["change"] == "dropped").sum() == 0
    # outcomes that are expectations (TFP 2025: "dự kiến đạt 47%", said in September) are listed, not scored
    assert c.score.cases == (~c.backtest["outcome_expected"].astype(bool)).sum()
