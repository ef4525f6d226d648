"""The fixture report in headless Chromium with networking disabled (driven over the DevTools
protocol, `helpers.publish.browser`): charts draw when they scroll into view, every chart draws its marks,
no console errors or warnings, and a screenshot is saved for people to look at."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT
from helpers.publish.browser import Browser, chromium_path
from helpers.publish.render import render_report

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "project"


def chromium() -> str:
    path = chromium_path()
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed (CI is set, so the browser test must run)")
    pytest.skip("Chromium is not installed: install the Debian package 'chromium' to run the browser test")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[str, Path]:
    browser = chromium()
    root = tmp_path_factory.mktemp("browser") / "project"
    shutil.copytree(FIXTURE, root)
    shutil.copy(PROJECT_ROOT / "_quarto.yml", root / "_quarto.yml")
    shutil.copytree(PROJECT_ROOT / "report" / "fonts", root / "report" / "fonts")
    shutil.copytree(PROJECT_ROOT / "report" / "quarto", root / "report" / "quarto")  # read by _quarto.yml
    out = root.parent / "out"
    result = render_report(root, out, renderer="embedded", quiet=True)
    return browser, result.html


# Every chart box once all are drawn: its state and its SVG.
CHARTS_JS = """hpDrawAll().then(() => Array.from(document.querySelectorAll('.hp-chart[data-hp-chart]'))
  .map(b => ({state: b.getAttribute('data-rendered'),
              svg: (b.querySelector('.hp-vega-view svg') || {outerHTML: ''}).outerHTML})))"""


def drawn_charts(browser: str, html: Path, width: int = 1280) -> list[str]:
    """The SVG of every chart of `html` once its scripts ran offline; fails on any console error
    or warning, script error, or a chart that did not draw."""
    with Browser(browser) as b:
        tab = b.open(html, width=width)
        charts = tab.evaluate(CHARTS_JS)
        assert tab.evaluate("document.documentElement.getAttribute('data-hp-charts')") == "done"
        assert tab.evaluate("document.documentElement.getAttribute('data-hp-errors')") is None
        assert tab.console_problems() == []
    assert all(c["state"] == "true" for c in charts), [c["state"] for c in charts]
    return [c["svg"] for c in charts]


def test_charts_draw_offline_without_errors(page):
    browser, html = page
    charts = drawn_charts(browser, html)
    assert len(charts) == 1  # the fixture has one interactive chart
    svg = charts[0]
    assert re.search(r'class="mark-rect role-mark', svg)          # the bars
    assert len(re.findall(r"<path[^>]*d=\"M", svg)) >= 3          # one path per bar (3 years)
    assert "Thu ngân sách (số liệu thử nghiệm)" in svg            # title drawn, Vietnamese intact


def test_charts_wait_until_scrolled_into_view(page):
    browser, html = page
    with Browser(browser) as b:
        tab = b.open(html, width=1280, height=120)
        # The chart stands below the first screen and the 300 px drawn ahead of it (charts.js).
        assert tab.evaluate("document.querySelector('.hp-chart').getBoundingClientRect().top") > 120 + 300
        state = "document.querySelector('.hp-chart').getAttribute('data-rendered')"
        assert tab.evaluate(f"new Promise(r => setTimeout(() => r({state}), 300))") is None
        tab.evaluate("document.querySelector('.hp-chart').scrollIntoView()")
        assert tab.evaluate(f"new Promise(r => setTimeout(() => r({state}), 1000))") == "true"
        assert tab.evaluate("performance.getEntriesByName('hp-first-chart').length") == 1


def test_screenshot(page, tmp_path):
    browser, html = page
    with Browser(browser) as b:
        tab = b.open(html, width=1100)
        tab.evaluate("hpDrawAll()")
        shot = tab.screenshot(tmp_path / "report.png", height=2400)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a drawn page, not a blank one


def test_a_chart_that_cannot_be_drawn_shows_its_numbers(page):
    """A browser without DecompressionStream cannot read the deflated spec: the chart's data
    table opens in its place and the error is recorded."""
    browser, html = page
    with Browser(browser) as b:
        tab = b.open("about:blank")
        tab.send("Page.addScriptToEvaluateOnNewDocument", source="delete window.DecompressionStream;")
        tab.navigate(html.resolve().as_uri())
        states = tab.evaluate("hpDrawAll().then(() => Array.from(document.querySelectorAll('.hp-chart'),"
                              " c => [c.getAttribute('data-rendered'), c.nextElementSibling.open]))")
        assert states == [["error", True]]
        assert "DecompressionStream" in tab.evaluate("document.documentElement.getAttribute('data-hp-errors')")
