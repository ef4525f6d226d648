"""`hpreport preview` on a copy of the project: the served page follows a data edit, a broken
edit shows its error over the last good page, and stopping leaves `git status` clean."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(".venv", ".git", "_output*", ".cache", "__pycache__",
                                ".pytest_cache", "*.egg-info", ".ipynb_checkpoints")
ROW = "kh02_tasks_completed,hai_phong_merged,2025,17,=,actual,"
QUOTE = "Thành phố cũng đã triển khai thành công 17/25 nhiệm vụ tại Kế hoạch số 02-KH/BCĐTW"
MARK = "(bản xem trước)"
# Generous: the first build executes every notebook, on a busy 2-core machine.
FIRST_BUILD_S, REBUILD_S = 900, 600


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True).stdout


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, test, timeout: float) -> dict:
    """Poll the preview's state until test(state) holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = json.loads(get(url + "__preview"))
        if test(state):
            return state
        time.sleep(0.5)
    raise AssertionError(f"preview state never matched within {timeout} s: {state}")


@pytest.fixture
def copy(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO, root, ignore=IGNORE)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "copy")
    return root


def test_preview_follows_edits_keeps_last_good_page_and_leaves_git_clean(copy):
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "CI": "1"}
    process = subprocess.Popen([sys.executable, "-m", "helpers.publish.cli", "preview", "--port", "0", "--quiet"],
                               cwd=copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        first = process.stdout.readline()
        assert first.startswith("preview: http://127.0.0.1:"), first + process.stderr.read()
        url = first.split()[1]
        state = wait_for(url, lambda s: s["version"] >= 1, FIRST_BUILD_S)
        assert state["error"] is None
        page = get(url)
        assert QUOTE in page and MARK not in page and "/__preview" in page

        values = copy / "data" / "values.csv"
        text = values.read_text(encoding="utf-8")
        assert text.count(ROW + "vietnamnet_2025_pii," + QUOTE) == 1
        values.write_text(text.replace(QUOTE, f"{QUOTE} {MARK}"), encoding="utf-8")
        seen = state["version"]
        state = wait_for(url, lambda s: s["version"] > seen and not s["building"], REBUILD_S)
        assert state["error"] is None
        assert f"{QUOTE} {MARK}" in get(url)

        values.write_text(text.replace(QUOTE, f"{QUOTE} {MARK}").replace(ROW, ROW.replace(",=,", ",about,")),
                          encoding="utf-8")
        seen = state["version"]
        state = wait_for(url, lambda s: s["version"] > seen and not s["building"], REBUILD_S)
        assert "values.csv:98: column 'qualifier': 'about' is not allowed" in state["error"]
        page = get(url)
        assert 'id="hp-preview-error"' in page and "values.csv:98" in page
        assert f"{QUOTE} {MARK}" in page          # the last good page stays
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, process.stderr.read()
    assert "values.csv:98" in process.stderr.read()        # the terminal shows the error too
    assert git(copy, "status", "--porcelain") == " M data/values.csv\n"
    git(copy, "checkout", "--", "data/values.csv")
    assert git(copy, "status", "--porcelain", "--ignored=no") == ""


def test_notebook_text_edit_keeps_the_shadow_outputs(tmp_path):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
    import nbformat

    from helpers.publish.preview import merge_notebook

    source, shadow = tmp_path / "work.ipynb", tmp_path / "shadow.ipynb"
    executed = new_notebook(cells=[new_markdown_cell("# A"), new_code_cell("print(1)")])
    executed.cells[1].outputs = [new_output("stream", name="stdout", text="1\n")]
    nbformat.write(executed, shadow)
    edited = new_notebook(cells=[new_markdown_cell("# B"), new_code_cell("print(1)")])
    nbformat.write(edited, source)
    merge_notebook(source, shadow)
    merged = nbformat.read(shadow, as_version=4)
    assert merged.cells[0].source == "# B" and merged.cells[1].outputs[0]["text"] == "1\n"
    edited.cells[1].source = "print(2)"
    nbformat.write(edited, source)
    merge_notebook(source, shadow)
    assert nbformat.read(shadow, as_version=4).cells[1].outputs == []


def test_error_is_shown_over_the_last_good_page(tmp_path):
    from helpers.publish.preview import Preview

    preview = Preview(tmp_path)
    assert "Đang dựng báo cáo" in preview.served_page().decode()
    preview.page = "<html><body><p>Báo cáo</p></body></html>".encode()
    preview.error, preview.version = "data/values.csv:98: column 'qualifier': <bad>", 3
    page = preview.served_page().decode()
    assert page.index('id="hp-preview-error"') < page.index("<p>Báo cáo</p>")
    assert "values.csv:98: column &#x27;qualifier&#x27;: &lt;bad&gt;" in page
    assert "var seen=3" in page and page.endswith("</script></body></html>")


def _partial_preview(tmp_path, monkeypatch):
    from helpers.publish import preview as pv

    renders = []

    def fake_render(root, out, renderer, quiet, info):
        renders.append(root)
        (Path(out) / "report.html").write_text("<p>partial</p>", encoding="utf-8")
    monkeypatch.setattr(pv, "render_html_only", fake_render)
    monkeypatch.setattr(pv, "PARTIAL_DELAY_S", 0.3)
    p = pv.Preview(tmp_path)
    p.base.mkdir(parents=True)
    p.building = True
    return p, renders


def test_no_partial_page_when_the_other_notebooks_finish_soon(tmp_path, monkeypatch):
    import threading

    p, renders = _partial_preview(tmp_path, monkeypatch)
    done = threading.Event()
    p.render_partial({"03-khcn-nhan-luc"}, done)
    done.set()                                   # the last notebook ends within the delay
    p.partial.join(5)
    assert renders == [] and p.page is None and p.version == 0


def test_a_partial_page_names_the_notebooks_still_running(tmp_path, monkeypatch):
    import threading

    p, renders = _partial_preview(tmp_path, monkeypatch)
    running = {"03-khcn-nhan-luc", "06-bang-diem-muc-tieu"}
    p.render_partial(running, threading.Event())
    running.discard("03-khcn-nhan-luc")          # done while the partial page waited
    p.partial.join(5)
    assert len(renders) == 1 and p.page == b"<p>partial</p>" and p.pending == ["06-bang-diem-muc-tieu"]
    assert p.version == 1
