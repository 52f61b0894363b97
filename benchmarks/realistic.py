"""A realistic Arabic news corpus for the benchmark: a vocabulary that grows like real news.

``benchmarks/corpus.py`` recombines the seeds' paragraphs: about 7,600 distinct words
however many articles, while real Arabic news has hundreds of thousands at 100,000
articles (clitics, inflections, transliterated names). The term dictionary, prefix
completion, the analyser's memos and the index size all depend on that, so this
generator writes text whose vocabulary keeps growing, from word lists it makes itself:

- **generated words**: 4,200 triliteral roots (consonant triples drawn from 26 letters)
  each take 3 to 9 of 22 derivation patterns (فاعل مفعول تفعيل استفعال …), about 25,000
  lemmas drawn with Zipfian frequencies (exponent 1.3); each occurrence takes a clitic
  prefix (و ف ب ك ل ال وال بال لل فال …, bare half the time) and an inflection suffix
  (ة ات ون ين ان تين ي ية يين ه ها هم هما نا كم, bare half the time);
- **news words** written for the job (الذكاء الاصطناعي، أشباه الموصلات، رقائق الذاكرة،
  استثمارات …), with clitic variants, so that the benchmark's queries find what they
  find in real news; and **function words** (في من على أن …), about a third of tokens,
  as in real text;
- **transliterated names**: 400,000 names made of 2 to 4 syllables in Arabic script, drawn
  with a Zipfian law of exponent 1.15 (most of them rare), each with spelling variants
  (ي/ى, ك/ق, تش/ش, a long vowel dropped) and و in front 15% of the time, as news spells
  foreign names;
- **catalogue entities** (``index/catalogue.py``), 2 to 6 per article in any of their
  spellings (Arabic ones 85% of the time), Zipfian with the ones news names most first
  (``PROMINENT``: the United States, China, Nvidia, TSMC, …), so filters and facets
  work; numbers, years, figures;
- **titles**, **dates** spread over 2014–2026, **12 sources**, and **syndicated copies**:
  8% of articles repeat one of the last 300 with another source, another title and a few
  words changed (index/news/syndication.py groups them).

**Calibration** (``python benchmarks/realistic.py --vocabulary 100000`` counts without
writing): the share of each kind of token and the Zipf exponents were set so that the
distinct surface forms (whitespace-separated words without punctuation) follow Heaps'
law V = K·n^β with β in 0.6–0.7 over words n, and pass 500,000 at 100,000 articles:
measured, 29,748 forms at 1,000 articles, 146,756 at 10,000 and 643,797 at 100,000 (22.3
million words, 223 an article), β = 0.656 fitted every 1,000 articles (``CALIBRATION``).
Drawing each kind of word alone for 50,000 articles' worth showed where the forms come
from: lemma forms 412,000, names 78,000. The benchmark prints the count and fit for the
corpus it writes.

Deterministic (one seed gives the same corpus) and streaming: articles are written as
they are made, 10 to a JSON Lines file (``source``, ``date``, ``title``, ``text`` as
paragraphs); only the last 300 articles (for copies) and, for the first 100,000
articles, the set of distinct forms are kept. Draws are made per article with numpy: 0.65
ms of CPU an article, writing included, so a million take about 11 minutes.

    python benchmarks/realistic.py 10000 /tmp/realistic10k
    python benchmarks/realistic.py --vocabulary 100000
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fahras.index.catalogue import load_catalogue

#: Measured with ``--vocabulary 100000`` (seed 7): articles → distinct forms (22,279,087
#: words at 100,000); Heaps' law fitted every 1,000 articles: V = 9.9·n^0.656.
CALIBRATION = {1_000: 29_748, 10_000: 146_756, 100_000: 643_797}

ARTICLES_PER_FILE = 10
#: Distinct forms are counted over this many articles at most (a set of strings).
VOCABULARY_ARTICLES = 100_000
#: Heaps' law is fitted on counts taken every this many articles.
CHECKPOINT = 1_000
SYNDICATED_SHARE = 0.08
RECENT_ARTICLES = 300
FIRST_DAY = np.datetime64("2014-01-01")
DAYS = 13 * 365

ROOT_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهي"
ROOTS = 4_200
LEMMA_ZIPF = 1.3
NAMES = 400_000
NAME_ZIPF = 1.15
NEWS_ZIPF = 0.9

# Derivation patterns: 1, 2, 3 stand for the root's consonants.
PATTERNS = ("123", "1ا23", "م12و3", "12ي3", "12ا3", "ت12ي3", "م1ا23", "است12ا3", "ا1ت2ا3",
            "ان12ا3", "ت1ا23", "م123", "م1ت23", "مست123", "ي123", "ت123", "ن123", "1و2ا3",
            "م12ا3", "ت12ّ3", "1ا2و3", "ا12ا3")
# Clitic prefixes and inflection suffixes with their shares (bare forms most often).
PREFIXES = (("", 50), ("ال", 22), ("و", 5), ("وال", 6), ("بال", 5), ("ل", 2), ("لل", 3),
            ("ب", 2), ("ف", 1), ("فال", 1), ("كال", 1), ("ك", 1), ("وب", 1), ("ول", 1))
SUFFIXES = (("", 48), ("ة", 12), ("ات", 8), ("ين", 4), ("ون", 3), ("ان", 2), ("تين", 1),
            ("تان", 1), ("ي", 3), ("ية", 5), ("يين", 1), ("ه", 3), ("ها", 3), ("هم", 2),
            ("هما", 1), ("نا", 1), ("كم", 1))
NAME_CONSONANTS = "بتجدرزسشفكلمنهيغقخ"
NAME_VOWELS = ("ا", "و", "ي", "", "", "")

FUNCTION_WORDS = (
    "في", "من", "على", "إلى", "عن", "أن", "إن", "مع", "التي", "الذي", "هذا", "هذه", "كما",
    "قد", "لا", "ما", "بين", "بعد", "قبل", "خلال", "حيث", "وقد", "كان", "كانت", "عند",
    "منذ", "حتى", "أو", "ثم", "وفي", "ومن", "إذ", "لكن", "أي", "غير", "نحو", "ضمن", "وفق")
# Words of the chip and AI trade, written for this benchmark (the queries need them).
NEWS_WORDS = (
    "الذكاء الاصطناعي", "أشباه الموصلات", "رقائق الذاكرة", "الرقائق المتطورة", "الرقائق",
    "رقائق", "الذاكرة", "شركة", "الشركة", "الشركات", "لشركة", "أعلنت", "أعلن", "قال",
    "أكد", "أضاف", "أوضح", "الحكومة", "السوق", "الأسواق", "استثمار", "استثمارات",
    "الاستثمار", "الاستثمارات", "واستثمارات", "استثنائي", "مصنع", "مصانع", "إنتاج",
    "الإنتاج", "تصنيع", "التصنيع", "معالجات", "المعالجات", "شرائح", "الشرائح", "تقنية",
    "التقنية", "التكنولوجيا", "مراكز البيانات", "البيانات", "الحوسبة", "السحابية",
    "نموذج", "النماذج", "اللغوية", "الطلب", "العرض", "الأسعار", "المبيعات", "الإيرادات",
    "الأرباح", "الربع", "العام", "الماضي", "المقبل", "مليار", "مليون", "دولار",
    "تريليون", "الصادرات", "القيود", "العقوبات", "التجارة", "الرسوم", "الجمركية",
    "المتطورة", "المتقدمة", "المتطور", "الجديدة", "الجديد", "العالمية", "العالم",
    "الولايات", "المتحدة", "الصين", "المنافسة", "سلاسل", "الإمداد", "الطاقة", "الشبكة",
    "التنفيذي", "الرئيس", "المدير", "وزير", "وزارة", "الاقتصاد", "التجارية", "الخطة",
    "المشروع", "المشاريع", "اتفاقية", "صفقة", "الصفقة", "شراكة", "الشراكة", "تطوير",
    "التطوير", "الأبحاث", "المهندسين", "الموظفين", "العمال", "الأمن", "السيبراني",
    "الهواتف", "الذكية", "الحواسيب", "الخوادم", "النانومتر", "الجيل", "التالي",
    "المستثمرين", "البورصة", "الأسهم", "سهم", "ارتفاع", "انخفاض", "نمو", "تراجع")
SOURCES = ("الأفق اليوم", "مدار نيوز", "البوابة التقنية", "صدى الاقتصاد", "الشرق الرقمي",
           "نبض السوق", "المرصد", "آفاق عربية", "الخبر الأول", "وكالة الأنباء المستقلة",
           "تقنية بلا حدود", "الاقتصادي")
# The entities news names most, first in the Zipfian order; the rest follow the catalogue.
PROMINENT = ("united-states", "china", "nvidia", "tsmc", "openai", "taiwan", "intel",
             "samsung", "donald-trump", "huawei", "microsoft", "google", "jensen-huang",
             "sam-altman", "uae", "saudi-arabia", "apple", "sk-hynix", "amd", "japan")
# Shares of a body's tokens by kind; entities are added on top (2 to 6 per article).
KINDS = ("function", "news", "lemma", "name", "number")
KIND_SHARES = (0.34, 0.16, 0.43, 0.045, 0.025)


def _zipf_cdf(count: int, exponent: float, offset: float = 2.7) -> np.ndarray:
    """Cumulative probabilities of ranks 0..count-1 under a Zipf–Mandelbrot law."""
    weights = 1.0 / np.power(np.arange(count) + offset, exponent)
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def _shares_cdf(pairs) -> tuple[tuple[str, ...], np.ndarray]:
    values = tuple(v for v, _ in pairs)
    weights = np.array([w for _, w in pairs], dtype=float)
    return values, np.cumsum(weights) / weights.sum()


def _lemmas(rng: np.random.Generator) -> list[str]:
    """Lemmas derived from generated roots, in a shuffled (frequency) order."""
    letters = list(ROOT_LETTERS)
    seen: set[str] = set()
    lemmas: list[str] = []
    while len(seen) < ROOTS:
        a, b, c = (letters[i] for i in rng.integers(0, len(letters), 3))
        if a == b or b == c or a + b + c in seen:
            continue
        seen.add(a + b + c)
        for p in rng.choice(len(PATTERNS), int(rng.integers(3, 10)), replace=False):
            lemmas.append(PATTERNS[p].replace("1", a).replace("2", b).replace("3", c))
    lemmas = list(dict.fromkeys(lemmas))
    rng.shuffle(lemmas)
    return lemmas


def _names(rng: np.random.Generator, count: int) -> list[tuple[str, ...]]:
    """Transliterated names, each with its spelling variants (the first is the usual)."""
    draws = count * 2
    syllables = rng.integers(2, 5, draws)
    consonants = rng.integers(0, len(NAME_CONSONANTS), (draws, 4))
    vowels = rng.integers(0, len(NAME_VOWELS), (draws, 4))
    names: dict[str, tuple[str, ...]] = {}
    for n, c_row, v_row in zip(syllables.tolist(), consonants.tolist(), vowels.tolist()):
        name = "".join(NAME_CONSONANTS[c] + NAME_VOWELS[v]
                       for c, v in zip(c_row[:n], v_row[:n]))
        if len(name) >= 4 and name not in names:
            names[name] = tuple(dict.fromkeys(_variants(name)))
            if len(names) == count:
                break
    return list(names.values())


def _variants(name: str) -> list[str]:
    """How news spells one foreign name several ways."""
    out = [name]
    if name.endswith("ي"):
        out.append(name[:-1] + "ى")
    if "ك" in name:
        out.append(name.replace("ك", "ق", 1))
    if "ش" in name:
        out.append(name.replace("ش", "تش", 1))
    if "ا" in name[1:-1]:
        out.append(name[0] + name[1:-1].replace("ا", "", 1) + name[-1])
    return out


@dataclass
class Vocabulary:
    """Distinct surface forms counted while generating, with Heaps' law fitted on them."""

    limit: int = VOCABULARY_ARTICLES
    forms: set[str] = field(default_factory=set)
    tokens: int = 0
    articles: int = 0
    checkpoints: list[tuple[int, int, int]] = field(default_factory=list)

    def count(self, record: dict) -> None:
        """Count one article's words: title and paragraphs, split at spaces, without
        punctuation."""
        if self.articles >= self.limit:
            return
        self.articles += 1
        # punctuation ends a word (a decimal point does not)
        text = " ".join([record["title"], *record["text"], ""])
        words = text.replace("، ", " ").replace(". ", " ").split()
        self.tokens += len(words)
        self.forms.update(words)
        if self.articles % CHECKPOINT == 0:
            self.checkpoints.append((self.articles, self.tokens, len(self.forms)))

    def heaps(self) -> tuple[float, float]:
        """(K, β) of V = K·n^β, least squares on the checkpoints' logarithms."""
        points = [(t, v) for _, t, v in self.checkpoints if t]
        if len(points) < 2:
            return float("nan"), float("nan")
        x = np.log([t for t, _ in points])
        y = np.log([v for _, v in points])
        beta, log_k = np.polyfit(x, y, 1)
        return math.exp(log_k), float(beta)

    def summary(self) -> str:
        """One line: distinct forms, tokens, the fit, and the forms at 1k, 10k, 100k."""
        k, beta = self.heaps()
        marks = ", ".join(f"{v:,} at {a:,}" for a, _, v in self.checkpoints
                          if a in (1_000, 10_000, 100_000))
        return (f"vocabulary: {len(self.forms):,} distinct surface forms in "
                f"{self.tokens:,} words of {self.articles:,} articles ({marks} articles); "
                f"Heaps' law fitted every {CHECKPOINT:,} articles: V = {k:.1f}·n^{beta:.3f}")


class Realistic:
    """Generates articles; one seed, one corpus (``names``: fewer names, for tests)."""

    def __init__(self, seed: int = 7, *, names: int = NAMES) -> None:
        self.rng = np.random.default_rng(seed)
        self.lemmas = np.array(_lemmas(self.rng), dtype=object)
        self.lemma_cdf = _zipf_cdf(len(self.lemmas), LEMMA_ZIPF)
        made = _names(self.rng, names)
        self.name_cdf = _zipf_cdf(len(made), NAME_ZIPF, offset=1.0)
        # every spelling of every name, flat: a name's variants from its start, in a row
        self.spellings = np.array([v for n in made for v in n], dtype=object)
        self.variants = np.array([len(n) for n in made])
        self.name_start = np.concatenate([[0], np.cumsum(self.variants)[:-1]])
        self.news = np.array(NEWS_WORDS, dtype=object)
        self.news_cdf = _zipf_cdf(len(NEWS_WORDS), NEWS_ZIPF)
        self.function = np.array(FUNCTION_WORDS, dtype=object)
        prefixes, self.prefix_cdf = _shares_cdf(PREFIXES)
        suffixes, self.suffix_cdf = _shares_cdf(SUFFIXES)
        self.prefixes = np.array(prefixes, dtype=object)
        self.suffixes = np.array(suffixes, dtype=object)
        self.numbers = np.array(_numbers(), dtype=object)
        self.kind_cdf = np.cumsum(KIND_SHARES) / sum(KIND_SHARES)
        catalogue = load_catalogue(use_default_user_file=False)
        kept = [e for e in catalogue if e.kind in ("company", "person", "place", "organisation")]
        kept.sort(key=lambda e: PROMINENT.index(e.id) if e.id in PROMINENT else len(PROMINENT))
        self.entities = [tuple(a for a in e.all_aliases if a) for e in kept]
        self.entity_cdf = _zipf_cdf(len(self.entities), 1.1, offset=1.0)
        self.recent: deque[dict] = deque(maxlen=RECENT_ARTICLES)

    # -- one article ----------------------------------------------------------------------

    def article(self, number: int) -> dict:
        """One JSON Lines record."""
        rng = self.rng
        if self.recent and rng.random() < SYNDICATED_SHARE:
            return self._copy(number)
        lengths = rng.integers(18, 55, int(rng.integers(3, 9))).tolist()
        title_length = int(rng.integers(6, 12))
        words = self._words(sum(lengths) + title_length)
        title = words[:title_length]
        mentions = self._entities()
        title.insert(int(rng.integers(title_length + 1)), mentions[0])
        body = words[title_length:]
        for mention in mentions:
            body.insert(int(rng.integers(len(body) + 1)), mention)
        paragraphs, start = [], 0
        for i, length in enumerate(lengths):
            end = start + length + (len(body) - sum(lengths) if i == len(lengths) - 1 else 0)
            paragraphs.append(self._sentences(body[start:end]))
            start = end
        record = {"id": f"r{number:07d}", "source": SOURCES[rng.integers(len(SOURCES))],
                  "date": str(FIRST_DAY + int(rng.integers(DAYS))),
                  "title": " ".join(title), "text": paragraphs}
        self.recent.append(record)
        return record

    def _copy(self, number: int) -> dict:
        """A syndicated copy: another outlet, another title, about one word in twenty
        changed."""
        rng = self.rng
        original = self.recent[int(rng.integers(len(self.recent)))]
        others = [s for s in SOURCES if s != original["source"]]
        paragraphs = []
        for paragraph in original["text"]:
            words = paragraph.split()
            changed = np.flatnonzero(rng.random(len(words)) < 0.05)
            for i, word in zip(changed.tolist(), self._words(len(changed))):
                words[i] = word
            paragraphs.append(" ".join(words))
        return {"id": f"r{number:07d}", "source": others[rng.integers(len(others))],
                "date": original["date"], "title": " ".join(self._words(int(rng.integers(6, 12)))),
                "text": paragraphs}

    def _entities(self) -> list[str]:
        """This article's entity mentions (2 to 6), each in one of its spellings, mostly
        Arabic."""
        rng = self.rng
        picks = np.searchsorted(self.entity_cdf, rng.random(int(rng.integers(2, 7))))
        out = []
        for p in picks.tolist():
            spellings = self.entities[min(p, len(self.entities) - 1)]
            arabic = [s for s in spellings if not s.isascii()] or list(spellings)
            choice = arabic if rng.random() < 0.85 else spellings
            out.append(choice[rng.integers(len(choice))])
        return out

    def _words(self, count: int) -> list[str]:
        """``count`` words of running text: every kind drawn at once with numpy."""
        rng = self.rng
        kinds = np.searchsorted(self.kind_cdf, rng.random(count))
        draws = rng.random((count, 3))
        words = np.empty(count, dtype=object)
        for kind, make in enumerate((self._function, self._news, self._lemma, self._name,
                                     self._number)):
            where = kinds == kind
            if where.any():
                words[where] = make(draws[where])
        return words.tolist()

    def _function(self, draws: np.ndarray) -> np.ndarray:
        return self.function[(draws[:, 0] * len(self.function)).astype(int)]

    def _news(self, draws: np.ndarray) -> np.ndarray:
        return self.news[np.minimum(np.searchsorted(self.news_cdf, draws[:, 0]),
                                    len(self.news) - 1)]

    def _lemma(self, draws: np.ndarray) -> np.ndarray:
        lemma = np.minimum(np.searchsorted(self.lemma_cdf, draws[:, 0]), len(self.lemmas) - 1)
        return (self.prefixes[np.searchsorted(self.prefix_cdf, draws[:, 1])]
                + self.lemmas[lemma] + self.suffixes[np.searchsorted(self.suffix_cdf, draws[:, 2])])

    def _name(self, draws: np.ndarray) -> np.ndarray:
        name = np.minimum(np.searchsorted(self.name_cdf, draws[:, 0]), len(self.variants) - 1)
        spelt = self.spellings[self.name_start[name]
                               + (draws[:, 2] * self.variants[name]).astype(int)]
        return np.where(draws[:, 1] < 0.15, "و" + spelt, spelt)

    def _number(self, draws: np.ndarray) -> np.ndarray:
        return self.numbers[(draws[:, 0] * len(self.numbers)).astype(int)]

    def _sentences(self, words: list[str]) -> str:
        """Words joined into sentences, with commas, ending with a full stop."""
        marked = np.array(words, dtype=object)
        marks = self.rng.random(len(words))
        marked[marks < 0.06] += "،"
        marked[(marks >= 0.06) & (marks < 0.09)] += "."
        text = " ".join(marked.tolist())
        return text if text.endswith(".") else text.rstrip("،") + "."

    # -- many articles --------------------------------------------------------------------

    def records(self, count: int, vocabulary: Vocabulary | None = None):
        """Yield ``count`` JSON Lines records, counting forms into ``vocabulary``."""
        for number in range(count):
            record = self.article(number)
            if vocabulary is not None:
                vocabulary.count(record)
            yield record


def _numbers() -> list[str]:
    """Years, figures and decimals as news writes them; figures under 100 most often."""
    years = [str(y) for y in range(1990, 2027)]
    figures = [str(n) for n in range(1, 1000)]
    decimals = [f"{a}.{b}" for a in range(1, 100) for b in range(1, 10)]
    return years * 8 + figures + [str(n) for n in range(1, 100)] * 6 + decimals


def write_corpus(count: int, folder: Path, seed: int = 7,
                 vocabulary: Vocabulary | None = None, *, names: int = NAMES) -> Path:
    """Write ``count`` articles as JSON Lines files of ten articles, a hundred files to a
    sub-folder; forms are counted into ``vocabulary`` if given."""
    folder.mkdir(parents=True, exist_ok=True)
    records = Realistic(seed, names=names).records(count, vocabulary)
    for first in range(0, count, ARTICLES_PER_FILE):
        number = first // ARTICLES_PER_FILE
        sub = folder / f"{number // 100:05d}"
        sub.mkdir(exist_ok=True)
        lines = [json.dumps(next(records), ensure_ascii=False)
                 for _ in range(min(ARTICLES_PER_FILE, count - first))]
        (sub / f"news_{number:06d}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--vocabulary", type=int, metavar="N",
                        help="count distinct forms over N articles without writing them")
    args = parser.parse_args()
    vocabulary = Vocabulary()
    began = time.perf_counter()
    if args.vocabulary:
        vocabulary.limit = args.vocabulary
        for _ in Realistic().records(args.vocabulary, vocabulary):
            pass
        count = args.vocabulary
    else:
        folder = args.folder or Path(f"benchmarks/out/realistic-{args.count}")
        print(write_corpus(args.count, folder, vocabulary=vocabulary))
        count = args.count
    print(f"{count:,} articles in {time.perf_counter() - began:.1f} s")
    print(vocabulary.summary())


if __name__ == "__main__":
    main()
