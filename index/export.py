"""Exporting passages with citations: Markdown, HTML, JSON Lines and CSV.

Text is always written in logical order. Writing is atomic (a temporary file beside the
target, then a rename) and never replaces an existing file unless asked to; the file gets
the user's usual permissions (the umask), not a temporary file's 0600.

An export is opened in terminals (``cat``), editors and spreadsheets, so no string from
data is written as it came: control characters become visible escapes
(``index.safe_text``; JSON Lines uses JSON's own escapes, which read back exactly), the
query is escaped for Markdown like any other text, and a CSV cell that a spreadsheet would
run as a formula (starting with ``= + - @``, a tab or a carriage return) gets a leading
``'``, as OWASP recommends for CSV injection.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from .models import Passage
from .safe_text import json_safe, visible, visible_spans

FORMATS = {"md": "Markdown", "html": "HTML", "jsonl": "JSON Lines", "csv": "CSV"}
FONT_STACK = ('"Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New", '
              '"Geeza Pro", "Segoe UI", "Tahoma", "Arial", sans-serif')


class ExportError(Exception):
    """The export could not be written; the message names the path and why."""


@dataclass(frozen=True)
class ExportContext:
    """What the passages answer: the query, the filters and when they were exported."""

    query: str = ""
    filters: dict = field(default_factory=dict)
    exported_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    #: What a collection export holds (``collection_summary``), shown instead of a query.
    collection: str = ""


def _citation_parts(p: Passage) -> list[str]:
    return [visible(part) for part in (p.title, p.author, p.source, p.date,
                                       shown_path(p.path),
                                       f"¶ {p.paragraph + 1}") if part]


def shown_path(path: str) -> str:
    """A source path as a citation shows it: a bundled seed as ``seeds/NAME`` (not a
    path inside whatever virtual environment or checkout fahras runs from), others as
    they are.

    A seed is known by its folder's name and its own: an index built from a checkout and
    read by an installed fahras (or the reverse) names the other copy's folder.
    """
    where = Path(path)
    if where.parent.name in ("seeds", "_seeds") and where.name in _seed_names():
        return f"seeds/{where.name}"
    return path


@lru_cache(maxsize=1)
def _seed_names() -> frozenset[str]:
    here = Path(__file__).resolve().parent
    for folder in (here / "_seeds", here.parent / "seeds"):
        if folder.is_dir():
            return frozenset(child.name for child in folder.iterdir())
    return frozenset()


def format_for(path: Path | None, given: str | None) -> str:
    """The export format: the one asked for, else the file's extension, else Markdown.

    >>> format_for(Path("y.html"), None), format_for(Path("y.txt"), None), format_for(None, "csv")
    ('html', 'md', 'csv')
    """
    if given:
        return given
    suffix = path.suffix.lower().lstrip(".") if path else ""
    return suffix if suffix in FORMATS else "md"


def collection_summary(passages: list[Passage]) -> str:
    """What a collection holds, for an export's header.

    >>> collection_summary([])
    'the collection: 0 passages'
    """
    articles = len({p.article_id for p in passages})
    count = f"{len(passages)} passage{'' if len(passages) == 1 else 's'}"
    if not passages:
        return f"the collection: {count}"
    return f"the collection: {count} from {articles} article{'' if articles == 1 else 's'}"


def citation(p: Passage) -> str:
    """Title, author, outlet, date, file and paragraph (numbered from 1, as people count)."""
    return " · ".join(_citation_parts(p))


def _isolated_citation(p: Passage, escape) -> str:
    # Each part in its own <bdi>: a path's leading "/" or a Latin title would otherwise be
    # reordered across the right-to-left line.
    return " · ".join(f"<bdi>{escape(part)}</bdi>" for part in _citation_parts(p))


def render(passages: list[Passage], fmt: str, context: ExportContext) -> str:
    """The passages in one of ``FORMATS``."""
    writers = {"md": _markdown, "html": _html, "jsonl": _jsonl, "csv": _csv}
    if fmt not in writers:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return writers[fmt](passages, context)


def _pieces(p: Passage):
    """(text, is_hit) pieces of a passage, in logical order, made visible."""
    last = 0
    for start, end in p.hits:
        if start > last:
            yield visible(p.text[last:start]), False
        yield visible(p.text[start:end]), True
        last = end
    if last < len(p.text):
        yield visible(p.text[last:]), False


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _markdown(passages: list[Passage], context: ExportContext) -> str:
    out = ["# fahras · فهرس", ""]
    if context.collection:
        out.append(f"- {_md(visible(context.collection))}")
    elif context.query or context.filters:
        out += [f"- query: {_md(visible(context.query))}" if context.query
                else "- query: (all articles)",
                *(f"- {_md(visible(kind))}: {_md(visible(', '.join(ids)))}"
                  for kind, ids in context.filters.items())]
    out += [f"- exported: {visible(context.exported_at)}", ""]
    for p in passages:
        body = "".join(f"**{_md(t)}**" if hit else _md(t) for t, hit in _pieces(p))
        out += ['<div dir="rtl">', "", f"> {body}", "", f"— {_isolated_citation(p, _md)}", "",
                "</div>", ""]
    return "\n".join(out)


def _html(passages: list[Passage], context: ExportContext) -> str:
    def esc(text: str) -> str:
        return html.escape(visible(text))

    items = []
    for p in passages:
        body = "".join(f"<mark>{esc(t)}</mark>" if hit else esc(t) for t, hit in _pieces(p))
        items.append(f'<article class="passage"><blockquote>{body}</blockquote>'
                     f"<cite>{_isolated_citation(p, esc)}</cite></article>")
    filters = "".join(f"<li>{esc(kind)}: {esc(', '.join(ids))}</li>"
                      for kind, ids in context.filters.items())
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>fahras · {esc(context.collection or context.query or "passages")}</title>
<style>
body {{ font-family: {FONT_STACK}; line-height: 1.8; max-width: 46em; margin: 2em auto;
        padding: 0 1em; color: #111; background: #fff; }}
header {{ border-bottom: 1px solid #ccc; margin-bottom: 1.5em; }}
blockquote {{ margin: 0; font-size: 1.1em; }}
mark {{ background: #ffe066; padding: 0 .1em; }}
cite {{ display: block; color: #555; font-size: .9em; margin-top: .4em; font-style: normal; }}
article.passage {{ margin-bottom: 1.6em; page-break-inside: avoid; }}
@media print {{ body {{ margin: 0; max-width: none; }} mark {{ outline: 1px solid #999; }} }}
</style>
</head>
<body>
<header>
<h1>fahras · فهرس</h1>
{_html_scope(context, esc, filters)}
<p><small>{esc(context.exported_at)} · {len(passages)} passages</small></p>
</header>
<main>
{chr(10).join(items)}
</main>
</body>
</html>
"""


def _html_scope(context: ExportContext, esc, filters: str) -> str:
    """What the passages answer: the collection, or the search and its filters."""
    if context.collection:
        return f"<p><bdi>{esc(context.collection)}</bdi></p>"
    return (f'<p>البحث: <strong>{esc(context.query) or "كل المقالات"}</strong></p>\n'
            f"<ul>{filters}</ul>")


def _record(p: Passage, context: ExportContext) -> dict:
    return {
        "article_id": p.article_id, "title": p.title, "author": p.author, "source_path": p.path,
        "paragraph": p.paragraph, "passage_start": p.start, "text": p.text,
        "hits": [list(h) for h in p.hits],
        "entities": [{"id": m.entity, "kind": m.kind, "span": [m.start - p.start,
                                                                m.end - p.start]}
                     for m in p.mentions],
        "query": context.query, "filters": context.filters, "exported_at": context.exported_at,
        "source": p.source, "date": p.date,
    }


def _jsonl(passages: list[Passage], context: ExportContext) -> str:
    return "".join(json_safe(json.dumps(_record(p, context), ensure_ascii=False)) + "\n"
                   for p in passages)


CSV_COLUMNS = ["article_id", "title", "author", "source_path", "paragraph", "text", "hits",
               "entities", "query", "filters", "exported_at"]


def _csv(passages: list[Passage], context: ExportContext) -> str:
    buffer = io.StringIO()
    # A BOM so spreadsheet programs read UTF-8 and show Arabic.
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for p in passages:
        record = _record(p, context)
        spans = [tuple(h) for h in record["hits"]] + [tuple(e["span"])
                                                      for e in record["entities"]]
        text, moved = visible_spans(p.text, spans)
        record["text"] = csv_cell(text)
        if record["text"] != text:  # behind a "'": offsets count it
            moved = [(start + 1, end + 1) for start, end in moved]
        record["hits"] = json.dumps([list(h) for h in moved[:len(p.hits)]])
        for entity, span in zip(record["entities"], moved[len(p.hits):], strict=True):
            entity["span"] = list(span)
        record["entities"] = json.dumps(record["entities"], ensure_ascii=False)
        record["filters"] = json.dumps(record["filters"], ensure_ascii=False)
        writer.writerow({k: csv_cell(record[k]) for k in CSV_COLUMNS})
    return buffer.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell that no spreadsheet runs: text made visible, and a formula's first
    character (``= + - @``, or a tab or CR before one) behind a ``'`` (OWASP's advice).

    >>> csv_cell("=SUM(A1)"), csv_cell(" @SUM(1)"), csv_cell("نص - عادي"), csv_cell(3)
    ("'=SUM(A1)", "' @SUM(1)", 'نص - عادي', 3)
    >>> print(csv_cell("\\t=1+1"))
    '\\x09=1+1
    """
    if not isinstance(value, str):
        return value
    if value.lstrip(" \t\r\n").startswith(_FORMULA_START) or value.startswith(_FORMULA_START):
        return "'" + visible(value)
    return visible(value)


def write(path: Path, content: str, *, force: bool = False) -> Path:
    """Write ``content`` to ``path`` atomically; an existing file only with ``force``."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name")
    if path.exists() and not force:
        raise ExportError(f"{path}: already exists; use --force (or confirm) to overwrite it")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"{path}: the folder {folder} does not exist")
    try:
        data = content.encode("utf-8")
    except UnicodeEncodeError as error:  # only text that skipped ``visible`` can get here
        raise ExportError(f"{path}: cannot encode the export ({error.reason})") from None
    temp, fd = _create_beside(path)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        if path.exists():  # overwriting keeps the file's permissions
            os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
        os.replace(temp, path)
    except OSError as error:
        raise ExportError(f"{path}: cannot write ({error.strerror})") from None
    finally:
        temp.unlink(missing_ok=True)  # gone after the rename; never left after a failure
    return path


def _create_beside(path: Path) -> tuple[Path, int]:
    """A new temporary file beside ``path``, created with 0666 so the umask applies."""
    for _ in range(100):
        temp = path.with_name(f".{path.name}-{secrets.token_hex(4)}.part")
        try:
            return temp, os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise ExportError(f"{path}: cannot write in {path.parent} ({error.strerror})"
                              ) from None
    raise ExportError(f"{path}: cannot create a temporary file in {path.parent}")


def default_name(fmt: str, now: datetime | None = None) -> str:
    """``fahras-YYYYmmdd-HHMM.ext``."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M")
    return f"fahras-{stamp}.{fmt}"
