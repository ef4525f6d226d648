"""CSL JSON bibliography generated from data/sources.yml (keys are the source ids).

`python -m helpers.publish.render.bibliography [OUT]` writes it for Quarto (the project's pre-render step);
the embedded renderer generates it into its own work folder.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from helpers.data.contract import NO_DATE_VI
from helpers.data.yaml_text import safe_load

from .errors import RenderError

SOURCES = Path("data") / "sources.yml"
# The citation style of both renderers: numbered references (see the file).
CITATION_STYLE = Path(__file__).with_name("citation-style.csl")
QUARTO_BIBLIOGRAPHY = Path(".cache") / "references.json"


def as_date(value: Any) -> dt.date | None:
    """A date from a YAML value (date, datetime or ISO text); None when empty or not a date."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def load_sources(root: Path) -> dict[str, dict]:
    """The source records of data/sources.yml by id ({} when the file does not exist)."""
    path = Path(root) / SOURCES
    if not path.is_file():
        return {}
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RenderError(SOURCES.as_posix(), f"invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RenderError(SOURCES.as_posix(), "expected a mapping of source ids to records")
    return {str(k): (v or {}) for k, v in data.items()}


UPDATED_LABEL = "Số liệu cập nhật đến ngày"


def source_label(sid: str, record: dict | None) -> str:
    """How a reader sees a source where a citation cannot be processed (chart tooltips and chart
    data tables): "publisher, ngày d/m/yyyy", the publisher alone when undated, the id when
    unknown."""
    if not record:
        return sid
    publisher = str(record.get("publisher") or sid)
    published = as_date(record.get("published"))
    if published:
        return f"{publisher}, ngày {published.day}/{published.month}/{published.year}"
    return f"{publisher}, {NO_DATE_VI}"


def source_labels(sources: dict[str, dict]) -> dict[str, str]:
    """`source_label` of every source, followed by its title where sources would otherwise read
    the same (two undated CafeF articles), so that a reader can tell them apart."""
    labels = {sid: source_label(sid, record) for sid, record in sources.items()}
    shared = {label for label, n in Counter(labels.values()).items() if n > 1}
    return {sid: f"{label}: “{sources[sid].get('title') or sid}”" if label in shared else label
            for sid, label in labels.items()}


def csl_items(sources: dict[str, dict]) -> list[dict]:
    """One CSL item per source, sorted by id; the publisher stands as the (institutional) author."""
    items = []
    for sid in sorted(sources):
        src = sources[sid]
        item: dict[str, Any] = {"id": sid, "type": "article-newspaper", "title": str(src.get("title", sid))}
        publisher = str(src.get("publisher") or "")
        published = as_date(src.get("published"))
        if publisher:
            item["author"] = [{"literal": publisher}]
        # CSL's vi-VN locale names months after the lunar calendar ("Tháng Chạp"), so only the
        # year goes through CSL; the full date is written in Vietnamese numeric form.
        if published:
            item["issued"] = {"date-parts": [[published.year]]}
            day = f"ngày {published.day}/{published.month}/{published.year}"
            item["container-title"] = f"{publisher}, {day}" if publisher else day
        else:
            # Without a date the style prints its locale's bare "không ngày" (no date); it prints
            # `status` in its place, which says that the page itself shows none.
            item["status"] = NO_DATE_VI
            if publisher:
                item["container-title"] = publisher
        accessed = as_date(src.get("accessed"))
        if accessed:
            item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
        if src.get("url"):
            item["URL"] = str(src["url"])
        if src.get("language"):
            item["language"] = str(src["language"])
        items.append(item)
    return items


def write_csl_json(root: Path, out: Path) -> Path:
    """Write the bibliography of `root`'s sources to `out` (stable bytes)."""
    text = json.dumps(csl_items(load_sources(root)), ensure_ascii=False, indent=1, sort_keys=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else QUARTO_BIBLIOGRAPHY
    write_csl_json(Path.cwd(), out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
