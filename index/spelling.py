"""Spelling variants of transliterated names, as Arab media write them.

A foreign name reaches Arabic letter by letter, and outlets choose differently: g as
ج غ ق ك, v as ف ڤ, p as ب پ, ch as تش ش, th as ث ت, long vowels ا و ي written or
not, an ي inserted (نيفيديا), two letters swapped by a hurried typist (جيلنسجر).
Rather than list every spelling, a name's *skeleton* (letters mapped onto their sound
class, long vowels dropped) finds candidate words in one dictionary look-up, and
``similar`` then accepts a word only within a small budget: vowel edits (one for names
of five or six letters, two beyond), two adjacent vowels trading places (هاونغ), and
one swap of other letters in names of seven letters or more. The last two letters
never change (الأمريكي is an adjective, not أمريكا) and the first only by an initial
alef.
Short names (under five letters) are never varied: ديل would otherwise find دول
"countries"; and هوانغ within three edits finds هناك "there", hence the small budget.
ڤ and پ need no class: normalisation has folded them onto ف and ب already.

Latin acronyms are spelt out letter by letter too (NXP: إن إكس بي), each letter by the
names Arab media give it (``spelled_out``).

``variants`` enumerates the same language (used to show what is generated, and by the
tests to prove the recogniser accepts everything the generator makes).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

#: Letters that stand for one foreign sound, mapped onto the class's first letter.
CLASSES = ("كجغق", "تطث", "سص", "دض", "زذظ")
_CLASS_OF = {letter: group[0] for group in CLASSES for letter in group}
_DIGRAPHS = (("تش", "ش"),)
VOWELS = "اوي"
MIN_VARIED = 5


def classed(word: str) -> str:
    """A normalised word with each letter replaced by its sound class.

    >>> classed("غيلسنجر") == classed("جيلسنغر")
    True
    """
    for digraph, single in _DIGRAPHS:
        word = word.replace(digraph, single)
    return "".join(_CLASS_OF.get(c, c) for c in word)


#: ``classed`` then the long vowels dropped, as one ``str.translate`` (no class holds a
#: vowel): the entity matcher takes the skeleton of every new word behind each of its
#: clitics, and the letter-by-letter version was a tenth of a build's matching time.
_SKELETON = str.maketrans({**_CLASS_OF, **dict.fromkeys(VOWELS)})


def skeleton(word: str) -> str:
    """The classed word without its long vowels: the look-up key of every variant.

    >>> skeleton("غيلسنجر") == skeleton("جيلسنغر") == "كلسنكر"
    True
    """
    for digraph, single in _DIGRAPHS:
        word = word.replace(digraph, single)
    return word.translate(_SKELETON)


def swap_key(word: str) -> str:
    """The skeleton's letters sorted: finds a variant with two letters swapped."""
    return "".join(sorted(skeleton(word)))


def budget(alias: str) -> int:
    """How many vowel edits a variant of this normalised alias may make."""
    if len(alias) < MIN_VARIED:
        return 0
    return 1 if len(alias) <= 6 else 2


def similar(word: str, alias: str) -> bool:
    """True when ``word`` is a spelling of the normalised ``alias`` within its budget.

    >>> similar("نيفيديا", "انفيديا"), similar("هوانج", "هوانغ"), similar("هناك", "هوانغ")
    (True, True, False)
    """
    allowed = budget(alias)
    if word == alias:
        return True
    if not allowed or len(word) < MIN_VARIED - 1:
        return False
    a, b = classed(word), classed(alias)
    if a == b:
        return True
    if a[-2:] != b[-2:]:
        # The ending carries grammar: امريكي "American" is not امريكا, nor الشنغهايي
        # "Shanghainese" شنغهاي.
        return False
    if a[0] != b[0]:
        # Only an initial alef comes and goes (إنفيديا, نفيديا); any other first letter
        # is a clitic or another word.
        if "ا" not in (a[0], b[0]):
            return False
        a, b, allowed = (a[1:], b, allowed - 1) if a[0] == "ا" else (a, b[1:], allowed - 1)
        if not a or not b or a[0] != b[0]:
            return False
    return _edits(a, b, allowed, swaps=len(alias) >= 7) <= allowed


def _edits(a: str, b: str, limit: int, *, swaps: bool) -> int:
    """Damerau-style distance where only long vowels may be added, dropped or changed,
    and adjacent letters swapped; any other change costs more than ``limit``."""
    never = limit + 1
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        rows[i][0] = rows[i - 1][0] + (1 if a[i - 1] in VOWELS else never)
    for j in range(1, len(b) + 1):
        rows[0][j] = rows[0][j - 1] + (1 if b[j - 1] in VOWELS else never)
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            x, y = a[i - 1], b[j - 1]
            change = 0 if x == y else (1 if x in VOWELS and y in VOWELS else never)
            best = min(rows[i - 1][j - 1] + change,
                       rows[i - 1][j] + (1 if x in VOWELS else never),
                       rows[i][j - 1] + (1 if y in VOWELS else never))
            swapped = i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y
            # Two vowels trade places in any name (هاونغ for هوانغ); other letters
            # only in long ones.
            if swapped and (swaps or (x in VOWELS and y in VOWELS)):
                best = min(best, rows[i - 2][j - 2] + 1)
            rows[i][j] = min(best, never)
    return rows[-1][-1]


def variants(alias: str, limit: int = 500) -> Iterator[str]:
    """Spellings of a normalised alias: each letter of a sound class written as any of
    its letters, then one long vowel added or dropped (names of five letters or more).

    >>> "هوانج" in set(variants("هوانغ")), "نيفيديا" in set(variants("نفيديا"))
    (True, True)
    """
    if budget(alias) == 0:
        yield alias
        return
    choices = [_letters_like(c) for c in alias]
    count = 0
    for letters in product(*choices):
        base = "".join(letters)
        for form in (base, *_vowel_edits(base)):
            yield form
            count += 1
            if count >= limit:
                return


def _letters_like(letter: str) -> str:
    group = _CLASS_OF.get(letter)
    return next((g for g in CLASSES if g[0] == group), letter) if group else letter


def _vowel_edits(word: str) -> Iterator[str]:
    # Between the first letter and the last two, which never change.
    for i in range(1, len(word) - 1):
        if word[i] in VOWELS and i < len(word) - 2:
            yield word[:i] + word[i + 1:]
        for vowel in VOWELS:
            yield word[:i] + vowel + word[i:]


#: How Arab media spell out each Latin letter, normalised (إس and اس alike).
LETTER_NAMES = {
    "A": ("ايه", "اي"), "B": ("بي",), "C": ("سي",), "D": ("دي",), "E": ("اي",),
    "F": ("اف",), "G": ("جي",), "H": ("اتش",), "I": ("اي",), "J": ("جاي", "جيه"),
    "K": ("كيه", "كي", "كاي"), "L": ("ال",), "M": ("ام",), "N": ("ان",), "O": ("او",),
    "P": ("بي",), "Q": ("كيو",), "R": ("ار",), "S": ("اس",), "T": ("تي",), "U": ("يو",),
    "V": ("في",), "W": ("دبليو",), "X": ("اكس",), "Y": ("واي",), "Z": ("زد", "زي"),
}


def spelled_out(acronym: str, limit: int = 32) -> list[tuple[str, ...]]:
    """The Arabic spellings of a Latin acronym of three to five capitals, letter by letter.

    Two letters are too few: their names are common words (ان, اي, بي).

    >>> ("ان", "اكس", "بي") in spelled_out("NXP")
    True
    """
    if not (3 <= len(acronym) <= 5 and acronym.isascii() and acronym.isalpha()
            and acronym.isupper()):
        return []
    names = [LETTER_NAMES[letter] for letter in acronym]
    return [tuple(spelling) for spelling, _ in zip(product(*names), range(limit))]
