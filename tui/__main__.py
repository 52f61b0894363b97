"""``python -m fahras.tui`` runs the fahras command."""

from .cli import main

main()
