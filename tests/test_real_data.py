"""The project's own data/ passes every check (fails, with the full problem list, until it is clean)."""

from __future__ import annotations

import pytest

from helpers import DATA_DIR
from helpers.errors import DataValidationError
from helpers.loader import load_dataset


@pytest.mark.real_data
def test_real_data_is_valid():
    try:
        ds = load_dataset(DATA_DIR)
    except DataValidationError as exc:
        problems = exc
    else:
        problems = None
    if problems is not None:
        pytest.fail(f"{len(problems.problems)} problems in {DATA_DIR}:\n{problems}", pytrace=False)
    assert len(ds.values) > 0 and ds.values["preferred"].any()
