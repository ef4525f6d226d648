"""The shipped fonts: they cover everything printed, and charts and the PDF see no other font."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typst
from hermetic import hidden_fonts_unavailable, run_elsewhere

from helpers import PROJECT_ROOT

from helpers.present import fonts
from helpers.present.display import FONT, SVG_MIME, VEGALITE_MIME, svg_from_spec, svg_text
from helpers.publish.render.errors import RenderError
from helpers.publish.render.pdf import check_glyphs

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))
DATA = PROJECT_ROOT / "data"
TABLE_MIMES = ("text/html", "text/markdown", "text/plain")


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def printed_text():
    """(where, text, code points that must cover it) for everything the report prints."""
    pdf = fonts.pdf_codepoints()
    chart_font = fonts.family_codepoints(FONT)
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                for mime, data in out.get("data", {}).items():
                    where = f"{path.name} {cell['id']} {mime}"
                    if mime == SVG_MIME:
                        yield where, svg_text("".join(data)), chart_font
                    elif mime == VEGALITE_MIME:
                        yield where, "\n".join(strings(data)), pdf
                    elif mime in TABLE_MIMES:
                        yield where, "".join(data), pdf
    for path in (PROJECT_ROOT / "report" / "report.qmd", *sorted(DATA.glob("*.*"))):
        yield str(path.relative_to(PROJECT_ROOT)), path.read_text(encoding="utf-8"), pdf


def test_shipped_fonts_cover_every_printed_character():
    problems = [f"{where}: {fonts.describe_chars(missing)}" for where, text, have in printed_text()
                if (missing := fonts.uncovered(text, have=have))]
    assert not problems, ("characters the shipped fonts lack (add a font to report/fonts or "
                          "change the character):\n" + "\n".join(problems))


def test_coverage_check_names_a_missing_character():
    assert fonts.uncovered("Mục tiêu ≤ 5 ✓", FONT) == ["≤", "✓"]
    assert fonts.uncovered("≤ 5", have=fonts.pdf_codepoints()) == []  # Noto Sans Math has it
    assert "U+2713 CHECK MARK" in fonts.describe_chars(["✓"])


def test_chart_drawing_a_character_its_font_lacks_is_refused():
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "title": "Thử",
            "data": {"values": [{"a": "≤ 5"}]}, "mark": "text", "encoding": {"text": {"field": "a"}},
            "config": {"font": FONT}}
    with pytest.raises(ValueError, match=r"chart 'Thử' draws \"≤\" \(U\+2264"):
        svg_from_spec(spec)
    spec["data"]["values"] = [{"a": "tối đa 5"}]
    assert "tối đa 5" in svg_text(svg_from_spec(spec))


def test_pdf_source_with_a_character_no_font_has_is_refused():
    with pytest.raises(RenderError, match=r'"✓" \(U\+2713 CHECK MARK\).*Đạt ✓'):
        check_glyphs("= Bảng\nĐạt ✓ 2025\n", fonts.FONT_DIR, "report/report.qmd")
    check_glyphs("= Bảng\n≥ 80% 2024年\n", fonts.FONT_DIR, "report/report.qmd")


def test_typst_sees_no_system_font(tmp_path):
    """A font that the machine has (or any name) is unknown to the PDF compiler."""
    typ = tmp_path / "a.typ"
    typ.write_text('#set text(font: "DejaVu Sans")\nxin chào\n', encoding="utf-8")
    _, warnings = typst.compile_with_warnings(str(typ), font_paths=[str(fonts.FONT_DIR)],
                                              ignore_system_fonts=True)
    assert any("unknown font family: dejavu sans" in str(w) for w in warnings), warnings


def test_fontconfig_file_names_only_the_shipped_folder():
    text = fonts.fontconfig_file().read_text(encoding="utf-8")
    assert text.count("<dir>") == 1 and f"<dir>{fonts.FONT_DIR.resolve()}</dir>" in text


# A character the chart font lacks, drawn by vl-convert directly (bypassing the check): its width
# is then measured with whatever font has it, so the chart width tells which fonts were seen.
PROBE = textwrap.dedent("""
    import re, sys, vl_convert as vlc
    if sys.argv[1] == "shipped":
        from helpers.present import fonts
        fonts.use_shipped_fonts_only()
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "data": {"values": [{"a": "\\u2713" * 30, "b": 1}]}, "mark": "bar",
            "encoding": {"y": {"field": "a"}, "x": {"field": "b", "type": "quantitative"}},
            "config": {"font": "Noto Sans"}}
    print(re.search(r'width="([0-9.]+)"', vlc.vegalite_to_svg(spec, vl_version="5.21")).group(1))
""")


def probe_width(mode: str, hidden: bool = False) -> str:
    cmd = [sys.executable, "-c", PROBE, mode]
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src"), "HP_UMASK": "022"}
    env.pop("FONTCONFIG_FILE", None)
    done = (run_elsewhere(cmd, PROJECT_ROOT, env, 120) if hidden else
            subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.slow
def test_charts_see_the_same_fonts_with_system_fonts_hidden_or_not():
    reason = hidden_fonts_unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    shipped, hidden = probe_width("shipped"), probe_width("shipped", hidden=True)
    assert shipped == hidden
    # The probe is sensitive: where a system font has the character, plain vl-convert uses it.
    if shutil.which("fc-list") and subprocess.run(["fc-list", ":charset=2713"], capture_output=True,
                                                  text=True).stdout.strip():
        assert probe_width("plain") != shipped


def test_font_readme_lists_every_shipped_font():
    readme = (fonts.FONT_DIR / "README.md").read_text(encoding="utf-8")
    for face in fonts.shipped_faces():
        assert face.path.name in readme, f"{face.path.name} is not described in report/fonts/README.md"
    assert Path(fonts.FONT_DIR / "OFL.txt").is_file()


def test_the_pages_chart_font_covers_every_character_a_chart_draws():
    """The HTML page carries Noto Sans cut to `webfonts.VIETNAMESE`: a chart character outside it
    would fall back to a face the labels were not placed for."""
    from helpers.publish.render.webfonts import VIETNAMESE, font_face_css, subset_woff

    drawn = {(where, ch) for where, text, have in printed_text() if "svg" in where
             for ch in text if ch not in fonts.LAYOUT_CHARS and ord(ch) not in VIETNAMESE}
    assert not drawn, sorted(drawn)[:10]
    assert sum(1 for _ in printed_text() if "svg" in _[0]) >= 8       # it read the charts
    # The same bytes in another process started later (no timestamp, no hash-seed order).
    import hashlib
    import time
    here = hashlib.sha256(subset_woff("NotoSans-Bold.ttf")).hexdigest()
    time.sleep(1.1)
    code = ("import hashlib; from helpers.publish.render.webfonts import subset_woff; "
            "print(hashlib.sha256(subset_woff('NotoSans-Bold.ttf')).hexdigest())")
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout.strip()
    assert there == here
    css = font_face_css()
    assert css.count("@font-face") == 3 and "font-weight: 700" in css and len(css) < 60_000
