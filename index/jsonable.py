"""The ``--json`` contract: engine values as plain dictionaries other tools script against."""

from __future__ import annotations

import json

from .models import ArticleView, Passage, Result, SearchResponse
from .safe_text import json_safe


def dumps(data, indent: int | None = 2) -> str:
    """JSON text safe to print: readable Arabic, and every control character (C0, C1,
    DEL, bidi controls, lone surrogates) as a JSON escape that reads back exactly.

    >>> print(dumps({"id": "a\x1b\x9b"}, indent=None))
    {"id": "a\\u001b\\u009b"}
    """
    return json_safe(json.dumps(data, ensure_ascii=False, indent=indent))


def passage(p: Passage) -> dict:
    """``{"paragraph", "text", "hits", "start", "entities"}``: hits are offsets into text."""
    return {"paragraph": p.paragraph, "text": p.text, "hits": [list(h) for h in p.hits],
            "start": p.start,
            "entities": [{"id": m.entity, "kind": m.kind, "span": [m.start - p.start,
                                                                   m.end - p.start]}
                         for m in p.mentions]}


def result(r: Result) -> dict:
    """One search result."""
    return {"id": r.id, "title": r.title, "author": r.author, "path": r.path, "score": r.score,
            "snippet": r.snippet, "snippet_hits": [list(h) for h in r.snippet_hits],
            "passages": [passage(p) for p in r.passages], "entities": list(r.entities),
            "title_hits": [list(h) for h in r.title_hits], **news_result(r)}


def news_result(r: Result) -> dict:
    """A result's outlet and date, and the copies folded into it (syndicated stories)."""
    return {"source": r.source, "date": r.date,
            "also_in": [{"id": c.id, "title": c.title, "source": c.source, "date": c.date}
                        for c in r.also_in]}


def response(r: SearchResponse) -> dict:
    """A whole search response, facets included."""
    out = {"query": r.query, "total": r.total, "took_ms": r.took_ms,
           "filters": r.filters.to_dict(), "results": [result(x) for x in r.results],
           "facets": {kind: [{"id": f.id, "name": f.name, "name_ar": f.name_ar,
                              "count": f.count} for f in counts]
                      for kind, counts in r.facets.items()}}
    if r.notice:
        out["notice"] = r.notice
    out["news_facets"] = {name: [{"value": f.id, "count": f.count} for f in counts]
                          for name, counts in r.news_facets.items()}
    if r.partial:  # some results hold only some of the query's words
        out["partial"] = {"words": r.words, "fewest": r.fewest_words}
    return out


def article(a: ArticleView) -> dict:
    """A whole article with its entities and their mention spans."""
    entities: dict[str, dict] = {}
    for m in a.mentions:
        entry = entities.setdefault(m.entity, {"id": m.entity, "kind": m.kind, "mentions": []})
        entry["mentions"].append({"paragraph": m.paragraph, "span": [m.start, m.end],
                                  "text": m.text})
    return {"id": a.id, "title": a.title, "author": a.author, "source": a.source,
            "date": a.date, "url": a.url, "path": a.path, "paragraphs": list(a.paragraphs),
            "entities": list(entities.values()), "dateline": a.dateline,
            "removed": list(a.removed)}
