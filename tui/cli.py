"""The ``fahras`` command: the explorer with no sub-command, and scriptable sub-commands.

Errors are one line on stderr and a non-zero exit, never a traceback; usage mistakes too.
Everything printed passes the output guard (``tui/guard.py``), so no string from data can
control the terminal; how arguments are read (global options before the command, queries
starting with ``-``) is in ``tui/cli_parsing.py``.

A command imports what it uses inside its function, so ``fahras search`` loads neither
the explorer nor the reading pipeline (issue 18; benchmarks/cold.py measures it). The
annotations are not postponed (no ``from __future__ import annotations``): Typer reads
every command's parameters on each run, and evaluating them from strings was 0.02 s of
the 0.04 s of CPU that parsing a search took.
"""

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from .cli_parsing import CLICK_ERRORS, GlobalOptionsGroup, QueryFirstCommand
from .guard import guard_output, is_terminal, print_trusted

app = typer.Typer(
    cls=GlobalOptionsGroup,
    add_completion=False, no_args_is_help=False, pretty_exceptions_enable=False,
    help="fahras (فهرس): search, filter and read an Arabic news corpus in the terminal.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

IndexDir = Annotated[Path | None, typer.Option(
    "--index-dir", envvar="FAHRAS_INDEX_DIR", help="Index directory (default: user data dir).")]
EntitiesFile = Annotated[Path | None, typer.Option(
    "--entities", help="Your own entity catalogue (TOML), merged over the built-in one.")]
# metavar="": a flag takes no value, and help must not show one (typer shows ``<bool>``).
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.", metavar="")]
Values = Annotated[list[str] | None, typer.Option(help="Id or any alias, in either script.")]
AnyOf = Annotated[bool, typer.Option("--any", help="Any of the entities, not all.",
                                     metavar="")]
Exact = Annotated[bool, typer.Option(help="Match surface forms, without stemming.",
                                     metavar="")]
# The filters of search, kwic and timeline (related takes the dates).
Since = Annotated[str, typer.Option(help="Published on or after (YYYY-MM-DD, YYYY-MM, YYYY).")]
Until = Annotated[str, typer.Option(help="Published on or before (YYYY-MM-DD, YYYY-MM, YYYY).")]
Sources = Annotated[list[str] | None, typer.Option(help="Outlet (repeat for any of several).")]


def fail(message: str, code: int = 1) -> NoReturn:
    """One clear line on stderr, then exit."""
    typer.echo(f"fahras: {message}", err=True)
    raise typer.Exit(code)


def open_store(index_dir: Path | None, entities: Path | None, *, build: bool = True):
    """The store, with catalogue warnings reported and the index built if needed.

    Without ``build`` (the explorer, ``fahras index``) the pointer is still checked, so
    that a damaged one is one line here rather than an error inside the explorer."""
    from fahras.index.catalogue import load_catalogue
    from fahras.index.store import Store, StoreError, ensure_ready

    catalogue = load_catalogue(entities)
    for warning in catalogue.warnings:
        typer.echo(f"fahras: warning: {warning}", err=True)
    store = Store(index_dir, catalogue)
    try:
        if not build:
            store.pointer()
            return store
        with _progress("Building the index") as progress:
            report = ensure_ready(store, progress)
        if report is not None:
            _report_run(report)
        store.open()  # a damaged generation: one line naming the file, here
    except StoreError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{store.directory}: cannot write the index ({error.strerror or error})")
    return store


def _report_run(report) -> None:
    """What an indexing run must tell: skipped files, texts given twice, renamed ids,
    sources gone, articles lost, recovered pointers; one line each, paths relative to
    the working directory where they are under it."""
    _report_skipped(report.skipped)
    for item in report.duplicates:
        typer.echo(f"fahras: {_relative(item.path)}: not indexed again, "
                   f"{_relative(item.reason)}", err=True)
    for line in report.renamed:
        typer.echo(f"fahras: {_relative(line)}", err=True)
    for source in report.gone:
        typer.echo(f"fahras: {_relative(source)}: gone; its articles are kept from the index",
                   err=True)
    for line in (*report.lost, *report.notices):
        typer.echo(f"fahras: {_relative(line)}", err=True)


def _relative(text: str) -> str:
    """Absolute paths under the working directory, shown relative to it."""
    here = str(Path.cwd())
    return text.replace(here.rstrip("/") + "/", "") if here != "/" else text


class _progress:
    """A progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None  # a rich Progress, imported only on a terminal

    def __enter__(self):
        if not is_terminal(sys.stderr):
            return None
        from rich.console import Console
        from rich.progress import Progress

        # The bar's own escape sequences go to the terminal itself, past the output guard.
        bar = self.bar = Progress(console=Console(file=sys.__stderr__), transient=True)
        bar.start()
        task = bar.add_task(self.label, total=None)

        def update(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{self.label}")

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _report_skipped(skipped) -> None:
    for item in skipped:
        typer.echo(f"fahras: {_relative(str(item))}", err=True)


def _emit(data: dict) -> None:
    from fahras.index.jsonable import dumps

    typer.echo(dumps(data))


# -- the explorer ------------------------------------------------------------------------

@app.callback(invoke_without_command=True)
def explore(
    ctx: typer.Context,
    index_dir: IndexDir = None,
    entities: EntitiesFile = None,
    bidi: Annotated[str, typer.Option(help="auto | app | terminal: who draws right-to-left.")
                    ] = "auto",
) -> None:
    """Open the explorer (the default when no command is given)."""
    if ctx.invoked_subcommand is not None:
        return
    if bidi not in ("auto", "app", "terminal"):
        fail(f"--bidi must be auto, app or terminal, not {bidi!r}", 2)
    from .app import FahrasApp

    store = open_store(index_dir, entities, build=False)
    _check_opens(store)
    FahrasApp(store, bidi=bidi, entities_file=entities).run()


def _check_opens(store) -> None:
    """A damaged file of an existing index is one line here, not a traceback from the
    explorer's first search (the index opened here is the one the explorer keeps)."""
    from fahras.index.store import StoreError

    try:
        if store.pointer() is not None:
            store.open()
    except StoreError as error:
        fail(str(error))


# -- sub-commands ------------------------------------------------------------------------

@app.command("index")
def index_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files and folders to index.")] = None,
    rebuild: Annotated[bool, typer.Option(
        help="Build a fresh index, reading every indexed file again.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Verify the index (pointer, manifest, every file's checksum).")] = False,
    repair: Annotated[bool, typer.Option(
        "--repair", help="Fix a damaged index: the newest complete generation, or a "
        "rebuild from the original files.")] = False,
    follow: Annotated[bool, typer.Option(
        "--follow", "-L", help="Follow symbolic links that lead out of the folders.")] = False,
    index_dir: IndexDir = None,
    entities: EntitiesFile = None,
    jobs: Annotated[int | None, typer.Option(
        min=1, max=64, help="Processes that build a new index (default: one per core "
        "from 1,000 files; 1: this process only).")] = None,
) -> None:
    """Index files and folders (a new index: the bundled seeds). Unchanged files are skipped."""
    from fahras.index.store import StoreError, bundled_seeds

    if (check or repair) and (paths or rebuild or (check and repair)):
        fail("--check and --repair take no files and go alone", 2)
    store = open_store(index_dir, entities, build=False) if not repair else _bare_store(
        index_dir, entities)
    if check:
        _check(store)
        return
    if not (paths or rebuild or repair) and not store.is_unused():
        fail("name the files or folders to index (the seeds go only into a new index "
             "directory); --rebuild reads every indexed file again", 2)
    targets = list(paths) if paths else ([bundled_seeds()] if store.is_unused() else [])
    try:
        with _progress("Indexing") as progress:
            if repair:
                report = store.repair(progress=progress, jobs=jobs)
            else:
                report = store.add(targets, rebuild=rebuild, progress=progress, jobs=jobs,
                                   follow=follow)
    except StoreError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{store.directory}: cannot write the index ({error.strerror or error})")
    _report_run(report)
    extra = "".join(f", {label} {len(items)}" for label, items in (
        ("same text as another", report.duplicates), ("renamed", report.renamed),
        ("sources gone", report.gone), ("lost", report.lost)) if items)
    if rebuild:  # every article was indexed again: "added 0, updated 0" would say nothing
        done = (f"rebuilt the index: {report.indexed} articles indexed again "
                f"({len(report.added)} new, {len(report.updated)} changed), skipped "
                f"{len(report.skipped)}{extra}")
    else:
        done = (f"added {len(report.added)}, updated {len(report.updated)}, unchanged "
                f"{len(report.unchanged)}, skipped {len(report.skipped)}{extra}")
    typer.echo(f"{done}; {store.count()} articles in {store.directory}")
    if targets and not report.indexed and report.skipped:
        raise typer.Exit(1)


def _bare_store(index_dir: Path | None, entities: Path | None):
    """The store without checking its pointer: ``--repair`` is for a broken one."""
    from fahras.index.catalogue import load_catalogue
    from fahras.index.store import Store

    catalogue = load_catalogue(entities)
    for warning in catalogue.warnings:
        typer.echo(f"fahras: warning: {warning}", err=True)
    return Store(index_dir, catalogue)


def _check(store) -> None:
    """``fahras index --check``: one line per problem and exit 1, or one line that all is
    well."""
    from fahras.index.store import StoreError

    try:
        problems = store.check()
    except (StoreError, OSError) as error:
        fail(str(error))
    for problem in problems:
        typer.echo(f"fahras: {problem}", err=True)
    if problems:
        fail("the index is damaged: run `fahras index --repair`")
    typer.echo(f"ok: {store.count()} articles in {store.directory}; every file matches its "
               "checksum")


@app.command(cls=QueryFirstCommand)
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", OR, -word, prefix*, =exact.')],
    company: Values = None,
    person: Values = None,
    place: Values = None,
    organisation: Values = None,
    product: Values = None,
    any_: AnyOf = False,
    exact: Exact = False,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    since: Since = "",
    until: Until = "",
    source: Sources = None,
    sort: Annotated[str, typer.Option(help="relevance or date (newest first).")] = "relevance",
    index_dir: IndexDir = None,
    entities: EntitiesFile = None,
    as_json: AsJson = False,
) -> None:
    """Search the index; filter by company, person, place, date and source."""
    from fahras.index import jsonable
    from fahras.index.search import Engine, SearchRequest

    since, until = _date_option("--since", since), _date_option("--until", until)
    if sort not in ("relevance", "date"):
        fail(f"--sort must be relevance or date, not {sort!r}", 2)
    store = open_store(index_dir, entities)
    filters = _filters(store, company, person, place, organisation, product, any_)
    response = Engine(store).search(SearchRequest(
        query, filters, limit=limit, exact=exact, since=since, until=until,
        sources=tuple(source or ()), sort=sort))
    if as_json:
        _emit(jsonable.response(response))
        return
    from .styling import plural  # here: the styling module brings the renderer (60 ms)

    typer.echo(f"{plural(response.total, 'article')} ({response.took_ms:.0f} ms)"
               + (f" — {response.notice}" if response.notice else ""))
    for number, result in enumerate(response.results, start=1):
        typer.echo(f"\n{number}. {result.title}  [{result.id}]  score {result.score:.2f}")
        print_trusted(f"   {_marked(result.snippet, result.snippet_hits)}")
        _echo_news(result)


@app.command(cls=QueryFirstCommand)
def kwic(
    query: Annotated[str, typer.Argument(help='Words, "phrases", OR, prefix*, =exact.')],
    company: Values = None,
    person: Values = None,
    place: Values = None,
    organisation: Values = None,
    product: Values = None,
    any_: AnyOf = False,
    exact: Exact = False,
    since: Since = "",
    until: Until = "",
    source: Sources = None,
    sort: Annotated[str, typer.Option(
        help="relevance, hit, left1-3 (words before the hit), right1-3 (after), article, date."
    )] = "relevance",
    form: Annotated[str, typer.Option(help="Only hits written in this form (see the counts).")
                    ] = "",
    width: Annotated[int, typer.Option(min=1, max=1000, help="Characters of context each side.")
                     ] = 40,
    index_dir: IndexDir = None,
    entities: EntitiesFile = None,
    as_json: AsJson = False,
    as_tsv: Annotated[bool, typer.Option("--tsv", help="Tab-separated lines.", metavar="")
                      ] = False,
) -> None:
    """Every hit of a query with its context (a concordance), sortable by the words around it."""
    from fahras.index import concordance as kwic_lines
    from fahras.index.search import Engine, SearchRequest

    since, until = _date_option("--since", since), _date_option("--until", until)
    if sort not in kwic_lines.SORT_KEYS:
        fail(f"--sort must be one of {', '.join(kwic_lines.SORT_KEYS)}, not {sort!r}", 2)
    if as_json and as_tsv:
        fail("--json and --tsv: choose one", 2)
    store = open_store(index_dir, entities)
    filters = _filters(store, company, person, place, organisation, product, any_)
    engine = Engine(store)
    request = SearchRequest(query, filters, exact=exact, since=since, until=until,
                            sources=tuple(source or ()))
    every = list(kwic_lines.concordance(engine, request, width=width))
    found = kwic_lines.sort_lines([line for line in every if not form or line.form == form],
                                  sort)
    if as_tsv:
        from fahras.index.concordance_export import render

        typer.echo(render(found, "tsv"), nl=False)
        return
    forms = kwic_lines.form_counts(every)
    collocates = kwic_lines.collocations(engine, found)
    if as_json:
        _emit({"query": query, "filters": filters.to_dict(), "sort": sort, "form": form,
               "hits": len(found), "articles": len({line.article_id for line in found}),
               "forms": [{"form": f.form, "count": f.count} for f in forms],
               "collocations": [{"word": c.word, "together": c.together,
                                 "frequency": c.frequency, "log_dice": c.score}
                                for c in collocates],
               "lines": [line.to_dict() for line in found]})
        return
    _echo_kwic(found, forms, collocates, width)


def _echo_kwic(found, forms, collocates, width: int) -> None:
    """A concordance in logical order: left context, the hit marked, right context."""
    from fahras.index.safe_text import visible

    from .styling import plural

    articles = len({line.article_id for line in found})
    typer.echo(f"{plural(len(found), 'hit')} in {plural(articles, 'article')}")
    if forms:
        typer.echo("forms: " + " · ".join(f"{visible(f.form)} {f.count}" for f in forms))
    for line in found:
        left = visible(line.left).rjust(width)
        print_trusted(f"{left} {_marked(line.hit, [(0, len(line.hit))])} "
                      f"{visible(line.right)}  [{visible(line.article_id)} ¶{line.paragraph + 1}]")
    if collocates:
        typer.echo("collocates: " + " · ".join(f"{visible(c.word)} {c.together} ({c.score:.1f})"
                                               for c in collocates[:10]))


def _date_option(name: str, value: str) -> str:
    """A ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` option, checked."""
    import re

    if value and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value.strip()):
        fail(f"{name} must be a date as YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}", 2)
    return value.strip()


def _echo_news(result) -> None:
    """A result's outlet and date, and the other outlets that carried the story."""
    where = " · ".join(x for x in (result.source, result.date) if x)
    if where:
        typer.echo(f"   {where}")
    if result.also_in:
        names = "، ".join(dict.fromkeys(c.source or c.id for c in result.also_in))
        typer.echo(f"   also in {len(result.also_in)} sources: {names}")


def _filters(store, company, person, place, organisation, product, any_):
    from fahras.index.entities import UnknownEntity, resolve
    from fahras.index.models import Filters

    chosen: dict[str, tuple[str, ...]] = {}
    for kind, values in (("company", company), ("person", person), ("place", place),
                         ("organisation", organisation), ("product", product)):
        try:
            chosen[kind] = tuple(resolve(store.matcher, v, kind).id for v in values or ())
        except UnknownEntity as error:
            fail(f"--{kind}: {error}", 2)
    return Filters(**chosen, any_=any_)


def _marked(text: str, hits) -> str:
    """Hits in bold on a terminal, else in **…** (text stays in logical order).

    Every piece of the text is made visible first: the only escape sequences in the
    line are the bold fahras adds.
    """
    from fahras.index.safe_text import visible

    tty = is_terminal(sys.stdout)
    out, last = [], 0
    for start, end in hits:
        hit = visible(text[start:end])
        out += [visible(text[last:start]), typer.style(hit, bold=True, underline=True) if tty
                else f"**{hit}**"]
        last = end
    return "".join(out) + visible(text[last:])


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID")],
    index_dir: IndexDir = None,
    entities: EntitiesFile = None,
    as_json: AsJson = False,
) -> None:
    """Show one article with its entities."""
    from fahras.index import jsonable

    store = open_store(index_dir, entities)
    # An id that is not text (undecodable bytes from the shell) names no article.
    view = store.article(article_id) if _encodable(article_id) else None
    if view is None and article_id and _encodable(article_id):
        view = _by_prefix(store, article_id)
    if view is None:
        fail(f"no article with id {article_id!r} in {store.directory}")
    if as_json:
        _emit(jsonable.article(view))
        return
    typer.echo(view.title + (f"\n{view.author}" if view.author else ""))
    typer.echo(" · ".join(x for x in (view.source, view.dateline, view.date) if x) or "")
    typer.echo(f"{view.path}\n")
    typer.echo("\n\n".join(view.paragraphs))


def _by_prefix(store, prefix: str):
    """The one article whose id starts with ``prefix`` (``003`` for ``003_fe17…``); a
    prefix that several ids share is an error naming them."""
    from fahras.index.search import Engine, SearchRequest

    every = Engine(store).search(SearchRequest("", limit=max(1, store.count()), facets=False))
    ids = sorted(r.id for r in every.results if r.id.startswith(prefix))
    if len(ids) > 1:
        shown = ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
        fail(f"id {prefix!r} is ambiguous: ids starting with it are {shown}")
    return store.article(ids[0]) if ids else None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@app.command(cls=QueryFirstCommand)
def analyze(
    text: str,
    index_dir: IndexDir = None,
    entities: EntitiesFile = None,
    as_json: AsJson = False,
) -> None:
    """Show how text is analysed: tokens, offsets, normal forms, stems, name expansions."""
    from fahras.index.catalogue import load_catalogue
    from fahras.index.entities import EntityMatcher
    from fahras.index.query import parse, positive_words

    matcher = EntityMatcher(load_catalogue(entities))
    tokens = matcher.analyzer.tokens(text)
    expansions = {}
    for node in positive_words(parse(text)):
        norms = tuple(t.norm for t in matcher.analyzer.tokens(node.text, keep_stops=True))
        found = matcher.expansions(norms)
        if found:
            expansions[node.text] = [{"id": e.id, "aliases": list(e.all_aliases)} for e in found]
    if as_json:
        _emit({"tokens": [{"text": t.text, "start": t.start, "end": t.end, "norm": t.norm,
                           "stem": t.stem} for t in tokens], "expansions": expansions})
        return
    for t in tokens:
        typer.echo(f"{t.start:>5}-{t.end:<5} {t.text}  →  {t.norm}  →  {t.stem}")
    for word, listed in expansions.items():
        for entity in listed:
            typer.echo(f"{word} expands to {entity['id']}: {' | '.join(entity['aliases'])}")


@app.command("entities")
def entities_command(
    kind: Annotated[str | None, typer.Option(help="company, person, place, organisation, product")
                    ] = None,
    unknown: Annotated[bool, typer.Option(
        help="Names in the corpus that no entity matches, by how many articles name them.")
                       ] = False,
    spellings: Annotated[str | None, typer.Option(
        help="Every spelling of this entity (id or alias) in the corpus, with counts.")
                         ] = None,
    add: Annotated[tuple[str, str, str] | None, typer.Option(
        "--add", metavar="KIND ID ALIAS",
        help="Add an entity, or an alias of one, to your entity file and re-tag the "
        "articles that name it.")] = None,
    index_dir: IndexDir = None,
    entities: EntitiesFile = None,
    as_json: AsJson = False,
) -> None:
    """List entities with article and mention counts, their spellings, or unknown names."""
    from fahras.index.models import KINDS

    if kind is not None and kind not in KINDS:
        fail(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}", 2)
    store = open_store(index_dir, entities)
    if add is not None:
        _add_entity(store, entities, *add)
        return
    from fahras.index.entities import UnknownEntity, resolve
    from fahras.index.listing import entity_counts, unknown_names
    from fahras.index.listing import spellings as spellings_of

    if spellings is not None:
        try:
            entity = resolve(store.matcher, spellings, kind)
        except UnknownEntity as error:
            fail(str(error))
        rows = spellings_of(store, entity.id)
        if as_json:
            _emit({"entity": entity.id, "spellings": rows})
            return
        for row in rows:
            origin = "listed" if row["listed"] else "generated"
            typer.echo(f"{row['mentions']:>5} mentions {row['articles']:>4} articles  "
                       f"{origin:<9}  {row['spelling']}")
        return
    if unknown:
        names: Counter[str] = unknown_names(store)
        if as_json:
            _emit({"unknown": [{"name": n, "articles": c, "count": c}
                               for n, c in names.most_common()]})
        else:
            for name, count in names.most_common():
                typer.echo(f"{count:>5} articles  {name}")
        return
    rows = entity_counts(store, kind)
    if as_json:
        _emit({"entities": rows})
        return
    for row in rows:
        typer.echo(f"{row['articles']:>4} articles {row['mentions']:>5} mentions  "
                   f"{row['kind']:<12} {row['id']:<20} {row['name']} / {row['name_ar']}")


def _add_entity(store, entities: Path | None, kind: str, entity_id: str, alias: str) -> None:
    """``entities --add``: write the name to the user's file, then apply the change to
    the index incrementally (index/retag.py) and say what it did."""
    from fahras.index.catalogue import (
        CatalogueError,
        add_to_user_catalogue,
        load_catalogue,
        user_catalogue_path,
    )
    from fahras.index.store import StoreError

    from .styling import plural

    path = entities or user_catalogue_path()
    try:
        entity = add_to_user_catalogue(path, kind, entity_id, alias)
        report = store.apply_catalogue(load_catalogue(entities))
    except (CatalogueError, StoreError) as error:
        fail(str(error))
    how = "the index was rebuilt" if report.rebuilt else (
        f"{plural(len(report.retagged), 'article')} re-tagged "
        f"({report.examined:,} examined) in {report.seconds:.1f} s")
    typer.echo(f"added {alias!r} to {entity.id} ({entity.kind}) in {path}; {how}")


@app.command(cls=QueryFirstCommand)
def export(
    query: Annotated[str, typer.Argument(help="The search whose passages to export.")] = "",
    company: Values = None,
    person: Values = None,
    place: Values = None,
    organisation: Values = None,
    product: Values = None,
    any_: AnyOf = False,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="md, html, jsonl or csv (default: the file's extension, "
        "else md).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: stdout).")
                      ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.", metavar="")
                     ] = False,
    collection: Annotated[bool, typer.Option(
        "--collection", help="Export the marked passages instead of a search.", metavar="")
        ] = False,
    exact: Exact = False,
    index_dir: IndexDir = None,
    entities: EntitiesFile = None,
) -> None:
    """Export passages with citations: a search's, or the collection you marked."""
    from fahras.index import export as exporting
    from fahras.index.collection import Collection
    from fahras.index.search import Engine, SearchRequest

    fmt = exporting.format_for(output, fmt)
    if fmt not in exporting.FORMATS:
        fail(f"--format must be one of {', '.join(exporting.FORMATS)}, not {fmt!r}", 2)
    store = open_store(index_dir, entities)
    filters = _filters(store, company, person, place, organisation, product, any_)
    if collection:
        marked = Collection.beside(store.directory)
        if marked.problem:
            typer.echo(f"fahras: warning: {marked.problem}", err=True)
        passages = list(marked)
        if not passages:
            fail(f"the collection ({marked.path}) is empty: nothing exported")
        context = exporting.ExportContext(
            collection=exporting.collection_summary(passages))
    else:
        passages = Engine(store).passages(SearchRequest(query, filters, exact=exact))
        context = exporting.ExportContext(query=query, filters=filters.to_dict())
    content = exporting.render(passages, fmt, context)
    if output is None:
        print_trusted(content, end="")  # made safe by render; CSV keeps its CRLF line ends
        return
    try:
        path = exporting.write(output, content, force=force)
    except exporting.ExportError as error:
        fail(str(error))
    typer.echo(f"exported {len(passages)} passage{'' if len(passages) == 1 else 's'} to "
               f"{path}", err=True)


@app.command(cls=QueryFirstCommand)
def timeline(
    query: Annotated[str, typer.Argument(help="The search to count over time ('' for all).")],
    company: Values = None,
    person: Values = None,
    place: Values = None,
    organisation: Values = None,
    product: Values = None,
    any_: AnyOf = False,
    exact: Exact = False,
    by: Annotated[str | None, typer.Option(
        help="day, week or month (default: the finest that draws the span in 60 bars).")
                  ] = None,
    since: Since = "",
    until: Until = "",
    source: Sources = None,
    index_dir: IndexDir = None,
    entities: EntitiesFile = None,
    as_json: AsJson = False,
) -> None:
    """Matching articles per day, week or month, and how many have no date."""
    from fahras.index.search import Engine, SearchRequest
    from fahras.index.timeline import BY
    from fahras.index.timeline import timeline as count_timeline

    since, until = _date_option("--since", since), _date_option("--until", until)
    if by is not None and by not in BY:
        fail(f"--by must be day, week or month, not {by!r}", 2)
    store = open_store(index_dir, entities)
    filters = _filters(store, company, person, place, organisation, product, any_)
    request = SearchRequest(query, filters, exact=exact, since=since, until=until,
                            sources=tuple(source or ()))
    try:
        found = count_timeline(Engine(store), request, by)
    except ValueError as error:
        fail(str(error), 2)
    if as_json:
        _emit(found.to_dict())
        return
    width = len(str(found.peak))
    for bucket in found.buckets:
        bar = "█" * round(TIMELINE_BAR * bucket.count / found.peak) if found.peak else ""
        starts = f" {bucket.start}" if found.by == "week" else ""
        typer.echo(f"{bucket.label}{starts} {bucket.count:>{width}} {bar}".rstrip())
    if found.note:
        typer.echo(found.note)


#: The longest bar ``fahras timeline`` prints, in characters.
TIMELINE_BAR = 40


@app.command()
def related(
    entity: Annotated[str, typer.Argument(metavar="ENTITY", help="Id or any alias.")],
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    since: Since = "",
    until: Until = "",
    index_dir: IndexDir = None,
    entities: EntitiesFile = None,
    as_json: AsJson = False,
) -> None:
    """The entities named in the same articles as ENTITY, strongest (log-Dice) first."""
    from fahras.index.cooccurrence import related as related_to
    from fahras.index.entities import UnknownEntity, resolve
    from fahras.index.search import Engine, SearchRequest

    since, until = _date_option("--since", since), _date_option("--until", until)
    store = open_store(index_dir, entities)
    try:
        chosen = resolve(store.matcher, entity)
    except UnknownEntity as error:
        fail(str(error))
    found = related_to(Engine(store), chosen, SearchRequest("", since=since, until=until),
                       limit)
    if as_json:
        _emit(found.to_dict())
        return
    typer.echo(f"{chosen.name} / {chosen.name_ar}: named in {found.articles} of "
               f"{found.scope} articles")
    for partner in found.partners:
        typer.echo(f"{partner.log_dice:6.2f} {partner.together:>5} of {partner.articles:<5} "
                   f"{partner.kind:<12} {partner.name} / {partner.name_ar}")


def main() -> None:
    """Console-script entry point."""
    import os

    guard_output()
    try:
        code = app(standalone_mode=False)
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except CLICK_ERRORS as error:  # a usage error: one line, like every other error
        typer.echo(f"fahras: {error.format_message()}", err=True)
        raise SystemExit(error.exit_code) from None
    except typer.Abort:
        raise SystemExit(130) from None
    except Exception as error:  # a bug: one line, and the traceback only on request
        if os.environ.get("FAHRAS_DEBUG"):
            raise
        typer.echo(f"fahras: internal error: {type(error).__name__}: {error} "
                   "(set FAHRAS_DEBUG=1 for details)", err=True)
        raise SystemExit(70) from None
    if isinstance(code, int):  # typer.Exit, returned rather than raised
        raise SystemExit(code)
