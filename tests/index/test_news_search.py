"""Searching real news: syndicated copies folded, date and source filters with facets,
sorting by date, phrases kept inside paragraphs, a highlighted passage for every result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fahras.index import jsonable
from fahras.index.corpus import read_paths
from fahras.index.models import TITLE_PARAGRAPH, Article
from fahras.index.news.feeds import read_feed
from fahras.index.news.pages import read_page
from fahras.index.news.syndication import signature, similarity
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store

NEWS = Path(__file__).parent.parent / "data" / "news"
HBM = {"ofuq-hbm", "madar-hbm", "nabd-hbm"}


@pytest.fixture(scope="module")
def news_engine(tmp_path_factory, catalogue) -> Engine:
    store = Store(tmp_path_factory.mktemp("news-search"), catalogue)
    store.add([NEWS])
    return Engine(store)


def test_syndicated_copies_are_one_result_also_in_the_other_sources(news_engine):
    response = news_engine.search(SearchRequest("ذاكرة"))
    ids = [r.id for r in response.results]
    [story] = [r for r in response.results if r.id in HBM]
    assert len(HBM & set(ids)) == 1
    assert {c.id for c in story.also_in} == HBM - {story.id}
    assert {c.source for c in story.also_in} < {"منصة الأفق", "بوابة المدار", "نبض التقنية"}
    as_json = jsonable.response(response)
    [entry] = [r for r in as_json["results"] if r["id"] == story.id]
    assert len(entry["also_in"]) == 2 and entry["source"] and entry["date"] == "2025-12-02"


def test_different_stories_of_one_outlet_are_not_copies():
    articles = {a.id: a for a in read_paths([NEWS / "wire"]) if isinstance(a, Article)}
    sig = {k: signature(a.paragraphs) for k, a in articles.items()}
    assert similarity(sig["ofuq-hbm"], sig["madar-hbm"]) >= 0.5
    assert similarity(sig["ofuq-hbm"], sig["ofuq-oil"]) < 0.2
    assert similarity(sig["madar-fab"], sig["madar-phones"]) < 0.2


def test_date_range_and_source_filters_with_counts(news_engine):
    every = news_engine.search(SearchRequest(""))
    december = news_engine.search(SearchRequest("", since="2025-12", until="2025-12-31",
                                                limit=100))
    assert december.total == 9
    assert {f.id: f.count for f in december.news_facets["month"]} == {"2025-12": 9}
    ofuq = news_engine.search(SearchRequest("", sources=("منصة الأفق",), limit=100))
    assert {r.source for r in ofuq.results} == {"منصة الأفق"} and ofuq.total == 3
    sources = {f.id: f.count for f in every.news_facets["source"]}
    assert sources["ساحة التقنية"] == 4 and sources["منصة الأفق"] == 3
    assert news_engine.count(SearchRequest("", since="2026"))[0] == 6


def test_sort_by_date_puts_the_newest_first(news_engine):
    results = news_engine.search(SearchRequest("", sort="date", limit=100)).results
    dates = [r.date for r in results]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[:len(dated)] == dated


def test_phrases_never_match_across_paragraphs(tmp_path, catalogue):
    (tmp_path / "a.txt").write_text("عنوان الخبر\nانتهت الفقرة الأولى بكلمة مصنع\n"
                                    "أوهايو يبدأ الفقرة الثانية", "utf-8")
    store = Store(tmp_path / "index", catalogue)
    store.add([tmp_path / "a.txt"])
    engine = Engine(store)
    assert engine.search(SearchRequest('"مصنع أوهايو"')).total == 0
    assert engine.search(SearchRequest('"الفقرة الأولى"')).total == 1


def test_a_result_found_by_its_headline_shows_the_headline_highlighted(news_engine):
    [result] = news_engine.search(SearchRequest("أغلى")).results
    [passage] = result.passages
    assert passage.paragraph == TITLE_PARAGRAPH and passage.text == result.title and passage.hits


def test_every_result_has_a_highlighted_passage(news_engine):
    for query in ("TSMC", "رقائق", "سامسونج", "الذكاء الاصطناعي", "أبوظبي"):
        for result in news_engine.search(SearchRequest(query)).results:
            assert any(p.hits for p in result.passages), (query, result.id)


def test_feed_items_are_articles_with_date_link_and_source():
    items = read_feed((NEWS / "feeds" / "sahat.rss").read_text("utf-8"))
    assert [i.date for i in items] == ["2026-01-14", "2026-01-12", "2026-01-10"]
    assert {i.source for i in items} == {"ساحة التقنية"}
    assert items[0].link.endswith("micron-new-york")


def test_a_file_that_is_not_a_feed_is_skipped_with_the_reason(tmp_path):
    bad = tmp_path / "notes.xml"
    bad.write_text("<notes><note>نص</note>", "utf-8")
    [skipped] = list(read_paths([bad]))
    assert skipped.path == str(bad) and "not an RSS or Atom feed" in skipped.reason


def test_hostile_nesting_is_read_flat_without_a_parser():
    page = read_page("<div>" * 100_000 + "نص" + "</div>" * 100_000)
    assert (page.reader, page.text) == ("flat", "نص")
    assert read_page("<a " * 100_000).reader == "flat"


def test_html_pages_are_read_by_the_news_extractor():
    page = read_page((NEWS / "pages" / "sahat-nvidia.html").read_text("utf-8"))
    assert page.reader == "trafilatura" and page.source == "ساحة التقنية"
    assert "فيسبوك" not in page.text and "الأكثر قراءة" not in page.text


def test_copies_share_a_group_key_and_other_stories_have_none(news_engine):
    store = news_engine.store
    groups = {i: store.article(i) for i in (*HBM, "ofuq-oil", "madar-fab")}
    searcher = store.open().searcher()
    try:
        keys = {i: json.loads(searcher.document(id=i)["data"])["group"] for i in groups}
    finally:
        searcher.close()
    assert len({keys[i] for i in HBM}) == 1 and all(keys[i] for i in HBM)
    assert keys["ofuq-oil"] == keys["madar-fab"] == ""


def test_grouper_groups_copies_and_copies_of_copies_and_nothing_else():
    from fahras.index.news.syndication import Grouper

    words = [f"كلمة{i}" for i in range(500)]
    texts = {"a": words[:300], "b": words[50:350], "c": words[100:400],  # a~b~c at 0.71
             "d": words[400:] + words[:20]}
    grouper = Grouper()
    for key, text in texts.items():
        grouper.add(key, [" ".join(text)], source=key)
    groups = grouper.groups()
    assert groups["a"] == groups["b"] == groups["c"] == "a" and "d" not in groups
    one_outlet = Grouper()  # an outlet's updated story, a file saved twice: not copies
    one_outlet.add("x", [" ".join(words)], source="s")
    one_outlet.add("y", [" ".join(words)], source="s")
    assert one_outlet.groups() == {}


def test_citations_name_the_outlet_and_date(news_engine):
    from fahras.index.export import citation

    [passage, *_] = news_engine.passages(SearchRequest("هواوي"))
    assert "ساحة التقنية" in citation(passage) and "2026-01-12" in citation(passage)
