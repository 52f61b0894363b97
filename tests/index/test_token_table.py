"""The token table stored with each article (index/token_table.py), and highlights read off
it: the same hits as analysing the text, without analysing it."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fahras.index.analysis import TOKEN_PATTERN, Analyzer
from fahras.index.models import TITLE_PARAGRAPH, ArticleView, Filters, Mention
from fahras.index.passages import ArticleHits, Highlighter, passages
from fahras.index.schema import to_view, to_view_and_tokens
from fahras.index.search import SearchRequest
from fahras.index.token_table import decode, encode

ANALYZER = Analyzer()
TEXTS = ("عنوانُ الخبر: إنفيديا", "", "قالت الشركة، إن الشركات تعمل على GPT-4 منذ ٢٠٢٦م.",
         "...", "x", "  مسافات   بعيدة  ")


def _offsets(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN_PATTERN.finditer(text)]


def _table_offsets(texts) -> list[list[tuple[int, int]]]:
    table = decode(encode(texts))
    assert table is not None
    found: list[list[tuple[int, int]]] = [[] for _ in texts]
    for text, start, end in zip(table.texts.tolist(), table.starts.tolist(),
                                table.ends.tolist()):
        found[text].append((start, end))
    return found


def test_the_table_holds_every_token_of_every_text_where_the_tokenizer_cuts_it():
    assert _table_offsets(TEXTS) == [_offsets(t) for t in TEXTS]


def test_wide_gaps_long_words_and_many_words_keep_their_offsets():
    # past one byte: a gap of 300 characters, a word of 400, 300 distinct words
    many = " ".join(f"w{n}" for n in range(300))
    texts = ("", "." * 300 + "كلمة " + "ب" * 400, many)
    assert _table_offsets(texts) == [_offsets(t) for t in texts]


def test_each_distinct_word_gets_one_number_and_reads_back_as_written():
    texts = ("الشركة والشركة", "الشركة تعمل")
    table = decode(encode(texts))
    assert table is not None
    assert table.words.tolist() == [0, 1, 0, 2]
    assert table.spellings(texts) == ["الشركة", "والشركة", "تعمل"]


@pytest.mark.parametrize("packed", [
    "", "not base64!", base64.b64encode(b"not zlib").decode(),
    base64.b64encode(zlib.compress(b"\x01short")).decode(),
])
def test_a_value_that_does_not_unpack_is_no_table(packed):
    assert decode(packed) is None


def test_a_table_cut_by_another_tokenizer_is_not_used(monkeypatch):
    packed = encode(TEXTS)
    monkeypatch.setattr("fahras.index.token_table.FINGERPRINT", 12345)
    assert decode(packed) is None


def test_a_table_fits_only_the_texts_it_was_made_of():
    table = decode(encode(("أ ب", "ج د")))
    assert table is not None
    assert table.fits(("أ ب", "ج د"))
    assert not table.fits(("أ ب",))
    assert not table.fits(("أ", "ج د"))


def _phrase(words: str, exact: bool = False) -> tuple[tuple[str, ...], bool]:
    tokens = ANALYZER.tokens(words, keep_stops=True)
    return tuple(t.norm if exact else t.stem for t in tokens), exact


HIGHLIGHTERS = [
    Highlighter(stems=frozenset({"شرك"})),
    Highlighter(stems=frozenset({"رقاق"}), plurals=frozenset({"رقايق"})),
    Highlighter(norms=frozenset({"شركه"})),
    Highlighter(prefixes=("سامسو", "وسامسو")),
    Highlighter(prefixes=("ال",)),
    Highlighter(phrases=(_phrase("اشباه موصلات"),)),
    Highlighter(phrases=(_phrase("أشباه الموصلات", exact=True),)),
    Highlighter(phrases=(_phrase("إدارة في شركة"),), stems=frozenset({"ذكاء"})),
    Highlighter(norms=frozenset({"22.6"})),
    Highlighter(stems=frozenset({"شرك"}), entities=frozenset({"x"})),
]
WORDS = ["الشركة", "لشركة", "الشركات", "شركة", "رقائق", "رقاق", "سامسونج", "وسامسونغ",
         "أشباه", "الموصلات", "أَشْبَاهُ", "الإدارة", "في", "على", "الذكاء", "ﻻ", "ﹰ",
         "6ر22", "٢٢٫٦", "GPT", "ـ", "،", ".", "\u0640الشركة"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
                min_size=1, max_size=4))
def test_hits_read_off_the_table_are_the_hits_of_analysing_the_text(texts):
    table = decode(encode(texts))
    assert table is not None
    for highlighter in HIGHLIGHTERS:
        found = highlighter.word_spans(table, texts)
        assert [highlighter.merged(spans) for spans in found] == [
            highlighter.hits(t) for t in texts]


def _view(title: str, *paragraphs: str, mentions=()) -> ArticleView:
    return ArticleView(id="a", title=title, author="", source="", path="a.txt",
                       paragraphs=paragraphs, mentions=tuple(mentions))


def test_passages_from_the_table_never_analyse_the_text(monkeypatch):
    view = _view("الشركة تعلن", "لا شيء هنا", "قالت الشركة إن الشركات تعمل",
                 mentions=[Mention("x", "company", 0, 0, 2, "لا")])
    highlighter = Highlighter(stems=frozenset({"شرك"}), entities=frozenset({"x"}))
    expected = passages(view, highlighter)
    title = ArticleHits(view, highlighter)(TITLE_PARAGRAPH)
    packed = encode((view.title, *view.paragraphs))

    def refuse(*args, **kwargs):
        raise AssertionError("the text was analysed again")

    monkeypatch.setattr(Analyzer, "tokens", refuse)
    hits = ArticleHits(view, highlighter, packed)
    assert passages(view, highlighter, hits=hits) == expected
    assert hits(TITLE_PARAGRAPH) == title == [(0, 6)]
    assert [p.hits for p in expected] == [((0, 2),), ((5, 11), (15, 22))]


def test_a_table_that_does_not_fit_the_article_is_not_used():
    view = _view("عنوان", "قالت الشركة")
    stale = encode(("عنوان", "قالت"))  # a shorter text than the one stored
    highlighter = Highlighter(stems=frozenset({"شرك"}))
    assert ArticleHits(view, highlighter, stale)(0) == [(5, 11)]


def test_an_indexed_article_stores_its_table(engine):
    searcher, _ = engine.searcher()
    stored = searcher.stored_fields(0)
    view, packed = to_view_and_tokens(stored)
    assert packed is not None
    assert _table_offsets((view.title, *view.paragraphs)) == [
        _offsets(t) for t in (view.title, *view.paragraphs)]
    assert to_view(stored) == view


@pytest.mark.parametrize("request_", [
    SearchRequest("الذكاء الاصطناعي"), SearchRequest('"أشباه الموصلات"'),
    SearchRequest("شرك*"), SearchRequest("=الشركة"), SearchRequest("رقائق"),
    SearchRequest("", Filters(company=("nvidia",))),
    SearchRequest("تايوان", Filters(company=("tsmc",))),
])
def test_a_page_is_the_same_from_an_index_written_before_tables(engine, request_):
    searcher, _ = engine.searcher()
    compiled = engine.compile(request_.text)
    highlighter = engine._highlighter(compiled, request_.filters)
    for docnum in range(searcher.doc_count_all()):
        stored = searcher.stored_fields(docnum)
        data = json.loads(stored["data"])
        del data["tokens"]
        old = {**stored, "data": json.dumps(data, ensure_ascii=False)}
        assert engine._result(stored, 1.0, highlighter) == engine._result(old, 1.0, highlighter)
