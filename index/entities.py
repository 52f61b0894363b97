"""Finding entity mentions in text as Arab media write them.

Matching runs over normalised (never stemmed) tokens, multi-word aliases included, and
tolerates clitics before a name (وإنفيديا, لألتمان, بالإمارات), clitics glued to Latin
names (وFoxconn: the tokenizer splits scripts), and quotes. The longest alias wins.

Spellings nobody listed are found too (see spelling.py): a word whose skeleton is a
name's and which is within the name's small budget of vowel edits (نيفيديا, هوانج,
غيلسنجر, a swap in جيلنسجر); a name split in two (سام سونغ) or a multi-word name glued
into one (الولاياتالمتحدة), a Latin acronym spelt out (إن إكس بي). An exact alias always beats a generated spelling, so
ماكرون stays Macron and never becomes a misspelt ميكرون.

Context rules, whose word lists are data (the ``[rules]`` table and each entity's
``context`` and ``cues`` in entities.toml):
- an ambiguous alias (أبل, ميتا, سيول) counts after a cue word (شركة), before one
  (الأمريكية), in quotes, in capitalised Latin, in a list next to a sure name of its
  kind (جوجل وميتا), when written in its unambiguous form (آبل with its madda), or in
  an article that surely names it or one of its context entities (سيول with Samsung);
- a unit (ميكرون) follows the same rules but never counts right after a number;
- a one-word person alias (a surname: هوانغ) counts only in an article that names the
  person in full, carries one of the person's cue phrases (مؤسس إنفيديا), or surely
  names one of the person's context entities (given only to distinctive names: آمون
  with Qualcomm, never هوانغ with Nvidia): a namesake such as Samsung's Hwang stays
  unlinked.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, pairwise

from .analysis import STOP_WORDS, TOKEN_PATTERN, Analyzer, LazyWords, NormalToken
from .catalogue import Catalogue
from .discovery import proposals
from .models import Entity, Mention
from .normalize import DELETED, normalize
from .spelling import MIN_VARIED, budget, similar, skeleton, spelled_out, swap_key
from .stem import ARTICLE, clitic_forms, is_arabic, name_core

_QUOTES = "«\"“”'‘’»"
_MARK = re.compile(f"[{DELETED}]")
_UPPER_LATIN = re.compile(r"^[A-Z]")
_LIST_GAP = re.compile(r"^[\s،,]*$")
_CLITIC = "وفبكل"
#: A mention's standing: certain, certain only with support elsewhere in the article.
SURE, MAYBE = 0, 1


@dataclass(frozen=True, slots=True)
class _Alias:
    tokens: tuple[str, ...]
    entity: Entity
    ambiguous: bool
    latin: bool
    #: One word naming a person: safe only with the full name or a cue in the article.
    surname: bool = False
    #: Also a unit of length: never a name right after a number.
    unit: bool = False
    #: Spellings as written (marks removed) that are never the ordinary word (آبل).
    distinct: tuple[str, ...] = ()
    #: Made by rule (a multi-word alias glued into one word, an acronym spelt out),
    #: not listed.
    generated: bool = False


@dataclass(frozen=True, slots=True)
class _Found:
    mention: Mention
    standing: int
    alias: _Alias
    first: int  # token indexes of the mention in its paragraph
    last: int


def _spellings(entity: Entity) -> dict[tuple[str, ...], list[str]]:
    """The entity's normalised spellings, each with its aliases as written."""
    spellings: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for alias in entity.all_aliases:
        tokens = _norms(alias)
        if tokens:
            spellings[tokens].append(alias)
    return spellings


def _glued(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """A multi-word Arabic spelling glued into one word by a careless extraction
    (الولاياتالمتحدة), or None."""
    if len(tokens) > 1 and all(is_arabic(t) for t in tokens):
        return ("".join(tokens),)
    return None


def _spelled(entity: Entity, listed) -> list[tuple[str, ...]]:
    """The entity's Latin acronyms spelt out in Arabic (إن إكس بي), unless listed."""
    return [spelling for alias in entity.aliases for spelling in spelled_out(alias)
            if spelling not in listed]


def protected_names(catalogue: Catalogue) -> frozenset[str]:
    """The catalogue's one-word Arabic spellings, listed or generated: the analyser
    never stems them (``Analyzer.for_names``).

    Only one-word aliases are protected: a multi-word name stems alike in the index and
    the query, and protecting its words would freeze common ones (شركة in «شركة مبادلة»).
    """
    names = set()
    for entity in catalogue:
        spellings = _spellings(entity)
        generated = [g for tokens in spellings if (g := _glued(tokens))]
        for tokens in (*spellings, *generated, *_spelled(entity, set(spellings))):
            if len(tokens) == 1 and is_arabic(tokens[0]):
                names.add(tokens[0])
    return frozenset(names)


class EntityMatcher:
    """Finds mentions of a catalogue's entities in paragraphs of original text.

    ``analyzer`` is the index's analyser (``Analyzer.for_names(protected_names(…))``,
    which the store makes and shares); without one, the matcher makes the same itself.
    Matching reads only normal forms from it.
    """

    def __init__(self, catalogue: Catalogue, analyzer: Analyzer | None = None) -> None:
        self.catalogue = catalogue
        rules = {name: frozenset(normalize(w) for w in words)
                 for name, words in catalogue.rules.items()}
        self._before = rules.get("before", frozenset())
        self._after = rules.get("after", frozenset())
        self._units = rules.get("units", frozenset())
        self._alone = rules.get("alone", frozenset())
        self._noise = rules.get("noise", frozenset())
        self._context = catalogue.context
        self._cues = {entity_id: [_norms(phrase) for phrase in phrases]
                      for entity_id, phrases in catalogue.cues.items()}
        self._by_first: dict[str, list[_Alias]] = defaultdict(list)
        self._by_skeleton: dict[str, list[_Alias]] = defaultdict(list)
        self._by_swap: dict[str, list[_Alias]] = defaultdict(list)
        self._heads: set[str] = set()
        for entity in catalogue:
            for entry in self._aliases(entity):
                self._register(entry)
        for entries in self._by_first.values():
            entries.sort(key=lambda a: len(a.tokens), reverse=True)
        #: The most words any alias has: a query joins at most this many words into a name.
        self.longest_alias = max((len(entries[0].tokens) for entries in self._by_first.values()
                                  if entries), default=1)
        self.analyzer = analyzer or Analyzer.for_names(protected_names(catalogue))
        self.stemmer = self.analyzer.stemmer
        self._starts = lru_cache(maxsize=100_000)(self._candidates)
        self._opens = lru_cache(maxsize=100_000)(self._can_open)

    def _aliases(self, entity: Entity) -> list[_Alias]:
        """The entity's aliases, one per normalised spelling, with their rules."""
        spellings = _spellings(entity)
        out = []
        for tokens, written in spellings.items():
            safe = [w for w in written if w not in entity.ambiguous]
            ambiguous = len(safe) < len(written)
            distinct = tuple(_MARK.sub("", w) for w in safe) if ambiguous else ()
            latin = all(w.isascii() for w in written)
            out.append(_Alias(tokens, entity, ambiguous, latin,
                              surname=entity.kind == "person" and len(tokens) == 1
                              and tokens[0] not in self._alone,
                              unit=len(tokens) == 1 and tokens[0] in self._units,
                              distinct=distinct))
            if glued := _glued(tokens):
                out.append(_Alias(glued, entity, ambiguous, False, generated=True))
        out.extend(_Alias(spelling, entity, False, False, generated=True)
                   for spelling in _spelled(entity, set(spellings)))
        return out

    def _register(self, entry: _Alias) -> None:
        first = entry.tokens[0]
        self._by_first[first].append(entry)
        if is_arabic(first):
            core = name_core(first)
            self._by_first.setdefault(core, [])
            if core != first:
                self._by_first[core].append(entry)
        # Spellings are generated for transliterated names only: an organisation's name
        # and a word with the article are Arabic words (وزارة is not وزيرة).
        if entry.ambiguous or not is_arabic(first) or not budget(first) \
                or entry.entity.kind == "organisation" or first.startswith(ARTICLE):
            return
        self._by_skeleton[skeleton(first)].append(entry)
        if len(first) >= 7:
            self._by_swap[swap_key(first)].append(entry)
        if len(entry.tokens) == 1:
            heads = [first[:n] for n in range(3, len(first) - 1)]
            self._heads.update(h for h in heads if h not in STOP_WORDS)
            self._heads.update(c + h for h in heads for c in _CLITIC)

    def expansions(self, norm_tokens: tuple[str, ...]) -> list[Entity]:
        """Entities that have an alias spelt exactly as these normalised tokens."""
        found: dict[str, Entity] = {}
        for _, alias, generated in self._starts(norm_tokens[0]) if norm_tokens else ():
            if generated or alias.generated:
                continue
            if alias.tokens[1:] == norm_tokens[1:] and len(alias.tokens) == len(norm_tokens):
                found[alias.entity.id] = alias.entity
        return list(found.values())

    def find(self, paragraphs: tuple[str, ...] | list[str]) -> list[Mention]:
        """Every safe mention in an article's paragraphs, in reading order."""
        found: list[_Found] = []
        analysed = [self.analyzer.lazy_words(text) for text in paragraphs]
        for number, (text, tokens) in enumerate(zip(paragraphs, analysed)):
            found.extend(self._find_in(number, text, tokens))
        sure = {f.mention.entity for f in found if f.standing == SURE}
        words: list[str] | None = None
        kept = []
        for item in found:
            entity = item.mention.entity
            if item.standing == SURE or entity in sure \
                    or any(other in sure for other in self._context.get(entity, ())):
                kept.append(item.mention)
            elif item.alias.surname:
                if words is None:
                    words = [norm for tokens in analysed for norm in tokens.norms]
                if any(_contains(words, cue) for cue in self._cues.get(entity, ())):
                    kept.append(item.mention)
        return kept

    def unknown(self, paragraphs: tuple[str, ...] | list[str]) -> Counter[str]:
        """Candidate names in one article that match no entity, each counted once
        (see discovery.py for the cues and the noise kept out)."""
        words_of = [self.analyzer.words(text) for text in paragraphs]
        covered = [[(f.mention.start, f.mention.end) for f in self._find_in(n, text, words)]
                   for n, (text, words) in enumerate(zip(paragraphs, words_of))]
        return Counter(proposals(words_of, paragraphs, covered, self._after, self._noise))

    def spelling_of(self, mention_text: str) -> tuple[str, bool]:
        """A mention's spelling as written (marks removed), and whether an alias spells
        it so, clitics aside. A spelling no alias has was generated (see spelling.py).
        """
        norms = tuple(w.norm for w in self.analyzer.words(mention_text))
        return _MARK.sub("", mention_text), bool(norms and self.expansions(norms))

    # -- internals ----------------------------------------------------------------------

    def _candidates(self, norm: str) -> tuple[tuple[int, _Alias, bool], ...]:
        """Aliases that can start at a token with this normal form: the clitic length,
        the alias, and whether the spelling was generated rather than listed."""
        forms = _forms(norm)
        found = [(cut, a, False) for cut, form in forms for a in self._by_first.get(form, ())]
        if not found and is_arabic(norm) and len(norm) >= 4:
            found = [(cut, a, True) for cut, form in forms for a in self._generated(form)]
        seen: set[int] = set()
        unique = []
        for cut, alias, generated in sorted(found, key=lambda f: (-len(f[1].tokens), f[2])):
            if id(alias) not in seen:
                seen.add(id(alias))
                unique.append((cut, alias, generated))
        return tuple(unique)

    def _generated(self, form: str) -> list[_Alias]:
        key = skeleton(form)
        pool = self._by_skeleton.get(key, [])
        if len(form) >= 6:
            pool = pool + self._by_swap.get(_sorted_letters(key), [])
        return [a for a in pool if similar(form, a.tokens[0])]

    def _can_open(self, norm: str) -> bool:
        """Whether a token with this normal form can begin an alias, or half of a split
        name."""
        return norm in self._heads or bool(self._starts(norm))

    def _find_in(self, number: int, text: str, tokens: Sequence[NormalToken]
                 ) -> list[_Found]:
        norms = tokens.norms if isinstance(tokens, LazyWords) else [t.norm for t in tokens]
        out: list[_Found] = []
        free = 0  # the first token not inside a mention already found
        # Only tokens that can begin an alias, or half of a split name, are tried: picked
        # in C, as reading each token in Python cost 0.8 s of a 28.7 s profiled build.
        for i in compress(range(len(norms)), map(self._opens, norms)):
            if i < free:
                continue
            match = self._match_at(tokens, i, text)
            if match is None:
                continue
            cut, alias, span = match
            last = i + span - 1
            start = _skip_letters(tokens[i].text, cut) + tokens[i].start
            mention = Mention(alias.entity.id, alias.entity.kind, number, start,
                              tokens[last].end, text[start:tokens[last].end])
            standing = self._standing(alias, tokens, i, last, text)
            if standing is not None:
                out.append(_Found(mention, standing, alias, i, last))
            free = last + 1
        return self._lists(out, text)

    def _match_at(self, tokens: Sequence[NormalToken], i: int, text: str
                  ) -> tuple[int, _Alias, int] | None:
        following = tokens[i + 1].norm if i + 1 < len(tokens) else None
        for cut, alias, _ in self._starts(tokens[i].norm):
            n = len(alias.tokens)
            if n == 1:
                return cut, alias, 1
            # Most multi-word aliases fail at their second word: test it first.
            if following is None or i + n > len(tokens) \
                    or not _same(following, alias.tokens[1]):
                continue
            if all(_same(tokens[i + k].norm, alias.tokens[k]) for k in range(2, n)) \
                    and _contiguous(tokens[i:i + n], text):
                return cut, alias, n
        if i + 1 < len(tokens) and tokens[i].norm in self._heads \
                and not text[tokens[i].end:tokens[i + 1].start].strip():
            # A name split in two: سام سونغ.
            for cut, alias, generated in self._starts(tokens[i].norm + tokens[i + 1].norm):
                if len(alias.tokens) == 1 and not alias.ambiguous and not generated:
                    return cut, alias, 2
        return None

    def _standing(self, alias: _Alias, tokens: Sequence[NormalToken], i: int, last: int, text: str
                  ) -> int | None:
        """SURE, MAYBE (needs support in the article), or None for never a name."""
        if alias.unit and i > 0 and tokens[i - 1].norm[:1].isdigit():
            return None
        if alias.surname:
            return MAYBE
        if not alias.ambiguous:
            return SURE
        if alias.latin:
            return SURE if _UPPER_LATIN.match(tokens[i].text) else MAYBE
        written = _MARK.sub("", tokens[i].text)
        if any(written.endswith(d) for d in alias.distinct):
            return SURE
        before = text[max(0, tokens[i].start - 2):tokens[i].start].strip()
        if before and before[-1] in _QUOTES:
            return SURE
        if i > 0 and tokens[i - 1].norm in self._before:
            return SURE
        if last + 1 < len(tokens) and tokens[last + 1].norm in self._after:
            return SURE
        return MAYBE

    @staticmethod
    def _lists(found: list[_Found], text: str) -> list[_Found]:
        """An ambiguous name listed next to a sure one of its kind (جوجل وميتا) is sure."""
        out = list(found)
        for n, item in enumerate(found):
            if item.standing != MAYBE or item.alias.surname:
                continue
            for other in found[max(0, n - 1):n] + found[n + 1:n + 2]:
                left, right = sorted((item, other), key=lambda f: f.first)
                if other.standing == SURE and other.mention.kind == item.mention.kind \
                        and right.first == left.last + 1 \
                        and _LIST_GAP.match(text[left.mention.end:right.mention.start]
                                            .replace("و", "", 1)):
                    out[n] = _Found(item.mention, SURE, item.alias, item.first, item.last)
        return out


def _norms(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(m.group()) for m in TOKEN_PATTERN.finditer(phrase))


def _forms(norm: str) -> list[tuple[int, str]]:
    """A token's possible name forms behind clitics, with the letters to cut from it."""
    return [(0, norm), *clitic_forms(norm)] if is_arabic(norm) else [(0, norm)]


def _sorted_letters(key: str) -> str:
    """``spelling.swap_key`` of a word whose skeleton is ``key`` (made once, not twice)."""
    return "".join(sorted(key))


def _same(word: str, alias_word: str) -> bool:
    """A word of a multi-word alias, as listed or as a generated spelling."""
    return word == alias_word or (len(alias_word) >= MIN_VARIED and is_arabic(word)
                                  and not alias_word.startswith(ARTICLE)
                                  and _similar(word, alias_word))


_similar = lru_cache(maxsize=100_000)(similar)


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return bool(n) and any(words[i:i + n] == list(phrase)
                           for i in range(len(words) - n + 1) if words[i] == phrase[0])


def _contiguous(tokens: Sequence[NormalToken], text: str) -> bool:
    """Words of a multi-word alias stand next to each other: spaces, dots or hyphens only."""
    return all(not text[a.end:b.start].strip(" .-\u00a0") for a, b in pairwise(tokens))


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
