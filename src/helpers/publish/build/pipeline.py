"""`hpreport build`: validate data, execute stale notebooks, render, replace _output/ atomically.

Steps and guarantees:
1. Data are validated first; bad data stop the build before anything is written.
2. Notebooks run only when their code changed, or what they read when they last ran: the data
   rows (by indicator) and files they loaded and the helpers modules they imported
   (helpers.data.reads, helpers.publish.build.deps; content hashes kept in .cache/build/state.json), or the
   lock. They run in parallel and are written back only when their bytes differ; the build says
   why each one ran. A failing notebook is left untouched on disk.
3. The report is rendered into `<out>.tmp-*` beside the output folder, with the data for download,
   build-info.json and build.log; nothing is rendered when no render input changed.
4. The output folder is swapped in only when everything succeeded; interrupts and failures leave
   the previous output byte-for-byte and no temporary folder behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import inspect
import json
import os
import re
import shutil
import signal
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from helpers.publish.build import cache, deps
from helpers.publish.build.downloads import SCORECARD_CSV, publish_data, write_dataset_files
from helpers.publish.build.info import build_info
from helpers.publish.build.progress import Reporter

# helpers.publish.build.execute and helpers.publish.notebook_io (nbclient, nbformat: over a second of imports)
# are imported only when a notebook has to run, so that a no-op build stays near-instant.

NOTEBOOK_NAME = re.compile(r"^(\d+)-.+\.ipynb$")
RENDER_SKIPPED = object()
# Beside the build state: what the data package's validation found valid (helpers.publish.package.validated).
PACKAGE_MEMO = "package-validated.json"

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class BuildError(Exception):
    """A build step failed; the message is shown as is."""


class UsageError(BuildError):
    """The command line names something that does not exist."""


@dataclass
class BuildOptions:
    renderer: str = "auto"
    force: bool = False
    only: str | None = None
    quiet: bool = False
    data_dir: Path | None = None
    out: Path = Path("_output")
    workers: int | None = None


def default_validate(data_dir: Path) -> str | None:
    """Load and validate the dataset; raises DataValidationError. Returns a note when skipped."""
    try:
        from helpers.data.loader import load_dataset
    except ModuleNotFoundError as exc:
        if exc.name == "helpers.data.loader":
            return "skipped: helpers.data.loader is not available yet"
        raise
    if inspect.signature(load_dataset).parameters:
        load_dataset(data_dir)
    else:
        load_dataset()
    return None


def edition_lines(data_dir: Path) -> list[str]:
    """The build's note on the edition: its cut-off and the figures it left out (helpers.data.cutoff)."""
    from helpers.data.cutoff import left_out_lines
    from helpers.data.edition import load_edition
    from helpers.data.loader import in_edition, load_dataset

    edition = load_edition()
    return left_out_lines(in_edition(load_dataset(data_dir, cutoff=None), edition.cutoff)[1], edition)


def default_render(project_root: Path, out_dir: Path, renderer: str, quiet: bool,
                   info: dict) -> Any:
    """Render with helpers.publish.render into out_dir; RENDER_SKIPPED while that module does not exist."""
    render_report = renderer_entry_point()
    if render_report is None:
        return RENDER_SKIPPED
    kwargs = {}
    if "build_info" in inspect.signature(render_report).parameters:
        kwargs["build_info"] = info
    return render_report(project_root, out_dir, renderer=renderer, quiet=quiet, **kwargs)


def renderer_entry_point() -> Callable[..., Any] | None:
    """helpers.publish.render.render_report, or None while that module (or the function) does not exist."""
    try:
        import helpers.publish.render as render_module
    except ModuleNotFoundError as exc:
        if exc.name == "helpers.publish.render":
            return None
        raise
    return getattr(render_module, "render_report", None)


def list_notebooks(project_root: Path) -> list[Path]:
    """notebooks/NN-name.ipynb, sorted by name."""
    folder = Path(project_root) / "notebooks"
    return sorted(p for p in folder.glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))


def select_only(notebooks: list[Path], name: str) -> Path:
    """The notebook named by --only: its stem, file name or number (`3` or `03`)."""
    for path in notebooks:
        number = NOTEBOOK_NAME.match(path.name).group(1)
        if name in (path.stem, path.name) or (name.isdigit() and int(name) == int(number)):
            return path
    known = ", ".join(p.stem for p in notebooks) or "none"
    raise UsageError(f"--only {name}: no such notebook in notebooks/ (available: {known})")


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")


@contextlib.contextmanager
def build_lock(project_root: Path):
    """One build at a time per project (two would race on notebooks and the output folder)."""
    path = Path(project_root) / ".cache" / "build" / "lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError("another build of this project is running") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def sigterm_as_interrupt():
    """Turn SIGTERM into KeyboardInterrupt so that finally blocks clean up (main thread only)."""
    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def remove_stale_temp(out: Path) -> None:
    """Delete temporary and trash folders a killed build (SIGKILL, power loss) left beside out."""
    for pattern in (f"{out.name}.tmp-*", f"{out.name}.old-*"):
        for path in out.parent.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)


def replace_dir(new: Path, target: Path) -> None:
    """Put new in place of target with renames on one filesystem; signals wait until done."""
    blocked = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        trash = None
        if target.exists():
            trash = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
            os.rename(target, trash / target.name)
        try:
            os.rename(new, target)
        except BaseException:
            if trash is not None:
                os.rename(trash / target.name, target)
            raise
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)


class Build:
    """One run of the pipeline for a project folder."""

    def __init__(self, project_root: Path, options: BuildOptions, reporter: Reporter,
                 validate: Callable[[Path], Any] = default_validate,
                 render: Callable[..., Any] = default_render):
        self.root = Path(project_root).resolve()
        self.options = options
        self.data_dir = Path(options.data_dir).resolve() if options.data_dir else self.root / "data"
        out = Path(options.out)
        self.out = out if out.is_absolute() else self.root / out
        self.report = reporter
        self.validate = validate
        self.render = render
        self.state = cache.BuildState(self.root)
        self.executed: list[str] = []
        self.reasons: dict[str, str] = {}
        self.executor = None  # replaces execute_parallel (the preview's warm kernels)

    def run(self) -> int:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temp(self.out)
        shared = cache.environment_key(self.root, self.data_dir)
        self.validate_data(shared)
        self.execute_notebooks()
        self.report.info("notebooks executed in this build: " + (", ".join(self.executed) or "none"))
        self.render_output()
        return EXIT_OK

    def validate_data(self, shared: dict[str, str]) -> None:
        key = cache.sha256_bytes(json.dumps(shared, sort_keys=True).encode())
        if not self.options.force and self.state.data.get("validated") == key:
            self.report.info("data: unchanged since last validation")
            return
        self.report.step("data", "data: validating")
        if not self.data_dir.is_dir():
            raise BuildError(f"data folder not found: {self.data_dir}")
        try:
            note = self.validate(self.data_dir)
        except Exception as exc:
            raise BuildError(f"data validation failed ({self.data_dir}):\n{exc}") from None
        self.report.done("data", f"data: {note or 'valid'}")
        if self.validate is default_validate and note is None:
            for line in edition_lines(self.data_dir):
                self.report.info(line)
        if note is None:
            self.state.data["validated"] = key
            self.state.save()

    def execute_notebooks(self) -> None:
        notebooks = list_notebooks(self.root)
        if self.options.only:
            notebooks = [select_only(notebooks, self.options.only)]
        entries = self.state.data["notebooks"]
        before = json.dumps(entries, sort_keys=True)
        tables = functools.cache(lambda: deps.table_hashes(self.dataset()))
        tree = deps.data_tree(self.root, self.data_dir)
        stale = []
        for path in notebooks:
            nb = cache.read_json(path)
            reason = "forced (--force)" if self.options.force else deps.stale_reason(
                entries.get(path.name), cache.code_hash(nb), cache.outputs_hash(nb), self.root,
                tree, tables)
            if reason:
                stale.append(path)
                self.reasons[path.name] = reason
        if json.dumps(entries, sort_keys=True) != before:  # data changed, not what they read
            self.state.save()
        fresh = len(notebooks) - len(stale)
        if not stale:
            self.report.info(f"notebooks: {fresh} up to date, none to execute")
            return
        self.report.info(f"notebooks: executing {len(stale)} ({fresh} up to date)")
        for path in stale:
            self.report.info(f"  {path.stem}: runs because {self.reasons[path.name]}")
        from helpers.publish.build.execute import Hooks, NotebookFailure, execute_parallel, kernel_env
        from helpers.publish.notebook_io import to_bytes, write_if_changed

        records: dict[str, dict | None] = {}

        def started(path: Path) -> None:
            self.report.step(path.name, f"  {path.stem}: running")

        def recorded(path: Path, record: dict | None) -> None:
            records[path.name] = record

        def finished(path: Path, nb, seconds: float) -> None:
            written = write_if_changed(nb, path)
            record = records.get(path.name)
            stored = json.loads(to_bytes(nb))
            entries[path.name] = deps.entry(
                cache.code_hash(stored), cache.outputs_hash(stored), self.root,
                deps.dependencies(record, self.root, self.relative(self.data_dir), tables))
            self.state.save()
            self.executed.append(path.name)
            change = "outputs changed" if written else "outputs unchanged"
            self.report.done(path.name, f"  {path.stem}: executed in {seconds:.1f} s, {change}; "
                                        f"{deps.describe(record)}")

        log_dir = self.state.path.parent / "kernel-logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        execute = self.executor or execute_parallel
        try:
            execute(stale, env=kernel_env(self.root, self.data_dir, record_reads=True),
                    workers=self.options.workers, hooks=Hooks(started, finished, recorded),
                    log_dir=log_dir)
        except NotebookFailure as exc:
            raise BuildError(f"build failed: {exc.describe()}") from None

    def dataset(self):
        """The dataset of this build, loaded once (only when a notebook's data must be compared)."""
        if getattr(self, "_dataset", None) is None:
            from helpers.data.loader import load_dataset

            self._dataset = load_dataset(self.data_dir)
        return self._dataset

    def relative(self, path: Path) -> str:
        """path relative to the project when inside it, so that a copied project keeps its cache."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def render_key(self, info: dict) -> str:
        parts = {
            "notebooks": cache.hash_tree(self.root / "notebooks"),
            "report": cache.hash_tree(self.root / "report"),
            "quarto": cache.hash_file_or_missing(self.root / "_quarto.yml"),
            # the citation section and the data package read these
            "citation": cache.hash_file_or_missing(self.root / "CITATION.cff"),
            "edition": cache.hash_file_or_missing(self.root / "edition.yml"),
            "helpers": cache.hash_tree(self.root / "src" / "helpers"),
            "renderer": self.options.renderer,
            "info": info,
            "data_dir": self.relative(self.data_dir),
        }
        return cache.sha256_bytes(json.dumps(parts, sort_keys=True).encode())

    def render_output(self) -> None:
        info = build_info(self.root, self.data_dir, self.options.renderer)
        key = self.render_key(info)
        previous = self.state.data["renders"].get(self.relative(self.out))
        if (not self.options.force and previous and previous.get("key") == key
                and self.out.is_dir() and cache.manifest(self.out) == previous.get("manifest")):
            self.report.info(f"output: {self.out.name}/ is up to date")
            return
        tmp = Path(tempfile.mkdtemp(prefix=f"{self.out.name}.tmp-", dir=self.out.parent))
        tmp.chmod(0o755)  # mkdtemp makes it private; the published folder is world-readable
        try:
            self.fill_output(tmp, info)
            replace_dir(tmp, self.out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self.state.data["renders"][self.relative(self.out)] = {"key": key,
                                                     "manifest": cache.manifest(self.out)}
        self.state.save()
        self.report.info(f"output: {self.out.name}/ updated")

    def fill_output(self, tmp: Path, info: dict) -> None:
        write_json(tmp / "build-info.json", info)  # readable by the renderer for the colophon
        # scorecard.csv: the scorecard the notebooks computed, from helpers.analysis.analysis_cache
        from helpers.analysis.analysis_cache import enabled

        computed = self.validate is default_validate  # stand-in data of tests have no scorecard
        with enabled(self.root / cache.ANALYSIS_CACHE), ThreadPoolExecutor(max_workers=1) as pool:
            # The dataset's CSV files need nothing of the render: written while it runs.
            dataset_files = pool.submit(write_dataset_files, self.data_dir, tmp / "data", computed)
            self.render_into(tmp, info)
            try:
                publish_data(self.data_dir, tmp / "data", computed=computed, written=dataset_files.result(),
                             memo=self.state.path.parent / PACKAGE_MEMO)
            except Exception as exc:  # noqa: BLE001 - any failure stops the build, output unchanged
                raise BuildError(f"data/ downloads (CSV files, {SCORECARD_CSV}, datapackage.json) could not be "
                                 f"published: {exc}") from exc
        write_json(tmp / "build-info.json", info)
        (tmp / "build.log").write_text(self.report.text(), encoding="utf-8")

    def render_into(self, tmp: Path, info: dict) -> None:
        self.report.step("render", f"render: {info['renderer']}")
        start = time.perf_counter()
        try:
            with source_date_env(info["source_date_epoch"]):
                result = self.render(self.root, tmp, self.options.renderer, self.options.quiet, info)
        except Exception:
            raise BuildError("render failed:\n" + traceback.format_exc()) from None
        if result is RENDER_SKIPPED:
            self.report.done("render", "render: skipped, helpers.publish.render is not available yet")
            return
        for field, key in (("renderer", "renderer"), ("renderer_version", "renderer_version"),
                           ("version", "renderer_version")):
            value = getattr(result, field, None)
            if isinstance(value, str) and value:
                info[key] = value
        self.report.done("render", f"render: done in {time.perf_counter() - start:.1f} s")


@contextlib.contextmanager
def source_date_env(epoch: int):
    """SOURCE_DATE_EPOCH for tools that stamp dates (typst, pandoc, Quarto) during the render."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def run_build(project_root: Path, options: BuildOptions | None = None, *,
              validate: Callable[[Path], Any] = default_validate,
              render: Callable[..., Any] = default_render, reporter: Reporter | None = None,
              executor: Callable[..., None] | None = None) -> int:
    """Run the whole build; returns the exit code (0 ok, 1 failed, 2 usage, 130 interrupted).

    validate(data_dir) and render(root, out_dir, renderer, quiet, build_info) can be replaced
    (tests use small stand-ins); executor replaces execute_parallel (the preview's warm kernels).
    """
    options = options or BuildOptions()
    reporter = reporter or Reporter(options.quiet)
    code = EXIT_FAILED
    with reporter, sigterm_as_interrupt():
        try:
            with build_lock(project_root):
                build = Build(project_root, options, reporter, validate, render)
                build.executor = executor
                code = build.run()
        except BuildError as exc:
            reporter.error(str(exc))
            code = EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILED
        except KeyboardInterrupt:
            reporter.error("build interrupted; the previous output is unchanged")
            code = EXIT_INTERRUPTED
        finally:
            log = Path(project_root) / ".cache" / "build" / "last-build.log"
            with contextlib.suppress(OSError):
                log.parent.mkdir(parents=True, exist_ok=True)
                log.write_text(reporter.text(), encoding="utf-8")
    return code
