"""The dataset checks of data/README.md, one function per rule; each returns a list of Problems.

The values checks take `rows`: the typed rows of values.csv (dicts with `line`, `year` int,
`value` Decimal, ...) that passed the type layer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from decimal import Decimal

from helpers.data.contract import (
    CONFLICT_GROUP, DIRECTIONS, GEOS, GROUPS, INDICATOR_FIELDS, INDICATOR_OPTIONAL_FIELDS, KEY, LANGUAGES,
    RELIABILITY, SOURCE_FIELDS, UNITS,
)
from helpers.data.errors import Problem
from helpers.data.validation.quotes import check_quote
from helpers.data.validation.readers import LinedDict, suggest

SOURCE_OPTIONAL_FIELDS = ("note", "published_note")
ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
DERIVED = "derived:"
DO_NOT_USE = "do not use"
# A published_note must say why the page has no date and what is known; these say neither.
PLACEHOLDER_NOTES = {"", "-", "?", "n/a", "na", "none", "null", "unknown", "tbd", "todo", "no date", "not shown",
                     "date not shown", "undated", "không ngày", "không rõ"}
MIN_NOTE_CHARS = 10


def _field_problem(file: str, entry: LinedDict, key: str, name: str, message: str, fix: str) -> Problem:
    line = entry.key_lines.get(name, entry.line) if isinstance(entry, LinedDict) else 1
    return Problem(file, line, name, f"{key}: {message}", fix)


def _entries(file: str, doc: dict, fields: tuple, optional: tuple, problems: list[Problem]):
    """Yield (id, entry) for well-shaped entries, recording id, shape and field-set problems."""
    for key, entry in doc.items():
        line = doc.key_lines.get(key, 1)
        if not isinstance(key, str) or not ID.match(key):
            problems.append(Problem(file, line, str(key), "id must be a lowercase slug (a-z, 0-9, _)",
                                    "rename it, e.g. vietnamnet_2025_pii"))
        if not isinstance(entry, LinedDict):
            problems.append(Problem(file, line, str(key), "entry must be a mapping of fields",
                                    "indent the fields under the id: " + ", ".join(fields)))
            continue
        for name in fields:
            if name not in entry:
                problems.append(Problem(file, line, name, f"{key}: required field is missing",
                                        f"add '{name}:' under '{key}'"))
        for name in entry:
            if name not in fields + optional:
                problems.append(_field_problem(file, entry, key, name, "unknown field" + suggest(str(name), fields + optional),
                                               "allowed fields: " + ", ".join(fields + optional)))
        yield key, entry


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _check_codes(entry: dict, allowed: dict, bad) -> None:
    """Report each field of `entry` whose value is not one of its allowed codes."""
    for name, codes in allowed.items():
        if name in entry and entry[name] not in codes:
            bad(name, f"{entry[name]!r} is not allowed", "use one of " + " ".join(codes))


def _check_text(entry: dict, fixes: dict[str, str], bad) -> None:
    """Report each field of `entry` named in `fixes` that is present but not non-empty text."""
    for name, fix in fixes.items():
        if name in entry and not _text(entry[name]):
            bad(name, "must be non-empty text", fix)


def check_sources(file: str, doc: dict) -> list[Problem]:
    """Rule 1 for sources.yml: required fields, valid codes, dates and URL."""
    problems: list[Problem] = []
    for key, e in _entries(file, doc, SOURCE_FIELDS, SOURCE_OPTIONAL_FIELDS, problems):
        bad = lambda name, msg, fix: problems.append(_field_problem(file, e, key, name, msg, fix))  # noqa: E731
        _check_text(e, {name: f"write the {name} of the page" for name in ("title", "publisher")}, bad)
        if "url" in e and not (isinstance(e["url"], str) and re.match(r"^https?://\S+$", e["url"])):
            bad("url", f"{e['url']!r} is not an http(s) URL", "paste the page's full address, starting with https://")
        _check_codes(e, {"language": LANGUAGES, "reliability": RELIABILITY}, bad)
        if "accessed" in e and parse_date(e["accessed"]) is None:
            bad("accessed", f"{e['accessed']!r} is not a date", "write YYYY-MM-DD")
        if "published" in e:
            if e["published"] is None:
                note = e.get("published_note")
                if not _text(note):
                    bad("published", "is null but there is no published_note",
                        "add 'published_note:' saying why the page has no date and what is known about it "
                        "(e.g. date not shown; reports the event of 10/10/2025)")
                elif note.strip().lower().rstrip(".") in PLACEHOLDER_NOTES or len(note.strip()) < MIN_NOTE_CHARS:
                    bad("published_note", f"{note.strip()!r} does not say why the page has no date",
                        "say why the date is missing and what is known about it "
                        "(e.g. date not shown; reports the event of 10/10/2025)")
            elif parse_date(e["published"]) is None:
                bad("published", f"{e['published']!r} is not a date", "write YYYY-MM-DD, or null with a published_note")
            elif parse_date(e.get("accessed")) and parse_date(e["published"]) > parse_date(e["accessed"]):
                bad("published", "is after the accessed date", "check both dates")
    return problems


def check_indicators(file: str, doc: dict) -> list[Problem]:
    """Rule 1 for indicators.yml: required fields and valid codes (unit, direction, group, limit)."""
    problems: list[Problem] = []
    for key, e in _entries(file, doc, INDICATOR_FIELDS, INDICATOR_OPTIONAL_FIELDS, problems):
        bad = lambda name, msg, fix: problems.append(_field_problem(file, e, key, name, msg, fix))  # noqa: E731
        _check_text(e, dict.fromkeys(("title_vi", "title_en"), "write the indicator's title"), bad)
        if "unit" in e and e["unit"] not in UNITS:
            bad("unit", f"unknown unit {e['unit']!r}" + suggest(str(e["unit"]), UNITS), "use one of " + " ".join(UNITS))
        if "decimals" in e and not (type(e["decimals"]) is int and 0 <= e["decimals"] <= 6):
            bad("decimals", f"{e['decimals']!r} is not an integer 0..6", "write how many decimals the report shows")
        _check_codes(e, {"direction": DIRECTIONS, "group": GROUPS}, bad)
        if "limit" in e and e["limit"] is not None:
            limit = e["limit"]
            if type(limit) not in (int, float):
                bad("limit", f"{limit!r} is not a number", "write the natural upper limit, e.g. 100, or remove it")
            elif e.get("unit") in UNITS:
                _, low, high = UNITS[e["unit"]]
                if (low is not None and limit < low) or (high is not None and limit > high):
                    bad("limit", f"{limit} is outside the bounds of unit {e['unit']}", "check the limit")
    return problems


def check_references(file: str, rows: list[dict], indicators: dict, sources: dict) -> list[Problem]:
    """Rule 3: indicator, geo and source_id exist."""
    problems = []
    for r in rows:
        for column, known, where in (("indicator", indicators, "indicators.yml"), ("geo", GEOS, "contract.GEOS"),
                                     ("source_id", sources, "sources.yml")):
            if r[column] not in known:
                problems.append(Problem(file, r["line"], column, f"unknown {column} '{r[column]}'"
                                        + suggest(r[column], known), f"use an id defined in {where}"))
    return problems


def check_keys(file: str, rows: list[dict]) -> list[Problem]:
    """Rule 4: unique key; exactly one preferred row per conflict group, with a note and a
    Vietnamese `note_vi` (the reason readers see)."""
    problems, seen = [], {}
    for r in rows:
        key = tuple(r[c] for c in KEY)
        if key in seen:
            problems.append(Problem(file, r["line"], "source_id",
                                    f"duplicate of line {seen[key]} (same {', '.join(KEY)})",
                                    "remove one of the two rows"))
        else:
            seen[key] = r["line"]
    groups = defaultdict(list)
    for r in rows:
        groups[tuple(r[c] for c in CONFLICT_GROUP)].append(r)
    for key, members in groups.items():
        if len(members) < 2:
            continue
        lines = ", ".join(str(m["line"]) for m in members)
        chosen = [m for m in members if m["preferred"]]
        label = "/".join(str(k) for k in key)
        if not chosen:
            problems.append(Problem(file, members[0]["line"], "preferred",
                                    f"{label} has {len(members)} rows (lines {lines}) and none is preferred",
                                    "write true in 'preferred' on the row the report uses and say why in its note"))
        for extra in chosen[1:]:
            problems.append(Problem(file, extra["line"], "preferred",
                                    f"{label} has more than one preferred row (lines "
                                    f"{', '.join(str(m['line']) for m in chosen)})",
                                    "keep 'true' on exactly one of them"))
        for c in chosen[:1]:
            if not c["note"].strip():
                problems.append(Problem(file, c["line"], "note", f"preferred row of {label} has no note",
                                        "say in the note why this row is preferred over lines " + lines))
            if not c.get("note_vi", "").strip():
                problems.append(Problem(file, c["line"], "note_vi",
                                        f"preferred row of {label} has no note_vi (the reason shown to readers)",
                                        "write in 'note_vi' one short Vietnamese sentence saying why the report "
                                        "uses this value rather than lines " + lines))
    return problems


def check_limits(file: str, rows: list[dict], indicators: dict) -> list[Problem]:
    """Rule 5: value within the unit's natural bounds and the indicator's limit."""
    problems = []
    for r in rows:
        ind = indicators.get(r["indicator"])
        if not isinstance(ind, dict) or ind.get("unit") not in UNITS:
            continue
        unit, value = ind["unit"], r["value"]
        _, low, high = UNITS[unit]
        limit = ind.get("limit")
        if type(limit) in (int, float) and (high is None or limit < high):
            high, why = limit, f"the limit of indicator {r['indicator']}"
        else:
            why = f"the upper bound of unit {unit}"
        if low is not None and value < low:
            problems.append(Problem(file, r["line"], "value", f"{value} is below {low}, the lower bound of unit {unit}",
                                    "check the value and the indicator's unit"))
        elif high is not None and value > Decimal(str(high)):
            problems.append(Problem(file, r["line"], "value", f"{value} is above {high}, {why}",
                                    "check the value and the indicator's unit"))
        elif unit == "rank" and value != value.to_integral_value():
            problems.append(Problem(file, r["line"], "value", f"rank {value} is not a whole number",
                                    "write the rank as an integer"))
    return problems


def check_time(file: str, rows: list[dict], sources: dict) -> list[Problem]:
    """Rule 6: no actual/estimate for a year later than its source could know.

    A result (actual) or preliminary result (estimate) of a year cannot come from a page published
    before that year began. A source without a publication date (published: null) is bounded by
    the date it was accessed: the page existed then, so it cannot report a later year.
    """
    problems = []
    for r in rows:
        src = sources.get(r["source_id"])
        if not isinstance(src, dict) or r["kind"] not in ("actual", "estimate"):
            continue
        published, accessed = parse_date(src.get("published")), parse_date(src.get("accessed"))
        known, how = (published, "was published") if published else (accessed, "has no publication date and was accessed")
        if known and r["year"] > known.year:
            problems.append(Problem(
                file, r["line"], "year",
                f"{r['kind']} for {r['year']} but source {r['source_id']} {how} {known}, "
                f"before {r['year']} began, so it cannot report a result of that year",
                "re-read the quote: if it gives an expected, planned or goal figure (ước, dự kiến, kế hoạch, "
                "dự toán, mục tiêu, phấn đấu), set kind to plan or target; otherwise correct the year or cite "
                "a source published later"))
    return problems


def check_known_bad(file: str, rows: list[dict]) -> list[Problem]:
    """Rule 9: rows marked DO NOT USE never enter the dataset."""
    return [Problem(file, r["line"], "note", "row is marked 'DO NOT USE'",
                    "delete the row and document the source error in data/README.md")
            for r in rows if r["note"].strip().lower().startswith(DO_NOT_USE)]


def check_quotes(file: str, rows: list[dict], indicators: dict, sources: dict) -> list[Problem]:
    """Rules 7 and 8: the quote states the value, with hedge words matching the qualifier."""
    problems = []
    for r in rows:
        if r["note"].strip().lower().startswith(DERIVED):
            continue
        ind, src = indicators.get(r["indicator"]), sources.get(r["source_id"])
        if not isinstance(ind, dict) or not isinstance(src, dict):
            continue  # reported by check_references
        language = src.get("language") if src.get("language") in LANGUAGES else "vi"
        for column, message, fix in check_quote(r["quote"], r["value"], r["qualifier"], ind.get("unit"), language):
            problems.append(Problem(file, r["line"], column, message, fix))
    return problems


AIM_WORDS = ("phấn đấu", "hướng tới", "strive", "aim to")


def check_aims(file: str, rows: list[dict]) -> list[Problem]:
    """Rule 11: an aim ("phấn đấu", "hướng tới") is never an observation: a row whose quote states
    one cannot be of kind actual or estimate."""
    problems = []
    for r in rows:
        quote = r["quote"].lower()
        word = next((w for w in AIM_WORDS if w in quote), None)
        if r["kind"] in ("actual", "estimate") and word:
            problems.append(Problem(file, r["line"], "kind",
                                    f"{r['kind']} but the quote states an aim (“{word}”), not a result",
                                    "set kind to target (or plan), or quote the sentence that reports the result"))
    return problems


def _words(text: str) -> str:
    """`text` NFC-normalised with runs of white space as one space (for verbatim comparisons)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def check_producers(file: str, rows: list[dict]) -> list[Problem]:
    """Rule 12: a producer is sourced. A row naming the organisation that produced its figure
    (`producer`) carries the verbatim passage of its source that names it (`producer_quote`), and
    that passage contains the name as written in `producer`; a passage without a producer is
    refused too. The passage must be on the row's source page (data/README.md), like `quote`."""
    problems = []
    for r in rows:
        producer, quote = _words(r.get("producer", "")), _words(r.get("producer_quote", ""))
        if producer and not quote:
            problems.append(Problem(file, r["line"], "producer_quote",
                                    f"producer '{producer}' has no producer_quote",
                                    "paste the verbatim passage of the source page that names the producer, "
                                    "or leave 'producer' empty when the source names none"))
        elif quote and not producer:
            problems.append(Problem(file, r["line"], "producer", "is empty but producer_quote is given",
                                    "write in 'producer' the organisation the passage names, as it is written there"))
        elif producer and producer.lower() not in quote.lower():
            problems.append(Problem(file, r["line"], "producer_quote",
                                    f"the passage does not name the producer '{producer}' verbatim",
                                    "write the producer exactly as the passage writes it, or quote the passage "
                                    "of the source page that names it"))
    return problems
