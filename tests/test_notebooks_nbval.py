"""The committed notebooks: executed, normalized, and reproduced exactly by nbval (strict).

Runs `pytest --nbval notebooks/` in a subprocess (every output compared, no --nbval-lax).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
LABEL = re.compile(r"^#\| label: ((fig|tbl|txt)-[a-z0-9-]+)$", re.M)


def nbval_command(paths, extra=()) -> list[str]:
    cmd = [sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-q", *extra]
    if SANITIZE.exists():
        cmd += ["--nbval-sanitize-with", str(SANITIZE)]
    return cmd + [str(p) for p in paths]


def test_notebooks_exist_and_are_numbered():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 7
    assert all(re.match(r"^\d\d-[a-z0-9-]+\.ipynb$", n) for n in names), names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_executed_and_normalized(path: Path):
    nb = nbformat.read(str(path), as_version=4)
    assert nb["metadata"]["kernelspec"] == {"display_name": "Python 3 (ipykernel)", "language": "python",
                                            "name": "python3"}
    assert "version" not in nb["metadata"].get("language_info", {})
    for i, cell in enumerate(nb["cells"], start=1):
        assert cell["id"] == f"cell-{i:02d}"
        assert "execution" not in cell["metadata"]
        if cell["cell_type"] == "code" and cell["source"].strip():
            # nbval skips cells that were never run: an unexecuted notebook would pass vacuously.
            assert cell["execution_count"] is not None, f"{path.name} cell {i} not executed"
            assert not any(o["output_type"] == "error" for o in cell["outputs"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_labelled_cells_have_captions_and_output(path: Path):
    nb = nbformat.read(str(path), as_version=4)
    labels = []
    for cell in nb["cells"]:
        m = LABEL.search(cell["source"]) if cell["cell_type"] == "code" else None
        if not m:
            continue
        labels.append(m.group(1))
        head = cell["source"].split("\n")
        options = [ln for ln in head if ln.startswith("#| ")]
        assert head[: len(options)] == options, "Quarto options must open the cell"
        assert "#| echo: false" in options
        if m.group(2) == "fig":
            assert any(o.startswith("#| fig-cap: ") for o in options)
            assert any(o.startswith("#| fig-alt: ") for o in options)
            assert any("image/svg+xml" in o.get("data", {}) for o in cell["outputs"])
        elif m.group(2) == "tbl":
            assert any(o.startswith("#| tbl-cap: ") for o in options)
            assert any("text/html" in o.get("data", {}) for o in cell["outputs"])
        else:  # txt-: generated prose, one markdown output
            assert [o for o in cell["outputs"] if "text/markdown" in o.get("data", {})]
    assert labels, f"{path.name} has no labelled output"


def test_labels_are_unique_across_notebooks():
    labels = [m.group(1) for p in NOTEBOOKS for c in nbformat.read(str(p), as_version=4).cells
              for m in LABEL.finditer(c.source)]
    assert len(labels) == len(set(labels)), labels


@pytest.mark.slow
def test_nbval_strict_passes():
    env = dict(os.environ, PYTHONHASHSEED="0")
    result = subprocess.run(nbval_command(NOTEBOOKS), cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"\b(\d+) passed\b", result.stdout)
    assert "failed" not in result.stdout.splitlines()[-1]
