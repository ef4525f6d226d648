"""Build progress: a rich live display on a terminal, a few plain lines otherwise; always logged."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn


def wants_live(quiet: bool, stream: TextIO) -> bool:
    """Live progress only on a terminal, without --quiet and outside CI."""
    return not quiet and stream.isatty() and not os.environ.get("CI")


class Reporter:
    """Collects the build log and shows progress per step and per notebook."""

    def __init__(self, quiet: bool = False, stream: TextIO | None = None,
                 err: TextIO | None = None):
        self.stream = stream or sys.stdout
        self.err = err or sys.stderr
        self.live = wants_live(quiet, self.stream)
        self.lines: list[str] = []
        self._start = time.perf_counter()
        self._tasks: dict[str, TaskID] = {}
        self._progress = None
        if self.live:
            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                      TimeElapsedColumn(), console=Console(file=self.stream))

    def __enter__(self) -> "Reporter":
        if self._progress:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._progress.stop()

    def _log(self, text: str) -> None:
        self.lines.append(f"[{time.perf_counter() - self._start:7.2f}s] {text}")

    def _say(self, text: str) -> None:
        if self._progress:
            self._progress.console.print(text, markup=False, highlight=False)
        else:
            print(text, file=self.stream, flush=True)

    def step(self, key: str, description: str) -> None:
        """A step (or notebook) starts: a spinner line when live."""
        self._log(f"start {description}")
        if self._progress:
            self._tasks[key] = self._progress.add_task(description, total=None)

    def done(self, key: str, summary: str) -> None:
        """A step (or notebook) ends with a one-line summary."""
        self._log(summary)
        if self._progress and key in self._tasks:
            task = self._tasks.pop(key)
            self._progress.update(task, description=summary, total=1, completed=1)
        else:
            self._say(summary)

    def info(self, text: str) -> None:
        self._log(text)
        self._say(text)

    def error(self, text: str) -> None:
        self._log("ERROR " + text)
        if self._progress:
            self._progress.stop()
            self._progress = None
        print(text, file=self.err, flush=True)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
