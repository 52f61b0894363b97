"""The concordance (KWIC): every hit of a query, one line each, with its context.

Corpus tools (AntConc, Sketch Engine, arabiCorpus) are built around it: every occurrence
of a word with what precedes and follows it, sortable by the words around it. A line's
offsets are the highlighter's (``passages.Highlighter``), into the ORIGINAL paragraph
text, so a hit is the word as written (clitics, diacritics, tatweel) and Enter in the
explorer lands the reader on exactly that hit.

"Left" and "right" are the corpus tools' words: ``left`` is the text BEFORE the hit in
reading order (an Arabic reader sees it on the hit's right), ``right`` the text after.

Streamed: ``concordance`` is a generator. Matching is one numpy pass (``Engine.matching``,
as for a page of results); the matches are ranked in growing batches (``FIRST_BATCH``,
then ``BATCH_GROWTH`` times more), and each article's stored text is read and analysed
only when its lines are asked for, so the first screen costs a partial sort and the first
few articles, not all of them (``benchmarks/analyst.py``). Ranking every match first, as
before, cost about 10 ms more at 10,000 articles (8,898 matches of الذكاء: the first
screen's fastest run 39.5 against 29.3 ms, on the shared machine), a sort and a list that
grow with the corpus. Sorting, form counts and collocations need every line and are
applied to the list the caller collected.

Syndicated copies (one wire story in several outlets, ``news/syndication.py``) are folded
as the results fold them: the best-ranked article of a copy group gives its lines, and a
copy's line with the same form and words around it is counted on that line
(``ConcordanceLine.copies``) instead of repeated.

Sort keys are the analyser's stems (light stemming after normalisation), so هذه الشركات،
للشركة and الشركة sort together, as do أعلنت and اعلنت. Collocations rank the words
within ±5 tokens of the hits by log-Dice (``association.py``) against their frequency
in the index, so a word that is everywhere (قال, شركة) does not win by size alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from itertools import islice

from .analysis import STOP_WORDS
from .association import log_dice
from .models import AnalyzedToken, ArticleView, Passage
from .normalize import DELETED
from .passages import Highlighter
from .schema import to_view

#: Characters of context kept on each side of a hit (cut at a word).
CONTEXT_WIDTH = 60
#: Words kept on each side for sorting and collocations.
CONTEXT_WORDS = 5
#: Characters analysed on each side of a hit for its words (five long words fit).
NEAR_CHARS = 100
#: Collocates are counted within this many tokens of a hit, each side.
COLLOCATION_SPAN = 5
#: What the explorer draws first: enough lines for a 40-row terminal.
FIRST_SCREEN = 50
#: Matching articles ranked for the first lines; each next batch this many times larger.
FIRST_BATCH = 64
BATCH_GROWTH = 8
#: A copy's line is the same line when the hit's form and this many words each side are.
FOLD_WORDS = 3
#: The sort keys: ``relevance`` (articles best first, the streamed order), the hit's
#: form, the 1st-3rd word to the left (before the hit) or the right (after it), the
#: article (id, then paragraph and place), the date (newest first).
SORT_KEYS = ("relevance", "hit", "left1", "left2", "left3", "right1", "right2", "right3",
             "article", "date")

_DELETED = re.compile(f"[{DELETED}]")
# Sorts after every real word: a line with no word there goes last.
_NOTHING = "\uffff"


@dataclass(frozen=True, slots=True)
class ConcordanceLine:
    """One hit: where it is (offsets into the original paragraph) and its context.

    ``left`` ends where the hit starts and ``right`` starts where it ends, so
    ``left + hit + right`` is a slice of the paragraph. ``left_keys``/``right_keys`` are
    the stems of the nearest words, nearest first; ``left_words``/``right_words`` the
    words as written, without harakat (what a collocate is shown as).
    """

    article_id: str
    paragraph: int
    start: int
    end: int
    left: str
    hit: str
    right: str
    title: str = ""
    source: str = ""
    date: str = ""
    #: The hit as written, without harakat and tatweel: what form counts count.
    form: str = ""
    left_keys: tuple[str, ...] = ()
    right_keys: tuple[str, ...] = ()
    left_words: tuple[str, ...] = ()
    right_words: tuple[str, ...] = ()
    #: The syndicated copies (article ids) that hold this same line, folded into it.
    copies: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The exported fields (``--json``, JSON Lines): no sort keys."""
        record = asdict(self)
        for name in ("left_keys", "right_keys", "left_words", "right_words"):
            del record[name]
        return record


@dataclass(frozen=True, slots=True)
class FormCount:
    """How many hits were written in one form (``الرقائق 310``)."""

    form: str
    count: int


@dataclass(frozen=True, slots=True)
class Collocate:
    """A word near the hits: how often (``together``), how often in the index, log-Dice."""

    word: str
    key: str
    together: int
    frequency: int
    score: float


def concordance(engine, request, *, width: int = CONTEXT_WIDTH, form: str = "",
                fold: bool = True) -> Iterator[ConcordanceLine]:
    """Every hit of ``request`` (a ``search.SearchRequest``: query, filters, dates,
    sources, matching) in the matching articles, best articles first and each article's
    hits in reading order; lazily (a generator).

    ``width`` characters of context each side (cut at a word); ``form`` keeps only the
    hits written so (see ``ConcordanceLine.form``). With ``fold`` (the default), a line
    that syndicated copies of its article repeat is given once, naming the copies
    (``ConcordanceLine.copies``), as the results fold them (``fold_copy_lines``).
    """
    if width < 1:
        raise ValueError(f"the context width must be at least 1, not {width}")
    return _lines(engine, request, width, form, fold)


def _lines(engine, request, width: int, form: str, fold: bool) -> Iterator[ConcordanceLine]:
    found = engine.matching(request)
    if found.highlighter.empty:
        return
    analyzer = engine.analyzer

    def read(docnum: int) -> list[ConcordanceLine]:
        view = to_view(found.searcher.stored_fields(docnum))
        return article_lines(view, found.highlighter, analyzer, width)

    folded: set[int] = set()
    for docnum in _best_first(found):
        if docnum in folded:
            continue
        copies = [n for n in found.columns.copies(docnum) if found.matched[n]] if fold else []
        folded.update(copies)
        lines = read(docnum)
        if copies:
            lines = fold_copy_lines(lines, [read(n) for n in copies])
        for line in lines:
            if not form or line.form == form:
                yield line


def _best_first(found) -> Iterator[int]:
    """The matching documents best first, ranked in growing batches: the first screen
    costs a partial sort of the matches (``argpartition``), not a sort of all of them.

    A batch is re-ranked whole, so documents of equal score at a batch's edge may be
    met again: each is given once.
    """
    given: set[int] = set()
    want = FIRST_BATCH
    while True:
        ranked = found.ranked(want)
        for docnum in ranked:
            if docnum not in given:
                given.add(docnum)
                yield docnum
        if len(ranked) < want:
            return
        want *= BATCH_GROWTH


def fold_copy_lines(lines: list[ConcordanceLine], copies: list[list[ConcordanceLine]]
                    ) -> list[ConcordanceLine]:
    """An article's lines with its copies' same lines folded in (named in ``copies``).

    A copy's line is the same line when its form and the ``FOLD_WORDS`` stems on each
    side are (the wire text an outlet reprints; its own dateline or footer is not): a
    line no earlier article of the group holds is kept, after the article's, and later
    copies fold into it in turn.

    >>> a = ConcordanceLine("a", 0, 0, 1, "", "x", "", form="x", right_keys=("y",))
    >>> b = ConcordanceLine("b", 0, 5, 6, "", "x", "", form="x", right_keys=("y",))
    >>> c = ConcordanceLine("b", 1, 0, 1, "", "x", "", form="x", right_keys=("z",))
    >>> [(line.article_id, line.copies) for line in fold_copy_lines([a], [[b, c]])]
    [('a', ('b',)), ('b', ())]
    """
    kept = list(lines)
    held: list[list[str]] = [[] for _ in kept]
    for copy in copies:
        free: dict[tuple, list[int]] = {}
        for at, line in enumerate(kept):
            free.setdefault(_fold_key(line), []).append(at)
        for line in copy:
            spots = free.get(_fold_key(line))
            if spots:
                held[spots.pop(0)].append(line.article_id)
            else:
                kept.append(line)
                held.append([])
    return [replace(line, copies=tuple(dict.fromkeys(ids))) if ids else line
            for line, ids in zip(kept, held, strict=True)]


def _fold_key(line: ConcordanceLine) -> tuple:
    return line.form, line.left_keys[:FOLD_WORDS], line.right_keys[:FOLD_WORDS]


def article_lines(view: ArticleView, highlighter: Highlighter, analyzer, width: int
                  ) -> list[ConcordanceLine]:
    """The concordance lines of one article, in reading order."""
    mentions: dict[int, list] = {}
    for mention in view.mentions:
        mentions.setdefault(mention.paragraph, []).append(mention)
    found: list[ConcordanceLine] = []
    for number, text in enumerate(view.paragraphs):
        for start, end in highlighter.hits(text, mentions.get(number, ())):
            found.append(_line(view, number, text, start, end, width, analyzer))
    return found


def _line(view: ArticleView, number: int, text: str, start: int, end: int, width: int,
          analyzer) -> ConcordanceLine:
    before, after = _near(text, start, end, analyzer)
    hit = text[start:end]
    return ConcordanceLine(
        article_id=view.id, paragraph=number, start=start, end=end,
        left=text[_left_edge(text, start, width):start], hit=hit,
        right=text[end:_right_edge(text, end, width)],
        title=view.title, source=view.source, date=view.date,
        form=_DELETED.sub("", hit),
        left_keys=tuple(_key(t) for t in before), right_keys=tuple(_key(t) for t in after),
        left_words=tuple(_DELETED.sub("", t.text) for t in before),
        right_words=tuple(_DELETED.sub("", t.text) for t in after),
    )


def _near(text: str, start: int, end: int, analyzer
          ) -> tuple[list[AnalyzedToken], list[AnalyzedToken]]:
    """The ``CONTEXT_WORDS`` words before the hit (nearest first) and after it.

    Only ``NEAR_CHARS`` on each side are analysed, from a word's start: the highlighter
    has already analysed the paragraph once, and analysing it whole again cost a third
    of the first screen (profiled on the seeds).
    """
    lo = max(0, start - NEAR_CHARS)
    if lo:
        lo = text.rfind(" ", 0, lo) + 1
    hi = min(len(text), end + NEAR_CHARS)
    space = text.find(" ", hi)
    hi = space if space >= 0 else len(text)
    before = analyzer.tokens(text[lo:start], keep_stops=True)[-CONTEXT_WORDS:]
    after = analyzer.tokens(text[end:hi], keep_stops=True)[:CONTEXT_WORDS]
    return before[::-1], after


def _key(token: AnalyzedToken) -> str:
    """What a word sorts by: its stem (a stop word, which has none, its normal form)."""
    return token.norm if token.norm in STOP_WORDS else token.stem


def _left_edge(text: str, start: int, width: int) -> int:
    """Where ``width`` characters before ``start`` begin, moved to the next word.

    >>> text = "واحد اثنان ثلاثة"
    >>> text[_left_edge(text, 11, 8):11]
    'اثنان '
    """
    if start <= width:
        return 0
    space = text.find(" ", start - width, start)
    return space + 1 if space >= 0 else start - width


def _right_edge(text: str, end: int, width: int) -> int:
    """Where ``width`` characters after ``end`` end, moved back to the last whole word.

    >>> text = "واحد اثنان ثلاثة"
    >>> text[4:_right_edge(text, 4, 9)]
    ' اثنان'
    """
    if len(text) - end <= width:
        return len(text)
    space = text.rfind(" ", end + 1, end + width + 1)
    return space if space > end else end + width


# -- pages, sorting, forms, collocations --------------------------------------------------

def first(stream: Iterator[ConcordanceLine], count: int = FIRST_SCREEN
          ) -> list[ConcordanceLine]:
    """The next ``count`` lines of a stream (the first screen, then each next page)."""
    return list(islice(stream, count))


def sort_lines(found: Iterable[ConcordanceLine], key: str) -> list[ConcordanceLine]:
    """The lines ordered by one of ``SORT_KEYS`` (ties keep their streamed order)."""
    if key not in SORT_KEYS:
        raise ValueError(f"sort by one of {', '.join(SORT_KEYS)}, not {key!r}")
    found = list(found)
    if key == "relevance":
        return found
    if key == "hit":
        return sorted(found, key=lambda line: line.form)
    if key == "article":
        return sorted(found, key=lambda line: (line.article_id, line.paragraph, line.start))
    if key == "date":
        # newest first, undated last; an article's lines stay in reading order
        dated = sorted(found, key=lambda line: (line.article_id, line.paragraph, line.start))
        return sorted(dated, key=lambda line: line.date or "", reverse=True)
    side, nth = key[:-1], int(key[-1])
    return sorted(found, key=lambda line: _words_from(
        line.left_keys if side == "left" else line.right_keys, nth))


def _words_from(keys: tuple[str, ...], nth: int) -> tuple[str, ...]:
    """The sort key from the ``nth`` word on (AntConc's 1L, then 2L, 3L break ties)."""
    wanted = keys[nth - 1:nth + 2]
    return tuple(wanted) + (_NOTHING,) * (3 - len(wanted)) if wanted else (_NOTHING,) * 3


def form_counts(found: Iterable[ConcordanceLine]) -> tuple[FormCount, ...]:
    """How many hits each written form has, most first (equal counts by form)."""
    counts = Counter(line.form for line in found)
    return tuple(FormCount(form, n) for form, n in
                 sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def collocations(engine, found: Iterable[ConcordanceLine], *, span: int = COLLOCATION_SPAN,
                 limit: int = 20) -> tuple[Collocate, ...]:
    """The words within ``span`` tokens of the hits, best log-Dice first, with counts.

    ``together`` counts the hits that have the word in their window (once per hit), the
    hit's own count is the number of lines, and a word's frequency is its stem's
    occurrences in the index (so a word used everywhere scores low). Function words are
    left out.
    """
    together: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = {}
    hits = 0
    for line in found:
        hits += 1
        near = dict(zip(line.left_keys[:span], line.left_words[:span], strict=True))
        near.update(zip(line.right_keys[:span], line.right_words[:span], strict=True))
        for key, word in near.items():
            if key in STOP_WORDS:
                continue
            together[key] += 1
            shown.setdefault(key, Counter())[word] += 1
    if not together:
        return ()
    frequency = _frequencies(engine, together)
    ranked = []
    for key, count in together.items():
        seen = max(frequency.get(key, 0), count)
        ranked.append(Collocate(word=shown[key].most_common(1)[0][0], key=key,
                                together=count, frequency=seen,
                                score=round(log_dice(min(count, hits), hits, seen), 3)))
    ranked.sort(key=lambda c: (-c.score, -c.together, c.word))
    return tuple(ranked[:limit])


def _frequencies(engine, keys: Iterable[str]) -> dict[str, int]:
    """Each stem's occurrences in the index's ``body`` field."""
    searcher, _ = engine.searcher()
    return {key: int(searcher.frequency("body", key)) for key in keys}


def passage_of(engine, line: ConcordanceLine, request) -> Passage | None:
    """The paragraph of a line as a passage to collect: its text whole, every hit of the
    query in it (as the reader marks it), its entity mentions, its citation fields."""
    reading = engine.read(line.article_id, request.text, exact=request.exact,
                          filters=request.filters)
    if reading is None or line.paragraph >= len(reading.view.paragraphs):
        return None
    view = reading.view
    return Passage(
        article_id=view.id, title=view.title, author=view.author, path=view.path,
        paragraph=line.paragraph, start=0, text=view.paragraphs[line.paragraph],
        hits=reading.hits[line.paragraph],
        mentions=tuple(m for m in view.mentions if m.paragraph == line.paragraph),
        source=view.source, date=view.date,
    )
