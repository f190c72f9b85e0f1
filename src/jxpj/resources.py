"""Where the bundled templates and framework specs are.

The design card keeps ``templates/`` and ``specs/`` at the top of the repository; the wheel maps
them into the package (``jxpj/templates``, ``jxpj/specs``). A source checkout (tests, an editable
install) has no such copies, so the folder beside ``src/`` is used instead: one rule, two layouts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from jxpj.errors import JxpjError


def data_dir(name: Literal["templates", "specs"]) -> Path:
    """The folder holding the bundled ``templates`` or ``specs``."""
    # The package's own folder, which importlib.resources.files("jxpj") also names for an
    # installed package (only a folder can hold them); without importing its readers (0.7 ms).
    packaged = Path(__file__).parent / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise JxpjError(f"jxpj is installed without its {name}/ folder; reinstall it")  # pragma: no cover
