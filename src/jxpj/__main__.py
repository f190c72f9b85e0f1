"""``python -m jxpj``: the command line, as the ``jxpj`` script runs it."""

from jxpj.cli import main

main()
