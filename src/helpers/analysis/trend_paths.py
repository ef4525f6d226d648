"""A projection drawn as a path: the scorecard's model evaluated for each year to a horizon."""

from __future__ import annotations

import pandas as pd

from helpers.analysis.projections import ProjectionReport, project_series

MODEL_VI = {
    "ols_log": "xu hướng tăng trưởng đều (OLS trên log)",
    "wls_log": "xu hướng có trọng số thời gian (WLS trên log)",
    "ols_linear": "xu hướng tuyến tính (OLS)",
    "wls_linear": "xu hướng tuyến tính có trọng số thời gian (WLS)",
    "holt_damped": "Holt tắt dần",
}


def projection_path(series: pd.DataFrame, years, *, target: float | None = None,
                    direction: str = "higher") -> tuple[pd.DataFrame, ProjectionReport]:
    """Rows year, mean, lo80, hi80, lo95, hi95 of the chosen model for each of ``years`` (all
    after the last observation), and the report for the last year (with ``target``)."""
    rows, report = [], None
    cols = [c for c in ("year", "value", "geo", "qualifier") if c in series]
    for year in sorted(int(y) for y in years):
        report = project_series(series[cols], year, target=target, direction=direction)
        p = report.best
        rows.append({"year": year, "mean": p.mean, "lo80": p.lower80, "hi80": p.upper80,
                     "lo95": p.lower95, "hi95": p.upper95, "model": p.model, "n": p.n,
                     "fit_first_year": p.fit_first_year, "fit_last_year": p.fit_last_year})
    return pd.DataFrame(rows), report
