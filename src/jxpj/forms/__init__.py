"""Reading a filled-in 项目支出绩效自评表 (财预〔2020〕10号 附件1) from .xlsx or .docx into one
exact, located :class:`~jxpj.forms.model.Form`; the Office libraries are imported on first use."""

from __future__ import annotations

from pathlib import Path

from jxpj.errors import Problem, ProblemsError, display_path
from jxpj.forms.model import Form, FormIndicator, FundsRow, Target, Value, Where

FORM_SUFFIXES = (".xlsx", ".docx")
_OLD = {
    ".xls": ".xls (Excel 97-2003) is not read; save it as .xlsx in Excel or LibreOffice",
    ".doc": ".doc (Word 97-2003) is not read; save it as .docx in Word or LibreOffice",
    ".et": ".et (WPS 表格) is not read; save it as .xlsx in WPS or LibreOffice",
    ".wps": ".wps (WPS 文字) is not read; save it as .docx in WPS or LibreOffice",
}

__all__ = ["FORM_SUFFIXES", "Form", "FormIndicator", "FundsRow", "Target", "Value", "Where", "read_form"]


def read_form(path: str | Path) -> Form:
    """Read the 自评表 at ``path``, or raise ProblemsError with located problems."""
    shown = display_path(path)
    suffix = Path(path).suffix.lower()
    if suffix in _OLD:
        raise ProblemsError([Problem(shown, 1, 1, _OLD[suffix], "form-file")])
    if suffix not in FORM_SUFFIXES:
        message = f"a 自评表 is read from {' or '.join(FORM_SUFFIXES)}, not {suffix or 'a file without a suffix'}"
        raise ProblemsError([Problem(shown, 1, 1, message, "form-file")])
    from jxpj.forms.layout import build_form

    if suffix == ".xlsx":
        from jxpj.forms.xlsx import read_grid
    else:
        from jxpj.forms.docx import read_grid
    return build_form(read_grid(path, shown))
