"""Who produced the figures a chart draws: the `producer` column of data/values.csv.

A figure's (and a table's of values.csv figures) source line credits the organisation its source
names as the origin of each figure (the producer, under its one display name, `DISPLAY_NAMES`),
then the outlet where the figure was read (the source, cited):
"Nguồn: UBND thành phố Hải Phòng, qua [@kh350_pbgdpl_2026]; [@a] (đơn vị công bố gốc: nguồn không
nêu)." A chart's rows are matched to data/values.csv by their key (indicator, geo, year, kind,
source_id); a source the chart cites without such a row credits a producer only when every
figure of that source in data/values.csv names the same one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from helpers.data.contract import KEY
from helpers.present.tables import source_ids

VALUES = Path("data") / "values.csv"
# One producer, one name for the reader: values.csv keeps each name as its passage writes it
# (rule 12 checks the passage contains it), the report shows it under one name.
DISPLAY_NAMES = {"UBND TP Hải Phòng": "UBND thành phố Hải Phòng"}
NOT_STATED_VI = "đơn vị công bố gốc: nguồn không nêu"
VIA_VI = "qua"


@dataclass(frozen=True)
class Producers:
    """The producer of every figure of data/values.csv ("" where its source names none)."""

    rows: dict[tuple[str, ...], str] = field(default_factory=dict)   # KEY -> producer
    by_source: dict[str, set[str]] = field(default_factory=dict)     # source id -> producers of its rows

    def of_source(self, source_id: str) -> str:
        """The producer of every figure of `source_id`, or "" when they differ or one names none."""
        names = self.by_source.get(source_id, set())
        return next(iter(names)) if len(names) == 1 else ""


def _key(values) -> tuple[str, ...]:
    out = []
    for name, v in zip(KEY, values):
        if name == "year" and v not in (None, ""):
            v = int(float(v))
        out.append("" if v is None else str(v))
    return tuple(out)


def load_producers(root: Path) -> Producers:
    """The producers of `root`/data/values.csv (none when the file or the column is missing)."""
    return read_producers(Path(root) / VALUES)


def read_producers(path: Path) -> Producers:
    """The producers of the values file at `path` (none when it or its `producer` column is missing)."""
    path = Path(path)
    if not path.is_file():
        return Producers()
    rows: dict[tuple[str, ...], str] = {}
    by_source: dict[str, set[str]] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            producer = " ".join((record.get("producer") or "").split())
            producer = DISPLAY_NAMES.get(producer, producer)
            rows[_key(record.get(k) for k in KEY)] = producer
            by_source.setdefault(record.get("source_id") or "", set()).add(producer)
    return Producers(rows, by_source)


def data_sources(data: dict | None, known: set[str]) -> list[str]:
    """The known source ids of the rows a figure's download holds (its `DATA_MIME` object)."""
    if not data or "source_id" not in data.get("columns", []):
        return []
    i = data["columns"].index("source_id")
    return sorted(set(source_ids(row[i] for row in data["rows"])) & known)


def row_producers(data: dict | None, producers: Producers) -> list[str]:
    """The producer of each row of a figure's download ("" where none is named or the row is not a
    figure of data/values.csv, e.g. a projection)."""
    if not data or not set(KEY) <= set(data.get("columns", [])):
        return [""] * len(list((data or {}).get("rows", [])))
    index = [data["columns"].index(k) for k in KEY]
    return [producers.rows.get(_key(row[i] for i in index), "") for row in data["rows"]]


def with_producer(frame, producers: Producers):
    """A figure's download frame with a `producer` column after `source_id` (empty where the source
    names none); unchanged when its rows are not keyed like data/values.csv."""
    if "producer" in frame.columns or not set(KEY) <= set(frame.columns):
        return frame
    data = {"columns": list(frame.columns), "rows": frame.itertuples(index=False, name=None)}
    out = frame.copy()
    out.insert(list(frame.columns).index("source_id") + 1, "producer", row_producers(data, producers))
    return out


def source_producers(producers: Producers) -> dict[str, list[str]]:
    """Source id -> the producers its figures name (sorted; sources naming none left out)."""
    return {sid: sorted(p for p in names if p) for sid, names in sorted(producers.by_source.items())
            if any(names)}


def credited(sources: list[str], data: dict | None, producers: Producers) -> list[tuple[str, list[str]]]:
    """(producer, source ids) pairs for a figure's source line: every producer its figures name,
    in order of first appearance, each with the sources it was read in, then ("", sources) for
    the figures whose source names none."""
    pairs: list[tuple[str, str]] = []
    covered: set[str] = set()
    if data and set(KEY) <= set(data.get("columns", [])):
        at = data["columns"].index("source_id")
        for row, producer in zip(data["rows"], row_producers(data, producers)):
            sid = str(row[at] or "")
            if sid in sources:
                pairs.append((producer, sid))
                covered.add(sid)
    pairs += [(producers.of_source(sid), sid) for sid in sources if sid not in covered]
    groups: dict[str, list[str]] = {}
    for producer, sid in pairs:
        ids = groups.setdefault(producer, [])
        if sid not in ids:
            ids.append(sid)
    named = [(p, sorted(ids)) for p, ids in groups.items() if p]
    return named + ([("", sorted(groups[""]))] if "" in groups else [])


def source_line(label: str, groups: list[tuple[str, list[str]]]) -> str:
    """The figure's source line in Markdown: each producer, then the outlets it was read in
    (citations); the outlets of figures without a named producer say so."""
    def cites(ids: list[str]) -> str:
        return "[" + "; ".join(f"@{s}" for s in ids) + "]"

    parts = [f"{p}, {VIA_VI} {cites(ids)}" if p else f"{cites(ids)} ({NOT_STATED_VI})" for p, ids in groups]
    return f"{label}: " + "; ".join(parts) + "."
