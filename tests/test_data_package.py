"""The data beside the report: every CSV opens right (in pandas and as Excel reads it), numbers
are numbers, codes carry Vietnamese labels, every column is described, each figure and table has
its download linked under it, and the Frictionless data package validates.

The real report is rendered once (embedded renderer) and its data published as the build does.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import PROJECT_ROOT
from helpers.publish.build.downloads import publish_data
from helpers.present.citation import citation_text
from helpers.data.edition import load_edition
from helpers.data.loader import load_dataset
from helpers.publish.package.columns import COLUMNS, UndescribedColumn, describe, labelled
from helpers.publish.package.csv_files import Labels, read_back, shaped
from helpers.publish.render import render_report
from helpers.analysis.scorecard import build_scorecard
from helpers.present.scorecard_text import scorecard_csv

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("published")
    render_report(PROJECT_ROOT, folder, renderer="embedded", quiet=True)
    publish_data(PROJECT_ROOT / "data", folder / "data")
    return folder


@pytest.fixture(scope="module")
def package(out) -> dict:
    return json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))


def csv_files(out: Path) -> list[Path]:
    return sorted((out / "data").rglob("*.csv"))


def test_frictionless_validate_passes(out):
    cli = Path(sys.executable).with_name("frictionless")
    proc = subprocess.run([str(cli), "validate", "datapackage.json"], cwd=out / "data",
                          capture_output=True, text=True)
    print(proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    statuses = re.findall(r"│ (VALID|INVALID)\s*│", proc.stdout)
    assert statuses and set(statuses) == {"VALID"}
    assert len(statuses) == len(csv_files(out))


def test_the_package_lists_every_csv_and_the_readme_every_file(out, package):
    paths = sorted(r["path"] for r in package["resources"])
    assert paths == sorted(p.relative_to(out / "data").as_posix() for p in csv_files(out))
    readme = (out / "data" / "README.md").read_text(encoding="utf-8")
    for path in paths + ["datapackage.json", "sources.yml", "indicators.yml", "data-dictionary.md"]:
        assert f"[{path}]({path})" in readme, path
    assert not (out / "data" / "downloads.json").exists()     # the renderer's list, consumed


def test_the_package_carries_edition_licence_citation_and_sources(package):
    edition = load_edition()
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["version"] == edition.id
    assert package["edition"] == {"id": edition.id, "published": edition.published.isoformat(),
                                  "cutoff": edition.cutoff.isoformat(), "previous": edition.previous}
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["citation"] == citation_text()
    assert package["title"].startswith("Hải Phòng") and package["title_en"].startswith("Hai Phong")
    ds = load_dataset()
    assert len(package["sources"]) == len(ds.sources)
    assert {s["path"] for s in package["sources"]} == set(ds.sources["url"])
    # each source names its id in the data, its publisher and, where known, its date
    entries = {s["source_id"]: s for s in package["sources"]}
    assert set(entries) == set(ds.sources.index)
    kh350 = entries["kh350_pbgdpl_2026"]
    assert kh350["path"] == ds.sources.at["kh350_pbgdpl_2026", "url"]
    assert kh350["publisher"] == ds.sources.at["kh350_pbgdpl_2026", "publisher"]
    dated = ds.sources["published"].dropna()
    assert {sid: entries[sid].get("published") for sid in dated.index} == {
        sid: d.date().isoformat() for sid, d in dated.items()}
    assert all("published" not in entries[sid] for sid in set(ds.sources.index) - set(dated.index))


def test_keys_tie_figures_to_sources_and_indicators(package):
    res = {r["name"]: r for r in package["resources"]}
    values = res["values"]["schema"]
    assert values["primaryKey"] == ["indicator", "geo", "year", "kind", "source_id"]
    assert {(tuple(k["fields"]), k["reference"]["resource"]) for k in values["foreignKeys"]} == {
        (("source_id",), "sources"), (("indicator",), "indicators")}
    assert res["sources"]["schema"]["primaryKey"] == ["source_id"]
    assert res["indicators"]["schema"]["primaryKey"] == ["indicator"]
    assert res["scorecard"]["schema"]["primaryKey"] == ["target_id"]
    # a chart's download refers to the same keys
    chart = res["charts-fig-pii-score"]["schema"]
    assert {k["reference"]["resource"] for k in chart["foreignKeys"]} == {"sources", "indicators"}


def test_every_field_has_titles_types_and_codes_their_labels(package):
    for resource in package["resources"]:
        assert resource["title"] and resource["title_en"], resource["name"]
        for field in resource["schema"]["fields"]:
            assert field["title"], (resource["name"], field["name"])
            if resource["name"].startswith("tables-") and "title_en" not in field:
                continue      # a table kept as printed: its headers are its titles
            assert field["title_en"] and field["description"], (resource["name"], field["name"])
    fields = {f["name"]: f for f in next(r for r in package["resources"] if r["name"] == "values")["schema"]["fields"]}
    assert fields["value"]["type"] == "number" and fields["value"]["unitColumn"] == "unit"
    assert fields["year"]["type"] == "integer"
    assert {c["value"]: c["label"] for c in fields["qualifier"]["categories"]}[">"] == "hơn"
    assert {c["value"]: c["label"] for c in fields["geo"]["categories"]}["hai_phong_merged"] == "Hải Phòng (sau hợp nhất)"
    assert fields["kind"]["constraints"]["enum"] == ["actual", "estimate", "plan", "projection", "target"]


def test_every_csv_reads_the_same_in_pandas_and_as_excel_reads_it(out):
    for path in csv_files(out):
        raw = path.read_bytes()
        assert raw.startswith(BOM), path.name
        assert raw.count(b"\r\n") == raw.count(b"\n") > 1, path.name          # RFC 4180 line ends
        dialect = csv.Sniffer().sniff(raw.decode("utf-8-sig").splitlines()[0], delimiters=",;\t")
        assert dialect.delimiter == ",", path.name
        excel = read_back(path)
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert list(frame.columns) == list(excel.columns), path.name
        assert frame.values.tolist() == excel.values.tolist(), path.name
        assert not excel.columns[0].startswith("\ufeff") and len(excel) > 0, path.name


def test_figures_are_numbers_with_qualifier_and_unit_beside_them(out):
    values = read_back(out / "data" / "values.csv")
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in values["value"])
    phd = values[(values["indicator"] == "phd_count") & (values["year"] == "2025")].iloc[0]
    # "hơn 390 tiến sĩ" stays a lower bound: 390 with '>' read "hơn", never exactly 390
    assert (phd["value"], phd["qualifier"], phd["qualifier_vi"], phd["unit"]) == ("390", ">", "hơn", "count")
    assert phd["value_text"] == "hơn 390"
    pii = values[(values["indicator"] == "pii_score") & (values["geo"] == "hai_phong_merged")
                 & (values["year"] == "2025")].iloc[0]
    assert (pii["value"], pii["qualifier"], pii["unit"], pii["unit_vi"]) == ("58.09", "=", "points", "điểm")
    assert pii["indicator_vi"] == "Điểm Chỉ số đổi mới sáng tạo cấp địa phương (PII)"
    assert pii["geo_vi"] == "Hải Phòng (sau hợp nhất)" and pii["kind_vi"] == "Thực tế"


def test_the_figures_download_carries_the_note_for_readers(out):
    values = read_back(out / "data" / "values.csv")
    source = pd.read_csv(PROJECT_ROOT / "data" / "values.csv", dtype=str, keep_default_na=False)
    row = source[(source["indicator"] == "state_budget_revenue") & (source["geo"] == "hai_phong_merged")
                 & (source["year"] == "2025") & (source["preferred"] == "true")].iloc[0]
    published = values[(values["indicator"] == "state_budget_revenue") & (values["geo"] == "hai_phong_merged")
                       & (values["year"] == "2025") & (values["preferred"] == "true")].iloc[0]
    assert row["note_vi"] and published["note_vi"] == " ".join(row["note_vi"].split())
    assert published["value"] == "187766.6" and published["qualifier"] == "~"
    assert len(values) == len(source)


def test_code_columns_have_their_vietnamese_labels_beside_them(out, package):
    for resource in package["resources"]:
        frame = read_back(out / "data" / resource["path"])
        columns = list(frame.columns)
        for i, column in enumerate(columns):
            if labelled(column) and f"{column}_vi" in columns:
                assert columns[i + 1] == f"{column}_vi", (resource["path"], column)
                filled = frame[frame[column] != ""]
                assert (filled[f"{column}_vi"] != "").all(), (resource["path"], column)
    card = read_back(out / "data" / "scorecard.csv")
    assert set(card["status_vi"]) <= {"Đạt", "Không đạt", "Đã đạt sớm, cần giữ", "Tiến bộ đáng kể",
                                      "Tiến bộ vừa phải", "Tiến bộ hạn chế", "Đi lùi", "Chưa đánh giá được"}
    assert "met" in set(card["status"]) and "Đạt" in set(card["status_vi"])


def test_no_grouped_cell_is_left_blank(out):
    for path in sorted((out / "data" / "tables").glob("*.csv")):
        frame = read_back(path)
        assert (frame.iloc[:, 0].str.strip() != "").all(), path.name



def test_each_figure_links_its_data_under_its_numbers_table(out):
    page = (out / "report.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure id="(fig-[\w-]+)"', page)
    assert len(figures) >= 8
    for label in figures:
        block = page[page.index(f'id="{label}"'):]
        block = block[:block.index("</figure>")]
        link = f'<a href="data/charts/{label}.csv" class="hp-download" download="">Tải số liệu của hình (CSV, UTF-8)</a>'
        assert link in block, label
        assert block.index('<details class="hp-chart-data">') < block.index(link), label
        assert (out / "data" / "charts" / f"{label}.csv").is_file(), label


def test_a_chart_download_holds_the_numbers_it_draws(out):
    rank = read_back(out / "data" / "charts" / "fig-pii-rank.csv")
    rows = {(r.geo, r.year, r.kind): (r.value, r.qualifier) for r in rank.itertuples()}
    # checked by hand against data/values.csv: rank 3 in 2023 and 2024 (old city), 4 in 2025,
    # and the 2026 target "top 5" (pii_rank <= 5)
    assert rows[("hai_phong", "2023", "actual")] == ("3", "=")
    assert rows[("hai_phong_merged", "2025", "actual")] == ("4", "=")
    assert rows[("hai_phong_merged", "2026", "target")] == ("5", "<=")
    revenue = read_back(out / "data" / "charts" / "fig-revenue.csv")
    merged = revenue[(revenue["geo"] == "hai_phong_merged") & (revenue["year"] == "2025")]
    assert merged[["value", "qualifier", "unit", "kind"]].values.tolist() == [
        ["187766.6", "~", "billion_vnd", "estimate"], ["148499", "=", "billion_vnd", "target"]]
    # every year's plan or target the scorecard rates is drawn, 2022 to 2026
    goals = revenue[revenue["kind"].isin(["plan", "target"])]
    assert sorted(set(goals["year"])) == ["2022", "2023", "2024", "2025", "2026"] and len(goals) == 7
    # the old boundary's trend carried to 2025: a projection with its 80% and 95% intervals
    projection = revenue[revenue["kind"] == "projection"]
    assert projection[["geo", "year", "kind_vi"]].values.tolist() == [["hai_phong", "2025", "Dự báo theo xu hướng (mô hình)"]]
    lo95, lo80, mean, hi80, hi95 = (float(projection.iloc[0][c]) for c in ("lo95", "lo80", "value", "hi80", "hi95"))
    assert lo95 < lo80 < mean < hi80 < hi95
    assert (revenue.loc[revenue["kind"] != "projection", "lo80"] == "").all()


def test_a_table_download_has_numbers_where_the_page_prints_words(out):
    table = read_back(out / "data" / "tables" / "tbl-revenue.csv")
    row = table[(table["year"] == "2025")].iloc[0]
    assert (row["value"], row["qualifier"], row["unit"]) == ("187766.6", "~", "billion_vnd")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "khoảng 187.766,6 tỷ đồng" in page


def test_every_column_of_the_scorecard_is_described():
    """A column added to scorecard.csv must be described before it can be published."""
    ds = load_dataset()
    for column in scorecard_csv(build_scorecard(ds), ds).columns:
        describe(column, "scorecard.csv")


def test_an_undescribed_column_or_unlabelled_code_stops_publishing():
    labels = Labels({"pii_score": "Điểm PII"}, {"pii_score": "points"}, {})
    frame = pd.DataFrame({"indicator": ["pii_score"], "new_column": ["t1"]})
    with pytest.raises(UndescribedColumn, match=r"scorecard.csv: column 'new_column' is not described; "
                                                r"add it to COLUMNS in src/helpers/publish/package/columns.py"):
        shaped(frame, labels, "scorecard.csv")
    with pytest.raises(ValueError, match=r"x.csv: line 3, column 'status': code 'almost' has no Vietnamese label"):
        shaped(pd.DataFrame({"status": ["met", "almost"]}), labels, "x.csv")
    with pytest.raises(ValueError, match=r"x.csv: column 'year' must hold whole numbers, got 2025.5"):
        shaped(pd.DataFrame({"year": [2025.5]}), labels, "x.csv")
    out = shaped(pd.DataFrame({"indicator": ["pii_score"], "year": [2025.0], "value": [58.09]}), labels, "x.csv")
    assert out.values.tolist() == [["pii_score", "Điểm PII", "2025", "58.09"]]


def test_column_registry_is_consistent():
    for name, column in COLUMNS.items():
        assert column.type in ("string", "integer", "number", "boolean", "date"), name
        assert column.title_vi and column.title_en and column.description, name


def test_publishing_a_scorecard_with_a_new_column_fails_until_it_is_described(tmp_path, monkeypatch):
    """What happens when the scorecard gains a column (say `new_column`) and nobody describes it."""
    import helpers.present.scorecard_text as text

    original = text.scorecard_csv
    monkeypatch.setattr(text, "scorecard_csv", lambda card, ds: original(card, ds).assign(new_column="t"))
    with pytest.raises(UndescribedColumn, match="scorecard.csv: column 'new_column' is not described"):
        publish_data(PROJECT_ROOT / "data", tmp_path / "data")
    assert not (tmp_path / "data" / "datapackage.json").exists()


def test_numbers_carry_no_float_noise(out):
    """Computed columns (gaps, rates) are written to 12 significant digits: 8774.96, never
    8774.96000000001 or -0.539999999999999."""
    text = (out / "data" / "scorecard.csv").read_text(encoding="utf-8-sig")
    assert not re.findall(r"\d\.\d*(?:0{6,}|9{6,})\d", text)


def test_figures_credit_their_original_producer_before_the_outlet(out, package):
    page = (out / "report.html").read_text(encoding="utf-8")

    def source_line(label: str) -> str:
        block = page[page.index(f'<figure id="{label}"'):]
        caption = re.search(r"<figcaption>(.*?)</figcaption>", block[:block.index("</figure>")], re.S).group(1)
        text = " ".join(re.sub(r"<[^>]+>", "", caption).split())
        return text[text.index("Nguồn:"):]

    # the 2026 target of Kế hoạch 350/KH-UBND: its page names the People's Committee that issued it
    assert re.fullmatch(r"Nguồn: UBND thành phố Hải Phòng, qua \[\d+\]; \[[\d,–; ]+\] "
                        r"\(đơn vị công bố gốc: nguồn không nêu\)\.", source_line("fig-digital-economy"))
    # no stored passage names who computed the PII scores
    assert re.fullmatch(r"Nguồn: \[[\d,–; ]+\] \(đơn vị công bố gốc: nguồn không nêu\)\.", source_line("fig-pii-score"))
    chart = read_back(out / "data" / "charts" / "fig-digital-economy.csv")
    by_row = {(r.geo, r.year, r.kind): r.producer for r in chart.itertuples()}
    assert by_row[("hai_phong_merged", "2026", "target")] == "UBND thành phố Hải Phòng"
    assert by_row[("hai_phong", "2023", "actual")] == ""
    sources = read_back(out / "data" / "sources.csv").set_index("source_id")
    assert sources.at["kh350_pbgdpl_2026", "producers"] == "UBND thành phố Hải Phòng"
    assert sources.at["vietnamnet_2025_pii", "producers"] == ""
    entries = {s["path"]: s for s in package["sources"]}
    kh350 = load_dataset().sources.at["kh350_pbgdpl_2026", "url"]
    assert entries[kh350]["producers"] == ["UBND thành phố Hải Phòng"]
    assert sum("producers" in s for s in package["sources"]) == 3
    values = next(r for r in package["resources"] if r["name"] == "values")
    assert {"producer", "producer_quote"} <= {f["name"] for f in values["schema"]["fields"]}


def test_the_dictionary_describes_the_scorecard_columns_in_the_file_order_with_its_booleans(out):
    """data/README.md (the package's data-dictionary.md) names every column of scorecard.csv in the
    file's order (their `_vi` labels aside) and writes booleans as the file does."""
    text = (PROJECT_ROOT / "data" / "README.md").read_text(encoding="utf-8")
    part = text[text.index("Columns of `scorecard.csv`"):text.index("`changes.csv`: what changed")]
    named = [n for line in part.splitlines() if line.startswith("| `")
             for n in re.findall(r"`([a-z_]+)`", line.split(" | ")[0])]
    header = read_back(out / "data" / "scorecard.csv").columns
    assert named == [c for c in header if not c.endswith("_vi")]
    card = read_back(out / "data" / "scorecard.csv")
    assert set(card["lead"]) == set(card["counted"]) == {"true", "false"}
    assert "`True`" not in part and "`False`" not in part and "`true`" in part
