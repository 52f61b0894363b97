"""The timeline: matching articles per day, week or month, bucketed by the span of their
dates, with the undated ones counted apart (index/timeline.py)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import fahras.index.timeline
from fahras.index.models import Filters
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store
from fahras.index.timeline import MAX_BUCKETS, bucket_for, day_numbers, timeline

VIEWS = Path(__file__).parent.parent / "data" / "views"


@pytest.fixture(scope="module")
def views_engine(tmp_path_factory, catalogue) -> Engine:
    directory = tmp_path_factory.mktemp("views-index")
    store = Store(directory, catalogue)
    store.add([VIEWS])
    return Engine(store)


def test_the_doctests_pass():
    assert doctest.testmod(fahras.index.timeline).failed == 0


def test_five_months_of_news_are_drawn_by_week_with_the_undated_counted_apart(views_engine):
    found = timeline(views_engine, SearchRequest(""))
    assert (found.by, found.total, found.undated, found.dated) == ("week", 19, 2, 17)
    assert found.buckets[0] == fahras.index.timeline.Bucket("2025-01-06", "2025-01-12", "2025-W02", 1)
    assert found.buckets[-1].label == "2025-W22"
    assert sum(b.count for b in found.buckets) == 17
    # empty weeks are bars of 0, so the bars are evenly spaced in time
    starts = [b.start for b in found.buckets]
    assert len(starts) == 21 and 0 in [b.count for b in found.buckets]


def test_one_month_is_drawn_by_day_and_a_longer_span_by_month():
    first, _ = day_numbers([20250301])
    assert bucket_for(int(first[0]), int(first[0]) + 30) == "day"
    assert bucket_for(int(first[0]), int(first[0]) + 7 * 30) == "week"
    assert bucket_for(int(first[0]), int(first[0]) + 7 * (MAX_BUCKETS + 1)) == "month"


def test_a_date_filter_narrows_the_span_and_the_bucket(views_engine):
    march = timeline(views_engine, SearchRequest("", since="2025-03", until="2025-03"))
    assert march.by == "day"
    assert (march.buckets[0].start, march.buckets[-1].start) == ("2025-03-04", "2025-03-25")
    assert march.total == march.dated == 4


def test_the_query_and_entity_filters_choose_the_articles(views_engine):
    tsmc = timeline(views_engine, SearchRequest("", Filters(company=("tsmc",))), by="month")
    assert [(b.label, b.count) for b in tsmc.buckets] == [
        ("2025-01", 2), ("2025-02", 2), ("2025-03", 2)]
    words = timeline(views_engine, SearchRequest("شاشات"))
    assert (words.total, words.undated, words.buckets) == (1, 1, ())


def test_by_overrides_the_span_and_an_unknown_bucket_is_refused(views_engine):
    by_day = timeline(views_engine, SearchRequest(""), by="day")
    assert by_day.by == "day" and len(by_day.buckets) == 141
    with pytest.raises(ValueError, match="day, week or month, not 'year'"):
        timeline(views_engine, SearchRequest(""), by="year")


def test_impossible_dates_count_as_undated():
    _, valid = day_numbers([20250230, 20251301, 20250131])
    assert valid.tolist() == [False, False, True]


def test_the_seeds_have_no_dates(engine):
    found = timeline(engine, SearchRequest(""))
    assert found.total == found.undated == 5 and found.buckets == () and found.peak == 0
