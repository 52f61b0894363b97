"""Character-level normalisation of one token, the first step of the Arabic analyser.

It is applied to tokens cut from the original text (see analysis.py), never to whole
texts, so that offsets into the original stay exact.

Beyond Lucene's ArabicNormalizer: hamza carriers folded onto their bare letter (ؤ → و,
ئ → ي) for search, letters borrowed for foreign names folded onto Arabic ones, Eastern
digits to Western, presentation forms and ligatures decomposed (NFKC), invisible
formatting marks removed and Latin case-folded.

Numbers get one written form, so that every way Arab outlets write a figure finds the
others: ``22.6``, ``22,6``, ``٢٢٫٦``, ``22،6`` and ``6ر22`` are all ``22.6``, and the
thousands of ``67,000`` or ``67٬000`` are dropped (``67000``). The ``ر`` form comes from
older Egyptian print (still in some outlets' copy): in the stored text the fraction comes
first, so ``6ر22`` is 22.6. Checked on a real Egyptian market report, whose converted
figures keep that order: ``23. 2%`` for an index's daily rise and ``4. 812 مليار`` for a
market's capitalisation only make sense as 2.23% and 812.4 billion.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pyarabic import araby

# pyarabic's own normalize_hamza maps أ to ء, which is wrong for search: we map every
# alef form onto the bare alef instead, as Lucene does.
_FOLD: dict[str, str] = {
    **dict.fromkeys((araby.ALEF_MADDA, araby.ALEF_HAMZA_ABOVE, araby.ALEF_HAMZA_BELOW,
                     araby.ALEF_WASLA), araby.ALEF),
    araby.ALEF_MAKSURA: araby.YEH,
    araby.TEH_MARBUTA: araby.HEH,
    araby.WAW_HAMZA: araby.WAW,
    araby.YEH_HAMZA: araby.YEH,
    # Letters borrowed for foreign names: ڤ پ چ گ ک ی, and the Urdu/Persian heh forms.
    "\u06a4": "ف", "\u067e": "ب", "\u0686": "ج", "\u06af": "ك", "\u06a9": "ك", "\u06cc": "ي",
    "\u06be": "ه", "\u06c1": "ه", "\u06d5": "ه",
}
_FOLD.update({d: str(i) for i, d in enumerate(araby.NUMBERS_EAST)})
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})
_FOLD.update({"\u066b": ".", "\u066c": ","})  # Arabic decimal and thousands separators

#: Code points deleted by normalisation: harakat (superscript alef and Quranic marks
#: included), tatweel, and invisible formatting characters (zero-width, direction marks,
#: bidi embeddings, overrides and isolates, BOM).
DELETED = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u08d3-\u08ff\u0640\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
)
_DELETE = re.compile(f"[{DELETED}]")
_TABLE = str.maketrans(_FOLD)


#: A number with separators, once digits are folded: 22.6, 22,6, 22،6, 6ر22, 1,234.5.
_NUMBER = re.compile(r"\d+(?:[.,،ر]\d+)+")
_GROUPS = re.compile(r"\d{1,3}(?:[,،]\d{3})+")


def number_form(text: str) -> str:
    """The one written form of a number with separators (other text unchanged).

    >>> [number_form(n) for n in ("22,6", "22،6", "6ر22", "67,000", "1,234.5", "1,2,3")]
    ['22.6', '22.6', '22.6', '67000', '1234.5', '1,2,3']
    """
    if not _NUMBER.fullmatch(text):
        return text
    if text.count("ر") == 1 and text.replace("ر", "").isdigit():
        fraction, whole = text.split("ر")
        return f"{whole}.{fraction}"
    whole, dot, fraction = text.partition(".")
    if _GROUPS.fullmatch(whole) and "." not in fraction:
        whole = whole.replace(",", "").replace("،", "")
    if dot:
        return f"{whole}.{fraction}" if fraction.isdigit() and whole.isdigit() else text
    if whole.isdigit():
        return whole
    head, sep, tail = whole.replace("،", ",").partition(",")
    return f"{head}.{tail}" if sep and head.isdigit() and tail.isdigit() else text


@lru_cache(maxsize=200_000)
def normalize(token: str) -> str:
    """Return the search form of one token.

    >>> normalize("إِنْفِيدْيَا")
    'انفيديا'
    >>> normalize("مـــدرسة")
    'مدرسه'
    >>> normalize("NVIDIA")
    'nvidia'
    """
    text = _DELETE.sub("", token)
    if text.isascii():
        return number_form(text.casefold())
    text = unicodedata.normalize("NFKC", text)
    # NFKC can bring back marks (from presentation forms) or split a sign into a space and
    # a mark (¯ → space + macron): delete, fold, join, then compose again after casefold.
    text = "".join(_DELETE.sub("", text).translate(_TABLE).split())
    text = unicodedata.normalize("NFKC", text.casefold())
    return number_form(_DELETE.sub("", text).translate(_TABLE))


_FOLD_TEXT = {**{ord(k): v for k, v in _FOLD.items()},
              **{c: None for block in ((0x0600, 0x0900), (0x2000, 0x2070), (0xFEFF, 0xFF00))
                 for c in range(*block) if _DELETE.match(chr(c))}}


def fold(text: str) -> str:
    """A whole text folded character by character like ``normalize``.

    Only for quick tests: a token's normal form, and so its stem, appears inside the
    folded text of any paragraph that contains the token (compatibility characters
    included: x² is x2, ﻻ is لا), but for numbers written with separators, which the
    highlighter does not test this way (6ر22 is 22.6).

    >>> fold("x² ﻻ إِنْفِيدْيَا")
    'x2 لا انفيديا'
    """
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_FOLD_TEXT).casefold()
