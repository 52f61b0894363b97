"""Reading articles: encodings, cleaning, titles, bylines, HTML and JSON Lines."""

import codecs
import json

import pytest

from fahras.index.corpus import clean_text, read_paths, split_article
from fahras.index.models import Article, Skipped
from tests.conftest import SEEDS

TEXT = "عنوان الخبر عن إنفيديا\nفقرة أولى عن الرقائق.\nفقرة ثانية عن TSMC."


def _read(path):
    return list(read_paths([path]))


@pytest.mark.parametrize(("name", "data"), [
    ("utf8.txt", TEXT.encode("utf-8")),
    ("utf8bom.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("utf16le.txt", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
    ("utf16be.txt", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
    ("cp1256.txt", TEXT.encode("cp1256")),
    ("crlf.txt", TEXT.replace("\n", "\r\n").encode("utf-8")),
    ("cr.txt", TEXT.replace("\n", "\r").encode("utf-8")),
])
def test_encodings_and_line_ends_read_the_same(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    [article] = _read(tmp_path / name)
    assert isinstance(article, Article)
    assert article.id == name.removesuffix(".txt")
    assert article.title == "عنوان الخبر عن إنفيديا"
    assert article.paragraphs == ("فقرة أولى عن الرقائق.", "فقرة ثانية عن TSMC.")


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"  \n\n ", "empty"),
    (b"\x00\x01\x02binary\x00", "NUL"),
    (bytes(range(1, 32)) * 20, "control"),
])
def test_unreadable_files_are_skipped_with_the_reason(tmp_path, data, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    (tmp_path / "good.txt").write_text(TEXT, "utf-8")
    items = _read(tmp_path)
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.path for s in skipped] == [str(bad)] and reason in skipped[0].reason
    assert [a.id for a in items if isinstance(a, Article)] == ["good"]


def test_the_original_file_is_never_touched(tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(b"\x1b[31m" + TEXT.encode())
    before = source.read_bytes()
    _read(source)
    assert source.read_bytes() == before


def test_escape_sequences_and_controls_are_stripped():
    dirty = "أ\x1b[2J\x1b]0;title\x07ب\x07\x9b31m ج\u202eد\u2066هـ\u2069"
    assert clean_text(dirty) == "أب جدهـ"


def test_boilerplate_lines_stay_out_of_the_body():
    title, _, body = split_article("عنوان\n3 د\nنص الخبر.\nشاهد النسخة الأصلية\nنص آخر.")
    assert title == "عنوان" and body == ["نص الخبر.", "نص آخر."]


def test_byline_becomes_the_author():
    title, author, body = split_article("كتب : دينا كمال\nعنوان قصير\nالنص.")
    assert (title, author, body) == ("عنوان قصير", "دينا كمال", ["النص."])


def test_long_first_line_gives_a_derived_title():
    first = "انطلق الرئيس التنفيذي لشركة OpenAI، سام ألتمان، في جولة دولية جديدة تهدف إلى " \
            "تأمين التمويل وبناء شراكات تصنيع ضخمة لتلبية الطلب. جملة ثانية."
    title, _, body = split_article(first + "\nفقرة.")
    assert title.endswith("…") and len(title.split()) == 12 and body[0] == first


SEED_TITLES = {
    "000_05229547fff78e55": "زيارة سرية لسام ألتمان إلى تايوان لبحث رقاقات الذكاء الاصطناعي مع TSMC!",
    "003_fe17c526eaf3b0fb": "توتر محتمل في علاقة «أوبن إيه آي» و«إنفيديا» بسبب الرقائق",
    "004_97d0971189ae4176": "السؤال الذي يبلغ $7 تريليون: هل يمكن لسام ألتمان فعلاً تنفيذ مخاطرته "
                            "في شرائح الذكاء الاصطناعي؟",
}


def test_each_seed_is_read_as_a_reader_would():
    articles = {a.id: a for a in read_paths([SEEDS])}
    assert len(articles) == 5
    for article_id, title in SEED_TITLES.items():
        assert articles[article_id].title == title
    # 001 and 002 open with a long sentence: a headline derived from it.
    assert articles["001_ff12b2498edf1332"].title.startswith("انطلق الرئيس التنفيذي لشركة OpenAI")
    assert articles["002_0fad6dfc3a85960c"].title.startswith("كشف سام ألتمان")
    assert articles["003_fe17c526eaf3b0fb"].author == "دينا كمال"
    seed4 = articles["004_97d0971189ae4176"]
    assert len(seed4.paragraphs) == len(set(seed4.paragraphs)) == 17  # the repeat collapsed
    assert not any("جهات خارجية" in p or p == "شاهد النسخة الأصلية" for p in seed4.paragraphs)
    assert "3 د" not in articles["000_05229547fff78e55"].paragraphs


def test_html_keeps_the_article_without_scripts_or_navigation(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>موقع</title><style>p{}</style></head><body>"
                    "<nav>الرئيسية | أخبار</nav><article><h1>إنفيديا تعلن</h1>"
                    "<p>فقرة <b>أولى</b>.</p><script>alert('x')</script><p>فقرة ثانية.</p>"
                    "</article><footer>حقوق</footer></body></html>", "utf-8")
    [article] = _read(page)
    assert article.title == "إنفيديا تعلن"
    assert article.paragraphs == ("فقرة أولى.", "فقرة ثانية.")


def test_json_lines_reads_good_records_and_reports_broken_lines(tmp_path):
    feed = tmp_path / "feed.jsonl"
    records = [
        json.dumps({"id": "a1", "title": "خبر", "text": "نص عن إنفيديا.", "source": "رويترز",
                    "date": "2026-01-02", "url": "https://example.org/a1", "author": "س"}),
        "{not json",
        json.dumps({"title": "بلا نص"}),
        json.dumps({"title": "بلا معرف", "text": "نص آخر."}),
    ]
    feed.write_text("\n".join(records), "utf-8")
    items = _read(feed)
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, Skipped)]
    assert [a.id for a in good] == ["a1", "feed-4"]
    assert good[0].source == "رويترز" and good[0].url.endswith("a1") and good[0].author == "س"
    assert [b.path for b in bad] == [f"{feed}:2", f"{feed}:3"]


def test_unsupported_and_missing_paths_are_reported(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    items = list(read_paths([tmp_path / "x.pdf", tmp_path / "missing"]))
    assert [i.reason for i in items] == ["unsupported file type .pdf", "no such file or folder"]


def test_json_values_of_the_wrong_kind_are_reported_by_field(tmp_path):
    feed = tmp_path / "odd.jsonl"
    text = '"text": "نص عن إنفيديا."'
    feed.write_text("\n".join([
        '{"id": 42, "title": 7, ' + text + "}",
        '{"id": 1e400, "title": NaN, ' + text + "}",
        '{"title": ["a", "b"], ' + text + "}",
        '{"author": {"name": "x"}, ' + text + "}",
        '{"id": "' + "x" * 201 + '", ' + text + "}",
        '{"id": true, ' + text + "}",
        "\ufeff{" + text + ', "id": "after-a-bom"}',
        '{"id": " a\\u001b]0;t\\u0007\\nb ", "title": "\\u202eعنوان", ' + text + "}",
    ]), "utf-8")
    items = _read(feed)
    by_path = {i.path.rsplit(":", 1)[1]: i for i in items}
    assert (by_path["1"].id, by_path["1"].title) == ("42", "7")  # numbers as written
    assert (by_path["2"].id, by_path["2"].title) == ("1e400", "NaN")
    assert by_path["3"].reason == '"title" must be a string or a number, not a list'
    assert by_path["4"].reason == '"author" must be a string or a number, not an object'
    assert by_path["5"].reason == '"id" is longer than 200 characters'
    assert by_path["6"].reason == '"id" must be a string or a number, not true or false'
    assert by_path["7"].id == "after-a-bom"
    # the id as given (the output sanitiser shows it), the title cleaned like the text
    assert (by_path["8"].id, by_path["8"].title) == ("a\x1b]0;t\x07\nb", "عنوان")


def test_lone_surrogates_become_replacement_characters():
    assert clean_text("أ\ud800ب\udfff") == "أ\ufffdب\ufffd"
    assert clean_text("أ\ufeffب") == "أب"  # a byte order mark inside the text


def test_an_html_title_is_cleaned_like_the_text(tmp_path):
    page = tmp_path / "t.html"
    page.write_text("<h1>عنوان&#x1b;]0;pwned&#x07; &#x202e;خبر</h1><p>فقرة عن إنفيديا.</p>", "utf-8")
    [article] = _read(page)
    assert article.title.startswith("عنوان") and article.title.endswith(" خبر")
    assert not any(c in article.title for c in "\x1b\x07\u202e")


@pytest.mark.parametrize(("text", "encoding"), [
    ("España", "latin-1"),
    ("Señor Núñez habló en Zürich", "cp1252"),
    ("Le président a annoncé à Genève un investissement.", "latin-1"),
    ("قال", "cp1256"),
    ("خبر عاجل", "cp1256"),
    ("Café في القاهرة", "cp1256"),
    (TEXT, "cp1256"),
    (TEXT, "iso8859_6"),
])
def test_a_file_in_a_legacy_encoding_reads_as_what_it_is(tmp_path, text, encoding):
    from fahras.index.corpus import decode

    assert decode(text.encode(encoding)) == text



def test_overlong_paragraphs_are_split_after_whole_sentences(tmp_path):
    from fahras.index.corpus import MAX_PARAGRAPH_CHARS

    sentence = "قالت شركة إنفيديا إن الطلب على الرقائق يرتفع. "
    one_line = sentence * 20_000 + "كلمة " * 3_000 + "x" * 5_100  # ~1 MB on one line
    (tmp_path / "giant.txt").write_text("عنوان\n" + one_line, "utf-8")
    paragraphs = [p for part in _read(tmp_path / "giant.txt") for p in part.paragraphs]
    assert all(len(p) <= MAX_PARAGRAPH_CHARS for p in paragraphs)
    assert "".join(paragraphs).replace(" ", "") == one_line.replace(" ", "")
    sentences = [p for p in paragraphs if p.startswith("قالت")]
    assert all(p.endswith("يرتفع.") for p in sentences[:-1])  # cut after whole sentences
    assert paragraphs[-1] == "x" * (5_100 % MAX_PARAGRAPH_CHARS)  # no space: cut anywhere


def test_a_long_article_is_indexed_in_parts_of_whole_paragraphs(tmp_path):
    from fahras.index.corpus import MAX_ARTICLE_CHARS

    paragraphs = [f"الفقرة {n} عن إنفيديا. " + "كلمة " * 80 for n in range(100)]
    (tmp_path / "long.txt").write_text("عنوان طويل\n" + "\n".join(paragraphs), "utf-8")
    parts = _read(tmp_path / "long.txt")
    count = len(parts)
    assert count > 1 and all(sum(map(len, a.paragraphs)) <= MAX_ARTICLE_CHARS for a in parts)
    assert [a.id for a in parts] == ["long"] + [f"long-part{n}" for n in range(2, count + 1)]
    assert [a.title for a in parts] == [f"عنوان طويل ({n}/{count})" for n in range(1, count + 1)]
    assert [p for a in parts for p in a.paragraphs] == [p.strip() for p in paragraphs]
    assert len({a.content_hash for a in parts}) == count and {a.path for a in parts} == {
        str(tmp_path / "long.txt")}


def test_a_short_paragraph_is_never_split():
    _, _, body = split_article("عنوان\n" + "كلمة. " * 80)  # 480 characters
    assert body == ["كلمة. " * 79 + "كلمة."]


def test_a_giant_title_goes_to_the_body_and_other_fields_are_cut(tmp_path):
    from fahras.index.corpus import MAX_FIELD_CHARS

    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"id": "t", "title": "عنوان طويل. " * 10_000, "author": "م" * 900,
                                "url": "https://x/" + "a" * 900, "text": "نص عن إنفيديا."}), "utf-8")
    parts = _read(feed)
    first = parts[0]
    assert len(first.title) <= MAX_FIELD_CHARS and first.title.startswith("عنوان طويل")
    assert len(first.author) == len(first.url) == MAX_FIELD_CHARS and first.url.endswith("…")
    body = [p for part in parts for p in part.paragraphs]
    assert body[-1] == "نص عن إنفيديا." and "".join(body[:-1]).count("عنوان طويل.") == 10_000


def test_utf32_with_a_bom_is_read(tmp_path):
    (tmp_path / "u.txt").write_bytes(codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"))
    [article] = _read(tmp_path / "u.txt")
    assert article.title == "عنوان الخبر عن إنفيديا"


def test_json_lines_with_lone_carriage_returns_are_read_line_by_line(tmp_path):
    feed = tmp_path / "mac.jsonl"
    feed.write_bytes(b'{"id": "a", "text": "\\u0646\\u0635"}\r{bad\r\n{"id": "b", "text": "x y"}\r')
    items = _read(feed)
    assert [getattr(i, "id", i.path) for i in items] == ["a", f"{feed}:2", "b"]


def test_a_text_given_as_a_list_of_paragraphs_is_read(tmp_path):
    feed = tmp_path / "p.jsonl"
    feed.write_text("\n".join([
        json.dumps({"id": "p", "title": "خبر", "text": ["فقرة أولى.", "فقرة ثانية."]}),
        json.dumps({"id": "q", "text": ["فقرة", {"b": "x"}]}),
        json.dumps("نص"),
    ]), "utf-8")
    article, mixed, string = _read(feed)
    assert article.paragraphs == ("فقرة أولى.", "فقرة ثانية.")
    assert mixed.reason == 'a record needs a "text" string, not a list'
    assert string.reason == 'a record is an object with a "text" string, not a string'


def test_a_bad_json_reason_is_a_whole_phrase(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "x", "text": "abc\n{"text": "نص" "x"}\n', "utf-8")
    reasons = [item.reason for item in read_paths([feed])]
    assert reasons == ["not valid JSON (Unterminated string starting at column 24)",
                       "not valid JSON (Expecting ',' delimiter at column 15)"]
