"""Writes tests/data/hostile/: small files that each attack the reader in one way.

Run it again after changing it (``python tests/data/make_hostile.py``); the files are
committed so the tests read exactly these bytes. Files too large to commit (over the size
limit, a one-megabyte paragraph) are made by the tests themselves.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

HERE = Path(__file__).with_name("hostile")
ARTICLE = "عنوان عن إنفيديا\nقالت شركة إنفيديا إن الطلب على رقائق الذكاء الاصطناعي يرتفع."

#: name → (bytes, whether it must be indexed)
FILES: dict[str, tuple[bytes, bool]] = {
    "utf8.txt": (ARTICLE.encode(), True),
    "utf8-bom.txt": (codecs.BOM_UTF8 + ARTICLE.encode(), True),
    "utf16le-bom.txt": (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), True),
    "utf16be-bom.txt": (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), True),
    "cp1256.txt": (ARTICLE.encode("cp1256"), True),
    "utf32le-bom.txt": (codecs.BOM_UTF32_LE + ARTICLE.encode("utf-32-le"), True),
    "crlf.txt": (ARTICLE.replace("\n", "\r\n").encode(), True),
    "utf16-no-bom.txt": (ARTICLE.encode("utf-16-le"), False),  # NUL bytes: binary
    "nul.txt": (b"\x00" * 64 + ARTICLE.encode(), False),
    "controls.txt": (bytes(range(1, 9)) * 200, False),
    "empty.txt": (b"", False),
    "only-diacritics.txt": (("\u064e\u064f\u0650\u0651\u0652" * 40).encode(), False),
    "only-tatweel.txt": (("\u0640" * 300).encode(), False),
    "bidi-controls.txt": (("عنوان\u202e مقلوب\u202c\nنص \u2066معزول\u2069 و\u202dفرض\u202c "
                           "عن إنفيديا.").encode(), True),
    "zero-width.txt": ("عنوان\nإن\u200dفيد\u200cيا و\u200bسامسونج\u2060 معًا.".encode(), True),
    "emoji.txt": ("عنوان 🚀\nإنفيديا 🤖 تعلن 👍🏽 عن رقائق 🇹🇼.".encode(), True),
    "mixed-scripts.txt": (("Заголовок 标题 عنوان\nNvidia و Самсунг و三星 و إنفيديا.").encode(), True),
    "escapes.txt": (("عنوان\n\x1b[31mأحمر\x1b[0m \x1b]0;title\x07 [bold]غامق[/bold] "
                    "[link=http://x]رابط[/link] إنفيديا.").encode(), True),
    "page.html": (("<html><head><style>body{color:red}</style><script>alert('x')</script>"
                  "</head><body><nav>القائمة</nav><article><h1>عنوان الصفحة</h1>"
                  "<p>فقرة عن إنفيديا.</p><script>document.write('no')</script></article>"
                  "</body></html>").encode(), True),
    "unsupported.pdf": (b"%PDF-1.4 not an article", False),
    # Legacy encodings other than Windows-1256, told apart by what the text is.
    "latin1.txt": ("España y Zürich\nEl niño pidió una canción sobre Nvidia.".encode("latin-1"),
                   True),
    "iso8859-6.txt": (ARTICLE.encode("iso8859_6"), True),
    # Byte order marks in the middle: files concatenated with theirs.
    "bom-inside.txt": ((ARTICLE + "\n").encode("utf-8-sig") * 2, True),
    # Nesting no page has: linear to read, the text still found.
    "deep.html": (("<h1>عنوان عميق</h1>" + "<div>" * 3_000 + "<p>فقرة عن إنفيديا.</p>"
                   + "</span>" * 3_000).encode(), True),
    "deep-inline.html": (("<h1>عنوان</h1>" + "<b><i>" * 2_000 + "فقرة عن إنفيديا."
                          "<!--x<a ").encode(), True),
    "only-markup.html": (("<div>" * 500 + "<script>alert(1)</script>").encode(), False),
    # Every byte a valid Windows-1256 character, none of them text.
    "escapes-only.txt": (b"\x1b[2J\x1b]0;x\x07" * 100, False),
}

#: name → its lines, each with the id it must be indexed as, or None when it must be
#: reported as ``name:line``.
JSONL_FILES: dict[str, list[tuple[str, str | None]]] = {
    "feed.jsonl": [
        (json.dumps({"id": "feed-good-1", "title": "خبر", "text": "إنفيديا تعلن."},
                    ensure_ascii=False), "feed-good-1"),
        ("{broken json", None),
        (json.dumps({"title": "no text"}), None),
        (json.dumps(["not", "an", "object"]), None),
        (json.dumps({"id": "feed-good-2", "title": "خبر آخر", "text": "سامسونج تعلن."},
                    ensure_ascii=False), "feed-good-2"),
    ],
    "odd-values.jsonl": [
        ("[" * 100_000 + "]" * 100_000, None),  # nested 100k deep
        ('{"id": "big-number", "text": "إنفيديا تعلن.", "views": 1' + "0" * 5_000 + "}",
         "big-number"),  # past Python's 4,300-digit limit: kept as text
        ('{"id": "surrogate", "title": "\\ud800", "text": "إنفيديا \\udfff تعلن."}',
         "surrogate"),
        ('{"id": 12345, "title": 7, "text": "سامسونج تعلن."}', "12345"),
        ('{"id": "nan", "title": NaN, "score": Infinity, "text": "إنفيديا تعلن."}', "nan"),
        ('{"id": "list-title", "title": ["a"], "text": "إنفيديا تعلن."}', None),
        ('{"id": "object-text", "text": {"body": "إنفيديا"}}', None),
        ('{"id": "' + "9" * 300 + '", "text": "إنفيديا تعلن."}', None),  # an id too long
        ('{"id": false, "text": "إنفيديا تعلن."}', None),
        ("\ufeff" + json.dumps({"id": "bom-line", "text": "إنفيديا تعلن."}), "bom-line"),
        ('{"id": "escape-id\\u001b]0;x\\u0007", "text": "إنفيديا تعلن."}', "escape-id\x1b]0;x\x07"),
        (json.dumps({"id": "long-fields", "title": "عنوان " * 3_000, "author": "م" * 5_000,
                     "text": "إنفيديا تعلن."}, ensure_ascii=False), "long-fields"),
        ('"just a string"', None),
        ("null", None),
        ('{"id": "deep-field", "text": "إنفيديا تعلن.", "x": ' + "[" * 3_000 + "]" * 3_000
         + "}", None),
    ],
}

def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, (data, _) in FILES.items():
        (HERE / name).write_bytes(data)
    for name, lines in JSONL_FILES.items():
        (HERE / name).write_text("\n".join(line for line, _ in lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
