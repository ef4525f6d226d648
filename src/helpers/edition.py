"""The edition a build produces, declared once in ``edition.yml`` at the project root."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers import PROJECT_ROOT

EDITION_FILE = PROJECT_ROOT / "edition.yml"


@dataclass(frozen=True)
class Edition:
    id: str
    published: dt.date
    cutoff: dt.date
    previous: str | None = None
    reconstructed: bool = False


def _date(raw, path: Path, key: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise ValueError(f"{path}: '{key}' must be a date YYYY-MM-DD, got {raw!r}") from None


def load_edition(path: Path | None = None) -> Edition:
    """The edition of ``path`` (default: ``$HPREPORT_EDITION_FILE`` or ``edition.yml``)."""
    path = Path(path or os.environ.get("HPREPORT_EDITION_FILE") or EDITION_FILE)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = [k for k in ("id", "published", "cutoff") if k not in raw]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}")
    return Edition(id=str(raw["id"]), published=_date(raw["published"], path, "published"),
                   cutoff=_date(raw["cutoff"], path, "cutoff"),
                   previous=None if raw.get("previous") is None else str(raw["previous"]),
                   reconstructed=bool(raw.get("reconstructed", False)))
