"""Hard-wrapped text (a line break every ~70 characters, as e-mail and copied excerpts
have it) rejoined into paragraphs.

A text is taken as hard-wrapped when most of its lines end near one width (the wrap
width, read as the 90th percentile of line lengths) and that width is at most 100
characters: a text with a paragraph per line has many lines far longer. Within such a
text a line shorter than the width ends its paragraph, and so does a blank line.
"""

from __future__ import annotations

MAX_WRAP_WIDTH = 100
MIN_WRAP_WIDTH = 30
#: A line at least this share of the wrap width was broken by the wrap, not by the writer.
FULL_LINE = 0.7
MIN_FULL_LINES = 3


def wrap_width(lines: list[str]) -> int:
    """The width a text is hard-wrapped at, or 0 when it is not."""
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < MIN_FULL_LINES + 1:
        return 0
    width = lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return 0
    full = sum(1 for n in lengths if n >= FULL_LINE * width)
    return width if full >= MIN_FULL_LINES and full * 2 >= len(lengths) else 0


def rejoin(text: str) -> str:
    """``text`` with hard-wrapped lines joined into one line per paragraph.

    >>> rejoin("a " * 30 + "\\n" + "b " * 30 + "\\n" + "c " * 30 + "\\n" + "d " * 30 + "\\nend.")
    ... # doctest: +ELLIPSIS
    'a a ... d d end.'
    """
    lines = [" ".join(line.split()) for line in text.split("\n")]
    width = wrap_width(lines)
    if not width:
        return text
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if len(line) < FULL_LINE * width:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)
