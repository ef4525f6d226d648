"""The report build: cached parallel notebook execution, rendering and atomic output."""

from __future__ import annotations

from pathlib import Path

from helpers.publish.build.info import build_info
from helpers.publish.build.pipeline import BuildOptions, run_build

__all__ = ["BuildOptions", "build_info", "cli_build", "run_build"]


def cli_build(args) -> int:
    """Entry point of `hpreport build` (args: the argparse Namespace); returns the exit code."""
    data_dir = getattr(args, "data_dir", None)
    options = BuildOptions(
        renderer=getattr(args, "renderer", None) or "auto",
        force=bool(getattr(args, "force", False)),
        only=getattr(args, "only", None),
        quiet=bool(getattr(args, "quiet", False)),
        data_dir=Path(data_dir).resolve() if data_dir else None,
        out=Path(getattr(args, "out", None) or "_output").resolve(),
    )
    return run_build(project_root(), options)


def project_root() -> Path:
    """The current folder when it is a project (the README's commands run there), else the
    project the `helpers` package belongs to."""
    cwd = Path.cwd()
    if (cwd / "notebooks").is_dir() or (cwd / "_quarto.yml").is_file():
        return cwd
    from helpers import PROJECT_ROOT

    return PROJECT_ROOT
