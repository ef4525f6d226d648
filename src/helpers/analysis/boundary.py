"""Series of the merged city (Hai Phong + Hai Duong, merged on 1 July 2025) before the merger.

When a territory changes, the EU's rule is that series are supplied again on the new
boundary: Regulation (EC) No 1059/2003 (NUTS), Art. 5(5), "the Member State concerned shall
transmit to the Commission the time series for the new regional breakdown, to replace data
already transmitted". Where new units are unions of old ones, the back-calculation adds up
the old units' figures (JRC technical report EUR 28300 EN, López-Cobo 2016, "Conversion of
regional data between NUTS classifications", doi:10.2791/039045, section 3.2). Here this is
done only where both units have a sourced figure for the same year:

* units in ``ADDITIVE_UNITS`` (amounts in billion VND, counts): the sum;
* growth rates in ``WEIGHTED_RATES``: the average weighted by each unit's level of the weight
  indicator in the same year (GRDP at current prices; the previous year's levels would be the
  textbook weights, but Hai Duong's 2023 GRDP is not in the sources);
* ranks, indices and shares: never (a rank or an index of two provinces cannot be combined
  from their published values).

The result is this report's estimate, never a published figure: its kind is ``estimate`` and
``basis`` says how it was made. A bound (">X") in an addend gives a bound; bounds are not
averaged.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.loader import Dataset

MERGED, PRE_MERGER, PARTNER = "hai_phong_merged", "hai_phong", "hai_duong"
MERGER_YEAR = 2025  # the first year published for the merged city
ADDITIVE_UNITS = ("billion_vnd", "count")
WEIGHTED_RATES = {"grdp_growth": "grdp_current_prices"}  # rate indicator -> weight indicator
# The weightings a back-calculated rate can be read with: the preferred one (the rate's own weight
# indicator), the unweighted mean, and population (used only where both units have a sourced
# population for the year; data/ has none before the merger, so it yields no rows today).
WEIGHTINGS = ("level", "equal", "population")
POPULATION = "population"
COLUMNS = ["year", "value", "qualifier", "kind", "geo", "source_id", "basis", "parts"]


def _one(ds: Dataset, indicator: str, geo: str) -> dict[int, pd.Series]:
    s = ds.series(indicator, geo)
    return {int(r["year"]): r for _, r in s.iterrows()}


def _sum_qualifier(quals: list[str]) -> str | None:
    """Qualifier of a sum: a lower bound stays a lower bound; mixed bounds give nothing."""
    q = set(quals)
    if q & {"<", "<="}:
        return None if q & {">", ">="} else "<"
    if q & {">", ">="}:
        return ">"
    return "~" if "~" in q else "="


def merged_equivalent(ds: Dataset, indicator: str, weighting: str = "level") -> pd.DataFrame:
    """Back-calculated merged-city rows of ``indicator`` for the years before ``MERGER_YEAR`` in
    which both Hai Phong and Hai Duong have a figure (columns ``COLUMNS``; ``parts`` holds the
    (geo, value, source_id) of each addend and, for rates, its weight). ``weighting`` (one of
    ``WEIGHTINGS``) chooses the weights of a rate: its weight indicator, equal, or population."""
    unit = ds.unit(indicator)
    if unit not in ADDITIVE_UNITS and indicator not in WEIGHTED_RATES:
        return pd.DataFrame(columns=COLUMNS)
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {WEIGHTINGS}, not {weighting!r}")
    hp, hd = _one(ds, indicator, PRE_MERGER), _one(ds, indicator, PARTNER)
    weight_ind = WEIGHTED_RATES.get(indicator)
    if weight_ind and weighting == "population":
        weight_ind = POPULATION
    weights = {g: _one(ds, weight_ind, g) for g in (PRE_MERGER, PARTNER)} if weight_ind else {}
    out = []
    for year in sorted(set(hp) & set(hd)):
        if year >= MERGER_YEAR:
            continue
        rows = {PRE_MERGER: hp[year], PARTNER: hd[year]}
        quals = [str(r["qualifier"]) for r in rows.values()]
        sources = [str(r["source_id"]) for r in rows.values()]
        if weight_ind:
            if set(quals) - {"=", "~"}:
                continue
            if weighting == "equal":
                w = {g: 1.0 for g in rows}
            elif any(year not in weights[g] for g in rows):
                continue
            else:
                w = {g: float(weights[g][year]["value"]) for g in rows}
            value = sum(w[g] * float(rows[g]["value"]) for g in rows) / sum(w.values())
            qualifier = "~"
            parts = tuple((g, float(rows[g]["value"]), str(rows[g]["source_id"]), w[g]) for g in rows)
            if weighting != "equal":
                sources += [str(weights[g][year]["source_id"]) for g in rows]
            basis = "weighted:equal" if weighting == "equal" else f"weighted:{weight_ind}"
        else:
            qualifier = _sum_qualifier(quals)
            if qualifier is None:
                continue
            value = sum(float(r["value"]) for r in rows.values())
            qualifier = "~" if qualifier == "=" and "estimate" in {r["kind"] for r in rows.values()} else qualifier
            parts = tuple((g, float(rows[g]["value"]), str(rows[g]["source_id"]), None) for g in rows)
            basis = "sum"
        out.append({"year": year, "value": value, "qualifier": qualifier, "kind": "estimate",
                    "geo": MERGED, "source_id": "+".join(dict.fromkeys(sources)), "basis": basis, "parts": parts})
    return pd.DataFrame(out, columns=COLUMNS)
