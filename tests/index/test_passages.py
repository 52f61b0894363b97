"""Passages and highlights on their own: an article written here, no index needed."""

from __future__ import annotations

import pytest

from fahras.index.analysis import Analyzer
from fahras.index.models import ArticleView, Mention
from fahras.index.passages import LONG_PARAGRAPH, SNIPPET_CHARS, Highlighter, passages, snippet

ANALYZER = Analyzer()


def _hit_texts(highlighter: Highlighter, text: str, mentions=()) -> list[str]:
    return [text[s:e] for s, e in highlighter.hits(text, mentions)]


def test_a_stem_hits_every_written_form_of_its_word():
    text = "قالت الشركة إن الشركات تعمل"
    assert _hit_texts(Highlighter(stems=frozenset({"شرك"})), text) == ["الشركة", "الشركات"]


def test_the_clitic_free_stem_hits_a_word_behind_a_lone_preposition():
    # لشركة stems to لشرك; only its second stem (without ل) is شرك.
    text = "قدم المصرف قرضا لشركة ناشئة"
    assert _hit_texts(Highlighter(stems=frozenset({"شرك"})), text) == ["لشركة"]


def test_a_singular_hits_its_broken_plural():
    # The search passes the plurals along: the quick test looks for them in the text.
    text = "تصنع المصانع رقائق متقدمة"
    singular = Highlighter(stems=frozenset({"رقاق"}), plurals=frozenset({"رقايق"}))
    assert _hit_texts(singular, text) == ["رقائق"]


def test_exact_forms_hit_only_that_form():
    text = "الشركة لشركة شركة"
    assert _hit_texts(Highlighter(norms=frozenset({"شركه"})), text) == ["شركة"]


def test_prefixes_hit_words_that_start_so():
    text = "سامسونج وسامسونغ وسام"
    assert _hit_texts(Highlighter(prefixes=("سامسو",)), text) == ["سامسونج"]


def _phrase(words: str, exact: bool = False) -> Highlighter:
    """A phrase's terms as the search makes them: stems, or normal forms when exact."""
    terms = tuple(t.norm if exact else t.stem for t in ANALYZER.tokens(words, keep_stops=True))
    return Highlighter(phrases=((terms, exact),))


def test_a_phrase_hits_its_words_in_order_only():
    text = "أشباه الموصلات تصنع الموصلات أشباه"
    assert _hit_texts(_phrase("اشباه موصلات"), text) == ["أشباه الموصلات"]
    assert _hit_texts(_phrase("أشباه الموصلات", exact=True), text) == ["أشباه الموصلات"]
    assert _hit_texts(_phrase("اشباه موصلات", exact=True), text) == []
    assert _hit_texts(_phrase("الموصلات تصنع أشباه"), text) == []


def test_a_phrase_keeps_its_stop_words():
    text = "رئيس مجلس الإدارة في الشركة قال الإدارة الشركة"
    assert _hit_texts(_phrase("إدارة في شركة"), text) == ["الإدارة في الشركة"]


def test_entity_mentions_are_hits_only_for_the_entities_asked():
    text = "إنفيديا وإنتل"
    mentions = [Mention("nvidia", "company", 0, 0, 7, "إنفيديا"),
                Mention("intel", "company", 0, 8, 13, "وإنتل")]
    assert _hit_texts(Highlighter(entities=frozenset({"intel"})), text, mentions) == ["وإنتل"]


def test_overlapping_and_touching_hits_merge_in_order():
    text = "الذكاء الاصطناعي"
    both = Highlighter(stems=frozenset({"ذكاء"}), phrases=((("ذكاء", "اصطناع"), False),))
    assert both.hits(text) == [(0, 16)]
    mentions = [Mention("x", "company", 0, 7, 16, "الاصطناعي")]
    touching = Highlighter(stems=frozenset({"ذكاء"}), entities=frozenset({"x"}))
    assert touching.hits(text, mentions) == [(0, 6), (7, 16)]
    names = [Mention("x", "company", 0, 7, 16, ""), Mention("x", "company", 0, 0, 7, "")]
    assert Highlighter(entities=frozenset({"x"})).hits(text, names) == [(0, 16)]


def test_numbers_written_with_separators_are_found_whatever_their_form():
    # 6ر22 folds to a text without 22.6 in it: the quick test must not skip it.
    assert _hit_texts(Highlighter(stems=frozenset({"22.6"})), "ارتفع 6ر22 في المئة") == ["6ر22"]


def test_the_empty_highlighter_is_empty_and_any_part_makes_it_not():
    assert Highlighter().empty
    for part in ({"stems": frozenset({"x"})}, {"norms": frozenset({"x"})},
                 {"prefixes": ("x",)}, {"phrases": ((("x",), False),)},
                 {"entities": frozenset({"x"})}):
        assert not Highlighter(**part).empty, part
    # Plurals alone come with their stems: they do not make a query.
    assert Highlighter(plurals=frozenset({"x"})).empty


def _view(*paragraphs: str, mentions=()) -> ArticleView:
    return ArticleView(id="a1", title="عنوان", author="كاتبة", source="مصدر", path="a1.txt",
                       paragraphs=paragraphs, mentions=tuple(mentions), date="2024-05-01")


def test_passages_are_the_paragraphs_with_hits_in_reading_order():
    view = _view("لا شيء هنا", "الشركة الأولى", "ولا هنا", "شركات أخرى")
    found = passages(view, Highlighter(stems=frozenset({"شرك"})))
    assert [(p.paragraph, p.text, p.hits) for p in found] == [
        (1, "الشركة الأولى", ((0, 6),)), (3, "شركات أخرى", ((0, 5),))]
    first = found[0]
    assert (first.article_id, first.title, first.author, first.path, first.source,
            first.date) == ("a1", "عنوان", "كاتبة", "a1.txt", "مصدر", "2024-05-01")


def test_the_empty_query_shows_every_paragraph_and_a_limit_cuts():
    view = _view("واحد", "اثنان", "ثلاثة")
    assert [p.text for p in passages(view, Highlighter())] == ["واحد", "اثنان", "ثلاثة"]
    assert [p.text for p in passages(view, Highlighter(), limit=2)] == ["واحد", "اثنان"]
    hits = passages(_view("شركة", "شركة", "شركة"), Highlighter(stems=frozenset({"شرك"})),
                    limit=1)
    assert [p.paragraph for p in hits] == [0]


def test_mentions_go_with_their_paragraph():
    mentions = [Mention("nvidia", "company", 1, 0, 7, "إنفيديا"),
                Mention("nvidia", "company", 0, 0, 7, "إنفيديا")]
    view = _view("إنفيديا أولا", "إنفيديا ثانيا", mentions=mentions)
    found = passages(view, Highlighter(entities=frozenset({"nvidia"})))
    assert [(p.paragraph, [m.paragraph for m in p.mentions]) for p in found] == [
        (0, [0]), (1, [1])]


def _sentences(count: int, hit_at: set[int]) -> str:
    """A long paragraph of numbered sentences; the ones in ``hit_at`` name the company."""
    return " ".join(f"الجملة رقم {i} {'عن الشركة' if i in hit_at else 'عن الطقس'} وما فيها."
                    for i in range(count))


def test_a_long_paragraph_gives_the_sentences_around_each_hit():
    text = _sentences(30, {10, 25})
    assert len(text) > LONG_PARAGRAPH
    found = passages(_view(text), Highlighter(stems=frozenset({"شرك"})))
    assert [p.text.split(".")[:-1] for p in found] == [
        [f"الجملة رقم {i} {'عن الشركة' if i == 10 else 'عن الطقس'} وما فيها" if n == 0 else
         f" الجملة رقم {i} {'عن الشركة' if i == 10 else 'عن الطقس'} وما فيها"
         for n, i in enumerate((9, 10, 11))],
        [f"الجملة رقم {i} {'عن الشركة' if i == 25 else 'عن الطقس'} وما فيها" if n == 0 else
         f" الجملة رقم {i} {'عن الشركة' if i == 25 else 'عن الطقس'} وما فيها"
         for n, i in enumerate((24, 25, 26))],
    ]
    for passage in found:
        assert text[passage.start:passage.start + len(passage.text)] == passage.text
        (start, end), = passage.hits
        assert passage.text[start:end] == "الشركة"
        assert not passage.text.endswith(" ")


def test_windows_of_nearby_hits_merge_and_the_first_sentence_has_no_previous():
    text = _sentences(30, {0, 2})
    found = passages(_view(text), Highlighter(stems=frozenset({"شرك"})))
    assert len(found) == 1 and found[0].start == 0
    assert found[0].text.startswith("الجملة رقم 0 ") and found[0].text.endswith("رقم 3 عن الطقس وما فيها.")
    assert len(found[0].hits) == 2
    last = passages(_view(_sentences(30, {29})), Highlighter(stems=frozenset({"شرك"})))
    assert last[0].text.startswith("الجملة رقم 28 ") and last[0].text.endswith("رقم 29 عن الشركة وما فيها.")


def test_a_paragraph_at_the_limit_is_one_passage():
    text = ("الشركة " + "كلمة " * 200)[:LONG_PARAGRAPH]
    found = passages(_view(text), Highlighter(stems=frozenset({"شرك"})))
    assert [p.text for p in found] == [text.rstrip()]


def test_a_long_paragraph_without_sentences_is_one_window():
    text = "الشركة " + "كلمة " * 200
    found = passages(_view(text), Highlighter(stems=frozenset({"شرك"})))
    assert [p.text for p in found] == [text.rstrip()]


def test_mentions_outside_a_window_are_left_out_of_it():
    text = _sentences(30, {10})
    start = text.index("الشركة")
    far = text.index("رقم 28")
    mentions = [Mention("co", "company", 0, start, start + 6, "الشركة"),
                Mention("co", "company", 0, far, far + 3, "رقم")]
    found = passages(_view(text, mentions=mentions), Highlighter(stems=frozenset({"شرك"})))
    assert [m.start for p in found for m in p.mentions] == [start]


def test_a_short_text_is_its_own_snippet_on_one_line():
    assert snippet("سطر\nثان", [(0, 3)]) == ("سطر ثان", ((0, 3),))


def test_a_snippet_is_centred_on_its_best_hit_cut_at_words():
    words = [f"ك{i:03d}" for i in range(100)]  # 4 letters and a space each
    text = " ".join(words)
    at = text.index("ك050")
    shown, hits = snippet(text, [(at, at + 4)], width=41)
    assert shown.startswith("…") and shown.endswith("…")
    body = shown[1:-1]
    assert body.split(" ")[0] in words and body.split(" ")[-1] in words  # whole words
    assert len(body) <= 41
    (start, end), = hits
    assert shown[start:end] == "ك050"
    middle = (start + end) / 2
    assert abs(middle - len(shown) / 2) <= 5


def test_the_best_hit_is_the_one_with_most_hits_around_it():
    text = " ".join(["ك"] * 400)
    lone, crowd = 10, [600, 610, 620]
    hits = [(lone, lone + 1)] + [(s, s + 1) for s in crowd]
    shown, kept = snippet(text, hits, width=SNIPPET_CHARS)
    assert len(kept) == 3  # the crowd, not the lone hit
    assert all(shown[s:e] == "ك" for s, e in kept)


def test_a_snippet_starts_at_the_text_when_the_hit_is_near_it():
    text = "البداية " + "كلمة " * 100
    shown, hits = snippet(text, [(0, 7)], width=40)
    assert shown.startswith("البداية") and shown.endswith("…")
    assert hits == ((0, 7),)
    assert snippet(text, [], width=40)[0].startswith("البداية")


def test_a_snippet_ends_at_the_text_when_the_hit_is_near_its_end():
    text = "كلمة " * 100 + "النهاية"
    at = text.index("النهاية")
    shown, hits = snippet(text, [(at, at + 7)], width=40)
    assert shown.endswith("النهاية") and shown.startswith("…")
    (start, end), = hits
    assert shown[start:end] == "النهاية"


def test_a_word_longer_than_the_window_still_shows_whole():
    word = "ا" * 60
    text = "كلمة " * 20 + word + " كلمة" * 20
    at = text.index(word)
    shown, hits = snippet(text, [(at, at + 60)], width=40)
    (start, end), = hits
    assert shown[start:end] == word


@pytest.mark.parametrize("width", [20, 41, 80, SNIPPET_CHARS])
def test_snippet_hits_always_point_at_their_text(width):
    text = " ".join(f"شركة{i}" if i % 7 == 0 else f"كلمة{i}" for i in range(120))
    hits = [(text.index(f"شركة{i}"), text.index(f"شركة{i}") + 4) for i in range(0, 120, 7)]
    shown, kept = snippet(text, hits, width=width)
    assert kept and all(shown[s:e] == "شركة" for s, e in kept)
    assert len(shown) <= width + 2


LETTERS = "aaa bbb ccc ddd eee fff ggg hhh iii jjj"  # word n starts at 4n


@pytest.mark.parametrize(("hits", "width", "shown"), [
    ([(16, 19)], 12, ("…ddd eee fff…", ((5, 8),))),       # centred, cut at words
    ([(0, 3)], 13, ("aaa bbb ccc…", ((0, 3),))),           # at the start: no ellipsis there
    ([], 13, ("aaa bbb ccc…", ())),                        # no hit: the start
    ([(36, 39)], 11, ("…hhh iii jjj", ((9, 12),))),        # at the end: the last width
    ([(8, 11), (28, 31)], 40, (LETTERS, ((8, 11), (28, 31)))),  # it fits: all of it
    # The hit with most hits within half a width wins, the first of equals.
    ([(8, 11), (28, 31)], 13, ("…bbb ccc ddd…", ((5, 8),))),
    ([(4, 7), (32, 35), (36, 39)], 15, ("…ggg hhh iii jjj", ((9, 12), (13, 16)))),
    ([(4, 7), (8, 11), (24, 27)], 13, ("aaa bbb ccc…", ((4, 7), (8, 11)))),
    ([(24, 27), (28, 31), (4, 7)], 13, ("…fff ggg hhh…", ((5, 8), (9, 12)))),
    ([(16, 19), (18, 21)], 13, ("…ddd eee fff…", ((5, 8), (7, 10)))),
])
def test_snippet_windows_exactly(hits, width, shown):
    assert snippet(LETTERS, hits, width=width) == shown


def test_a_snippet_keeps_the_spacing_it_was_given():
    assert snippet("aaa  bbb\nccc", [(5, 8)]) == ("aaa  bbb ccc", ((5, 8),))


def test_a_short_paragraph_of_several_sentences_is_one_passage():
    text = "الجملة الأولى. والثانية. وفي الثالثة الشركة"
    found = passages(_view(text), Highlighter(stems=frozenset({"شرك"})))
    assert [(p.text, p.start, p.hits) for p in found] == [(text, 0, ((37, 43),))]


def test_hits_and_mentions_ending_a_window_belong_to_it():
    text = _sentences(30, {10})
    end = text.index("الشركة") + len("الشركة")
    # Sentence 11 ends the window; its last word is a mention and a hit.
    last = text.index(" وما فيها.", text.index("رقم 11")) + len(" وما")
    mention = Mention("co", "company", 0, last - 3, last, "وما")
    view = _view(text, mentions=[mention])
    highlighter = Highlighter(stems=frozenset({"شرك"}), entities=frozenset({"co"}))
    (window,) = passages(view, highlighter)
    assert window.paragraph == 0 and window.start + len(window.text) >= end
    assert [window.text[s:e] for s, e in window.hits] == ["الشركة", "وما"]
    assert [m.text for m in window.mentions] == ["وما"]


def _starting(count: int, hit_at: set[int]) -> str:
    """Sentences of which those in ``hit_at`` start with the company's name."""
    return " ".join(("الشركة قالت في البند" if i in hit_at else "وفي البند") +
                    f" {i} من التقرير ما يكفي من الكلام." for i in range(count))


def test_a_hit_opening_a_sentence_is_placed_in_that_sentence():
    text = _starting(12, {6})
    assert len(text) > LONG_PARAGRAPH
    (window,) = passages(_view(text), Highlighter(stems=frozenset({"شرك"})))
    assert window.text.startswith("وفي البند 5 ") and window.text.endswith("البند 7 من التقرير ما يكفي من الكلام.")


def test_windows_that_touch_are_one():
    # Hits in sentences 3 and 6: windows 2–4 and 5–7 touch, and make one.
    text = _starting(12, {3, 6})
    (window,) = passages(_view(text), Highlighter(stems=frozenset({"شرك"})))
    assert window.text.startswith("وفي البند 2 ") and window.text.endswith("البند 7 من التقرير ما يكفي من الكلام.")
    apart = passages(_view(_starting(12, {3, 7})), Highlighter(stems=frozenset({"شرك"})))
    assert len(apart) == 2
