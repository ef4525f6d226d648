"""The dataset as the notebooks load it: data/ of the project, or $HPREPORT_DATA_DIR when set.

The build sets HPREPORT_DATA_DIR to its data folder (`hpreport build --data-dir`); a notebook
opened in JupyterLab reads the project's data/. See `helpers.loader.default_data_dir`.
"""

from __future__ import annotations

from helpers.loader import Dataset, load_dataset


def report_dataset() -> Dataset:
    """Load and validate the report's dataset."""
    return load_dataset()
