"""Exporting the timeline and the related names: CSV rows that each say what they count
(query, filters, dates, outlets), JSON in the ``--json`` shape, formulas neutralised."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from fahras.index.cooccurrence import related
from fahras.index.models import Filters
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store
from fahras.index.timeline import Bucket, Timeline, timeline
from fahras.index.views_export import (
    RELATED_COLUMNS,
    TIMELINE_COLUMNS,
    render_related,
    render_timeline,
)

VIEWS = Path(__file__).parent.parent / "data" / "views"
REQUEST = SearchRequest("", Filters(company=("nvidia",)), since="2025-01-01",
                        until="2025-06-30", sources=("منصة الأفق",))


@pytest.fixture(scope="module")
def views_engine(tmp_path_factory, catalogue) -> Engine:
    store = Store(tmp_path_factory.mktemp("views-export"), catalogue)
    store.add([VIEWS])
    return Engine(store)


def rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # spreadsheets then read UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_a_timeline_as_csv_has_a_row_a_bar_saying_what_it_counts(views_engine):
    found = timeline(views_engine, REQUEST, "month")
    table = rows(render_timeline(found, "csv"))
    assert list(table[0]) == TIMELINE_COLUMNS and len(table) == len(found.buckets) > 0
    assert [(r["label"], int(r["count"])) for r in table] == \
        [(b.label, b.count) for b in found.buckets]
    assert {(r["filters"], r["since"], r["until"], r["sources"], r["by"]) for r in table} == \
        {("company: nvidia", "2025-01-01", "2025-06-30", "منصة الأفق", "month")}


def test_a_timeline_as_json_is_the_command_lines_shape(views_engine):
    found = timeline(views_engine, REQUEST)
    out = json.loads(render_timeline(found, "json"))
    assert out == json.loads(json.dumps(found.to_dict(), ensure_ascii=False))
    assert out["sources"] == ["منصة الأفق"] and out["filters"] == {"company": ["nvidia"]}


def test_related_names_as_csv_and_json_with_counts_and_strength(views_engine):
    tsmc = views_engine.matcher.catalogue.get("tsmc")
    found = related(views_engine, tsmc, SearchRequest("", Filters(company=("tsmc",))))
    table = rows(render_related(found, "csv"))
    assert list(table[0]) == RELATED_COLUMNS
    assert [r["id"] for r in table] == [p.id for p in found.partners]
    first = table[0]
    assert (first["entity_id"], first["id"], first["together"]) == ("tsmc", "asml", "3")
    assert float(first["log_dice"]) == round(found.partners[0].log_dice, 3)
    assert first["filters"] == ""  # the entity's own filter is not a scope
    out = json.loads(render_related(found, "json"))
    assert out["entity"]["id"] == "tsmc" and out["scope"] == found.scope
    assert [p["id"] for p in out["related"]] == [p.id for p in found.partners]


def test_a_query_that_looks_like_a_formula_is_not_run_by_a_spreadsheet():
    bars = Timeline(query="=HYPERLINK(1)", by="day", total=1, undated=0,
                    buckets=(Bucket("2025-01-01", "2025-01-01", "2025-01-01", 1),))
    [row] = rows(render_timeline(bars, "csv"))
    assert row["query"] == "'=HYPERLINK(1)"
    with pytest.raises(ValueError, match="exported as csv, json"):
        render_timeline(bars, "md")
