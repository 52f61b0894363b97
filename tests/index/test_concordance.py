"""The concordance: one line per hit with offsets into the original text, sorting by the
words around the hit (variants together), form counts, collocations, and streaming."""

from __future__ import annotations

import json

import pytest

from fahras.index import concordance as kwic
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store

# Written for these tests: hamza and clitic variants around the same word (رقائق), a
# diacritised hit, a Latin hit inside Arabic, and dates to sort by.
ARTICLES = [
    {"id": "a1", "date": "2025-01-10", "source": "الأفق", "title": "خبر أول",
     "text": "أعلنت الشركة عن رقائق جديدة للهواتف.\n"
             "قالت إنفيديا إن الرقَائِق المتطورة نادرة في السوق."},
    {"id": "a2", "date": "2025-03-02", "source": "المدار", "title": "خبر ثان",
     "text": "اعلنت شركة عن رقائق ذاكرة جديدة.\n"
             "وتبيع الشركات ورقائق الذاكرة في كل مكان."},
    {"id": "a3", "date": "2024-11-20", "source": "الأفق", "title": "خبر ثالث",
     "text": "بدأت TSMC تصنيع رقائق بتقنية جديدة، وقالت Nvidia إنها ستشتري رقائق أكثر."},
]


@pytest.fixture(scope="module")
def kwic_engine(tmp_path_factory, catalogue) -> Engine:
    folder = tmp_path_factory.mktemp("kwic-corpus")
    (folder / "news.jsonl").write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), "utf-8")
    store = Store(tmp_path_factory.mktemp("kwic-index"), catalogue)
    store.add([folder])
    return Engine(store)


def every(engine, text, **options):
    return list(kwic.concordance(engine, SearchRequest(text), **options))


def test_offsets_land_on_the_original_words_with_diacritics(kwic_engine):
    found = every(kwic_engine, "رقائق")
    assert len(found) == 6
    for line in found:
        paragraph = kwic_engine.store.article(line.article_id).paragraphs[line.paragraph]
        assert paragraph[line.start:line.end] == line.hit
        assert paragraph.endswith(line.right) or line.right in paragraph
        assert (line.left + line.hit + line.right) in paragraph
        assert paragraph[:line.start].endswith(line.left)
    diacritised = [line for line in found if "\u064e" in line.hit]
    assert [line.hit for line in diacritised] == ["الرقَائِق"]
    assert diacritised[0].form == "الرقائق"


def test_lines_are_in_article_order_best_first_and_reading_order_inside(kwic_engine):
    found = every(kwic_engine, "رقائق")
    by_article: dict[str, list[int]] = {}
    for line in found:
        by_article.setdefault(line.article_id, []).append((line.paragraph, line.start))
    for places in by_article.values():
        assert places == sorted(places)
    # an article's lines come together
    ids = [line.article_id for line in found]
    assert ids == sorted(ids, key=ids.index)


def test_sorting_by_the_word_before_puts_hamza_and_clitic_variants_together(kwic_engine):
    found = kwic.sort_lines(every(kwic_engine, "رقائق"), "left2")
    # 2nd word before the hit: الشركة and شركة (the clitic ال) sort together
    second = [line.left_keys[1] if len(line.left_keys) > 1 else None for line in found]
    companies = [i for i, key in enumerate(second) if key == "شرك"]
    assert len(companies) == 2 and companies[1] == companies[0] + 1
    first_words = [line.left_words[1] for line in found if len(line.left_keys) > 1
                   and line.left_keys[1] == "شرك"]
    assert sorted(first_words) == ["الشركة", "شركة"]
    # and the 3rd: أعلنت and اعلنت (hamza) are one word
    third = [line.left_keys[2] for line in kwic.sort_lines(found, "left3")
             if len(line.left_keys) > 2]
    announced = [i for i, key in enumerate(third) if key == "اعلنت"]
    assert len(announced) == 2 and announced[1] == announced[0] + 1


def test_sorting_by_the_word_after_groups_variants_and_puts_empty_last(kwic_engine):
    found = kwic.sort_lines(every(kwic_engine, "رقائق"), "right1")
    keys = [line.right_keys[0] if line.right_keys else None for line in found]
    assert keys[-1] is not None  # every hit here has a word after it
    # الذاكرة and ذاكرة (أعلنت … رقائق ذاكرة / ورقائق الذاكرة) sort side by side
    memory = [i for i, key in enumerate(keys) if key == "ذاكر"]
    assert len(memory) == 2 and memory[1] == memory[0] + 1
    assert keys == sorted(keys)


def test_sorting_by_hit_article_and_date(kwic_engine):
    found = every(kwic_engine, "رقائق")
    by_hit = kwic.sort_lines(found, "hit")
    assert [line.form for line in by_hit] == sorted(line.form for line in found)
    by_article = kwic.sort_lines(found, "article")
    assert [line.article_id for line in by_article] == ["a1", "a1", "a2", "a2", "a3", "a3"]
    by_date = kwic.sort_lines(found, "date")
    assert [line.date for line in by_date] == sorted((line.date for line in found),
                                                    reverse=True)
    with pytest.raises(ValueError, match="sort by one of"):
        kwic.sort_lines(found, "colour")


def test_a_latin_hit_in_arabic_text(kwic_engine):
    [line] = every(kwic_engine, "TSMC")
    assert line.hit == "TSMC" and line.left == "بدأت "
    assert line.right.startswith(" تصنيع رقائق")
    assert line.right_keys[0] == "تصنيع"


def test_form_counts_and_a_filter_to_one_form(kwic_engine):
    found = every(kwic_engine, "رقائق")
    counts = {c.form: c.count for c in kwic.form_counts(found)}
    assert counts == {"رقائق": 4, "الرقائق": 1, "ورقائق": 1}
    assert kwic.form_counts(found)[0].form == "رقائق"
    only = every(kwic_engine, "رقائق", form="ورقائق")
    assert [line.hit for line in only] == ["ورقائق"]


def test_context_is_cut_at_words_to_the_width(kwic_engine):
    for line in every(kwic_engine, "رقائق", width=12):
        assert len(line.left) <= 12 and len(line.right) <= 12
        paragraph = kwic_engine.store.article(line.article_id).paragraphs[line.paragraph]
        cut_start = line.start - len(line.left)
        assert cut_start == 0 or paragraph[cut_start - 1] == " "
        cut_end = line.end + len(line.right)
        assert cut_end == len(paragraph) or paragraph[cut_end] == " "
    with pytest.raises(ValueError, match="context width"):
        kwic.concordance(kwic_engine, SearchRequest("رقائق"), width=0)


def test_filters_dates_and_sources_scope_the_concordance(kwic_engine):
    found = list(kwic.concordance(kwic_engine, SearchRequest("رقائق", since="2025-01")))
    assert {line.article_id for line in found} == {"a1", "a2"}
    found = list(kwic.concordance(kwic_engine, SearchRequest("رقائق", sources=("المدار",))))
    assert {line.article_id for line in found} == {"a2"}
    assert list(kwic.concordance(kwic_engine, SearchRequest(""))) == []


def test_collocations_rank_by_log_dice_with_counts(kwic_engine):
    found = every(kwic_engine, "رقائق")
    collocates = kwic.collocations(kwic_engine, found)
    by_key = {c.key: c for c in collocates}
    # جديدة is within five words of four of the six hits: the strongest collocate
    assert collocates[0].key == "جديد" and collocates[0].together == 4
    assert by_key["ذاكر"].together == 2
    scores = [c.score for c in collocates]
    assert scores == sorted(scores, reverse=True)
    # function words are never collocates
    assert not {"عن", "في", "ان"} & set(by_key)
    from fahras.index.association import log_dice
    top = collocates[0]
    assert top.score == round(log_dice(top.together, len(found), top.frequency), 3)


def test_collocations_stay_within_the_span(kwic_engine):
    found = every(kwic_engine, "رقائق")
    near = {c.key for c in kwic.collocations(kwic_engine, found, span=1)}
    assert "ذاكر" in near and "هاتف" not in near  # للهواتف is two words away


def test_streaming_gives_the_first_screen_without_reading_every_article(
        tmp_path, catalogue, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"{n:03}.txt").write_text(
            f"خبر رقم {n}\nأعلنت الشركة رقم {n} عن رقائق جديدة ورقائق أخرى.", "utf-8")
    engine = Engine(Store(tmp_path / "index", catalogue))
    engine.store.add([folder])
    read: list[str] = []
    real = kwic.to_view

    def counted(stored):
        read.append(stored["id"])
        return real(stored)

    monkeypatch.setattr(kwic, "to_view", counted)
    stream = kwic.concordance(engine, SearchRequest("رقائق"))
    assert read == []  # nothing is read before the first line is asked for
    page = kwic.first(stream, 10)
    assert len(page) == 10 and len(read) == 5  # two hits an article
    rest = list(stream)
    assert len(page) + len(rest) == 80 and len(read) == 40


def test_a_line_becomes_the_passage_the_reader_would_mark(kwic_engine):
    request = SearchRequest("رقائق")
    line = next(iter(kwic.concordance(kwic_engine, request)))
    passage = kwic.passage_of(kwic_engine, line, request)
    paragraph = kwic_engine.store.article(line.article_id).paragraphs[line.paragraph]
    assert passage.text == paragraph and passage.paragraph == line.paragraph
    assert (line.start, line.end) in passage.hits
    assert passage.date == line.date and passage.source == line.source


def test_exports_keep_rows_whole_and_neutralise_formulas():
    from fahras.index.concordance_export import format_for, render

    line = kwic.ConcordanceLine(article_id="a\tb", paragraph=0, start=4, end=9,
                                left="=SUM(A1) ", hit="رقائق", right=" بعد\nسطر")
    tsv = render([line], "tsv").splitlines()
    assert len(tsv) == 2 and len(tsv[1].split("\t")) == len(tsv[0].split("\t"))
    assert "a\\x09b" in tsv[1] and "بعد\\x0aسطر" in tsv[1]
    csv_text = render([line], "csv")
    assert csv_text.startswith("\ufeffarticle_id") and "'=SUM(A1)" in csv_text
    [record] = [json.loads(row) for row in render([line], "jsonl").splitlines()]
    assert record["right"] == " بعد\nسطر" and "left_keys" not in record
    assert format_for("x.csv") == "csv" and format_for("x") == "tsv"
    with pytest.raises(ValueError, match="exported as"):
        render([line], "md")
