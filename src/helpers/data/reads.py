"""What a notebook reads through `helpers`: data rows by indicator, indicator and source
entries, project files opened, and the `helpers` modules imported.

The build turns recording on in its kernels (``HPREPORT_RECORD_READS=<project root>``), asks for
`snapshot()` after the last cell and keys the notebook's cache on what it read
(`helpers.publish.build.deps`). Outside a build nothing is recorded and the tables are plain DataFrames.

Narrow reads (only these keys count as read):
- `Dataset.series(indicator, ...)`, `targets(indicator, ...)`, `unit(indicator)`;
- `ds.values` or `ds.preferred()` filtered with a mask that compares the `indicator` column
  (`v["indicator"] == "x"`, `v["indicator"].isin([...])`, combined with conditions on other
  columns): the compared indicators;
- `ds.indicators.at[id, column]`, `ds.sources.at[id, column]`: that entry.
A selection counts as narrow when every row it returns is of the indicators compared since the
table's last selection (the mask is taken to be built from those comparisons).

Columns: `Dataset.figures()` is the values table without its provenance text (``TEXT_COLUMNS``:
quotes and the English notes). Reads of it are recorded under the table name ``figures``, with
the same narrow rules, so a notebook that reads the figures of every row (the scorecard) does not
depend on a note or a quote it never sees; the columns are dropped, not hidden, so code that came
to read them would fail instead of going stale.
`Dataset.target_rules` (data/targets.yml: bodies, superseded targets, components) is read as a
whole (table ``targets``) by any look into it. Anything else done with a whole table (its length, a column's values, a mask without an
indicator comparison, printing it, `targets()` without an indicator, `conflicts()`) reads all of
it; a data file opened other than by `load_dataset` makes the whole data folder a dependency.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ENV = "HPREPORT_RECORD_READS"
ALL = "*"
TABLES = ("values", "figures", "indicators", "sources", "targets")
ROW_TABLES = ("values", "figures")  # tables of data rows, read narrowly by indicator
# Columns of data/values.csv that `Dataset.figures()` leaves out: where a figure is quoted from
# and the developers' notes, which no computation reads (the reader's `note_vi` stays).
TEXT_COLUMNS = ("quote", "note", "policy_quote", "producer_quote")
HELPERS_DIR = Path(__file__).resolve().parents[1]   # src/helpers: modules are recorded by their path under it

_depth = 0          # > 0 while helpers' own code works on the tables (not recorded)
_loaded: set[str] = set()
_tables: dict[str, set | str] = {t: set() for t in TABLES}
_opened: set[str] = set()
_hook_installed = False
_captures: list[dict] = []  # open `capture()` blocks, innermost last


def project_root() -> Path | None:
    """The project whose reads are recorded, or None when recording is off."""
    value = os.environ.get(ENV)
    return Path(os.path.realpath(value)) if value else None


@contextlib.contextmanager
def quiet():
    """Reads inside are helpers' own work for an accessor that records what it reads itself."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1


def note(table: str, keys=ALL) -> None:
    """Record that `table` was read: the given keys, or every row (ALL)."""
    if _depth or project_root() is None:
        return
    keys = ALL if keys == ALL else [str(k) for k in keys]
    for log in _captures:
        _add(log["tables"], table, keys)
    _add(_tables, table, keys)


def _add(tables: dict, table: str, keys) -> None:
    if tables[table] == ALL:
        return
    if keys == ALL:
        tables[table] = ALL
    else:
        tables[table].update(str(k) for k in keys)


@contextlib.contextmanager
def capture():
    """What is read inside the block (recorded as usual too), as ``{"tables": {table: keys or
    ALL}, "files": {path}}``: a cached computation (``helpers.analysis.analysis_cache``) keeps it and
    `replay`s it when its result is reused, so the record is the same as if it had run."""
    log = {"tables": {t: set() for t in TABLES}, "files": set()}
    _captures.append(log)
    try:
        yield log
    finally:
        _captures.remove(log)


def replay(tables: dict) -> None:
    """Record again what a computation read (``capture()["tables"]``, keys as lists or ALL)."""
    for table, keys in tables.items():
        if keys:
            note(table, keys)


def reads(table: str, by: str | None = None):
    """Decorator of a Dataset accessor: it reads the rows of `table` keyed by its argument `by`
    (all rows when `by` is None or the argument is None)."""
    def wrap(func):
        signature = inspect.signature(func)

        @functools.wraps(func)
        def inner(*args, **kwargs):
            if _depth == 0 and project_root() is not None:
                key = None
                if by:
                    bound = signature.bind(*args, **kwargs)
                    bound.apply_defaults()
                    key = bound.arguments.get(by)
                read = _rows_table(table, getattr(args[0], table, None)) if args else table
                note(read, ALL if key is None else [key])
            with quiet():
                return func(*args, **kwargs)
        return inner
    return wrap


def rows_of(table: str):
    """Decorator of an accessor returning a subset of `table` (e.g. `preferred`): what is read is
    what the caller then selects from it."""
    def wrap(func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            with quiet():
                result = func(*args, **kwargs)
            return _track(result, table) if _depth == 0 and project_root() is not None else result
        return inner
    return wrap


def loads(func):
    """Decorator of `load_dataset`: notes the data folder and hands out tables that record reads."""
    @functools.wraps(func)
    def inner(data_dir=None, *args, **kwargs):
        with quiet():
            ds = func(data_dir, *args, **kwargs)
        if _depth == 0 and project_root() is not None:
            from helpers.data.loader import default_data_dir

            _loaded.add(os.path.realpath(data_dir if data_dir is not None else default_data_dir()))
            for table in ("values", "indicators", "sources"):
                object.__setattr__(ds, table, _track(getattr(ds, table), table))
            object.__setattr__(ds, "target_rules", _Rules(ds.target_rules))
        return ds
    return inner


def start() -> None:
    """Begin recording in this process: files opened from now on are noted (audit hook)."""
    global _hook_installed
    if not _hook_installed and project_root() is not None:
        sys.addaudithook(_audit)
        _hook_installed = True


def _audit(event: str, args) -> None:
    if event != "open" or _depth:
        return
    path, mode, flags = (tuple(args) + (None, None, None))[:3]
    if not isinstance(path, (str, bytes, os.PathLike)):
        return
    reading = ("r" in mode and "+" not in mode) if isinstance(mode, str) else \
        (isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR) == 0)
    path = os.fsdecode(path)
    if reading and not path.endswith((".py", ".pyc")) and "__pycache__" not in path:
        _opened.add(os.path.realpath(path))
        for log in _captures:
            log["files"].add(os.path.realpath(path))


def _rel(path: str, root: Path | None) -> str:
    try:
        return Path(path).relative_to(root).as_posix() if root else path
    except ValueError:
        return path


def project_files(paths) -> list[str]:
    """The files of `paths` (opened files) that count as read: those of the project (relative to
    it) and of the data folder, without the build's own (.cache/, .git/, .venv/, _output)."""
    root = project_root()
    from helpers.data.loader import default_data_dir

    data_dir = os.path.realpath(default_data_dir())
    skip = (".cache/", ".git/", ".venv/", "_output")
    inside = [p for p in paths if root and (p.startswith(f"{root}{os.sep}") or p.startswith(f"{data_dir}{os.sep}"))]
    return sorted(r for r in (_rel(p, root) for p in inside) if not r.startswith(skip))


def helpers_modules() -> list[str]:
    """The names of the `helpers` modules imported in this process."""
    return [m for m in list(sys.modules) if m == "helpers" or m.startswith("helpers.")]


def snapshot() -> dict:
    """What was read so far, as JSON-ready data: paths relative to the project when inside it,
    files only from the project and the data folder."""
    root = project_root()
    modules = set()
    for name in helpers_modules():
        file = getattr(sys.modules.get(name), "__file__", None)
        if file:
            with contextlib.suppress(ValueError):
                modules.add(Path(file).resolve().relative_to(HELPERS_DIR).as_posix())
    return {
        "loaded": sorted(_rel(p, root) for p in _loaded),
        "tables": {t: (v if v == ALL else sorted(v)) for t, v in _tables.items()},
        "files": project_files(_opened),
        "modules": sorted(modules),
    }


def reset() -> None:
    """Forget everything recorded (tests)."""
    _loaded.clear()
    _opened.clear()
    for table in TABLES:
        _tables[table] = set()


# --- tables that record how they are read ------------------------------------------------------

def _rows_table(table: str, frame) -> str:
    """`figures` for values without any of the text columns (a dataset's ``analysis_view``, or
    `Dataset.figures()`): what is read from them cannot depend on that text."""
    if table == "values" and isinstance(frame, pd.DataFrame) and not set(TEXT_COLUMNS) & set(frame.columns):
        return "figures"
    return table


def _track(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    table = _rows_table(table, frame)
    with quiet():
        tracked = _Table(frame)
    object.__setattr__(tracked, "_hp_table", table)
    object.__setattr__(tracked, "_hp_pending", set())
    return tracked


def _is_mask(key) -> bool:
    return isinstance(key, (pd.Series, np.ndarray)) and key.dtype == bool


class _Table(pd.DataFrame):
    """A Dataset table; anything derived from it is a plain DataFrame."""

    @property
    def _constructor(self):
        return pd.DataFrame

    @property
    def _constructor_sliced(self):
        return pd.Series

    def __getattribute__(self, name):
        if name[0] != "_" and _depth == 0 and name not in STRUCTURE:
            if name == "at":
                return _At(self)
            note(object.__getattribute__(self, "_hp_table"))
        return super().__getattribute__(name)

    def __len__(self):
        if _depth == 0:
            note(self._hp_table)
        return super().__len__()

    def __getitem__(self, key):
        if _depth:
            return super().__getitem__(key)
        table = self._hp_table
        with quiet():
            result = super().__getitem__(key)
        if table in ROW_TABLES and isinstance(key, str):
            return _column(result, self, is_indicator=(key == "indicator"))
        if table in ROW_TABLES and _is_mask(key):
            pending = self._hp_pending
            object.__setattr__(self, "_hp_pending", set())
            with quiet():
                found = set(result["indicator"])
            note(table, pending if pending and found <= pending else ALL)
            return result
        note(table)
        return result


class _At:
    """`table.at[key, column]`, recording the key."""

    def __init__(self, frame: _Table):
        self.frame = frame

    def __getitem__(self, key):
        note(self.frame._hp_table, [key[0] if isinstance(key, tuple) else key])
        with quiet():
            return pd.DataFrame.__getattribute__(self.frame, "at")[key]


# Attributes that say how a table is laid out, not what it holds (pandas reads them when aligning).
STRUCTURE = {"columns", "index", "dtype", "dtypes", "name", "ndim", "axes"}
# Methods of a column that build a mask from it (their result is a plain boolean Series).
MASK_METHODS = {"isin", "between", "isna", "notna", "eq", "ne", "lt", "le", "gt", "ge"}


def _column(series: pd.Series, frame: _Table, is_indicator: bool) -> pd.Series:
    with quiet():
        column = _Column(series)
    object.__setattr__(column, "_hp_frame", frame)
    object.__setattr__(column, "_hp_indicator", is_indicator)
    return column


class _Column(pd.Series):
    """A column of a table of data rows, good for building masks; any other use reads every row."""

    @property
    def _constructor(self):
        return pd.Series

    @property
    def _constructor_expanddim(self):
        return pd.DataFrame

    def _hp_compared(self, op: str, other) -> None:
        if not self._hp_indicator:
            return
        if op == "eq" and isinstance(other, str):
            self._hp_frame._hp_pending.add(other)
        elif op == "isin" and not isinstance(other, str):
            self._hp_frame._hp_pending.update(str(x) for x in other)
        else:
            note(self._hp_frame._hp_table)

    def __getattribute__(self, name):
        if name[0] == "_" or _depth or name in STRUCTURE:
            return super().__getattribute__(name)
        if name in MASK_METHODS:
            method = super().__getattribute__(name)

            def masked(*args, **kwargs):
                self._hp_compared(name, args[0] if args else None)
                with quiet():
                    return method(*args, **kwargs)
            return masked
        if name == "str" and not self._hp_indicator:
            with quiet():
                return pd.Series(self.array, index=self.index, name=self.name).str
        note(self._hp_frame._hp_table)
        return super().__getattribute__(name)

    def _hp_op(self, op: str, other):
        self._hp_compared(op, other)
        with quiet():
            return getattr(pd.Series, f"__{op}__")(self, other)

    def __invert__(self):
        if self._hp_indicator:
            note(self._hp_frame._hp_table)
        with quiet():
            return pd.Series.__invert__(self)

    __hash__ = None


for _op in ("eq", "ne", "lt", "le", "gt", "ge", "and", "rand", "or", "ror"):
    setattr(_Column, f"__{_op}__", lambda self, other, _op=_op: self._hp_op(_op, other))


class _Rules(dict):
    """`Dataset.target_rules`, recording any look into it as a read of all of data/targets.yml."""

    __hash__ = None

    def _read(self) -> None:
        if not _depth:
            note("targets")

    def __reduce_ex__(self, protocol):
        self._read()
        return (dict, (dict.copy(self),))

    def __deepcopy__(self, memo):
        import copy

        self._read()
        return copy.deepcopy(dict.copy(self), memo)


def _reading(name: str):
    method = getattr(dict, name)

    def read(self, *args, **kwargs):
        self._read()
        return method(self, *args, **kwargs)
    read.__name__ = name
    return read


for _name in ("__getitem__", "__iter__", "__contains__", "__len__", "__eq__", "__repr__",
              "get", "items", "keys", "values", "copy"):
    setattr(_Rules, _name, _reading(_name))
