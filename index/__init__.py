"""fahras's engine: read Arabic news, analyse it, index it with Whoosh, search it.

A library with no user interface: it never imports Textual or ``tui`` and hands back
plain frozen dataclasses (see models.py).
"""

import warnings

from .old_names import resolve_old_names

# Whoosh 2.7 predates Python 3.12's stricter escapes and a few deprecations: keep its
# warnings out of the user's face (see README, "Why whoosh-reloaded").
warnings.filterwarnings("ignore", category=SyntaxWarning, module=r"whoosh(\.|$)")
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"whoosh(\.|$)")

# Indexes written before the package was fahras.index name its classes index.x (old_names.py).
resolve_old_names()
