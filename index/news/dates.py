"""Publication dates: from page metadata, then from the date lines Arab outlets print.

Arab outlets write dates in two Gregorian month series (Levantine كانون الثاني… and
Egyptian/Gulf يناير…, often both: «شباط/فبراير»), the Maghreb's (جانفي، أفريل، جويلية),
Arabic-Indic or Western digits, Hijri dates marked «هـ», and labels such as «التحديث:»,
«نشر في» and a weekday. dateparser was measured on these forms and not taken: it reads
«١٤ رمضان ١٤٤٧ هـ» as a Gregorian date in the wrong century, misses «كانون الثاني», and
takes 2–5 ms a call (this module: ~20 µs a line), so the forms are matched here and
Hijri dates are converted with hijridate (Umm al-Qura). Relative words (أمس، اليوم) are
resolved only against a known base date.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

_FOLD = str.maketrans({
    **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
    **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None,
    **{chr(c): None for c in range(0x064B, 0x0653)}, "\u0670": None,
    "\u200f": None, "\u200e": None, "\u061c": None,
})


_FOLDED = {chr(k): v or "" for k, v in _FOLD.items()}
# str.translate looks every character up (20 µs a line); most Arabic letters stay as they
# are, so only the few that change are found and replaced.
_CHANGES = re.compile("[" + "".join(_FOLDED) + "]")
_HAS_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")


_SAME_LENGTH = {c: v or c for c, v in _FOLDED.items()}


def fold(text: str, *, same_length: bool = False) -> str:
    """Digits to ASCII, alef forms to ا, ى to ي, ة to ه; harakat and tatweel removed
    (kept with ``same_length``, so that offsets into the result fit the original)."""
    table = _SAME_LENGTH if same_length else _FOLDED
    return _CHANGES.sub(lambda m: table[m.group()], text)


_GREGORIAN = {
    # Egyptian/Gulf and Maghreb names, then the Levantine (Syriac) series.
    "يناير": 1, "جانفي": 1, "كانون الثاني": 1,
    "فبراير": 2, "فيفري": 2, "شباط": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "افريل": 4, "نيسان": 4,
    "مايو": 5, "ماي": 5, "ايار": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6, "حزيران": 6,
    "يوليو": 7, "يوليه": 7, "جويليه": 7, "يوليوز": 7, "تموز": 7,
    "اغسطس": 8, "اوت": 8, "غشت": 8, "اب": 8,
    "سبتمبر": 9, "شتنبر": 9, "ايلول": 9,
    "اكتوبر": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "نونبر": 11, "تشرين الثاني": 11,
    "ديسمبر": 12, "دجنبر": 12, "كانون الاول": 12,
}
_HIJRI = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الاخر": 4, "ربيع الثاني": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي الاخره": 6, "جمادي الثانيه": 6,
    "جمادي الاخر": 6, "جمادي الثاني": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}
WEEKDAYS = ("الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت")


def _alternation(names) -> str:
    return "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))


_MONTH = _alternation(_GREGORIAN)
# «شباط/فبراير» and «شباط (فبراير)»: two names of one month.
_MONTHS = rf"(?P<month>{_MONTH})(?:\s*[/(\-]\s*(?:{_MONTH})\s*\)?)?"
_SEP = r"[\s,،.]*"
_TEXT_DATE = re.compile(
    rf"(?<!\d)(?P<day>[0-3]?\d){_SEP}(?:من\s+)?{_MONTHS}{_SEP}(?:(?:عام|سنه)\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"
    rf"(?:\s*(?:م|ميلادي(?:ه)?)(?![\w]))?"
)
_MONTH_FIRST = re.compile(  # «فبراير 2, 2026»: the English order, in translated copy.
    rf"{_MONTHS}\s+(?P<day>[0-3]?\d)\s*[,،]\s*(?P<year>(?:19|20)\d\d)(?!\d)")
_HIJRI_DATE = re.compile(
    rf"(?<!\d)(?P<day>[0-3]?\d)\s*(?P<month>{_alternation(_HIJRI)}){_SEP}(?P<year>1[34]\d\d)"
    r"\s*(?:ه(?:ـ)?|هجري(?:ه)?)(?![\w])")
_ISO = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)")
_DMY = re.compile(r"(?<!\d)(?P<day>[0-3]?\d)[-/.](?P<month>[01]?\d)[-/.](?P<year>(?:19|20)\d\d)(?!\d)")
_RELATIVE = {"اول امس": -2, "امس": -1, "البارحه": -1, "اليوم": 0}
_RELATIVE_WORD = re.compile(rf"(?<![\w])(?P<word>{_alternation(_RELATIVE)})(?![\w])")

#: What may stand beside a date on a line that only dates the article.
_DATE_LINE_WORDS = re.compile(
    r"(?<![\w])(?:اخر\s+)?(?:تحديث|التحديث|تم\s+التحديث|محدث|نشر|النشر|تاريخ\s+النشر|تاريخ"
    r"|نشر\s+في|نشرت?\s+في|بتاريخ|في|يوم|الساعه|منذ|صباحا|مساء|مساءا|ص|م|توقيت|بتوقيت"
    r"|الموافق|مكه(?:\s+المكرمه)?|القاهره|غرينتش|جرينتش|GMT|UTC|AM|PM|am|pm|Updated|Published|on|at"
    r"|التوقيت\s+المحلي|" + "|".join(WEEKDAYS) + r"|[\d:]+)(?![\w])")
_LEFTOVER = re.compile(r"[\s\-–—|/:·•,،.()\[\]+]+")


def iso(value: date) -> str:
    """``YYYY-MM-DD``."""
    return value.strftime("%Y-%m-%d")


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _hijri(year: int, month: int, day: int) -> date | None:
    from hijridate import Hijri

    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """Every date written in ``text``: (start, end, date), offsets into ``fold(text)``."""
    folded = fold(text)
    found: list[tuple[int, int, date]] = []
    for pattern in (_HIJRI_DATE, _TEXT_DATE, _MONTH_FIRST, _ISO, _DMY):
        for match in pattern.finditer(folded):
            if any(s < match.end() and match.start() < e for s, e, _ in found):
                continue
            value = _from_match(pattern, match)
            if value is not None:
                found.append((match.start(), match.end(), value))
    return sorted(found)


def _from_match(pattern: re.Pattern, match: re.Match) -> date | None:
    day, year = int(match["day"]), int(match["year"])
    if pattern is _HIJRI_DATE:
        return _hijri(year, _HIJRI[match["month"]], day)
    month = match["month"]
    number = _GREGORIAN[month] if month in _GREGORIAN else int(month)
    return _make(year, number, day)


def first_date(text: str, base: date | None = None) -> str:
    """The first date in ``text`` as ``YYYY-MM-DD``, or "". A relative word (أمس, اليوم)
    counts only when a ``base`` date is known."""
    found = find_dates(text)
    if found:
        # «15 شوال 1446 هـ الموافق 14 أبريل 2025 م»: the Gregorian date the outlet gives.
        gregorian = [value for start, end, value in found
                     if not _HIJRI_DATE.fullmatch(fold(text)[start:end])]
        return iso((gregorian or [found[0][2]])[0])
    if base is not None and (match := _RELATIVE_WORD.search(fold(text))):
        return iso(base + timedelta(days=_RELATIVE[match["word"]]))
    return ""


def is_date_line(line: str) -> bool:
    """True for a line that only dates the article: «التحديث: 10 ديسمبر 2023»,
    «الثلاثاء 2 فبراير 2026 - 10:30 ص», «١٤ رمضان ١٤٤٧ هـ»."""
    if len(line) > 120 or not _HAS_DIGIT.search(line):
        return False
    found = find_dates(line)
    if not found:
        return False
    folded = fold(line)
    rest = "".join(folded[last:start] for last, start in
                   zip([0, *(e for _, e, _ in found)], [*(s for s, _, _ in found), len(folded)]))
    rest = _DATE_LINE_WORDS.sub(" ", rest)
    return not _LEFTOVER.sub("", rest)


def from_metadata(value: object) -> str:
    """A date from page or feed metadata (ISO 8601, RFC 822, a datetime or a
    ``time.struct_time``) as ``YYYY-MM-DD``, or "" when it cannot be read."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime | date):
        return iso(value)
    if isinstance(value, time.struct_time):
        return _iso_or_empty(value.tm_year, value.tm_mon, value.tm_mday)
    text = str(value).strip()
    if match := _ISO.match(fold(text)):
        return _iso_or_empty(int(match["year"]), int(match["month"]), int(match["day"]))
    try:
        return iso(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return first_date(text)


def _iso_or_empty(year: int, month: int, day: int) -> str:
    value = _make(year, month, day)
    return iso(value) if value else ""
