"""The build pipeline on a small fixture project: cache, --force/--only, failures, interrupts."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.publish.build import build_info, run_build
from helpers.publish.build import execute as execute_module
from helpers.publish.build.pipeline import BuildOptions

REPO = Path(__file__).resolve().parents[1]

NOTEBOOKS = {
    # Each notebook reads the data, so all depend on it.
    "01-alpha": "rows = open('../data/values.csv').read().splitlines()\nprint('alpha', len(rows))",
    "02-beta": "rows = open('../data/values.csv').read().splitlines()\nprint('beta', rows[-1])",
    "03-gamma": "print('gamma', sum(range(10)))",
}


def write_notebook(path: Path, code: str, markdown: str = "# Tiêu đề") -> None:
    nb = new_notebook(cells=[new_markdown_cell(markdown), new_code_cell(code)])
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"c{index}"
    nbformat.write(nb, path)


def make_project(root: Path, notebooks: dict[str, str] = NOTEBOOKS) -> Path:
    (root / "notebooks").mkdir(parents=True)
    (root / "data").mkdir()
    for name, code in notebooks.items():
        write_notebook(root / "notebooks" / f"{name}.ipynb", code)
    (root / "data" / "values.csv").write_text("indicator,value\npii_score,58.09\n", encoding="utf-8")
    (root / "data" / "sources.yml").write_text(
        "a:\n  accessed: 2026-01-05\nb:\n  accessed: 2026-02-10\n", encoding="utf-8")
    (root / "data" / "indicators.yml").write_text("pii_score:\n  unit: points\n", encoding="utf-8")
    (root / "data" / "README.md").write_text("# Data dictionary\n", encoding="utf-8")
    (root / "requirements.lock").write_text("nbclient==0.11.0\n", encoding="utf-8")
    (root / "edition.yml").write_text('id: "2026"\npublished: 2026-02-10\ncutoff: 2026-01-31\n', encoding="utf-8")
    return root


class RenderStub:
    """Stands in for helpers.publish.render: writes report.html from the notebooks' bytes."""

    def __init__(self):
        self.calls = 0

    def __call__(self, root, out_dir, renderer, quiet, info):
        self.calls += 1
        digest = hashlib.sha256()
        for nb in sorted((root / "notebooks").glob("*.ipynb")):
            digest.update(nb.read_bytes())
        (out_dir / "report.html").write_text(f"<p>{digest.hexdigest()}</p>\n", encoding="utf-8")
        return None


def no_validate(data_dir):
    return None


def build(root: Path, render=None, validate=no_validate, **options) -> int:
    return run_build(root, BuildOptions(quiet=True, **options), validate=validate,
                     render=render or RenderStub())


def executed(root: Path) -> list[str]:
    """Notebooks the last build executed, from its log."""
    log = (root / ".cache" / "build" / "last-build.log").read_text(encoding="utf-8")
    line = next(l for l in log.splitlines() if "notebooks executed in this build:" in l)
    names = line.split("in this build:")[1].strip()
    return [] if names == "none" else sorted(n.strip() for n in names.split(","))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def no_kernels(monkeypatch):
    async def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started")
    monkeypatch.setattr(execute_module.VenvKernelManager, "start_kernel", refuse)


@pytest.fixture(scope="module")
def built_template(tmp_path_factory):
    """A fixture project after one clean build (copied per test: one kernel round per module)."""
    root = make_project(tmp_path_factory.mktemp("template") / "proj")
    assert build(root) == 0
    return root


@pytest.fixture
def project(built_template, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(built_template, root, symlinks=True)
    return root


def test_clean_build_executes_all_and_writes_output(built_template):
    root = built_template
    assert executed(root) == ["01-alpha.ipynb", "02-beta.ipynb", "03-gamma.ipynb"]
    nb = nbformat.read(root / "notebooks" / "01-alpha.ipynb", as_version=4)
    assert nb.cells[1].outputs[0]["text"] == "alpha 2\n"
    out = root / "_output"
    # stand-in data: copied as they are (data/README.md is the data dictionary); no computed CSV
    assert sorted(snapshot(out)) == ["build-info.json", "build.log", "data/data-dictionary.md",
                                     "data/indicators.yml", "data/sources.yml",
                                     "data/values.csv", "report.html"]
    info = json.loads((out / "build-info.json").read_text())
    assert info["source_date"] == "2026-02-10"  # the edition's publication date
    assert (info["edition"], info["edition_cutoff"]) == ("2026", "2026-01-31")
    assert info["source_date_epoch"] == 1770681600  # 2026-02-10T00:00:00Z
    assert info["commit"] == "unknown"
    assert not list(root.glob("_output.tmp-*")) and not list(root.glob("_output.old-*"))


def test_noop_rebuild_touches_nothing_and_starts_no_kernel(project, monkeypatch):
    notebooks = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (project / "notebooks").iterdir()}
    output = {p: p.stat().st_mtime_ns for p in (project / "_output").rglob("*")}
    no_kernels(monkeypatch)
    render = RenderStub()
    assert build(project, render=render) == 0
    assert render.calls == 0
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in notebooks} == notebooks
    assert {p: p.stat().st_mtime_ns for p in (project / "_output").rglob("*")} == output


def test_code_edit_reexecutes_only_that_notebook(project):
    path = project / "notebooks" / "03-gamma.ipynb"
    write_notebook(path, "print('gamma', 7 * 6)")
    others = {p: p.read_bytes() for p in (project / "notebooks").glob("0[12]-*.ipynb")}
    assert build(project) == 0
    assert executed(project) == ["03-gamma.ipynb"]
    assert nbformat.read(path, as_version=4).cells[1].outputs[0]["text"] == "gamma 42\n"
    assert {p: p.read_bytes() for p in others} == others


def test_data_edit_reexecutes_the_notebooks_that_read_data(project):
    # 01 and 02 open data/values.csv themselves (so depend on all of data/); 03 reads nothing.
    (project / "data" / "values.csv").write_text(
        "indicator,value\npii_score,58.09\npii_rank,4\n", encoding="utf-8")
    assert build(project) == 0
    assert executed(project) == ["01-alpha.ipynb", "02-beta.ipynb"]
    log = (project / ".cache" / "build" / "last-build.log").read_text(encoding="utf-8")
    assert "01-alpha: runs because data/ changed (it reads data/ other than through" in log
    nb = nbformat.read(project / "notebooks" / "02-beta.ipynb", as_version=4)
    assert nb.cells[1].outputs[0]["text"] == "beta pii_rank,4\n"
    assert (project / "_output" / "data" / "values.csv").read_text().endswith("pii_rank,4\n")


def test_edition_edit_reexecutes_the_notebooks_that_read_data(project):
    # The edition's cut-off decides which rows load: it counts as data.
    (project / "edition.yml").write_text('id: "2026"\npublished: 2026-02-10\ncutoff: 2026-01-15\n', encoding="utf-8")
    assert build(project) == 0
    assert executed(project) == ["01-alpha.ipynb", "02-beta.ipynb"]


def test_markdown_edit_rerenders_without_executing(project, monkeypatch):
    path = project / "notebooks" / "02-beta.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = "# Tiêu đề mới"
    nbformat.write(nb, path)
    before = (project / "_output" / "report.html").read_bytes()
    no_kernels(monkeypatch)
    render = RenderStub()
    assert build(project, render=render) == 0
    assert render.calls == 1
    assert executed(project) == []
    assert (project / "_output" / "report.html").read_bytes() != before


def test_force_reexecutes_everything_with_identical_bytes(project):
    before = snapshot(project / "notebooks")
    render = RenderStub()
    assert build(project, render=render, force=True) == 0
    assert executed(project) == ["01-alpha.ipynb", "02-beta.ipynb", "03-gamma.ipynb"]
    assert render.calls == 1
    # Same inputs, same bytes: normalized notebooks do not change on re-execution.
    assert snapshot(project / "notebooks") == before


def test_only_runs_the_named_notebook(project):
    (project / "data" / "values.csv").write_text("indicator,value\nx,1\n", encoding="utf-8")
    assert build(project, only="2") == 0
    assert executed(project) == ["02-beta.ipynb"]
    assert build(project, only="01-alpha") == 0
    assert executed(project) == ["01-alpha.ipynb"]
    assert build(project) == 0
    assert executed(project) == []  # 03 reads no data


def test_only_unknown_name_is_a_usage_error(project, capsys):
    assert build(project, only="09-nothing") == 2
    err = capsys.readouterr().err
    assert "--only 09-nothing" in err and "01-alpha, 02-beta, 03-gamma" in err


def test_failing_notebook_names_cell_and_error_and_keeps_everything(project, capsys):
    path = project / "notebooks" / "02-beta.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(new_code_cell("# divide\nratio = 1 / 0", id="c2"))
    nbformat.write(nb, path)
    notebook_before = path.read_bytes()
    output_before = snapshot(project / "_output")
    assert build(project) == 1
    err = capsys.readouterr().err
    assert "notebook 02-beta.ipynb, cell 2 ('# divide')" in err
    assert "ZeroDivisionError: division by zero" in err
    assert "ratio = 1 / 0" in err  # the traceback shows the failing line
    assert path.read_bytes() == notebook_before
    assert snapshot(project / "_output") == output_before
    assert not list(project.glob("_output.tmp-*"))


def test_render_failure_keeps_previous_output(project, capsys):
    write_notebook(project / "notebooks" / "03-gamma.ipynb", "print('gamma', 1)")
    output_before = snapshot(project / "_output")

    def broken(root, out_dir, renderer, quiet, info):
        (out_dir / "report.html").write_text("half", encoding="utf-8")
        raise RuntimeError("typst: unknown font")

    assert build(project, render=broken) == 1
    assert "render failed" in capsys.readouterr().err
    assert snapshot(project / "_output") == output_before
    assert not list(project.glob("_output.tmp-*")) and not list(project.glob("_output.old-*"))


def test_bad_data_stops_before_anything_runs(project, monkeypatch, capsys):
    write_notebook(project / "notebooks" / "01-alpha.ipynb", "print('changed')")
    (project / "data" / "values.csv").write_text("indicator,value\npii_score,abc\n")
    notebooks_before = snapshot(project / "notebooks")
    output_before = snapshot(project / "_output")
    no_kernels(monkeypatch)

    def invalid(data_dir):
        raise ValueError("values.csv:2: column 'value': not a number")

    assert build(project, validate=invalid) == 1
    assert "values.csv:2: column 'value': not a number" in capsys.readouterr().err
    assert snapshot(project / "notebooks") == notebooks_before
    assert snapshot(project / "_output") == output_before


def test_normalized_notebooks_carry_no_timestamps(built_template):
    for path in (built_template / "notebooks").glob("*.ipynb"):
        raw = json.loads(path.read_text())
        assert "execution" not in json.dumps([c["metadata"] for c in raw["cells"]])
        assert "version" not in raw["metadata"]["language_info"]
        assert raw["metadata"]["kernelspec"]["name"] == "python3"
        counts = [c["execution_count"] for c in raw["cells"] if c["cell_type"] == "code"]
        assert counts == [1]
        assert path.read_text().endswith("}\n")


def test_build_info_git_commit_and_dirty(tmp_path):
    root = make_project(tmp_path / "proj")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run(git + ["init", "-q"], cwd=root, check=True)
    subprocess.run(git + ["add", "."], cwd=root, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "x"], cwd=root, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                          text=True).stdout.strip()
    info = build_info(root, renderer="embedded")
    assert info["commit"] == head and len(head) == 40
    assert info["lock_hash"] == hashlib.sha256(b"nbclient==0.11.0\n").hexdigest()
    assert info["renderer"] == "embedded"
    (root / "data" / "values.csv").write_text("indicator,value\n", encoding="utf-8")
    changed = build_info(root, renderer="embedded")
    assert changed["commit"] == head + "-dirty"
    assert changed["data_hash"] != info["data_hash"]


# --- interrupts: a real build in a subprocess, stopped with a signal -----------------------

CHILD = """
import signal, sys, time
from pathlib import Path
from helpers.publish.build import run_build
from helpers.publish.build.pipeline import BuildOptions

# Ctrl-C as in a terminal, even when the test suite runs as a background job (whose children
# inherit SIGINT ignored, and Python then installs no KeyboardInterrupt for it).
signal.signal(signal.SIGINT, signal.default_int_handler)

def render(root, out_dir, renderer, quiet, info):
    (out_dir / "render-started").write_text("x")
    time.sleep(120)

sys.exit(run_build(Path(sys.argv[1]), BuildOptions(quiet=True),
                   validate=lambda d: None, render=render))
"""


def kernel_children(process: psutil.Process) -> list[psutil.Process]:
    return [c for c in process.children(recursive=True)
            if "ipykernel_launcher" in " ".join(c.cmdline())]


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def start_child(root: Path, tmp_path: Path) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    return subprocess.Popen([sys.executable, str(script), str(root)], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_during_execution_leaves_no_kernel_and_no_temp(project, tmp_path, sig):
    write_notebook(project / "notebooks" / "03-gamma.ipynb", "import time\ntime.sleep(120)")
    notebooks_before = snapshot(project / "notebooks")
    output_before = snapshot(project / "_output")
    child = start_child(project, tmp_path)
    try:
        kernels = wait_for(lambda: kernel_children(psutil.Process(child.pid)))
        time.sleep(1.0)  # let the kernel reach the sleep
        child.send_signal(sig)
        assert child.wait(timeout=30) == 130
    finally:
        if child.poll() is None:
            child.kill()
    for kernel in kernels:
        assert not kernel.is_running() or kernel.status() == psutil.STATUS_ZOMBIE
    assert "interrupted" in child.stderr.read().decode()
    assert not list(project.glob("_output.tmp-*")) and not list(project.glob("_output.old-*"))
    assert snapshot(project / "notebooks") == notebooks_before
    assert snapshot(project / "_output") == output_before


@pytest.mark.slow
def test_interrupt_during_render_removes_temp_folder(project, tmp_path):
    write_notebook(project / "notebooks" / "01-alpha.ipynb", "print('alpha changed')")
    output_before = snapshot(project / "_output")
    child = start_child(project, tmp_path)
    try:
        wait_for(lambda: list(project.glob("_output.tmp-*/render-started")))
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=30) == 130
    finally:
        if child.poll() is None:
            child.kill()
    assert not list(project.glob("_output.tmp-*"))
    assert snapshot(project / "_output") == output_before
