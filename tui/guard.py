"""The command line's output guard: nothing written to stdout or stderr can control the
terminal, whatever string from data it carries.

Each output line of ``fahras`` is built from data (paths, ids, titles, entity names,
queries, error messages naming files). Rather than trust every ``echo`` to remember
sanitising (and every line added later), the process's ``sys.stdout`` and ``sys.stderr``
are wrapped once, in ``main``: every write passes through ``index.safe_text.visible``,
newlines and tabs kept. The one thing fahras itself styles, hits in bold on a terminal, is
written with ``print_trusted`` after its pieces were made visible one by one.

A guarded stream says it is not a terminal, so that libraries writing through it (Typer's
help, drawn by Rich) write plain text instead of colours the guard would show as escapes;
``is_terminal`` tells fahras's own code what the stream really is.
"""

from __future__ import annotations

import io
import sys
from typing import TextIO

from fahras.index.safe_text import visible


class GuardedStream(io.TextIOBase):
    """A text stream that writes every control character as a visible escape."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "errors", None) or "strict"

    def write(self, text: str) -> int:
        self.raw.write(visible(text, keep="\n\t"))
        return len(text)

    def write_trusted(self, text: str) -> int:
        """Write text whose escape sequences fahras made itself."""
        return self.raw.write(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return False  # see the module docstring: plain text from libraries

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True


def guard_output() -> None:
    """Wrap ``sys.stdout`` and ``sys.stderr`` (once) in ``GuardedStream``."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, GuardedStream):
            setattr(sys, name, GuardedStream(stream))


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` (guarded or not) writes to a terminal."""
    raw = stream.raw if isinstance(stream, GuardedStream) else stream
    return raw is not None and raw.isatty()


def print_trusted(text: str, end: str = "\n") -> None:
    """Text for stdout whose data pieces were made visible already and whose control
    characters are fahras's own (a hit's bold; a CSV export's CRLF line ends)."""
    out = sys.stdout
    if isinstance(out, GuardedStream):
        out.write_trusted(text + end)
        out.flush()
    else:
        print(text, file=out, end=end)
