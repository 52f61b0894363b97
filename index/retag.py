"""A changed entity catalogue applied to the index without a full rebuild.

Adding a name (an alias, an entity) or removing one changes the catalogue's fingerprint,
and before this module any change rebuilt the index: every file read again, every
article analysed again. Yet only the articles whose text can name a changed entity can
get other entity fields, so only they are rewritten:

- **What changed** is found by comparing the catalogue the index was tagged with (kept
  in ``catalogue.json`` beside the manifest) with the new one: entities added, removed,
  or with other aliases, kind, ``context`` or ``cues``. A change of the global cue lists
  (``[rules]``) can touch any article, and an index without that record (written by an
  older fahras, or a rebuild killed just after its switch) is not trusted: both are
  rebuilt in full.
- **The candidates** are the articles already tagged with a changed entity, and those
  whose ``exact`` terms hold, for every word of one of its aliases (old or new, glued or
  spelt out), a word that can be that word: the same letters, the same skeleton (every
  spelling ``spelling.similar`` accepts has its alias's skeleton, or the same letters
  swapped), behind clitics, or the head of a name split in two (سام سونغ). That is more
  than the matcher will find; the matcher then decides on each candidate, so the result
  is a rebuild's (``tests/index/test_retag.py`` compares them).
- **Each candidate is rewritten whole** with the new matcher and analyser: a one-word
  alias is protected from stemming, so the stems of its articles change with it.

A crash at any point leaves the index readable and the next open finishing the work:
before the commit ``catalogue.json`` lists the changed ids as pending and the pointer's
fingerprint becomes one no catalogue has; after it, ``catalogue.json`` holds the new
catalogue with nothing pending; only then does the pointer get the new fingerprint.
Killed before the second write, the next open, whatever its catalogue (the old one
too: a change undone after a crash), re-tags the pending ids again (rewriting an
article twice is harmless); after it, it only records the fingerprint.

Measured by ``benchmarks/retag.py`` on 10,000 generated articles (2 cores shared with
other work, so absolute times are high): a new spelling that no article uses is applied
in 2.9 s (the lexicon scan and the records), a new name found in 1,976 articles in 225 s
(each analysed and written again, at about a build's rate per article), where a full
rebuild took 765 s.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh.index import FileIndex
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from . import entity_sets
from .analysis import TOKEN_PATTERN
from .building import document
from .catalogue import Catalogue
from .entities import EntityMatcher
from .generation import INDEX_NAME, files_of, remove_orphans, storage
from .manifest import GenerationRecord
from .models import Entity
from .normalize import normalize
from .schema import SCHEMA_VERSION, build_schema, to_article
from .spelling import MIN_VARIED, VOWELS, classed, skeleton, spelled_out, swap_key
from .stem import ARTICLE, NAME_PREFIXES, is_arabic, name_core

if TYPE_CHECKING:
    from .store import Store

#: The catalogue the current generation is tagged with, beside the manifest.
RECORD = "catalogue.json"
VERSION = 1
#: The pointer's catalogue fingerprint while a re-tag is under way: no catalogue's.
UNDER_WAY = "re-tagging"
#: The shortest head of a name split in two that the matcher tries (سام of سامسونغ).
HEAD_LETTERS = 3
#: Names of this many letters or more may have two letters swapped (spelling.similar).
SWAP_LETTERS = 7


@dataclass(frozen=True)
class RetagReport:
    """What applying a catalogue change did to the index."""

    #: Entity ids added, removed or changed.
    changed: tuple[str, ...] = ()
    #: Articles whose text could name one of them, analysed again and rewritten.
    examined: int = 0
    #: Ids of the articles whose entities changed.
    retagged: tuple[str, ...] = ()
    #: The change could touch any article (or the index did not record its catalogue):
    #: the index was rebuilt in full.
    rebuilt: bool = False
    seconds: float = 0.0


@dataclass(frozen=True)
class TaggedWith:
    """The catalogue one generation's entity fields were computed with, and the ids of
    a re-tag that may be half done."""

    generation: str
    catalogue: Catalogue
    pending: tuple[str, ...] = ()

    @classmethod
    def load(cls, directory: Path) -> TaggedWith | None:
        """The record of an index directory; None when there is none or it cannot be
        read (the caller then rebuilds, which is always safe)."""
        try:
            raw = json.loads((directory / RECORD).read_text("utf-8"))
            if raw.get("version") != VERSION:
                return None
            return cls(str(raw["generation"]), _decoded(raw["catalogue"]),
                       tuple(str(i) for i in raw["pending"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def save(self, directory: Path) -> None:
        """Write the record atomically (a temporary file, then a rename)."""
        record = {"version": VERSION, "generation": self.generation,
                  "catalogue": _encoded(self.catalogue), "pending": list(self.pending)}
        fd, temp = tempfile.mkstemp(dir=directory, prefix=".fahras-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(record, out, ensure_ascii=False)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, directory / RECORD)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _encoded(catalogue: Catalogue) -> dict:
    return {"entities": [[e.id, e.kind, e.name, e.name_ar, list(e.aliases), list(e.ambiguous)]
                         for e in catalogue],
            "rules": {name: list(words) for name, words in catalogue.rules.items()},
            "context": {k: list(v) for k, v in catalogue.context.items()},
            "cues": {k: list(v) for k, v in catalogue.cues.items()}}


def _decoded(raw: dict) -> Catalogue:
    entities = {}
    for entity_id, kind, name, name_ar, aliases, ambiguous in raw["entities"]:
        entities[entity_id] = Entity(entity_id, kind, name, name_ar, tuple(aliases),
                                     tuple(ambiguous))

    def table(key: str) -> dict[str, tuple[str, ...]]:
        return {str(k): tuple(v) for k, v in raw[key].items()}

    return Catalogue(entities, rules=table("rules"), context=table("context"),
                     cues=table("cues"))


def record_catalogue(directory: Path, generation: str, catalogue: Catalogue) -> None:
    """Record that ``generation`` was just built with ``catalogue`` (after a rebuild)."""
    TaggedWith(generation, catalogue).save(directory)


def changed_entities(old: Catalogue, new: Catalogue) -> tuple[str, ...] | None:
    """Ids of the entities added, removed or changed between two catalogues (aliases,
    names, kind, ``context``, ``cues``); None when the global rules changed, which can
    change any article."""
    if old.rules != new.rules:
        return None
    ids = dict.fromkeys([*old.entities, *new.entities])
    return tuple(i for i in ids if old.get(i) != new.get(i)
                 or old.context.get(i) != new.context.get(i)
                 or old.cues.get(i) != new.cues.get(i))


# -- the candidates -------------------------------------------------------------------


def alias_words(aliases: Iterable[str]) -> set[tuple[str, ...]]:
    """Aliases as normalised words, with the forms the matcher makes of them: a
    multi-word Arabic name glued into one, a Latin acronym spelt out."""
    out: set[tuple[str, ...]] = set()
    for alias in aliases:
        words = tuple(w for m in TOKEN_PATTERN.finditer(alias) if (w := normalize(m.group())))
        if not words:
            continue
        out.add(words)
        if len(words) > 1 and all(is_arabic(w) for w in words):
            out.add(("".join(words),))
        out.update(spelled_out(alias))
    return out


def only_added(old: Entity | None, new: Entity | None, catalogues: tuple[Catalogue, Catalogue]
               ) -> bool:
    """True when ``new`` is ``old`` with aliases added and nothing else changed: then
    only the articles that can name the added aliases can change (an article already
    tagged without them keeps its tags)."""
    if old is None or new is None or old.kind != new.kind:
        return False
    before, after = catalogues
    return (set(old.aliases) <= set(new.aliases) and set(old.ambiguous) <= set(new.ambiguous)
            and set(old.all_aliases) <= set(new.all_aliases)
            and before.context.get(old.id) == after.context.get(new.id)
            and before.cues.get(old.id) == after.cues.get(new.id))


def search_for(old: Catalogue, new: Catalogue, changed: Iterable[str]
               ) -> tuple[set[str], set[str]]:
    """What finds the articles a change can touch: aliases to look for in the text, and
    entity ids whose tagged articles are all examined."""
    aliases: set[str] = set()
    ids: set[str] = set()
    for entity_id in changed:
        before, after = old.get(entity_id), new.get(entity_id)
        if before is not None and after is not None and only_added(before, after, (old, new)):
            aliases |= set(after.all_aliases) - set(before.all_aliases)
            continue
        ids.add(entity_id)
        for entity in (before, after):
            aliases |= set(entity.all_aliases) if entity else set()
    return aliases, ids


class _Keys:
    """Look-up keys of the alias words: which of them a corpus word can be."""

    def __init__(self, aliases: Iterable[tuple[str, ...]]) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.heads: dict[str, set[str]] = defaultdict(set)
        self.skeletons: dict[str, set[str]] = defaultdict(set)
        self.swaps: dict[str, set[str]] = defaultdict(set)
        #: The first letter of every skeleton: a variant never changes it (spelling.py).
        self.initials: set[str] = set()
        for words in aliases:
            for word in words:
                self._add(word, alone=len(words) == 1)

    def _add(self, word: str, *, alone: bool) -> None:
        for form in {word, name_core(word)}:
            self.exact[form].add(word)
            if alone and is_arabic(form) and len(form) >= MIN_VARIED:
                # Only a one-word name is found split in two (سام سونغ).
                for n in range(HEAD_LETTERS, len(form)):
                    self.heads[form[:n]].add(word)
        if is_arabic(word) and len(word) >= MIN_VARIED:
            self.skeletons[skeleton(word)].add(word)
            self.initials.add(_initial(word))
            if len(word) >= SWAP_LETTERS:
                self.swaps[swap_key(word)].add(word)

    def words_for(self, term: str) -> set[str]:
        """The alias words this corpus word can stand for, clitics and spelling aside."""
        found: set[str] = set()
        for form in _forms(term):
            found |= self.exact.get(form, set()) | self.heads.get(form, set())
            if is_arabic(form) and len(form) >= MIN_VARIED - 1 \
                    and _initial(form) in self.initials:
                found |= self.skeletons.get(skeleton(form), set())
                found |= self.swaps.get(swap_key(form), set())
        return found


def _initial(word: str) -> str:
    """The first letter of a word's skeleton, without making all of it (a third of the
    lexicon scan's time)."""
    for i, letter in enumerate(word):
        if letter not in VOWELS:
            return classed(word[i:i + 2])[:1]  # تش is one sound, ش
    return ""


def _forms(term: str) -> set[str]:
    """A corpus word and what it is behind each clitic it may carry (وبالسوق: السوق)."""
    forms = {term}
    if is_arabic(term):
        for prefix in NAME_PREFIXES:
            rest = term[len(prefix):]
            if prefix and term.startswith(prefix) and len(rest) >= 2:
                forms.add(rest)
                if prefix.endswith((ARTICLE, "لل")):
                    forms.add(ARTICLE + rest)
    return forms


def candidates(searcher: Searcher, aliases: Iterable[str], ids: Iterable[str]) -> set[int]:
    """Document numbers of the articles that are tagged with one of ``ids`` or whose
    words can spell every word of one of ``aliases``."""
    found = set(searcher.docs_for_query(wq.Or([wq.Term("entities", i) for i in ids])))
    spellings = alias_words(aliases)
    keys = _Keys(spellings)
    terms: dict[str, list[str]] = defaultdict(list)
    for raw in searcher.reader().lexicon("exact"):
        term = raw.decode("utf-8")
        for word in keys.words_for(term):
            terms[word].append(term)
    documents: dict[str, set[int]] = {}
    for words in spellings:
        if not all(terms.get(w) for w in words):
            continue
        for word in words:
            if word not in documents:
                documents[word] = set(searcher.docs_for_query(
                    wq.Or([wq.Term("exact", t) for t in terms[word]])))
        found |= set.intersection(*(documents[w] for w in words))
    return found


# -- rewriting ------------------------------------------------------------------------


def rewrite(writer: SegmentWriter, searcher: Searcher, numbers: Iterable[int],
            matcher: EntityMatcher) -> list[str]:
    """Write again, with ``matcher`` and its analyser, those of these documents whose
    entities or stems change (a name protected from stemming, or no longer); the ids
    of those whose entities changed."""
    before = searcher.schema["body"].analyzer
    after = build_schema(matcher.analyzer)["body"].analyzer
    changed = []
    for number in sorted(numbers):
        stored = searcher.stored_fields(number)
        new = document(matcher, to_article(stored))
        tags = json.loads(new["data"])["mentions"] != json.loads(stored["data"])["mentions"]
        if tags:
            changed.append(stored["id"])
        elif before.index_terms(new["body"]) == after.index_terms(new["body"]):
            continue  # the same document: writing it again would cost 3/4 of the time
        writer.delete_document(number)  # the writer numbers documents as this searcher does
        writer.add_document(**new)
    return changed


def plan(store: Store, record: dict) -> TaggedWith | None:
    """What the current generation (``record``) is tagged with, when the store's
    catalogue can be applied to it incrementally; None when only a full rebuild will do
    (the global rules changed, or the index does not record its catalogue)."""
    if record.get("schema") != SCHEMA_VERSION:
        return None
    tagged = TaggedWith.load(store.directory)
    if tagged is None or tagged.generation != record["generation"] \
            or changed_entities(tagged.catalogue, store.catalogue) is None:
        return None
    return tagged


def apply(store: Store, record: dict, tagged: TaggedWith) -> RetagReport:
    """Bring the store's current generation (``record``, tagged as ``tagged`` says,
    from ``plan``) to the store's catalogue. The caller holds the store's write lock."""
    started = time.perf_counter()
    new = store.catalogue
    changed = tuple(dict.fromkeys((*(changed_entities(tagged.catalogue, new) or ()),
                                   *tagged.pending)))
    examined, retagged = 0, []  # type: tuple[int, list[str]]
    if changed:
        TaggedWith(tagged.generation, tagged.catalogue, changed).save(store.directory)
        # Stale for every catalogue until done, the one of before included: a change
        # undone after a crash is undone in the index too.
        store._write_pointer(record["number"], record["generation"], record.get("schema"),
                             UNDER_WAY)
        examined, retagged = _retag(store, record, tagged.catalogue, changed)
    TaggedWith(tagged.generation, new).save(store.directory)
    store._write_pointer(record["number"], record["generation"], record.get("schema"),
                         new.fingerprint)
    return RetagReport(changed, examined, tuple(retagged),
                       seconds=time.perf_counter() - started)


def _retag(store: Store, record: dict, old: Catalogue, changed: tuple[str, ...]
           ) -> tuple[int, list[str]]:
    """Rewrite the candidates of the changed entities in one commit, then record the
    generation's new files; the number examined and the ids re-tagged."""
    folder = store._folder(record["generation"])
    index = store.open()
    aliases, ids = search_for(old, store.catalogue, changed)
    writer = store._writer(index)
    # The new analyser: its stemmer protects the new one-word names (analysis.py), and
    # the table of contents keeps it for every later commit.
    writer.schema = build_schema(store.analyzer)
    try:
        with index.searcher() as searcher:
            numbers = candidates(searcher, aliases, ids)
            retagged = rewrite(writer, searcher, numbers, store.matcher)
        writer.commit()
    except BaseException:
        writer.abandon()
        remove_orphans(folder)
        raise
    _record_generation(folder, store.catalogue.fingerprint)
    return len(numbers), retagged


def _record_generation(folder: Path, fingerprint: str) -> None:
    index: FileIndex = storage(folder).open_index(INDEX_NAME)
    # The re-tagged segment's entity sets and news columns, as an addition writes them:
    # without them every search would read that segment's postings instead.
    entity_sets.write_missing(index)
    generation = GenerationRecord.load(folder) or GenerationRecord(SCHEMA_VERSION)
    generation.count = index.doc_count()
    generation.catalogue = fingerprint
    generation.record_files(folder, files_of(folder, index))
    generation.save(folder)
