"""Notebook execution: the project's interpreter, parallel kernels, failures, normalized output."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.publish.build.execute import (Hooks, NotebookFailure, execute_parallel, kernel_env,
                                   kill_leftover_kernels)
from helpers.publish.notebook_io import normalize, read_notebook, to_bytes, write_if_changed


def notebook(path: Path, *sources: str) -> Path:
    nbformat.write(new_notebook(cells=[new_code_cell(s) for s in sources]), path)
    return path


def run(paths, workers=None, env=None):
    results = {}
    execute_parallel(paths, env=env, workers=workers,
                     hooks=Hooks(finished=lambda p, nb, s: results.__setitem__(p.name, nb)))
    return results


def test_kernel_is_the_build_interpreter_with_notebook_folder_as_cwd(tmp_path):
    path = notebook(tmp_path / "01-a.ipynb", "import os, sys\nprint(sys.executable)\nprint(os.getcwd())",
                    "import os\nprint(os.environ['PYTHONHASHSEED'], os.environ['HPREPORT_DATA_DIR'])")
    nb = run([path], env=kernel_env(tmp_path, tmp_path / "data"))["01-a.ipynb"]
    assert nb.cells[0].outputs[0]["text"] == f"{sys.executable}\n{tmp_path}\n"
    assert nb.cells[1].outputs[0]["text"] == f"0 {tmp_path / 'data'}\n"
    assert kill_leftover_kernels() == 0


def test_independent_notebooks_run_in_parallel(tmp_path):
    # A rendezvous, not a stopwatch: each notebook leaves a mark and waits for the other's. Run one
    # after the other, the first would wait in vain and fail; on a loaded machine this stays true.
    code = ("import pathlib, time\nhere = pathlib.Path({me!r}); here.touch()\n"
            "other = pathlib.Path({other!r})\nfor _ in range(1200):\n"
            "    if other.exists(): break\n    time.sleep(0.05)\n"
            "else:\n    raise TimeoutError('the other notebook never started')")
    marks = [tmp_path / "mark-1", tmp_path / "mark-2"]
    paths = [notebook(tmp_path / f"0{i}-meet.ipynb", code.format(me=str(marks[i - 1]), other=str(marks[2 - i])))
             for i in (1, 2)]
    results = run(paths, workers=2)
    assert sorted(results) == ["01-meet.ipynb", "02-meet.ipynb"]
    assert all(m.exists() for m in marks)


def test_failure_names_notebook_cell_and_error_with_traceback(tmp_path):
    path = notebook(tmp_path / "01-bad.ipynb", "x = 1", "\n# load\nvalues = {}\nvalues['missing']")
    with pytest.raises(NotebookFailure) as info:
        run([path])
    failure = info.value
    assert (failure.notebook, failure.cell_index, failure.cell_first_line) == ("01-bad.ipynb", 1, "# load")
    assert failure.error == "KeyError: 'missing'"
    assert "values['missing']" in failure.traceback and "\x1b[" not in failure.traceback
    assert str(failure).startswith("notebook 01-bad.ipynb, cell 1 ('# load') failed: KeyError: 'missing'")
    assert kill_leftover_kernels() == 0


def test_normalize_strips_timestamps_and_renumbers(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("m"), new_code_cell("a"), new_code_cell(""),
                             new_code_cell("b")])
    nb.cells[1].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    nb.cells[1].execution_count = 7
    nb.cells[3].execution_count = 9
    nb.cells[3].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"},
                                                  execution_count=9)]
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nb.metadata["kernelspec"] = {"name": "other", "display_name": "x", "language": "python"}
    normalize(nb)
    assert "execution" not in nb.cells[1].metadata
    assert [c.get("execution_count") for c in nb.cells] == [None, 1, None, 2]
    assert nb.cells[3].outputs[0]["execution_count"] == 2
    assert nb.metadata["language_info"] == {"name": "python"}
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_read_gives_missing_ids_deterministic_values(tmp_path):
    raw = {"cells": [{"cell_type": "code", "source": "1", "metadata": {}, "outputs": [],
                      "execution_count": None},
                     {"cell_type": "markdown", "source": "m", "metadata": {}, "id": "cell-0"}],
           "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(raw))
    assert [c.id for c in read_notebook(path).cells] == ["cell-0-x", "cell-0"]
    assert to_bytes(read_notebook(path)) == to_bytes(read_notebook(path))


def test_write_if_changed_writes_only_different_bytes(tmp_path):
    path = notebook(tmp_path / "n.ipynb", "1")
    mtime = path.stat().st_mtime_ns
    nb = read_notebook(path)
    assert write_if_changed(nb, path) is False  # same bytes as nbformat.write (Jupyter's format)
    assert path.stat().st_mtime_ns == mtime
    nb.cells[0].source = "2"
    assert write_if_changed(nb, path) is True
    assert read_notebook(path).cells[0].source == "2"
    assert path.read_bytes().endswith(b"}\n")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_warm_kernels_run_notebooks_with_imports_done_and_shut_down(tmp_path):
    from helpers.publish.build.warm import WarmKernels

    code = "import sys\nprint('pandas' in sys.modules, 'helpers.data.loader' in sys.modules)"
    paths = [notebook(tmp_path / f"0{i}-warm.ipynb", code) for i in (1, 2)]
    env = kernel_env(tmp_path, tmp_path / "data")
    kernels = WarmKernels(tmp_path, env, count=1)
    try:
        deadline = time.monotonic() + 300
        while not kernels.ready and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(kernels.ready) == 1
        results = {}
        kernels(paths, env=env, workers=1,
                hooks=Hooks(finished=lambda p, nb, s: results.__setitem__(p.name, nb)))
        # The first ran in the warm kernel (pandas already imported, nothing of helpers), the
        # second in a fresh one; a new kernel is warming for the next build.
        texts = sorted(nb.cells[0].outputs[0]["text"] for nb in results.values())
        assert texts == ["False False\n", "True False\n"]
    finally:
        kernels.close()
    assert kill_leftover_kernels() == 0
