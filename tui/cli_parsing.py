"""How the ``fahras`` command reads its arguments, beyond what Typer does by itself.

- Global options (``--index-dir``, ``--entities``) may come before the sub-command:
  ``fahras --index-dir X search …`` means ``fahras search --index-dir X …``. Click would
  otherwise hand them to the group callback, where a sub-command never sees them, and the
  default index would be searched without a word. Given twice (before and after), or
  ``--bidi`` before a sub-command (it is the explorer's), is a one-line usage error.
- A query may start with ``-``: ``fahras search -x`` searches for articles without x, as
  the query syntax says, instead of failing with "No such option". A word starting with a
  single ``-`` that is not exactly one of the command's options is the query.
- Values are converted without pydantic. Typer 0.29 checks every value through a
  pydantic ``TypeAdapter`` built for each parameter: importing pydantic and building them
  was 0.12 s of CPU before a ``fahras search`` began its work (``python -X importtime``;
  tests/test_cli_imports.py), where fahras's options are only text, whole numbers within
  a range, paths and lists of them. ``PlainValue`` converts those the same way, with
  pydantic's own messages; any other parameter keeps Typer's conversion. It replaces a
  private attribute of Typer's (``_runtime_param``, typer 0.29, named by a test); with
  another Typer it is left alone and Typer converts as before.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

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
        for command in (self, *self.commands.values()):
            plain_values(command.get_params(ctx))  # the help option too (made once)
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


try:  # Typer 0.29's conversion of values (see the module docstring)
    from typer._coercion import RuntimeParam
except ImportError:  # pragma: no cover - another Typer: its own conversion stays
    RuntimeParam = None  # type: ignore[assignment,misc]

#: Leaf types ``PlainValue`` converts.
PLAIN = (str, int, bool, Path)
#: Settings of a parameter that only Typer's own conversion honours.
_TYPER_ONLY = ("parser", "clamp", "exists", "resolve_path", "allow_dash", "path_type",
               "formats")


def _leaves(annotation: object) -> tuple[object, ...]:
    """The leaf types of ``str``, ``list[str]``, ``tuple[str, str, str]``…"""
    return get_args(annotation) if get_origin(annotation) in (list, tuple) else (annotation,)


def plain_values(params) -> int:
    """Give each of the parameters whose values are plain ``PlainValue``'s conversion;
    how many were given it."""
    if RuntimeParam is None:
        return 0
    given = 0
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or not hasattr(param, "_runtime_param"):
            continue
        info = descriptor.parameter_info
        if (any(getattr(info, name, None) for name in _TYPER_ONLY) or descriptor.is_file
                or not all(leaf in PLAIN for leaf in _leaves(descriptor.annotation))):
            continue
        param._runtime_param = PlainValue(parameter_info=info,
                                          annotation=descriptor.annotation)
        given += 1
    return given


if RuntimeParam is not None:
    @dataclass(frozen=True)
    class PlainValue(RuntimeParam):
        """A value converted as Typer's pydantic adapters convert it, without pydantic."""

        def _coerce_value(self, value: Any, param, ctx) -> Any:
            try:
                return _converted(value, self.annotation, self.parameter_info)
            except ValueError as error:
                raise click.exceptions.BadParameter(str(error), ctx=ctx, param=param) \
                    from None


def _converted(value: Any, annotation: Any, info) -> Any:
    origin = get_origin(annotation)
    if origin is list:
        items = value if isinstance(value, list | tuple) else [value]
        return [_leaf(item, get_args(annotation)[0], info) for item in items]
    if origin is tuple:
        kinds = get_args(annotation)
        if not isinstance(value, list | tuple):
            raise ValueError("Value error, value is not a valid tuple")
        if len(value) != len(kinds):
            raise ValueError(f"Value error, {len(kinds)} values are required, but "
                             f"{len(value)} given.")
        return tuple(_leaf(item, kind, info) for item, kind in zip(value, kinds, strict=True))
    return _leaf(value, annotation, info)


def _leaf(value: Any, kind: Any, info) -> Any:
    """One value as ``kind``; a ``ValueError`` with pydantic's message when it is not."""
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    if kind is int:
        return _whole_number(value, info.min, info.max)
    if kind is bool:
        text = value.strip().lower() if isinstance(value, str) else value
        if text in (True, 1, "1", "true", "t", "yes", "y", "on"):
            return True
        if text in (False, 0, "", "0", "false", "f", "no", "n", "off"):
            return False
        raise ValueError("Input should be a valid boolean, unable to interpret input")
    if kind is Path:
        return value if isinstance(value, Path) else Path(value)
    return str(value)


def _whole_number(value: Any, low: float | None, high: float | None) -> int:
    try:
        number = value if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        raise ValueError("Input should be a valid integer, unable to parse string as an "
                         "integer") from None
    if low is not None and number < low:
        raise ValueError(f"Input should be greater than or equal to {low}")
    if high is not None and number > high:
        raise ValueError(f"Input should be less than or equal to {high}")
    return number
