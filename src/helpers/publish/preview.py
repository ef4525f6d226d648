"""`hpreport preview`: the report's HTML served on 127.0.0.1, rebuilt when a source changes, and
reloaded in the open page by itself.

The preview builds a shadow of the project under .cache/preview/ (ignored by git): symlinks to
src/, report/, data/ and the project files, and copies of the notebooks, which it executes and
writes back there only; the work tree is never written. It watches data/, notebooks/, report/,
src/ and the project files, and on a change rebuilds with the build's own cache (only what the
change touched re-runs; helpers.publish.build.deps) and renders the HTML only (the PDF on exit, with
--pdf). A failed build keeps serving the last good page, with the error (file, line, fix) on
top of it and in the terminal.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from helpers.publish.build import cache
from helpers.publish.build.execute import Hooks, execute_parallel, kernel_env
from helpers.publish.build.pipeline import EXIT_INTERRUPTED, BuildOptions, default_validate, run_build
from helpers.publish.build.progress import Reporter
from helpers.publish.build.warm import WarmKernels
from helpers.publish.render import render_cache

WATCHED = ("data", "notebooks", "report", "src", "_quarto.yml", "edition.yml", "requirements.lock")
LINKED = ("data", "src", "_quarto.yml", "edition.yml", "requirements.lock")
# report/ is a folder of links, not a link: the renderer resolves embeds from the document's
# folder, and they must reach the shadow's notebooks.
LINKED_ENTRIES = ("report",)
POLL_S = 0.25
# A partial page (a notebook done, others still running) is rendered only when the others are still
# running this long after: a render competes with them for the CPU, and a short wait is cheaper
# than two renders when they are about to finish.
PARTIAL_DELAY_S = 1.0
# Injected into the served page only: poll the preview's state and reload, keeping the scroll.
RELOAD_SCRIPT = """<script>(function(){
var seen=%d, key="hp-preview-scroll";
var y=sessionStorage.getItem(key); if(y!==null){window.scrollTo(0,+y);sessionStorage.removeItem(key);}
setInterval(function(){fetch("/__preview",{cache:"no-store"}).then(function(r){return r.json();})
.then(function(s){if(s.version!==seen){sessionStorage.setItem(key,String(window.scrollY));location.reload();}})
.catch(function(){});},400);})();</script>"""
ERROR_BOX = ('<div id="hp-preview-error" style="position:sticky;top:0;z-index:9999;background:#fde8e8;'
             'color:#7a0b0b;border-bottom:2px solid #b91c1c;padding:.6em 1em;font:14px/1.4 monospace">'
             '<strong>Bản dựng lỗi; đang hiển thị bản đúng gần nhất.</strong><pre style="white-space:'
             'pre-wrap;margin:.4em 0 0">%s</pre></div>')
PENDING_BOX = ('<div id="hp-preview-pending" style="position:sticky;top:0;z-index:9998;background:#fff7d6;'
               'color:#5c4400;border-bottom:1px solid #c9a227;padding:.4em 1em;font:14px/1.4 sans-serif">'
               'Đang chạy lại %s; trang sẽ tự cập nhật.</div>')
WAITING = "<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Đang dựng</title><body><p>Đang dựng báo cáo…</p></body></html>"


def render_html_only(project_root: Path, out_dir: Path, renderer: str, quiet: bool,
                     info: dict):
    """report.html of the project (embedded renderer, no PDF): what the preview shows, made by the
    build's own HTML step (`helpers.publish.render.embedded_html`)."""
    from helpers.publish import render
    from helpers.publish.render import bibliography

    checked = render.check_report(project_root)
    with tempfile.TemporaryDirectory(prefix="hp-preview-") as tmp:
        work = Path(tmp)
        (work / "references.json").write_text(
            json.dumps(bibliography.csl_items(checked.sources), ensure_ascii=False), encoding="utf-8")
        render.embedded_html(checked, work, out_dir)


def merge_notebook(source: Path, shadow: Path) -> None:
    """Bring the work tree's notebook into the shadow: when its code cells are the shadow's, keep
    the shadow's outputs (executed against the current data) under the new text."""
    new = cache.read_json(source)
    if shadow.is_file():
        old = cache.read_json(shadow)
        code = [c for c in old["cells"] if c.get("cell_type") == "code"]
        if cache.code_hash(new) == cache.code_hash(old):
            it = iter(code)
            for cell in new["cells"]:
                if cell.get("cell_type") == "code":
                    done = next(it)
                    cell["outputs"], cell["execution_count"] = done.get("outputs", []), done.get("execution_count")
    text = json.dumps(new, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if not shadow.is_file() or shadow.read_text(encoding="utf-8") != text:
        shadow.write_text(text, encoding="utf-8")


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file."""
    out = {}
    for name in WATCHED:
        for path in cache.list_files(root / name):
            with contextlib.suppress(OSError):
                st = path.stat()
                out[str(path)] = (st.st_mtime_ns, st.st_size)
    return out


class Preview:
    """The shadow project, its builds and what the server shows."""

    def __init__(self, root: Path, quiet: bool = False):
        self.root = Path(root).resolve()
        self.base = self.root / ".cache" / "preview"
        self.shadow = self.base / "project"
        self.out = self.base / "out"
        self.quiet = quiet
        self.page: bytes | None = None
        self.error: str | None = None
        self.version = 0
        self.building = False
        self.pending: list[str] = []    # notebooks still running when a partial page was shown
        self.partial: threading.Thread | None = None
        self.kernels: WarmKernels | None = None
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def prepare(self) -> None:
        """The shadow project; its first build starts from the work tree's build state, so that
        notebooks `make report` has run are not executed again, and it shares the work tree's
        .cache/analysis/ and .cache/render/."""
        (self.shadow / "notebooks").mkdir(parents=True, exist_ok=True)
        for name in LINKED:
            link, target = self.shadow / name, self.root / name
            if target.exists() and not link.is_symlink():
                link.symlink_to(target)
        self.link_entries()
        # The scorecard's computations (helpers.analysis.analysis_cache) and the renderer's cached
        # steps (helpers.publish.render.render_cache) are shared with `make report`'s.
        for folder in (cache.ANALYSIS_CACHE, render_cache.CACHE_DIR):
            mine, shared = self.shadow / folder, self.root / folder
            shared.mkdir(parents=True, exist_ok=True)
            if not mine.is_symlink():
                mine.parent.mkdir(parents=True, exist_ok=True)
                shutil.rmtree(mine, ignore_errors=True)
                mine.symlink_to(shared)
        state, seed = self.shadow / ".cache" / "build" / "state.json", self.root / ".cache" / "build" / "state.json"
        if not state.exists() and seed.is_file():
            state.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(seed, state)
        self.sync_notebooks()

    def link_entries(self) -> None:
        """A link in the shadow's report/ for every entry of report/ (new ones too)."""
        for name in LINKED_ENTRIES:
            source, folder = self.root / name, self.shadow / name
            folder.mkdir(exist_ok=True)
            wanted = {p.name for p in source.iterdir()} if source.is_dir() else set()
            for link in folder.iterdir():
                if link.name not in wanted:
                    link.unlink()
            for entry in sorted(wanted - {p.name for p in folder.iterdir()}):
                (folder / entry).symlink_to(source / entry)

    def sync_notebooks(self) -> None:
        wanted = {p.name for p in (self.root / "notebooks").glob("*.ipynb")}
        for path in (self.shadow / "notebooks").glob("*.ipynb"):
            if path.name not in wanted:
                path.unlink()
        for name in sorted(wanted):
            merge_notebook(self.root / "notebooks" / name, self.shadow / "notebooks" / name)

    def build(self) -> bool:
        """One build of the shadow; True when it succeeded. Errors go to the page and stderr."""
        self.building = True
        start = time.perf_counter()
        reporter = Reporter(quiet=self.quiet)
        try:
            self.link_entries()
            self.sync_notebooks()
            options = BuildOptions(renderer="embedded", quiet=self.quiet, out=self.out,
                                   data_dir=self.root / "data")
            # A stand-in for default_validate: the preview publishes no scorecard CSV.
            code = run_build(self.shadow, options, validate=lambda d: default_validate(d),
                             render=render_html_only, reporter=reporter, executor=self.execute)
        except Exception as exc:  # noqa: BLE001 - a preview keeps running whatever the edit
            code, reporter.lines = 1, reporter.lines + [f"ERROR {type(exc).__name__}: {exc}"]
        if code == EXIT_INTERRUPTED:  # Ctrl-C or SIGTERM during a build stops the preview
            raise KeyboardInterrupt
        errors = [l.split("ERROR ", 1)[1] for l in reporter.lines if "ERROR " in l]
        with self.lock:
            if code == 0:
                page = (self.out / "report.html").read_bytes()
                self.page, self.error = page, None
            else:
                error = "\n".join(errors) or f"build failed (exit {code})"
                self.error = error.replace(f"{self.shadow}{os.sep}", "")  # work-tree paths
            self.version += 1
            self.building, self.pending = False, []
        if not self.quiet:
            state = "ok" if code == 0 else "failed (the last good page stays)"
            print(f"preview: build {state} in {time.perf_counter() - start:.1f} s", flush=True)
        return code == 0

    def start_kernels(self) -> None:
        """Warm kernels in the folder and environment the shadow's notebooks run with."""
        data_dir = (self.root / "data").resolve()
        self.kernels = WarmKernels(self.shadow / "notebooks",
                                   kernel_env(self.shadow.resolve(), data_dir, record_reads=True))

    def execute(self, paths, env=None, workers=None, hooks=None, log_dir=None) -> None:
        """The build's executor: warm kernels, and a partial page when a notebook is done while
        others still run ``PARTIAL_DELAY_S`` later (with a note saying which)."""
        hooks = hooks or Hooks()
        running = {Path(p).stem for p in paths}
        done = threading.Event()

        def finished(path, nb, seconds):
            hooks.finished(path, nb, seconds)
            running.discard(Path(path).stem)
            if running:
                self.render_partial(running, done)

        try:
            (self.kernels or execute_parallel)(paths, env=env, workers=workers,
                                               hooks=Hooks(hooks.started, finished, hooks.recorded), log_dir=log_dir)
        finally:
            done.set()

    def render_partial(self, running: set[str], done: threading.Event) -> None:
        """Render the shadow as it is now, in a thread, unless every notebook is done within
        ``PARTIAL_DELAY_S``; shown unless the full build came first."""
        if self.partial is not None and self.partial.is_alive():
            return

        def work() -> None:
            if done.wait(PARTIAL_DELAY_S):
                return
            pending = sorted(running)  # the notebooks still running now
            with tempfile.TemporaryDirectory(prefix="partial-", dir=self.base) as tmp:
                try:
                    render_html_only(self.shadow, Path(tmp), "embedded", True, {})
                except Exception:  # noqa: BLE001 - the full build reports the error
                    return
                page = (Path(tmp) / "report.html").read_bytes()
            with self.lock:
                if self.building:
                    self.page, self.pending = page, pending
                    self.version += 1

        self.partial = threading.Thread(target=work, daemon=True)
        self.partial.start()

    def watch(self, seen: dict) -> None:
        """Rebuild whenever a watched file changes from `seen` (polling; an editor's burst of
        saves is one change)."""
        while not self.stop.wait(POLL_S):
            now = snapshot(self.root)
            if now == seen:
                continue
            time.sleep(POLL_S)  # let a burst of saves settle
            seen = snapshot(self.root)
            self.build()

    def served_page(self) -> bytes:
        with self.lock:
            page, error, version = self.page, self.error, self.version
        text = (page or WAITING.encode()).decode("utf-8")
        with self.lock:
            pending = list(self.pending)
        box = ERROR_BOX % html.escape(error) if error else ""
        if pending:
            box += PENDING_BOX % html.escape(", ".join(pending))
        script = RELOAD_SCRIPT % version
        at = text.find(">", text.find("<body")) + 1 if "<body" in text else 0
        return (text[:at] + box + text[at:].replace("</body>", script + "</body>", 1)
                + ("" if "</body>" in text else script)).encode("utf-8")

    def state(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error,
                               "building": self.building,
                               "warm_kernels": len(self.kernels.ready) if self.kernels else 0}).encode()

    def pdf(self, dest: Path) -> None:
        """The full render (HTML and PDF) of the shadow into dest (the PDF on exit)."""
        from helpers.publish.render import render_report

        render_report(self.shadow, dest, renderer="embedded", quiet=self.quiet)


def handler_for(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            path = self.path.split("?", 1)[0]
            if path in ("/", "/report.html"):
                self.reply(200, preview.served_page(), "text/html; charset=utf-8")
            elif path == "/__preview":
                self.reply(200, preview.state(), "application/json")
            else:
                file = (preview.out / path.lstrip("/")).resolve()
                if preview.out.resolve() in file.parents and file.is_file():
                    self.reply(200, file.read_bytes(), "application/octet-stream")
                else:
                    self.reply(404, b"not found", "text/plain")

        def reply(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run_preview(root: Path, port: int = 0, pdf: bool = False, quiet: bool = False,
                ready=None) -> int:
    """Serve the preview until interrupted (SIGINT/SIGTERM); returns the exit code.

    ready(url, preview), when given, is called once the server listens (tests stop it with
    preview.stop.set()).
    """
    preview = Preview(root, quiet=quiet)
    preview.prepare()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(preview))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    print(f"preview: {url} (Ctrl-C stops)", flush=True)
    if ready:
        ready(url, preview)
    try:
        seen = snapshot(preview.root)
        preview.build()
        preview.start_kernels()
        preview.watch(seen)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop.set()
        server.shutdown()
        server.server_close()
        if preview.kernels is not None:
            preview.kernels.close()
    if pdf and preview.error is None:
        dest = preview.base / "pdf"
        shutil.rmtree(dest, ignore_errors=True)
        preview.pdf(dest)
        print(f"preview: PDF written to {os.path.relpath(dest / 'report.pdf')}", flush=True)
    return 0
