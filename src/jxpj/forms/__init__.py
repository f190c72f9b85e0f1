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

__all__ = ["FORM_SUFFIXES", "Form", "FormIndicator", "FundsRow", "Target", "Value", "Where", "is_form", "read_form"]
# A jxpj evidence workbook (jxpj init --xlsx) has these sheets; a 自评表 has none of them.
_EVIDENCE_SHEETS = ("指标佐证", "项目信息")


def is_form(path: str | Path) -> bool:
    """Whether a file is to be read as a 自评表: any Word or old Office file, and any workbook
    that is not a jxpj evidence workbook (told by its sheet names, without parsing the sheets)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return False
    if suffix != ".xlsx":
        return True
    import zipfile

    try:
        # a bounded head of the workbook part: the sheet list comes first
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as stream:
            listing = stream.read(200_000).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return True  # not readable as a workbook: the form reader says why, located
    return not all(f'name="{sheet}"' in listing for sheet in _EVIDENCE_SHEETS)


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
