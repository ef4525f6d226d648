"""Execute notebooks with nbclient, in parallel, each in its own kernel of the project's Python.

Kernels are always shut down: in a finally block per notebook, and as a last resort by killing
any kernel process still alive when the run ends (a second Ctrl-C during shutdown, for example).
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbformat import NotebookNode

from helpers.publish.build.cache import ANALYSIS_CACHE
from helpers.publish.notebook_io import normalize, read_notebook

CELL_TIMEOUT_S = 900
# Run silently before the first cell and after the last one when reads are recorded
# (helpers.data.reads): the record is read back from a user expression, not stored in the notebook.
START_RECORDING = "import helpers.data.reads as _hp_reads; _hp_reads.start()"
RECORDED = "__import__('json').dumps(__import__('importlib').import_module('helpers.data.reads').snapshot())"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Kernel processes started by this process and not yet reaped.
_KERNELS: set[subprocess.Popen] = set()
_KERNELS_LOCK = threading.Lock()


class NotebookFailure(Exception):
    """A notebook could not be executed; str() names the notebook, the cell and the error."""

    def __init__(self, notebook: str, cell_index: int | None, cell_source: str, error: str,
                 traceback: str = ""):
        self.notebook = notebook
        self.cell_index = cell_index
        self.cell_first_line = next((l for l in cell_source.splitlines() if l.strip()), "")
        self.error = error
        self.traceback = traceback
        super().__init__(self.describe())

    def describe(self) -> str:
        where = f"notebook {self.notebook}"
        if self.cell_index is not None:
            where += f", cell {self.cell_index} ({self.cell_first_line.strip()!r})"
        text = f"{where} failed: {self.error}"
        if self.traceback:
            text += "\n" + self.traceback
        return text


class VenvKernelManager(AsyncKernelManager):
    """Launch `python3` kernels with the interpreter running the build, whatever kernelspecs exist."""

    @property
    def kernel_spec(self) -> KernelSpec:
        if self._kernel_spec is None:
            self._kernel_spec = KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="Python 3 (ipykernel)",
                language="python",
                resource_dir="",
            )
        return self._kernel_spec


def kernel_env(project_root: Path | None = None, data_dir: Path | None = None,
               record_reads: bool = False) -> dict[str, str]:
    """Environment of the kernels: the build's own, plus settings that make outputs reproducible.

    The project's src/ goes first on PYTHONPATH so that a copy of the project runs its own
    `helpers`; HPREPORT_DATA_DIR names the data folder of this build; with record_reads the
    kernels record what they read (helpers.data.reads) and keep the scorecard's computations in
    .cache/analysis/ (helpers.analysis.analysis_cache).
    """
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"  # set/dict-of-str order in outputs must not vary per run
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    if project_root is not None:
        src = str(Path(project_root) / "src")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    if data_dir is not None:
        env["HPREPORT_DATA_DIR"] = str(data_dir)
    if record_reads and project_root is not None:
        env["HPREPORT_RECORD_READS"] = str(project_root)
        env["HPREPORT_ANALYSIS_CACHE"] = str(Path(project_root) / ANALYSIS_CACHE)
    return env


def _error_of(cell: NotebookNode, exc: BaseException) -> tuple[str, str]:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            tb = ANSI.sub("", "\n".join(output.get("traceback", [])))
            return f"{output.get('ename')}: {output.get('evalue')}", tb
    return f"{type(exc).__name__}: {ANSI.sub('', str(exc)).strip()}", ""


async def _silent(client: NotebookClient, code: str, expression: str | None = None):
    """Run code in the kernel without output or execution count; the value of expression."""
    msg_id = client.kc.execute(code, silent=True, store_history=False,
                               user_expressions={"value": expression} if expression else None)
    reply = await client.async_wait_for_reply(msg_id)
    if not expression or not reply or reply["content"].get("status") != "ok":
        return None
    value = reply["content"].get("user_expressions", {}).get("value", {})
    if value.get("status") != "ok":
        return None
    return ast.literal_eval(value["data"]["text/plain"])


def recorded_reads(env: dict[str, str]) -> bool:
    return bool(env.get("HPREPORT_RECORD_READS"))


@dataclass
class Kernel:
    """A started kernel with its client, ready to execute."""
    km: AsyncKernelManager
    kc: object
    log: object


async def start_kernel(cwd: Path, env: dict[str, str], kernel_log: Path | None = None,
                       warmup: str | None = None, timeout: int = 120) -> Kernel:
    """Start a `python3` kernel of the build's interpreter in cwd; run warmup in it silently."""
    km = VenvKernelManager(kernel_name="python3")
    log = open(kernel_log, "wb") if kernel_log else subprocess.DEVNULL
    await km.start_kernel(cwd=str(cwd), env=env, stdout=log, stderr=log)
    _track(km)
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=timeout)
    kc.allow_stdin = False
    if warmup:
        msg_id = kc.execute(warmup, silent=True, store_history=False)
        while (await kc.get_shell_msg(timeout=timeout))["parent_header"].get("msg_id") != msg_id:
            pass
    return Kernel(km, kc, log)


async def execute_notebook(path: Path, env: dict[str, str] | None = None,
                           timeout: int = CELL_TIMEOUT_S,
                           kernel_log: Path | None = None,
                           reads: dict | None = None,
                           kernel: Kernel | None = None) -> NotebookNode:
    """Execute path in a fresh kernel with cwd = its folder (or in `kernel`, started ahead for it
    with the same folder and environment); return the normalized notebook.

    The kernel process's own stdout/stderr go to kernel_log (default: discarded). When the
    environment records reads, `reads["record"]` is set to what the notebook read (None when the
    kernel could not say).

    Raises NotebookFailure naming the cell when a cell raises, times out or the kernel dies.
    """
    env = env or kernel_env()
    path = Path(path)
    nb = read_notebook(path)
    client = NotebookClient(nb, km=kernel.km if kernel else None, timeout=timeout,
                            kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    index = None
    try:
        if kernel is None:
            kernel = await start_kernel(path.parent, env, kernel_log)
        client.km, client.kc = kernel.km, kernel.kc
        reply = await client.async_wait_for_reply(client.kc.kernel_info())
        if reply and "language_info" in reply["content"]:
            nb.metadata["language_info"] = reply["content"]["language_info"]
        if recorded_reads(env):
            await _silent(client, START_RECORDING)
        for index, cell in enumerate(nb.cells):
            await client.async_execute_cell(cell, index,
                                            execution_count=client.code_cells_executed + 1)
        if recorded_reads(env) and reads is not None:
            text = await _silent(client, "pass", RECORDED)
            reads["record"] = json.loads(text) if isinstance(text, str) else None
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        cell = nb.cells[index] if index is not None else None
        error, tb = _error_of(cell, exc) if cell is not None else (f"{type(exc).__name__}: {exc}", "")
        raise NotebookFailure(path.name, index, cell.source if cell is not None else "",
                              error, tb) from None
    finally:
        if kernel is not None:
            await shutdown_kernel(kernel)
    return normalize(nb)


async def shutdown_kernel(kernel: Kernel) -> None:
    process = getattr(kernel.km.provisioner, "process", None) if kernel.km.provisioner else None
    try:
        kernel.kc.stop_channels()
        if kernel.km.has_kernel:
            await kernel.km.shutdown_kernel(now=True)
    except Exception:
        pass
    finally:
        if process is not None:
            _kill(process)
        if kernel.log is not subprocess.DEVNULL:
            kernel.log.close()


def _track(km: AsyncKernelManager) -> None:
    process = getattr(km.provisioner, "process", None)
    if process is not None:
        with _KERNELS_LOCK:
            _KERNELS.add(process)


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    with _KERNELS_LOCK:
        _KERNELS.discard(process)


def kill_leftover_kernels() -> int:
    """Kill every kernel this process started that is still alive; returns how many were killed."""
    with _KERNELS_LOCK:
        leftovers = list(_KERNELS)
    alive = [p for p in leftovers if p.poll() is None]
    for process in leftovers:
        _kill(process)
    return len(alive)


@dataclass
class Hooks:
    """Callbacks of a parallel run (all called in the event loop thread)."""
    started: Callable[[Path], None] = lambda path: None
    finished: Callable[[Path, NotebookNode, float], None] = lambda path, nb, seconds: None
    # What the notebook read (helpers.data.reads), before `finished`; None when not recorded.
    recorded: Callable[[Path, dict | None], None] = lambda path, record: None


async def execute_all(paths: list[Path], env: dict[str, str], workers: int, hooks: Hooks,
                      log_dir: Path | None,
                      take_kernel: Callable[[], Kernel | None] = lambda: None) -> None:
    """Execute paths, at most `workers` at a time, each in a kernel from take_kernel() (a warm
    one) or a fresh one; the first failure cancels the others and is raised."""
    semaphore = asyncio.Semaphore(max(1, workers))

    async def one(path: Path) -> None:
        async with semaphore:
            hooks.started(path)
            start = time.perf_counter()
            log = log_dir / f"{path.stem}.kernel.log" if log_dir else None
            reads: dict = {}
            nb = await execute_notebook(path, env, kernel_log=log, reads=reads,
                                        kernel=take_kernel())
            hooks.recorded(path, reads.get("record"))
            hooks.finished(path, nb, time.perf_counter() - start)

    tasks = [asyncio.create_task(one(p)) for p in paths]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in tasks:  # report the first failure in notebook order
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise task.exception()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def execute_parallel(paths: list[Path], env: dict[str, str] | None = None,
                     workers: int | None = None, hooks: Hooks | None = None,
                     log_dir: Path | None = None) -> None:
    """Execute notebooks concurrently (at most `workers` kernels at a time, default: CPU count).

    The first failure cancels the others and is raised as NotebookFailure. SIGINT and SIGTERM
    cancel the run, shut every kernel down and raise KeyboardInterrupt.
    """
    if not paths:
        return
    workers = workers or os.cpu_count() or 1

    async def main() -> None:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        installed = []
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                installed.append((sig, signal.getsignal(sig)))
                loop.add_signal_handler(sig, task.cancel)
        try:
            await execute_all(paths, env or kernel_env(), workers, hooks or Hooks(), log_dir)
        finally:
            for sig, previous in installed:
                loop.remove_signal_handler(sig)
                signal.signal(sig, previous)

    try:
        asyncio.run(main())
    except asyncio.CancelledError:
        raise KeyboardInterrupt from None
    finally:
        kill_leftover_kernels()
