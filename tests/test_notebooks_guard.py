"""The nbval guard works: one changed figure in data/values.csv makes the notebooks that show it
fail, and a notebook that does not use it still passes.

The project (notebooks, data, src, report fonts) is copied to a temporary folder; the kernel
imports the copy's `helpers` (PYTHONPATH) and reads the copy's data (HPREPORT_DATA_DIR).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
USES_PII_2025 = ("01-tong-quan.ipynb", "04-doi-moi-sang-tao.ipynb")
UNUSED = "02-tai-chinh-kinh-te.ipynb"


def copy_project(dest: Path) -> Path:
    for name in ("notebooks", "data", "src"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "report" / "fonts", dest / "report" / "fonts")
    shutil.copy(ROOT / "edition.yml", dest / "edition.yml")  # the edition's cut-off (helpers.data.edition)
    return dest


def change_pii_2025(data: Path, new_value: str, new_number_vi: str) -> None:
    """PII 2025 score of the merged city 58.09 -> new_value, its quote adjusted to match."""
    path = data / "values.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    head = rows[0]
    col = {c: head.index(c) for c in ("indicator", "geo", "year", "value", "quote")}
    hits = [r for r in rows[1:] if (r[col["indicator"]], r[col["geo"]], r[col["year"]]) ==
            ("pii_score", "hai_phong_merged", "2025")]
    assert len(hits) == 1 and hits[0][col["value"]] == "58.09"
    hits[0][col["value"]] = new_value
    assert "58,09" in hits[0][col["quote"]]
    hits[0][col["quote"]] = hits[0][col["quote"]].replace("58,09", new_number_vi)
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def run_nbval(project: Path, notebooks, junit: Path) -> dict[str, list[str]]:
    """Run nbval strict on the copy; return notebook -> failure messages (empty list: passed)."""
    env = dict(os.environ, PYTHONHASHSEED="0", HPREPORT_DATA_DIR=str(project / "data"),
               PYTHONPATH=os.pathsep.join(p for p in (str(project / "src"), os.environ.get("PYTHONPATH")) if p))
    cmd = [sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-q",
           f"--junitxml={junit}", "--rootdir", str(project)]
    if SANITIZE.exists():
        cmd += ["--nbval-sanitize-with", str(SANITIZE)]
    cmd += [str(project / "notebooks" / n) for n in notebooks]
    subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    results: dict[str, list[str]] = {n: [] for n in notebooks}
    seen: set[str] = set()
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = next(n for n in notebooks if Path(n).stem in case.get("classname", "") + case.get("file", "")
                    + case.get("name", ""))
        seen.add(name)
        for bad in list(case.iter("failure")) + list(case.iter("error")):
            results[name].append((bad.get("message") or "") + (bad.text or ""))
    assert seen == set(notebooks), f"nbval collected {sorted(seen)}"
    return results


@pytest.mark.slow
def test_changed_figure_fails_only_the_notebooks_that_use_it(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    change_pii_2025(project / "data", "58.1", "58,1")
    notebooks = [*USES_PII_2025, UNUSED]
    results = run_nbval(project, notebooks, tmp_path / "junit.xml")
    for name in USES_PII_2025:
        assert results[name], f"{name} shows PII 2025 but nbval passed after it changed"
        # The failure is the changed figure: 58,09 -> 58,1 in the compared output (58.09 -> 58.1 in
        # the numbers a table or chart carries for its download, when nbval reports those first).
        assert any("58,1" in msg or "58.1" in msg for msg in results[name]), results[name][0][:2000]
    assert results[UNUSED] == [], results[UNUSED][:1]


@pytest.mark.slow
def test_unchanged_copy_passes(tmp_path: Path):
    """Control: the same copy without the change passes, so the failure above is the figure."""
    project = copy_project(tmp_path / "project")
    results = run_nbval(project, ["04-doi-moi-sang-tao.ipynb"], tmp_path / "junit.xml")
    assert results == {"04-doi-moi-sang-tao.ipynb": []}
