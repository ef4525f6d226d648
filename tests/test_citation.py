"""How to cite: CITATION.cff is valid Citation File Format 1.2.0 and agrees with edition.yml and the
report's title page; the citation text is the same in the report, the data package's README and
data/README.md.

The CFF schema is `tests/fixtures/cff-schema-1.2.0.json`, the `schema.json` of Citation File
Format 1.2.0 (citation-file-format/citation-file-format, CC BY 4.0), as shipped in the cffconvert
2.0.0 wheel (`cffconvert/schemas/1.2.0/schema.json`).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpers import PROJECT_ROOT
from helpers.present.citation import CITATION_FILE, HEADING, citation_markdown, citation_text, load_cff
from helpers.data.edition import Edition, load_edition

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))


def as_json(value):
    """YAML dates as the strings CFF's schema expects (as cffconvert reads them)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def cff_errors(cff: dict) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return sorted(e.message for e in validator.iter_errors(as_json(cff)))


def front_matter() -> dict:
    text = (PROJECT_ROOT / "report" / "report.qmd").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def test_citation_cff_is_valid_cff_1_2_0():
    assert cff_errors(load_cff()) == []


def test_the_schema_check_finds_errors():
    cff = load_cff()
    broken = {k: v for k, v in cff.items() if k != "authors"}
    broken["date-released"] = "22/11/2026"
    errors = cff_errors(broken)
    assert any("'authors' is a required property" in e for e in errors), errors
    assert any("22/11/2026" in e for e in errors), errors


def test_citation_cff_agrees_with_the_edition_and_the_title_page():
    cff, edition, meta = load_cff(), load_edition(), front_matter()
    assert cff["version"] == edition.id
    assert cff["date-released"] == edition.published
    assert cff["title"] == meta["title"]
    assert [a["name"] for a in cff["authors"]] == [meta["author"]]
    assert "date" not in meta  # the title page's date is the edition's (edition.yml), typed nowhere else


def test_citation_text_is_generated_from_the_edition():
    cff = load_cff()
    other = Edition(id="2027", published=dt.date(2027, 11, 20), cutoff=dt.date(2027, 1, 31), previous="2026")
    assert citation_text(cff, other) == (
        "Nhóm Báo cáo chỉ số Hải Phòng (2027). Hải Phòng: khoa học, công nghệ, đổi mới sáng tạo và "
        "chuyển đổi số. Báo cáo chỉ số thường niên, ấn bản 2027, công bố ngày 20/11/2027; số liệu của "
        "các nguồn đăng đến ngày 31/1/2027.")
    section = citation_markdown(cff, other)
    assert section.startswith(f"\n\n# {HEADING} {{.unnumbered}}\n\n{citation_text(cff, other)}\n")


def test_data_readme_carries_the_citation():
    readme = (PROJECT_ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert f"> {citation_text()}\n" in readme


@pytest.mark.build
def test_the_report_says_how_to_cite_it(tmp_path):
    from helpers.publish.render import render_report
    from test_render_features import pdf_text

    result = render_report(PROJECT_ROOT, tmp_path, renderer="embedded", quiet=True)
    page = result.html.read_text(encoding="utf-8")
    assert f">{HEADING}</h" in page and citation_text() in page
    assert citation_text() in " ".join(pdf_text(result.pdf).split())
    assert CITATION_FILE.is_file()
