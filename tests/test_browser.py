"""The fixture report in headless Chromium with networking disabled: every chart draws its marks,
no script errors, and a screenshot is saved for people to look at."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT
from helpers.render import render_report

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "project"
# Headless, no sandbox (containers), and no network at all: every host fails to resolve and
# every request goes to a dead proxy.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
    "--virtual-time-budget=10000", "--window-size=1100,2400", "--hide-scrollbars",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
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


def run(browser: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    return subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=60)


def drawn_charts(browser: str, tmp: Path, html: Path) -> list[str]:
    """The SVG of every chart of `html` once its scripts ran offline; fails on any script error
    or on a chart that did not draw."""
    proc = run(browser, tmp, "--dump-dom", html.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    root_tag = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-hp-charts="done"' in root_tag
    assert "data-hp-errors" not in root_tag, root_tag
    svgs = []
    for chart in re.findall(r'<div class="hp-chart"(.*?)</noscript></div>', dom, re.S):
        assert 'data-rendered="true"' in chart
        svgs.append(re.search(r"<svg.*?</svg>", chart, re.S).group(0))
    return svgs


def test_charts_draw_offline_without_errors(page, tmp_path):
    browser, html = page
    charts = drawn_charts(browser, tmp_path, html)
    assert len(charts) == 1  # the fixture has one interactive chart
    svg = charts[0]
    assert re.search(r'class="mark-rect role-mark', svg)          # the bars
    assert len(re.findall(r"<path[^>]*d=\"M", svg)) >= 3          # one path per bar (3 years)
    assert "Thu ngân sách (số liệu thử nghiệm)" in svg            # title drawn, Vietnamese intact


def test_screenshot(page, tmp_path):
    browser, html = page
    shot = tmp_path / "report.png"
    proc = run(browser, tmp_path, f"--screenshot={shot}", html.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a drawn page, not a blank one
