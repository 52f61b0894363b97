"""A result whose words are only in its headline still shows a highlighted passage: the
headline itself, as paragraph -1 (the ``--json`` contract's number for the title)."""

from __future__ import annotations

from ..models import ArticleView, Passage
from ..passages import Highlighter


def title_passage(view: ArticleView, highlighter: Highlighter) -> list[Passage]:
    """The headline as a passage with its hits, or [] when it has none."""
    mentions = tuple(m for m in view.mentions if m.paragraph == -1)
    hits = highlighter.hits(view.title, mentions)
    if not hits:
        return []
    return [Passage(view.id, view.title, view.author, view.path, -1, 0, view.title,
                    tuple(hits), mentions, view.source, view.date)]
