"""How the ``fahras`` command reads its arguments, beyond what Typer does by itself.

- Global options (``--index-dir``, ``--entities``) may come before the sub-command:
  ``fahras --index-dir X search …`` means ``fahras search --index-dir X …``. Click would
  otherwise hand them to the group callback, where a sub-command never sees them, and the
  default index would be searched without a word. Given twice (before and after), or
  ``--bidi`` before a sub-command (it is the explorer's), is a one-line usage error.
- A query may start with ``-``: ``fahras search -x`` searches for articles without x, as
  the query syntax says, instead of failing with "No such option". A word starting with a
  single ``-`` that is not exactly one of the command's options is the query.
"""

from __future__ import annotations

from typer.core import TyperCommand, TyperGroup, TyperOption

try:  # typer 0.16 and later carry their own copy of click
    from typer import _click as click
except ImportError:  # pragma: no cover - older typer depends on click itself
    import click  # type: ignore[no-redef]

#: Errors of the command line's own (a bad option, a missing argument): one line each.
CLICK_ERRORS = (click.exceptions.ClickException,)

#: Options every sub-command takes, so they can be moved behind the sub-command's name.
MOVABLE = ("--index-dir", "--entities")
#: Options of the explorer only.
EXPLORER_ONLY = ("--bidi",)


def _name(arg: str) -> str:
    return arg.split("=", 1)[0]


def globals_after_command(args: list[str], commands: set[str]) -> list[str]:
    """``args`` with global options given before a sub-command moved just after its name.

    >>> globals_after_command(["--index-dir", "X", "search", "q"], {"search"})
    ['search', '--index-dir', 'X', 'q']
    >>> globals_after_command(["--entities=e.toml", "show", "id"], {"show"})
    ['show', '--entities=e.toml', 'id']
    >>> globals_after_command(["--index-dir", "X"], {"search"})
    ['--index-dir', 'X']
    """
    moved: list[str] = []
    others: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if _name(arg) in MOVABLE + EXPLORER_ONLY:
            take = 1 if "=" in arg else 2
            moved += args[i:i + take]
            i += take
        elif arg in commands:
            break
        elif arg == "--":
            return args
        else:
            others.append(arg)
            i += 1
    else:
        return args  # no sub-command: the explorer takes them
    command, rest = args[i], args[i + 1:]
    for option in EXPLORER_ONLY:
        if any(_name(a) == option for a in moved):
            raise click.exceptions.UsageError(f"{option} is an option of the explorer, not of "
                                   f"'{command}': run 'fahras {option} …' without a command")
    for option in MOVABLE:
        if any(_name(a) == option for a in moved) and any(_name(a) == option for a in rest):
            raise click.exceptions.UsageError(
                f"{option} is given both before and after '{command}': give it once")
    return [*others, command, *moved, *rest]


class GlobalOptionsGroup(TyperGroup):
    """The ``fahras`` group: global options work before or after the sub-command."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        return super().parse_args(ctx, globals_after_command(list(args), set(self.commands)))


def dash_words_as_query(args: list[str], options: dict[str, bool]) -> list[str]:
    """``args`` with words that start with ``-`` (and name no option) moved behind ``--``.

    ``options`` maps each option name to whether it takes a value.

    >>> dash_words_as_query(["-x", "--json"], {"--json": False, "-h": False})
    ['--json', '--', '-x']
    >>> dash_words_as_query(["--limit", "-5", "-h"], {"--limit": True, "-h": False})
    ['--limit', '-5', '-h']
    >>> dash_words_as_query(["--", "-x"], {})
    ['--', '-x']
    """
    kept: list[str] = []
    words: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return args  # already separated by the user
        if arg in options:
            take = 2 if options[arg] else 1
            kept += args[i:i + take]
            i += take
            continue
        if arg.startswith("-") and not arg.startswith("--") and len(arg) > 1:
            words.append(arg)
        else:
            kept.append(arg)  # a plain word, a --long=value or an unknown --long option
        i += 1
    return [*kept, "--", *words] if words else kept


class QueryFirstCommand(TyperCommand):
    """A sub-command whose query may start with ``-``."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        options: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, TyperOption):
                for name in param.opts:
                    options[name] = not param.is_flag
                for name in param.secondary_opts:
                    options[name] = False
        return super().parse_args(ctx, dash_words_as_query(list(args), options))
