"""Files computed from `data/` for readers to download beside the report (`_output/data/`)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

SCORECARD_CSV = "scorecard.csv"
CHANGES_CSV = "changes.csv"
DOWNLOAD_FILES = ("values.csv", "sources.yml", "indicators.yml", "targets.yml", "README.md")


def publish_data(data_dir: Path, data_out: Path, computed: bool = True) -> None:
    """The data files beside the report: `data/` as it is, and (``computed``) `scorecard.csv`,
    `changes.csv` (the changes since the previous edition, `helpers.editions`; only its header
    when that edition has not been released) and `values.csv` without the figures the edition's
    cut-off left out."""
    data_out.mkdir(parents=True, exist_ok=True)
    for name in DOWNLOAD_FILES:
        if (data_dir / name).is_file():
            shutil.copyfile(data_dir / name, data_out / name)
    if computed:
        write_computed_csv(data_dir, data_out)


def write_computed_csv(data_dir: Path, out_dir: Path, editions_dir: Path | None = None) -> list[Path]:
    """`scorecard.csv`: the edition's id (`edition.yml`), then one row per target
    (`helpers.scorecard_text.CSV_COLUMNS`) of the edition's figures; `changes.csv`
    (`helpers.editions.CHANGE_COLUMNS`). UTF-8 with a byte-order mark so that spreadsheet
    programs read the Vietnamese text correctly."""
    from helpers.edition import EDITIONS_DIR, load_edition
    from helpers.editions import changes_table, previous_comparison
    from helpers.loader import in_edition, load_dataset
    from helpers.scorecard import build_scorecard

    edition = load_edition()
    ds, left_out = in_edition(load_dataset(data_dir, cutoff=None), edition.cutoff)
    card = build_scorecard(ds)
    comparison = previous_comparison(ds, card, edition, editions_dir or EDITIONS_DIR)
    if len(left_out):
        write_edition_values(data_dir / "values.csv", out_dir / "values.csv", left_out)
    return [write_csv(scorecard_table(card, ds, edition.id), out_dir / SCORECARD_CSV),
            write_csv(changes_table(comparison), out_dir / CHANGES_CSV)]


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


def write_scorecard_csv(data_dir: Path, out_dir: Path) -> Path:
    """`write_computed_csv`, returning the path of `scorecard.csv`."""
    return write_computed_csv(data_dir, out_dir)[0]


LEFT_OUT_KEY = ("indicator", "geo", "year", "kind", "source_id")


def write_edition_values(source: Path, path: Path, left_out) -> Path:
    """`values.csv` without the rows the edition's cut-off left out; every other line as it is in
    data/ (same bytes)."""
    gone = {tuple(str(v) for v in key) for key in left_out[list(LEFT_OUT_KEY)].itertuples(index=False)}
    text = source.read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    lines = text.splitlines(keepends=True)
    if len(records) != len(lines):  # a quoted line break: rewrite the records instead
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        header = records[0]
        writer.writerow(header)
        at = [header.index(c) for c in LEFT_OUT_KEY]
        writer.writerows(r for r in records[1:] if tuple(r[i] for i in at) not in gone)
        path.write_text(out.getvalue(), encoding="utf-8")
        return path
    header = records[0]
    at = [header.index(c) for c in LEFT_OUT_KEY]
    kept = [lines[0]] + [line for line, r in zip(lines[1:], records[1:]) if tuple(r[i] for i in at) not in gone]
    path.write_text("".join(kept), encoding="utf-8")
    return path
