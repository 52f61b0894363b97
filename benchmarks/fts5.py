"""SQLite FTS5 as a baseline, over the terms fahras indexes (benchmarks/same_work.py).

FTS5 numbers positions itself, one per token, and cannot put two terms at one position
from SQL: the ``body`` column holds each position's stem (and a filler where fahras's
positions jump, so no phrase spans a paragraph), ``extra`` the second stems and broken
plurals' singulars a word also matches, ``exact`` the normal forms, ``entities`` the
entity ids. A prefix is completed from the ``exact`` column's terms (an ``fts5vocab``
table, ranked by document count, as fahras's lexicon does); facets count the entity ids
of every match.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from benchmarks.same_work import (
    GAP,
    AllOf,
    AnalysedDocument,
    AnyOf,
    Coordinated,
    Every,
    Not,
    Phrase,
    Prefix,
    Term,
    in_order,
    qualifying_sets,
)

# Terms hold "_" (stop words, the filler), "-" (entity ids) and a number's separators.
TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '_-.,\u060c\u066b\u066c'"
PAGE = 20


class FTS5:
    """An FTS5 table of analysed articles, queried with neutral trees."""

    name = "FTS5"

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.execute(f"CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, "
                        f"title UNINDEXED, body, extra, exact, entities, "
                        f"tokenize=\"{TOKENIZER}\")")
        self.db.execute("CREATE VIRTUAL TABLE vocabulary USING fts5vocab(articles, col)")
        self.size = 0

    def add(self, documents) -> None:
        """Index analysed documents (``same_work.AnalysedDocument``)."""
        self.db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                            (_row(d) for d in documents))
        self.db.commit()
        self.size = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def page(self, tree) -> list:
        """The best 20 matches: id, title and a snippet of the stems."""
        match = self.render(tree)
        if match is None:
            return self.db.execute("SELECT id, title, substr(body, 1, 160) FROM articles "
                                   f"LIMIT {PAGE}").fetchall()
        if not match:
            return []
        return self.db.execute(
            "SELECT id, title, snippet(articles, 2, '[', ']', '…', 12) FROM articles "
            f"WHERE articles MATCH ? ORDER BY rank LIMIT {PAGE}", (match,)).fetchall()

    def total(self, tree) -> int:
        """How many articles match."""
        match = self.render(tree)
        if match is None:
            return self.size
        if not match:
            return 0
        return self.db.execute("SELECT count(*) FROM articles WHERE articles MATCH ?",
                               (match,)).fetchone()[0]

    def facets(self, tree) -> dict[str, int]:
        """How many matching articles name each entity: the matches' entity ids, counted."""
        match = self.render(tree)
        if match == "":
            return {}
        rows = (self.db.execute("SELECT entities FROM articles") if match is None else
                self.db.execute("SELECT entities FROM articles WHERE articles MATCH ?",
                                (match,)))
        return dict(Counter(e for (entities,) in rows for e in entities.split()))

    # -- neutral tree → MATCH expression (None: every article; "": none) ----------------

    def render(self, node) -> str | None:
        if isinstance(node, Every):
            return None
        if isinstance(node, Term):
            # a word's body terms: its stem (body) or a second stem or singular (extra)
            columns = "{body extra}" if node.field == "body" else node.field
            return f'{columns} : "{node.text}"'
        if isinstance(node, Phrase):
            return f'{node.field} : "{" ".join(node.words)}"'
        if isinstance(node, Prefix):
            return self.render(AnyOf(tuple(Term("exact", t) for t in self.completions(node))))
        if isinstance(node, Coordinated):
            counts = [self.total(part) for part in node.parts]
            sets = qualifying_sets(counts, self.size, node.required)
            return self.render(AnyOf(tuple(AllOf(tuple(node.parts[i] for i in chosen))
                                           for chosen in sets)))
        if isinstance(node, Not):
            inner = self.render(node.part)
            return "" if inner is None else None if not inner else f"NOT ({inner})"
        if isinstance(node, AnyOf):
            parts = [self.render(p) for p in node.parts]
            if any(p is None for p in parts):
                return None
            kept = [p for p in parts if p]
            return " OR ".join(f"({p})" for p in kept)
        if isinstance(node, AllOf):
            return self._all(node)
        raise TypeError(f"FTS5 cannot render {node!r}")

    def _all(self, node: AllOf) -> str | None:
        positive, negative = [], []
        for part in node.parts:
            rendered = self.render(part)
            if rendered == "":
                return ""
            if rendered is None:
                continue
            (negative if rendered.startswith("NOT (") else positive).append(rendered)
        if not positive:
            if negative:
                raise TypeError("FTS5 cannot match only a negation")
            return None
        text = " AND ".join(f"({p})" for p in positive)
        return text + "".join(f" {n}" for n in negative)

    def completions(self, prefix: Prefix) -> list[str]:
        """The most frequent ``exact`` terms starting with any of the prefix's starts."""
        found: dict[str, int] = {}
        for start in prefix.starts:
            found.update(self.db.execute(
                "SELECT term, doc FROM vocabulary WHERE col = 'exact' AND term >= ? "
                "AND term < ?", (start, start + "\U0010ffff")).fetchall())
        return sorted(found, key=lambda t: (-found[t], t))[:prefix.limit]

    def close(self) -> None:
        self.db.close()


def _row(document: AnalysedDocument) -> tuple[str, str, str, str, str, str]:
    stems = in_order({p: terms[0] for p, terms in document.body.items()})
    extra = [t for terms in document.body.values() for t in terms[1:]]
    return (document.id, document.title, " ".join(stems), " ".join(extra),
            " ".join(in_order(document.exact)), " ".join(document.entities))


assert GAP == "_"  # the tokenizer keeps "_" in tokens
