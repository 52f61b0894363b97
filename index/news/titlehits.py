"""A result whose words are only in its headline still shows a highlighted passage: the
headline itself, as paragraph ``TITLE_PARAGRAPH`` (-1, the ``--json`` contract's number
for the title)."""

from __future__ import annotations

from ..models import TITLE_PARAGRAPH, ArticleView, Passage
from ..passages import Highlighter


def title_passage(view: ArticleView, highlighter: Highlighter) -> list[Passage]:
    """The headline as a passage with its hits, or [] when it has none."""
    mentions = tuple(m for m in view.mentions if m.paragraph == TITLE_PARAGRAPH)
    hits = highlighter.hits(view.title, mentions)
    if not hits:
        return []
    return [Passage(article_id=view.id, title=view.title, author=view.author, path=view.path,
                    paragraph=TITLE_PARAGRAPH, start=0, text=view.title, hits=tuple(hits),
                    mentions=mentions, source=view.source, date=view.date)]
