"""Tantivy (tantivy-py) as a second baseline, over the terms fahras indexes.

Tantivy takes pre-tokenized text with explicit positions, so each field holds exactly
fahras's terms at fahras's positions: ``body`` (stems, second stems and broken plurals'
singulars at their word's position, paragraphs 100 positions apart), ``exact`` (normal
forms) and ``entities`` (ids). Queries are built as objects from the neutral tree
(benchmarks/same_work.py), never parsed; a prefix is completed with the searcher's own
term dictionary (``terms_with_prefix``, ranked by document count as fahras's lexicon);
facets are a terms aggregation over the entity ids.

Optional: ``pip install '.[bench]'``; the benchmark says so and goes on without it.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.same_work import (
    AllOf,
    AnalysedDocument,
    AnyOf,
    Coordinated,
    Every,
    Not,
    Phrase,
    Prefix,
    Term,
    qualifying_sets,
)

PAGE = 20
#: More than the catalogue holds: every entity's count.
FACET_ENTITIES = 100_000
WRITER_MEMORY = 200_000_000


def available() -> bool:
    """Whether the ``tantivy`` package is installed."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


class Tantivy:
    """A Tantivy index of analysed articles, queried with neutral trees."""

    name = "Tantivy"

    def __init__(self, path: Path) -> None:
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
        for name in ("body", "exact"):
            builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
        # one value per entity id, kept whole and as a column for facet counts
        builder.add_text_field("entities", tokenizer_name="raw", index_option="basic",
                               fast=True)
        self.schema = builder.build()
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path))
        self.size = 0

    def add(self, documents) -> None:
        """Index analysed documents (``same_work.AnalysedDocument``) and commit once."""
        writer = self.index.writer(WRITER_MEMORY)
        for document in documents:
            writer.add_document(self._document(document))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.size = self.searcher.num_docs

    def _document(self, document: AnalysedDocument):
        tantivy = self.tantivy
        doc = tantivy.Document()
        doc.add_text("id", document.id)
        doc.add_text("title", document.title)
        body = [tantivy.Token(t, p, p) for p, terms in sorted(document.body.items())
                for t in terms]
        exact = [tantivy.Token(t, p, p) for p, t in sorted(document.exact.items())]
        doc.add_pre_tokenized_text("body", tantivy.PreTokenizedString("", body))
        doc.add_pre_tokenized_text("exact", tantivy.PreTokenizedString("", exact))
        for entity in document.entities:
            doc.add_text("entities", entity)
        return doc

    def page(self, tree) -> list:
        """The best 20 matches with their stored ids and titles."""
        found = self.searcher.search(self.render(tree), limit=PAGE, count=False)
        return [self.searcher.doc(address).to_dict() for _, address in found.hits]

    def total(self, tree) -> int:
        """How many articles match."""
        return self.searcher.search(self.render(tree), limit=1, count=True).count

    def facets(self, tree) -> dict[str, int]:
        """How many matching articles name each entity (a terms aggregation)."""
        found = self.searcher.aggregate(self.render(tree), {"entities": {"terms": {
            "field": "entities", "size": FACET_ENTITIES}}})
        return {b["key"]: b["doc_count"] for b in found["entities"]["buckets"]}

    # -- neutral tree → Tantivy query ---------------------------------------------------

    def render(self, node):
        query, occur = self.tantivy.Query, self.tantivy.Occur
        if isinstance(node, Every):
            return query.all_query()
        if isinstance(node, Term):
            return query.term_query(self.schema, node.field, node.text)
        if isinstance(node, Phrase):
            return query.phrase_query(self.schema, node.field, list(node.words))
        if isinstance(node, Prefix):
            return self.render(AnyOf(tuple(Term("exact", t) for t in self.completions(node))))
        if isinstance(node, Coordinated):
            counts = [self.total(part) for part in node.parts]
            sets = qualifying_sets(counts, self.size, node.required)
            return self.render(AnyOf(tuple(AllOf(tuple(node.parts[i] for i in chosen))
                                           for chosen in sets)))
        if isinstance(node, Not):
            return query.boolean_query([(occur.Must, query.all_query()),
                                        (occur.MustNot, self.render(node.part))])
        if isinstance(node, AnyOf):
            if not node.parts:
                return query.empty_query()
            return query.boolean_query([(occur.Should, self.render(p)) for p in node.parts])
        if isinstance(node, AllOf):
            return query.boolean_query([(occur.Must, self.render(p)) for p in node.parts])
        raise TypeError(f"Tantivy cannot render {node!r}")

    def completions(self, prefix: Prefix) -> list[str]:
        """The most frequent ``exact`` terms starting with any of the prefix's starts."""
        found: dict[str, int] = {}
        for start in prefix.starts:
            found.update(self.searcher.terms_with_prefix("exact", start, limit=prefix.limit))
        return sorted(found, key=lambda t: (-found[t], t))[:prefix.limit]

    def close(self) -> None:
        self.searcher = None
