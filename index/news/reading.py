"""One article's text read the way an editor would: headline, byline, date and dateline
found and taken out of the body, hard-wrapped lines rejoined, known furniture removed.

Every reader of fahras (plain text, Markdown, HTML, feeds, JSON Lines) ends here, with
whatever its format's metadata already gave (``Hints``): metadata wins over the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import bylines, dates, furniture, titles
from .paragraphs import rejoin

DERIVED_TITLE_WORDS = 12
#: How far into an article its header (labels, headline, byline, date) may reach.
HEADER_LINES = 8
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


@dataclass(frozen=True)
class Hints:
    """What a format's metadata says about an article (empty when it says nothing)."""

    title: str = ""
    author: str = ""
    date: str = ""
    source: str = ""


@dataclass
class NewsText:
    """An article's parts after reading."""

    title: str = ""
    author: str = ""
    date: str = ""
    dateline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    #: Lines taken out as furniture (known phrases, labels above the headline).
    removed: list[str] = field(default_factory=list)


def derive_title(paragraph: str) -> str:
    """A headline from the opening sentence: its first words."""
    sentence = _SENTENCE_END.split(paragraph.strip(), maxsplit=1)[0].rstrip(".،:؛ ")
    words = sentence.split()
    if len(words) <= DERIVED_TITLE_WORDS:
        return sentence
    return " ".join(words[:DERIVED_TITLE_WORDS]).rstrip("،,:؛") + "…"


def read_text(text: str, hints: Hints = Hints()) -> NewsText:
    """Title, author, date, dateline, body paragraphs and removed furniture of a cleaned
    text (line ends ``\\n``, no control characters)."""
    lines = [" ".join(line.split()) for line in rejoin(text).split("\n")]
    lines, removed = furniture.strip_known([line for line in lines if line])
    out = NewsText(author=hints.author, date=hints.date, removed=removed)
    lines = _dates_out(lines, out)
    lines = _header(lines, out, hints)
    out.paragraphs = _body(lines, out)
    if not out.dateline and out.paragraphs:
        out.dateline = bylines.read_dateline(out.paragraphs[0])
    if not out.title and out.paragraphs:
        out.title = derive_title(out.paragraphs[0])
    return out


def _dates_out(lines: list[str], out: NewsText) -> list[str]:
    """Date lines leave the body; the first gives the date when metadata gave none."""
    kept = []
    for line in lines:
        if dates.is_date_line(line):
            out.date = out.date or dates.first_date(line)
        else:
            kept.append(line)
    return kept


def _header(lines: list[str], out: NewsText, hints: Hints) -> list[str]:
    """Labels, bylines and the headline at the top of the text, taken out."""
    title = titles.clean_title(hints.title, hints.source) if hints.title else ""
    rest: list[str] = []
    for index, line in enumerate(lines):
        if index >= HEADER_LINES:
            rest.extend(lines[index:])
            break
        if byline := bylines.read_byline(line):
            out.author = out.author or byline.author
            out.dateline = out.dateline or byline.dateline
            out.date = out.date or byline.date
            if byline.rest:
                rest.append(byline.rest)
            continue
        if not rest and titles.is_label(line, hints.source):
            out.removed.append(line)
            continue
        if not title and not rest and titles.is_headline(line) and index + 1 < len(lines):
            title = line
            continue
        rest.append(line)
    out.title = title
    return rest


def _body(lines: list[str], out: NewsText) -> list[str]:
    """Paragraphs kept once, without a repeat of the headline; when the opening paragraph
    recurs (pages that print the article twice), a headline just before it is the title."""
    body: list[str] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if line in seen or (out.title and titles.repeats_title(line, out.title)):
            continue
        if not out.title and 0 < index < len(lines) - 1 and lines[index + 1] == lines[0] \
                and titles.is_headline(line):
            out.title = line
            continue
        seen.add(line)
        body.append(line)
    # A text that is only its headline keeps it as its body: nothing read is lost.
    return body or lines[:1]


def read_page_text(markup: str, clean) -> tuple[NewsText, str, str]:
    """A saved page read: its parts, source and URL. ``clean`` is the corpus's text
    cleaner (line ends, control characters)."""
    from .pages import flat_text, read_page, site_of

    page = read_page(markup)
    hints = Hints(page.title, page.author, dates.from_metadata(page.date), page.source)
    parts = read_text(clean(page.text), hints)
    if not parts.date and page.reader == "trafilatura":
        # The extractor drops date and byline lines it takes for metadata; htmldate does
        # not read Arabic dates: look in the page's header lines.
        header = read_text(clean("\n".join(flat_text(markup).split("\n")[:40])))
        parts.date = header.date
        parts.author = parts.author or header.author
        parts.dateline = parts.dateline or header.dateline
    return parts, page.source or site_of(page.url), page.url
