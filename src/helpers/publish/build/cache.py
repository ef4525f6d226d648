"""Content hashes of build inputs and the small JSON state kept in .cache/build/.

Everything is keyed by content (sha256), never by timestamps, so a fresh clone, a touch or a
checkout that restores the same bytes all count as "unchanged".
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Iterable

STATE_VERSION = 2
# Files that never influence a build result.
IGNORED_NAMES = {"__pycache__", ".ipynb_checkpoints", ".DS_Store", ".pytest_cache"}
IGNORED_SUFFIXES = (".pyc", ".pyo")
# Parts of the helpers package that notebooks do not import (paths under src/helpers): editing
# them must not re-execute the analysis. Everything else counts as a notebook dependency.
HELPERS_NOT_FOR_NOTEBOOKS = ("publish", "present/citation.py")
ANALYSIS_CACHE = ".cache/analysis"  # results of helpers.analysis.analysis_cache, under the project root


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def list_files(root: Path, exclude: Iterable[str] = ()) -> list[Path]:
    """Files under root, sorted by relative path, skipping caches and the relative paths in exclude."""
    root = Path(root)
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    excluded = set(exclude)
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in IGNORED_NAMES and (rel_dir / d).as_posix() not in excluded
        )
        for name in filenames:
            if name in IGNORED_NAMES or name.endswith(IGNORED_SUFFIXES):
                continue
            if (rel_dir / name).as_posix() in excluded:
                continue
            found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def hash_tree(root: Path, exclude: Iterable[str] = ()) -> str:
    """sha256 over the relative paths and contents of all files under root (or of one file)."""
    root = Path(root)
    digest = hashlib.sha256()
    for path in list_files(root, exclude):
        rel = path.name if root.is_file() else path.relative_to(root).as_posix()
        digest.update(rel.encode() + b"\0" + sha256_file(path).encode() + b"\n")
    return digest.hexdigest()


def hash_file_or_missing(path: Path) -> str:
    return sha256_file(path) if Path(path).is_file() else "missing"


# Notebooks are handled here as plain JSON (json.loads of the file): importing nbformat costs
# more than a whole no-op build.
def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _joined(text) -> str:
    return "".join(text) if isinstance(text, list) else text


def _jsonable(node):
    """Multi-line strings stored as lists of lines (the on-disk form) become one string."""
    if isinstance(node, dict):
        return {k: _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        if node and all(isinstance(x, str) for x in node):
            return "".join(node)
        return [_jsonable(x) for x in node]
    return node


def code_hash(nb: dict) -> str:
    """Hash of the code cells' sources in order (markdown and outputs do not count)."""
    sources = [_joined(c.get("source", "")) for c in nb["cells"] if c.get("cell_type") == "code"]
    return sha256_bytes(json.dumps(sources, ensure_ascii=False).encode())


def outputs_hash(nb: dict) -> str:
    """Hash of the stored outputs, to notice outputs cleared or replaced since the last execution."""
    outputs = [
        [cell.get("execution_count"), _jsonable(cell.get("outputs", []))]
        for cell in nb["cells"] if cell.get("cell_type") == "code"
    ]
    return sha256_bytes(json.dumps(outputs, sort_keys=True, ensure_ascii=False).encode())


def environment_key(project_root: Path, data_dir: Path) -> dict[str, str]:
    """The inputs every notebook shares: data, the edition (its cut-off and the archived editions
    it compares with), helpers package, locked environment, interpreter."""
    root = Path(project_root)
    return {
        "data": hash_tree(data_dir),
        "edition": hash_file_or_missing(root / "edition.yml"),
        "editions": hash_tree(root / "editions"),
        "helpers": hash_tree(root / "src" / "helpers", exclude=HELPERS_NOT_FOR_NOTEBOOKS),
        "lock": hash_file_or_missing(root / "requirements.lock"),
        "python": sys.version,
    }


class BuildState:
    """JSON state in <root>/.cache/build/state.json: notebook entries (helpers.publish.build.deps),
    validation and render keys."""

    def __init__(self, project_root: Path):
        self.path = Path(project_root) / ".cache" / "build" / "state.json"
        self.data = {"version": STATE_VERSION, "notebooks": {}, "validated": None, "renders": {}}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if loaded.get("version") == STATE_VERSION:
                self.data.update(loaded)
        except (OSError, ValueError):
            pass

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.data, sort_keys=True, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)


def manifest(out_dir: Path) -> dict[str, str]:
    """{relative path: sha256} of every file in an output folder."""
    out_dir = Path(out_dir)
    return {p.relative_to(out_dir).as_posix(): sha256_file(p) for p in list_files(out_dir)}
