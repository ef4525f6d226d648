"""Files computed from `data/` for readers to download beside the report (`_output/data/`)."""

from __future__ import annotations

import shutil
from pathlib import Path

SCORECARD_CSV = "scorecard.csv"
DOWNLOAD_FILES = ("values.csv", "sources.yml", "indicators.yml", "README.md")


def publish_data(data_dir: Path, data_out: Path, computed: bool = True) -> None:
    """The data files beside the report: `data/` as it is, and (``computed``) `scorecard.csv`."""
    data_out.mkdir(parents=True, exist_ok=True)
    for name in DOWNLOAD_FILES:
        if (data_dir / name).is_file():
            shutil.copyfile(data_dir / name, data_out / name)
    if computed:
        write_scorecard_csv(data_dir, data_out)


def write_scorecard_csv(data_dir: Path, out_dir: Path) -> Path:
    """`scorecard.csv`: the edition's id (`edition.yml`), then one row per target
    (`helpers.scorecard_text.CSV_COLUMNS`) of the edition's figures; UTF-8 with a byte-order mark
    so that spreadsheet programs read the Vietnamese text correctly."""
    from helpers.edition import load_edition
    from helpers.loader import load_dataset
    from helpers.scorecard import build_scorecard

    ds = load_dataset(data_dir)
    return write_csv(scorecard_table(build_scorecard(ds), ds, load_edition().id), out_dir / SCORECARD_CSV)


def scorecard_table(card, ds, edition_id: str):
    """The rows of `scorecard.csv`: the edition's id, then `helpers.scorecard_text.CSV_COLUMNS`."""
    from helpers.scorecard_text import scorecard_csv

    table = scorecard_csv(card, ds)
    table.insert(0, "edition", edition_id)
    return table


def write_csv(table, path: Path) -> Path:
    """A download's CSV: UTF-8 with a byte-order mark, `\\n` line ends, numbers to 10 digits."""
    table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n", float_format="%.10g")
    return path
