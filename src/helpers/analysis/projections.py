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

One trend engine, one series-break guard
---------------------------------------
``central_trend`` is the point projection of the model ``choose_model`` picks (OLS below five
points, WLS from five), fitted by the same code as ``fit_trend`` and also defined for two
points (the line through them: on the log scale, the endpoint CAGR). ``helpers.analysis.progress``
uses it for its extrapolation, so the category's extrapolation and the probability come from
one fit: the projected value meets the target exactly when the probability is at least 1/2.

``select_boundary`` is the only series-break guard of the project, used here
(``prepare_series``) and by ``helpers.analysis.progress``: observations of several geos (Hai Phong
before, ``hai_phong``, and after, ``hai_phong_merged``, the 1 July 2025 merger with Hai Duong,
or any other mix) are refused unless ``geo=`` names the one to keep or a ``LevelAdjustment``
(ratio factor with its source) puts the old boundary on the new one; ``break_years`` cuts a
single-geo series at its last break. Excluded and adjusted points are reported.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

# statsmodels and scipy are imported where a fit needs them: a notebook whose scorecard comes from
# helpers.analysis.analysis_cache fits nothing, and importing them costs more than a second.

DECAY = 0.8
MIN_POINTS = 3
MIN_POINTS_HOLT = 5
ALPHAS = {80: 0.20, 95: 0.05}
BOUND_QUALIFIERS = (">", ">=", "<", "<=")


class SeriesBreakError(ValueError):
    """Observations from different boundaries (geos) would be mixed in one trend."""


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

def select_boundary(
    df: pd.DataFrame,
    *,
    geo: str | None = None,
    adjustment: LevelAdjustment | None = None,
    break_years=(),
) -> tuple[pd.DataFrame, dict]:
    """The series-break guard: one boundary, one row per year, sorted by year.

    Returns the rows (columns of ``df`` plus qualifier, geo and ``adjusted``) and what was
    done: ``geo``, ``series_break``, ``excluded_points``, ``excluded_geos``, ``break_years``,
    ``adjusted_years``. Several geos raise SeriesBreakError unless ``adjustment`` maps one onto
    the other (its ``from_geo`` values are multiplied by its factor and flagged; a year
    observed on both keeps the directly observed ``to_geo`` value) or ``geo`` names the rows to
    keep. A single-geo series that is not ``geo`` gives no rows. With ``break_years`` only the
    points from the last break at or before the latest year on are kept."""
    out = df.copy()
    if "year" not in out or "value" not in out:
        raise ValueError("observations need columns 'year' and 'value'")
    if "geo" not in out:
        out["geo"] = geo
    if "qualifier" not in out:
        out["qualifier"] = "="
    out["adjusted"] = False
    info = {"geo": geo, "series_break": False, "excluded_points": 0, "excluded_geos": (),
            "break_years": (), "adjusted_years": ()}
    geos = sorted(str(g) for g in out["geo"].dropna().unique())
    if len(geos) > 1:
        if adjustment is not None and set(geos) == {adjustment.from_geo, adjustment.to_geo}:
            old = out["geo"] == adjustment.from_geo
            out.loc[old, "value"] = out.loc[old, "value"] * adjustment.factor
            out.loc[old, "adjusted"] = True
            both = set(out.loc[old, "year"]) & set(out.loc[~old, "year"])
            out = out[~(old & out["year"].isin(both))]
            info["geo"] = adjustment.to_geo
            info["adjusted_years"] = tuple(sorted(int(y) for y in out.loc[out["adjusted"], "year"]))
        elif geo is not None:
            keep = out["geo"] == geo
            info.update(series_break=True, excluded_points=int((~keep).sum()),
                        excluded_geos=tuple(g for g in geos if g != geo))
            out = out[keep]
        else:
            raise SeriesBreakError(
                f"observations mix geos {geos}; a trend never spans two boundaries (Hai Phong merged "
                "with Hai Duong on 1 July 2025): fit one geo at a time (geo=) or pass "
                "LevelAdjustment(factor, source)"
            )
    elif geos:
        if geo is not None and geos[0] != geo:
            out = out.iloc[0:0]
        info["geo"] = geos[0] if geo is None else geo
    out = out.sort_values("year", kind="stable")
    dup = out["year"][out["year"].duplicated()]
    if len(dup):
        raise ValueError(f"several observations for year(s) {sorted(set(int(y) for y in dup))}; keep one per year")
    breaks = tuple(sorted(int(b) for b in break_years or ()))
    if breaks:
        info["break_years"] = breaks
        last = int(out["year"].max()) if len(out) else None
        cut = max((b for b in breaks if last is not None and b <= last), default=None)
        if cut is not None:
            before = out["year"] < cut
            if before.any():
                info["series_break"] = True
                info["excluded_points"] += int(before.sum())
            out = out[~before]
    return out.reset_index(drop=True), info


def prepare_series(df: pd.DataFrame, adjustment: LevelAdjustment | None = None, *, geo: str | None = None,
                   break_years=()) -> pd.DataFrame:
    """Columns year, value, geo, qualifier, adjusted; one row per year, sorted
    (``select_boundary``: mixed geos raise SeriesBreakError without ``adjustment`` or ``geo``)."""
    out, _ = select_boundary(df, geo=geo, adjustment=adjustment, break_years=break_years)
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
    from scipy import stats

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


def _fit_input(years, values, target_year: int, extra_warnings=(), log_scale: bool | None = None):
    """A checked series as arrays, its notes so far, whether it is fitted on the log scale and
    the values on that scale. ``log_scale=None``: log when every value is positive; False:
    levels (e.g. a growth rate, never modelled as compounding); True: log, refused for values <= 0."""
    y_years = np.asarray(years, dtype=float)
    vals = np.asarray(values, dtype=float)
    _check(y_years, vals, target_year)
    notes = list(extra_warnings)
    positive = bool(np.all(vals > 0))
    if log_scale and not positive:
        raise ValueError("a log-scale trend needs positive values")
    if log_scale is None:
        log_scale = positive
        if not positive:
            notes.append("có giá trị ≤ 0, không lấy log được: dùng mô hình tuyến tính")
    return y_years, vals, notes, log_scale, (np.log(vals) if log_scale else vals)


def _fit_line(y_years: np.ndarray, endog: np.ndarray, weighted: bool, decay: float):
    """OLS (or WLS with ``time_weights``) of ``endog`` on the year, years centred on the last
    one so the intercept is well conditioned (the slope is unaffected). Returns the statsmodels
    result, the centre and the weights. The one trend fit of the project."""
    x0 = y_years[-1]
    exog = np.column_stack([np.ones_like(y_years), y_years - x0])
    w = time_weights(y_years, decay) if weighted else None
    import statsmodels.api as sm

    model = sm.WLS(endog, exog, weights=w) if weighted else sm.OLS(endog, exog)
    return model.fit(), x0, w


def _line_value(res, x0: float, year: float) -> float:
    """The fitted line at ``year``, on the fitted scale."""
    return float(res.params[0] + res.params[1] * (year - x0))


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
    log_scale: bool | None = None,
) -> Projection:
    """OLS (or time-weighted WLS) trend on log(value), or on the value when any value <= 0
    (or when ``log_scale=False``)."""
    y_years, vals, notes, log_scale, endog = _fit_input(years, values, target_year, extra_warnings, log_scale)
    n = len(vals)
    notes[len(extra_warnings):len(extra_warnings)] = _n_warnings(n)
    res, x0, w = _fit_line(y_years, endog, weighted, decay)
    new = np.array([[1.0, target_year - x0]])
    pred = res.get_prediction(new, weights=np.array([1.0])) if weighted else res.get_prediction(new)
    frames = {k: pred.summary_frame(alpha=a).iloc[0] for k, a in ALPHAS.items()}
    mean = _line_value(res, x0, target_year)
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


def central_trend(years, values, year: int, *, log_scale: bool | None = None,
                  decay: float = DECAY) -> tuple[str, float]:
    """(model, value in ``year``) of the trend the scorecard's probability uses: the
    ``choose_model`` family (OLS below five points, WLS from five) fitted by ``_fit_line``, as
    in ``fit_trend``; two points are allowed here (the line through them, on the log scale the
    endpoint CAGR carried forward). ``log_scale`` as in ``fit_trend``."""
    y_years = np.asarray(years, dtype=float)
    vals = np.asarray(values, dtype=float)
    if len(vals) < 2:
        raise InsufficientDataError(f"{len(vals)} point(s): a trend needs at least two")
    if len(y_years) != len(vals) or np.any(np.diff(y_years) <= 0):
        raise ValueError("years must be strictly increasing, one per value")
    if year <= y_years[-1]:
        raise ValueError(f"year {year} is not after the last year {int(y_years[-1])}")
    positive = bool(np.all(vals > 0))
    if log_scale and not positive:
        raise ValueError("a log-scale trend needs positive values")
    log_scale = positive if log_scale is None else log_scale
    weighted = len(vals) >= MIN_POINTS_HOLT
    res, x0, _ = _fit_line(y_years, np.log(vals) if log_scale else vals, weighted, decay)
    value = _line_value(res, x0, year)
    name = f"{'wls' if weighted else 'ols'}_{'log' if log_scale else 'linear'}"
    return name, (math.exp(value) if log_scale else value)


def fit_damped_holt(
    years,
    values,
    target_year: int,
    *,
    target: float | None = None,
    direction: str = "higher",
    adjusted_years=(),
    extra_warnings=(),
    log_scale: bool | None = None,
) -> Projection:
    """Damped additive Holt (ETSModel AAdN) on log(value); needs >= 5 consecutive years."""
    y_years, vals, notes, log_scale, endog = _fit_input(years, values, target_year, extra_warnings, log_scale)
    n = len(vals)
    if n < MIN_POINTS_HOLT:
        raise InsufficientDataError(f"damped Holt needs at least {MIN_POINTS_HOLT} points, got {n}")
    if np.any(np.diff(y_years) != 1):
        raise ValueError("damped Holt needs consecutive annual values (no gaps)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # A pandas Series: statsmodels' ETS prediction needs an index.
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

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
    log_scale: bool | None = None,
) -> ProjectionReport:
    """Fit every applicable model to one series and pick the scorecard's (``choose_model``).
    ``log_scale=False`` fits levels (for growth-rate indicators); None: log when all positive."""
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
    kw = dict(target=target, direction=direction, adjusted_years=adjusted, extra_warnings=tuple(extra),
              log_scale=log_scale)
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
