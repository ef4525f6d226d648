"""Time `hpreport build` against a naive baseline, on a copy of the project.

Measures, in one run: a clean build (empty cache), a no-op rebuild, a rebuild after editing one
notebook's markdown, one after editing one notebook's code, one after changing one value (and
the quote that states it) in data/values.csv, the researcher's loop (a one-row edit of an
indicator one theme notebook reads, a one-row edit of an indicator only the every-row notebooks
read; then, in `hpreport preview`, the time from saving a file to the page's reload), and a
naive baseline (every notebook executed one after another with `jupyter nbconvert --execute
--to notebook`, then rendered; no cache). Prints a table; the last line is one JSON object with
the timings.

    .venv/bin/python benchmarks/bench_build.py [--project PATH] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(".venv", ".git", "_output*", ".cache", "__pycache__",
                                ".pytest_cache", ".hypothesis", "*.egg-info", ".ipynb_checkpoints")
BUILD = ("import argparse, sys; from helpers.publish.build import cli_build; sys.exit(cli_build("
         "argparse.Namespace(renderer='embedded', force=False, only=None, quiet=True, "
         "data_dir=None, out='_output')))")
RENDER = ("import sys; from pathlib import Path; from helpers.publish.build.pipeline import "
          "renderer_entry_point; r = renderer_entry_point(); "
          "r and r(Path.cwd(), Path(sys.argv[1]), renderer='auto', quiet=True)")


# One render of the report by the renderer named in argv[2] (notebooks already executed).
RENDER_ONE = ("import sys; from pathlib import Path; from helpers.publish.render import render_report; "
              "render_report(Path.cwd(), Path(sys.argv[1]), renderer=sys.argv[2], quiet=True)")


def environment(root: Path) -> dict[str, str]:
    # The copy runs its own helpers package; CI=1 keeps the output plain.
    return {**os.environ, "PYTHONPATH": str(root / "src"), "CI": "1"}


def timed(cmd: list[str], root: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=root, env=environment(root), capture_output=True, text=True)
    return time.perf_counter() - start, done


def build(root: Path, label: str, allow_fail: bool = False) -> tuple[float, int]:
    seconds, done = timed([sys.executable, "-c", BUILD], root)
    if done.returncode != 0 and not allow_fail:
        sys.exit(f"{label}: build failed (exit {done.returncode})\n{done.stdout}\n{done.stderr}")
    return seconds, done.returncode


def notebooks(root: Path) -> list[Path]:
    return sorted((root / "notebooks").glob("[0-9]*-*.ipynb"))


def edit_markdown(root: Path) -> str:
    """Append a sentence to the first markdown cell of the first notebook (insert one if none)."""
    path = notebooks(root)[0]
    nb = nbformat.read(path, as_version=4)
    cell = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    if cell is None:
        nb.cells.insert(0, nbformat.v4.new_markdown_cell("Ghi chú."))
    else:
        cell.source += "\n\nGhi chú thêm."
    nbformat.write(nb, path)
    return path.name


def edit_code(root: Path) -> str:
    """Add a comment line to the last code cell of the first notebook (it re-executes alone)."""
    path = notebooks(root)[0]
    nb = nbformat.read(path, as_version=4)
    cell = [c for c in nb.cells if c.cell_type == "code"][-1]
    cell.source += "\n# xem lại"
    nbformat.write(nb, path)
    return path.name


def edit_value(root: Path) -> str:
    """Change one figure in data/values.csv as a researcher would: its value and, so that the
    quote still states it, the number in its quote (the first exact row whose quote holds the
    value once in Vietnamese format; the value goes up by one)."""
    from helpers.data.numbers import format_vn_number

    path = root / "data" / "values.csv"
    rows = read_rows(path)
    for number, row in enumerate(rows, start=2):
        value = float(row["value"])
        old = format_vn_number(value)
        if row["qualifier"] == "=" and value == int(value) > 1000 and row["quote"].count(old) == 1:
            new = format_vn_number(value + 1)
            row["value"], row["quote"] = str(int(value) + 1), row["quote"].replace(old, new)
            break
    else:
        sys.exit("bench: no row of data/values.csv whose quote states its value once")
    write_rows(path, rows)
    return f"line {number} ({row['indicator']} {row['year']}): {old} -> {new}"


def read_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[dict]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


# The researcher's loop: one row of an indicator that only notebook 03 reads among the theme
# notebooks, and one of an indicator that no theme notebook reads (only the annex, which reads
# every row, and the scorecard and the editions, which read every row's figures). Its `note` gets
# a few words, as a researcher documents a figure: the note is text, not a figure, so 03 and the
# annex re-run, not the scorecard (helpers.data.reads, `Dataset.figures`).
THEME_ROW = "kh02_tasks_completed"
ANNEX_ROW = "inspections"
PREVIEW_TIMEOUT_S = 600


def edit_row_note(root: Path, indicator: str, words: str) -> str:
    """Append words to the note of the first row of indicator in data/values.csv."""
    path = root / "data" / "values.csv"
    rows = read_rows(path)
    number, row = next((n, r) for n, r in enumerate(rows, start=2) if r["indicator"] == indicator)
    row["note"] = (row["note"] + " " + words).strip()
    write_rows(path, rows)
    return f"line {number} ({indicator} {row['year']}): note"


def preview_loop(root: Path) -> dict[str, float]:
    """Save-to-reload times in `hpreport preview` on the copy: from writing the file to the
    moment the preview serves a new page (`*_first_s`: a partial one, while notebooks still run,
    if any) and the rebuilt page (`*_s`). The open page polls every 0.4 s and reloads."""
    process = subprocess.Popen([sys.executable, "-m", "helpers.publish.cli", "preview", "--port", "0", "--quiet"],
                               cwd=root, env=environment(root), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    times: dict[str, float] = {}
    try:
        first = process.stdout.readline()
        if not first.startswith("preview: http"):
            print(f"preview: skipped ({first.strip() or 'no preview command'})", file=sys.stderr)
            return times
        url = first.split()[1]

        def version() -> tuple[int, bool, str | None, int]:
            with urllib.request.urlopen(url + "__preview", timeout=60) as response:
                state = json.loads(response.read())
            return state["version"], state["building"], state["error"], state.get("warm_kernels", 2)

        def after(name: str, edit) -> None:
            seen = wait(lambda v: v[0] >= 1 and not v[1])[0]
            with contextlib.suppress(SystemExit):  # measured cold if they never warm up
                wait(lambda v: v[3] >= 2, timeout=120)
            start = time.perf_counter()
            edit()
            wait(lambda v: v[0] > seen)
            times[f"{name}_first_s"] = time.perf_counter() - start
            error = wait(lambda v: v[0] > seen and not v[1])[2]
            times[f"{name}_s"] = time.perf_counter() - start
            if error:
                sys.exit(f"preview: the edit failed to build:\n{error}")

        def wait(test, timeout=PREVIEW_TIMEOUT_S):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                state = version()
                if test(state):
                    return state
                time.sleep(0.05)
            sys.exit("preview: no rebuild within the timeout")

        after("preview_row", lambda: edit_row_note(root, THEME_ROW, "(xem trước)"))
        after("preview_annex_row", lambda: edit_row_note(root, ANNEX_ROW, "(xem trước)"))
        after("preview_qmd_prose", lambda: edit_prose(root / "report" / "report.qmd"))
        after("preview_notebook_prose", lambda: edit_markdown(root))
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
    return times


def edit_prose(path: Path) -> None:
    """One sentence added to the first line of plain prose after the front matter."""
    lines = path.read_text(encoding="utf-8").split("\n")
    body = lines.index("---", 1) + 1
    at = next(i for i in range(body + 1, len(lines))
              if lines[i][:1].isalpha() and not lines[i - 1].strip())
    lines[at] += " Câu thêm."
    path.write_text("\n".join(lines), encoding="utf-8")


def naive(root: Path) -> float:
    """Every notebook executed in turn with nbconvert, then one render; no cache."""
    jupyter = str(Path(sys.executable).parent / "jupyter")
    start = time.perf_counter()
    for path in notebooks(root):
        done = subprocess.run([jupyter, "nbconvert", "--execute", "--to", "notebook", "--inplace",
                               "--ExecutePreprocessor.kernel_name=python3", str(path)],
                              cwd=path.parent, env=environment(root), capture_output=True,
                              text=True)
        if done.returncode != 0:
            sys.exit(f"naive: nbconvert failed on {path.name}\n{done.stderr}")
    out = Path(tempfile.mkdtemp(prefix="naive-out-", dir=root))
    done = subprocess.run([sys.executable, "-c", RENDER, str(out)], cwd=root,
                          env=environment(root), capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"naive: render failed\n{done.stderr}")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=REPO, help="project to copy (default: this one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="hpreport-bench-"))
    root = work / "project"
    shutil.copytree(args.project, root, ignore=IGNORE)
    count = len(notebooks(root))
    rows = []
    try:
        clean_s, _ = build(root, "clean")
        rows.append(("clean build (empty cache)", clean_s, f"{count} notebooks executed"))
        noop_s, _ = build(root, "no-op")
        rows.append(("no-op rebuild", noop_s, "nothing changed"))
        name = edit_markdown(root)
        one_notebook_s, _ = build(root, "markdown edit")
        rows.append(("one notebook's markdown edited", one_notebook_s, name))
        name = edit_code(root)
        one_code_s, _ = build(root, "code edit")
        rows.append(("one notebook's code edited", one_code_s, f"{name} re-executed alone"))
        what = edit_value(root)
        one_value_s, _ = build(root, "value edit")
        rows.append(("one value in data/values.csv changed", one_value_s, what))
        what = edit_row_note(root, THEME_ROW, "(edited)")
        row_theme_s, _ = build(root, "row edit, theme")
        rows.append(("one row, read by one theme notebook", row_theme_s, what))
        what = edit_row_note(root, ANNEX_ROW, "(edited)")
        row_annex_s, _ = build(root, "row edit, annex")
        rows.append(("one row, read by no theme notebook", row_annex_s, what))
        loop = preview_loop(root)
        for key, label in (("preview_row", "preview: one row (theme)"),
                           ("preview_annex_row", "preview: one row (annex)"),
                           ("preview_qmd_prose", "preview: report.qmd prose"),
                           ("preview_notebook_prose", "preview: notebook markdown")):
            if f"{key}_s" in loop:
                rows.append((f"{label}, first page", loop[f"{key}_first_s"], "save to a new page"))
                rows.append((f"{label}, rebuilt page", loop[f"{key}_s"], "save to the whole HTML"))
        naive_s = naive(root)
        rows.append(("naive: nbconvert one by one + render", naive_s, f"{count} notebooks"))
        renders = {}
        for renderer in ("embedded", "quarto"):
            if renderer == "quarto" and shutil.which("quarto") is None:
                print("render with quarto: skipped, quarto is not on PATH", file=sys.stderr)
                continue
            out = work / f"render-{renderer}"
            seconds, done = timed([sys.executable, "-c", RENDER_ONE, str(out), renderer], root)
            if done.returncode != 0:
                sys.exit(f"render with {renderer} failed\n{done.stderr}")
            renders[f"render_{renderer}_s"] = seconds
            rows.append((f"render only, {renderer} renderer", seconds, "HTML and PDF, in a fresh process"))
    finally:
        if args.keep:
            print(f"copy kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"{'case':<40} {'seconds':>8} {'% clean':>8}  detail")
    for label, seconds, detail in rows:
        print(f"{label:<40} {seconds:8.2f} {100 * seconds / clean_s:7.1f}%  {detail}")
    print(f"bars: no-op {noop_s / clean_s:.1%} of clean (<= 5%), one notebook "
          f"{one_notebook_s / clean_s:.1%} (<= 40%), clean {clean_s / naive_s:.1%} of naive (<= 60%)")
    print(f"       one notebook's code edited: {one_code_s / clean_s:.1%} of clean")
    print(f"loop:  one row (theme) {row_theme_s / clean_s:.1%} of clean (<= 35%), one row (annex) "
          f"{row_annex_s / clean_s:.1%}; preview save-to-page (<= 5 s): "
          + (", ".join(f"{k} {v:.1f} s" for k, v in loop.items()) or "not measured"))
    print(json.dumps({"clean_s": round(clean_s, 3), "noop_s": round(noop_s, 3),
                      "one_notebook_s": round(one_notebook_s, 3), "one_code_s": round(one_code_s, 3),
                      "one_value_s": round(one_value_s, 3), "row_theme_s": round(row_theme_s, 3),
                      "row_annex_s": round(row_annex_s, 3), "naive_s": round(naive_s, 3),
                      **{k: round(v, 3) for k, v in loop.items()},
                      **{k: round(v, 3) for k, v in renders.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
