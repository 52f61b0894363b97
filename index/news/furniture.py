"""Page furniture: lines that belong to the page, not the article.

Two kinds. Known phrases (share and comment lines, «اقرأ أيضاً», ads, paywall notices,
short links, «أنت الآن تتابع…» openers, English navigation left-overs) are listed here.
Everything else is learned from the corpus: a short line that recurs in several articles
of one source (an outlet's footer, a bank promo) or in many articles of the corpus is
furniture. A line found in one article only is never removed, and an article never
loses more than half of its paragraphs to learned lines (that is a republished story,
not furniture: syndication.py groups those).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .dates import fold

_KNOWN = (
    # share, comment and follow lines
    r"شاركها|شارك(?:ها)?\s+(?:الخبر|المقال|هذا\s+(?:الخبر|المقال))?|مشاركه|مشاركه\s+الخبر",
    r"اترك\s+تعليقا?|اضف\s+تعليق(?:ك|ا)?|التعليقات|لا\s+توجد\s+تعليقات|اكتب\s+تعليقك",
    r"شاركنا\s+برايك(?:\s+في\s+التعليقات)?|ما\s+رايك\s*\??",
    r"(?:فيسبوك|تويتر|اكس|واتساب|واتس\s+اب|تيليجرام|تلجرام|تلغرام|لينكد\s*ان|انستغرام|انستجرام"
    r"|Facebook|Twitter|X|WhatsApp|Telegram|LinkedIn|Email|Pinterest)"
    r"(?:[\s,،|/·•-]+(?:فيسبوك|تويتر|اكس|واتساب|واتس\s+اب|تيليجرام|تلجرام|تلغرام|لينكد\s*ان"
    r"|انستغرام|انستجرام|Facebook|Twitter|X|WhatsApp|Telegram|LinkedIn|Email|Pinterest))*",
    r"(?:تابعونا|تابعنا|تابعوا)(?:\s+(?:علي|عبر).{0,60})?",
    r"(?:لمتابعه|تابع)\s+(?:اخر|احدث|اهم)\s+الاخبار.{0,80}",
    r"(?:انت|انتم)\s+(?:الان\s+)?(?:تتابع|تتابعون)(?:\s+الان)?.{0,120}",
    r"(?:حمل|حملوا|نزل)\s+تطبيق.{0,80}|اشترك\s+في\s+(?:قناتنا|نشرتنا).{0,80}",
    # related links
    r"(?:اقرا|طالع|شاهد)\s+(?:ايضا|المزيد|كذلك)\s*[:：]?.{0,160}",
    r"(?:اخبار|مواضيع|مقالات|موضوعات)\s+(?:ذات\s+صله|متعلقه|مشابهه)\s*:?",
    r"(?:قد\s+يعجبك|قد\s+يهمك)(?:\s+ايضا)?\s*:?|المزيد\s+من\s+(?:الاخبار|المقالات)\s*:?",
    r"(?:الكلمات\s+المفتاحيه|كلمات\s+مفتاحيه|الوسوم|وسوم)\s*:?.{0,160}",
    r"(?:المقال|الخبر|الموضوع)\s+(?:السابق|التالي)\s*:?.{0,160}",
    # ads and paywalls
    r"احصل\s+علي\s+(?:بطاقه|تمويل|قرض|عرض).{0,120}",
    r"اعلان|مساحه\s+اعلانيه|محتوي\s+(?:مدفوع|برعايه|اعلاني)|برعايه.{0,40}|Sponsored",
    r"(?:هذا\s+)?(?:المحتوي|المقال|الخبر)\s+(?:متاح|حصري)\s+(?:للمشتركين|لمشتركي).{0,80}",
    r"(?:اشترك|سجل\s+الدخول|سجل\s+دخولك)\s+(?:الان\s+)?(?:لمتابعه|لقراءه|لاكمال|للاطلاع).{0,80}",
    r"لقراءه\s+(?:المقال|الخبر|المزيد)\s+(?:كاملا|كاملا?|بالكامل).{0,60}",
    # links, print, font size
    r"(?:ال)?رابط\s+(?:ال)?مختصر\s*:?.{0,120}|(?:انسخ|نسخ)\s+الرابط|تم\s+نسخ\s+الرابط",
    r"https?://\S+|www\.\S+",
    r"طباعه|ارسل\s+(?:لصديق|الي\s+صديق)|حجم\s+الخط|تكبير\s+الخط|تصغير\s+الخط|A\+?\s*A-?",
    r"(?:جميع\s+)?الحقوق\s+محفوظه.{0,80}|©.{0,80}|حقوق\s+النشر.{0,80}",
    r"(?:مصدر\s+الصوره|صوره\s+ارشيفيه|الصوره\s+من)\s*:?.{0,80}",
    r"[0-9]+\s*(?:د|دقيقه|دقائق|min)(?:\s*(?:للقراءه|قراءه|read))?",
    r"شاهد\s+النسخه\s+الاصليه|قد\s+تحتوي\s+هذه\s+الصفحه\s+علي\s+محتوي\s+من\s+جهات\s+خارجيه.*",
    # English navigation left-overs
    r"(?i:exit\s+mobile\s+version|advertisement|typography|font\s+size|share(?:\s+this)?|tweet"
    r"|print|email|read\s+more|skip\s+to\s+(?:main\s+)?content|menu|search|home|related(?:\s+posts)?"
    r"|previous\s+(?:article|post)|next\s+(?:article|post)|copy\s+link|leave\s+a\s+comment"
    r"|sign\s+in|subscribe|close|toggle\s+navigation|scroll\s+to\s+top|back\s+to\s+top"
    r"|reading\s+time.{0,20}|\d+\s+comments?|no\s+comments?|comments?)",
)


def _tolerant(pattern: str) -> str:
    """A pattern written in folded letters that also matches the unfolded ones (folding
    every line first cost more than reading it)."""
    for letter, forms in (("ا", "[اأإآ]"), ("ه", "[هة]"), ("ي", "[يى]"), ("0-9", "0-9٠-٩")):
        pattern = pattern.replace(letter, forms)
    return pattern.replace("[[", "[").replace("]]", "]")


KNOWN = re.compile(_tolerant(r"^\s*(?:" + "|".join(_KNOWN) + r")[\s\u064b-\u0652]*[.:：!]?\s*$"))
#: «اقرأ أيضاً:» alone on a line: the next line is the linked headline.
_READ_ALSO = re.compile(_tolerant(r"^\s*(?:اقرا|طالع|شاهد)\s+(?:ايضا|المزيد|كذلك)[\s\u064b-\u0652]*[:：]?\s*$"))

#: A learned line is short: furniture, not a paragraph.
LEARNED_MAX_WORDS = 15
#: In how many articles of one source a line must recur to be that source's furniture.
SOURCE_MIN_ARTICLES = 3
#: … and in how many articles of the corpus, whatever their source.
CORPUS_MIN_ARTICLES = 8


def key(line: str) -> str:
    """The form lines are compared in: folded letters and digits, single spaces."""
    return " ".join(fold(line).split())


#: Known furniture is never longer (the patterns are bounded); longer lines skip folding.
KNOWN_MAX_CHARS = 240


def is_known(line: str) -> bool:
    """True for a line of known page furniture (share bars, «اقرأ أيضاً: …», ads…)."""
    return len(line) <= KNOWN_MAX_CHARS and bool(KNOWN.match(line))


def strip_known(lines: list[str]) -> tuple[list[str], list[str]]:
    """Lines without known furniture, and the lines removed (in order)."""
    kept, removed = [], []
    skip_next = False
    for line in lines:
        if skip_next and len(line.split()) <= 20 and not line.rstrip().endswith("."):
            removed.append(line)
            skip_next = False
            continue
        skip_next = False
        if len(line) <= KNOWN_MAX_CHARS and KNOWN.match(line):
            removed.append(line)
            skip_next = bool(_READ_ALSO.match(line))
        else:
            kept.append(line)
    return kept, removed


def _candidate(line: str) -> bool:
    return len(line.split()) <= LEARNED_MAX_WORDS


def line_keys(lines: Iterable[str]) -> set[str]:
    """The keys of an article's lines that may be learned as furniture (short ones)."""
    return {key(line) for line in lines if _candidate(line)}


@dataclass
class LearnedFurniture:
    """Counts of short lines per source and in the whole corpus; what recurs is furniture."""

    by_source: dict[str, Counter] = field(default_factory=dict)
    articles_by_source: Counter = field(default_factory=Counter)
    corpus: Counter = field(default_factory=Counter)

    def count(self, source: str, lines: Iterable[str]) -> None:
        """Count one article's lines (each distinct line once)."""
        self.count_keys(source, line_keys(lines))

    def count_keys(self, source: str, keys: set[str]) -> None:
        """Count one article's ``line_keys`` (computed where the article was read)."""
        self.articles_by_source[source] += 1
        self.corpus.update(keys)
        if source:
            self.by_source.setdefault(source, Counter()).update(keys)

    def is_furniture(self, source: str, line: str) -> bool:
        """True when ``line`` recurs across enough articles of its source or the corpus."""
        if not _candidate(line):
            return False
        folded = key(line)
        if self.corpus[folded] >= CORPUS_MIN_ARTICLES:
            return True
        return bool(source) and self.by_source.get(source, Counter())[folded] >= SOURCE_MIN_ARTICLES

    def strip(self, source: str, lines: list[str]) -> tuple[list[str], list[str]]:
        """Lines without learned furniture, and those removed; an article keeps at least
        half of its lines."""
        removed = [line for line in lines if self.is_furniture(source, line)]
        if not removed or len(removed) * 2 > len(lines):
            return lines, []
        dropped = set(removed)
        return [line for line in lines if line not in dropped], removed
