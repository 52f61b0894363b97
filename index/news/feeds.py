"""RSS and Atom feed files: one article per item, with its date, link and source.

feedparser reads every RSS and Atom dialect and normalises their dates
(``published_parsed``, ``updated_parsed``); the feed's own title names the source, else
the site of the item's link. An item's HTML (``content``, else ``summary``) is read as a
page fragment.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import dates, titles
from .pages import MAX_PARSE_BYTES, flat_text, site_of

FEED_SUFFIXES = {".rss", ".atom", ".xml"}


class NotAFeed(ValueError):
    """A file that feedparser cannot read as RSS or Atom."""


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, its HTML already read as text."""

    number: int
    title: str
    text: str
    link: str
    date: str
    author: str
    source: str


def read_feed(text: str) -> list[FeedItem]:
    """The items of an RSS or Atom document, in the feed's order."""
    import feedparser

    parsed = feedparser.parse(text)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        reason = getattr(parsed, "bozo_exception", None)
        raise NotAFeed(f"not an RSS or Atom feed ({reason})" if reason else
                       "not an RSS or Atom feed")
    channel = titles.clean_title(parsed.feed.get("title", ""))
    return [_item(number, entry, channel) for number, entry in
            enumerate(parsed.entries, start=1)]


def _item(number: int, entry, channel: str) -> FeedItem:
    link = entry.get("link", "")
    markup = _markup(entry)
    date = dates.from_metadata(entry.get("published_parsed") or entry.get("updated_parsed")
                               or entry.get("published") or entry.get("updated"))
    return FeedItem(number, " ".join(entry.get("title", "").split()), _text(markup), link,
                    date, entry.get("author", ""), channel or site_of(link))


def _markup(entry) -> str:
    for content in entry.get("content", []):
        if content.get("value"):
            return content["value"]
    return entry.get("summary", "") or entry.get("description", "")


def _text(markup: str) -> str:
    if "<" not in markup:
        return markup
    if len(markup) > MAX_PARSE_BYTES:
        return flat_text(markup)
    from ..htmltext import html_to_text

    return html_to_text(markup)[1]
