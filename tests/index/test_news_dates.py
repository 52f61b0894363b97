"""Publication dates in the forms Arab outlets print them (index/news/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from fahras.index.news.dates import first_date, from_metadata, is_date_line


@pytest.mark.parametrize(("text", "expected"), [
    ("التحديث: 10 ديسمبر 2023", "2023-12-10"),
    ("الثلاثاء 2 فبراير 2026", "2026-02-02"),
    ("2025-11-03", "2025-11-03"),
    ("03/11/2025 12:45", "2025-11-03"),
    ("٣ تشرين الثاني/نوفمبر ٢٠٢٥", "2025-11-03"),
    ("5 كانون الثاني 2026", "2026-01-05"),
    ("الأحد 12 أيلول 2024", "2024-09-12"),
    ("17 جويلية 2025", "2025-07-17"),
    ("٢٠ أبريل ٢٠٢٥", "2025-04-20"),
    ("١٤ رمضان ١٤٤٧ هـ", "2026-03-03"),  # Umm al-Qura
    ("الأربعاء 15 شوال 1446 هـ الموافق 14 أبريل 2025 م", "2025-04-14"),  # the Gregorian given
    ("31 فبراير 2025", ""),  # no such day
    ("بحلول 2026", ""),
])
def test_arabic_dates_in_both_month_series_digits_and_hijri(text, expected):
    assert first_date(text) == expected


def test_relative_words_need_a_base_date():
    assert first_date("أمس") == ""
    assert first_date("أمس", base=date(2026, 1, 5)) == "2026-01-04"
    assert first_date("اليوم", base=date(2026, 1, 5)) == "2026-01-05"


@pytest.mark.parametrize(("line", "is_date"), [
    ("التحديث: 10 ديسمبر 2023", True),
    ("نشر في: الأحد، ٣ تشرين الثاني/نوفمبر ٢٠٢٥ - ١٠:٣٠ ص", True),
    ("آخر تحديث: الخميس 12 أيلول 2024 - 09:15 بتوقيت مكة المكرمة", True),
    ("١٤ رمضان ١٤٤٧ هـ", True),
    ("قال في 5 مارس 2024 إن الشركة ستبني مصنعاً", False),
    ("أعلنت الشركة نتائجها للربع الثالث", False),
])
def test_date_lines_are_told_from_sentences_with_dates(line, is_date):
    assert is_date_line(line) is is_date


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-11-09T08:30:00+03:00", "2025-11-09"),
    ("Wed, 14 Jan 2026 09:15:00 +0300", "2026-01-14"),
    ("2 ديسمبر 2025", "2025-12-02"),
    ("غير معروف", ""),
    (None, ""),
])
def test_metadata_dates_become_iso(value, expected):
    assert from_metadata(value) == expected
