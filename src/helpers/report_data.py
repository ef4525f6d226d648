"""The dataset as the notebooks load it: `data/` of the project, or HPREPORT_DATA_DIR when set.

The build (helpers.build.execute.kernel_env) sets HPREPORT_DATA_DIR to the data folder of the
build; a notebook opened in JupyterLab uses the project's `data/`.
"""

from __future__ import annotations

import os
from pathlib import Path

from helpers import DATA_DIR
from helpers.loader import Dataset, load_dataset

ENV_VAR = "HPREPORT_DATA_DIR"


def data_dir() -> Path:
    """HPREPORT_DATA_DIR if set and non-empty, else the project's data/ folder."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value) if value else DATA_DIR


def report_dataset() -> Dataset:
    """Load and validate the report's dataset (see `data_dir`)."""
    return load_dataset(data_dir())
