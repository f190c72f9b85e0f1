"""``jxpj check``: every problem in specs and evidence files, located, all at once."""
