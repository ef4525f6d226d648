"""What a build was made from (the colophon's inputs): commit, data and lock hashes, renderer.

Nothing here reads the clock: the report's date is the edition's publication date (edition.yml,
helpers.data.edition), so the same inputs always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import subprocess
from importlib import metadata
from pathlib import Path


from helpers.publish.build.cache import hash_file_or_missing, hash_tree
from helpers.data.edition import load_edition


def git_commit(project_root: Path) -> str:
    """HEAD's commit, with "-dirty" when tracked files differ from it; "unknown" outside git."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # read-only: never refresh the index
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project_root, env=env,
                              capture_output=True, text=True, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                                cwd=project_root, env=env, capture_output=True, text=True,
                                check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("-dirty" if status.strip() else "")


def source_date_epoch(date: str | None) -> int:
    """SOURCE_DATE_EPOCH for a YYYY-MM-DD date (midnight UTC); 0 when the data gives no date."""
    if not date:
        return 0
    return int(dt.datetime.combine(dt.date.fromisoformat(date), dt.time(),
                                   tzinfo=dt.timezone.utc).timestamp())


@functools.lru_cache(maxsize=None)
def _pandoc_version() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_version()
    except Exception:
        return "unknown"


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def resolve_renderer(requested: str = "auto") -> tuple[str, str]:
    """(name, version) of the renderer a build with --renderer=requested uses."""
    quarto = shutil.which("quarto")
    if requested == "quarto" or (requested == "auto" and quarto):
        if not quarto:
            return "quarto", "not installed"
        try:
            version = subprocess.run([quarto, "--version"], capture_output=True, text=True,
                                     timeout=60).stdout.strip() or "unknown"
        except (OSError, subprocess.SubprocessError):
            version = "unknown"
        return "quarto", version
    return "embedded", f"pandoc {_pandoc_version()}, typst {_package_version('typst')}"


def build_info(project_root: Path, data_dir: Path | None = None, renderer: str = "auto") -> dict:
    """The colophon inputs of a build of project_root (written as _output/build-info.json)."""
    root = Path(project_root)
    data_dir = Path(data_dir) if data_dir else root / "data"
    name, version = resolve_renderer(renderer)
    edition = load_edition(root / "edition.yml")
    date = edition.published.isoformat()
    return {
        "edition": edition.id,
        "edition_published": date,
        "edition_cutoff": edition.cutoff.isoformat(),
        "edition_reconstructed": edition.reconstructed,
        "commit": git_commit(root),
        "data_hash": hash_tree(data_dir),
        "lock_hash": hash_file_or_missing(root / "requirements.lock"),
        "renderer": name,
        "renderer_version": version,
        "source_date": date,
        "source_date_epoch": source_date_epoch(date),
    }
