"""Write environment.yml from requirements.lock so conda users get the same pins."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import PROJECT_ROOT

HEADER = (
    "# Conda environment with the same pins as requirements.lock (a test checks they agree).\n"
    "name: hpreport\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n"
)


def lock_pins(lock: Path) -> list[str]:
    """The `name==version` lines of a pip lock file, comments dropped."""
    return [ln.strip() for ln in lock.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]


def environment_yml(pins: list[str]) -> str:
    return HEADER + "".join(f"      - {p}\n" for p in pins) + "      - -e .\n"


def main() -> None:
    sys.stdout.write(environment_yml(lock_pins(PROJECT_ROOT / "requirements.lock")))


if __name__ == "__main__":
    main()
