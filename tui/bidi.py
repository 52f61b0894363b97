"""Drawing Arabic readably on terminals that do no bidi or shaping of their own.

The Unicode Bidirectional Algorithm (UAX #9) as the standard has it: embedding levels are
resolved once per **paragraph** (a hard line of the text; direction by its first strong
letter, P2–P3, unless the caller gives it), the paragraph is wrapped in logical order, and
each wrapped line is reordered on those levels (L1–L2), with mirrored brackets at odd levels
(L4). Letters are shaped in logical order on the whole paragraph (joined forms), and each
grapheme cluster (a letter and its harakat, an emoji ZWJ sequence, a flag) is drawn as one
cell that keeps its characters in logical order. Styles are given as spans of the logical
text and follow each character through wrapping, shaping and reordering, so a highlight
lands on exactly the cells of its letters. What is copied or exported is never this: it
stays logical.

Why ICU (PyICU, installed from the ``pyicu-wheels`` binary wheels: ICU 77.1, Unicode 16),
measured on the 91,605 lines of Unicode's BidiCharacterTest.txt (15.0.0) that use no
explicit embedding or isolate controls:

- ICU's ``ubidi``: levels, paragraph level and visual order all right on 91,595 lines
  (99.989 %; of the 10 misses, 9 are ICU's reading of a combining mark after a closing
  bracket under N0 and one nests 63 brackets), about 1 s for the whole file. It gives
  what the renderer needs: the levels of a paragraph, per-line reordering (``setLine``)
  and the reorder map, plus grapheme clusters and mirroring from the same data.
- python-bidi ≥ 0.5 (Rust ``unicode-bidi``): its ``get_display`` orders right all 91,597
  of those lines with no X9-removed character (compared unmirrored: it does not mirror),
  but it returns only a string: no levels, no index map (``debug=True`` prints them to
  stderr) and no line reordering on paragraph levels, so highlights could not follow
  their letters.
- python-bidi's old pure-Python ``bidi.algorithm`` (what fahras used): 84.08 % of all
  lines, with no bracket pairing (N0) and each wrapped line resolved as its own paragraph.
- icupy has no wheels on PyPI for Linux (it builds from source); icu4py has no bidi.

Explicit embeddings, overrides and isolates in article text are stripped, deliberately:
article text is data and must not reorder fahras's own screen.

Modes: ``app`` does the work here; ``terminal`` leaves it to terminals that do bidi
themselves (the text is sent in logical order); ``auto`` picks one from the environment.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import icu
from arabic_reshaper import ArabicReshaper
from rich.cells import cell_len
from rich.style import Style

# One presentation form per letter, harakat kept in place: with the zero-width joiners it
# consumes put back, the shaped paragraph has exactly the logical one's length.
_RESHAPER = ArabicReshaper(configuration={
    "delete_harakat": False, "shift_harakat_position": False, "support_ligatures": False,
    "delete_tatweel": False,
})
_ZWJ = "\u200d"
# Embeddings, overrides and isolates in the text must not reorder fahras's own screen:
# each becomes a zero-width space (same length, so offsets hold; rule X9 drops it).
_NEUTRALISE = dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)), 0x200B)
# fahras breaks paragraphs at newlines only; other paragraph separators inside one are
# resolved as spaces (a terminal line cannot hold a paragraph break).
_SEPARATORS = dict.fromkeys((0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2029), 0x20)
_TRAILING = {icu.UCharDirection.WHITE_SPACE_NEUTRAL, icu.UCharDirection.BOUNDARY_NEUTRAL,
             icu.UCharDirection.LEFT_TO_RIGHT_ISOLATE, icu.UCharDirection.RIGHT_TO_LEFT_ISOLATE,
             icu.UCharDirection.FIRST_STRONG_ISOLATE, icu.UCharDirection.POP_DIRECTIONAL_ISOLATE}


@dataclass(frozen=True, slots=True)
class Span:
    """A style over logical offsets ``[start, end)`` of the text being drawn."""

    start: int
    end: int
    style: Style | str


@dataclass(frozen=True, slots=True)
class Cell:
    """One terminal cell: what to draw, the logical index it came from, its style."""

    text: str
    index: int
    style: Style | str | None


@dataclass(frozen=True, slots=True)
class VisualLine:
    """A drawn line: cells left to right, where it came from, and its direction."""

    cells: tuple[Cell, ...]
    start: int
    end: int
    rtl: bool

    @property
    def text(self) -> str:
        """The characters as drawn, left to right."""
        return "".join(c.text for c in self.cells)

    @property
    def width(self) -> int:
        """Cells used."""
        return sum(cell_len(c.text) for c in self.cells)

    def columns_of(self, start: int, end: int) -> list[int]:
        """The columns on which the logical characters ``[start, end)`` are drawn."""
        columns, x = [], 0
        for cell in self.cells:
            if start <= cell.index < end:
                columns.append(x)
            x += cell_len(cell.text)
        return columns


@dataclass(frozen=True, slots=True)
class Resolved:
    """A paragraph through UAX #9: its direction, its levels, and each line's order.

    ``levels`` has one level per character of the paragraph (after L1 on each line);
    ``lines`` has, for each line asked for, the paragraph's indices in visual order, left
    to right (L2).
    """

    rtl: bool
    levels: tuple[int, ...]
    lines: tuple[tuple[int, ...], ...]


def detect_mode(environ: Mapping[str, str] | None = None) -> str:
    """``terminal`` where the terminal is known to do bidi itself, else ``app``.

    tmux and screen sit between the user and the terminal and do no bidi, so inside them
    fahras always draws in the app.
    """
    env = os.environ if environ is None else environ
    if env.get("TMUX") or env.get("STY") or env.get("TERM", "").startswith(("screen", "tmux")):
        return "app"
    if env.get("FAHRAS_BIDI") in ("app", "terminal"):
        return env["FAHRAS_BIDI"]
    if env.get("KONSOLE_VERSION") or env.get("MLTERM") or env.get("VTE_VERSION"):
        return "terminal"
    if env.get("TERM", "").startswith("mlterm"):
        return "terminal"
    return "app"


def is_rtl(text: str) -> bool:
    """Whether the first paragraph runs right to left: its first strong letter is R or AL.

    Rules P2–P3: Arabic, Hebrew, Syriac, Thaana, N'Ko… all count; a paragraph with no
    strong letter runs left to right. Bidi controls in the text are ignored (stripped).
    """
    first = text.split("\n", 1)[0].translate(_NEUTRALISE)
    return _base_rtl(first)


@lru_cache(maxsize=4096)
def _base_rtl(paragraph: str) -> bool:
    if not paragraph:  # ICU refuses an empty text (InvalidArgsError): no strong letter, LTR
        return False
    direction = icu.Bidi.getBaseDirection(icu.UnicodeString(_for_icu(paragraph)))
    return direction == icu.UBiDiDirection.RTL


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Logical line spans of ``text`` that fit ``width`` cells, broken at spaces."""
    lines: list[tuple[int, int]] = []
    for start, end in _hard_lines(text):
        lines.extend(_wrap_paragraph(text, start, end, max(1, width)))
    return lines


def _wrap_paragraph(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    # Measured character by character: never less than the cells drawn (a joiner may make
    # Rich count two characters as one cell, where fahras draws two clusters).
    first = start
    widths = [cell_len(char) for char in text[start:end]]
    remaining, lines = sum(widths), []
    while remaining > width:
        cut, used = start, 0
        for i in range(start, end):
            used += widths[i - first]
            if used > width:
                break
            cut = i + 1
        space = text.rfind(" ", start, cut + 1)
        stop = space if space > start else max(cut, start + 1)
        lines.append((start, stop))
        after = stop + 1 if stop < end and text[stop] == " " else stop
        remaining -= sum(widths[start - first:after - first])
        start = after
    lines.append((start, end))
    return lines


def _hard_lines(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for i, char in enumerate(text):
        if char == "\n":
            yield start, i
            start = i + 1
    yield start, len(text)


def resolve(paragraph: str, lines: Sequence[tuple[int, int]] | None = None,
            rtl: bool | None = None) -> Resolved:
    """UAX #9 on one paragraph: levels on the whole of it, then each line reordered.

    ``lines`` are ``[start, end)`` spans of the paragraph in logical order (the whole
    paragraph as one line if not given); ``rtl`` forces the paragraph direction, else it
    comes from the first strong letter (P2–P3). Explicit controls are the caller's to
    strip; ``render`` does.
    """
    cuts = ((0, len(paragraph)),) if lines is None else tuple(lines)
    return _resolve(paragraph, cuts, rtl)


@lru_cache(maxsize=4096)
def _resolve(paragraph: str, cuts: tuple[tuple[int, int], ...], rtl: bool | None) -> Resolved:
    if not paragraph:
        return Resolved(bool(rtl), (), tuple(() for _ in cuts))
    unit_of, char_of = _utf16(paragraph)
    # One ICU object per call: ICU's bidi objects are not safe to share between threads.
    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(_for_icu(paragraph)),
                 icu.Bidi.DEFAULT_LTR if rtl is None else int(rtl))
    paragraph_levels, base = bidi.getLevels(), bidi.getParaLevel()
    levels = [paragraph_levels[unit_of[i]] for i in range(len(paragraph))]
    orders: list[tuple[int, ...]] = []
    for start, end in cuts:
        if start >= end:
            orders.append(())
            continue
        # L1 at the end of each line. (ICU's line objects give the right order, but their
        # levels are simplified: an Arabic digit at level 2 comes back as 0.)
        end_of_text = end
        while end_of_text > start and _trails(paragraph[end_of_text - 1]):
            end_of_text -= 1
            levels[end_of_text] = base
        line = bidi.setLine(unit_of[start], unit_of[end])
        order: list[int] = []
        for unit in line.getVisualMap():
            index = char_of[unit_of[start] + unit]
            if not order or order[-1] != index:  # the two halves of a surrogate pair
                order.append(index)
        orders.append(tuple(order))
    return Resolved(bool(bidi.getParaLevel() & 1), tuple(levels), tuple(orders))


def _trails(char: str) -> bool:
    """Whitespace, isolates and X9-removed characters: reset at the end of a line (L1)."""
    return icu.Char.charDirection(ord(char)) in _TRAILING


def _for_icu(paragraph: str) -> str:
    """The paragraph as ICU resolves it: one paragraph, no lone surrogates."""
    text = paragraph.translate(_SEPARATORS)
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def _utf16(text: str) -> tuple[list[int], list[int]]:
    """UTF-16 offset of each character (and of the end), and character of each unit."""
    unit_of: list[int] = []
    char_of: list[int] = []
    for i, char in enumerate(text):
        unit_of.append(len(char_of))
        char_of.extend((i, i) if ord(char) > 0xFFFF else (i,))
    unit_of.append(len(char_of))
    return unit_of, char_of


def render(text: str, spans: Iterable[Span] = (), width: int = 80, *, mode: str = "app",
           rtl: bool | None = None) -> list[VisualLine]:
    """The visual lines of a text for ``width`` cells, paragraph by paragraph."""
    text = text.translate(_NEUTRALISE)
    styles = _styles(len(text), spans)
    out = []
    for start, end in _hard_lines(text):
        paragraph = text[start:end]
        cuts = tuple((s - start, e - start)
                     for s, e in _wrap_paragraph(text, start, end, max(1, width)))
        if mode == "terminal":
            direction = _base_rtl(paragraph) if rtl is None else rtl
            for s, e in cuts:
                cells = tuple(Cell(_safe(text[start + i]), start + i, styles[start + i])
                              for i in range(s, e))
                out.append(VisualLine(cells, start + s, start + e, direction))
            continue
        line_rtl, clusters = _clusters(paragraph, cuts, rtl)
        for (s, e), drawn in zip(cuts, clusters):
            cells = tuple(Cell(glyphs, start + head, styles[start + head])
                          for head, glyphs in drawn)
            out.append(VisualLine(cells, start + s, start + e, line_rtl))
    return out


def visual(text: str, *, rtl: bool | None = None) -> str:
    """One line drawn in visual order, shaped (for short labels: titles, chips, queries)."""
    return "".join(line.text for line in render(text, width=sys.maxsize, rtl=rtl))


def _styles(length: int, spans: Iterable[Span]) -> list:
    styles: list = [None] * length
    for span in sorted(spans, key=lambda s: getattr(s, "priority", 0)):
        for i in range(max(0, span.start), min(length, span.end)):
            styles[i] = span.style
    return styles


@lru_cache(maxsize=4096)
def _clusters(paragraph: str, cuts: tuple[tuple[int, int], ...], rtl: bool | None
              ) -> tuple[bool, tuple[tuple[tuple[int, str], ...], ...]]:
    """The paragraph's direction, and each line's cells as (logical index, what to draw)."""
    resolved = _resolve(paragraph, cuts, rtl)
    lines = tuple(_line_clusters(paragraph, resolved, order, start)
                  for (start, _), order in zip(cuts, resolved.lines))
    return resolved.rtl, lines


def _line_clusters(paragraph: str, resolved: Resolved, order: tuple[int, ...],
                   line_start: int) -> tuple[tuple[int, str], ...]:
    """One cell per grapheme cluster, placed where the line's order puts it.

    A cluster's characters stay in logical order inside its cell (a letter before its
    harakat, 👨 ZWJ 💻), whatever the direction of the run around it.
    """
    heads = _cluster_heads(paragraph)
    glyphs = _shape(paragraph)
    members: dict[int, list[int]] = {}
    for index in sorted(order):
        members.setdefault(max(heads[index], line_start), []).append(index)
    cells, placed = [], set()
    for index in order:
        head = max(heads[index], line_start)
        if head not in placed:
            placed.add(head)
            drawn = "".join(_glyph(paragraph, glyphs, resolved.levels, i) for i in members[head])
            cells.append((head, _safe(drawn)))
    return tuple(cells)


def _glyph(paragraph: str, glyphs: str, levels: tuple[int, ...], index: int) -> str:
    """The character drawn for one logical character: mirrored at odd levels (L4)."""
    if levels[index] % 2:
        mirrored = icu.Char.charMirror(ord(paragraph[index]))
        if mirrored != ord(paragraph[index]):
            return chr(mirrored)
    return glyphs[index]


@lru_cache(maxsize=4096)
def _cluster_heads(paragraph: str) -> tuple[int, ...]:
    """For each character, the index of the first character of its grapheme cluster."""
    _, char_of = _utf16(paragraph)
    breaks = icu.BreakIterator.createCharacterInstance(icu.Locale.getRoot())
    breaks.setText(icu.UnicodeString(_for_icu(paragraph)))
    heads, head, boundaries = [], 0, {char_of[u] for u in breaks if u < len(char_of)}
    for i in range(len(paragraph)):
        head = i if i in boundaries else head
        heads.append(head)
    return tuple(heads)


@lru_cache(maxsize=4096)
def _shape(paragraph: str) -> str:
    """The paragraph's letters in their joined forms, one for one with its characters."""
    shaped = _RESHAPER.reshape(paragraph)
    if len(shaped) == len(paragraph):
        return shaped
    # The reshaper joins across a zero-width joiner and drops it: put each one back.
    if len(shaped) == len(paragraph) - paragraph.count(_ZWJ):
        forms = iter(shaped)
        return "".join(char if char == _ZWJ else next(forms) for char in paragraph)
    return paragraph


def _safe(text: str) -> str:
    """Control characters never reach the terminal, whatever the text held."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf")
                   or c == _ZWJ)
