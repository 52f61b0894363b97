"""fahras's user interfaces: the Textual explorer and the command line."""
