"""Bylines and datelines in the forms Arab outlets print them.

«كتب: فلان», «كتبت - فلانة», «بقلم فلان», «إعداد: فلان», «كتب هذا الموضوع فلان -»,
and the Gulf form «فلان - أبوظبي في الثلاثاء 2 فبراير 2026» (author, place, date in one
line). A wire lead «واشنطن - (رويترز) -» gives the dateline only. Lines are matched on
their folded form (of the same length), so names are cut from the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import WEEKDAYS, first_date, fold

_NAME = r"(?P<name>[^\s\d:：\-–—|،,.()«»\"]+(?:\s+[^\s\d:：\-–—|،,.()«»\"]+){1,3})"
_DASH = r"\s*[\-–—]\s*"
_LABELLED = re.compile(
    r"^\s*(?:كتب(?:ت|ه)?(?:\s+هذا\s+(?:الموضوع|الخبر|المقال|التقرير))?|بقلم|اعداد|تقرير|تحرير"
    r"|متابعه|حوار|ترجمه)\s*[:：\-–—]?\s*" + _NAME
    + r"(?:\s*(?:[\-–—:：]\s*(?P<place>[^\s\d:\-–—|،,.()]+(?:\s+[^\s\d:\-–—|،,.()]+)?)?)?"
      r"\s*(?:[\-–—:：]\s*|$))")
_GULF = re.compile(
    r"^\s*" + _NAME + _DASH + r"(?P<place>[^\s\d\-–—|،,.()]+(?:\s+[^\s\d\-–—|،,.()]+)?)"
    r"\s+في\s+(?:(?:" + "|".join(WEEKDAYS) + r")\s*،?\s*)?(?=[\d])")
_WIRE_LEAD = re.compile(
    r"^\s*(?P<place>[^\s\d\-–—|،,.()«»:]+(?:\s+[^\s\d\-–—|،,.()«»:]+)?)\s*[\-–—]?\s*"
    r"[(«\"]\s*(?:وكالات|رويترز|ا\s*ف\s*ب|فرانس\s+برس|اسوشيتد\s+برس|د\s*ب\s*ا|الاناضول"
    r"|واس|وام|قنا|كونا|بنا|سانا|وفا|واع|العمانيه|بترا|شينخوا|سبوتنيك|CNN|AFP|Reuters|AP"
    r"|[^)»\"]{2,20})\s*[)»\"]\s*[\-–—:：]")
#: Words that start a sentence, not a name: «قال مسؤول - …» is no byline.
_NOT_NAMES = {"قال", "قالت", "اعلن", "اعلنت", "اكد", "اكدت", "في", "من", "علي", "الي", "عن",
              "ان", "هذا", "هذه", "التحديث", "اخر", "نشر", "تاريخ"}


#: A byline is read in the first characters of its line.
BYLINE_CHARS = 160
#: What every byline form has near its start, checked before the line is folded (folding
#: every header line was a fifth of the reading time).
_MAYBE = re.compile(r"^\s*(?:كتب|بقلم|[اإ]عداد|تقرير|تحرير|متابع|حوار|ترجم)|\s[\-–—]\s*\S+(?:\s+\S+)?\s+في\s")


@dataclass(frozen=True)
class Byline:
    """What a byline line gave: author, place, date, and the text after it on the line."""

    author: str = ""
    dateline: str = ""
    date: str = ""
    rest: str = ""


def read_byline(line: str) -> Byline | None:
    """The byline at the start of ``line``, or None.

    >>> read_byline("كتب هذا الموضوع أحمد سمير - القاهرة -").author
    'أحمد سمير'
    """
    if len(line) > 400 or not _MAYBE.search(line[:BYLINE_CHARS]):
        return None
    folded = fold(line[:BYLINE_CHARS], same_length=True)
    match = _LABELLED.match(folded)
    if match and _plausible(match["name"]):
        place = line[match.start("place"):match.end("place")] if match["place"] else ""
        return _byline(line, match, place.strip())
    match = _GULF.match(folded)
    if match and _plausible(match["name"]):
        rest = line[match.end():]
        return Byline(line[match.start("name"):match.end("name")].strip(),
                      line[match.start("place"):match.end("place")].strip(),
                      first_date(rest[:60]), "")
    return None


def _byline(line: str, match: re.Match, place: str) -> Byline:
    rest = line[match.end():].strip()  # offsets in the first BYLINE_CHARS fit the line
    return Byline(line[match.start("name"):match.end("name")].strip(), place,
                  first_date(rest[:60]) if len(rest) < 60 else "", rest)


def _plausible(name: str) -> bool:
    return name.split()[0] not in _NOT_NAMES


def read_dateline(paragraph: str) -> str:
    """The place of a wire lead «واشنطن - (رويترز) - …», or ""."""
    match = _WIRE_LEAD.match(fold(paragraph[:120], same_length=True))
    if not match or match["place"].split()[0] in _NOT_NAMES:
        return ""
    return paragraph[match.start("place"):match.end("place")].strip()
