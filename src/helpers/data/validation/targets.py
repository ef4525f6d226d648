"""Checks of data/targets.yml: the bodies that set targets, superseded targets and components."""

from __future__ import annotations

from helpers.data.errors import Problem

SECTIONS = ("bodies", "superseded", "components")
ROW_KEY = ("indicator", "geo", "year", "source_id")


def body_of(policy: str, bodies: dict) -> str | None:
    """The first body (in file order) one of whose phrases ``policy`` contains."""
    for body, entry in bodies.items():
        if any(p in policy for p in entry.get("policy_contains") or []):
            return body
    return None


def _row_key(ref) -> tuple | None:
    if not isinstance(ref, dict) or set(ref) != set(ROW_KEY):
        return None
    try:
        return (str(ref["indicator"]), str(ref["geo"]), int(ref["year"]), str(ref["source_id"]))
    except (TypeError, ValueError):
        return None


def check_targets(file: str, doc: dict, values_file: str, rows: list[dict], indicators: dict) -> list[Problem]:
    """Every section present and well formed, every reference a row or indicator that exists, and
    every target/plan row of values.csv set by a known body."""
    problems = []
    line_of = getattr(doc, "key_lines", {})
    for section in SECTIONS:
        if not isinstance(doc.get(section), dict):
            problems.append(Problem(file, line_of.get(section, 1), section, "is missing or not a mapping",
                                    f"add '{section}:' with one entry per id (see data/README.md, 'Targets')"))
    if problems:
        return problems
    bodies = doc["bodies"]
    for body, entry in bodies.items():
        phrases = entry.get("policy_contains") if isinstance(entry, dict) else None
        if not (isinstance(phrases, list) and phrases and all(isinstance(p, str) and p for p in phrases)) \
                or not isinstance(entry.get("label_vi"), str):
            problems.append(Problem(file, getattr(entry, "line", 1), "policy_contains",
                                    f"body '{body}' needs label_vi and a non-empty list policy_contains", "add them"))
    keys = {(r["indicator"], r["geo"], r["year"], r["source_id"]): r for r in rows}
    for sid, entry in doc["superseded"].items():
        for role in ("target", "by"):
            key = _row_key(entry.get(role)) if isinstance(entry, dict) else None
            if key is None or key not in keys:
                problems.append(Problem(
                    file, getattr(entry, "key_lines", {}).get(role, getattr(entry, "line", 1)), role,
                    f"superseded '{sid}': {role} names no row of values.csv",
                    "give indicator, geo, year and source_id of an existing row"))
            elif keys[key]["kind"] not in ("plan", "target"):
                problems.append(Problem(file, entry.key_lines.get(role, entry.line), role,
                                        f"superseded '{sid}': {role} is a row of kind {keys[key]['kind']}",
                                        "name a plan or target row"))
        if isinstance(entry, dict) and not isinstance(entry.get("why_vi"), str):
            problems.append(Problem(file, getattr(entry, "line", 1), "why_vi", f"superseded '{sid}' has no why_vi",
                                    "say in Vietnamese which decision replaced it"))
    for ind, entry in doc["components"].items():
        total = entry.get("total") if isinstance(entry, dict) else None
        if ind not in indicators or total not in indicators:
            problems.append(Problem(file, getattr(entry, "line", 1), "total",
                                    f"component '{ind}' or its total '{total}' is not in indicators.yml",
                                    "use indicator ids"))
    for r in rows:
        if r["kind"] in ("plan", "target") and body_of(r.get("policy") or "", bodies) is None:
            problems.append(Problem(
                values_file, r["line"], "policy",
                f"no body in {file} matches the policy {r.get('policy')!r}",
                f"name the policy that sets the {r['kind']}, or add a phrase to a body of {file}"))
    return problems
