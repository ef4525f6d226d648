"""Shared fixtures: a copy of the small valid dataset, and helpers to break it."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
VALID_DATA = FIXTURES / "data_valid"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture dataset at tmp_path/data."""
    target = tmp_path / "data"
    shutil.copytree(VALID_DATA, target)
    return target


def read_rows(data: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO((data / "values.csv").read_text(encoding="utf-8"), newline="")))


def write_rows(data: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (data / "values.csv").write_text(buf.getvalue(), encoding="utf-8")


def set_cell(data: Path, line: int, column: str, value: str) -> None:
    """Set one cell of values.csv (line 1 is the header, so data rows start at line 2)."""
    rows = read_rows(data)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(data, rows)


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """1-based line of the first line containing `text` (after the line containing `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
    return next(i for i, ln in enumerate(lines) if i >= start and text in ln) + 1


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def pytest_configure(config):
    config.addinivalue_line("markers", "real_data: checks the project's own data/ folder")
