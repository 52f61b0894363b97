"""Turning logical text with spans into Rich lines, styled safely.

Article text is data, never markup: every string here goes into ``Text.append`` or a
``Segment`` as plain text, never through markup parsing.

Every string fahras puts on screen goes through here (``drawn`` for a label, ``one_line``
for a row, ``line_segments`` for a wrapped line) or through the ``Drawn`` widget, which
wraps at its own width: an Arabic word that reached a terminal without bidi unshaped
and in logical order would read backwards (tests/tui/test_screen_walk.py walks every
screen to check).

No colour is decided here: the widgets read their styles (hits, entity kinds, dates,
sources) from their own ``COMPONENT_CLASSES`` and pass them in, so a theme (the light
one, or ``NO_COLOR``) restyles them from CSS.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from fahras.index.safe_text import visible

from .bidi import Span, VisualLine, render, visual

#: Each entity kind's colour, for the widgets' CSS: ANSI colours on a dark theme (the
#: terminal's own palette), darker ones on a light theme, where ANSI cyan and yellow on
#: light grey cannot be read.
ENTITY_COLOURS = {
    "company": ("ansi_cyan", "darkcyan"),
    "person": ("ansi_magenta", "darkmagenta"),
    "place": ("ansi_green", "darkgreen"),
    "organisation": ("ansi_yellow", "darkgoldenrod"),
    "product": ("ansi_blue", "darkblue"),
}


def entity_css(widget: str, prefix: str) -> str:
    """CSS rules that give a widget's component classes ``{prefix}--{kind}`` each entity
    kind's colour, underlined (underlining is what shows under ``NO_COLOR``)."""
    rules = []
    for kind, (dark, light) in ENTITY_COLOURS.items():
        rules.append(f"{widget} > .{prefix}--{kind} {{ color: {dark}; "
                     "text-style: underline; }")
        rules.append(f"{widget}:light > .{prefix}--{kind} {{ color: {light}; }}")
    return "\n".join(rules)


def entity_classes(prefix: str) -> set[str]:
    """The component class names of the entity kinds, ``{prefix}--company`` and so on."""
    return {f"{prefix}--{kind}" for kind in ENTITY_COLOURS}


def line_segments(line: VisualLine, width: int, base: Style | None = None) -> list[Segment]:
    """A visual line as segments, right-aligned when it runs right to left."""
    segments = []
    for cell in line.cells:
        own = Style.parse(cell.style) if isinstance(cell.style, str) else cell.style
        segments.append(Segment(cell.text, base + own if base and own else own or base))
    pad = max(0, width - line.width)
    if pad:
        padding = Segment(" " * pad, base)
        segments = [padding, *segments] if line.rtl else [*segments, padding]
    return list(Segment.simplify(segments))


def one_line(text: str, hits: Sequence[tuple[int, int]] = (), width: int = 80, *,
             mode: str = "app", style: Style | str | None = None, rtl: bool | None = None,
             hit: Style | None = None, marks: Sequence[Span] = ()) -> Text:
    """``text`` cut to one line of ``width`` cells (at a word), drawn with its hits in the
    ``hit`` style and other ``marks`` (a date, a source) in theirs.

    ``rtl`` is the direction of the article the text comes from (``article_rtl``), so
    every line of one article is aligned alike; by default each line's own.
    """
    spans: list[Span] = [Span(s, e, hit or Style.null()) for s, e in hits]
    spans += marks
    lines = render(text, spans, width, mode=mode, rtl=rtl)
    if not lines:
        return Text("")
    first = lines[0]
    if len(lines) > 1:  # cut logically at a word, mark the cut, then draw again
        cut = text[:first.end].rstrip()
        while cut and cell_len(cut) + 1 > width:
            space = cut.rfind(" ")
            cut = cut[:space] if space > 0 else cut[:-1]
        cut += "…"
        first = render(cut, [s for s in spans if s.start < len(cut)], width, mode=mode,
                       rtl=rtl)[0]
    out = Text(end="", no_wrap=True, overflow="crop")
    base = Style.parse(style) if isinstance(style, str) else style
    for segment in line_segments(first, width, base):
        out.append(segment.text, segment.style)
    return out


def label(text: str, mode: str = "app") -> str:
    """A short label (an entity name, a chip) in drawing order."""
    return visual(text) if mode == "app" else text


def drawn(text: str, mode: str = "app", style: Style | str = "", *,
          rtl: bool | None = None) -> Text:
    """A short string (a title, a name, a message) as it goes on screen: control
    characters shown as escapes, each line shaped and in reading order in app mode.

    For text that may need wrapping, use the ``Drawn`` widget: Rich would wrap the drawn
    line and put its words out of order.
    """
    lines = visible(text, keep="\n").split("\n")
    if mode == "app":
        lines = [visual(line, rtl=rtl) for line in lines]
    return Text("\n".join(lines), style=style, end="")


def article_rtl(*texts: str) -> bool:
    """Whether an article reads right to left: more right-to-left strong letters than
    left-to-right ones in its texts (title, body or snippet).

    Decided once per article, so a paragraph that opens with a Latin name (``TSMC ( …``)
    is still laid out right to left like the rest: an Arabic reader expects it.

    >>> article_rtl("TSMC ( الذين يصنعون الرقائق"), article_rtl("Nvidia و AMD")
    (True, False)
    """
    balance = 0
    for text in texts:
        for char in text:
            kind = unicodedata.bidirectional(char)
            balance += 1 if kind in ("R", "AL") else -1 if kind == "L" else 0
    return balance > 0


def ltr_date(date: str) -> str:
    """An ISO date (``2025-12-02``) that reads as one in any line: after Arabic letters,
    UAX #9 (rule W2) takes its digits for Arabic numbers and the hyphens between them
    turn right to left, drawing ``02-12-2025``; a left-to-right mark before it keeps the
    digits European. The renderer drops the mark itself.

    >>> ltr_date("2025-12-02") == "\u200e2025-12-02", ltr_date("")
    (True, '')
    """
    return f"\u200e{date}" if date else ""


def plural(count: int, noun: str) -> str:
    """``1 article``, ``3 articles``, with the count written with thousands separators.

    >>> plural(1, "article"), plural(3000, "marked passage")
    ('1 article', '3,000 marked passages')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
