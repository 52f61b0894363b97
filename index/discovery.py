"""Names in an article that no catalogue entity matches: candidates for the catalogue.

Arab media name a new company or person in a few set ways, and each is a cue here:
شركة X (or لشركة, مجموعة, شبكة, صحيفة, وكالة: not an adjective such as تكنولوجية), الرئيس التنفيذي لـ X, X followed by a nationality
(X الصينية, X الأمريكية: the ``after`` words of entities.toml's rules), a name in quotes
of any kind (« » “ ” " "), a name with its Latin form in brackets (زيفيرا (Zephyra)),
and capitalised Latin words. Noise is kept out: words with the article or with digits
(model names: H100, GPT-5), Latin acronyms of up to five capitals (NAND, HBM, CEO),
function words, and the ``noise`` words of the rules (ناشئة, كبرى, …). A quote of more
than two words is speech, not a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .analysis import STOP_WORDS, NormalToken
from .normalize import normalize
from .stem import ARTICLE, is_arabic

_LATIN_NAME = re.compile(r"\b[A-Z][\w.&-]*(?:[ \t]+[A-Z][\w.&-]*)*")
_QUOTED = re.compile(r"«([^«»\n]{2,40})»|“([^“”\n]{2,40})”|\"([^\"\n]{2,40})\"")
_BRACKETED_LATIN = re.compile(r"\s*\(\s*[A-Z][\w.&-]*")
_ACRONYM = re.compile(r"^[A-Z0-9&.-]{1,5}s?$")
_COMPANY_CUES = frozenset(normalize(w) for w in (
    "شركة", "لشركة", "بشركة", "وشركة", "مجموعة", "لمجموعة", "ومجموعة", "شركتا", "company",
    "شبكة", "لشبكة", "صحيفة", "لصحيفة", "وكالة", "لوكالة"))
_CHIEF = (normalize("الرئيس"), normalize("التنفيذي"))


def proposals(words_of: list[list[NormalToken]], texts: Iterable[str],
              covered: list[list[tuple[int, int]]], after: frozenset[str],
              noise: frozenset[str]) -> set[str]:
    """Candidate names in one article's paragraphs, each once.

    ``words_of`` holds each paragraph's analysed words, ``covered`` the spans of
    entity mentions already found there, ``after`` the nationality words and ``noise``
    the normalised words that are never names.
    """
    found: set[str] = set()
    for words, text, spans in zip(words_of, texts, covered):
        candidates = [*_latin(text), *_quoted(text), *_cued(words, text, after)]
        for start, end in candidates:
            name = text[start:end].strip(" .,،:؛")
            if name and not _overlaps((start, end), spans) and not _noise(name, noise):
                found.add(name)
    return found


def _latin(text: str) -> Iterable[tuple[int, int]]:
    for match in _LATIN_NAME.finditer(text):
        yield match.start(), match.end() - (1 if match.group().endswith(".") else 0)


def _quoted(text: str) -> Iterable[tuple[int, int]]:
    for match in _QUOTED.finditer(text):
        group = next(g for g in range(1, 4) if match.group(g) is not None)
        inner = match.group(group).strip()
        if is_arabic(normalize(inner[:1])) and len(inner.split()) <= 2:
            yield match.start(group), match.end(group)


def _cued(words: list[NormalToken], text: str, after: frozenset[str]) -> Iterable[tuple[int, int]]:
    norms = [w.norm for w in words]
    for i, word in enumerate(words):
        if not is_arabic(word.norm):
            continue
        if i > 0 and norms[i - 1] in _COMPANY_CUES and not word.norm.endswith("يه"):
            yield word.start, word.end  # not شركة تكنولوجية: an adjective
        elif i > 1 and tuple(norms[i - 2:i]) == _CHIEF and word.norm.startswith("ل") \
                and len(word.norm) > 3 and norms[i] not in _COMPANY_CUES:
            yield word.start + 1, word.end  # الرئيس التنفيذي لزيفيرا
        elif i > 2 and norms[i - 1] == "ل" and tuple(norms[i - 3:i - 1]) == _CHIEF:
            yield word.start, word.end  # الرئيس التنفيذي لـ زيفيرا
        if i + 1 < len(words) and norms[i + 1] in after:
            yield word.start, word.end
        if _BRACKETED_LATIN.match(text, word.end):
            yield word.start, word.end


def _noise(name: str, noise: frozenset[str]) -> bool:
    if any(c.isdigit() for c in name) or _ACRONYM.match(name):
        return True
    words = [normalize(w) for w in name.split()]
    return any(w in STOP_WORDS or w in noise or len(w) < 2 or _with_article(w) for w in words)


def _with_article(word: str) -> bool:
    """Ordinary nouns carry the article, behind clitics or not (بالسوق); names rarely."""
    return word.startswith((ARTICLE, "لل")) or (word[:1] in "وفبكل"
                                                and word[1:].startswith(ARTICLE))


def _overlaps(span: tuple[int, int], covered: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in covered)
