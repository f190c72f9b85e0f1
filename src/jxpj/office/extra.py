"""The optional ``office`` dependencies, imported on demand with a message that says how to get them."""

from __future__ import annotations

import importlib
from types import ModuleType

from jxpj.errors import UsageError

# import name -> what pip calls it, for the message
_PACKAGES = {
    "openpyxl": "openpyxl",
    "docx": "python-docx",
    "matplotlib": "matplotlib",
    "markdown_it": "markdown-it-py",
    "pylopdf_fonts_zh_cn": "pylopdf-fonts-zh-cn",
}


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module`` or stop with exit 2, naming the extra that provides it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        package = _PACKAGES.get(module.split(".")[0], module)
        raise UsageError(
            f"{purpose} needs the {package} package, which is not installed; "
            'install the office extra: pip install "jxpj[office]"'
        ) from None
