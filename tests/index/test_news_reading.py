"""Real news read right, on fixtures made like Arab news sites (tests/data/news): titles,
dates, sources, authors, datelines, furniture out of the body and out of search."""

from __future__ import annotations

from pathlib import Path

import pytest

from fahras.index import jsonable
from fahras.index.news.bylines import read_byline, read_dateline
from fahras.index.news.furniture import LearnedFurniture, is_known
from fahras.index.news.paragraphs import rejoin
from fahras.index.news.reading import read_text
from fahras.index.news.titles import clean_title, is_label
from fahras.index.search import Engine, SearchRequest
from fahras.index.store import Store

NEWS = Path(__file__).parent.parent / "data" / "news"

#: id → (title, date, source, author): what a careful editor reads on each fixture.
EXPECTED = {
    "sahat-nvidia": ("إنفيديا تطلب من TSMC مضاعفة إنتاج رقائق بلاكويل", "2025-11-09",
                     "ساحة التقنية", "ليلى الخطيب"),
    "raqmi-tsmc": ("TSMC تبدأ الإنتاج التجريبي في مصنع أريزونا الثاني", "2023-12-10",
                   "رقمي نيوز", ""),
    "khaleej-samsung": ("سامسونج تفتتح مركزاً لأبحاث الرقائق في أبوظبي", "2026-02-02",
                        "الخليج الرقمية", "سارة الحمادي"),
    "sahat-1": ("مايكرون تبدأ بناء مصنع للذاكرة في ولاية نيويورك", "2026-01-14",
                "ساحة التقنية", "عمر الزعبي"),
    "sahat-2": ("هواوي تكشف عن معالج جديد لمراكز البيانات", "2026-01-12", "ساحة التقنية",
                "ريم السعدي"),
    "sahat-3": ("أرامكو الرقمية تبني مركز بيانات في الدمام", "2026-01-10", "ساحة التقنية", ""),
    "hardwrapped-hijri": ("إنتل تعيد هيكلة قسم المسابك وتؤجل مصنع أوهايو", "2026-03-03", "",
                          "نادر الشامي"),
    "label-first": ("أبل تختبر رقائق مودم من تصميمها في هواتف آيفون المقبلة", "2023-12-10", "",
                    "سامر حداد"),
    "levantine": ("كوالكوم تستحوذ على شركة ناشئة لتصميم معالجات الخوادم", "2026-01-04", "", ""),
    "ofuq-hbm": ("سامسونج وإس كيه هاينكس ترفعان أسعار ذاكرة HBM بنسبة 20%", "2025-12-02",
                 "منصة الأفق", ""),
    "madar-hbm": ("ارتفاع أسعار ذاكرة الذكاء الاصطناعي مع تجاوز الطلب للإنتاج", "2025-12-02",
                  "بوابة المدار", "هالة منصور"),
    "nabd-hbm": ("ذاكرة HBM أغلى بعشرين في المئة العام المقبل", "2025-12-02", "نبض التقنية", ""),
    "ofuq-oil": ("شركات الكهرباء الخليجية تستعد لطلب مراكز البيانات", "2025-12-05",
                 "منصة الأفق", ""),
    "madar-fab": ("مصر تطلق برنامجاً لتدريب مهندسي تصميم الرقائق", "2025-12-09",
                  "بوابة المدار", ""),
    "nabd-quantum": ("جامعة خليجية تعلن عن حاسوب كمي تجريبي", "2025-12-14", "نبض التقنية", ""),
}

#: Furniture on the fixtures' pages, known or learned: none of it may be found.
FURNITURE = ["شاركها", "اترك تعليقاً", "شاركنا برأيك في التعليقات", "اقرأ أيضاً",
             "تتابع خبر", "الرابط المختصر", "Exit mobile version", "Advertisement",
             "الكلمات المفتاحية", "بطاقة الريادة الائتمانية", "تقارير وتغطيات",
             "زوروا قسم الأسواق", "بنك الواحة يقدم لعملائه", "العدد الأسبوعي من نشرة نبض"]


@pytest.fixture(scope="module")
def news_store(tmp_path_factory, catalogue) -> Store:
    store = Store(tmp_path_factory.mktemp("news-index"), catalogue)
    report = store.add([NEWS])
    assert not report.skipped
    return store


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_every_title_date_source_and_author_is_right(news_store, article_id):
    view = news_store.article(article_id)
    assert (view.title, view.date, view.source, view.author) == EXPECTED[article_id]


def test_datelines_come_from_bylines_and_wire_leads(news_store):
    assert news_store.article("khaleej-samsung").dateline == "أبوظبي"
    assert news_store.article("ofuq-hbm").dateline == "سيول"
    assert news_store.article("levantine").dateline == "سان دييغو"


@pytest.mark.parametrize("phrase", FURNITURE)
def test_no_furniture_line_is_searchable(news_store, phrase):
    assert Engine(news_store).search(SearchRequest(f'"{phrase}"')).total == 0


def test_show_json_lists_what_was_removed(news_store):
    shown = jsonable.article(news_store.article("madar-fab"))
    assert shown["removed"] == ["بنك الواحة يقدم لعملائه قروضاً شخصية بفائدة ثابتة لمدة خمس سنوات"]
    assert "تقارير وتغطيات" in jsonable.article(news_store.article("raqmi-tsmc"))["removed"]


def test_body_never_repeats_the_headline_nor_keeps_date_or_byline_lines(news_store):
    for article_id in EXPECTED:
        view = news_store.article(article_id)
        assert view.title not in view.paragraphs
        assert not any(p.startswith(("التحديث", "بقلم", "كتب")) for p in view.paragraphs)


def test_hard_wrapped_lines_become_paragraphs(news_store):
    view = news_store.article("hardwrapped-hijri")
    assert len(view.paragraphs) == 3
    assert view.paragraphs[0].endswith("حتى عام 2031.")


def test_rejoin_leaves_a_paragraph_per_line_text_alone():
    text = "عنوان\n" + "\n".join("جملة طويلة " * 20 + str(i) for i in range(4))
    assert rejoin(text) == text


@pytest.mark.parametrize(("line", "author", "dateline"), [
    ("كتب هذا الموضوع أحمد سمير -", "أحمد سمير", ""),
    ("كتب هذا الموضوع أحمد سمير - القاهرة -", "أحمد سمير", "القاهرة"),
    ("سارة الحمادي - أبوظبي في الثلاثاء 2 فبراير 2026", "سارة الحمادي", "أبوظبي"),
    ("بقلم: خالد منصور", "خالد منصور", ""),
    ("بقلم خالد منصور", "خالد منصور", ""),
    ("كتبت: منى عبد الله", "منى عبد الله", ""),
    ("كتب : دينا كمال", "دينا كمال", ""),
])
def test_bylines_in_their_inline_forms(line, author, dateline):
    byline = read_byline(line)
    assert (byline.author, byline.dateline) == (author, dateline)


@pytest.mark.parametrize("line", ["قال مسؤول - في الشركة إن الطلب قوي",
                                  "كتب الرئيس التنفيذي في منشور على إكس أن الطلب قوي",
                                  "أعلنت شركة إنفيديا اليوم عن نتائجها"])
def test_sentences_are_not_bylines(line):
    assert read_byline(line) is None


def test_wire_lead_gives_the_dateline_only():
    assert read_dateline("تايبيه (أ ف ب) - أعلنت الشركة") == "تايبيه"
    assert read_dateline("قالت الشركة - في بيان") == ""


@pytest.mark.parametrize("label", ["تكنولوجيا", "تقارير وتغطيات", "وكالات", "رويترز",
                                   "الرئيسية › اقتصاد", "موقع إخباري مستقل"])
def test_labels_are_not_headlines(label):
    assert is_label(label)
    assert read_text(f"{label}\nإنفيديا تتقدم\nنص الخبر.").title == "إنفيديا تتقدم"


def test_page_titles_lose_their_site_part():
    assert clean_title("إنفيديا تتقدم | ساحة التقنية", "ساحة التقنية") == "إنفيديا تتقدم"
    assert clean_title("رقمي نيوز - TSMC تبدأ", "رقمي نيوز") == "TSMC تبدأ"
    assert clean_title("إنفيديا - أكبر شركة في العالم") == "إنفيديا - أكبر شركة في العالم"


@pytest.mark.parametrize("line", ["شاركها", "اترك تعليقاً", "إقرأ أيضا: خبر آخر", "Typography",
                                  "٣ دقائق للقراءة", "هذا المحتوى متاح للمشتركين فقط",
                                  "الرابط المختصر: https://x.example/s/1"])
def test_known_furniture(line):
    assert is_known(line)


def test_a_line_of_one_article_is_never_learned_and_an_article_keeps_half():
    learned = LearnedFurniture()
    footer, once = "تابعوا نشرتنا الأسبوعية كل خميس", "جملة قصيرة في مقال واحد فقط"
    for n in range(3):
        learned.count("مصدر", [f"فقرة رقم {n}.", footer])
    learned.count("مصدر", [once, footer])
    assert learned.is_furniture("مصدر", footer)
    assert not learned.is_furniture("مصدر", once)
    assert learned.strip("مصدر", ["فقرة.", footer]) == (["فقرة."], [footer])
    assert learned.strip("مصدر", [footer]) == ([footer], [])
    assert not learned.is_furniture("آخر", footer)  # another source, and rare in the corpus
