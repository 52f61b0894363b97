"""Writing the timeline and the related names: CSV (one bar, or one partner, a row) and
JSON (the ``--json`` shape of ``fahras timeline`` and ``fahras related``).

A CSV row repeats what was counted (the query, the entity filters, the dates and the
outlets) beside each bar or partner, so a row copied out of the sheet still says what it
counts; JSON holds them once. The rules of every export (``export.py``): CSV cells a
spreadsheet would run as formulas start with ``'`` and the file has a BOM, JSON keeps
Arabic as written with control characters escaped; writing is ``export.write``'s.
"""

from __future__ import annotations

import csv
import io
import json

from .cooccurrence import Related
from .export import csv_cell
from .safe_text import json_safe
from .timeline import Timeline

FORMATS = {"csv": "CSV", "json": "JSON"}
SCOPE_COLUMNS = ["query", "filters", "since", "until", "sources"]
TIMELINE_COLUMNS = [*SCOPE_COLUMNS, "by", "start", "end", "label", "count"]
RELATED_COLUMNS = [*SCOPE_COLUMNS, "entity_id", "entity_name", "entity_articles", "scope",
                   "id", "kind", "name", "name_ar", "together", "articles", "log_dice", "pmi"]


def render_timeline(timeline: Timeline, fmt: str) -> str:
    """A timeline's bars in one of ``FORMATS``, with what they count."""
    if fmt == "json":
        return _json(timeline.to_dict())
    scope = _scope(timeline.to_dict())
    rows = [[*scope, timeline.by, b.start, b.end, b.label, b.count] for b in timeline.buckets]
    return _csv(TIMELINE_COLUMNS, rows, fmt)


def render_related(related: Related, fmt: str) -> str:
    """The partners of an entity in one of ``FORMATS``, strongest first, with their
    counts and strengths (log-Dice, PMI) and what they were counted over."""
    record = related.to_dict()
    if fmt == "json":
        return _json(record)
    entity = related.entity
    head = [*_scope(record), entity.id, entity.name, related.articles, related.scope]
    rows = [[*head, *(p[name] for name in RELATED_COLUMNS[len(head):])]
            for p in record["related"]]
    return _csv(RELATED_COLUMNS, rows, fmt)


def _scope(record: dict) -> list:
    """The query, filters, dates and outlets of a view's record, as CSV cells."""
    filters = "; ".join(f"{kind}: {', '.join(ids)}" for kind, ids in record["filters"].items())
    return [record["query"], filters, record["since"], record["until"],
            "; ".join(record["sources"])]


def _json(record: dict) -> str:
    return json_safe(json.dumps(record, ensure_ascii=False, indent=2)) + "\n"


def _csv(columns: list[str], rows: list[list], fmt: str) -> str:
    if fmt != "csv":
        raise ValueError(f"the views are exported as {', '.join(FORMATS)}, not {fmt!r}")
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheet programs then read UTF-8 and show Arabic
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
