"""Measure the built HTML page as a reader gets it: its size and how soon charts are drawn.

Opens `_output/report.html` (or --html PATH) in headless Chromium with no network, at 1280 and
390 px, `--runs` times each, and prints (medians, milliseconds from navigation start):
- first paint: the first contentful paint of the page (title and text);
- first chart: the first chart drawn when the page is opened at its first figure (`#fig-...`),
  i.e. a chart in the first screen;
- all charts: every chart drawn (scrolling through the whole page), measured in the same run, for
  the ratio first/all.
The last line is one JSON object with the numbers.

    .venv/bin/python benchmarks/bench_page.py [--html PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from helpers.publish.browser import Browser  # noqa: E402

PAGE_BUDGET = 1_000_000   # bytes
FIRST_CHART_BUDGET = 500  # ms

FIRST_CHART = """new Promise(resolve => {
  const look = () => { const m = performance.getEntriesByName('hp-first-chart');
    if (m.length) resolve(m[0].startTime); else setTimeout(look, 10); };
  look(); })"""
FIRST_PAINT = ("(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: null})"
               ".startTime")
ALL_CHARTS = "(() => { const t0 = performance.now(); return hpDrawAll().then(() => performance.now()); })()"


def measure(html: Path, width: int, runs: int) -> dict[str, float]:
    first_figure = re.search(r'id="(fig-[\w-]+)"', html.read_text(encoding="utf-8"))
    if first_figure is None:
        sys.exit(f"{html}: no figure to measure")
    url = html.resolve().as_uri() + "#" + first_figure.group(1)
    samples: dict[str, list[float]] = {"first_paint_ms": [], "first_chart_ms": [], "all_charts_ms": []}
    with Browser() as browser:
        for _ in range(runs):
            tab = browser.open(url, width=width, height=900)
            samples["first_chart_ms"].append(tab.evaluate(FIRST_CHART))
            samples["first_paint_ms"].append(tab.evaluate(FIRST_PAINT) or 0.0)
            samples["all_charts_ms"].append(tab.evaluate(ALL_CHARTS))
            problems = tab.console_problems()
            if problems:
                sys.exit(f"console problems at {width} px: {problems}")
            tab.close()
    return {k: round(statistics.median(v), 1) for k, v in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=REPO / "_output" / "report.html")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.html.is_file():
        sys.exit(f"{args.html} does not exist: run `make report` first")
    text = args.html.read_text(encoding="utf-8")
    size = args.html.stat().st_size
    runtime = sum(len(s) for s in re.findall(r'<script type="application/octet-stream" id="hp-vega-runtime">'
                                               r'([^<]*)</script>', text))   # deflated, base64
    result: dict[str, object] = {"page_bytes": size, "runtime_bytes": runtime,
                                 "charts": text.count("data-hp-chart=")}
    print(f"page: {size / 1e6:.3f} MB (budget {PAGE_BUDGET / 1e6:.1f} MB), of which the Vega runtime "
          f"(deflated) {runtime / 1e6:.3f} MB; {result['charts']} charts")
    print(f"{'width':>6} {'first paint':>12} {'first chart':>12} {'all charts':>11} {'first/all':>10}")
    for width in (1280, 390):
        m = measure(args.html, width, args.runs)
        result[str(width)] = m
        ratio = m["first_chart_ms"] / m["all_charts_ms"] if m["all_charts_ms"] else 0
        print(f"{width:>4}px {m['first_paint_ms']:>10.0f}ms {m['first_chart_ms']:>10.0f}ms "
              f"{m['all_charts_ms']:>9.0f}ms {ratio:>9.0%}")
    first = max(result[str(w)]["first_chart_ms"] for w in (1280, 390))  # type: ignore[index]
    print(f"bars: page {size / PAGE_BUDGET:.0%} of 1 MB, first chart {first:.0f} ms "
          f"(<= {FIRST_CHART_BUDGET} ms)")
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
