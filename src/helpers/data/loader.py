"""The one loader of data/: validates everything, then returns typed tables.

    from helpers.data.loader import load_dataset
    ds = load_dataset()                       # raises DataValidationError listing every problem
    ds.series("pii_score", "hai_phong")       # preferred actual/estimate rows, by year

`values` columns: the contract columns with year int64, value float64, preferred bool, text as str
(empty optional text is ""). `preferred` is True on the row the report uses: the row marked
`true` in a conflict group, or the only row of its (indicator, geo, year, kind).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import DATA_DIR

from helpers.data import reads
from helpers.data.contract import ALL_COLUMNS, CONFLICT_GROUP, INDICATOR_FIELDS, INDICATOR_OPTIONAL_FIELDS, SOURCE_FIELDS
from helpers.data.errors import DataValidationError
from helpers.data.validation import validate
from helpers.data.validation.checks import SOURCE_OPTIONAL_FIELDS, parse_date


@dataclass(frozen=True)
class Dataset:
    values: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame
    target_rules: dict = field(default_factory=dict)  # data/targets.yml: bodies, superseded, components

    @reads.rows_of("values")
    def preferred(self) -> pd.DataFrame:
        """The rows the report uses (one per indicator, geo, year, kind)."""
        return self.values[self.values["preferred"]]

    @reads.rows_of("figures")
    def figures(self) -> pd.DataFrame:
        """Every row of `values` without the provenance text (``reads.TEXT_COLUMNS``: quotes and
        the developers' notes): for computations on the figures, whose reads then do not depend
        on that text."""
        v = self.values
        return v.drop(columns=[c for c in reads.TEXT_COLUMNS if c in v.columns])

    @reads.reads("values", by="indicator")
    def series(self, indicator: str, geo: str, kinds=("actual", "estimate"), preferred_only: bool = True) -> pd.DataFrame:
        """Rows of one indicator and geo, sorted by year.

        With `preferred_only`, one row per year: the first of `kinds` present that year
        (an actual wins over an estimate by default).
        """
        v = self.preferred() if preferred_only else self.values
        v = v[(v["indicator"] == indicator) & (v["geo"] == geo) & v["kind"].isin(list(kinds))]
        order = v["kind"].map({k: i for i, k in enumerate(kinds)})
        v = v.assign(_order=order).sort_values(["year", "_order", "source_id"], kind="stable")
        if preferred_only:
            v = v.drop_duplicates("year", keep="first")
        return v.drop(columns="_order").reset_index(drop=True)

    @reads.reads("values", by="indicator")
    def targets(self, indicator: str | None = None, geo: str | None = None, year: int | None = None,
                kinds=("plan", "target")) -> pd.DataFrame:
        """Preferred plan/target rows, optionally for one indicator, geo or year."""
        v = self.preferred()
        v = v[v["kind"].isin(list(kinds))]
        for column, wanted in (("indicator", indicator), ("geo", geo), ("year", year)):
            if wanted is not None:
                v = v[v[column] == wanted]
        return v.sort_values(["indicator", "geo", "year", "kind"], kind="stable").reset_index(drop=True)

    @reads.reads("values")
    def conflicts(self) -> pd.DataFrame:
        """One row per conflict group: the preferred value and source, why (`note`, and `note_vi` for
        readers), and the others."""
        rows = []
        for key, g in self.values.groupby(list(CONFLICT_GROUP), sort=True):
            if len(g) < 2:
                continue
            best, others = g[g["preferred"]].iloc[0], g[~g["preferred"]]
            rows.append(dict(zip(CONFLICT_GROUP, key), n=len(g), preferred_value=best["value"],
                             preferred_qualifier=best["qualifier"],
                             preferred_source=best["source_id"], note=best["note"], note_vi=best.get("note_vi", ""),
                             other_values=tuple(others["value"]), other_qualifiers=tuple(others["qualifier"]),
                             other_sources=tuple(others["source_id"])))
        columns = list(CONFLICT_GROUP) + ["n", "preferred_value", "preferred_qualifier", "preferred_source", "note",
                                          "note_vi", "other_values", "other_qualifiers", "other_sources"]
        return pd.DataFrame(rows, columns=columns)

    @reads.reads("indicators", by="indicator")
    def unit(self, indicator: str) -> str:
        return str(self.indicators.at[indicator, "unit"])


def _values_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame([{c: r[c] for c in ALL_COLUMNS} for r in rows], columns=list(ALL_COLUMNS))
    df = df.astype({c: "str" for c in ALL_COLUMNS if c not in ("year", "value", "preferred")})
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    group_size = df.groupby(list(CONFLICT_GROUP))["indicator"].transform("size")
    df["preferred"] = (df["preferred"].astype(bool) | (group_size == 1)).astype(bool)
    return df.sort_values(["indicator", "geo", "year", "kind", "source_id"], kind="stable").reset_index(drop=True)


def _mapping_frame(doc: dict, fields: tuple) -> pd.DataFrame:
    df = pd.DataFrame.from_dict({k: {f: v.get(f) for f in fields} for k, v in doc.items()}, orient="index",
                                columns=list(fields))
    df.index.name = "id"
    return df.sort_index()


def _plain(doc):
    """YAML mappings as plain dicts and lists (the line bookkeeping is for validation only)."""
    if isinstance(doc, dict):
        return {k: _plain(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_plain(v) for v in doc]
    return doc


def default_data_dir() -> Path:
    """`$HPREPORT_DATA_DIR` when set (the build passes `--data-dir` to notebooks this way), else data/."""
    return Path(os.environ.get("HPREPORT_DATA_DIR") or DATA_DIR)


EDITION_CUTOFF = "edition"


def in_edition(ds: Dataset, cutoff: dt.date) -> tuple[Dataset, pd.DataFrame]:
    """(the dataset of an edition with this cut-off, the figures it leaves out): helpers.data.cutoff.

    Target rules that name rows (`target_rules`, data/targets.yml, where the dataset has them)
    follow: a supersession whose replacing statement is left out had not happened by the cut-off,
    so it is dropped from the edition's rules."""
    from helpers.data.cutoff import split_by_cutoff

    kept, left = split_by_cutoff(ds.values, ds.sources, cutoff)
    extra = {}
    rules = getattr(ds, "target_rules", None)
    if rules and rules.get("superseded"):
        rows = set(zip(kept["indicator"], kept["geo"], kept["year"].astype(int), kept["source_id"]))
        later = {k for k, e in rules["superseded"].items()
                 if (e["by"]["indicator"], e["by"]["geo"], int(e["by"]["year"]), e["by"]["source_id"]) not in rows}
        extra["target_rules"] = {**rules, "superseded": {k: e for k, e in rules["superseded"].items() if k not in later}}
    return dataclasses.replace(ds, values=kept, **extra), left


def _edition_cutoff(load):
    """`load_dataset(data_dir, cutoff=...)`: the figures of an edition only (`in_edition`): by
    default the cut-off of the edition being built (`edition.yml`), a date for another one, None
    for every figure."""
    @functools.wraps(load)
    def load_in_edition(data_dir: Path | str | None = None, cutoff: dt.date | str | None = EDITION_CUTOFF) -> Dataset:
        ds = load(data_dir)
        if cutoff is None:
            return ds
        from helpers.data.edition import load_edition

        return in_edition(ds, load_edition().cutoff if cutoff == EDITION_CUTOFF else cutoff)[0]
    return load_in_edition


def _remembered(load):
    """The last dataset loaded, kept with the bytes of the data folder it was made from: a build
    that validates, compares and publishes the same data/ loads it once. Each caller gets its own
    copy of the tables; a failed load is not kept."""
    last: dict[str, Dataset] = {}
    lock = threading.Lock()  # a build loads in a worker thread too (helpers.publish.build.pipeline)

    @functools.wraps(load)
    def remembered(data_dir: Path | str | None = None) -> Dataset:
        folder = Path(data_dir) if data_dir is not None else default_data_dir()
        key = _folder_digest(folder)
        with lock:
            ds = last.get(key)
        if ds is None:
            ds = load(folder)
            if _folder_digest(folder) == key:  # not kept when a file changed while it was read
                with lock:
                    last.clear()
                    last[key] = ds
        return dataclasses.replace(ds, values=ds.values.copy(), indicators=ds.indicators.copy(),
                                   sources=ds.sources.copy(), target_rules=copy.deepcopy(ds.target_rules))
    return remembered


def _folder_digest(folder: Path) -> str:
    digest = hashlib.sha256(os.path.realpath(folder).encode())
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    for path in files:
        digest.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@reads.loads
@_edition_cutoff
@_remembered
def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Load and validate `data_dir` (default: `default_data_dir()`); raise DataValidationError
    with every problem found."""
    checked = validate(Path(data_dir) if data_dir is not None else default_data_dir())
    if checked.problems:
        raise DataValidationError(checked.problems)
    indicators = _mapping_frame(checked.indicators, INDICATOR_FIELDS + INDICATOR_OPTIONAL_FIELDS)
    indicators["decimals"] = indicators["decimals"].astype("int64")
    indicators["limit"] = pd.to_numeric(indicators["limit"]).astype("float64")
    sources = _mapping_frame(checked.sources, SOURCE_FIELDS + SOURCE_OPTIONAL_FIELDS)
    for frame, columns in ((indicators, ("description_vi", "description_en")), (sources, SOURCE_OPTIONAL_FIELDS)):
        for column in columns:
            frame[column] = frame[column].fillna("").astype("str")
    for column in ("published", "accessed"):
        sources[column] = pd.to_datetime(sources[column].map(parse_date))
    return Dataset(_values_frame(checked.rows), indicators, sources, _plain(checked.targets))
