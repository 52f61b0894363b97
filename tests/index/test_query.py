"""The query parser on its own: each operator, each malformed form, the bounds it keeps."""

from __future__ import annotations

import pytest

from fahras.index.query import (
    MAX_DEPTH,
    MAX_QUERY_CHARS,
    NESTING_NOTICE,
    And,
    Not,
    Or,
    Phrase,
    Word,
    notice,
    parse,
    positive_words,
)

A, B, C = Word("a"), Word("b"), Word("c")


@pytest.mark.parametrize(("query", "tree"), [
    ("a", A),
    ("a b c", And((A, B, C))),
    ("a OR b", Or((A, B))),
    ("a | b", Or((A, B))),
    ("a b OR c", Or((And((A, B)), C))),
    ("a (b OR c)", And((A, Or((B, C))))),
    ("(a) OR (b c)", Or((A, And((B, C))))),
    ("NOT a", Not(A)),
    ("-a", Not(A)),
    ("- a", Not(A)),
    ("NOT (a b)", Not(And((A, B)))),
    ("a -b", And((A, Not(B)))),
    ("-a*", Not(Word("a", prefix=True))),
    ("a*", Word("a", prefix=True)),
    ("a**", Word("a", prefix=True)),
    ("=a", Word("a", exact=True)),
    ("=a*", Word("a", exact=True, prefix=True)),
    ("+a", Word("a", required=True)),
    ("++a", Word("a", required=True)),
    ("+=a", Word("a", exact=True, required=True)),
    ("+a*", Word("a", prefix=True, required=True)),
    ('"a b"', Phrase("a b")),
    ('" a b "', Phrase("a b")),
    ('+"a b"', Phrase("a b", required=True)),
    ('x "a b" y', And((Word("x"), Phrase("a b"), Word("y")))),
])
def test_each_operator_builds_its_node(query, tree):
    assert parse(query) == tree


@pytest.mark.parametrize("query", ["", "   ", '""', '"  "', "-", "NOT", "( )", "()", '"'])
def test_nothing_to_search_is_none(query):
    assert parse(query) is None


@pytest.mark.parametrize(("query", "plain"), [
    # An unbalanced bracket is not grouping: its words are read as if it were not there.
    ("a (b OR c", "a b OR c"),
    ("a b) OR c", "a b OR c"),
    ("((a OR b) c", "a OR b c"),
])
def test_unbalanced_brackets_are_read_as_plain_words(query, plain):
    assert parse(query) == parse(plain)
    assert parse("a (b OR c") == Or((And((A, B)), C))  # and not a AND (b OR c)


def test_a_stray_closing_bracket_lets_the_rest_be_read():
    # Balanced counts, wrong order: the words after the stray ')' still count.
    assert parse("a ) b (") == And((A, B))
    assert parse(") a (") == A


@pytest.mark.parametrize(("query", "tree"), [
    ("a OR", A),
    ("OR a", A),
    ("a OR OR b", Or((A, B))),
    ("a -", A),
    ("a NOT", A),
    ("NOT ) a", Not(A)),  # the lone bracket goes, the NOT stays
    ('a "', A),
    ('a "b', And((A, Word("b")))),
    ("=", Word("=")),
    ("*", Word("*")),
    ("+", Word("+")),
])
def test_dangling_operators_and_quotes_are_plain_words_or_dropped(query, tree):
    assert parse(query) == tree


def test_negation_runs_keep_their_parity():
    assert parse("NOT NOT a") == A
    assert parse("NOT - NOT a") == Not(A)
    assert parse("- - - - a") == A


def test_brackets_deeper_than_the_bound_are_dropped_and_said():
    deep = "(" * (MAX_DEPTH + 1) + "a OR b" + ")" * (MAX_DEPTH + 1)
    assert parse(deep) == Or((A, B))
    assert notice(deep) == NESTING_NOTICE
    at_bound = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert parse(at_bound) == A and notice(at_bound) == ""
    assert notice("a (b OR c)") == ""


def test_the_innermost_group_beyond_the_bound_joins_its_parent():
    # One level too deep: the innermost brackets go, so "b c" joins its parent's words.
    too_deep = "(" * MAX_DEPTH + "a (b c)" + ")" * MAX_DEPTH
    assert parse(too_deep) == And((A, B, C)) and notice(too_deep) == NESTING_NOTICE
    deep_enough = "(" * (MAX_DEPTH - 1) + "a (b c)" + ")" * (MAX_DEPTH - 1)
    assert parse(deep_enough) == And((A, And((B, C)))) and notice(deep_enough) == ""


def test_long_queries_are_cut_at_the_limit():
    head = "a " * (MAX_QUERY_CHARS // 2)
    assert len(head) == MAX_QUERY_CHARS
    tree = parse(head + "zzz")
    assert isinstance(tree, And) and Word("zzz") not in tree.nodes
    assert parse("b" * (MAX_QUERY_CHARS - 1) + "cd") == Word("b" * (MAX_QUERY_CHARS - 1) + "c")


def test_positive_words_are_what_a_match_shows():
    tree = parse('a -b (c OR "d e") NOT f =g')
    assert positive_words(tree) == [A, C, Phrase("d e"), Word("g", exact=True)]
    assert positive_words(None) == [] and positive_words(Not(A)) == []


@pytest.mark.parametrize("query", ["a (b", "a)", "((a", '"a', "NOT", "OR OR", "-*"])
def test_malformed_queries_give_a_tree_of_their_words(query):
    tree = parse(query)
    words = [w.text for w in positive_words(tree)]
    assert all(w and w not in "()" for w in words), (query, tree)


@pytest.mark.parametrize(("query", "tree"), [
    # Words holding the letters around operators are kept whole.
    ("-XBOX*", Not(Word("XBOX", prefix=True))),
    ("=XBOX*", Word("XBOX", exact=True, prefix=True)),
    ("XBOX*", Word("XBOX", prefix=True)),
    ("+XBOX", Word("XBOX", required=True)),
    ("+X", Word("X", required=True)),
    ('"XBOX X"', Phrase("XBOX X")),
    ("XX (a", And((Word("XX"), A))),          # an unbalanced bracket drops only brackets
    # The + is read off the word it stands on, wherever it is.
    ("a +b", And((A, Word("b", required=True)))),
    ("+-a", Not(A)),                           # required and negated: negated
    # A NOT with nothing after it (end of group, OR) is dropped, the rest kept.
    ("(a NOT) b", And((A, B))),
    ("a NOT OR b", Or((A, B))),
    ("a NOT | b", Or((A, B))),
])
def test_operators_apply_to_exactly_their_word(query, tree):
    assert parse(query) == tree


def test_sibling_groups_do_not_add_up_to_the_nesting_bound():
    query = " ".join(f"(w{i} OR v{i})" for i in range(MAX_DEPTH + 4))
    tree = parse(query)
    assert isinstance(tree, And) and len(tree.nodes) == MAX_DEPTH + 4
    assert all(isinstance(node, Or) for node in tree.nodes) and notice(query) == ""
