"""Read, normalize and write notebooks so that re-executing unchanged inputs leaves git clean.

Normalization removes everything that changes from run to run without the analysis changing:
execution timestamps, the Python patch version, kernel-assigned execution counts and random
cell ids.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import nbformat
from nbformat import NotebookNode

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# language_info keys that depend on the machine rather than the analysis.
UNSTABLE_LANGUAGE_INFO = ("version",)


def read_notebook(path: Path) -> NotebookNode:
    """Read a notebook, giving cells that lack an id a deterministic one (nbformat would pick a random one)."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if (raw.get("nbformat"), raw.get("nbformat_minor", 0)) >= (4, 5):
        taken = {c["id"] for c in raw.get("cells", []) if "id" in c}
        for index, cell in enumerate(raw.get("cells", [])):
            if "id" not in cell:
                candidate = f"cell-{index}"
                while candidate in taken:
                    candidate += "-x"
                cell["id"] = candidate
                taken.add(candidate)
    return nbformat.reads(json.dumps(raw), as_version=nbformat.NO_CONVERT)


def normalize(nb: NotebookNode) -> NotebookNode:
    """Strip run-dependent metadata in place and renumber execution counts 1..n; returns nb."""
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if cell.source.strip():
            count += 1
            cell.execution_count = count
        else:
            cell.execution_count = None
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = cell.execution_count
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    info = nb.metadata.get("language_info")
    if info is not None:
        for key in UNSTABLE_LANGUAGE_INFO:
            info.pop(key, None)
    return nb


def to_bytes(nb: NotebookNode) -> bytes:
    """Serialize as nbformat does on save (indent 1, sorted keys) with a trailing newline."""
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


def write_if_changed(nb: NotebookNode, path: Path) -> bool:
    """Write nb to path atomically, only when its bytes differ from the file; True if written."""
    path = Path(path)
    data = to_bytes(nb)
    if path.exists() and path.read_bytes() == data:
        return False
    atomic_write_bytes(path, data)
    return True


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and os.replace, keeping the file's mode."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
