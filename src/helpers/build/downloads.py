"""Files computed from `data/` for readers to download beside the report (`_output/data/`)."""

from __future__ import annotations

import shutil
from pathlib import Path

SCORECARD_CSV = "scorecard.csv"
DOWNLOAD_FILES = ("values.csv", "sources.yml", "indicators.yml", "targets.yml", "README.md")


def publish_data(data_dir: Path, data_out: Path, computed: bool = True) -> None:
    """The data files beside the report: `data/` as it is, and (``computed``) `scorecard.csv`."""
    data_out.mkdir(parents=True, exist_ok=True)
    for name in DOWNLOAD_FILES:
        if (data_dir / name).is_file():
            shutil.copyfile(data_dir / name, data_out / name)
    if computed:
        write_scorecard_csv(data_dir, data_out)


def write_scorecard_csv(data_dir: Path, out_dir: Path) -> Path:
    """`scorecard.csv`: one row per target (`helpers.scorecard_text.CSV_COLUMNS`), UTF-8 with a
    byte-order mark so that spreadsheet programs read the Vietnamese text correctly."""
    from helpers.loader import load_dataset
    from helpers.scorecard import build_scorecard
    from helpers.scorecard_text import scorecard_csv

    ds = load_dataset(data_dir)
    table = scorecard_csv(build_scorecard(ds), ds)
    path = out_dir / SCORECARD_CSV
    table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n", float_format="%.10g")
    return path
