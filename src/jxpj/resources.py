"""Where the bundled templates and framework specs are.

The design card keeps ``templates/`` and ``specs/`` at the top of the repository; the wheel maps
them into the package (``jxpj/templates``, ``jxpj/specs``). A source checkout (tests, an editable
install) has no such copies, so the folder beside ``src/`` is used instead: one rule, two layouts.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

from jxpj.errors import JxpjError


def data_dir(name: Literal["templates", "specs"]) -> Path:
    """The folder holding the bundled ``templates`` or ``specs``."""
    packaged = Path(str(files("jxpj"))) / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise JxpjError(f"jxpj is installed without its {name}/ folder; reinstall it")  # pragma: no cover
