"""Corpus-wide entity listings: counts per entity, and names no entity matches."""

from __future__ import annotations

import json
from collections import Counter

from .models import KINDS, TITLE_PARAGRAPH
from .store import Store


def entity_counts(store: Store, kind: str | None = None) -> list[dict]:
    """Every catalogue entity of ``kind`` with the articles and mentions that name it."""
    articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    with store.open().searcher() as searcher:
        for fields in searcher.all_stored_fields():
            found = [m[0] for m in json.loads(fields["data"])["mentions"]]
            mentions.update(found)
            articles.update(set(found))
    rows = [{"id": e.id, "kind": e.kind, "name": e.name, "name_ar": e.name_ar,
             "articles": articles[e.id], "mentions": mentions[e.id]}
            for e in store.catalogue if kind is None or e.kind == kind]
    return sorted(rows, key=lambda r: (-r["articles"], KINDS.index(r["kind"]), r["id"]))


def unknown_names(store: Store) -> Counter[str]:
    """Names in the corpus that match no entity, with how many articles mention each
    (see discovery.py for where they come from)."""
    names: Counter[str] = Counter()
    with store.open().searcher() as searcher:
        for fields in searcher.all_stored_fields():
            data = json.loads(fields["data"])
            names.update(store.matcher.unknown([data["title"], *data["paragraphs"]]))
    return names


def spellings(store: Store, entity_id: str) -> list[dict]:
    """Every spelling of one entity found in the corpus, clitics aside, with its mention
    and article counts and whether the catalogue lists it (if not, it was generated)."""
    mentions: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    listed: dict[str, bool] = {}
    matcher = store.matcher
    with store.open().searcher() as searcher:
        for fields in searcher.all_stored_fields():
            data = json.loads(fields["data"])
            texts = [data["title"], *data["paragraphs"]]
            seen = set()
            for entity, _, paragraph, start, end in data["mentions"]:
                if entity != entity_id:
                    continue
                text = texts[paragraph - TITLE_PARAGRAPH]
                spelling, is_listed = matcher.spelling_of(text[start:end])
                listed[spelling] = is_listed
                mentions[spelling] += 1
                seen.add(spelling)
            articles.update(seen)
    rows = [{"spelling": s, "mentions": n, "articles": articles[s], "listed": listed[s]}
            for s, n in mentions.items()]
    return sorted(rows, key=lambda r: (-r["mentions"], r["spelling"]))
