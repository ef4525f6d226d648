"""Time `hpreport build` against a naive baseline, on a copy of the project.

Measures, in one run: a clean build (empty cache), a no-op rebuild, a rebuild after editing one
notebook's markdown, one after editing one notebook's code, one after changing one value (and
the quote that states it) in data/values.csv, and a naive baseline
(every notebook executed one after another with `jupyter nbconvert --execute --to notebook`,
then rendered; no cache). Prints a table; the last line is one JSON object with the timings.

    .venv/bin/python benchmarks/bench_build.py [--project PATH] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(".venv", ".git", "_output*", ".cache", "__pycache__",
                                ".pytest_cache", ".hypothesis", "*.egg-info", ".ipynb_checkpoints")
BUILD = ("import argparse, sys; from helpers.build import cli_build; sys.exit(cli_build("
         "argparse.Namespace(renderer='embedded', force=False, only=None, quiet=True, "
         "data_dir=None, out='_output')))")
RENDER = ("import sys; from pathlib import Path; from helpers.build.pipeline import "
          "renderer_entry_point; r = renderer_entry_point(); "
          "r and r(Path.cwd(), Path(sys.argv[1]), renderer='auto', quiet=True)")


# One render of the report by the renderer named in argv[2] (notebooks already executed).
RENDER_ONE = ("import sys; from pathlib import Path; from helpers.render import render_report; "
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
    from helpers.numbers import format_vn_number

    path = root / "data" / "values.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0].keys())
    for number, row in enumerate(rows, start=2):
        value = float(row["value"])
        old = format_vn_number(value)
        if row["qualifier"] == "=" and value == int(value) > 1000 and row["quote"].count(old) == 1:
            new = format_vn_number(value + 1)
            row["value"], row["quote"] = str(int(value) + 1), row["quote"].replace(old, new)
            break
    else:
        sys.exit("bench: no row of data/values.csv whose quote states its value once")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return f"line {number} ({row['indicator']} {row['year']}): {old} -> {new}"


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
    print(json.dumps({"clean_s": round(clean_s, 3), "noop_s": round(noop_s, 3),
                      "one_notebook_s": round(one_notebook_s, 3), "one_code_s": round(one_code_s, 3),
                      "one_value_s": round(one_value_s, 3), "naive_s": round(naive_s, 3),
                      **{k: round(v, 3) for k, v in renders.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
