"""Chart bundles: exact keys, Vega-Lite 5, byte-identical across runs and processes, valid in notebooks."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap

import nbformat
import pytest

from helpers.present.display import (
    SVG_MIME, VEGALITE_MIME, VL_SCHEMA, VL_VERSION, chart_bundle, data_urls, stable_svg_ids,
    vegalite_spec,
)

# Built the same way in this process and in a fresh one.
CHART_CODE = textwrap.dedent("""
    import pandas as pd
    from helpers.present import charts
    df = pd.DataFrame({"year": [2023, 2024, 2025], "value": [1000.0, 1100.5, 1329.0],
                       "qualifier": ["=", "~", ">"], "kind": ["actual", "estimate", "actual"],
                       "geo": ["hai_phong", "hai_phong", "hai_phong_merged"]})
    chart = charts.trend_chart(df, "Trạm phát sóng 5G", "Số trạm", "trạm")
""")


def make_chart():
    ns: dict = {}
    exec(CHART_CODE, ns)
    return ns["chart"]


def bundle_digest(bundle: dict) -> str:
    return hashlib.sha256(json.dumps(bundle, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def test_bundle_has_exactly_three_keys():
    bundle = chart_bundle(make_chart())
    assert sorted(bundle) == sorted([VEGALITE_MIME, SVG_MIME, "text/plain"])
    assert VEGALITE_MIME == "application/vnd.vegalite.v5+json"
    assert bundle["text/plain"] == "<Biểu đồ: Trạm phát sóng 5G>"
    assert bundle[SVG_MIME].startswith("<svg") and "Trạm phát sóng 5G" in bundle[SVG_MIME]


def test_spec_is_vega_lite_5_with_inline_data():
    spec = chart_bundle(make_chart())[VEGALITE_MIME]
    assert spec["$schema"] == VL_SCHEMA == "https://vega.github.io/schema/vega-lite/v5.json"
    assert data_urls(spec) == []
    assert all(isinstance(v, list) and v for v in spec["datasets"].values())
    assert list(spec) == sorted(spec)                     # stable key order
    for version in ("5.8", VL_VERSION):
        import vl_convert as vlc
        assert vlc.vegalite_to_vega(spec, vl_version=version)["$schema"].endswith("vega/v5.json")


def test_url_data_is_refused():
    spec = {"data": {"url": "https://example.org/x.csv"}, "mark": "point"}
    assert data_urls({"layer": [spec]}) == ["https://example.org/x.csv"]
    with pytest.raises(ValueError, match="URL"):
        vegalite_spec(spec)


def test_stable_svg_ids_renumbers_ids_and_references():
    svg = ('<svg><defs><clipPath id="clip7"><rect/></clipPath><linearGradient id="gradient_3"/></defs>'
           '<g clip-path="url(#clip7)"><path fill="url(#gradient_3)"/><use href="#clip7"/></g></svg>')
    assert stable_svg_ids(svg) == (
        '<svg><defs><clipPath id="hp-1"><rect/></clipPath><linearGradient id="hp-2"/></defs>'
        '<g clip-path="url(#hp-1)"><path fill="url(#hp-2)"/><use href="#hp-1"/></g></svg>')


def test_same_chart_twice_gives_identical_bytes_despite_clip_counters():
    import altair as alt
    import pandas as pd
    clipped = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [1.5, 2.5]})).mark_line(clip=True).encode(
        x="x:Q", y="y:Q", tooltip="y:Q").properties(title="Cắt")
    first, second = chart_bundle(clipped), chart_bundle(clipped)
    assert 'clip-path="url(#hp-1)"' in first[SVG_MIME]
    assert first == second
    assert bundle_digest(chart_bundle(make_chart())) == bundle_digest(chart_bundle(make_chart()))


def test_same_bytes_in_a_fresh_process():
    code = CHART_CODE + textwrap.dedent("""
        import hashlib, json
        from helpers.present.display import chart_bundle
        b = chart_bundle(chart)
        print(hashlib.sha256(json.dumps(b, sort_keys=True, ensure_ascii=False).encode()).hexdigest())
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == bundle_digest(chart_bundle(make_chart()))


@pytest.mark.slow
def test_notebook_outputs_are_one_valid_display_data_each(tmp_path, monkeypatch):
    from nbclient import NotebookClient

    # A kernel that runs this interpreter, whatever `python` is on PATH.
    spec_dir = tmp_path / "kernels" / "hp-test"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "hp-test", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(CHART_CODE + "from helpers.present.display import show_chart\nshow_chart(chart)"),
        nbformat.v4.new_code_cell(
            "import pandas as pd\nfrom helpers.present.tables import show_table\n"
            "show_table(pd.DataFrame({'year': [2025], 'value': [1329]}), headers={'year': 'Năm'})"),
    ]
    NotebookClient(nb, kernel_name="hp-test", timeout=120).execute()
    nbformat.validate(nb)
    chart_out, table_out = (cell.outputs for cell in nb.cells)
    assert [o.output_type for o in chart_out] == ["display_data"]
    assert sorted(chart_out[0].data) == sorted([VEGALITE_MIME, SVG_MIME, "text/plain"])
    assert chart_out[0].data[SVG_MIME] == chart_bundle(make_chart())[SVG_MIME]
    assert [o.output_type for o in table_out] == ["display_data"]
    assert sorted(table_out[0].data) == ["text/html", "text/markdown", "text/plain"]
    assert "| 2025 | 1.329 |" in table_out[0].data["text/markdown"]
    path = tmp_path / "roundtrip.ipynb"
    nbformat.write(nb, path)
    assert nbformat.read(path, as_version=4).cells[0].outputs[0].data[VEGALITE_MIME]["$schema"] == VL_SCHEMA


def test_chart_sources_come_from_the_data_or_the_caller():
    import pandas as pd

    from helpers.present.charts import trend_chart

    df = pd.DataFrame({"year": [2023, 2024], "value": [1.0, 2.0], "qualifier": ["=", "="],
                       "kind": ["actual", "actual"], "geo": ["hai_phong", "hai_phong"],
                       "source_id": ["src_b", "src_a"]})
    spec = chart_bundle(trend_chart(df, "Tiêu đề", "Giá trị"))["application/vnd.vegalite.v5+json"]
    assert spec["usermeta"]["sources"] == ["src_a", "src_b"]
    spec = chart_bundle(trend_chart(df, "Tiêu đề", "Giá trị"), sources=["x"])[
        "application/vnd.vegalite.v5+json"]
    assert spec["usermeta"]["sources"] == ["x"]
