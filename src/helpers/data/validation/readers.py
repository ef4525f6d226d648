"""Read the data files with line numbers, reporting file-level problems (rule 1)."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers.data.contract import ALL_COLUMNS, REQUIRED_COLUMNS
from helpers.data.errors import Problem
from helpers.data.yaml_text import SafeLoader, load


def display_path(path: Path) -> str:
    """The path as the user typed it: relative to the working directory when inside it."""
    path = Path(path).absolute()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _read_text(path: Path, shown: str, problems: list[Problem], what: str) -> str | None:
    """The file as text, or None after recording why it cannot be read."""
    if not path.is_file():
        problems.append(Problem(shown, 1, None, "file not found",
                                f"create {path.name} ({what}) in the data folder"))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        char = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(shown, line, None,
                                f"byte 0x{data[exc.start]:02x} is not valid UTF-8 (the file looks like "
                                "another encoding, e.g. Latin-1 or Windows-1258)",
                                "save the file as UTF-8", char=char))
        return None
    if not text.strip():
        problems.append(Problem(shown, 1, None, "file is empty", f"write {what}"))
        return None
    return text


@dataclass
class CsvTable:
    """values.csv as strings: `rows[i]` came from line `lines[i]`; missing optional columns are ''."""

    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def read_values_csv(path: Path, problems: list[Problem]) -> CsvTable | None:
    """Parse values.csv; None when it cannot be used at all (unreadable, empty, bad header)."""
    shown = display_path(path)
    text = _read_text(path, shown, problems, "the header row " + ",".join(ALL_COLUMNS) + " and one row per figure")
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    table = CsvTable(header)
    bad_header = False
    for i, name in enumerate(header):
        if name not in ALL_COLUMNS:
            problems.append(Problem(shown, 1, name or f"#{i + 1}", "unknown column" + suggest(name, ALL_COLUMNS),
                                    "rename or remove it; allowed columns: " + ",".join(ALL_COLUMNS)))
            bad_header = True
        elif header.index(name) != i:
            problems.append(Problem(shown, 1, name, "column appears twice in the header", "remove the second one"))
            bad_header = True
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(Problem(shown, 1, name, "required column is missing from the header",
                                    "add it; the header must be " + ",".join(ALL_COLUMNS)))
            bad_header = True
    known = [c for c in header if c in ALL_COLUMNS]
    expected = [c for c in ALL_COLUMNS if c in known]
    if not bad_header and known != expected:
        first = next(i for i, (got, want) in enumerate(zip(known, expected)) if got != want)
        problems.append(Problem(shown, 1, known[first],
                                f"columns are not in the contract's order: '{known[first]}' stands where "
                                f"'{expected[first]}' belongs", "order the header as " + ",".join(ALL_COLUMNS)
                                + " (optional columns may be left out; note_vi, when present, is last)"))
        bad_header = True
    if bad_header:
        return None
    previous = reader.line_num
    for record in reader:
        line, previous = previous + 1, reader.line_num
        if not record or all(not f.strip() for f in record):
            continue
        if len(record) != len(header):
            col = header[len(record)] if len(record) < len(header) else f"#{len(record)}"
            problems.append(Problem(shown, line, col,
                                    f"row has {len(record)} fields but the header has {len(header)}",
                                    "quote fields that contain commas with double quotes and give every column"))
            continue
        row = dict.fromkeys(ALL_COLUMNS, "")
        row.update(zip(header, record))
        table.rows.append(row)
        table.lines.append(line)
    if not table.rows and not any(p.file == shown and p.line > 1 for p in problems):
        problems.append(Problem(shown, 2, None, "no data rows below the header",
                                "add one row per figure"))
        return None
    return table


class LinedDict(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 1
    key_lines: dict
    duplicates: list  # (key, line) of keys given twice


class _LineLoader(SafeLoader):
    """A safe loader keeping each mapping's lines, on libyaml's parser when PyYAML has it
    (``helpers.data.yaml_text``)."""


class _PureLineLoader(yaml.SafeLoader):
    """The same on the pure-Python parser: a text libyaml rejects is read again with it."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    result = LinedDict()
    result.line = node.start_mark.line + 1
    result.key_lines, result.duplicates = {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        value = loader.construct_object(value_node, deep=True)
        if key in result:
            result.duplicates.append((key, key_node.start_mark.line + 1))
        result[key] = value
        result.key_lines.setdefault(key, key_node.start_mark.line + 1)
    return result


for _loader in (_LineLoader, _PureLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml_mapping(path: Path, problems: list[Problem], what: str) -> dict[str, LinedDict] | None:
    """A YAML file mapping ids to mappings of fields; None when it cannot be used."""
    shown = display_path(path)
    text = _read_text(path, shown, problems, what)
    if text is None:
        return None
    try:
        doc = load(text, _LineLoader, _PureLineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, char = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(shown, line, None, f"YAML syntax error: {reason}",
                                "fix the indentation/quoting there (strings with ':' or '#' need quotes)",
                                char=char))
        return None
    if not isinstance(doc, LinedDict):
        problems.append(Problem(shown, 1, None, "the file must be a mapping of id -> fields",
                                f"write {what}"))
        return None
    for key, line in doc.duplicates:
        problems.append(Problem(shown, line, str(key), "id is defined twice", "keep one definition"))
    return doc
