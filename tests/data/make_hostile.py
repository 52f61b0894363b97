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
}

JSONL_LINES = [
    json.dumps({"id": "feed-good-1", "title": "خبر", "text": "إنفيديا تعلن."}, ensure_ascii=False),
    "{broken json",
    json.dumps({"title": "no text"}),
    json.dumps(["not", "an", "object"]),
    json.dumps({"id": "feed-good-2", "title": "خبر آخر", "text": "سامسونج تعلن."},
               ensure_ascii=False),
]


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, (data, _) in FILES.items():
        (HERE / name).write_bytes(data)
    (HERE / "feed.jsonl").write_text("\n".join(JSONL_LINES) + "\n", "utf-8")


if __name__ == "__main__":
    main()
