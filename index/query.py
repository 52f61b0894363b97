"""The query language, parsed into a small tree that never raises.

    words            articles with every word first, then those with most of them
                     (stemmed: الشركات finds شركة; stop words are not counted)
    +word            this word is required
    "an exact phrase"
    a OR b           either (also a | b)
    NOT a, -a        must not match
    prefix*          words that start so
    =word            this surface form, without stemming
    ( … )            grouping

Anything malformed (unbalanced quotes or brackets, a dangling operator) is read as plain
words rather than refused. Nesting is bounded so that every step after parsing (compiling,
highlighting), all recursive over the tree, stays far from Python's recursion limit: 340
nested brackets raised ``RecursionError``. Brackets deeper than ``MAX_DEPTH`` are dropped
(their words join the enclosing group) and a run of ``NOT``/``-`` keeps its parity
(``NOT NOT a`` is ``a``); ``notice`` says when that happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

#: Longer queries are cut here: nobody types more, and analysis cost stays bounded.
MAX_QUERY_CHARS = 1000
#: Deeper brackets are read as plain grouping; nobody nests more by hand.
MAX_DEPTH = 16
NESTING_NOTICE = f"brackets nested deeper than {MAX_DEPTH} levels were read without them"


@dataclass(frozen=True, slots=True)
class Word:
    """A word to match, stemmed unless ``exact``; a prefix when ``prefix``; ``required``
    (``+word``) when an article without it must not match, even a partial match."""

    text: str
    exact: bool = False
    prefix: bool = False
    required: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must stand together, in order (stop words included)."""

    text: str
    exact: bool = False
    required: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    """Articles that do not match the inner node."""

    node: Node


@dataclass(frozen=True, slots=True)
class And:
    """Articles that match every node."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Articles that match any node."""

    nodes: tuple[Node, ...]


Node = Word | Phrase | Not | And | Or

_TOKEN = re.compile(r'\+?"[^"]*"|\(|\)|\||[^\s()"|]+|"')


def parse(text: str) -> Node | None:
    """The query tree, or None for a query with nothing to search (browse).

    >>> parse('إنفيديا -انتل "أشباه الموصلات"')
    And(nodes=(Word(text='إنفيديا', exact=False, prefix=False, required=False), Not(node=Word(text='انتل', exact=False, prefix=False, required=False)), Phrase(text='أشباه الموصلات', exact=False, required=False)))
    >>> parse('+تايوان رقائق')
    And(nodes=(Word(text='تايوان', exact=False, prefix=False, required=True), Word(text='رقائق', exact=False, prefix=False, required=False)))
    """
    tokens, _ = _bounded(_tokens(text))
    parser = _Parser(tokens)
    node = parser.expression()
    while parser.peek() is not None:  # a stray ')' or similar: read the rest as words
        parser.take()
        rest = parser.expression()
        node = _and([n for n in (node, rest) if n is not None])
    return node


def notice(text: str) -> str:
    """What the parser changed to keep the query's nesting bounded, or ``""``."""
    return NESTING_NOTICE if _bounded(_tokens(text))[1] else ""


def _tokens(text: str) -> list[str]:
    tokens = _TOKEN.findall(text[:MAX_QUERY_CHARS])
    if tokens.count("(") != tokens.count(")"):
        tokens = [t for t in tokens if t not in "()"]
    return tokens


def _bounded(tokens: list[str]) -> tuple[list[str], bool]:
    """The tokens with brackets beyond ``MAX_DEPTH`` dropped and runs of negations
    reduced to their parity; True when brackets were dropped."""
    out: list[str] = []
    depth = 0
    dropped = False
    for token in tokens:
        if token in ("(", ")"):
            depth += token == "("
            if depth > MAX_DEPTH:
                dropped = True
            else:
                out.append(token)
            depth -= token == ")"
        elif token in ("NOT", "-") and out and out[-1] in ("NOT", "-"):
            out.pop()  # NOT NOT a is a
        else:
            out.append(token)
    return out, dropped


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        self.i += 1
        return self.tokens[self.i - 1]

    def expression(self) -> Node | None:
        parts = [self.conjunction()]
        while self.peek() in ("OR", "|"):
            self.take()
            parts.append(self.conjunction())
        nodes = [p for p in parts if p is not None]
        if len(nodes) <= 1:
            return nodes[0] if nodes else None
        return Or(tuple(nodes))

    def conjunction(self) -> Node | None:
        nodes: list[Node] = []
        while (token := self.peek()) is not None and token not in ("OR", "|", ")"):
            node = self.unary()
            if node is not None:
                nodes.append(node)
        return _and(nodes)

    def unary(self) -> Node | None:
        token = self.take()
        if token in ("NOT", "-") or (token.startswith("-") and len(token) > 1):
            inner = Word(token[1:].rstrip("*"), prefix=token.endswith("*")) if token not in (
                "NOT", "-") else (self.unary() if self.peek() not in (None, ")", "OR", "|") else None)
            return Not(inner) if inner is not None else None
        if token == "(":
            node = self.expression()
            if self.peek() == ")":
                self.take()
            return node
        if token.startswith("+") and token.strip("+"):
            self.tokens[self.i - 1] = token.lstrip("+")
            self.i -= 1
            inner = self.unary()
            return replace(inner, required=True) if isinstance(inner, Word | Phrase) else inner
        if token == '"':
            return None
        if token.startswith('"'):
            words = token.strip('"').strip()
            return Phrase(words) if words else None
        if token.startswith("=") and len(token) > 1:
            return Word(token[1:].rstrip("*"), exact=True, prefix=token.endswith("*"))
        if token.endswith("*") and len(token.rstrip("*")) > 0:
            return Word(token.rstrip("*"), prefix=True)
        return Word(token)


def _and(nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))


def positive_words(node: Node | None) -> list[Word | Phrase]:
    """The words and phrases a match shows (negated ones excluded), for highlighting."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Word | Phrase):
        return [node]
    return [w for child in node.nodes for w in positive_words(child)]
