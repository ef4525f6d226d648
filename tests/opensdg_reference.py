"""A reference implementation of Open SDG's progress measure, written from the method's text.

Sources (read, not copied): open-sdg/open-sdg ``docs/progress-methodology.md`` ("Progress
Measurement Methodology for the Sustainable Development Goals": the CAGR formula, the ratio
R = d * CAGR_i / |CAGR_T|, the thresholds 95 % / 60 % / 0 with a target and 1.5 % / 0.5 % / 0
without one, "Target achieved", the scaling factor C near a natural limit, zero base or target
replaced by 0.001, at least two years, all values of one sign, the first available year after
the base year) and the status codes of open-sdg/sdg-build ``sdg/ProgressMeasure.py``
(``target_achieved``, ``substantial_progress``, ``moderate_progress``, ``limited_progress``,
``deterioration``, ``not_available``), with that file's reading of C
(1 - (y0/ylim)**4.44 up to the limit, 1 - ((2 ylim - y0)/ylim)**4.44 above it, 1 from 2 ylim).

Independent of ``helpers.analysis.progress`` on purpose: plain floats and the text's formulas only.
The one interpretation added: a computed value within 1e-9 of a threshold, relative to the
threshold, counts as on it ("R >= 95 %" for a ratio that is 0.95 in exact arithmetic).
"""

from __future__ import annotations

WITH_TARGET = (0.95, 0.6, 0.0)
WITHOUT_TARGET = (0.015, 0.005, 0.0)
ZERO_REPLACEMENT = 0.001
EXPONENT = 4.44
REL_TOL = 1e-9


def _reaches(value: float, threshold: float) -> bool:
    return value >= threshold or abs(value - threshold) <= REL_TOL * abs(threshold)


def _status(value: float, thresholds: tuple[float, float, float]) -> str:
    high, med, low = thresholds
    if _reaches(value, high):
        return "substantial_progress"
    if _reaches(value, med):
        return "moderate_progress"
    if _reaches(value, low):
        return "limited_progress"
    return "deterioration"


def _growth(y0: float, y1: float, t0: float, t1: float) -> float:
    """CAGR_i = (y_i / y_0) ** (1 / (t_i - t_0)) - 1."""
    return (y1 / y0) ** (1.0 / (t1 - t0)) - 1.0


def scaling_factor(base: float, limit: float) -> float:
    y0, lim = abs(base), abs(limit)
    if y0 >= 2 * lim:
        return 1.0
    if y0 <= lim:
        return 1.0 - (y0 / lim) ** EXPONENT
    return 1.0 - ((2 * lim - y0) / lim) ** EXPONENT


def reference_status(points, *, target=None, target_year=None, positive=True, limit=None, base_year=None) -> str:
    """Open SDG status of one series. ``points``: (year, value) pairs; ``positive``: the desired
    direction of progress is up (d = +1) or down (d = -1)."""
    data = sorted((float(y), float(v)) for y, v in points)
    if not data:
        return "not_available"
    t_i, y_i = data[-1]
    d = 1.0 if positive else -1.0
    if target is not None:
        target = ZERO_REPLACEMENT if target == 0 else float(target)
        if (positive and y_i >= target) or (not positive and y_i <= target):
            return "target_achieved"
    later = [p for p in data if base_year is None or p[0] >= base_year]
    if not later:
        return "not_available"
    t_0, y_0 = later[0]
    if t_i - t_0 < 1:
        return "not_available"  # fewer than two years
    if y_0 == 0:
        y_0 = ZERO_REPLACEMENT
    if (y_0 > 0 and y_i < 0) or (y_0 < 0 and y_i > 0):
        return "not_available"  # values must all be of one sign
    sign = -1.0 if y_0 < 0 else 1.0  # all negative: the direction is flipped
    cagr_i = _growth(y_0, y_i, t_0, t_i)
    if target is None:
        c = 1.0 if limit is None else scaling_factor(y_0, limit)
        return _status(sign * d * cagr_i, tuple(t * c for t in WITHOUT_TARGET))
    cagr_t = _growth(y_0, target, t_0, float(target_year))
    return _status(sign * d * cagr_i / abs(cagr_t), WITH_TARGET)
