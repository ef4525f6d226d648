"""CSV files for readers and programs: one writer for every CSV published beside the report.

Every file is UTF-8 with a byte order mark (Excel then reads the Vietnamese text), comma
separated, RFC 4180 quoting, one header row of column names described in `columns.py`. Numbers
are numbers (dot as decimal separator, no thousands separator); each code column has its
Vietnamese label column `<column>_vi` right after it; no cell is left blank to mean "as above".
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.data.contract import INDICATORS_FILE, SOURCES_FILE, TARGETS_FILE
from helpers.data.yaml_text import safe_load
from helpers.publish.render.bibliography import source_labels

from .columns import LABEL_SUFFIX, VOCABULARIES, describe

BOM = "\ufeff"
ENCODING = "utf-8-sig"
LINE_END = "\r\n"


@dataclass
class Labels:
    """The vocabularies that come from data/: indicator titles and units, source labels."""

    indicators: dict[str, str] = field(default_factory=dict)   # id -> title_vi
    units: dict[str, str] = field(default_factory=dict)        # indicator id -> unit code
    sources: dict[str, str] = field(default_factory=dict)      # id -> "publisher, ngày d/m/yyyy"
    bodies: dict[str, str] = field(default_factory=dict)       # body id -> label_vi (targets.yml)

    @classmethod
    def from_data_dir(cls, data_dir: Path) -> "Labels":
        """Read indicators.yml and sources.yml of `data_dir` (either may be missing)."""
        def read(name: str) -> dict:
            path = Path(data_dir) / name
            return (safe_load(path.read_text(encoding="utf-8")) or {}) if path.is_file() else {}

        indicators, sources = read(INDICATORS_FILE), read(SOURCES_FILE)
        bodies = read(TARGETS_FILE).get("bodies") or {}
        return cls({k: str(v.get("title_vi", k)) for k, v in indicators.items()},
                   {k: str(v.get("unit", "")) for k, v in indicators.items()},
                   source_labels(sources), {k: str(v.get("label_vi", k)) for k, v in bodies.items()})

    def vocabulary(self, name: str) -> dict[str, str]:
        if name == "indicator":
            return self.indicators
        if name == "source":
            return self.sources
        if name == "body":
            return self.bodies
        return VOCABULARIES[name]


def _blank(x) -> bool:
    if isinstance(x, str):
        return x == ""
    return x is None or bool(pd.isna(x))


def _cell(x, kind: str, where: str, column: str) -> str:
    """The text of one cell of a column of Frictionless type `kind`."""
    if _blank(x):
        return ""
    if hasattr(x, "item"):
        x = x.item()
    if kind == "integer":
        number = float(x)
        if not number.is_integer():
            raise ValueError(f"{where}: column '{column}' must hold whole numbers, got {x!r}")
        return str(int(number))
    if kind == "number":
        return format(float(x), ".12g")  # 12 significant digits: no float noise (8774.96, not 8774.96000000001)
    if kind == "boolean":
        return "true" if bool(x) else "false"
    if kind == "date":
        return pd.Timestamp(x).date().isoformat()
    return " ".join(str(x).split())


def shaped(frame: pd.DataFrame, labels: Labels, where: str, no_labels: tuple[str, ...] = ()) -> pd.DataFrame:
    """`frame` ready to publish: every column described, a `<code>_vi` label column after each
    code column (except those in `no_labels` and those already followed by theirs), and cells
    as text in their column's type. Raises ValueError naming the file, column and code."""
    out: dict[str, list[str]] = {}
    for column in frame.columns:
        spec = describe(column, where)
        out[column] = [_cell(x, spec.type, where, column) for x in frame[column]]
        label = column + LABEL_SUFFIX
        if spec.codes and column not in no_labels and label not in frame.columns:
            vocabulary = labels.vocabulary(spec.codes)
            cells = []
            for n, code in enumerate(out[column], start=2):
                # several codes: "a,b" (sources of one figure), "a+b" (a sum of two territories)
                joiner = " + " if "+" in code else "; "
                ids = [c.strip() for c in code.replace("+", ",").split(",")]
                missing = [c for c in ids if c and c not in vocabulary]
                if missing:
                    raise ValueError(f"{where}: line {n}, column '{column}': code '{missing[0]}' has no "
                                     "Vietnamese label (add it to src/helpers/publish/package/columns.py)")
                cells.append(joiner.join(vocabulary[c] for c in ids if c))
            describe(label, where)
            out[label] = cells
    return pd.DataFrame(out, columns=list(out))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The bytes of a shaped frame: UTF-8 with BOM, CRLF line ends, minimal quoting."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=LINE_END)
    writer.writerow(list(frame.columns))
    writer.writerows(frame.itertuples(index=False, name=None))
    return (BOM + text.getvalue()).encode("utf-8")


def write_csv(frame: pd.DataFrame, path: Path, labels: Labels, no_labels: tuple[str, ...] = ()) -> Path:
    """Shape `frame` and write it to `path` (the message of any error names the file)."""
    data = csv_bytes(shaped(frame, labels, path.name, no_labels))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def read_back(path: Path) -> pd.DataFrame:
    """A published CSV as Excel reads it: BOM stripped (`utf-8-sig`), delimiter sniffed."""
    with open(path, encoding=ENCODING, newline="") as handle:
        text = handle.read()
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    return pd.DataFrame(rows[1:], columns=rows[0])
