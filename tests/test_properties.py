"""Property tests: the analyser, the query parser and the bidi renderer take anything."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fahras.index.analysis import Analyzer
from fahras.index.normalize import normalize
from fahras.index.query import MAX_DEPTH, And, Not, Or, Phrase, Word, parse
from fahras.index.search import SearchRequest
from fahras.index.store import bundled_seeds
from fahras.tui.bidi import Span, render

ANALYZER = Analyzer()
# Arabic-heavy text, with everything else Unicode has mixed in.
ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
ANY = st.characters(blacklist_categories=("Cs",))
TEXT = st.text(st.one_of(ARABIC, ANY, st.sampled_from(" \n\u0640\u200c\u200d\u202e\u2066«»\"*-=()|")),
               max_size=200)
QUICK = settings(max_examples=200, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


@QUICK
@given(TEXT)
def test_every_token_slices_back_to_its_term(text):
    for token in ANALYZER.tokens(text, keep_stops=True):
        assert 0 <= token.start < token.end <= len(text)
        piece = text[token.start:token.end]
        assert piece == token.text
        again = ANALYZER.tokens(piece, keep_stops=True)
        assert [(t.norm, t.stem) for t in again] == [(token.norm, token.stem)]


@QUICK
@given(TEXT)
def test_normalisation_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


def _words(node) -> list:
    """Every word and phrase of a query tree, negated ones included; and its depth."""
    if node is None:
        return []
    if isinstance(node, Word | Phrase):
        return [node]
    if isinstance(node, Not):
        return _words(node.node)
    return [word for child in node.nodes for word in _words(child)]


def _depth(node) -> int:
    if isinstance(node, Not):
        return 1 + _depth(node.node)
    if isinstance(node, And | Or):
        return 1 + max(_depth(child) for child in node.nodes)
    return 1


@QUICK
@given(TEXT)
def test_the_query_parser_reads_any_string_as_words_of_it(text):
    tree = parse(text)
    for word in _words(tree):
        assert word.text in text  # operators and brackets taken off, nothing added
        assert '"' not in word.text
        if isinstance(word, Word):
            assert not any(c in word.text for c in ' \n\t()|') and word.text not in ("NOT", "OR")
        else:
            assert word.text and word.text == word.text.strip()
    # Bounded nesting: brackets beyond MAX_DEPTH are dropped, NOT runs reduced to parity.
    assert tree is None or _depth(tree) <= 3 * (MAX_DEPTH + 1)


SEED_IDS = {path.name.removesuffix(".txt") for path in bundled_seeds().glob("*.txt")}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXT)
def test_any_query_can_be_searched(engine, text):
    response = engine.search(SearchRequest(text, facets=False))
    ids = [result.id for result in response.results]
    assert len(ids) <= response.total <= len(SEED_IDS)
    assert len(set(ids)) == len(ids) and set(ids) <= SEED_IDS
    for result in response.results:
        assert all(0 <= s < e <= len(result.snippet) for s, e in result.snippet_hits)
        for passage in result.passages:
            assert all(0 <= s < e <= len(passage.text) for s, e in passage.hits)


# What the renderer meets besides: emoji sequences with joiners and modifiers, flags,
# harakat, brackets, Hebrew and Syriac, digits and currency signs.
BIDI_TEXT = st.lists(st.one_of(
    ARABIC, ANY, st.sampled_from(" \n\u0640\u200c\u200d\u202e\u2066()[]{}<>$%-+,.0123456789"),
    st.sampled_from(["👨\u200d💻", "👍🏽", "🇸🇦", "\u064e\u0651", "שלום", "ܫܠܡܐ", "١٢٣", "\u2029"]),
), max_size=120).map("".join)


@QUICK
@given(BIDI_TEXT, st.integers(min_value=1, max_value=60), st.data())
def test_the_renderer_keeps_every_character_and_spans_inside_lines(text, width, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    lines = render(text, [Span(start, end, "reverse")], width)
    drawn = [c.index for line in lines for c in line.cells]
    assert len(drawn) == len(set(drawn))  # no character is drawn twice
    for line in lines:
        assert line.width <= max(width, 2)  # a wide character alone may overflow a 1-cell line
        assert all(line.start <= c.index < max(line.end, line.start + 1) for c in line.cells)
        # Every character of the line is drawn (in its cell or its cluster's), and only
        # controls are left out: shaping and mirroring change a character, never drop one.
        visible = [c for c in text[line.start:line.end] if _drawable(c)]
        assert sum(len(cell.text) for cell in line.cells) == len(visible)
        for cell in line.cells:
            if cell.style == "reverse":
                assert start <= cell.index < end
    kept = {i for i, c in enumerate(text) if c not in " \n" and not _invisible(c)}
    assert kept <= {i for line in lines for i in range(line.start, line.end)}


def _drawable(char: str) -> bool:
    import unicodedata

    return char == "\u200d" or unicodedata.category(char) not in ("Cc", "Cf")


def _invisible(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc", "Zl", "Zp") or \
        unicodedata.combining(char) > 0
