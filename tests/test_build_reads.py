"""On a copy of the real project: a data edit re-executes only the notebooks that read the
edited indicator (and, for a note, only those that read its text), a helper edit only the
notebooks that import it; the build says why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.publish.build import run_build
from helpers.publish.build.pipeline import BuildOptions

REPO = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(".venv", ".git", "_output*", ".cache", "__pycache__",
                                ".pytest_cache", "*.egg-info", ".ipynb_checkpoints")
ONLY_03 = "kh02_tasks_completed"          # read by notebook 03 (and by those reading every row)
# 07 (the annex) reads every row; 06 (the scorecard) and 08 (the editions) every row's figures.
READ_ALL = {"06-bang-diem-muc-tieu.ipynb", "07-du-lieu-nguon.ipynb", "08-thay-doi.ipynb"}


def no_render(root, out_dir, renderer, quiet, info):
    (out_dir / "report.html").write_text("<p>stub</p>\n", encoding="utf-8")


def build(root: Path) -> list[str]:
    assert run_build(root, BuildOptions(quiet=True), render=no_render) == 0
    return log_lines(root)


def log_lines(root: Path) -> list[str]:
    return (root / ".cache" / "build" / "last-build.log").read_text(encoding="utf-8").splitlines()


def executed(lines: list[str]) -> set[str]:
    line = next(l for l in lines if "notebooks executed in this build:" in l)
    names = line.split("in this build:")[1].strip()
    return set() if names == "none" else {n.strip() for n in names.split(",")}


def reason(lines: list[str], stem: str) -> str:
    return next(l.split("runs because ", 1)[1] for l in lines if f"{stem}: runs because" in l)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("reads") / "project"
    shutil.copytree(REPO, root, ignore=IGNORE)
    build(root)
    return root


def edit_row(project: Path, old: str, new: str) -> None:
    path = project / "data" / "values.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, l in enumerate(lines) if l.startswith(f"{ONLY_03},")]
    assert len(hits) == 1 and old in lines[hits[0]]
    lines[hits[0]] = lines[hits[0]].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_note_edit_reexecutes_the_notebooks_that_read_it(project):
    # The English note is not among the figures: the scorecard (06) and the comparison of
    # editions (08) read every row's figures, not its notes, and stay cached.
    edit_row(project, ",17 of 25 tasks;", ",17 of the 25 tasks;")
    log = build(project)
    assert executed(log) == {"03-khcn-nhan-luc.ipynb", "07-du-lieu-nguon.ipynb"}
    assert reason(log, "03-khcn-nhan-luc") == f"data it read changed: values.csv {ONLY_03}"
    assert reason(log, "07-du-lieu-nguon") == "data it read changed: every row of values.csv"
    assert "notebooks: executing 2 (6 up to date)" in "\n".join(log)


def test_value_edit_reexecutes_the_notebooks_that_read_every_figure(project):
    edit_row(project, ",2025,17,=,actual,vietnamnet_2025_pii,Thành phố cũng đã triển khai thành công 17/25",
             ",2025,18,=,actual,vietnamnet_2025_pii,Thành phố cũng đã triển khai thành công 18/25")
    log = build(project)
    assert executed(log) == {"03-khcn-nhan-luc.ipynb"} | READ_ALL
    assert reason(log, "06-bang-diem-muc-tieu") == "data it read changed: every row of values.csv (figures only)"
    assert reason(log, "08-thay-doi") == "data it read changed: every row of values.csv (figures only)"
    assert "notebooks: executing 4 (4 up to date)" in "\n".join(log)


def test_targets_edit_reexecutes_the_notebooks_that_read_the_rules(project):
    rules = project / "data" / "targets.yml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("# who set each one,", "# who set each one (a comment),", 1), encoding="utf-8")
    assert executed(build(project)) == set()                     # a comment: the same rules
    rules.write_text(text.replace('label_vi: "Bộ Khoa học và Công nghệ"',
                                  'label_vi: "Bộ Khoa học và Công nghệ (KH&CN)"', 1), encoding="utf-8")
    log = build(project)
    assert executed(log) == {"06-bang-diem-muc-tieu.ipynb", "08-thay-doi.ipynb"}
    assert reason(log, "06-bang-diem-muc-tieu") == "data it read changed: every row of targets.yml"


def test_helper_edit_reexecutes_the_notebooks_that_import_it(project):
    helper = project / "src" / "helpers" / "present" / "ratios_text.py"   # imported by notebook 03 only
    helper.write_text(helper.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    log = build(project)
    assert executed(log) == {"03-khcn-nhan-luc.ipynb"}
    assert reason(log, "03-khcn-nhan-luc") == "helpers it imports changed: present/ratios_text.py"
    unused = project / "src" / "helpers" / "analysis" / "progress.py"      # imported by 06 and 08 (through the scorecard)
    imported_by = {"06-bang-diem-muc-tieu.ipynb", "08-thay-doi.ipynb"}
    unused.write_text(unused.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert executed(build(project)) == imported_by
    assert executed(build(project)) == set()
