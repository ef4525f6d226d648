"""Validation of data/: read the three files and run every check, collecting all problems."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from helpers.data.contract import ALL_COLUMNS, INDICATORS_FILE, SOURCES_FILE, TARGETS_FILE, VALUES_FILE
from helpers.data.errors import Problem
from helpers.data.validation import checks
from helpers.data.validation.readers import display_path, read_values_csv, read_yaml_mapping
from helpers.data.validation.schema import check_types
from helpers.data.validation.targets import check_targets


@dataclass
class Checked:
    """What the checks read: typed rows of values.csv and the two YAML mappings."""

    rows: list[dict]
    indicators: dict
    sources: dict
    problems: list[Problem]
    targets: dict | None = None


def _typed(row: dict, line: int) -> dict:
    out = dict(row)
    out.update(line=line, year=int(row["year"]), value=Decimal(row["value"]), preferred=row["preferred"] == "true")
    return out


def validate(data_dir: Path) -> Checked:
    """Run checks 1-12 of data/README.md on `data_dir`; `problems` is empty when the data is clean."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    sources = read_yaml_mapping(data_dir / SOURCES_FILE, problems, "one entry per source: id -> title, publisher, url, ...")
    indicators = read_yaml_mapping(data_dir / INDICATORS_FILE, problems, "one entry per indicator: id -> title_vi, unit, ...")
    table = read_values_csv(data_dir / VALUES_FILE, problems)
    if sources is not None:
        problems += checks.check_sources(display_path(data_dir / SOURCES_FILE), sources)
    if indicators is not None:
        problems += checks.check_indicators(display_path(data_dir / INDICATORS_FILE), indicators)
    targets = read_yaml_mapping(data_dir / TARGETS_FILE, problems, "bodies, superseded and components of targets")
    rows: list[dict] = []
    if table is not None:
        file = display_path(data_dir / VALUES_FILE)
        raw = pd.DataFrame(table.rows, columns=list(ALL_COLUMNS), dtype=str)
        type_problems, bad = check_types(raw, table.lines, file)
        problems += type_problems
        rows = [_typed(r, ln) for i, (r, ln) in enumerate(zip(table.rows, table.lines)) if i not in bad]
        problems += checks.check_known_bad(file, rows)
        problems += checks.check_keys(file, rows)
        problems += checks.check_aims(file, rows)
        problems += checks.check_producers(file, rows)
        if indicators is not None and sources is not None:
            problems += checks.check_references(file, rows, indicators, sources)
            problems += checks.check_limits(file, rows, indicators)
            problems += checks.check_time(file, rows, sources)
            problems += checks.check_quotes(file, rows, indicators, sources)
            if targets is not None:
                problems += check_targets(display_path(data_dir / TARGETS_FILE), targets, file, rows, indicators)
        elif indicators is None or sources is None:
            problems.append(Problem(file, 1, None, "references, limits and quotes were not checked",
                                    "fix the YAML problems above first, then run the check again"))
    return Checked(rows, indicators or {}, sources or {}, problems, targets or {})
