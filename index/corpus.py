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
from collections.abc import Iterable, Iterator
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

def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1256."""
    if not data.strip():
        raise UnreadableFile("empty")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    if b"\x00" in data:
        raise UnreadableFile("binary (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _strict(data, "cp1256")
    if _mostly_controls(text):
        raise UnreadableFile("binary (mostly control characters)")
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"not valid UTF-8, UTF-16 or Windows-1256 ({error.reason})") from None


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
# C0 and C1 controls but newline and tab, and the bidi embeddings, overrides and isolates,
# which would reorder the reader's screen.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Line ends to ``\\n``; escape sequences and control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _ESCAPES.sub("", text)
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
    return title, author, body


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


def read_path(path: Path) -> Iterator[Article | Skipped]:
    """The articles in one file: one for text and HTML, one per line for JSON Lines."""
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
        yield _article_from_html(path, text, content_hash(data))
    else:
        yield _article_from_text(path, text, content_hash(data))


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
    head, author, body = split_article(body_text)
    if not body or not has_words(body):
        return Skipped(str(path), "no article text in the HTML")
    if title and body and body[0] == title:
        body = body[1:]
    return Article(path.stem, title or head, tuple(body), str(path), digest, author=author)


def _read_jsonl(path: Path, text: str) -> Iterator[Article | Skipped]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Skipped(where, f"not valid JSON ({error.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Skipped(where, 'a record needs a "text" string')
            continue
        head, byline, body = split_article(record["text"])
        if not body or not has_words(body):
            yield Skipped(where, "no article text after cleaning" if not body else NO_WORDS)
            continue
        title = str(record.get("title") or "").strip()
        if title and body[0] == title:
            body = body[1:] or body
        yield Article(
            id=str(record.get("id") or f"{path.stem}-{number}"),
            title=clean_text(title) or head,
            paragraphs=tuple(body),
            path=where,
            content_hash=content_hash(line.encode("utf-8")),
            author=clean_text(str(record.get("author") or byline)),
            source=clean_text(str(record.get("source") or "")),
            date=clean_text(str(record.get("date") or "")),
            url=clean_text(str(record.get("url") or "")),
        )
