"""The Whoosh schema: what is indexed for search and what is stored for display.

Stemmed text (``body``, the title included) serves the default search, normalised unstemmed text
(``exact``) serves ``=word``, prefixes and exact mode; ``title`` (stemmed again) gives title
hits their own score. ``entities`` holds entity ids for
filters and facets. ``data`` stores everything the explorer shows, so no file is re-read.
"""

from __future__ import annotations

import json

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from .analysis import Analyzer, FieldAnalyzer
from .codec import PackedPositions
from .models import TITLE_PARAGRAPH, Article, ArticleView, Mention
from .token_table import encode

#: Bump when fields or stored data change: an index of another version is rebuilt.
SCHEMA_VERSION = 5


def build_schema(analyzer: Analyzer) -> Schema:
    """The schema for an index analysed by ``analyzer``."""
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        hash=ID(stored=True),
        # The title is indexed inside the body: one scored field lets Whoosh skip whole
        # blocks of postings for the top results (see benchmarks/README.md).
        body=_text(analyzer.whoosh(stemmed=True)),
        exact=_text(analyzer.whoosh(stemmed=False)),
        # The title again, stemmed, for its own BM25 score: title hits weigh more
        # (ranking.TITLE_WEIGHT). Version 4: stop words indexed, broken plurals' singulars.
        title=_text(analyzer.whoosh(stemmed=True)),
        entities=KEYWORD(commas=True, lowercase=False, scorable=False),
        data=STORED,
        **news_fields(),
    )


def news_fields() -> dict:
    """Publication date and source for filters, facets and sorting; the group of
    syndicated copies (index/news/syndication.py), for articles that have copies."""
    return {"date": ID(), "source": ID(), "group": ID()}


def news_document(article: Article) -> tuple[dict, dict]:
    """The indexed news fields of an article, and what its stored data adds."""
    indexed = {name: value for name, value in (("date", article.date),
                                                ("source", article.source),
                                                ("group", article.group)) if value}
    return indexed, {"dateline": article.dateline, "removed": list(article.removed),
                     "group": article.group}


def _text(analyzer: FieldAnalyzer) -> TEXT:
    """A text field with positions, packed for fahras's codec (index/codec.py)."""
    field = TEXT(analyzer=analyzer, phrase=True)
    field.format = PackedPositions()
    return field


def to_document(article: Article, mentions: list[Mention]) -> dict:
    """The Whoosh document for one article and its entity mentions."""
    text = "\n".join(article.paragraphs)
    data = {
        "title": article.title, "author": article.author, "source": article.source,
        "date": article.date, "url": article.url, "paragraphs": list(article.paragraphs),
        "mentions": [[m.entity, m.kind, m.paragraph, m.start, m.end] for m in mentions],
    }
    indexed, stored = news_document(article)
    data.update(stored)
    # Where each word is, for the highlighter (index/token_table.py); an index written
    # before it has none and is still read: its passages are found by analysing the text.
    data["tokens"] = encode((article.title, *article.paragraphs))
    return {
        **indexed,
        "id": article.id, "path": article.path, "hash": article.content_hash,
        "body": f"{article.title}\n{text}", "exact": f"{article.title}\n{text}",
        "title": article.title,
        "entities": ",".join(dict.fromkeys(m.entity for m in mentions)),
        "data": json.dumps(data, ensure_ascii=False),
    }


def to_view(stored: dict) -> ArticleView:
    """The reader's view of a stored document."""
    return _view(stored, json.loads(stored["data"]))


def to_view_and_tokens(stored: dict) -> tuple[ArticleView, str | None]:
    """The reader's view of a stored document and its packed token table, if it has one
    (``token_table.decode`` unpacks it)."""
    data = json.loads(stored["data"])
    tokens = data.get("tokens")
    return _view(stored, data), tokens if isinstance(tokens, str) else None


def _view(stored: dict, data: dict) -> ArticleView:
    paragraphs = tuple(data["paragraphs"])
    texts = (data["title"], *paragraphs)
    mentions = tuple(
        Mention(e, kind, p, s, end, texts[p - TITLE_PARAGRAPH][s:end])
        for e, kind, p, s, end in data["mentions"]
    )
    return ArticleView(id=stored["id"], title=data["title"], author=data["author"],
                       source=data["source"], path=stored["path"], paragraphs=paragraphs,
                       mentions=mentions, date=data["date"], url=data["url"],
                       dateline=data.get("dateline", ""),
                       removed=tuple(data.get("removed", ())), group=data.get("group", ""))


def to_article(stored: dict) -> Article:
    """The article a stored document was made from (for re-indexing without the file)."""
    data = json.loads(stored["data"])
    return Article(id=stored["id"], title=data["title"],
                   paragraphs=tuple(data["paragraphs"]), path=stored["path"],
                   content_hash=stored["hash"], author=data["author"], source=data["source"],
                   date=data["date"], url=data["url"], dateline=data.get("dateline", ""),
                   removed=tuple(data.get("removed", ())), group=data.get("group", ""))
