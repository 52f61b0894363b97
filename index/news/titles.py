"""The headline: not a section label, the site's or an agency's name, a tagline, a date
or a byline, which saved pages and copied excerpts put above it.

Section labels are matched against a list of the ones Arab outlets use (تكنولوجيا،
تقارير وتغطيات، اقتصاد…) and breadcrumbs («الرئيسية › اقتصاد»); names against a list of
agencies and the article's own source; taglines by their form («موقع … إخباري …»).
"""

from __future__ import annotations

import re

from .dates import fold, is_date_line
from .furniture import key

HEADLINE_MAX_WORDS = 20

_SECTIONS = {key(s) for s in (
    "أخبار", "الأخبار", "آخر الأخبار", "أهم الأخبار", "عاجل", "خبر عاجل", "الرئيسية",
    "اقتصاد", "الاقتصاد", "اقتصاد وأعمال", "مال وأعمال", "المال والأعمال", "أعمال", "شركات",
    "أسواق", "الأسواق", "بورصة", "بورصة وبنوك", "طاقة", "سيارات",
    "تكنولوجيا", "التكنولوجيا", "تقنية", "التقنية", "تقنيات", "علوم وتكنولوجيا",
    "علوم وتقنية", "تكنولوجيا ومعلومات", "اتصالات وتقنية", "اتصالات وتكنولوجيا", "ذكاء اصطناعي",
    "الذكاء الاصطناعي", "تقارير", "تقارير وتغطيات", "تقارير وتحقيقات", "تحقيقات", "تحليلات",
    "تقرير", "متابعات", "تغطيات", "حوارات", "مقالات", "مقالات رأي", "رأي", "آراء", "منوعات",
    "العالم", "عالمي", "دولي", "عربي ودولي", "عرب وعالم", "محليات", "محلي", "سياسة", "رياضة",
    "ثقافة", "صحة", "مجتمع", "فيديو", "صور", "إنفوغرافيك", "خاص", "حصري", "ترجمات",
    "اقتصاد عالمي", "أخبار التقنية", "أخبار الشركات", "هواتف", "ألعاب", "برمجيات",
)}
_AGENCIES = {key(s) for s in (
    "رويترز", "وكالة رويترز", "فرانس برس", "وكالة فرانس برس", "أ ف ب", "أ.ف.ب", "الأناضول",
    "وكالة الأناضول", "أسوشيتد برس", "د ب أ", "وكالات", "وكالة أنباء الإمارات", "وام",
    "وكالة الأنباء السعودية", "واس", "وكالة الأنباء القطرية", "قنا", "كونا", "سبوتنيك",
    "شينخوا", "سكاي نيوز عربية", "العربية", "العربية.نت", "الجزيرة", "الجزيرة نت", "بي بي سي",
    "BBC عربي", "CNN بالعربية", "الشرق", "الشرق للأخبار", "بلومبرغ الشرق", "العربي الجديد",
    "اليوم السابع", "المصري اليوم", "الشرق الأوسط", "الخليج", "البيان", "الاتحاد",
    "الإمارات اليوم", "الرياض", "عكاظ", "الأهرام", "النهار", "الأخبار", "الوطن",
)}
_BREADCRUMB = re.compile(r"^(?:الرئيسيه|Home)\s*[›»>/|\\-]")
_TAGLINE = re.compile(
    r"^(?:موقع|بوابه|صحيفه|جريده|مجله|شبكه|منصه)\s+\S+(?:\s+\S+){0,8}$|"
    r"(?:علي\s+مدار\s+(?:الساعه|اليوم)|اخبار\s+العالم\s+بين\s+يديك|كل\s+جديد)")
_SEPARATORS = re.compile(r"\s+[|\-–—:]\s+")


def is_label(line: str, source: str = "") -> bool:
    """True for a line that names a section, a site, an agency, or is a tagline."""
    if len(line) > 120:
        return False
    folded = key(line).rstrip(" :.")
    if not folded:
        return True
    if folded in _SECTIONS or folded in _AGENCIES or (source and folded == key(source)):
        return True
    return bool(_BREADCRUMB.match(folded) or _TAGLINE.search(folded))


def is_headline(line: str) -> bool:
    """A line short enough for a headline that does not end like running text."""
    words = line.split()
    return 0 < len(words) <= HEADLINE_MAX_WORDS and not line.rstrip().endswith((".", "،", ":", "؛"))


def clean_title(title: str, source: str = "") -> str:
    """A page title without its site or section part: «إنفيديا تتقدم | الشرق» → «إنفيديا تتقدم»."""
    title = " ".join(title.split())
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    kept = [p for p in parts if not is_label(p, source)]
    # Keep the longest part when the others are not all labels: a dash inside a headline.
    if len(kept) == 1:
        return kept[0]
    return title if len(kept) == len(parts) else " - ".join(kept)


def repeats_title(paragraph: str, title: str) -> bool:
    """True for a paragraph that only repeats the headline."""
    if abs(len(paragraph) - len(title)) > 3:
        return False
    a, b = key(paragraph).rstrip(" .!؟?"), key(title).rstrip(" .!؟?")
    return bool(a) and a == b


def is_not_headline(line: str, source: str = "") -> bool:
    """A line above the headline: a label, a date line."""
    return is_label(line, source) or is_date_line(line) or len(fold(line).split()) == 0
