"""The figures of an edition: which rows of data/ its cut-off date lets in.

Cut-off rule (``CUTOFF_RULE``): a figure is in an edition when its source was published on or
before the edition's cut-off date. A source without a publication date (``published: null`` in
data/sources.yml, with its ``published_note``) is dated by ``undated_source_date`` as the day
from which its figures were knowable, the later of:

* the note's most specific dating (``note_date``): the latest full date it names ("the URL
  suggests 6/5/2025", "the press conference of 6/1/2026": the page reports that day's event);
  else the end of the latest month it names ("June 2025"); else the end of the latest year it
  names ("early 2022", "2024");
* the first day of the year after the latest year for which it reports an actual or estimated
  figure (``UNDATED_YEAR_OFFSET``: a year's figure is not known before the year is over).

A source that gives neither is dated by the day it was accessed. When the preferred figure of a
conflict group is left out, the remaining figure whose source is the latest (then the smallest
source id) is preferred instead (``REPREFER_RULE``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import pandas as pd

from helpers.data.edition import Edition

OBSERVED_KINDS = ("actual", "estimate")
UNDATED_YEAR_OFFSET = 1
# How a source's date was found (the `date_basis` of ``source_dates``).
DATE_BASES = ("published", "note", "reported_year", "accessed")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
FULL_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")
MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+((?:19|20)\d{2})\b", re.I)
YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
CUTOFF_RULE = "source_published_on_or_before_cutoff"
REPREFER_RULE = "latest_remaining_source"


def _day(x) -> dt.date | None:
    if x is None or x is pd.NaT or (not isinstance(x, (str, dt.date)) and pd.isna(x)):
        return None
    if isinstance(x, pd.Timestamp):
        return x.date()
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    return dt.date.fromisoformat(str(x)[:10])


def note_date(note: str) -> dt.date | None:
    """The most specific dating a ``published_note`` gives: its latest full date, else the end of
    its latest month, else the end of its latest year; None when it names none."""
    text = str(note or "")
    days = [dt.date(int(y), int(m), int(d)) for d, m, y in FULL_DATE.findall(text)]
    if days:
        return max(days)
    months = [(int(y), MONTHS.index(m.lower()) + 1) for m, y in MONTH_YEAR.findall(text)]
    if months:
        y, m = max(months)
        return dt.date(y, m, calendar.monthrange(y, m)[1])
    years = [int(y) for y in YEAR.findall(text)]
    return dt.date(max(years), 12, 31) if years else None


def undated_source_date(source_rows: pd.DataFrame, note: str, accessed) -> tuple[dt.date, str]:
    """(date, basis) of a source without a publication date (the module's rule)."""
    bounds = []
    from_note = note_date(note)
    if from_note is not None:
        bounds.append((from_note, "note"))
    observed = source_rows[source_rows["kind"].isin(OBSERVED_KINDS)]
    if len(observed):
        bounds.append((dt.date(int(observed["year"].max()) + UNDATED_YEAR_OFFSET, 1, 1), "reported_year"))
    if bounds:
        return max(bounds)
    return _day(accessed), "accessed"


def source_dates(values: pd.DataFrame, sources: pd.DataFrame) -> dict[str, tuple[dt.date, str]]:
    """Every source's (date, basis): its ``published`` date, else ``undated_source_date``."""
    out = {}
    for sid, src in sources.iterrows():
        published = _day(src["published"])
        if published is not None:
            out[str(sid)] = (published, "published")
        else:
            out[str(sid)] = undated_source_date(values[values["source_id"] == sid],
                                                src.get("published_note", ""), src["accessed"])
    return out


def split_by_cutoff(values: pd.DataFrame, sources: pd.DataFrame, cutoff: dt.date
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(kept, left out) rows of ``values`` for an edition with this cut-off. The left-out rows
    carry ``source_date`` and ``date_basis``; in ``kept``, every conflict group that lost its
    preferred row prefers its latest remaining source (``REPREFER_RULE``)."""
    dates = source_dates(values, sources)
    late = pd.Series([dates[sid][0] > cutoff for sid in values["source_id"]], index=values.index, dtype=bool)
    kept = values[~late].copy()
    left = values[late].copy()
    left["source_date"] = [dates[sid][0] for sid in left["source_id"]]
    left["date_basis"] = [dates[sid][1] for sid in left["source_id"]]
    group = ["indicator", "geo", "year", "kind"]
    has_preferred = kept.groupby(group)["preferred"].transform("any")
    for _, g in kept[~has_preferred].groupby(group):
        order = sorted(g.index, key=lambda i: (-dates[g.at[i, "source_id"]][0].toordinal(), g.at[i, "source_id"]))
        kept.loc[order[0], "preferred"] = True
    return kept.reset_index(drop=True), left.reset_index(drop=True)


def left_out_lines(left: pd.DataFrame, edition: Edition) -> list[str]:
    """The build's message: which figures the edition's cut-off left out (English, for the log)."""
    head = f"edition {edition.id} (cut-off {edition.cutoff.isoformat()}): "
    if left.empty:
        return [head + "no figure left out"]
    lines = [head + f"{len(left)} figure(s) left out, their source published after the cut-off:"]
    for r in left.sort_values(["source_id", "indicator", "geo", "year"]).itertuples(index=False):
        lines.append(f"  {r.indicator} {r.geo} {r.year} {r.kind} ({r.source_id}, "
                     f"{r.source_date.isoformat()} by {r.date_basis})")
    return lines
