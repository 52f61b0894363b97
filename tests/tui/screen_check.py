"""Whether a drawn screen row holds Arabic as a terminal without bidi would misread it.

Drawn by fahras, every Arabic letter reaches the terminal as a presentation form (the
shaper gives even a lone letter its isolated form) and each word runs right to left. So
a row is wrong where

- a letter U+0621–U+064A appears in its logical code point (it was never shaped), or
- an initial form (a letter that joins the one after it) has no joining letter on its
  left, or a final form has none on its right: the word was shaped but not reordered,
  so it reads backwards.

Harakat (combining marks) sit after their letter and are skipped when looking for a
neighbour.
"""

from __future__ import annotations

import unicodedata

#: Letters of U+0621–U+064A that have no presentation form (the shaper leaves them be).
_UNSHAPEABLE = set("\u063b\u063c\u063d\u063e\u063f\u0640")


def _form(char: str) -> str:
    """``initial``, ``medial``, ``final``, ``isolated`` or ``""`` for a presentation form
    (a tatweel joins on both sides, like a medial letter)."""
    if char == "\u0640":
        return "medial"
    decomposition = unicodedata.decomposition(char)
    if decomposition.startswith("<") and "\ufb50" <= char <= "\ufeff":
        return decomposition[1:decomposition.index(">")]
    return ""


def _neighbour(row: str, at: int, step: int) -> str:
    at += step
    while 0 <= at < len(row) and unicodedata.category(row[at]) == "Mn":
        at += step
    return row[at] if 0 <= at < len(row) else ""


def misdrawn(row: str) -> list[str]:
    """What is wrong with the Arabic of one drawn row (empty when it reads right)."""
    problems = []
    for at, char in enumerate(row):
        if "\u0621" <= char <= "\u064a" and char not in _UNSHAPEABLE:
            problems.append(f"unshaped {char!r} at column {at}")
            continue
        form = _form(char)
        if form == "initial" and _form(_neighbour(row, at, -1)) not in ("medial", "final"):
            problems.append(f"logical order at column {at} (nothing joins on the left)")
        elif form == "final" and _form(_neighbour(row, at, 1)) not in ("medial", "initial"):
            problems.append(f"logical order at column {at} (nothing joins on the right)")
    return problems


def screen_problems(rows: list[str]) -> list[str]:
    """Every misdrawn row of a screen, with what is wrong."""
    return [f"row {y}: {row.strip()!r}: {'; '.join(found)}"
            for y, row in enumerate(rows) if (found := misdrawn(row))]
