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
from .news import dates as news_dates
from .news.feeds import FEED_SUFFIXES, NotAFeed, read_feed
from .news.pages import site_of
from .news.reading import Hints, NewsText, derive_title, read_page_text, read_text

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
#: Larger files are skipped: an article is a few kilobytes; 20 MB is an archive dump.
MAX_FILE_BYTES = 20 * 1024 * 1024


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


def split_article(text: str) -> tuple[str, str, list[str]]:
    """Title, author and body paragraphs of a text (see ``news.reading.read_text``: date
    lines, bylines, labels above the headline and known furniture leave the body)."""
    parts = read_text(clean_text(text))
    return parts.title, parts.author, [piece for paragraph in parts.paragraphs
                                        for piece in split_long(paragraph)]


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


NOT_REGULAR = "not a regular file (a pipe, socket or device)"


def iter_files(paths: Iterable[Path], *, follow: bool = False) -> Iterator[Path | Skipped]:
    """Supported files under the given files and folders, recursively, in a stable order.

    Each file comes once, as its absolute, resolved path: the article's identity, so
    that ``corpus`` typed in two working directories names two different files. Inside
    a folder, a symbolic link that leads out of it (to ``/etc/passwd``, say) is reported
    and not followed unless ``follow`` (ripgrep's ``--follow``); a file named on its own
    is read wherever it lives.
    """
    seen: set[Path] = set()
    for path in map(Path, paths):
        if path.is_dir():
            found: Iterable[Path | Skipped] = _walk(path, follow)
        elif path.is_file():
            found = [path.resolve()] if path.suffix.lower() in SUFFIXES else [
                Skipped(str(path), f"unsupported file type {path.suffix or '(none)'}")]
        else:
            found = [Skipped(str(path), NOT_REGULAR if path.exists() else
                             "no such file or folder")]
        for item in found:
            if isinstance(item, Path):
                if item in seen:
                    continue
                seen.add(item)
            yield item


def _walk(folder: Path, follow: bool) -> Iterator[Path | Skipped]:
    """The supported files of a folder tree, by name; each real folder visited once (a
    link back to a parent is not a loop)."""
    top = folder.resolve()
    visited: set[Path] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        real = current.resolve()
        if real in visited:
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            yield Skipped(str(current), error.strerror or str(error))
            continue
        folders = []
        for entry in entries:
            item = _entry(Path(entry.path), entry, top, follow)
            if item is None:
                continue
            if isinstance(item, tuple):
                folders.append(item[0])
            else:
                yield item
        pending.extend(reversed(folders))


def _entry(path: Path, entry: os.DirEntry, top: Path, follow: bool
           ) -> Path | Skipped | tuple[Path] | None:
    """A file to read, a folder to enter (as a 1-tuple), a link reported, or nothing."""
    try:
        is_dir = entry.is_dir()
        target = path.resolve() if entry.is_symlink() else path
    except (OSError, RuntimeError):  # a link loop
        return Skipped(str(path), "a symbolic link that leads nowhere")
    wanted = is_dir or path.suffix.lower() in SUFFIXES
    if not wanted:
        return None
    if entry.is_symlink() and not follow and not target.is_relative_to(top):
        return Skipped(str(path), f"a symbolic link out of the folder (to {target}); not "
                                  "followed without --follow")
    if is_dir:
        return (path,)
    if not target.is_file():  # a pipe would block the run forever
        return Skipped(str(path), "a symbolic link that leads nowhere" if not
                       target.exists() else NOT_REGULAR)
    return target.resolve()


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
    elif suffix in FEED_SUFFIXES:
        for item in _read_feed(path, text, content_hash(data)):
            yield from in_parts(item)
    elif suffix in HTML_SUFFIXES:
        yield from in_parts(_article_from_html(path, text, content_hash(data)))
    else:
        yield from in_parts(_article_from_text(path, text, content_hash(data)))


#: Longer articles are indexed as parts of about this size, cut between paragraphs (the
#: seeds run to 4,000 characters). A search loads each result's whole stored article, and
#: a 19 MB one took 1 s for every search it was found by (its text 0.2 s, its 132,000
#: entity mentions 0.8 s); twenty parts of 6,000 characters take 5 ms. The limit is set
#: well above a long news feature (3,000 words, about 18,000 characters), which a reader
#: must see whole: a part costs about 1 ms per 5,000 characters on a first page.
MAX_ARTICLE_CHARS = 24_000


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
    parts = read_text(clean_text(text))
    if not parts.paragraphs:
        return Skipped(str(path), "no article text after cleaning")
    if not has_words(parts.paragraphs):
        return Skipped(str(path), NO_WORDS)
    return _article(path.stem, parts, str(path), digest)


def _article(id_: str, parts: NewsText, path: str, digest: str, source: str = "",
             url: str = "") -> Article:
    paragraphs = tuple(piece for paragraph in parts.paragraphs for piece in split_long(paragraph))
    return Article(id=id_, title=parts.title, paragraphs=paragraphs, path=path,
                   content_hash=digest, author=parts.author, source=source, date=parts.date, url=url,
                   dateline=parts.dateline, removed=tuple(parts.removed))


def _article_from_html(path: Path, text: str, digest: str) -> Article | Skipped:
    parts, source, url = read_page_text(text, clean_text)
    if not parts.paragraphs or not has_words(parts.paragraphs):
        return Skipped(str(path), "no article text in the HTML")
    return _article(path.stem, parts, str(path), digest, clean_text(source), clean_text(url))


def _read_feed(path: Path, text: str, digest: str) -> Iterator[Article | Skipped]:
    try:
        items = read_feed(text)
    except NotAFeed as error:
        yield Skipped(str(path), str(error))
        return
    for item in items:
        where = f"{path}#{item.number}"
        parts = read_text(clean_text(item.text),
                          Hints(clean_text(item.title), clean_text(item.author), item.date,
                                item.source))
        if not parts.paragraphs or not has_words(parts.paragraphs):
            yield Skipped(where, "no article text in the feed item")
            continue
        yield _article(f"{path.stem}-{item.number}", parts, where,
                       content_hash(f"{digest}#{item.number}".encode()),
                       clean_text(item.source), clean_text(item.link))


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
        raise BadRecord(f"not valid JSON ({_json_reason(error)})") from None
    except RecursionError:  # Python's reader recurses per level and stops near 1,000
        raise BadRecord("not an article: JSON nested too deeply") from None


def _json_reason(error: json.JSONDecodeError) -> str:
    """The decoder's reason as a whole phrase: some of its messages end in "at" and
    expect the place after them ("Unterminated string starting at")."""
    joint = " " if error.msg.endswith(" at") else " at "
    return f"{error.msg}{joint}column {error.colno}"


def _article_from_record(path: Path, number: int, line: str) -> Article | Skipped:
    where = f"{path}:{number}"
    record = parse_record(line)
    if not isinstance(record, dict):
        raise BadRecord(f'a record is an object with a "text" string, not {_json_type(record)}')
    url = _field(record, "url")
    source = _field(record, "source") or site_of(url)
    hints = Hints(" ".join(_field(record, "title").split()), _field(record, "author"),
                  news_dates.from_metadata(_field(record, "date")), source)
    parts = read_text(clean_text(_text(record)), hints)
    if not parts.paragraphs or not has_words(parts.paragraphs):
        return Skipped(where, "no article text after cleaning" if not parts.paragraphs
                       else NO_WORDS)
    return _article(_record_id(record) or f"{path.stem}-{number}", parts, where,
                    content_hash(line.encode("utf-8", "surrogatepass")), source, url)


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
