"""Progress of an indicator towards its target, assessed the way SDG monitoring reports do it.

Method followed (version and source)
------------------------------------
* Open SDG's progress measure, by Statistics Canada, as implemented in open-sdg/sdg-build
  (https://github.com/open-sdg/sdg-build), file ``sdg/ProgressMeasure.py`` at commit
  139fede74ba534d2ed8b9eee4cd878b41f54cb67 (the ``SeriesProgress`` class; no release number
  is recorded with that file), and described in open-sdg/open-sdg
  (https://github.com/open-sdg/open-sdg) ``docs/progress-methodology.md``, "Progress
  Measurement Methodology for the Sustainable Development Goals" (read at commit
  26d2e38700e4fee329fea4823e908c4298064693). The method is inspired by Eurostat's
  "assessment of progress towards quantified targets" (SDG monitoring report). Functions
  followed: ``growth_calculation`` (CAGR = (v1/v0)**(1/(t1-t0)) - 1); ``methodology_2``
  (ratio = sign * direction * cagr_actual / |cagr_required|, sign = -1 for a negative base
  value, direction = -1 when lower is better); ``is_target_achieved`` (a latest value that
  meets the target is "target_achieved" whatever the trend, even with one point);
  ``get_progress_thresholds`` (0.95 / 0.6 / 0 with a target; without one, CAGR thresholds
  1.5 % / 0.5 % / 0 a year, multiplied near a natural limit by coeff = 1 - (base/limit)**4.44,
  or 1 - ((2*limit - base)/limit)**4.44 above the limit, 1 from 2*limit on);
  ``get_progress_status`` (lower bounds inclusive). A requested base year missing from the
  data is replaced by the next available year; fewer than two years gives no assessment.
  The no-target thresholds are Open SDG's (Eurostat's report uses its own);
  ``growth_thresholds=`` overrides them. Like sdg-build's code, the limit scales the
  thresholds whatever the direction (the methodology page says a limit counts only in the
  desired direction). With a target the limit is ignored, as in sdg-build.
* Category codes are sdg-build's ``get_progress_status`` values, which are also the default
  ``progress_status.status_types`` in Open SDG's site-configuration documentation: ``target_achieved``,
  ``substantial_progress`` (ratio >= 0.95), ``moderate_progress`` (0.6-0.95),
  ``limited_progress`` (0-0.6), ``deterioration`` (< 0), the same codes with and without a
  target. The methodology page labels the middle two "On track" and "Progress made but
  acceleration needed". sdg-build's ``not_available`` (the page's "Unable to assess") is
  ``insufficient_data`` here when a target exists and fewer than two points do, and
  ``not_assessed`` when no target exists and no growth rate is meaningful.
* Exact thresholds: computed ratios and growth rates carry rounding error, so a value within
  ``THRESHOLD_REL_TOL`` = 1e-9 of a threshold, relative to the threshold, counts as on it, and
  lower bounds are inclusive as in sdg-build: a ratio that is 0.95 in exact arithmetic is
  ``substantial_progress`` however the floating-point CAGR rounds. The tolerance is far above
  floating-point error (about 1e-13 for a ratio of two small CAGRs) and far below any
  difference the data can show. At the threshold 0 it is no tolerance at all: the sign of a
  ratio is the sign of the change, which floating point gets right.
* A latest value of exactly 0 is classified as sdg-build does: its CAGR is -1 (a fall to
  zero), e.g. deterioration when higher is better, substantial progress or target achieved
  when lower is better.
* Extrapolation: the trend is carried to the target year by ``helpers.analysis.projections.central_trend``,
  the same fit (OLS below five points, time-weighted WLS from five, on logs when the method
  is a CAGR and every value is positive, else on levels) whose prediction interval gives the
  scorecard's probability. So ``extrapolation_meets_target`` is True exactly when that
  probability is at least one half, and ``methods_disagree`` flags results where the ratio
  category (target achieved or substantial progress versus the rest) and the trend differ.

Where this module departs from sdg-build, and why
--------------------------------------------------
* A zero base or target (sdg-build substitutes 0.001, which makes the result depend on the
  unit) and values of mixed sign (sdg-build gives no assessment for a sign change and an
  undefined CAGR for a target of the other sign) use the same ratio on levels: actual annual
  change / required annual change (method ``"linear"``). Indicators that are themselves
  growth rates (``value_is_rate=True``, e.g. GRDP growth in %) always do: never the CAGR of a
  rate.
* Strict targets: a target "> X" is not met by exactly X (sdg-build compares with >=).
* Bounds: a value stored as ">X" is a lower bound, never an exact value. A bound that
  already meets the target means achieved; otherwise the category is computed for the
  bound and reported as a range (``bound``, ``category_range``).
* A base already on the target (required growth 0, a division by zero in sdg-build) gives a
  ratio of +-inf by the sign of the change.
* Series breaks (the Hai Phong merger of 1 July 2025): ``helpers.analysis.projections.select_boundary``
  refuses rows of several geos unless ``geo=`` names the series to assess; ``break_years``
  cuts a single-geo series. Both are reported in the evidence.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from helpers.data.contract import GEOS
# SeriesBreakError is re-exported: one error type for progress and projections.
from helpers.analysis.projections import SeriesBreakError, central_trend, select_boundary  # noqa: F401

# Ratio thresholds (Eurostat / Open SDG method 2) and CAGR thresholds without a target
# (Open SDG method 1 defaults), as (high, medium, low).
RATIO_THRESHOLDS = (0.95, 0.6, 0.0)
GROWTH_THRESHOLDS = (0.015, 0.005, 0.0)
# A computed value within this relative distance of a threshold is on it (module docstring).
THRESHOLD_REL_TOL = 1e-9
LIMIT_EXPONENT = 4.44  # sdg-build's "a" for scaling growth thresholds near a natural limit
DEFAULT_HORIZON = 2030  # extrapolation year when there is no target
OBSERVED_KINDS = ("actual", "estimate")

CATEGORY_LABELS_VI = {
    "target_achieved": "Đã đạt mục tiêu",
    "substantial_progress": "Tiến bộ đáng kể",
    "moderate_progress": "Tiến bộ vừa phải",
    "limited_progress": "Tiến bộ hạn chế",
    "deterioration": "Đi lùi",
    "insufficient_data": "Chưa đủ dữ liệu",
    "not_assessed": "Không đánh giá được",  # no target and no meaningful growth rate
}
# Worst to best; the scale used for ranges and monotonicity.
TARGET_SCALE = ("deterioration", "limited_progress", "moderate_progress", "substantial_progress", "target_achieved")
GROWTH_SCALE = ("deterioration", "limited_progress", "moderate_progress", "substantial_progress")

BOUND_LABELS_VI = {"at_least": "Ít nhất", "at_most": "Nhiều nhất", "indeterminate": "Không xác định"}
KIND_LABELS_VI = {"actual": "thực tế", "estimate": "ước tính"}


@dataclass(frozen=True)
class Target:
    """A quantified target: ``value`` with its type ``qualifier`` to be met in ``year``.

    Qualifiers: ">" strictly above, ">=" at least, "=" reach (at least for higher-is-better,
    at most for lower-is-better), "<=" at most (a "top 5" rank target is ``Target(5, "<=", y)``),
    "<" strictly below.
    """

    value: float
    qualifier: str
    year: int

    def __post_init__(self):
        if self.qualifier not in (">", ">=", "=", "<=", "<"):
            raise ValueError(f"target qualifier {self.qualifier!r} is not one of > >= = <= <")


def parse_target(text: str, year: int) -> Target:
    """``parse_target(">=80", 2026)`` -> ``Target(80.0, ">=", 2026)``."""
    text = text.strip()
    for q in (">=", "<=", ">", "<", "="):
        if text.startswith(q):
            return Target(float(text[len(q):]), q, int(year))
    return Target(float(text), "=", int(year))


@dataclass(frozen=True)
class Evidence:
    """What a result rests on; ``text_vi`` is the one-line note shown to readers."""

    n_points: int
    first_year: int | None
    last_year: int | None
    kinds: tuple[str, ...]
    qualifiers: tuple[str, ...]
    has_estimates: bool
    has_bounds: bool
    geo: str | None
    series_break: bool
    break_years: tuple[int, ...]
    excluded_points: int
    excluded_geos: tuple[str, ...]
    notes: tuple[str, ...]
    text_vi: str


@dataclass(frozen=True)
class ProgressResult:
    """One indicator's assessment. Floats are unrounded; formatting is the caller's job."""

    indicator: str
    target_value: float | None
    target_qualifier: str | None
    target_year: int | None
    direction: str
    method: str  # "cagr", "linear", "growth" (no target), or "none"
    base_year: int | None
    base_value: float | None
    base_qualifier: str | None
    latest_year: int | None
    latest_value: float | None
    latest_qualifier: str | None
    cagr_actual: float | None
    cagr_required: float | None
    annual_change_actual: float | None
    annual_change_required: float | None
    ratio: float | None
    category: str
    category_vi: str
    bound: str | None  # "at_least", "at_most", "indeterminate" when a bound is involved
    category_range: tuple[str, str] | None  # (worst, best) possible category
    extrapolation_year: int | None
    extrapolated_value: float | None
    extrapolation_meets_target: bool | None
    methods_disagree: bool | None
    evidence: Evidence = field(repr=False)
    extrapolation_model: str | None = None  # helpers.analysis.projections model name, e.g. "ols_log"

    def to_dict(self) -> dict:
        d = asdict(self)
        ev = d.pop("evidence")
        d["evidence_vi"] = ev["text_vi"]
        d["n_points"] = ev["n_points"]
        d["series_break"] = ev["series_break"]
        return d


# ---------------------------------------------------------------- building blocks

def cagr(value_start: float, value_end: float, years: float) -> float:
    """Compound annual growth rate, sdg-build ``growth_calculation``: (v1/v0)**(1/years) - 1."""
    if years <= 0:
        raise ValueError(f"growth needs a positive number of years, got {years}")
    if value_start == 0:
        raise ValueError("CAGR is undefined for a zero start value")
    ratio = float(value_end) / float(value_start)
    if ratio < 0:
        raise ValueError("CAGR is undefined when the values change sign")
    if ratio == 0:
        return -1.0
    # expm1/log: the same number as ratio ** (1/years) - 1, without losing tiny changes.
    return math.expm1(math.log(ratio) / float(years))


def required_cagr(base_value: float, target_value: float, years: float) -> float:
    """CAGR needed to go from ``base_value`` to ``target_value`` in ``years`` years."""
    return cagr(base_value, target_value, years)


def at_least(value: float, threshold: float) -> bool:
    """``value >= threshold``, counting a value within the tolerance of the threshold as on it."""
    return value >= threshold or math.isclose(value, threshold, rel_tol=THRESHOLD_REL_TOL)


def category_from_ratio(ratio: float, thresholds: tuple[float, float, float] = RATIO_THRESHOLDS) -> str:
    """Ratio actual/required growth -> substantial_progress (>= 95 %), moderate_progress
    (60-95 %), limited_progress (0-60 %), deterioration (< 0). Lower bounds are inclusive, as
    in sdg-build, and compared with ``at_least``."""
    if math.isnan(ratio):
        raise ValueError("ratio is NaN")
    return _category(ratio, thresholds)


def _category(value: float, thresholds) -> str:
    """The first of substantial, moderate, limited progress whose (descending) threshold `value`
    reaches (``at_least``), else deterioration."""
    for threshold, category in zip(thresholds, ("substantial_progress", "moderate_progress", "limited_progress")):
        if at_least(value, threshold):
            return category
    return "deterioration"


def limit_coefficient(base_value: float, limit: float) -> float:
    """sdg-build's reduction of growth thresholds near a natural limit (e.g. 100 %)."""
    base, lim = abs(base_value), abs(limit)
    if base >= 2 * lim:
        return 1.0
    if base <= lim:
        return 1.0 - (base / lim) ** LIMIT_EXPONENT
    return 1.0 - ((2 * lim - base) / lim) ** LIMIT_EXPONENT


def category_from_growth(
    growth: float,
    thresholds: tuple[float, float, float] = GROWTH_THRESHOLDS,
    coefficient: float = 1.0,
) -> str:
    """Direction-adjusted CAGR without a target -> substantial / moderate / limited progress or
    deterioration. Thresholds are multiplied by ``coefficient`` (see ``limit_coefficient``);
    with a coefficient of 0 (base at the limit) any non-negative growth is substantial."""
    return _category(growth, [t * coefficient for t in thresholds])


def infer_direction(target: Target | None, direction: str | None) -> str:
    """Direction from the argument, else from the target type (">", ">=" higher; "<", "<=" lower)."""
    implied = None
    if target is not None and target.qualifier in (">", ">="):
        implied = "higher"
    elif target is not None and target.qualifier in ("<", "<="):
        implied = "lower"
    if direction is None:
        return implied or "higher"
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction must be 'higher' or 'lower', got {direction!r}")
    if implied is not None and implied != direction:
        raise ValueError(f"target {target.qualifier}{target.value} contradicts direction {direction!r}")
    return direction


def _interval(value: float, qualifier: str) -> tuple[float, bool, float, bool]:
    """Possible true values of a stored figure: (lo, lo_open, hi, hi_open)."""
    inf = math.inf
    return {
        "=": (value, False, value, False),
        "~": (value, False, value, False),
        ">": (value, True, inf, True),
        ">=": (value, False, inf, True),
        "<": (-inf, True, value, True),
        "<=": (-inf, True, value, False),
    }[qualifier]


def achievement(value: float, qualifier: str, target: Target, direction: str) -> str:
    """Whether a stored figure meets the target: "yes", "no" or "maybe" (bounds only).

    A "~" estimate is judged on its value (the evidence says it is an estimate)."""
    lo, lo_open, hi, hi_open = _interval(value, qualifier)
    t, q = target.value, target.qualifier
    if q == "=":
        q = ">=" if direction == "higher" else "<="
    if q in (">", ">="):
        inside = lo > t or (lo == t and (q == ">=" or lo_open))
        outside = hi < t or (hi == t and (q == ">" or hi_open))
    else:
        inside = hi < t or (hi == t and (q == "<=" or hi_open))
        outside = lo > t or (lo == t and (q == "<" or lo_open))
    return "yes" if inside else "no" if outside else "maybe"


def meets_target(value: float, target: Target, direction: str) -> bool:
    """Exact value against the target (strict for ">" and "<")."""
    return achievement(value, "=", target, direction) == "yes"


# ---------------------------------------------------------------- series selection

def _select_series(obs: pd.DataFrame, geo: str | None, break_years) -> tuple[pd.DataFrame, dict]:
    """Observed rows (kinds ``OBSERVED_KINDS``) of one boundary, via the shared guard."""
    df = obs if "kind" in obs else obs.assign(kind="actual")
    return select_boundary(df[df["kind"].isin(OBSERVED_KINDS)], geo=geo, break_years=break_years)


def _evidence(used: pd.DataFrame, info: dict, notes: list[str]) -> Evidence:
    n = len(used)
    kinds = tuple(k for k in OBSERVED_KINDS if k in set(used["kind"]))
    quals = tuple(sorted(set(used["qualifier"])))
    has_est = "estimate" in kinds or "~" in quals
    bounds = tuple(q for q in quals if q in (">", ">=", "<", "<="))
    first = int(used["year"].iloc[0]) if n else None
    last = int(used["year"].iloc[-1]) if n else None
    parts = [f"{n} điểm dữ liệu" + (f" ({first}–{last})" if n > 1 else f" (năm {first})" if n else "")]
    if kinds:
        parts.append("loại: " + ", ".join(KIND_LABELS_VI[k] for k in kinds))
    if has_est:
        parts.append("có số ước tính")
    if bounds:
        parts.append("có giá trị chặn (" + ", ".join(bounds) + "), không coi là số chính xác")
    if info["excluded_geos"]:
        names = ", ".join(GEOS.get(g, g) for g in info["excluded_geos"])
        parts.append(f"đứt gãy chuỗi: không gộp {info['excluded_points']} điểm của {names}")
    elif info["series_break"]:
        parts.append(f"đứt gãy chuỗi năm {max(info['break_years'])}: bỏ {info['excluded_points']} điểm trước đó")
    text = "; ".join(parts) + "."
    return Evidence(
        n_points=n, first_year=first, last_year=last, kinds=kinds, qualifiers=quals,
        has_estimates=has_est, has_bounds=bool(bounds), geo=info["geo"],
        series_break=info["series_break"], break_years=info["break_years"],
        excluded_points=info["excluded_points"], excluded_geos=info["excluded_geos"],
        notes=tuple(notes), text_vi=text,
    )


# ---------------------------------------------------------------- assessment

def _bound_effect(qualifier: str, role: str, direction: str) -> int:
    """+1 if the true value can only make progress look better than computed, -1 worse, 0 exact."""
    if qualifier in (">", ">="):
        up = 1
    elif qualifier in ("<", "<="):
        up = -1
    else:
        return 0
    d = 1 if direction == "higher" else -1
    return up * d * (1 if role == "latest" else -1)


def assess_progress(
    obs: pd.DataFrame,
    target: Target | None,
    *,
    indicator: str = "",
    direction: str | None = None,
    limit: float | None = None,
    base_year: int | None = None,
    value_is_rate: bool = False,
    geo: str | None = None,
    break_years=(),
    horizon_year: int = DEFAULT_HORIZON,
    ratio_thresholds: tuple[float, float, float] = RATIO_THRESHOLDS,
    growth_thresholds: tuple[float, float, float] = GROWTH_THRESHOLDS,
) -> ProgressResult:
    """Assess one indicator series against ``target`` (or without one when ``target`` is None).

    ``obs``: columns year, value and optionally qualifier, kind, geo; rows of kind plan/target
    are ignored. ``limit``: natural limit (e.g. 100 for a percentage) used to scale the
    no-target thresholds. ``value_is_rate``: the indicator is itself a growth rate, so levels
    are compared (linear method), never its CAGR. ``geo`` picks one boundary when several are
    present; ``break_years`` keeps only the points from the last break on.
    """
    direction = infer_direction(target, direction)
    used, info = _select_series(obs, geo, break_years)
    notes: list[str] = []
    if base_year is not None and len(used):
        later = used["year"] >= base_year
        if not later.any():
            notes.append(f"base year {base_year} is after the latest observation")
        elif int(used["year"][later].iloc[0]) != base_year:
            notes.append(f"base year {base_year} not in data; next available year used (sdg-build rule)")
        used = used[later].reset_index(drop=True)

    n = len(used)
    years = used["year"].to_numpy(dtype=float)
    values = used["value"].to_numpy(dtype=float)
    quals = [str(q) for q in used["qualifier"]]
    top = "target_achieved" if target is not None else "substantial_progress"
    out = dict(
        indicator=indicator,
        target_value=None if target is None else float(target.value),
        target_qualifier=None if target is None else target.qualifier,
        target_year=None if target is None else int(target.year),
        direction=direction, method="none",
        base_year=int(years[0]) if n else None, base_value=float(values[0]) if n else None,
        base_qualifier=quals[0] if n else None,
        latest_year=int(years[-1]) if n else None, latest_value=float(values[-1]) if n else None,
        latest_qualifier=quals[-1] if n else None,
        cagr_actual=None, cagr_required=None, annual_change_actual=None, annual_change_required=None,
        ratio=None, bound=None, category_range=None,
        extrapolation_year=None, extrapolated_value=None,
        extrapolation_meets_target=None, methods_disagree=None, extrapolation_model=None,
    )

    def finish(category: str) -> ProgressResult:
        label = CATEGORY_LABELS_VI[category]
        if out["bound"] is not None:
            label = f"{BOUND_LABELS_VI[out['bound']]}: {label}"
        return ProgressResult(**out, category=category, category_vi=label,
                              evidence=_evidence(used, info, notes))

    reached = None
    if target is not None and n:
        reached = achievement(values[-1], quals[-1], target, direction)
        if reached == "yes":
            if n >= 2:
                log_scale = not value_is_rate and bool(np.all(values > 0))
                _extrapolate(out, years, values, target, direction, horizon_year, log_scale, "target_achieved")
            return finish("target_achieved")
    if n < 2:
        if reached == "maybe":
            notes.append("the only point is a bound that may already meet the target")
        return finish("insufficient_data")

    base, latest = float(values[0]), float(values[-1])
    span = float(years[-1] - years[0])
    d = 1.0 if direction == "higher" else -1.0
    # A latest value of 0 keeps the CAGR defined (-1), as in sdg-build; a zero base does not.
    same_sign = base != 0 and (latest == 0 or (base > 0) == (latest > 0))
    if target is not None:
        same_sign = same_sign and target.value != 0 and (target.value > 0) == (base > 0)
        if target.year <= years[0]:
            raise ValueError(f"target year {target.year} is not after the base year {int(years[0])}")

    if target is None:
        if value_is_rate or not same_sign:
            notes.append("no target and no meaningful growth rate (rate indicator, zero or sign change)")
            return finish("not_assessed")
        out["method"] = "growth"
        out["cagr_actual"] = cagr(base, latest, span)
        sign = -1.0 if base < 0 else 1.0
        growth = sign * d * out["cagr_actual"]
        coeff = 1.0 if limit is None else limit_coefficient(base, limit)
        if limit is not None:
            notes.append(f"growth thresholds scaled by {coeff!r} near the limit {limit!r}")
        category = category_from_growth(growth, growth_thresholds, coeff)
        scale = GROWTH_SCALE
    else:
        t_span = target.year - years[0]
        if same_sign and not value_is_rate:
            out["method"] = "cagr"
            out["cagr_actual"] = cagr(base, latest, span)
            out["cagr_required"] = required_cagr(base, float(target.value), t_span)
            sign = -1.0 if base < 0 else 1.0
            progress, required = sign * d * out["cagr_actual"], out["cagr_required"]
        else:
            out["method"] = "linear"
            if not value_is_rate:
                notes.append("zero or sign change: annual changes compared instead of growth rates")
            out["annual_change_actual"] = (latest - base) / span
            out["annual_change_required"] = (float(target.value) - base) / float(t_span)
            progress, required = d * out["annual_change_actual"], out["annual_change_required"]
        if required != 0:
            ratio = progress / abs(required)
        else:  # base already on the target line: any move is measured by its sign alone
            ratio = math.copysign(math.inf, progress) if progress != 0 else 0.0
        out["ratio"] = ratio
        category = category_from_ratio(ratio, ratio_thresholds)
        scale = TARGET_SCALE

    effects = {e for e in (_bound_effect(quals[0], "base", direction),
                           _bound_effect(quals[-1], "latest", direction)) if e}
    if effects:
        if effects == {1}:
            out["bound"], out["category_range"] = "at_least", (category, top)
        elif effects == {-1}:
            out["bound"], out["category_range"] = "at_most", (scale[0], category)
        else:
            out["bound"], out["category_range"] = "indeterminate", (scale[0], top)

    log_scale = out["method"] in ("cagr", "growth") and bool(np.all(values > 0))
    _extrapolate(out, years, values, target, direction, horizon_year, log_scale, category)
    return finish(category)


def _extrapolate(out: dict, years, values, target, direction, horizon_year, log_scale, category) -> None:
    """Carry the trend to the target year with the projections' central fit and compare."""
    horizon = target.year if target is not None else horizon_year
    if horizon <= years[-1]:
        return
    model, proj = central_trend(years, values, int(horizon), log_scale=log_scale)
    out["extrapolation_year"] = int(horizon)
    out["extrapolated_value"] = proj
    out["extrapolation_model"] = model
    if target is not None:
        out["extrapolation_meets_target"] = meets_target(proj, target, direction)
        on_course = category in ("substantial_progress", "target_achieved")
        out["methods_disagree"] = on_course != out["extrapolation_meets_target"]


def results_frame(results) -> pd.DataFrame:
    """Results as a table, one row per indicator (for the scorecard)."""
    return pd.DataFrame([r.to_dict() for r in results])
