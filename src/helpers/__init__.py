"""Helpers for the Hai Phong indicator report, in four layers that import one way only:
`data` (read and check) -> `analysis` (numbers and codes) -> `present` (words, tables, charts)
-> `publish` (build, render, downloads). The `layers` contract in pyproject.toml enforces it
(`lint-imports`, run by `make test`)."""

import time
from pathlib import Path

# When this package was imported: a result computed from its modules is stored by
# helpers.analysis.analysis_cache only if none of their files changed since.
IMPORTED_AT = time.time()

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
