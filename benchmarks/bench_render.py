"""Render time of the embedded renderer, before and after a change, in alternating fresh processes.

    python benchmarks/bench_render.py BASE_TREE [--rounds N]

BASE_TREE is a checkout of the commit to compare with (e.g. `git archive 6f88ff2 | tar -x -C DIR`);
this tree is "after". Each round runs, each in a fresh Python process: the full render
(`render_report(root, out, renderer="embedded")`, HTML and PDF) of the base tree; of this tree
with an empty render cache (`.cache/render/` removed first); of this tree with the cache the cold
run left; then the preview's HTML-only render (`helpers.publish.preview.render_html_only`) of the
base tree and of this tree, warm. Printed: the seconds of the render call, and of importing the
renderer before it. The outputs of every run are compared byte for byte with the base tree's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from helpers.publish.render import render_report
from helpers.publish.preview import render_html_only
t1 = time.perf_counter()
root, out, what = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
if what == "full":
    render_report(root, out, renderer="embedded", quiet=True)
else:
    out.mkdir(parents=True, exist_ok=True)
    render_html_only(root, out, "embedded", True, {})
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "render": t2 - t1}))
"""


def digests(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def run(tree: Path, what: str, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "CI": "1"}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(tree), str(out), what], cwd=tree, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    base = args.base.resolve()
    cases = [("before, full", base, "full", False), ("after, full, cold cache", HERE, "full", True),
             ("after, full, warm cache", HERE, "full", False), ("before, HTML only", base, "html", False),
             ("after, HTML only, warm cache", HERE, "html", False)]
    with tempfile.TemporaryDirectory(prefix="hp-bench-render-") as tmp:
        for n in range(1, args.rounds + 1):
            reference: dict[str, dict[str, str]] = {}
            for case, (name, tree, what, cold) in enumerate(cases):
                if cold:
                    shutil.rmtree(tree / ".cache" / "render", ignore_errors=True)
                out = Path(tmp) / f"{n}-{case}"
                seconds = run(tree, what, out)
                files = digests(out)
                same = reference.setdefault(what, files) == files
                print(f"round {n}: {name}: render {seconds['render']:.2f} s "
                      f"(import {seconds['import']:.2f} s), outputs {'identical' if same else 'DIFFER'}",
                      flush=True)
                if not same:
                    return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
