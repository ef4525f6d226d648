"""Kernels started ahead of need, for the preview: a notebook to re-run finds its kernel started
and the heavy libraries imported (kernel start and imports are most of a small notebook's time).

A warm kernel has imported only third-party libraries (nothing of `helpers`, whose source may
change, and nothing recorded as read), in the folder and environment every notebook of the
build gets; each runs one notebook and is then shut down, and a new one is started in its
place. The kernels live in an event loop of their own thread, so that they outlast a build.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from pathlib import Path

from helpers.publish.build.execute import (Hooks, Kernel, execute_all, execute_parallel,
                                   kill_leftover_kernels, shutdown_kernel, start_kernel)

WARMUP = "import numpy, pandas, altair, statsmodels.api, IPython.display"


class WarmKernels:
    """An executor with the signature of `execute_parallel`, keeping `count` kernels warm."""

    def __init__(self, cwd: Path, env: dict[str, str], count: int = 2):
        self.cwd, self.env, self.count = Path(cwd), env, count
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.ready: list[Kernel] = []
        self.starting: set[Future] = set()
        self.fill()

    def fill(self) -> None:
        """Start kernels until `count` are ready or starting."""
        self.starting = {f for f in self.starting if not f.done()}
        for _ in range(self.count - len(self.ready) - len(self.starting)):
            self.starting.add(asyncio.run_coroutine_threadsafe(self._start(), self.loop))

    async def _start(self) -> None:
        try:
            self.ready.append(await start_kernel(self.cwd, self.env, warmup=WARMUP))
        except Exception:  # noqa: BLE001 - a kernel that fails to warm up is started cold later
            pass

    def take(self) -> Kernel | None:
        return self.ready.pop(0) if self.ready else None

    def __call__(self, paths: list[Path], env: dict[str, str] | None = None,
                 workers: int | None = None, hooks: Hooks | None = None,
                 log_dir: Path | None = None) -> None:
        if env != self.env or any(Path(p).parent != self.cwd for p in paths):
            return execute_parallel(paths, env=env, workers=workers, hooks=hooks, log_dir=log_dir)
        job = asyncio.run_coroutine_threadsafe(
            execute_all(paths, env, workers or self.count, hooks or Hooks(), log_dir, self.take),
            self.loop)
        try:
            job.result()
        except KeyboardInterrupt:
            job.cancel()
            raise
        finally:
            self.fill()

    def close(self) -> None:
        """Shut every kernel down and stop the loop."""
        async def stop() -> None:
            for future in self.starting:
                future.cancel()
            while self.ready:
                await shutdown_kernel(self.ready.pop())

        try:
            asyncio.run_coroutine_threadsafe(stop(), self.loop).result(timeout=30)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            kill_leftover_kernels()  # any kernel still starting
