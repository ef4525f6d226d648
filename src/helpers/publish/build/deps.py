"""What a notebook depends on, from what it read when it last ran, and why it must run again.

A notebook's entry in the build state holds the hash of its code and of its stored outputs,
the environment (lock file, Python) and its dependencies, from its record of reads
(`helpers.data.reads`):
- `modules`: {path under src/helpers: sha256} of the helpers modules it imported;
- `files`: {project path: sha256} of other project files it opened;
- `data`: per table of the loaded dataset, the hash of each key it read (`{"values":
  {"pii_score": ...}}`; key `*` for every row; table `figures` is values without its quotes and
  notes, `helpers.data.reads`), or None when it read data/ other than through
  `helpers.data.loader` (then all of data/ counts);
- `data_tree`: the hash of data/ and edition.yml (whose cut-off decides which rows load) when
  last checked (unchanged, they need no loading).
A notebook without a record depends on all of data/ and src/helpers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable

import pandas as pd

from helpers.data import reads
from helpers.publish.build import cache

ALL = "*"
TABLE_FILES = {"values": "values.csv", "figures": "values.csv (figures only)",
               "indicators": "indicators.yml", "sources": "sources.yml", "targets": "targets.yml"}
MAX_NAMED = 6


def environment(root: Path) -> dict[str, str]:
    return {"lock": cache.hash_file_or_missing(root / "requirements.lock"), "python": sys.version}


def helpers_tree(root: Path) -> str:
    return cache.hash_tree(root / "src" / "helpers", exclude=cache.HELPERS_NOT_FOR_NOTEBOOKS)


def data_tree(root: Path, data_dir: Path) -> str:
    """What the loaded dataset is made from: data/ and the edition file."""
    return cache.sha256_bytes((cache.hash_tree(data_dir) + " "
                               + cache.hash_file_or_missing(Path(root) / "edition.yml")).encode())


def table_hashes(ds) -> dict[str, dict[str, str]]:
    """{table: {key: sha256}} of a loaded dataset: values by indicator, figures (values without
    ``reads.TEXT_COLUMNS``) by indicator, the others by id, and `*` for the whole table; targets
    (data/targets.yml) as a whole only."""
    def digest(frame: pd.DataFrame) -> str:
        return cache.sha256_bytes(frame.to_csv(index=False, lineterminator="\n").encode())

    out: dict[str, dict[str, str]] = {}
    values = pd.DataFrame(ds.values)
    figures = values.drop(columns=[c for c in reads.TEXT_COLUMNS if c in values.columns])
    for table, frame in (("values", values), ("figures", figures)):
        out[table] = {str(k): digest(g) for k, g in frame.groupby("indicator", sort=True)}
        out[table][ALL] = digest(frame)
    for table in ("indicators", "sources"):
        frame = pd.DataFrame(getattr(ds, table))
        out[table] = {str(k): digest(frame.loc[[k]].reset_index()) for k in frame.index}
        out[table][ALL] = digest(frame.reset_index())
    with reads.quiet():
        rules = json.dumps(getattr(ds, "target_rules", {}) or {}, sort_keys=True, default=str)
    out["targets"] = {ALL: cache.sha256_bytes(rules.encode())}
    return out


def dependencies(record: dict | None, root: Path, data_dir_rel: str,
                 tables: Callable[[], dict]) -> dict:
    """The dependencies of a notebook that ran with this record of reads (see the module doc)."""
    root = Path(root)
    data_dir = root / data_dir_rel
    deps: dict = {"data_tree": data_tree(root, data_dir), "data": None}
    if record is None:
        deps["helpers_tree"] = helpers_tree(root)
        return deps
    helpers = root / "src" / "helpers"
    deps["modules"] = {m: cache.hash_file_or_missing(helpers / m) for m in record["modules"]}
    prefix = data_dir_rel.rstrip("/") + "/"
    data_files = [f for f in record["files"] if f.startswith(prefix)]
    deps["files"] = {f: cache.hash_file_or_missing(root / f)
                     for f in record["files"] if not f.startswith(prefix)}
    if data_files or any(d != data_dir_rel for d in record["loaded"]):
        return deps
    if not record["loaded"]:
        deps["data"] = {}
        return deps
    hashes = tables()
    deps["data"] = {
        table: ({ALL: hashes[table][ALL]} if keys == ALL
                else {k: hashes[table].get(k, "absent") for k in keys})
        for table, keys in record["tables"].items() if keys
    }
    return deps


def _named(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_NAMED])
    return shown + (f" and {len(items) - MAX_NAMED} more" if len(items) > MAX_NAMED else "")


def stale_reason(entry: dict | None, code: str, outputs: str, root: Path, tree: str,
                 tables: Callable[[], dict]) -> str | None:
    """Why a notebook must run again, or None when its outputs are up to date.

    `tree` is the current `data_tree`; `tables()` loads the dataset's table hashes, only when the
    tree changed and the notebook read data through the loader. A notebook found up to date
    after a data change gets the new tree in its entry, so the next check needs no loading.
    """
    if not entry or "deps" not in entry:
        return "not executed before"
    if entry["code"] != code:
        return "its code changed"
    if entry["outputs"] != outputs:
        return "its stored outputs differ from its last execution"
    if entry["env"] != environment(root):
        return "the environment changed (requirements.lock or Python)"
    deps = entry["deps"]
    if "helpers_tree" in deps:
        if deps["helpers_tree"] != helpers_tree(root):
            return "src/helpers changed (its imports were not recorded)"
    else:
        helpers = Path(root) / "src" / "helpers"
        changed = [m for m, h in deps["modules"].items() if cache.hash_file_or_missing(helpers / m) != h]
        if changed:
            return "helpers it imports changed: " + _named(changed)
        changed = [f for f, h in deps["files"].items() if cache.hash_file_or_missing(Path(root) / f) != h]
        if changed:
            return "files it read changed: " + _named(changed)
    if deps["data_tree"] == tree:
        return None
    if deps["data"] is None:
        return "data/ changed (it reads data/ other than through helpers.data.loader, or reads no record)"
    if deps["data"]:
        try:
            current = tables()
        except Exception as exc:  # noqa: BLE001 - unreadable data: run, and let it fail there
            return f"data/ changed and could not be compared ({type(exc).__name__})"
        changed = []
        for table, keys in deps["data"].items():
            for key, h in keys.items():
                if current[table].get(key, "absent") != h:
                    changed.append(f"every row of {TABLE_FILES[table]}" if key == ALL
                                   else f"{TABLE_FILES[table]} {key}")
        if changed:
            return "data it read changed: " + _named(changed)
    deps["data_tree"] = tree
    return None


def entry(code: str, outputs: str, root: Path, deps: dict) -> dict:
    """A notebook's state entry after it ran."""
    return {"code": code, "outputs": outputs, "env": environment(root), "deps": deps}


def describe(record: dict | None) -> str:
    """One line on what a notebook read, for the build log."""
    if record is None:
        return "reads: not recorded (depends on all of data/ and src/helpers)"
    tables = record["tables"]
    parts = []
    for table in ("values", "figures", "indicators", "sources", "targets"):
        keys = tables.get(table)
        if keys == ALL:
            parts.append(f"every row of {TABLE_FILES[table]}")
        elif keys:
            parts.append(f"{len(keys)} {'indicators' if table in reads.ROW_TABLES else table} of "
                         f"{TABLE_FILES[table]}")
    if record["files"]:
        parts.append(f"{len(record['files'])} other project files")
    return "reads: " + ("; ".join(parts) or "no data") + f"; imports {len(record['modules'])} helpers modules"
