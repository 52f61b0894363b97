"""Saved news pages: the article's text, headline, author, date and site, without the
navigation, related links, share bars, comments and ads around it.

trafilatura (with htmldate for dates) is the extractor: on the fixtures under
tests/data/news/pages, made like Arab news sites, it kept every body paragraph and
dropped the breadcrumbs, share bars, «اقرأ أيضاً» boxes, tag lists and comment forms that
``index/htmltext.py`` (BeautifulSoup, tag names only) left in the body, and it read the
author, site name and metadata date; it took 3–6 ms a page against htmltext's 1–3 ms.
Arabic date lines in the text, which htmldate does not read, are left to dates.py.

Hostile markup stays linear: a page nested deeper than ``MAX_DEPTH`` (lxml and
BeautifulSoup recurse) or larger than ``MAX_EXTRACT_BYTES`` never reaches a parser and is
read by ``flat_text``, one regular-expression pass; a page trafilatura cannot read falls
back to htmltext.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_DEPTH = 300
MAX_EXTRACT_BYTES = 3 * 1024 * 1024
#: BeautifulSoup (htmltext) took minutes on 300 kB of unclosed tags: larger pages that
#: trafilatura could not read are read flat instead.
MAX_PARSE_BYTES = 200 * 1024
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*?(/?)>")
_VOID = {"br", "img", "meta", "link", "input", "hr", "area", "base", "col", "embed", "source",
         "track", "wbr", "param"}


@dataclass(frozen=True)
class Page:
    """What a page gave: its text (one block a line) and metadata ("" when absent)."""

    text: str
    title: str = ""
    author: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    #: Which reader produced it: "trafilatura", "htmltext" or "flat".
    reader: str = ""


def depth(markup: str, limit: int = MAX_DEPTH) -> int:
    """How deep the tags nest (stops counting past ``limit``), in one linear pass."""
    level = deepest = 0
    for match in _TAG.finditer(markup):
        closing, name, selfclosing = match.groups()
        if name.lower() in _VOID or selfclosing:
            continue
        level = max(0, level - 1) if closing else level + 1
        if level > deepest:
            deepest = level
            if deepest > limit:
                break
    return deepest


def read_page(markup: str) -> Page:
    """The article in a saved page, by the best reader the page allows."""
    if len(markup) > MAX_EXTRACT_BYTES or depth(markup) > MAX_DEPTH:
        return Page(flat_text(markup), reader="flat")
    page = _trafilatura(markup)
    if page is not None:
        return page
    if len(markup) > MAX_PARSE_BYTES:
        return Page(flat_text(markup), reader="flat")
    from ..htmltext import html_to_text

    title, text = html_to_text(markup)
    return Page(text, title, reader="htmltext")


def _trafilatura(markup: str) -> Page | None:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, date_extraction_params={"extensive_search": False,
                                                          "original_date": True})
    except Exception:  # any failure of the extractor: the fallback reads the page
        return None
    # A dict comes back only with as_dict=True, which is not asked for.
    if document is None or isinstance(document, dict):
        return None
    text = document.text or ""
    if _broken(text):
        return None
    url = document.url or ""
    return Page(text=text, title=document.title or "", author=_author(document.author),
                date=document.date or "",
                source=document.sitename or site_of(url) or document.hostname or "",
                url=url, reader="trafilatura")


def _broken(text: str) -> bool:
    """Empty, or cut a word a line: trafilatura's baseline pass on a page too small for
    its main pass splits paragraphs at every inline tag («فقرة\nأولى\n.»)."""
    lines = [line for line in text.split("\n") if line.strip()]
    short = sum(1 for line in lines if len(line.split()) <= 2)
    return not lines or (len(lines) >= 4 and short * 2 > len(lines))


def _author(value: str | None) -> str:
    # trafilatura joins several authors with «; ».
    return "، ".join(p.strip() for p in (value or "").split(";") if p.strip())


def site_of(url: str) -> str:
    """The site of a URL, without ``www.``: ``https://www.example.com/a`` → ``example.com``."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


_DROP = re.compile(r"<(script|style|noscript|template|svg|nav|header|footer|aside|form)\b", re.I)
_BLOCK = re.compile(r"</?(?:p|div|h[1-6]|li|br|tr|section|article|blockquote|pre|figcaption)"
                    r"\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^<>]*>")


def flat_text(markup: str) -> str:
    """A page's text in one linear pass, for markup too deep or large for a parser:
    scripts, styles and navigation dropped, a line per block, entities decoded."""
    text = _ANY_TAG.sub("", _BLOCK.sub("\n", _without_noise(markup)))
    lines = (" ".join(line.split()) for line in html.unescape(text).split("\n"))
    return "\n".join(line for line in lines if line)


def _without_noise(markup: str) -> str:
    """Markup without script, style and navigation elements; an unclosed one runs to the
    end. Each element is found with one forward search, so the pass stays linear."""
    kept, position = [], 0
    lowered = markup.lower()
    for match in _DROP.finditer(markup):
        if match.start() < position:
            continue
        kept.append(markup[position:match.start()])
        end = lowered.find(f"</{match.group(1).lower()}", match.end())
        position = len(markup) if end < 0 else end
        kept.append("\n")
    kept.append(markup[position:])
    return "".join(kept)
