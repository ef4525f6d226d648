"""The edition a build produces, declared once in ``edition.yml`` at the project root.

Light on purpose (yaml only): every build reads it. The cut-off rule that decides which figures
an edition may use is ``helpers.data.cutoff``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from helpers import PROJECT_ROOT
from helpers.data.yaml_text import safe_load

EDITION_FILE = PROJECT_ROOT / "edition.yml"
EDITIONS_DIR = PROJECT_ROOT / "editions"


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


def edition_file() -> Path:
    """``$HPREPORT_EDITION_FILE`` or ``edition.yml`` at the project root."""
    return Path(os.environ.get("HPREPORT_EDITION_FILE") or EDITION_FILE)


def _read(path: Path) -> dict:
    if not path.is_file():
        raise ValueError(f"{path}: the edition file is missing (it declares the edition's id, "
                         "publication date and data cut-off)")
    raw = safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: the edition file must be a mapping (id, published, cutoff, previous)")
    return raw


def load_edition(path: Path | None = None, edition_id: str | None = None) -> Edition:
    """The edition of ``path`` (default: ``edition_file()``); with ``edition_id``, that edition:
    the current one or one of its ``reconstructions`` (dated by its cut-off, ``reconstructed``)."""
    path = Path(path or edition_file())
    raw = _read(path)
    missing = [k for k in ("id", "published", "cutoff") if k not in raw]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}")
    if edition_id is not None and str(edition_id) != str(raw["id"]):
        rebuilt = (raw.get("reconstructions") or {}).get(str(edition_id))
        if rebuilt is None:
            known = ", ".join([str(raw["id"]), *map(str, raw.get("reconstructions") or {})])
            raise ValueError(f"{path}: no edition '{edition_id}' (declared: {known})")
        if "cutoff" not in rebuilt:
            raise ValueError(f"{path}: reconstructions.{edition_id}: missing cutoff")
        cutoff = _date(rebuilt["cutoff"], path, f"reconstructions.{edition_id}.cutoff")
        return Edition(id=str(edition_id), published=cutoff, cutoff=cutoff,
                       previous=None if rebuilt.get("previous") is None else str(rebuilt["previous"]),
                       reconstructed=True)
    return Edition(id=str(raw["id"]), published=_date(raw["published"], path, "published"),
                   cutoff=_date(raw["cutoff"], path, "cutoff"),
                   previous=None if raw.get("previous") is None else str(raw["previous"]),
                   reconstructed=bool(raw.get("reconstructed", False)))


def declared_dates(path: Path | None = None) -> list[dt.date]:
    """Every date the edition file declares (the current edition's and the reconstructions')."""
    raw = _read(Path(path or edition_file()))
    out = [_date(raw["published"], Path(path or edition_file()), "published"),
           _date(raw["cutoff"], Path(path or edition_file()), "cutoff")]
    for rebuilt in (raw.get("reconstructions") or {}).values():
        out.append(_date(rebuilt["cutoff"], Path(path or edition_file()), "cutoff"))
    return sorted(set(out))
