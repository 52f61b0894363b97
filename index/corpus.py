"""Reading articles from disk: decode, clean, split into paragraphs, find title and author.

The original files are only ever read. A file that cannot be read is reported as a
``Skipped`` value naming it and why; every other file is still read.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from .models import Article, Skipped

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
#: Larger files are skipped: an article is a few kilobytes; 20 MB is an archive dump.
MAX_FILE_BYTES = 20 * 1024 * 1024
HEADLINE_MAX_WORDS = 20
DERIVED_TITLE_WORDS = 12


class UnreadableFile(Exception):
    """A file that is empty, binary or undecodable; the message says which."""


# --- decoding ---------------------------------------------------------------------------

#: The legacy encodings an archive of Arabic news comes in, besides UTF-8 and UTF-16:
#: Windows Arabic, ISO Arabic, and Windows Western (a superset of Latin-1's letters).
LEGACY_ENCODINGS = ("cp1256", "iso8859_6", "cp1252")


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM, or a legacy encoding.

    Text that is not UTF-8 goes to charset-normalizer, limited to ``LEGACY_ENCODINGS``.
    Measured on the seeds' 117 paragraphs and lines and short words in Windows-1256 and
    ISO-8859-6 and 14 Latin texts in Windows-1252 (``benchmarks/encodings.py``), right:
    the old rule (UTF-8, else Windows-1256) 117, 1 and 6 (``España`` read ``Espaٌa``);
    the detector on every code page it knows 108, 66 and 1 (Big5, UTF-16, CP1250…);
    limited 113, 79 and 14. Where it cannot tell (a few bytes score alike in every
    encoding), the reading that mixes no scripts inside a word wins, then Windows-1256:
    117, 81 and 14.
    """
    if not data.strip():
        raise UnreadableFile("empty")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16's: FF FE
        return _strict(data, "utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    if b"\x00" in data:
        raise UnreadableFile("binary (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect(data)
    if _mostly_controls(text):
        raise UnreadableFile("binary (mostly control characters)")
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"not valid {encoding.upper()} ({error.reason})") from None


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS))
    best = matches.best()
    if best is None:
        raise UnreadableFile("not UTF-8, UTF-16, Windows-1256, ISO-8859-6 or Windows-1252 "
                             "text (binary?)")
    ties = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return str(min(ties, key=lambda m: (_mixed_words(str(m)), m.encoding != "cp1256")))


def _mixed_words(text: str) -> int:
    """Words whose letters and marks are both Arabic and not: what a wrong code page makes."""
    return sum(1 for word in text[:4096].split()
               if len({"\u0600" <= c <= "\u06ff" for c in word
                       if c.isalpha() or unicodedata.combining(c)}) > 1)


# Unicode's "Cc" category, less the line breaks and tabs text is made of.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _mostly_controls(text: str) -> bool:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > len(sample) * 0.1


# --- cleaning ---------------------------------------------------------------------------

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks, clipboard
    r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"  # DCS, PM, APC, SOS strings
    r"|\x1b[@-Z\\-_]?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# C0 and C1 controls but newline and tab, the bidi embeddings, overrides and isolates,
# which would reorder the reader's screen, and byte order marks left in the middle of a
# text by concatenated files.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
# A lone surrogate (JSON's "\\ud800") is a str no codec can write: UTF-8 output of the
# article (search --json, show, export, the index itself) would fail later, far from here.
_SURROGATES = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """Line ends to ``\\n``; escape sequences and control characters removed; lone
    surrogates replaced by U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _SURROGATES.sub(REPLACEMENT, _ESCAPES.sub("", text))
    return _CONTROLS.sub("", text.replace("\t", " "))


BYLINE = re.compile(r"^\s*(?:كتب|كتبت|بقلم|إعداد)\s*[:：\-–]\s*(?P<name>[^.\n]{2,60})$")
#: Lines that belong to the page, not the article: kept out of the body.
BOILERPLATE = tuple(re.compile(p) for p in (
    r"^شاهد النسخة الأصلية$",
    r"^(?:اقرأ|إقرأ) (?:أيضا|أيضاً|ايضا|المزيد)\s*:?$",
    r"^قد تحتوي هذه الصفحة على محتوى من جهات خارجية",
    r"^[0-9٠-٩]+\s*(?:د|دقيقة|دقائق|min)(?:\s*(?:للقراءة|قراءة|read))?$",
    r"^(?:شارك|مشاركة|تابعونا|تابعنا)(?: على| عبر)?(?: فيسبوك| تويتر| إكس)?\s*:?$",
    r"^(?:Share|Read more|Advertisement|إعلان)$",
))
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


def is_boilerplate(line: str) -> bool:
    """True for page furniture such as «شاهد النسخة الأصلية» or a lone «3 د»."""
    return any(p.search(line) for p in BOILERPLATE)


def is_headline(line: str) -> bool:
    """A short line that does not end like a sentence in running text."""
    words = line.split()
    return 0 < len(words) <= HEADLINE_MAX_WORDS and not line.rstrip().endswith((".", "،", ":", "؛"))


def derive_title(paragraph: str) -> str:
    """A headline from the opening sentence: its first words."""
    sentence = _SENTENCE_END.split(paragraph.strip(), maxsplit=1)[0].rstrip(".،:؛ ")
    words = sentence.split()
    if len(words) <= DERIVED_TITLE_WORDS:
        return sentence
    return " ".join(words[:DERIVED_TITLE_WORDS]).rstrip("،,:؛") + "…"


def split_article(text: str) -> tuple[str, str, list[str]]:
    """Title, author and body paragraphs of a cleaned text.

    Repeated paragraphs are kept once; when the opening paragraph recurs (pages that
    print the article twice), a headline just before the repeat is the title.
    """
    lines = [" ".join(line.split()) for line in clean_text(text).split("\n")]
    lines = [line for line in lines if line and not is_boilerplate(line)]
    author = ""
    if lines and (byline := BYLINE.match(lines[0])):
        author = byline["name"].strip()
        lines = lines[1:]
    title = ""
    if lines and is_headline(lines[0]) and len(lines) > 1:
        title, lines = lines[0], lines[1:]
    body: list[str] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if line in seen:
            continue
        if not title and index + 1 < len(lines) and lines[index + 1] == lines[0] and index > 0 \
                and is_headline(line):
            title = line
            continue
        seen.add(line)
        body.append(line)
    if not title and body:
        title = derive_title(body[0])
    return title, author, [piece for line in body for piece in split_long(line)]


#: Longer paragraphs are split at sentence ends (else at spaces). A search that finds a
#: word in a 19 MB one-line article analysed all of it for its passages: 11–28 s. A
#: passage is analysed whole for its highlights, so this bounds that cost per result. A
#: first page of twenty parts of one giant article (with the article limit below), on the
#: same loaded machine: 2,000 → 260 ms, 800 → 70 ms, 500 → 47 ms, about what twenty
#: ordinary articles take. The seeds' longest paragraph has 439 characters.
MAX_PARAGRAPH_CHARS = 500
_SENTENCE_ENDS = tuple(f"{mark} " for mark in ".!?؟؛")


def split_long(paragraph: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """The paragraph as pieces of at most ``limit`` characters, cut after the last whole
    sentence that fits, else between words, else anywhere; in linear time.

    >>> split_long("أ. ب. ج.", limit=6)
    ['أ. ب.', 'ج.']
    """
    pieces: list[str] = []
    start = 0
    while len(paragraph) - start > limit:
        end = start + limit
        cut = max(paragraph.rfind(mark, start, end + 1) for mark in _SENTENCE_ENDS) + 2
        if cut <= start + 1:  # no sentence ends here: between words, else anywhere
            cut = paragraph.rfind(" ", start, end + 1) + 1
            cut = cut if cut > start else end
        pieces.append(paragraph[start:cut].strip())
        start = cut
    pieces.append(paragraph[start:].strip())
    return [piece for piece in pieces if piece]


# --- files ------------------------------------------------------------------------------

def content_hash(data: bytes) -> str:
    """The fingerprint that makes re-indexing incremental."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def iter_files(paths: Iterable[Path]) -> Iterator[Path | Skipped]:
    """Supported files under the given files and folders, recursively, in a stable order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    yield child
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                yield Skipped(str(path), f"unsupported file type {path.suffix or '(none)'}")
        else:
            yield Skipped(str(path), "no such file or folder")


def display_path(path: Path | str) -> str:
    """The path as text that any terminal or file can take: bytes of a file name that
    are not UTF-8 are shown as visible escapes (``bad\\xff.txt``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _name_is_text(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_path(path: Path) -> Iterator[Article | Skipped]:
    """The articles in one file: one for text and HTML, one per line for JSON Lines."""
    if not _name_is_text(path):  # Python holds the bad bytes as surrogates no codec writes
        yield Skipped(display_path(path), "the file name is not valid UTF-8; rename the "
                      "file to index it")
        return
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            yield Skipped(str(path), f"larger than the {MAX_FILE_BYTES // 2**20} MB limit")
            return
        data = path.read_bytes()
        text = decode(data)
    except UnreadableFile as error:
        yield Skipped(str(path), str(error))
        return
    except OSError as error:
        yield Skipped(str(path), error.strerror or str(error))
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, text)
    elif suffix in HTML_SUFFIXES:
        yield from in_parts(_article_from_html(path, text, content_hash(data)))
    else:
        yield from in_parts(_article_from_text(path, text, content_hash(data)))


#: Longer articles are indexed as parts of about this size, cut between paragraphs (the
#: seeds run to 4,000 characters). A search loads each result's whole stored article, and
#: a 19 MB one took 1 s for every search it was found by (its text 0.2 s, its 132,000
#: entity mentions 0.8 s); twenty parts of 6,000 characters take 5 ms.
MAX_ARTICLE_CHARS = 6_000


def in_parts(item: Article | Skipped, limit: int = MAX_ARTICLE_CHARS) -> list[Article | Skipped]:
    """A long article as parts of at most ``limit`` characters of whole paragraphs, titled
    "title (2/9)"; the first keeps the article's id, the others add ``-part2`` and so on."""
    if isinstance(item, Skipped):
        return [item]
    item = _short_fields(item)
    if sum(map(len, item.paragraphs)) <= limit:
        return [item]
    groups: list[list[str]] = [[]]
    size = 0
    for paragraph in item.paragraphs:
        if groups[-1] and size + len(paragraph) > limit:
            groups.append([])
            size = 0
        groups[-1].append(paragraph)
        size += len(paragraph)
    return [replace(item, id=item.id if number == 1 else f"{item.id}-part{number}",
                    title=f"{item.title} ({number}/{len(groups)})", paragraphs=tuple(group),
                    content_hash=item.content_hash if number == 1 else
                    f"{item.content_hash}-{number}")
            for number, group in enumerate(groups, start=1)]


#: A title, author, source, date or url is a line, not an article: a longer title goes to
#: the body (and one is derived from it), the other fields are cut.
MAX_FIELD_CHARS = 300


def _short_fields(article: Article) -> Article:
    paragraphs, title = article.paragraphs, article.title
    if len(title) > MAX_FIELD_CHARS:
        paragraphs = (*split_long(title), *paragraphs)
        title = derive_title(title[:MAX_FIELD_CHARS * 4])
    cut = {name: value[:MAX_FIELD_CHARS - 1].rstrip() + "…" for name in (
        "author", "source", "date", "url") if len(value := getattr(article, name)) >
           MAX_FIELD_CHARS}
    return replace(article, title=title, paragraphs=paragraphs, **cut)


def read_paths(paths: Iterable[Path]) -> Iterator[Article | Skipped]:
    """Every article under the given files and folders; unreadable ones as ``Skipped``."""
    for item in iter_files(paths):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_path(item)


NO_WORDS = "no words to index (only marks, tatweel or symbols)"


def has_words(texts) -> bool:
    """True when there is a letter or digit to index (not only marks, tatweel, symbols)."""
    return any(c.isalnum() and c != "\u0640" for text in texts for c in text)


def _article_from_text(path: Path, text: str, digest: str) -> Article | Skipped:
    if path.suffix.lower() == ".md":
        text = re.sub(r"(?m)^\s{0,3}#{1,6}\s+", "", text)
    title, author, body = split_article(text)
    if not body:
        return Skipped(str(path), "no article text after cleaning")
    if not has_words(body):
        return Skipped(str(path), NO_WORDS)
    return Article(path.stem, title, tuple(body), str(path), digest, author=author)


def _article_from_html(path: Path, text: str, digest: str) -> Article | Skipped:
    from .htmltext import html_to_text

    title, body_text = html_to_text(text)
    title = " ".join(clean_text(title).split())  # <h1>&#x1b;]0;…</h1> is text, not a command
    head, author, body = split_article(body_text)
    if not body or not has_words(body):
        return Skipped(str(path), "no article text in the HTML")
    if title and body and body[0] == title:
        body = body[1:]
    return Article(path.stem, title or head, tuple(body), str(path), digest, author=author)


_LINE_BREAK = re.compile("\r\n|\r|\n")
#: An article id is a name to type (``fahras show ID``), not a payload.
MAX_ID_CHARS = 200


class BadRecord(Exception):
    """A JSON Lines record that is valid JSON but not an article; the message says why."""


def _read_jsonl(path: Path, text: str) -> Iterator[Article | Skipped]:
    # JSON holds no raw line break inside a value, so old Macs' lone CRs end lines too.
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        line = line.lstrip("\ufeff")  # files concatenated with their byte order marks
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            yield from in_parts(_article_from_record(path, number, line))
        except BadRecord as error:
            yield Skipped(where, str(error))


def parse_record(line: str) -> object:
    """One JSON value, numbers kept as their text and ``NaN``/``Infinity`` as words.

    Numbers stay text because that is how an id or a title uses them, and because
    Python refuses to turn over 4,300 digits into an ``int`` (a 5,000-digit number
    stopped the whole run). Raises ``BadRecord`` for invalid or absurdly nested JSON.
    """
    try:
        return json.loads(line, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as error:
        raise BadRecord(f"not valid JSON ({error.msg}, column {error.colno})") from None
    except RecursionError:  # Python's reader recurses per level and stops near 1,000
        raise BadRecord("not an article: JSON nested too deeply") from None


def _article_from_record(path: Path, number: int, line: str) -> Article | Skipped:
    where = f"{path}:{number}"
    record = parse_record(line)
    if not isinstance(record, dict):
        raise BadRecord(f'a record is an object with a "text" string, not {_json_type(record)}')
    head, byline, body = split_article(_text(record))
    if not body or not has_words(body):
        return Skipped(where, "no article text after cleaning" if not body else NO_WORDS)
    title = " ".join(_field(record, "title").split())
    if title and body[0] == title:
        body = body[1:] or body
    return Article(
        id=_record_id(record) or f"{path.stem}-{number}",
        title=title or head,
        paragraphs=tuple(body),
        path=where,
        content_hash=content_hash(line.encode("utf-8", "surrogatepass")),
        author=_field(record, "author") or byline,
        source=_field(record, "source"),
        date=_field(record, "date"),
        url=_field(record, "url"),
    )


def _text(record: dict) -> str:
    """The record's text: a string, or a list of strings (its paragraphs)."""
    text = record.get("text")
    if isinstance(text, list) and all(isinstance(paragraph, str) for paragraph in text):
        return "\n".join(text)
    if not isinstance(text, str):
        raise BadRecord('a record needs a "text" string' + (
            f', not {_json_type(text)}' if text is not None else ""))
    return text


def _field(record: dict, name: str) -> str:
    """A record's text field, cleaned; numbers as written; absent or null as ``""``."""
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRecord(f'"{name}" must be a string or a number, not {_json_type(value)}')
    return clean_text(value).strip()


def _record_id(record: dict) -> str:
    """The record's id as given (the output sanitiser shows what it holds), but for lone
    surrogates, which no output could write, and surrounding spaces."""
    value = record.get("id")
    if value is not None and not isinstance(value, str):
        raise BadRecord(f'"id" must be a string or a number, not {_json_type(value)}')
    article_id = _SURROGATES.sub(REPLACEMENT, value or "").strip()
    if len(article_id) > MAX_ID_CHARS:
        raise BadRecord(f'"id" is longer than {MAX_ID_CHARS} characters')
    return article_id


def _json_type(value: object) -> str:
    return {bool: "true or false", list: "a list", dict: "an object", str: "a string",
            type(None): "null"}.get(type(value), type(value).__name__)
