"""How many matching articles were published each day, week or month: the timeline.

Counted from the date column the search already keeps as an array (``index/news/
columns.py``: each document's date as ``YYYYMMDD``), never by loading documents: the
matches' dates are reduced to their distinct days with ``np.unique`` (a sort of the
matches, ~3 ms at 100,000 articles, benchmarks/analyst_views.py), and only those few
thousand days are turned into calendar buckets. Articles without a date are counted
apart (``undated``), so a timeline of undated articles says so instead of drawing nothing.

The bucket follows the span of the matches' dates: the finest of day, week (ISO weeks,
Monday first) and month that draws at most ``MAX_BUCKETS`` bars, so a fortnight of news
shows its days and two years their months; ``by`` overrides it.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

import numpy as np

from .models import Filters

BY = ("day", "week", "month")
#: The automatic bucket is the finest that gives at most this many bars (a screen's width).
MAX_BUCKETS = 60
#: An overridden bucket may give at most this many (a century of days is a mistake).
MAX_OVERRIDDEN = 20_000
_EPOCH = np.datetime64("1970-01-01", "D")
#: 1970-01-01, day 0, was a Thursday: day + 3 counts from a Monday.
_MONDAY_SHIFT = 3


@dataclass(frozen=True, slots=True)
class Bucket:
    """One bar: the matching articles published from ``start`` to ``end`` (ISO dates)."""

    start: str
    end: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """The matches of a query and filters over time, and those without a date."""

    query: str
    by: str
    buckets: tuple[Bucket, ...]
    #: Every matching article, dated or not.
    total: int
    undated: int
    took_ms: float = 0.0
    filters: Filters = field(default_factory=Filters)
    since: str = ""
    until: str = ""
    #: The outlets counted (any of them; none: every outlet).
    sources: tuple[str, ...] = ()

    @property
    def dated(self) -> int:
        """Matching articles with a publication date."""
        return self.total - self.undated

    @property
    def peak(self) -> int:
        """The highest bar."""
        return max((b.count for b in self.buckets), default=0)

    @property
    def note(self) -> str:
        """What the bars cannot show, in words: no match, no date, or the undated matches.

        >>> Timeline("", "day", (), total=1, undated=1).note
        'the one matching article has no date'
        >>> Timeline("", "day", (), total=1200, undated=30).note
        '30 of 1,200 matching articles have no date'
        """
        if not self.total:
            return "no matching article"
        if not self.dated:
            return ("the one matching article has no date" if self.total == 1 else
                    f"none of the {self.total:,} matching articles has a date")
        if self.undated:
            return (f"{self.undated:,} of {self.total:,} matching articles "
                    f"{'has' if self.undated == 1 else 'have'} no date")
        return ""

    def to_dict(self) -> dict:
        """The ``--json`` shape: query, filters, bucket, counts and the bars."""
        return {"query": self.query, "filters": self.filters.to_dict(), "since": self.since,
                "until": self.until, "sources": list(self.sources), "by": self.by, "total": self.total,
                "undated": self.undated, "took_ms": self.took_ms,
                "buckets": [{"start": b.start, "end": b.end, "label": b.label,
                             "count": b.count} for b in self.buckets]}


def timeline(engine, request, by: str | None = None) -> Timeline:
    """The timeline of a ``SearchRequest``'s matches (query, entity filters, dates and
    outlets), bucketed by ``by`` (day, week or month) or by the span of their dates.

    Raises ``ValueError`` for an unknown ``by``, or one that would draw more than
    ``MAX_OVERRIDDEN`` bars.
    """
    if by is not None and by not in BY:
        raise ValueError(f"the timeline's bucket must be day, week or month, not {by!r}")
    began = time.perf_counter()
    found = engine.matching(request)
    chosen, buckets, undated = bucketed(found.columns.dates[found.matched], by)
    return Timeline(query=request.text, by=chosen, buckets=buckets,
                    total=found.count, undated=undated,
                    took_ms=round((time.perf_counter() - began) * 1000, 2),
                    filters=request.filters, since=request.since, until=request.until,
                    sources=request.sources)


def bucketed(dates: np.ndarray, by: str | None = None) -> tuple[str, tuple[Bucket, ...], int]:
    """Dates (``YYYYMMDD``, 0 when unknown) as (the bucket, the bars, how many are undated).

    >>> by, bars, undated = bucketed(np.array([20250301, 20250303, 0, 20250230]))
    >>> by, [(b.label, b.count) for b in bars], undated
    ('day', [('2025-03-01', 1), ('2025-03-02', 0), ('2025-03-03', 1)], 2)
    """
    days, counts = np.unique(dates[dates > 0], return_counts=True)
    numbers, valid = day_numbers(days)
    undated = int(np.count_nonzero(dates <= 0)) + int(counts[~valid].sum())
    numbers, counts = numbers[valid], counts[valid]
    chosen = by or (bucket_for(int(numbers[0]), int(numbers[-1])) if len(numbers) else "day")
    return chosen, _buckets(numbers, counts, chosen), undated


def day_numbers(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``YYYYMMDD`` integers as days since 1970-01-01, and which are real calendar days.

    >>> numbers, valid = day_numbers(np.array([19700102, 20250230, 20240229]))
    >>> int(numbers[0]), valid.tolist()
    (1, [True, False, True])
    """
    dates = np.asarray(dates, dtype=np.int64)
    years, months, days = dates // 10_000, dates // 100 % 100, dates % 100
    valid = (months >= 1) & (months <= 12) & (days >= 1) & (days <= 31)
    month_starts = ((years - 1970) * 12 + np.clip(months, 1, 12) - 1).astype("datetime64[M]")
    numbers = (month_starts.astype("datetime64[D]") - _EPOCH).astype(np.int64) + days - 1
    # 30 February lands in March: a day that leaves its month is no date
    valid &= (numbers + _EPOCH).astype("datetime64[M]") == month_starts
    return numbers, valid


def bucket_for(first: int, last: int) -> str:
    """The finest bucket that draws the span from day ``first`` to day ``last`` (days
    since 1970-01-01) in at most ``MAX_BUCKETS`` bars.

    >>> monday = 4  # 1970-01-05
    >>> bucket_for(0, 59), bucket_for(monday, monday + 60 * 7 - 1), bucket_for(0, 60 * 7)
    ('day', 'week', 'month')
    """
    if last - first + 1 <= MAX_BUCKETS:
        return "day"
    if (_week(last) - _week(first)) // 7 + 1 <= MAX_BUCKETS:
        return "week"
    return "month"


def _week(day):
    """The Monday that starts a day's ISO week (days since 1970-01-01)."""
    return day - (day + _MONDAY_SHIFT) % 7


def _month(day):
    return (np.asarray(day) + _EPOCH).astype("datetime64[M]")


def _buckets(numbers: np.ndarray, counts: np.ndarray, by: str) -> tuple[Bucket, ...]:
    """Every bucket from the first dated match's to the last's, empty ones included."""
    if not len(numbers):
        return ()
    if by == "month":
        keys = _month(numbers).astype(np.int64)
        starts = np.arange(keys[0], keys[-1] + 1)
    else:
        keys = numbers if by == "day" else _week(numbers)
        step = 1 if by == "day" else 7
        starts = np.arange(keys[0], keys[-1] + 1, step)
    if len(starts) > MAX_OVERRIDDEN:
        raise ValueError(f"a timeline by {by} of these dates would draw {len(starts):,} bars "
                         f"(at most {MAX_OVERRIDDEN:,}): choose a wider bucket")
    totals = np.zeros(len(starts), dtype=np.int64)
    np.add.at(totals, np.searchsorted(starts, keys), counts)
    return tuple(_bucket(int(start), by, int(total)) for start, total in zip(starts, totals,
                                                                             strict=True))


def _bucket(start: int, by: str, count: int) -> Bucket:
    if by == "month":
        month = np.datetime64(start, "M")
        first = month.astype("datetime64[D]")
        last = (month + 1).astype("datetime64[D]") - 1
        return Bucket(str(first), str(last), str(month), count)
    first = _EPOCH + start
    if by == "day":
        return Bucket(str(first), str(first), str(first), count)
    year, week, _ = dt.date.fromisoformat(str(first)).isocalendar()
    return Bucket(str(first), str(first + 6), f"{year}-W{week:02d}", count)
