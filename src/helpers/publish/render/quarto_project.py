"""The Quarto project as the embedded renderer sees it: `_quarto.yml` plus the document's front matter.

Only the settings listed in report/README.md are read; an unknown key is an error so that the
two renderers never silently disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpers.data.edition import Edition, load_edition

from .errors import RenderError

CONFIG = "_quarto.yml"
# Top-level keys of _quarto.yml the embedded renderer understands (the rest of Quarto is not used).
CONFIG_KEYS = {"project", "lang", "date-format", "number-sections", "toc-title", "crossref",
               "language", "bibliography", "link-citations", "nocite", "format"}
PROJECT_KEYS = {"type", "output-dir", "render", "pre-render"}
FRONT_MATTER_KEYS = ("title", "subtitle", "author", "abstract")
EDITION_NAME = "edition.yml"  # the report's date and data cut-off (helpers.data.edition)
CALLOUT_TYPES = ("note", "tip", "warning", "important", "caution")

DEFAULT_LABELS = {
    "fig-title": "Hình", "tbl-title": "Bảng",
    "fig-prefix": "Hình", "tbl-prefix": "Bảng", "sec-prefix": "Mục",
    "callout-note-title": "Ghi chú", "callout-tip-title": "Mẹo",
    "callout-warning-title": "Cảnh báo", "callout-important-title": "Quan trọng",
    "callout-caution-title": "Thận trọng",
    "section-title-references": "Tài liệu tham khảo", "toc-title": "Mục lục",
    "section-title-abstract": "Tóm tắt", "sources-label": "Nguồn",
}


@dataclass
class Project:
    """Everything the renderer needs to know about one report document."""

    root: Path
    document: Path                      # the .qmd to render (absolute)
    body: str                           # the document text after the front matter
    body_first_line: int                # 1-based source line of body[0]
    meta: dict[str, Any]                # validated front matter
    edition: Edition                    # edition.yml of the project: the date, the cut-off
    labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LABELS))
    lang: str = "vi"
    toc: bool = True
    nocite: str | None = None           # "@*": the bibliography lists every source

    def rel(self, path: Path) -> str:
        """A path relative to the project root, for messages."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    @property
    def date(self) -> dt.date:
        """The edition's publication date: the title block's date and the PDF's creation date."""
        return self.edition.published


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        raise RenderError(where, f"invalid YAML: {exc}") from None


def _key_line(lines: list[str], key: str, first: int) -> int:
    for i, line in enumerate(lines):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return first + i
    return first


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str, int, list[str]]:
    """(front matter, body, first body line, front matter lines) of a .qmd text."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise RenderError(f"{where}:1", "the document must start with a YAML front matter block (---)")
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise RenderError(f"{where}:1", "the front matter block is not closed with ---")
    fm_lines = lines[1:end]
    try:
        meta = yaml.safe_load("\n".join(fm_lines)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark else 1
        raise RenderError(f"{where}:{line}", f"invalid YAML in front matter: {exc}") from None
    if not isinstance(meta, dict):
        raise RenderError(f"{where}:2", "the front matter must be a mapping of keys to values")
    return meta, "\n".join(lines[end + 1:]), end + 2, fm_lines


def vietnamese_date(day: dt.date) -> str:
    """`15 tháng 1 năm 2026`, the form `date-format` in _quarto.yml asks Quarto for."""
    return f"{day.day} tháng {day.month} năm {day.year}"


def _validate_front_matter(meta: dict, fm_lines: list[str], where: str) -> dict[str, Any]:
    for key in meta:
        if key == "date":
            line = _key_line(fm_lines, "date", 2)
            raise RenderError(f"{where}:{line}", f"remove 'date': the report's date is the edition's "
                              f"publication date, declared once in {EDITION_NAME}")
        if key not in FRONT_MATTER_KEYS:
            line = _key_line(fm_lines, str(key), 2)
            raise RenderError(f"{where}:{line}", f"unsupported front matter key '{key}' "
                              f"(supported: {', '.join(FRONT_MATTER_KEYS)}; project settings go in {CONFIG})")
    if "title" not in meta:
        raise RenderError(f"{where}:1", "the front matter needs 'title'")
    out = dict(meta)
    authors = meta.get("author")
    if authors is not None:
        authors = authors if isinstance(authors, list) else [authors]
        if not all(isinstance(a, str) for a in authors):
            line = _key_line(fm_lines, "author", 2)
            raise RenderError(f"{where}:{line}", "author must be a name or a list of names")
        out["author"] = authors
    for key in ("title", "subtitle", "abstract"):
        if key in meta and not isinstance(meta[key], str):
            line = _key_line(fm_lines, key, 2)
            raise RenderError(f"{where}:{line}", f"'{key}' must be text")
    return out


def language_file(root: Path, name: str) -> dict[str, str]:
    """The labels of a Quarto language file (`language: FILE` in _quarto.yml) that the embedded
    renderer shows; the file's other keys label parts of Quarto's pages that it does not have."""
    path = root / name
    if not path.is_file():
        raise RenderError(CONFIG, f"language: the file {name} does not exist")
    values = _load_yaml(path)
    if not isinstance(values, dict):
        raise RenderError(name, "a language file is a mapping of keys to labels")
    return {k: str(v) for k, v in values.items() if k in DEFAULT_LABELS}


def load_project(root: Path) -> Project:
    """Read `_quarto.yml` and the one document it renders."""
    root = Path(root)
    config_path = root / CONFIG
    if not config_path.is_file():
        raise RenderError(CONFIG, f"no {CONFIG} in {root}")
    config = _load_yaml(config_path)
    for key in config:
        if key not in CONFIG_KEYS:
            line = _key_line(config_path.read_text(encoding="utf-8").split("\n"), str(key), 1)
            raise RenderError(f"{CONFIG}:{line}", f"setting '{key}' is not supported by the embedded "
                              f"renderer (supported: {', '.join(sorted(CONFIG_KEYS))})")
    project = config.get("project") or {}
    unknown = set(project) - PROJECT_KEYS
    if unknown:
        raise RenderError(CONFIG, f"project setting '{sorted(unknown)[0]}' is not supported")
    render = project.get("render") or []
    if len(render) != 1 or not str(render[0]).endswith(".qmd"):
        raise RenderError(CONFIG, "project.render must list exactly one .qmd document (the report)")
    document = root / render[0]
    if not document.is_file():
        raise RenderError(CONFIG, f"the document {render[0]} does not exist")

    where = document.relative_to(root).as_posix()
    meta, body, first, fm_lines = split_front_matter(document.read_text(encoding="utf-8"), where)
    meta = _validate_front_matter(meta, fm_lines, where)
    try:
        edition = load_edition(root / EDITION_NAME)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise RenderError(EDITION_NAME, str(exc)) from None

    labels = dict(DEFAULT_LABELS)
    for section in ("crossref", "language"):
        values = config.get(section) or {}
        if section == "language" and isinstance(values, str):
            values = language_file(root, values)
        for key, value in values.items():
            if key not in DEFAULT_LABELS:
                raise RenderError(CONFIG, f"{section}.{key} is not supported by the embedded renderer")
            labels[key] = str(value)
    if "toc-title" in config:
        labels["toc-title"] = str(config["toc-title"])
    formats = config.get("format") or {}
    toc = any(bool((formats.get(f) or {}).get("toc")) for f in ("html", "typst"))
    return Project(root=root, document=document, body=body, body_first_line=first, meta=meta,
                   edition=edition, labels=labels, lang=str(config.get("lang", "vi")), toc=toc,
                   nocite=str(config["nocite"]) if config.get("nocite") else None)
