"""The data beside the report (`_output/data/`): the dataset as CSV tables, the scorecard, the
renderer's table and chart CSVs, one Frictionless data package describing them all, and a README
listing every file.

Every CSV goes through `helpers.publish.package.csv_files` (UTF-8 with BOM, numbers as numbers, codes
with their Vietnamese labels) and every column must be described in `helpers.publish.package.columns`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers.data.yaml_text import safe_load

SCORECARD_CSV = "scorecard.csv"
CHANGES_CSV = "changes.csv"
# data/ files copied as they are: the YAML sources of the dataset and its data dictionary.
COPIED = {"sources.yml": "sources.yml", "indicators.yml": "indicators.yml", "targets.yml": "targets.yml",
          "README.md": "data-dictionary.md"}
README = "README.md"


def publish_data(data_dir: Path, data_out: Path, computed: bool = True,
                 written: tuple[list[dict], dict] | None = None, memo: Path | None = None) -> None:
    """The data files beside the report. With ``computed`` (the real dataset) the CSV tables of
    the dataset and `scorecard.csv`; then the data package of every CSV, with the downloads of the
    render (its manifest), and the README. `written`: what `write_dataset_files` returned, when
    it already ran; `memo`: what the package's validation found valid before
    (``helpers.publish.package.validated``)."""
    from helpers.publish.render.downloads import MANIFEST

    files, sources = written if written is not None else write_dataset_files(data_dir, data_out, computed)
    manifest_path = data_out.parent / MANIFEST
    made = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else []
    manifest_path.unlink(missing_ok=True)
    files = files + made
    if files:
        write_package_and_readme(data_dir, data_out, files, sources, memo)


def write_dataset_files(data_dir: Path, data_out: Path, computed: bool = True) -> tuple[list[dict], dict]:
    """The dataset's files in `data_out` (its YAML sources and dictionary; with ``computed`` its
    CSV tables and `scorecard.csv`, else values.csv as it is): their manifest entries and the
    sources, for the data package."""
    from helpers.publish.package.data_files import VALUES_CSV

    data_out.mkdir(parents=True, exist_ok=True)
    for name, target in COPIED.items():
        if (data_dir / name).is_file():
            shutil.copyfile(data_dir / name, data_out / target)
    if computed:
        return (write_dataset_csvs(data_dir, data_out),
                safe_load((data_dir / "sources.yml").read_text(encoding="utf-8")) or {})
    if (data_dir / VALUES_CSV).is_file():
        shutil.copyfile(data_dir / VALUES_CSV, data_out / VALUES_CSV)
    return [], {}


def write_dataset_csvs(data_dir: Path, out_dir: Path) -> list[dict]:
    """values.csv (the edition's figures: those its cut-off leaves out are not in it), sources.csv,
    indicators.csv, scorecard.csv and changes.csv; their manifest entries."""
    from helpers.data.loader import load_dataset
    from helpers.publish.package.csv_files import Labels, write_csv
    from helpers.publish.package.data_files import (INDICATORS_CSV, SOURCES_CSV, VALUES_CSV, indicators_frame,
                                            sources_frame, values_frame)

    ds = load_dataset(data_dir)
    labels = Labels.from_data_dir(data_dir)
    write_csv(values_frame(ds), out_dir / VALUES_CSV, labels)
    write_csv(sources_frame(ds), out_dir / SOURCES_CSV, labels, no_labels=("source_id",))
    write_csv(indicators_frame(ds), out_dir / INDICATORS_CSV, labels, no_labels=("indicator",))
    write_scorecard_csv(data_dir, out_dir, ds, labels)
    return [
        {"path": VALUES_CSV, "kind": "values", "title": "Toàn bộ số liệu: mỗi dòng một con số, kèm nguồn và trích dẫn",
         "title_en": "All figures, one per row, with source and quote"},
        {"path": SOURCES_CSV, "kind": "sources", "title": "Các nguồn của bộ dữ liệu", "title_en": "Sources"},
        {"path": INDICATORS_CSV, "kind": "indicators", "title": "Danh mục chỉ tiêu", "title_en": "Indicators"},
        {"path": SCORECARD_CSV, "kind": "scorecard",
         "title": "Bảng điểm mục tiêu: mỗi dòng một mục tiêu hoặc kế hoạch, đánh giá và căn cứ",
         "title_en": "Scorecard: one row per target or plan, its status and basis"},
        {"path": CHANGES_CSV, "kind": "changes",
         "title": "Thay đổi so với ấn bản trước: số liệu, mục tiêu và đánh giá",
         "title_en": "Changes since the previous edition: figures, targets and verdicts"},
    ]


def write_scorecard_csv(data_dir: Path, out_dir: Path, ds=None, labels=None, editions_dir: Path | None = None) -> Path:
    """`scorecard.csv`: the edition's id (`edition.yml`), then one row per target
    (`helpers.present.scorecard_text.CSV_COLUMNS`), each code with its Vietnamese label; and beside it
    `changes.csv` (`helpers.analysis.editions.CHANGE_COLUMNS`: the changes since the previous edition,
    only its header while that edition is not released). Both written by
    `helpers.publish.package.csv_files` (UTF-8 with BOM)."""
    from helpers.data.edition import EDITIONS_DIR, load_edition
    from helpers.analysis.editions import changes_table, previous_comparison
    from helpers.data.loader import load_dataset
    from helpers.publish.package.csv_files import Labels, write_csv
    from helpers.analysis.scorecard import build_scorecard

    edition = load_edition()
    ds = ds if ds is not None else load_dataset(data_dir)
    labels = labels or Labels.from_data_dir(data_dir)
    card = build_scorecard(ds)
    comparison = previous_comparison(ds, card, edition, editions_dir or EDITIONS_DIR)
    write_csv(changes_table(comparison), Path(out_dir) / CHANGES_CSV, labels)
    return write_csv(scorecard_table(card, ds, edition.id), Path(out_dir) / SCORECARD_CSV, labels)


def scorecard_table(card, ds, edition_id: str):
    """The rows of `scorecard.csv`: the edition's id, then `helpers.present.scorecard_text.CSV_COLUMNS`."""
    from helpers.present.scorecard_text import scorecard_csv

    table = scorecard_csv(card, ds)
    table.insert(0, "edition", edition_id)
    return table


KIND_TITLES_EN = {"table": "Table of the report", "chart": "Data of a figure of the report"}


def write_package_and_readme(data_dir: Path, data_out: Path, files: list[dict],
                             sources: dict[str, dict], memo: Path | None = None) -> None:
    """datapackage.json (validated) and the downloads README for `files` (manifest entries)."""
    from helpers.present.citation import citation_text
    from helpers.publish.package.csv_files import Labels
    from helpers.publish.package.datapackage import PACKAGE_FILE, PRIMARY_KEYS, Resource, write_package

    resources = [Resource(f["path"], f["title"], f.get("title_en") or f"{KIND_TITLES_EN[f['kind']]}: {f['title']}",
                          "Các ô như báo cáo in (bảng chưa có số liệu dạng bảng)." if f.get("printed") else "",
                          PRIMARY_KEYS.get(f["kind"], []), printed=bool(f.get("printed")))
                 for f in files]
    from helpers.publish.render.producers import read_producers, source_producers

    citation = citation_text()
    producers = source_producers(read_producers(data_dir / "values.csv"))
    write_package(data_out, resources, Labels.from_data_dir(data_dir), sources, citation,
                  {sid: p for sid, p in producers.items() if sid in sources}, memo)
    lines = ["# Dữ liệu của báo cáo: danh sách tệp", "",
             "Mọi tệp CSV là UTF-8 có BOM (Excel đọc đúng tiếng Việt), phân cách bằng dấu phẩy, dấu chấm "
             "thập phân; số là số, dấu (qualifier) và đơn vị ở cột riêng, mỗi mã có cột tên tiếng Việt "
             "(`…_vi`) bên cạnh. Kiểu, đơn vị và ý nghĩa của từng cột nằm trong "
             f"[{PACKAGE_FILE}]({PACKAGE_FILE}) (Frictionless Data Package).", "",
             f"Cách trích dẫn: {citation}", "", "| tệp | nội dung |", "|---|---|"]
    lines += [f"| [{f['path']}]({f['path']}) | {' '.join(f['title'].split()).replace('|', '/')} |" for f in files]
    lines += [f"| [{PACKAGE_FILE}]({PACKAGE_FILE}) | Mô tả gói dữ liệu: các tệp, cột, mã, khóa, giấy phép |"]
    lines += [f"| [{name}]({name}) | {text} |" for name, text in (
        ("sources.yml", "Nguồn dạng YAML (tệp gốc của bộ dữ liệu)"),
        ("indicators.yml", "Chỉ tiêu dạng YAML (tệp gốc của bộ dữ liệu)"),
        ("data-dictionary.md", "Từ điển dữ liệu của các tệp gốc (tiếng Anh)"),
        ("tables/README.md", "Danh sách bảng"), ("charts/README.md", "Danh sách hình"))
        if (data_out / name).is_file()]
    (data_out / README).write_text("\n".join(lines) + "\n", encoding="utf-8")
