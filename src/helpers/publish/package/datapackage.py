"""`datapackage.json`: a Frictionless Data Package (v2) describing every CSV beside the report.

Each resource gets its titles (Vietnamese, with the English in `title_en`), its columns from
`columns.py` (type, titles, description, unit, the allowed codes with their Vietnamese labels),
primary and foreign keys (figures -> sources, indicators). The package carries the edition and
its data cut-off, the licence, the citation and the sources. It is validated with the
`frictionless` library (data against schema, keys) before it is published.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.data.edition import load_edition

from .columns import VOCABULARIES, describe
from .csv_files import Labels, read_back

PACKAGE_FILE = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
NAME = "hai-phong-khcn-dmst-cds"
TITLE_VI = "Hải Phòng: khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số: số liệu của báo cáo"
TITLE_EN = "Hai Phong: science, technology, innovation and digital transformation: the report's data"
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0 International"}
# The keys of the dataset's tables; the figures and any table holding their columns refer to them.
PRIMARY_KEYS = {"values": ["indicator", "geo", "year", "kind", "source_id"],
                "sources": ["source_id"], "indicators": ["indicator"], "scorecard": ["target_id"]}
REFERENCES = {"source_id": ("sources", "source_id"), "indicator": ("indicators", "indicator")}


@dataclass
class Resource:
    """One CSV of the package: its path under data/ and its titles."""

    path: str
    title_vi: str
    title_en: str
    description: str = ""
    primary_key: list[str] = field(default_factory=list)
    printed: bool = False     # a table's cells as printed: text columns named by their headers


def _field(name: str, labels: Labels, values: pd.Series) -> dict:
    spec = describe(name)
    out = {"name": name, "type": spec.type, "title": spec.title_vi, "title_en": spec.title_en,
           "description": spec.description}
    if spec.type == "date":
        out["format"] = "%Y-%m-%d"
    if spec.unit and not spec.unit.startswith("column:"):
        out["unit"] = spec.unit
    elif spec.unit:
        out["unitColumn"] = spec.unit.split(":", 1)[1]
    if spec.codes and spec.codes in VOCABULARIES:
        codes = VOCABULARIES[spec.codes]
        if any("+" in str(v) for v in values):   # a sum of territories: "a+b"
            alternatives = "|".join(re.escape(c) for c in sorted(codes))
            out["constraints"] = {"pattern": f"({alternatives})(\\+({alternatives}))*"}
        else:
            out["constraints"] = {"enum": sorted(codes)}
        out["categories"] = [{"value": c, "label": codes[c]} for c in sorted(codes)]
    elif spec.codes == "body":
        out["categories"] = [{"value": c, "label": t} for c, t in sorted(labels.bodies.items())]
    elif spec.codes == "indicator":
        out["categories"] = [{"value": c, "label": t} for c, t in sorted(labels.indicators.items())
                             if c in set(values)]
    return out


def resource_descriptor(data_dir: Path, res: Resource, labels: Labels, keyed: set[str]) -> dict:
    """The descriptor of one CSV, its columns read from the file itself."""
    frame = read_back(data_dir / res.path)
    name = resource_name(res.path)
    if res.printed:
        fields = [{"name": c, "type": "string", "title": c} for c in frame.columns]
    else:
        fields = [_field(c, labels, frame[c]) for c in frame.columns]
    schema: dict = {"fields": fields, "missingValues": [""]}
    if res.primary_key:
        schema["primaryKey"] = res.primary_key
    foreign = []
    for column, (target, key) in REFERENCES.items():
        if column in frame.columns and target in keyed and name != target:
            foreign.append({"fields": [column], "reference": {"resource": target, "fields": [key]}})
    if foreign:
        schema["foreignKeys"] = foreign
    out = {"name": name, "path": res.path, "type": "table", "format": "csv", "mediatype": "text/csv",
           "encoding": "utf-8", "title": res.title_vi, "title_en": res.title_en,
           "dialect": {"delimiter": ",", "header": True}, "schema": schema}
    if res.description:
        out["description"] = res.description
    return out


def resource_name(path: str) -> str:
    """The package name of a CSV: `tables/tbl-x.csv` -> `tables-tbl-x`."""
    return path.removesuffix(".csv").replace("/", "-").lower()


def _source_entry(sid: str, source: dict, producers: dict[str, list[str]]) -> dict:
    """A package source: the page (title, URL), its id in the data (`source_id` of values.csv and
    sources.csv), its publisher and date of publication where known and, where its figures name
    them, their producers."""
    out = {"title": str(source.get("title") or sid), "path": str(source.get("url") or ""), "source_id": sid}
    if source.get("publisher"):
        out["publisher"] = str(source["publisher"])
    published = source.get("published")
    if published not in (None, ""):
        out["published"] = published.isoformat() if hasattr(published, "isoformat") else str(published)
    if producers.get(sid):
        out["producers"] = producers[sid]
    return out


def package_descriptor(data_dir: Path, resources: list[Resource], labels: Labels,
                       sources: dict[str, dict], citation: str,
                       producers: dict[str, list[str]] | None = None) -> dict:
    edition = load_edition()
    keyed = {resource_name(r.path) for r in resources} & set(PRIMARY_KEYS)
    return {
        "$schema": PROFILE,
        "name": NAME,
        "title": TITLE_VI,
        "title_en": TITLE_EN,
        "version": edition.id,
        "created": f"{edition.published.isoformat()}T00:00:00Z",
        "edition": {"id": edition.id, "published": edition.published.isoformat(),
                    "cutoff": edition.cutoff.isoformat(), "previous": edition.previous},
        "description": (f"Số liệu của ấn bản {edition.id} (công bố ngày {edition.published:%d/%m/%Y}; "
                        f"số liệu của các nguồn đăng đến ngày {edition.cutoff:%d/%m/%Y}). Mỗi con số kèm "
                        "nguồn và đoạn trích nguyên văn; cột qualifier giữ mức độ chắc chắn của nguồn."),
        "citation": citation,
        "licenses": [LICENSE],
        "contributors": [{"title": "Nhóm Báo cáo chỉ số Hải Phòng", "roles": ["creator"]}],
        "keywords": ["Hải Phòng", "khoa học công nghệ", "đổi mới sáng tạo", "chuyển đổi số", "PII", "DTI"],
        "sources": [_source_entry(sid, s, producers or {}) for sid, s in sorted(sources.items())],
        "resources": [resource_descriptor(data_dir, r, labels, keyed) for r in resources],
    }


class InvalidPackage(ValueError):
    """frictionless found errors in the data package."""


def validate_package(path: Path, memo: Path | None = None) -> None:
    """Validate the package with frictionless (schemas, types, keys); raise with every error.
    With `memo` (a JSON file of keys found valid before, ``validated``), only what changed since
    is validated again."""
    import frictionless

    from . import validated

    descriptor = json.loads(path.read_text(encoding="utf-8"))
    version = validated.versions()
    package_key, resource_keys = validated.keys(descriptor, path.parent, version)
    known = validated.read_memo(memo) if memo else []
    checked = validated.to_validate(descriptor, package_key, resource_keys, set(known))
    if checked is None:
        return
    if checked is descriptor:
        report = frictionless.validate(str(path))
    else:  # the changed part, as a descriptor of its own beside the package (same base path)
        part = path.with_name(f".{path.stem}-changed.json")
        part.write_text(json.dumps(checked, ensure_ascii=False), encoding="utf-8")
        try:
            report = frictionless.validate(str(part))
        finally:
            part.unlink(missing_ok=True)
    if not report.valid:
        errors = [f"{task.name}: {err.title}: {err.message}" for task in report.tasks for err in task.errors]
        errors += [f"{err.title}: {err.message}" for err in report.errors]
        raise InvalidPackage(f"{path.name} is not valid:\n" + "\n".join(errors[:20]))
    if memo:
        validated.write_memo(memo, validated.remember(known, [package_key, *resource_keys.values()]))


def write_package(data_dir: Path, resources: list[Resource], labels: Labels, sources: dict[str, dict],
                  citation: str, producers: dict[str, list[str]] | None = None,
                  memo: Path | None = None) -> Path:
    """Write and validate `datapackage.json` in `data_dir` for `resources` (paths under it);
    `producers`: source id -> the producers its figures name; `memo`: see `validate_package`."""
    descriptor = package_descriptor(data_dir, resources, labels, sources, citation, producers)
    path = data_dir / PACKAGE_FILE
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                    encoding="utf-8")
    validate_package(path, memo)
    return path
