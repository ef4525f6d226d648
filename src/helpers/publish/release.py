"""`hpreport release`: freeze an edition into `editions/<id>/`, small enough to commit.

The archive (``ARCHIVE_FILES``) holds what the next edition compares with (helpers.analysis.editions):
the scorecard, the chosen projection of every projected target on each year up to the target
year (point, 80 % and 95 % intervals, model; the probability on the target year), the figures the edition used (preferred rows only,
without quotes) and `edition.json` (the edition, the commit and the content hashes of data/ and
requirements.lock it was computed from). The HTML and PDF are not archived: they are rebuilt
from the recorded commit (editions/README.md). Releasing refuses an id already released and a
work tree with uncommitted changes (the recorded commit must be what was computed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


from helpers import PROJECT_ROOT
from helpers.publish.build.cache import hash_file_or_missing, hash_tree
from helpers.publish.build.downloads import SCORECARD_CSV, scorecard_table
from helpers.data.edition import Edition, load_edition
from helpers.analysis.editions import figures_table, projections_table

EDITIONS = "editions"
EDITION_JSON = "edition.json"
PROJECTIONS_CSV = "projections.csv"
FIGURES_CSV = "figures.csv"
ARCHIVE_FILES = (EDITION_JSON, SCORECARD_CSV, PROJECTIONS_CSV, FIGURES_CSV)


class ReleaseError(Exception):
    """The release was refused; nothing was written."""


def _git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    if proc.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} failed in {root}: {proc.stderr.strip()}")
    return proc.stdout


def write_csv(table, path: Path) -> Path:
    """An archived table: UTF-8 with a byte-order mark, `\\n` line ends, numbers to 10 digits."""
    table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n", float_format="%.10g")
    return path


def write_archive(root: Path, edition: Edition, out: Path, commit: str) -> Path:
    """Compute the edition from `root` (data/ as of the edition's cut-off) into the new folder
    `out` (written beside it first, then renamed: never half-written)."""
    from helpers.data.loader import in_edition, load_dataset
    from helpers.analysis.scorecard import build_scorecard

    root = Path(root)
    ds, left_out = in_edition(load_dataset(root / "data", cutoff=None), edition.cutoff)
    card = build_scorecard(ds)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; an archive is committed and read by all
    try:
        write_csv(scorecard_table(card, ds, edition.id), tmp / SCORECARD_CSV)
        write_csv(projections_table(ds, card), tmp / PROJECTIONS_CSV)
        write_csv(figures_table(ds), tmp / FIGURES_CSV)
        info = {"id": edition.id, "published": None if edition.reconstructed else edition.published.isoformat(),
                "cutoff": edition.cutoff.isoformat(), "previous": edition.previous,
                "reconstructed": edition.reconstructed, "commit": commit,
                "data_hash": hash_tree(root / "data"), "lock_hash": hash_file_or_missing(root / "requirements.lock"),
                "figures": len(figures_table(ds)), "figures_left_out": len(left_out)}
        (tmp / EDITION_JSON).write_text(json.dumps(info, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                                        encoding="utf-8")
        os.rename(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def release(root: Path = PROJECT_ROOT, edition_id: str | None = None, editions_dir: Path | None = None) -> Path:
    """Archive the edition (default: the one edition.yml builds) into `editions/<id>/`."""
    root = Path(root)
    try:
        edition = load_edition(root / "edition.yml", edition_id)
    except ValueError as exc:
        raise ReleaseError(str(exc)) from None
    out = Path(editions_dir or root / EDITIONS) / edition.id
    if out.exists():
        raise ReleaseError(f"{out}: edition {edition.id} is already released; a released edition is "
                           "never overwritten (declare a new edition in edition.yml)")
    dirty = _git(root, "status", "--porcelain").splitlines()
    if dirty:
        raise ReleaseError("the work tree has uncommitted changes; commit them first so that the edition "
                           "records the commit it was computed from:\n  " + "\n  ".join(dirty[:20]))
    commit = _git(root, "rev-parse", "HEAD").strip()
    return write_archive(root, edition, out, commit)
