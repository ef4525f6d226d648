"""Trend projections to a target year with prediction intervals and the probability of meeting it.

Models
------
* ``ols_log``: OLS of log(value) on year (constant growth). Slope = log growth a year.
* ``wls_log``: the same with time weights w = DECAY ** (last_year - year), DECAY = 0.8. The
  UN regional commissions' Anticipated Progress Index (UNESCAP, applied by UNECE) projects
  2030 values with a time-weighted regression that gives recent years more weight; ESCAP
  Working Paper SD/WP/04 (March 2017) argues for such weights. The geometric form and 0.8
  are this project's choice: a half-life of ln 0.5 / ln 0.8 = 3.1 years, so the last three
  years carry about half the weight while the oldest of a ten-year series still counts
  (0.8**9 = 0.13).
* ``holt_damped``: additive damped-trend exponential smoothing (statsmodels ``ETSModel``,
  error="add", trend="add", damped_trend=True) on the log scale, only with at least five
  consecutive annual points. Intervals are statsmodels' exact (analytic) ones: no simulation,
  so the output is deterministic.
* Values <= 0 cannot be logged: the same models are fitted on the original scale
  (``ols_linear`` / ``wls_linear``, Holt on levels) and a warning says so.

Intervals and probabilities
---------------------------
OLS/WLS: ``get_prediction(...).summary_frame(alpha)`` on the fitted scale (obs_ci_* columns,
i.e. prediction intervals for a new observation), exponentiated for log models. For WLS the
new observation gets weight 1, the variance of the most recent year. The probability that
the target is met assumes the (log) value in the target year follows a Student t
distribution with n - 2 degrees of freedom, centred on the prediction, scaled by the
prediction standard error ``se_obs``. Holt: a normal distribution with the forecast variance
of the ETS prediction. These are model-based probabilities: they ignore model choice and
assume the trend continues.

Which model the scorecard uses (``choose_model``)
-------------------------------------------------
n < 3: none (refused). 3 <= n < 5: ``ols_log`` - two parameters are all that three or four
points can support, and time weights would leave barely two effective points. n >= 5:
``wls_log`` - the UN regional commissions' time-weighted trend. Holt is reported next to it
as a sensitivity check only: its five parameters are poorly identified on five to ten annual
points and its intervals come out too narrow.

Series break: ``prepare_series`` refuses to combine Hai Phong before (``hai_phong``) and after
(``hai_phong_merged``) the 1 July 2025 merger unless a ``LevelAdjustment`` (ratio factor with
its source) is given; adjusted points are flagged.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from helpers.progress import SeriesBreakError  # one error type for both modules

DECAY = 0.8
MIN_POINTS = 3
MIN_POINTS_HOLT = 5
ALPHAS = {80: 0.20, 95: 0.05}
BOUND_QUALIFIERS = (">", ">=", "<", "<=")


class InsufficientDataError(ValueError):
    """Fewer than three points: no projection is made."""


@dataclass(frozen=True)
class LevelAdjustment:
    """Scale ``from_geo`` values by ``factor`` to put them on the ``to_geo`` boundary.

    ``source`` says where the factor comes from (e.g. a published figure for both
    boundaries in the same year); it is required."""

    factor: float
    source: str
    from_geo: str = "hai_phong"
    to_geo: str = "hai_phong_merged"

    def __post_init__(self):
        if not (self.factor > 0 and math.isfinite(self.factor)):
            raise ValueError(f"level adjustment factor must be a positive number, got {self.factor!r}")
        if not str(self.source).strip():
            raise ValueError("a level adjustment needs its source")


@dataclass(frozen=True)
class Projection:
    """One model's projection to ``target_year``. Floats are unrounded."""

    model: str
    scale: str  # "log" or "linear"
    fit_first_year: int
    fit_last_year: int
    n: int
    target_year: int
    mean: float  # point projection (for log models: exp of the predicted log, a median)
    lower80: float
    upper80: float
    lower95: float
    upper95: float
    slope: float | None  # per year on the fitted scale (log growth for log models)
    annual_growth: float | None  # exp(slope) - 1 for log OLS/WLS
    prob_meets_target: float | None
    weights: tuple[float, ...] | None
    adjusted_years: tuple[int, ...]
    warnings: tuple[str, ...]  # Vietnamese, for readers


@dataclass(frozen=True)
class ProjectionReport:
    """All models fitted to one series and the one the scorecard uses."""

    projections: dict
    chosen: str
    reason_vi: str
    warnings: tuple[str, ...]

    @property
    def best(self) -> Projection:
        return self.projections[self.chosen]


# ---------------------------------------------------------------- input preparation

def prepare_series(df: pd.DataFrame, adjustment: LevelAdjustment | None = None) -> pd.DataFrame:
    """Columns year, value, geo, qualifier, adjusted; one row per year, sorted.

    Raises SeriesBreakError when pre- and post-merger Hai Phong rows are mixed without an
    ``adjustment``. With one, ``from_geo`` values are multiplied by its factor and flagged;
    a year observed on both boundaries keeps the directly observed ``to_geo`` value."""
    out = df.copy()
    if "year" not in out or "value" not in out:
        raise ValueError("series needs columns 'year' and 'value'")
    if "geo" not in out:
        out["geo"] = None
    if "qualifier" not in out:
        out["qualifier"] = "="
    out["adjusted"] = False
    geos = sorted(str(g) for g in out["geo"].dropna().unique())
    if len(geos) > 1:
        pair = {"hai_phong", "hai_phong_merged"}
        if set(geos) == pair or (adjustment and set(geos) == {adjustment.from_geo, adjustment.to_geo}):
            if adjustment is None:
                raise SeriesBreakError(
                    "series mixes hai_phong (before the 1 July 2025 merger) and hai_phong_merged; "
                    "fit each separately or pass LevelAdjustment(factor, source)"
                )
            old = out["geo"] == adjustment.from_geo
            out.loc[old, "value"] = out.loc[old, "value"] * adjustment.factor
            out.loc[old, "adjusted"] = True
            both = set(out.loc[old, "year"]) & set(out.loc[~old, "year"])
            out = out[~(old & out["year"].isin(both))]
        else:
            raise SeriesBreakError(f"series mixes geos {geos}; project one geo at a time")
    out = out.sort_values("year").reset_index(drop=True)
    if out["year"].duplicated().any():
        raise ValueError("several values for one year; keep one per year")
    return out[["year", "value", "geo", "qualifier", "adjusted"]]


def time_weights(years, decay: float = DECAY) -> np.ndarray:
    """w = decay ** (last_year - year): 1 for the latest year, smaller for earlier ones."""
    y = np.asarray(years, dtype=float)
    return decay ** (y.max() - y)


def choose_model(n: int) -> tuple[str, str]:
    """(model family, Vietnamese reason) used by the scorecard; see the module docstring."""
    if n < MIN_POINTS:
        raise InsufficientDataError(f"{n} points: at least {MIN_POINTS} are needed for a projection")
    if n < MIN_POINTS_HOLT:
        return "ols", (f"{n} điểm dữ liệu: dùng xu hướng tăng trưởng đều (OLS trên log), "
                       "mô hình đơn giản nhất mà số điểm ít như vậy cho phép")
    return "wls", (f"{n} điểm dữ liệu: dùng xu hướng có trọng số thời gian (WLS trên log, "
                   f"trọng số {str(DECAY).replace('.', ',')} mũ số năm cách năm cuối), như Chỉ số tiến độ dự kiến của "
                   "các ủy ban khu vực Liên Hợp Quốc; Holt tắt dần chỉ để đối chiếu")


def _n_warnings(n: int) -> list[str]:
    if n == 3:
        return ["chỉ 3 điểm dữ liệu: dự báo rất bất định"]
    if n == 4:
        return ["chỉ 4 điểm dữ liệu: dự báo bất định"]
    return []


def _check(years: np.ndarray, values: np.ndarray, target_year: int) -> None:
    if len(years) != len(values):
        raise ValueError("years and values differ in length")
    if len(years) < MIN_POINTS:
        raise InsufficientDataError(f"{len(years)} points: at least {MIN_POINTS} are needed for a projection")
    if np.any(np.diff(years) <= 0):
        raise ValueError("years must be strictly increasing")
    if target_year <= years[-1]:
        raise ValueError(f"target year {target_year} is not after the last year {int(years[-1])}")


def prob_meets(mean: float, se: float, target: float, direction: str = "higher", df: float | None = None) -> float:
    """P(value in the target year meets ``target``) under a t(df) (normal if df is None)
    predictive distribution with location ``mean`` and scale ``se``, all on one scale."""
    if se == 0:
        met = mean >= target if direction == "higher" else mean <= target
        return 1.0 if met else 0.0
    z = (target - mean) / se
    dist = stats.norm if df is None else stats.t(df)
    return float(dist.sf(z) if direction == "higher" else dist.cdf(z))


# ---------------------------------------------------------------- models

def _prob_on_scale(mean: float, se: float, target: float | None, direction: str, log_scale: bool,
                   df: float | None) -> float | None:
    """P(target met) for a prediction (`mean`, `se`) on the fitted scale; None without a target.
    On the log scale a target <= 0 is met by every positive value."""
    if target is None:
        return None
    if log_scale and target <= 0:
        return 1.0 if direction == "higher" else 0.0
    return prob_meets(mean, se, math.log(target) if log_scale else float(target), direction, df=df)


def _fit_input(years, values, target_year: int, extra_warnings=()):
    """A checked series as arrays, its notes so far, whether it is fitted on the log scale (only
    when every value is positive) and the values on that scale."""
    y_years = np.asarray(years, dtype=float)
    vals = np.asarray(values, dtype=float)
    _check(y_years, vals, target_year)
    notes = list(extra_warnings)
    log_scale = bool(np.all(vals > 0))
    if not log_scale:
        notes.append("có giá trị ≤ 0, không lấy log được: dùng mô hình tuyến tính")
    return y_years, vals, notes, log_scale, (np.log(vals) if log_scale else vals)


def fit_trend(
    years,
    values,
    target_year: int,
    *,
    weighted: bool = False,
    decay: float = DECAY,
    target: float | None = None,
    direction: str = "higher",
    adjusted_years=(),
    extra_warnings=(),
) -> Projection:
    """OLS (or time-weighted WLS) trend on log(value), or on the value when any value <= 0."""
    y_years, vals, notes, log_scale, endog = _fit_input(years, values, target_year, extra_warnings)
    n = len(vals)
    notes[len(extra_warnings):len(extra_warnings)] = _n_warnings(n)
    # Centre years so the intercept is well conditioned; the slope is unaffected.
    x0 = y_years[-1]
    exog = sm.add_constant(y_years - x0)
    w = time_weights(y_years, decay) if weighted else None
    model = sm.WLS(endog, exog, weights=w) if weighted else sm.OLS(endog, exog)
    res = model.fit()
    new = np.array([[1.0, target_year - x0]])
    pred = res.get_prediction(new, weights=np.array([1.0])) if weighted else res.get_prediction(new)
    frames = {k: pred.summary_frame(alpha=a).iloc[0] for k, a in ALPHAS.items()}
    mean = float(frames[80]["mean"])
    se_obs = float(pred.se_obs[0])
    back = math.exp if log_scale else float
    bounds = {f"{side}{k}": back(float(frames[k][f"obs_ci_{side}"])) for k in ALPHAS for side in ("lower", "upper")}
    prob = _prob_on_scale(mean, se_obs, target, direction, log_scale, df=res.df_resid)
    slope = float(res.params[1])
    family = "wls" if weighted else "ols"
    return Projection(
        model=f"{family}_{'log' if log_scale else 'linear'}", scale="log" if log_scale else "linear",
        fit_first_year=int(y_years[0]), fit_last_year=int(y_years[-1]), n=n, target_year=int(target_year),
        mean=back(mean), lower80=bounds["lower80"], upper80=bounds["upper80"],
        lower95=bounds["lower95"], upper95=bounds["upper95"],
        slope=slope, annual_growth=math.expm1(slope) if log_scale else None,
        prob_meets_target=prob, weights=tuple(float(x) for x in w) if w is not None else None,
        adjusted_years=tuple(int(a) for a in adjusted_years), warnings=tuple(notes),
    )


def fit_damped_holt(
    years,
    values,
    target_year: int,
    *,
    target: float | None = None,
    direction: str = "higher",
    adjusted_years=(),
    extra_warnings=(),
) -> Projection:
    """Damped additive Holt (ETSModel AAdN) on log(value); needs >= 5 consecutive years."""
    y_years, vals, notes, log_scale, endog = _fit_input(years, values, target_year, extra_warnings)
    n = len(vals)
    if n < MIN_POINTS_HOLT:
        raise InsufficientDataError(f"damped Holt needs at least {MIN_POINTS_HOLT} points, got {n}")
    if np.any(np.diff(y_years) != 1):
        raise ValueError("damped Holt needs consecutive annual values (no gaps)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # A pandas Series: statsmodels' ETS prediction needs an index.
        res = ETSModel(pd.Series(endog), error="add", trend="add", damped_trend=True).fit(disp=False)
    if not res.mle_retvals.get("converged", True):
        notes.append("mô hình Holt không hội tụ: chỉ để tham khảo")
    h = int(target_year - y_years[-1])
    pred = res.get_prediction(start=n, end=n + h - 1)
    mean = float(np.asarray(pred.predicted_mean)[-1])
    var = float(np.asarray(pred.var_pred_mean)[-1])
    back = math.exp if log_scale else float
    bounds = {}
    for k, a in ALPHAS.items():
        frame = pred.summary_frame(alpha=a)
        bounds[f"lower{k}"] = back(float(frame["pi_lower"].iloc[-1]))
        bounds[f"upper{k}"] = back(float(frame["pi_upper"].iloc[-1]))
    prob = _prob_on_scale(mean, math.sqrt(var), target, direction, log_scale, df=None)
    return Projection(
        model="holt_damped", scale="log" if log_scale else "linear",
        fit_first_year=int(y_years[0]), fit_last_year=int(y_years[-1]), n=n, target_year=int(target_year),
        mean=back(mean), **bounds, slope=None, annual_growth=None, prob_meets_target=prob,
        weights=None, adjusted_years=tuple(int(a) for a in adjusted_years), warnings=tuple(notes),
    )


def project_series(
    df: pd.DataFrame,
    target_year: int,
    *,
    target: float | None = None,
    direction: str = "higher",
    adjustment: LevelAdjustment | None = None,
    decay: float = DECAY,
) -> ProjectionReport:
    """Fit every applicable model to one series and pick the scorecard's (``choose_model``)."""
    s = prepare_series(df, adjustment)
    years = s["year"].to_numpy(dtype=float)
    values = s["value"].to_numpy(dtype=float)
    family, reason = choose_model(len(s))
    extra = []
    adjusted = tuple(int(y) for y in s.loc[s["adjusted"], "year"])
    if adjusted:
        factor = format(adjustment.factor, "g").replace(".", ",")
        extra.append(f"số liệu các năm {', '.join(map(str, adjusted))} được quy đổi sang địa giới sau hợp nhất "
                     f"(nhân hệ số {factor}; nguồn: {adjustment.source})")
    if s["qualifier"].isin(BOUND_QUALIFIERS).any():
        extra.append("có giá trị chặn (ví dụ “hơn X”) được dùng như số chính xác: dự báo có thể lệch")
    if s["qualifier"].eq("~").any():
        extra.append("có số ước tính (~) trong chuỗi")
    kw = dict(target=target, direction=direction, adjusted_years=adjusted, extra_warnings=tuple(extra))
    projs = {}
    ols = fit_trend(years, values, target_year, **kw)
    projs[ols.model] = ols
    wls = fit_trend(years, values, target_year, weighted=True, decay=decay, **kw)
    projs[wls.model] = wls
    report_notes = list(ols.warnings)
    if len(s) >= MIN_POINTS_HOLT:
        if np.all(np.diff(years) == 1):
            projs["holt_damped"] = fit_damped_holt(years, values, target_year, **kw)
        else:
            report_notes.append("chuỗi có năm bị thiếu: không chạy mô hình Holt")
    chosen = ols.model if family == "ols" else wls.model
    return ProjectionReport(projections=projs, chosen=chosen, reason_vi=reason, warnings=tuple(report_notes))


def projections_frame(report: ProjectionReport) -> pd.DataFrame:
    """One row per model, with a ``chosen`` column."""
    rows = []
    for name, p in report.projections.items():
        row = asdict(p)
        row["warnings"] = "; ".join(p.warnings)
        row["chosen"] = name == report.chosen
        rows.append(row)
    return pd.DataFrame(rows)
