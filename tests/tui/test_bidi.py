"""The bidi renderer alone: logical text and spans in, visual lines and cells out."""

import functools
import gzip
from pathlib import Path

import pytest

from fahras.tui.bidi import Span, detect_mode, is_rtl, render, resolve, visual, wrap

BIDI_CHARACTER_TEST = Path(__file__).parent.parent / "data" / "unicode" / \
    "BidiCharacterTest-15.0.0.txt.gz"
EXPLICIT_CONTROLS = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}


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
    ({"MLTERM": "3.9.3"}, "terminal"),
    ({}, "app"),
    # Inside screen or tmux, however the session says so, the app draws.
    ({"STY": "1234.pts-0", "VTE_VERSION": "7000"}, "app"),
    ({"TERM": "screen-256color", "VTE_VERSION": "7000"}, "app"),
    ({"TERM": "tmux-256color", "KONSOLE_VERSION": "230800"}, "app"),
    # FAHRAS_BIDI chooses, but not inside a multiplexer, and only app or terminal.
    ({"FAHRAS_BIDI": "terminal"}, "terminal"),
    ({"FAHRAS_BIDI": "app", "VTE_VERSION": "7000"}, "app"),
    ({"FAHRAS_BIDI": "TERMINAL"}, "app"),
    ({"FAHRAS_BIDI": "terminal", "TMUX": "/tmp/tmux"}, "app"),
])
def test_auto_mode_recognises_terminals_that_do_bidi(environ, mode):
    assert detect_mode(environ) == mode


def test_auto_mode_reads_the_environment_by_default(monkeypatch):
    for name in ("TMUX", "STY", "TERM", "FAHRAS_BIDI", "KONSOLE_VERSION", "MLTERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VTE_VERSION", "7000")
    assert detect_mode() == "terminal"
    monkeypatch.setenv("TMUX", "/tmp/tmux")
    assert detect_mode() == "app"


def test_visual_draws_one_line_whatever_its_length_and_takes_a_direction():
    long = "word " * 40 + "end"
    assert visual(long) == long  # no wrapping at 80 columns, nothing lost at the cuts
    assert visual("عربي abc", rtl=False).endswith(" abc")
    assert visual("عربي abc", rtl=True).startswith("abc ")
    assert visual("ab\ncd") == "abcd"  # lines joined as drawn, nothing between


def test_wrap_at_one_column_gives_a_character_a_line():
    assert wrap("abc", 1) == [(0, 1), (1, 2), (2, 3)]
    assert wrap("abc", 0) == [(0, 1), (1, 2), (2, 3)]


def test_resolve_reorders_each_line_given():
    assert resolve("abc def", [(0, 3), (4, 7)]).lines == ((0, 1, 2), (4, 5, 6))
    assert resolve("abc def").lines == ((0, 1, 2, 3, 4, 5, 6),)


@functools.cache
def _conformance_cases() -> tuple:
    """(code points, rtl or None, paragraph level, levels, visual order) of each test line."""
    cases = []
    with gzip.open(BIDI_CHARACTER_TEST, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip() and not line.startswith("#"):
                points, direction, level, levels, order = line.rstrip("\n").split(";")
                cases.append(([int(p, 16) for p in points.split()],
                              (False, True, None)[int(direction)], int(level), levels.split(),
                              [int(i) for i in order.split()]))
    return tuple(cases)


def _conforms(points, rtl, level, levels, order) -> bool:
    resolved = resolve("".join(map(chr, points)), rtl=rtl)
    [visual_order] = resolved.lines
    return (resolved.rtl == bool(level % 2)
            and [i for i in visual_order if levels[i] != "x"] == order
            and all(want == "x" or int(want) == got for want, got in zip(levels, resolved.levels)))


def test_bidi_character_test_conformance():
    """Unicode's own test: levels, paragraph level and order of every line (controls aside)."""
    cases = _conformance_cases()
    assert len(cases) == 91_707  # the whole file is there
    plain = [case for case in cases if not EXPLICIT_CONTROLS & set(case[0])]
    passed = sum(_conforms(*case) for case in plain)
    assert passed / len(plain) >= 0.999, f"{passed} of {len(plain)} lines"


def test_the_renderer_draws_cells_in_the_order_of_the_conformance_file():
    """What reaches the screen follows the file too: one line in 20, drawn by ``render``."""
    sample = [case for case in _conformance_cases()
              if not EXPLICIT_CONTROLS & set(case[0])][::20]
    right = 0
    for points, rtl, level, levels, order in sample:
        [line] = render("".join(map(chr, points)), width=10_000, rtl=rtl)
        drawn = [c.index for c in line.cells if levels[c.index] != "x"]
        # A mark is drawn in its letter's cell, so compare the cells' order only.
        right += line.rtl == bool(level % 2) and [i for i in order if i in drawn] == drawn
    assert right / len(sample) >= 0.999, f"{right} of {len(sample)} lines"


def test_explicit_controls_in_the_text_are_stripped_not_obeyed():
    """Article text is data: its embeddings, overrides and isolates reorder nothing.

    Each line of Unicode's test that uses them is drawn as the same line without them.
    """
    controlled = [case for case in _conformance_cases() if EXPLICIT_CONTROLS & set(case[0])]
    assert len(controlled) > 50
    for points, rtl, *_ in controlled:
        text = "".join(map(chr, points))
        kept = [i for i, p in enumerate(points) if p not in EXPLICIT_CONTROLS]
        [without] = resolve("".join(text[i] for i in kept), rtl=rtl).lines
        drawn = [c.index for line in render(text, width=10_000, rtl=rtl) for c in line.cells
                 if c.index in kept]
        assert drawn == [kept[i] for i in without if kept[i] in drawn], text


def test_an_isolate_in_the_text_does_not_isolate():
    plain = _unshape(render("قال abc def ghi", width=40)[0].text)
    isolated = render("قال \u2067abc def\u2069 ghi", width=40)[0].text
    assert _unshape(isolated.replace("\u200b", "")) == plain


@pytest.mark.parametrize(("text", "drawn"), [
    ("تستثمر الشركة في مشروع Stargate (OpenAI)", "Stargate (OpenAI) عورشم يف ةكرشلا رمثتست"),
    ("مع TSMC [Taiwan]", "TSMC [Taiwan] عم"),
    ("قالت (OpenAI) إن", "نإ (OpenAI) تلاق"),
])
def test_brackets_pair_around_latin_names_in_arabic(text, drawn):
    """Rule N0: a bracket pair takes the direction of what it encloses and its context."""
    assert _unshape(render(text, width=80)[0].text) == drawn


def test_a_zero_width_joiner_in_an_emoji_keeps_the_line_shaped():
    text = "المبرمج 👨\u200d💻 يكتب الشيفرة"
    [line] = render(text, width=80)
    letters = [c.text for c in line.cells if "\u0600" <= text[c.index] <= "\u06ff"]
    assert letters and all("\ufe70" <= t <= "\ufeff" for t in letters)  # every letter joined
    assert "👨\u200d💻" in line.text  # the sequence whole, in its own order, in one cell
    assert _unshape(line.text) == "ةرفيشلا بتكي 👨\u200d💻 جمربملا"


@pytest.mark.parametrize("cluster", ["🇸🇦", "👍🏽", "👩\u200d👩\u200d👧", "ب\u064e\u0651"])
def test_a_grapheme_cluster_is_drawn_whole_in_right_to_left_text(cluster):
    """A flag, a skin tone, a family or a letter with its harakat is one cell, never reversed."""
    text = f"قال {cluster} اليوم"
    [line] = render(text, width=40)
    start = text.index(cluster)
    [cell] = [c for c in line.cells if start <= c.index < start + len(cluster)]
    assert _unshape(cell.text) == cluster


@pytest.mark.parametrize(("text", "forms"), [
    ("ب\u200d", "\ufe91\u200d"),  # ZWJ: the beh takes its initial form, joined to nothing
    ("ل\u200cا", "\ufedd\u200c\ufe8d"),  # ZWNJ: lam and alef stay apart
    ("لا", "\ufedf\ufe8e"),  # without it they join
])
def test_joiners_and_non_joiners_shape_as_the_standard_says(text, forms):
    drawn = "".join(c.text for c in sorted(render(text, width=20)[0].cells,
                                            key=lambda c: c.index))
    assert drawn == forms.replace("\u200c", "")  # the ZWNJ itself is not drawn


def test_levels_are_resolved_on_the_paragraph_and_lines_reordered_after_wrapping():
    """UAX #9 L1–L2: a line break does not move the $ to the other side of 300."""
    text = "بلغ السعر 300$ للسهم"
    whole = _unshape(render(text, width=80)[0].text)
    first, second = (_unshape(line.text) for line in render(text, width=10))
    assert second == "مهسلل $300"
    assert second in whole and first in whole


@pytest.mark.parametrize(("text", "rtl"), [
    ("שלום עולם", True),  # Hebrew
    ("ܫܠܡܐ ܥܠܡܐ", True),  # Syriac
    ("ދިވެހި", True),  # Thaana
    ("ߒߞߏ", True),  # N'Ko
    ("2026 عام الرقائق", True),  # digits are not strong
    ("OpenAI تعلن عن نموذج جديد", False),  # the first strong letter decides, not the count
    ("2026", False),  # no strong letter: left to right
    ("", False), ("«…» 12", False),
    # As many Latin letters as Arabic ones: still the first strong letter, either way.
    ("عر ab", True), ("ab عر", False), ("عربي abcdefgh", True),
])
def test_direction_comes_from_the_first_strong_letter(text, rtl):
    assert is_rtl(text) is rtl
    assert render(text, width=80)[0].rtl is rtl


def test_is_rtl_reads_the_first_paragraph_only():
    assert is_rtl("2026\nعربي") is False  # the first paragraph has no strong letter
    assert is_rtl("2026\nعربي\nEnglish") is False
    assert is_rtl("عربي\nEnglish\nEnglish") is True


def test_each_paragraph_has_its_own_direction():
    assert [line.rtl for line in render("OpenAI\nسام ألتمان", width=40)] == [False, True]


def test_terminal_mode_takes_empty_text_and_blank_lines():
    # the export dialog shows an empty text; ICU refuses to give an empty text a direction
    assert render("", width=20, mode="terminal") == [] or all(
        not line.cells for line in render("", width=20, mode="terminal"))
    lines = render("أ\n\nب", width=20, mode="terminal")
    assert [line.rtl for line in lines if line.cells] == [True, True]
