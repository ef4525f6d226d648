"""The render cache (helpers.publish.render.render_cache): a result read from it is the very bytes
computing gives, an entry that does not verify is computed again, every input is part of the key,
and a whole embedded render from a warm cache is byte for byte the render from an empty one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT
from helpers.publish.render import render_cache, render_report, vega, webfonts

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "description": "Một hình thử",
    "data": {"values": [{"năm": 2023, "giá trị": 1.5}, {"năm": 2024, "giá trị": 2.25}]},
    "mark": "line",
    "encoding": {"x": {"field": "năm", "type": "ordinal"}, "y": {"field": "giá trị", "type": "quantitative"}},
}


def entries(root: Path, kind: str) -> list[Path]:
    return sorted((root / render_cache.CACHE_DIR / kind).glob("*.bin"))


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


def test_no_project_no_cache(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert render_cache.folder() is None
    assert vega.vega_spec(SPEC) == vega._vega_spec(SPEC)
    assert list(tmp_path.iterdir()) == []


def test_entries_verify_and_are_recomputed(tmp_path):
    calls = []

    def compute() -> bytes:
        calls.append(1)
        return b"result\n\x00\xff"

    with render_cache.using(tmp_path):
        assert render_cache.cached_bytes("k", {"a": 1}, compute) == b"result\n\x00\xff"
        assert render_cache.cached_bytes("k", {"a": 1}, compute) == b"result\n\x00\xff"
        assert len(calls) == 1
        [entry] = entries(tmp_path, "k")
        for damage in (corrupt, lambda p: p.write_bytes(p.read_bytes()[:20]), lambda p: p.write_bytes(b"")):
            damage(entry)
            assert render_cache.cached_bytes("k", {"a": 1}, compute) == b"result\n\x00\xff"
        assert len(calls) == 4
        entry.unlink()
        assert render_cache.cached_bytes("k", {"a": 1}, compute) == b"result\n\x00\xff"
        assert len(calls) == 5
        assert render_cache.cached_bytes("k", {"a": 1}, compute) == b"result\n\x00\xff"
        assert len(calls) == 5
    assert [p.name for p in (tmp_path / render_cache.CACHE_DIR / "k").iterdir()] == [entry.name]  # no temp files


def test_font_subset_cached_bytes_are_computed_bytes(tmp_path):
    computed = webfonts._subset_woff("NotoSansMath-Regular.ttf", webfonts.SIGNS)
    with render_cache.using(tmp_path):
        assert webfonts.subset_woff("NotoSansMath-Regular.ttf", webfonts.SIGNS) == computed   # miss
        [entry] = entries(tmp_path, "font-subset")
        assert webfonts.subset_woff("NotoSansMath-Regular.ttf", webfonts.SIGNS) == computed   # hit
        corrupt(entry)
        assert webfonts.subset_woff("NotoSansMath-Regular.ttf", webfonts.SIGNS) == computed   # recomputed
        assert entries(tmp_path, "font-subset") == [entry]
        # other code points, another key
        fewer = frozenset(sorted(webfonts.SIGNS)[:1])
        assert webfonts.subset_woff("NotoSansMath-Regular.ttf", fewer) == webfonts._subset_woff(
            "NotoSansMath-Regular.ttf", fewer)
        assert len(entries(tmp_path, "font-subset")) == 2


def test_vega_spec_cached_is_computed_and_keyed_on_the_text(tmp_path):
    computed = vega._vega_spec(SPEC)
    with render_cache.using(tmp_path):
        for _ in range(2):   # miss, then hit: the same value, keys in the same order
            assert json.dumps(vega.vega_spec(SPEC), ensure_ascii=False) == json.dumps(computed, ensure_ascii=False)
        [entry] = entries(tmp_path, "vega-spec")
        corrupt(entry)
        assert json.dumps(vega.vega_spec(SPEC)) == json.dumps(computed)
        assert len(entries(tmp_path, "vega-spec")) == 1
        other = {**SPEC, "mark": "point"}
        assert vega.vega_spec(other) == vega._vega_spec(other) != computed
        assert len(entries(tmp_path, "vega-spec")) == 2
        reordered = dict(reversed(list(SPEC.items())))   # another text of the same spec: its own entry
        vega.vega_spec(reordered)
        assert len(entries(tmp_path, "vega-spec")) == 3


def test_key_covers_every_input():
    base = {"spec": "{}", "vl_version": "5.20", "code": "def f(): pass"}
    keys = {render_cache.key_of("vega-spec", base), render_cache.key_of("font-subset", base)}
    for name in base:
        keys.add(render_cache.key_of("vega-spec", {**base, name: base[name] + " "}))
    assert len(keys) == 2 + len(base)


def test_vega_runtime_cached_is_computed(tmp_path):
    module = vega.VEGA_MODULE.format(version=vega.vlc.get_vega_version())
    computed = vega._vega_bundle(module)
    with render_cache.using(tmp_path):
        assert vega.vega_runtime.__wrapped__() == computed
        [entry] = entries(tmp_path, "vega-runtime")
        assert vega.vega_runtime.__wrapped__() == computed
        corrupt(entry)
        assert vega.vega_runtime.__wrapped__() == computed


def copy_project(dest: Path) -> Path:
    """The parts of the project a render reads, without its .cache/ or outputs."""
    dest.mkdir()
    for name in ("_quarto.yml", "CITATION.cff", "edition.yml"):
        shutil.copy(PROJECT_ROOT / name, dest / name)
    for name in ("data", "editions", "notebooks", "report"):
        shutil.copytree(PROJECT_ROOT / name, dest / name)
    return dest


def output_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def render_fresh(root: Path, out: Path) -> dict[str, bytes]:
    # The in-process memories of the runtime and the font rules would hide the disk cache.
    vega.vega_runtime.cache_clear()
    webfonts.font_face_css.cache_clear()
    render_report(root, out, renderer="embedded", quiet=True)
    return output_files(out)


def test_warm_render_is_byte_identical(tmp_path):
    root = copy_project(tmp_path / "project")
    cold = render_fresh(root, tmp_path / "cold")
    assert {"report.html", "report.pdf", "data/downloads.json"} <= set(cold)
    assert any(name.startswith("data/charts/") for name in cold)
    cache = root / render_cache.CACHE_DIR
    kinds = {p.name: len(list(p.glob("*.bin"))) for p in cache.iterdir()}
    assert kinds["font-subset"] == 3 and kinds["vega-runtime"] == 1 and kinds["vega-spec"] > 1
    assert render_fresh(root, tmp_path / "warm") == cold
    for entry in cache.rglob("*.bin"):
        corrupt(entry)
    assert render_fresh(root, tmp_path / "recomputed") == cold


def test_both_steps_run_and_fail_as_one_after_the_other():
    """The embedded renderer's HTML and PDF steps run at the same time (`render.both`): their
    results come back in order, and an error is the one running them in turn would raise."""
    from helpers.publish.render import RenderError, both

    def fail(message):
        def step():
            raise RenderError("report/report.qmd:3", message)
        return step

    (_, first), (_, second) = both(lambda: "html", lambda: b"pdf")
    assert (first, second) == ("html", b"pdf")
    for steps, message in (((fail("html broke"), fail("pdf broke")), "html broke"),
                           ((fail("html broke"), lambda: b"pdf"), "html broke"),
                           ((lambda: "html", fail("pdf broke")), "pdf broke")):
        with pytest.raises(RenderError) as err:
            both(*steps)
        assert str(err.value) == f"report/report.qmd:3: {message}"
    with render_cache.using(Path("/nowhere")):   # the thread sees the cache of the render
        (_, seen_here), (_, seen_there) = both(render_cache.folder, render_cache.folder)
    assert seen_here == seen_there == Path("/nowhere") / render_cache.CACHE_DIR


def test_code_edited_since_import_is_not_cached(tmp_path, monkeypatch):
    # A long-running preview runs the code it imported: a result made by it must not be stored
    # under the key of the edited source on disk.
    import helpers

    monkeypatch.setattr(helpers, "IMPORTED_AT", 0.0)   # every file is newer than the import
    assert render_cache.source_of(vega._vega_spec) is None
    with render_cache.using(tmp_path):
        assert vega.vega_spec(SPEC) == vega._vega_spec(SPEC)
    assert not (tmp_path / render_cache.CACHE_DIR).exists()
    monkeypatch.undo()
    assert "def _vega_spec" in render_cache.source_of(vega._vega_spec)
