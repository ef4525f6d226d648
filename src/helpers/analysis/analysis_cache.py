"""Results of the scorecard's computations kept on disk, keyed on exactly what they are made from.

The scorecard (``helpers.analysis.scorecard.build_scorecard``), its projections (``projection_runs``) and
the projections table of an edition (``helpers.analysis.editions.projections_table``) read every row of
the dataset and take seconds; notebooks 06 and 08 both need them, and any edit of data/ re-runs
both. A result is stored in ``$HPREPORT_ANALYSIS_CACHE`` (the build sets it to
``.cache/analysis/`` of the project it builds; unset, nothing is cached) under the sha256 of:

* the computation's name and its inputs (``frame_digest`` of each table, with the columns it is
  given: the scorecard works on ``analysis_view``, the dataset without the columns it never reads
  (``reads.TEXT_COLUMNS``), so a note or a quote edited elsewhere leaves its key unchanged; the
  build's record notes it as a read of ``figures``, not of ``values``);
* the source of every module of the ``helpers`` package (a result is not stored when one of their
  files changed after the package was imported: the code that ran may not be the code hashed);
* the versions of Python, pandas, numpy, scipy and statsmodels.

A result is reused only as a whole and is the pickle of what the computation returned (the same
objects, bit for bit). In a build's kernels what the computation read is recorded with it
(``helpers.data.reads.capture``) and recorded again when it is reused, and the ``helpers`` modules it
imported are imported again, so that the build keys the notebook on the same reads either way. A
computation that opened a file of the project or of its data folder (``helpers.data.reads.project_files``:
not this cache's own) is not stored. Entries are written atomically (two notebooks may
store the same one at once); unreadable ones count as absent.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

import pandas as pd

import helpers
from helpers.data import reads

ENV = "HPREPORT_ANALYSIS_CACHE"
FORMAT = 3
# Columns of data/values.csv that no cached computation reads (``analysis_view`` drops them).
UNREAD_COLUMNS = reads.TEXT_COLUMNS
HELPERS_DIR = reads.HELPERS_DIR   # src/helpers: the cache is keyed on all of its source
T = TypeVar("T")


def _sources() -> list[Path]:
    return sorted(p for p in HELPERS_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def _helpers_source() -> str:
    digest = hashlib.sha256()
    for path in _sources():
        digest.update(path.relative_to(HELPERS_DIR).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _unchanged_since_import() -> bool:
    try:
        return all(p.stat().st_mtime < helpers.IMPORTED_AT for p in _sources())
    except OSError:
        return False


@functools.cache
def _versions() -> str:
    from importlib.metadata import version

    return " ".join([sys.version] + [version(p) for p in ("pandas", "numpy", "scipy", "statsmodels")])


SOURCE = _helpers_source()


def cache_dir() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value) if value else None


def frame_digest(frame: pd.DataFrame) -> str:
    """sha256 of a table's content: column names and types, index, and every value with its type
    (floats by their shortest exact repr)."""
    digest = hashlib.sha256()
    with reads.quiet():
        frame = pd.DataFrame(frame)
        digest.update(repr((list(map(str, frame.columns)), [str(t) for t in frame.dtypes],
                            frame.index.tolist())).encode())
        for column in frame.columns:
            digest.update(b"\1" + repr([(type(x).__name__, x) for x in frame[column].tolist()]).encode())
    return digest.hexdigest()


def dataset_digest(ds) -> str:
    """sha256 of a dataset: its three tables and its target rules."""
    rules = json.dumps(getattr(ds, "target_rules", {}) or {}, sort_keys=True, default=str)
    parts = [frame_digest(ds.values), frame_digest(ds.indicators), frame_digest(ds.sources), rules]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def analysis_view(ds):
    """The dataset without the values columns no cached computation reads (``UNREAD_COLUMNS``):
    the computations run on it, so one that came to read them would fail, not go stale."""
    with reads.quiet():
        values = pd.DataFrame(ds.values)
        values = values.drop(columns=[c for c in UNREAD_COLUMNS if c in values.columns])
    reads.note("figures")  # every row, without the text columns
    return dataclasses.replace(ds, values=values)


def _key(name: str, inputs: list[str]) -> str:
    text = "\n".join([str(FORMAT), name, SOURCE, _versions(), *inputs])
    return hashlib.sha256(text.encode()).hexdigest()


def _load(path: Path):
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing, partial or from other versions: recompute
        return None


def _store(path: Path, entry: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pkl")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def enabled(folder: Path):
    """The cache in `folder` within the block (the build uses it outside its kernels too)."""
    old = os.environ.get(ENV)
    os.environ[ENV] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = old


def _helpers_modules() -> set[str]:
    return set(reads.helpers_modules())


def cached(name: str, inputs: list[str], compute: Callable[[], T]) -> T:
    """``compute()``, or its result stored under ``name`` and ``inputs`` (digests of everything it
    reads) when there is one."""
    folder = cache_dir()
    if folder is None:
        return compute()
    recording = reads.project_root() is not None
    path = folder / f"{name}-{_key(name, inputs)}.pkl"
    entry = _load(path)
    if isinstance(entry, dict) and (entry.get("reads") is not None or not recording):
        for module in entry["modules"]:
            importlib.import_module(module)
        if recording:
            reads.replay(entry["reads"])
        return entry["result"]
    before = _helpers_modules()
    with reads.capture() as log:
        result = compute()
    if reads.project_files(log["files"]) or not _unchanged_since_import():
        return result
    tables = {t: (k if k == reads.ALL else sorted(k)) for t, k in log["tables"].items()}
    _store(path, {"result": result, "reads": tables if recording else None,
                  "modules": sorted(_helpers_modules() - before)})
    return result


__all__ = ["ENV", "UNREAD_COLUMNS", "analysis_view", "cache_dir", "cached", "enabled", "dataset_digest", "frame_digest"]
