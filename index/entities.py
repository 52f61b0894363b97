"""Finding entity mentions in text as Arab media write them.

Matching runs over normalised (never stemmed) tokens, multi-word aliases included, and
tolerates clitics before a name (وإنفيديا, لألتمان, بالإمارات), clitics glued to Latin
names (وFoxconn: the tokenizer splits scripts), and quotes. The longest alias wins.
Ambiguous aliases (أبل, ميتا, Meta) count only where they are safe.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .analysis import TOKEN_PATTERN, Analyzer, Word
from .catalogue import Catalogue
from .models import Entity, Mention
from .normalize import DELETED, normalize
from .stem import ARTICLE, NAME_PREFIXES, Stemmer, is_arabic, name_core

#: Normalised words that, just before an ambiguous alias, say it is a name.
CUES = frozenset(normalize(w) for w in (
    "شركة", "الشركة", "لشركة", "بشركة", "وشركة", "عملاق", "عملاقة", "مجموعة", "صندوق",
    "منصة", "دولة", "إمارة", "مدينة", "company",
))
_QUOTES = "«\"“”'‘’»"
_MARK = re.compile(f"[{DELETED}]")
_UPPER_LATIN = re.compile(r"^[A-Z]")


@dataclass(frozen=True, slots=True)
class _Alias:
    tokens: tuple[str, ...]
    entity: Entity
    ambiguous: bool
    latin: bool


class EntityMatcher:
    """Finds mentions of a catalogue's entities in paragraphs of original text."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._by_first: dict[str, list[_Alias]] = defaultdict(list)
        singles: list[str] = []
        for entity in catalogue:
            for alias in entity.all_aliases:
                tokens = tuple(normalize(m.group()) for m in TOKEN_PATTERN.finditer(alias))
                if not tokens:
                    continue
                entry = _Alias(tokens, entity, alias in entity.ambiguous, alias.isascii())
                self._by_first[tokens[0]].append(entry)
                if is_arabic(tokens[0]):
                    self._by_first.setdefault(name_core(tokens[0]), [])
                    if name_core(tokens[0]) != tokens[0]:
                        self._by_first[name_core(tokens[0])].append(entry)
                # Only one-word aliases are protected: a multi-word name stems alike in the
                # index and the query, and protecting its words would freeze common ones
                # (شركة in «شركة مبادلة»).
                if len(tokens) == 1 and is_arabic(tokens[0]):
                    singles.append(tokens[0])
        for entries in self._by_first.values():
            entries.sort(key=lambda a: len(a.tokens), reverse=True)
        self.stemmer = Stemmer.for_names(singles)
        self.analyzer = Analyzer(self.stemmer)
        self._starts = lru_cache(maxsize=100_000)(self._candidates)

    def expansions(self, norm_tokens: tuple[str, ...]) -> list[Entity]:
        """Entities that have an alias spelt exactly as these normalised tokens."""
        found: dict[str, Entity] = {}
        for first in self._starts(norm_tokens[0]) if norm_tokens else ():
            _, alias = first
            if alias.tokens[1:] == norm_tokens[1:] and len(alias.tokens) == len(norm_tokens):
                found[alias.entity.id] = alias.entity
        return list(found.values())

    def find(self, paragraphs: tuple[str, ...] | list[str]) -> list[Mention]:
        """Every safe mention in an article's paragraphs, in reading order."""
        raw: list[tuple[Mention, bool]] = []
        for number, text in enumerate(paragraphs):
            raw.extend(self._find_in(number, text))
        sure = {m.entity for m, ambiguous in raw if not ambiguous}
        return [m for m, ambiguous in raw if not ambiguous or m.entity in sure]

    def unknown(self, paragraphs: tuple[str, ...] | list[str]) -> Counter[str]:
        """Latin-script names and «quoted» Arabic names that match no entity."""
        found: Counter[str] = Counter()
        for text in paragraphs:
            covered = [(m.start, m.end) for m, _ in self._find_in(0, text)]
            for match in re.finditer(r"\b[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*", text):
                if not _overlaps(match.span(), covered):
                    found[match.group().rstrip(".")] += 1
            for match in re.finditer(r"«([^«»]{2,40})»", text):
                if is_arabic(normalize(match.group(1)[:1])) and not _overlaps(match.span(1), covered):
                    found[match.group(1).strip()] += 1
        return found

    # -- internals ----------------------------------------------------------------------

    def _candidates(self, norm: str) -> tuple[tuple[int, _Alias], ...]:
        """Aliases that can start at a token with this normal form, with the clitic length."""
        found: list[tuple[int, _Alias]] = [(0, a) for a in self._by_first.get(norm, ())]
        if is_arabic(norm):
            for prefix in NAME_PREFIXES:
                rest = norm[len(prefix):]
                if not prefix or not norm.startswith(prefix) or len(rest) < 2:
                    continue
                # The article stays in the highlight: only و ف ب ك ل are cut off.
                cut = len(prefix) - (2 if prefix.endswith((ARTICLE, "لل")) else 0)
                forms = [rest, ARTICLE + rest] if prefix.endswith(("ال", "لل")) else [rest]
                for form in forms:
                    found.extend((cut, a) for a in self._by_first.get(form, ()))
        seen: set[int] = set()
        unique = []
        for cut, alias in sorted(found, key=lambda f: -len(f[1].tokens)):
            if id(alias) not in seen:
                seen.add(id(alias))
                unique.append((cut, alias))
        return tuple(unique)

    def _find_in(self, number: int, text: str) -> list[tuple[Mention, bool]]:
        tokens = self.analyzer.words(text)
        starts = self._starts
        out: list[tuple[Mention, bool]] = []
        free = 0  # the first token not inside a mention already found
        # Only tokens that can begin an alias are tried (a few in a hundred).
        for i in [i for i, token in enumerate(tokens) if starts(token.norm)]:
            if i < free:
                continue
            match = self._match_at(tokens, i, text)
            if match is None:
                continue
            cut, alias = match
            last = tokens[i + len(alias.tokens) - 1]
            start = _skip_letters(tokens[i].text, cut) + tokens[i].start
            mention = Mention(alias.entity.id, alias.entity.kind, number, start, last.end,
                              text[start:last.end])
            out.append((mention, alias.ambiguous and not self._safe(alias, tokens, i, text)))
            free = i + len(alias.tokens)
        return out

    def _match_at(self, tokens: list[Word], i: int, text: str
                  ) -> tuple[int, _Alias] | None:
        for cut, alias in self._starts(tokens[i].norm):
            n = len(alias.tokens)
            if i + n > len(tokens):
                continue
            if all(tokens[i + k].norm == alias.tokens[k] for k in range(1, n)) and \
                    _contiguous(tokens[i:i + n], text):
                return cut, alias
        return None

    @staticmethod
    def _safe(alias: _Alias, tokens: list[Word], i: int, text: str) -> bool:
        if alias.latin:
            return bool(_UPPER_LATIN.match(tokens[i].text))
        before = text[max(0, tokens[i].start - 2):tokens[i].start].strip()
        if before and before[-1] in _QUOTES:
            return True
        return i > 0 and tokens[i - 1].norm in CUES


def _contiguous(tokens: list[Word], text: str) -> bool:
    """Words of a multi-word alias stand next to each other: spaces, dots or hyphens only."""
    return all(not text[a.end:b.start].strip(" .-\u00a0") for a, b in zip(tokens, tokens[1:]))


def _skip_letters(word: str, letters: int) -> int:
    """Offset in ``word`` after its first ``letters`` letters, marks not counted."""
    offset = 0
    while letters > 0 and offset < len(word):
        if not _MARK.match(word[offset]):
            letters -= 1
        offset += 1
    while offset < len(word) and _MARK.match(word[offset]):
        offset += 1
    return offset


def _overlaps(span: tuple[int, int], covered: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in covered)


class UnknownEntity(ValueError):
    """A filter value that names no entity; the message lists the closest ones."""

    def __init__(self, value: str, kind: str | None, suggestions: list[Entity]) -> None:
        what = kind or "entity"
        hint = ", ".join(f"{e.id} ({e.name} / {e.name_ar})" for e in suggestions)
        super().__init__(f"no {what} called {value!r}" + (f"; closest: {hint}" if hint else ""))
        self.value = value
        self.suggestions = suggestions


def resolve(matcher: EntityMatcher, value: str, kind: str | None = None) -> Entity:
    """The entity an id or any alias names, insensitive to case, hamza and clitics.

    Raises ``UnknownEntity`` naming the closest entities when nothing fits.
    """
    import difflib

    wanted = value.strip()
    entity = matcher.catalogue.get(wanted.lower())
    candidates = [entity] if entity else matcher.expansions(
        tuple(t.norm for t in matcher.analyzer.tokens(wanted, keep_stops=True)))
    fitting = [e for e in candidates if kind is None or e.kind == kind]
    if fitting:
        return fitting[0]
    pool = [e for e in matcher.catalogue if kind is None or e.kind == kind]
    forms = {normalize(alias): e for e in pool for alias in (e.id, *e.all_aliases)}
    close = difflib.get_close_matches(normalize(wanted), list(forms), n=8, cutoff=0.5)
    suggestions = list({forms[c].id: forms[c] for c in close}.values())[:4]
    raise UnknownEntity(value, kind, suggestions)
