"""The bidi renderer alone: logical text and spans in, visual lines and cells out."""

import pytest

from tui.bidi import Span, detect_mode, render, visual, wrap


def _unshape(text: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", c) for c in text)


def _indices(lines):
    return sorted(c.index for line in lines for c in line.cells)


def test_arabic_reads_right_to_left_in_joined_forms():
    line = render("سام ألتمان", width=40)[0]
    assert line.rtl
    assert _unshape(line.text) == "نامتلأ ماس"  # the logical text, reversed
    assert all("\ufe70" <= c <= "\ufeff" for c in line.text.replace(" ", ""))  # shaped


def test_latin_and_numbers_inside_arabic_keep_their_order():
    line = render("التقى ألتمان ممثلين من TSMC عام 2026 في تايوان", width=80)[0]
    text = _unshape(line.text)
    assert "TSMC" in text and "2026" in text
    assert text.index("TSMC") > text.index("2026")  # TSMC comes first when read right to left


def test_brackets_are_mirrored_in_right_to_left_text():
    text = _unshape(render("قال (مصدر) إن", width=40)[0].text)
    assert "(ردصم)" in text


def test_every_character_is_drawn_once():
    text = "زار الرئيس التنفيذي لشركة OpenAI، سام ألتمان، تايوان مؤخرًا (3 نانومتر) [bold]."
    lines = render(text, width=23)
    drawn = _indices(lines)
    spaces_at_breaks = {line.end for line in lines[:-1] if line.end < len(text) and text[line.end] == " "}
    assert drawn == sorted(set(range(len(text))) - spaces_at_breaks - {
        i for i, c in enumerate(text) if c in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"})


@pytest.mark.parametrize(("text", "start", "end"), [
    ("شركة TSMC تعتبر شريكًا أساسيًا", 5, 9),  # Latin inside Arabic
    ("شركة TSMC تعتبر شريكًا أساسيًا", 0, 4),  # the first Arabic word
    ("شركة TSMC تعتبر شريكًا أساسيًا", 16, 22),  # a word with a tanween
    ("بقدرة 3 نانومتر عام 2026", 20, 24),  # digits
    ("قال (مصدر مطلع) إن", 5, 9),  # inside brackets
])
def test_a_span_lands_on_exactly_the_cells_of_its_letters(text, start, end):
    [line] = render(text, [Span(start, end, "reverse")], width=80)
    columns = line.columns_of(start, end)
    letters = [i for i in range(start, end) if not "\u064b" <= text[i] <= "\u0652"]
    assert len(columns) == len(letters)
    assert columns == list(range(columns[0], columns[0] + len(columns)))  # contiguous
    styled = [c for c in line.cells if c.style == "reverse"]
    assert {c.index for c in styled} == set(letters)


def test_spans_follow_characters_across_wrapped_lines():
    text = "وقالت إنفيديا في بيان إن عملاءها يواصلون اختيار رقائقها لعمليات الاستدلال"
    start = text.index("رقائقها")
    lines = render(text, [Span(start, start + 7, "reverse")], width=30)
    assert len(lines) > 1
    hit_lines = [line for line in lines if line.columns_of(start, start + 7)]
    assert len(hit_lines) == 1
    assert _unshape("".join(c.text for c in hit_lines[0].cells if c.style == "reverse")) == \
        "اهقئاقر"


def test_wrapped_lines_fit_the_width():
    text = "التقى ألتمان ممثلين من TSMC وFoxconn خلال زيارته السرية لتايوان " * 5
    for width in (10, 23, 40):
        for line in render(text, width=width):
            assert line.width <= width


def test_wrap_breaks_at_spaces_and_splits_words_longer_than_the_line():
    assert wrap("أب جد هو", 5) == [(0, 5), (6, 8)]
    assert wrap("abcdefghij", 4) == [(0, 4), (4, 8), (8, 10)]


def test_combining_marks_stay_on_their_letter():
    line = render("شريكًا", width=20)[0]
    tanween = next(c for c in line.cells if "\u064b" in c.text)
    assert tanween.index == 3  # ك, the letter the mark sits on


def test_terminal_mode_keeps_logical_order():
    line = render("سام OpenAI", [Span(4, 10, "bold")], width=40, mode="terminal")[0]
    assert line.text == "سام OpenAI"
    assert line.columns_of(4, 10) == [4, 5, 6, 7, 8, 9]


def test_bidi_overrides_in_the_text_do_not_reorder_the_screen():
    plain = render("abc def", width=40, rtl=False)[0].text
    hostile = render("abc\u202e def\u202c", width=40, rtl=False)[0].text
    assert hostile.replace("\u200b", "") == plain


def test_control_characters_never_reach_the_terminal():
    assert "\x1b" not in visual("نص \x1b[31mأحمر")


def test_visual_one_liner_for_labels():
    assert _unshape(visual("إنفيديا")) == "ايديفنإ"


@pytest.mark.parametrize(("environ", "mode"), [
    ({"TMUX": "/tmp/tmux", "VTE_VERSION": "7000"}, "app"),
    ({"VTE_VERSION": "7000"}, "terminal"),
    ({"KONSOLE_VERSION": "230800"}, "terminal"),
    ({"TERM": "xterm-256color"}, "app"),
    ({"TERM": "mlterm"}, "terminal"),
])
def test_auto_mode_recognises_terminals_that_do_bidi(environ, mode):
    assert detect_mode(environ) == mode
