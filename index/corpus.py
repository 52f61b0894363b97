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
from .news import dates as news_dates
from .news.feeds import FEED_SUFFIXES, NotAFeed, read_feed
from .news.pages import site_of
from .news.reading import Hints, NewsText, read_page_text, read_text

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
#: Larger files are skipped: an article is a few kilobytes; 20 MB is an archive dump.
MAX_FILE_BYTES = 20 * 1024 * 1024


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


def split_article(text: str) -> tuple[str, str, list[str]]:
    """Title, author and body paragraphs of a text (see ``news.reading.read_text``: date
    lines, bylines, labels above the headline and known furniture leave the body)."""
    parts = read_text(clean_text(text))
    return parts.title, parts.author, parts.paragraphs


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
    elif suffix in FEED_SUFFIXES:
        yield from _read_feed(path, text, content_hash(data))
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
    parts = read_text(clean_text(text))
    if not parts.paragraphs:
        return Skipped(str(path), "no article text after cleaning")
    if not has_words(parts.paragraphs):
        return Skipped(str(path), NO_WORDS)
    return _article(path.stem, parts, str(path), digest)


def _article(id_: str, parts: NewsText, path: str, digest: str, source: str = "",
             url: str = "") -> Article:
    return Article(id_, parts.title, tuple(parts.paragraphs), path, digest,
                   author=parts.author, source=source, date=parts.date, url=url,
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
        url = clean_text(str(record.get("url") or ""))
        source = clean_text(str(record.get("source") or "")) or site_of(url)
        hints = Hints(clean_text(str(record.get("title") or "")).strip(),
                      clean_text(str(record.get("author") or "")),
                      news_dates.from_metadata(record.get("date")), source)
        parts = read_text(clean_text(record["text"]), hints)
        if not parts.paragraphs or not has_words(parts.paragraphs):
            yield Skipped(where, "no article text after cleaning" if not parts.paragraphs
                          else NO_WORDS)
            continue
        yield _article(str(record.get("id") or f"{path.stem}-{number}"), parts, where,
                       content_hash(line.encode("utf-8")), source, url)
