"""Runs the pandoc binary shipped by pypandoc-binary with explicit arguments."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

import pypandoc

from .bibliography import CITATION_STYLE
from .errors import RenderError

FILTER = Path(__file__).with_name("crossref.lua")
# Reader: pandoc Markdown without the parts the supported list leaves out, so that nothing from
# the text or from data can become raw HTML/LaTeX, math or a metadata block.
READER = ("markdown-raw_html-raw_tex-tex_math_dollars-tex_math_single_backslash"
          "-implicit_figures-yaml_metadata_block-smart")


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


@lru_cache(maxsize=1)
def pandoc_version() -> str:
    out = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, check=True)
    return out.stdout.split("\n", 1)[0].split()[-1]


def document_args(markdown: Path, to: str, template: Path, meta_file: Path, bibliography: Path,
                  *extra: str) -> list[str]:
    """Arguments that turn the expanded document into a standalone `to` document: our reader,
    template, metadata, the crossref/callout filter and citeproc, then `extra` options."""
    return [
        str(markdown), "-f", READER, "-t", to, "-s",
        "--template", str(template),
        "--metadata-file", str(meta_file),
        "--lua-filter", str(FILTER),
        "--citeproc", "--bibliography", str(bibliography), "--csl", str(CITATION_STYLE),
        *extra, "--wrap=none",
    ]


def run_pandoc(args: list[str], cwd: Path, where: str) -> str:
    """Run pandoc in `cwd`; any warning or error becomes a RenderError naming `where`."""
    proc = subprocess.run([pandoc_path(), "--fail-if-warnings", *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0 or proc.stderr.strip():
        text = proc.stderr.strip()
        m = re.search(r"HP-ERROR: (.*)", text)
        message = m.group(1) if m else text.splitlines()[0] if text else f"pandoc failed ({proc.returncode})"
        raise RenderError(where, message)
    return proc.stdout
