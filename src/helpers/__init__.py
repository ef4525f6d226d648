"""Helpers for the Hai Phong indicator report: data loading, analysis, charts, rendering, build."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
