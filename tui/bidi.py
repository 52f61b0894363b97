"""Drawing Arabic readably on terminals that do no bidi or shaping of their own.

The text is wrapped in logical order first; then each wrapped line is shaped (letters in
their joined forms) and reordered with the Unicode bidi algorithm (right-to-left paragraph
direction for Arabic paragraphs). Styles are given as spans of the logical text and follow
each character through wrapping, shaping and reordering, so a highlight lands on exactly
the cells of its letters. What is copied or exported is never this: it stays logical.

Modes: ``app`` does the work here; ``terminal`` leaves it to terminals that do bidi
themselves (the text is sent in logical order); ``auto`` picks one from the environment.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from arabic_reshaper import ArabicReshaper
from bidi import algorithm
from rich.cells import cell_len
from rich.style import Style

# One presentation form per letter, harakat kept in place: the shaped line has exactly the
# logical line's length, so index i of one is index i of the other.
_RESHAPER = ArabicReshaper(configuration={
    "delete_harakat": False, "shift_harakat_position": False, "support_ligatures": False,
    "delete_tatweel": False,
})
_ARABIC = ("\u0600", "\u06ff")
# Embeddings, overrides and isolates in the text must not reorder fahras's own screen:
# each becomes a zero-width space (same length, so offsets hold; the algorithm drops it).
_NEUTRALISE = {c: 0x200B for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


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
    """Arabic paragraphs run right to left: more Arabic letters than Latin ones."""
    arabic = sum(1 for c in text if _ARABIC[0] <= c <= _ARABIC[1] and c.isalpha())
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return arabic > 0 and arabic >= latin


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Logical line spans of ``text`` that fit ``width`` cells, broken at spaces."""
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    for start, end in _hard_lines(text):
        while cell_len(text[start:end]) > width:
            cut, used = start, 0
            for i in range(start, end):
                used += cell_len(text[i])
                if used > width:
                    break
                cut = i + 1
            space = text.rfind(" ", start, cut + 1)
            stop = space if space > start else max(cut, start + 1)
            lines.append((start, stop))
            start = stop + 1 if stop < end and text[stop] == " " else stop
        lines.append((start, end))
    return lines


def _hard_lines(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for i, char in enumerate(text):
        if char == "\n":
            yield start, i
            start = i + 1
    yield start, len(text)


def render(text: str, spans: Iterable[Span] = (), width: int = 80, *, mode: str = "app",
           rtl: bool | None = None) -> list[VisualLine]:
    """The visual lines of a paragraph for ``width`` cells."""
    text = text.translate(_NEUTRALISE)
    styles = _styles(len(text), spans)
    direction = is_rtl(text) if rtl is None else rtl
    out = []
    for start, end in wrap(text, width):
        if mode == "terminal":
            cells = tuple(Cell(_safe(text[i]), i, styles[i]) for i in range(start, end))
        else:
            cells = _visual_cells(text[start:end], start, direction, styles)
        out.append(VisualLine(cells, start, end, direction))
    return out


def visual(text: str, *, rtl: bool | None = None) -> str:
    """One line drawn in visual order, shaped (for short labels: titles, chips, queries)."""
    text = text.translate(_NEUTRALISE)
    direction = is_rtl(text) if rtl is None else rtl
    return "".join(c.text for c in _visual_cells(text, 0, direction, [None] * len(text)))


def _styles(length: int, spans: Iterable[Span]) -> list:
    styles: list = [None] * length
    for span in sorted(spans, key=lambda s: getattr(s, "priority", 0)):
        for i in range(max(0, span.start), min(length, span.end)):
            styles[i] = span.style
    return styles


def _visual_cells(line: str, offset: int, rtl: bool, styles: list) -> tuple[Cell, ...]:
    order = _reorder(_shape(line), rtl)
    # Bases first, in visual order; then each combining mark joins its base letter's cell
    # (in a right-to-left run the mark comes before its base in visual order).
    cells: dict[int, list] = {}
    for char, index in order:
        if not (unicodedata.combining(line[index]) and index > 0):
            cells[index] = [char, styles[offset + index]]
    for char, index in order:
        if index not in cells:
            base = next((j for j in range(index - 1, -1, -1) if j in cells), None)
            if base is None:
                cells[index] = [char, styles[offset + index]]
            else:
                cells[base][0] += char
    visual_order = [index for _, index in order if index in cells]
    return tuple(Cell(_safe(cells[i][0]), offset + i, cells[i][1]) for i in visual_order)


@lru_cache(maxsize=4096)
def _shape(line: str) -> str:
    shaped = _RESHAPER.reshape(line)
    return shaped if len(shaped) == len(line) else line


@lru_cache(maxsize=4096)
def _reorder(line: str, rtl: bool) -> tuple[tuple[str, int], ...]:
    """The line's characters in visual order, each with its logical index."""
    # python-bidi refuses characters with no bidi class (unassigned code points): run the
    # algorithm with U+FFFD (a neutral) in their place and give them back afterwards.
    known = "".join(c if unicodedata.bidirectional(c) else "\ufffd" for c in line)
    storage = algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    algorithm.get_embedding_levels(known, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage, False)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    algorithm.reorder_resolved_levels(storage, False)
    algorithm.apply_mirroring(storage, False)
    return tuple((c["ch"] if known[c["index"]] == line[c["index"]] else line[c["index"]],
                  c["index"]) for c in storage["chars"])


def _safe(text: str) -> str:
    """Control characters never reach the terminal, whatever the text held."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf")
                   or c == "\u200d")
