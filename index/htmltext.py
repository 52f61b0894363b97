"""The article inside an HTML page: its text without scripts, styles and navigation.

The page goes through libxml2's HTML parser (lxml) as a stream of events, and fahras keeps
only a stack of the open elements: no tree is built, so time and memory grow linearly
with the page whatever its nesting or its errors. Measured: BeautifulSoup built the whole
tree, then inserted a line break around each block, and each insertion walked the block's
descendants: 4,000 nested ``<div>``s took 0.8 s, 8,000 took 2.8 s, 100,000 took 15
minutes. The standard library's tokenizer alone (which BeautifulSoup's ``html.parser``
uses) is quadratic on unfinished tags: 5,000 ``<a `` took 4.5 s, 20,000 ``<!--x`` took
4.8 s. libxml2 reads each of these, 80,000 long, in under 0.1 s, and 100,000 nested
``<div>``s take 0.4 s (read flat past ``MAX_DEPTH``); ``benchmarks/hostile.py`` prints how
each shape grows.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from lxml import etree

_NOISE = frozenset(("script", "style", "noscript", "template", "nav", "header", "footer",
                    "aside", "form", "iframe", "svg", "button", "select", "title"))
_BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
                     "div", "section", "article", "br", "tr", "figcaption", "main", "body",
                     "table", "ul", "ol", "dl", "dt", "dd", "hr", "figure", "td", "th"))
#: Where the article is, best first: the text inside the first of these, else all of it.
_ROOTS = ("article", "main", "body")
_HEADINGS = ("h1", "title")


#: Deeper pages are read flat (see ``_read_flat``). libxml2 looks an unmatched end tag
#: up through every open element, so a page nested n deep with n stray end tags costs n²
#: (20,000 of each: 1.7 s); under this depth 20 MB of them take 2.3 s.
MAX_DEPTH = 256
#: The page is given to libxml2 in pieces so that reading stops soon after it is too deep.
CHUNK_CHARS = 8192


def html_to_text(markup: str) -> tuple[str, str]:
    """The page's headline (``<h1>``, else ``<title>``) and its text, one block a line.

    >>> html_to_text("<title>t</title><nav>menu</nav><p>أ</p><script>x()</script><p>ب</p>")
    ('t', 'أ\\nب')
    """
    markup = _SURROGATES.sub("\ufffd", markup)  # libxml2 takes UTF-8, which has none
    reader = _PageReader()
    # huge_tree: libxml2 otherwise stops at 256 levels and drops the rest of the page.
    parser = etree.HTMLParser(target=reader, huge_tree=True, recover=True, no_network=True,
                              remove_comments=True, remove_pis=True)
    for start in range(0, len(markup), CHUNK_CHARS):
        parser.feed(markup[start:start + CHUNK_CHARS])
        if reader.deepest > MAX_DEPTH:
            reader = _read_flat(markup)
            break
    else:
        parser.feed("")  # lxml refuses to close a parser that was never fed
        parser.close()
    return reader.title(), reader.text()


_SURROGATES = re.compile("[\ud800-\udfff]")
_TAG = re.compile(r"<[^<>]*>?")
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"))


def _read_flat(markup: str) -> _PageReader:
    """The page read tag by tag without HTML's rules of implied tags, for pages nested
    deeper than any real one. An end tag closes its element and those opened inside it;
    one that matches no open element is ignored, found in constant time by a count of the
    open elements of each name, so the cost stays linear."""
    reader = _PageReader()
    stack: list[str] = []
    open_names: Counter[str] = Counter()
    at = 0
    for tag in _TAG.finditer(markup):
        if tag.start() > at:
            reader.data(html.unescape(markup[at:tag.start()]))
        at = tag.end()
        if not (name := _TAG_NAME.match(tag[0])):
            continue
        closing, element = name[1], name[2].lower()
        if not closing and element not in _VOID and not tag[0].endswith("/>"):
            stack.append(element)
            open_names[element] += 1
            reader.start(element, {})
        elif not closing:
            reader.start(element, {})
            reader.end(element)
        elif open_names[element]:
            while (top := stack.pop()) != element:
                open_names[top] -= 1
                reader.end(top)
            open_names[element] -= 1
            reader.end(element)
    reader.data(html.unescape(markup[at:]))
    while stack:
        reader.end(stack.pop())
    return reader


class _PageReader:
    """lxml's parser target: keeps the text outside noise elements, by root, and the text
    of the first ``<h1>`` and ``<title>``."""

    def __init__(self) -> None:
        self.depth = 0
        self.deepest = 0
        self.noise_depth = 0  # the depth of the outermost open noise element, 0 if none
        #: Each root and heading: where its first element opened; -1 once it closed.
        self.opened: dict[str, int] = {}
        self.parts: dict[str, list[str]] = {name: [] for name in (*_ROOTS, *_HEADINGS, "")}

    def start(self, tag: str, attrib) -> None:
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)
        if tag in _NOISE and not self.noise_depth:
            self.noise_depth = self.depth
        if tag in self.parts and tag not in self.opened:
            self.opened[tag] = self.depth
        self._break(tag)

    def end(self, tag: str) -> None:
        self._break(tag)
        if self.opened.get(tag) == self.depth:
            self.opened[tag] = -1
        if self.noise_depth == self.depth:
            self.noise_depth = 0
        self.depth -= 1

    def data(self, text: str) -> None:
        for name in _HEADINGS:
            if self.opened.get(name, -1) > 0:
                self.parts[name].append(text)
        if self.noise_depth:
            return
        self.parts[""].append(text)
        for name in _ROOTS:
            if self.opened.get(name, -1) > 0:
                self.parts[name].append(text)

    def close(self) -> None:
        """The end of the page (lxml's target protocol)."""

    def _break(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.data("\n")

    def title(self) -> str:
        """The first ``<h1>``'s text, else the ``<title>``'s, on one line."""
        for name in _HEADINGS:
            if text := " ".join(" ".join(self.parts[name]).split()):
                return text
        return ""

    def text(self) -> str:
        """The text of the first root element that has any, one block a line."""
        for name in (*_ROOTS, ""):
            if text := _lines(self.parts[name]):
                return text
        return ""


def _lines(parts: list[str]) -> str:
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
