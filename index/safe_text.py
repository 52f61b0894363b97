"""Strings from data made safe to show: control characters become visible escapes.

Every path that shows a string taken from data (a file name, an id, a title, an author, an
entity name from a user's TOML, a query, an error message naming a path) goes through this
module: the command line, its JSON, the explorer, its toasts and dialogs, and exports.

Why escapes rather than stripping: a file named ``a\\x1b]52;c;…`` must still be findable
and tellable apart from ``a]52;c;…``, and the user should see that something odd is in
the name. Why these characters: ESC starts every terminal sequence (OSC 52 sets the
clipboard, OSC 0 the window title), BEL and the 8-bit C1 controls (CSI is U+009B) end or
start them on terminals that read UTF-8 C1 codes, CR and BS overwrite what was printed,
the bidi embeddings, overrides and isolates reorder the rest of the line ("Trojan Source"),
U+2028/U+2029 break lines on some terminals, and a lone surrogate cannot be encoded at all
(printing one raises ``UnicodeEncodeError``). Zero-width joiners and marks are kept: Arabic
text needs them and they control nothing.

Backslashes are left as they are, so ordinary text reads unchanged; the output is for
people. Where it must read back exactly (JSON), ``json_safe`` escapes in JSON's own syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_BIDI_CONTROLS}\u2028\u2029]")
# json.dumps already escapes C0 inside strings; outside them, newlines are its layout.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f\ud800-\udfff{_BIDI_CONTROLS}\u2028\u2029]")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control character written as a visible escape.

    ``keep`` names characters allowed through (``"\\n\\t"`` for multi-line output).

    >>> visible("news\\x1b]52;c;cm0gLXJmIH4=\\x07.txt")
    'news\\\\x1b]52;c;cm0gLXJmIH4=\\\\x07.txt'
    >>> visible("a\\u202eb\\x9bc\\ud800")
    'a\\\\u202eb\\\\x9bc\\\\ud800'
    >>> visible("سطر\\nسطر", keep="\\n")
    'سطر\\nسطر'
    >>> visible("ok [bold]and[/] \\\\ kept")
    'ok [bold]and[/] \\\\ kept'
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m[0] if m[0] in keep else _escape(m[0]), text)


def is_safe(text: str, keep: str = "") -> bool:
    """True when ``text`` holds no character that ``visible`` would escape.

    >>> is_safe("إنفيديا Nvidia"), is_safe("x\\x07"), is_safe("a\\nb", keep="\\n")
    (True, False, True)
    """
    return all(m[0] in keep for m in _UNSAFE.finditer(text))


def visible_spans(text: str, spans: Iterable[tuple[int, int]]
                  ) -> tuple[str, list[tuple[int, int]]]:
    """``visible(text)`` with offsets ``[start, end)`` moved to where their characters went.

    >>> visible_spans("a\\x1bbc", [(2, 4), (0, 1)])
    ('a\\\\x1bbc', [(5, 7), (0, 1)])
    >>> visible_spans("ab", [(0, 2)])
    ('ab', [(0, 2)])
    """
    spans = list(spans)
    if not _UNSAFE.search(text):
        return text, spans
    shift = [0] * (len(text) + 1)  # extra characters before each original offset
    extra = 0
    for i, char in enumerate(text):
        shift[i] = extra
        if _UNSAFE.match(char):
            extra += len(_escape(char)) - 1
    shift[len(text)] = extra
    at = [min(max(o, 0), len(text)) for s in spans for o in s]
    moved = [o + shift[o] for o in at]
    return visible(text), list(zip(moved[::2], moved[1::2], strict=True))


def without_controls(text: str) -> str:
    """``text`` without the characters ``visible`` would escape: for what the user types
    or pastes (a query, a path in a dialog), where an escape would change its meaning.

    >>> without_controls("تايوان\x1b]0;x\x07 -الصين\u202e")
    'تايوان]0;x -الصين'
    """
    return _UNSAFE.sub("", text)


def json_safe(encoded: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with JSON escapes for the
    characters that ``json.dumps`` leaves raw (DEL, C1 controls, lone surrogates, bidi
    controls). The result reads back to the same values.

    >>> import json
    >>> out = json_safe(json.dumps({"id": "x\\x9b\\ud800\\u202e"}, ensure_ascii=False))
    >>> out
    '{"id": "x\\\\u009b\\\\ud800\\\\u202e"}'
    >>> json.loads(out) == {"id": "x\\x9b\\ud800\\u202e"}
    True
    >>> json_safe(json.dumps(["a\\x1b"], indent=1)).splitlines()
    ['[', ' "a\\\\u001b"', ']']
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", encoded)
