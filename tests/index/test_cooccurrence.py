"""Related entities: who is named with an entity, ranked by log-Dice so that a big name
does not win by size alone (index/cooccurrence.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fahras.index.association import log_dice
from fahras.index.cooccurrence import related
from fahras.index.models import Filters
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store

VIEWS = Path(__file__).parent.parent / "data" / "views"


@pytest.fixture(scope="module")
def views_engine(tmp_path_factory, catalogue) -> Engine:
    directory = tmp_path_factory.mktemp("views-related")
    store = Store(directory, catalogue)
    store.add([VIEWS])
    return Engine(store)


def test_the_doctests_pass():
    import doctest

    import fahras.index.cooccurrence

    assert doctest.testmod(fahras.index.cooccurrence).failed == 0


def _entity(engine, entity_id):
    return engine.matcher.catalogue.get(entity_id)


def test_a_faithful_small_partner_ranks_above_a_big_one(views_engine):
    # ASML: 3 articles, every one with TSMC; Nvidia: 12 articles, 4 with TSMC
    found = related(views_engine, _entity(views_engine, "tsmc"), SearchRequest(""))
    by_id = {p.id: p for p in found.partners}
    asml, nvidia = by_id["asml"], by_id["nvidia"]
    assert (asml.together, asml.articles) == (3, 3)
    assert (nvidia.together, nvidia.articles) == (4, 12)
    assert nvidia.together > asml.together  # by count Nvidia would come first
    assert [p.id for p in found.partners[:2]] == ["asml", "nvidia"]
    assert asml.log_dice == log_dice(3, 6, 3) and asml.pmi > nvidia.pmi
    assert (found.articles, found.scope) == (6, 19)


def test_the_entity_itself_is_never_its_own_partner_and_limit_cuts(views_engine):
    found = related(views_engine, _entity(views_engine, "tsmc"), SearchRequest(""), limit=2)
    assert len(found.partners) == 2 and "tsmc" not in {p.id for p in found.partners}


def test_a_filter_on_the_entity_itself_is_left_out_of_the_scope(views_engine):
    tsmc = _entity(views_engine, "tsmc")
    plain = related(views_engine, tsmc, SearchRequest(""))
    filtered = related(views_engine, tsmc, SearchRequest("", Filters(company=("tsmc",))))
    assert filtered.partners == plain.partners


def test_the_query_and_dates_narrow_the_scope(views_engine):
    tsmc = _entity(views_engine, "tsmc")
    march = related(views_engine, tsmc, SearchRequest("", since="2025-03", until="2025-03"))
    assert (march.articles, march.scope) == (2, 4)
    assert {p.id: p.together for p in march.partners} == {"nvidia": 1, "intel": 1}


def test_an_entity_no_article_names_has_no_partners(views_engine):
    found = related(views_engine, _entity(views_engine, "huawei"), SearchRequest(""))
    assert (found.articles, found.partners) == (0, ())
