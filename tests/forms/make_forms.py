"""Write the 自评表 test corpus into tests/forms/corpus/ (and expected.yaml beside it).

    python tests/forms/make_forms.py

Deterministic: the same bytes on every run (fixed package dates and properties). Every form's
findings are worked out by ``form_rules`` and must be exactly the ones its description plants;
the clean forms must also state exactly the total the rules give.
"""

from __future__ import annotations

import hashlib
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script from anywhere, or imported by the test
    sys.path.insert(0, str(HERE))

import yaml  # noqa: E402
from descriptions import CLEAN, CLEAN_BASIC  # noqa: E402
from descriptions_slips import SLIPS  # noqa: E402
from form_layout import Grid, address, layout  # noqa: E402
from form_model import Form  # noqa: E402
from form_rules import Review, review  # noqa: E402
from form_writers import html_page, old_xls, truncated, unrelated_workbook, write_docx, write_xlsx  # noqa: E402
from real_forms import REAL  # noqa: E402

CORPUS = HERE / "corpus"
FORMS: tuple[Form, ...] = tuple(sorted((*CLEAN, *SLIPS, *REAL), key=lambda f: (f.name, f.fmt)))

# Files no reader can take: (name, format, reason a reader should give, bytes).
UNREADABLE = (
    ("bad_no_indicators.xlsx", "xlsx", "no indicator block (no 一级指标/二级指标/三级指标 header)"),
    ("bad_not_a_zip.xlsx", "xlsx", "not a zip (an HTML page saved as .xlsx)"),
    ("bad_old_format.xls", "xls", ".xls (old binary Excel), save it as .xlsx"),
    ("bad_truncated.xlsx", "xlsx", "truncated: not a complete zip"),
)

HEADER = """\
# The 自评表 reading corpus: what a reader must get from each file in this directory.
# Written by tests/forms/make_forms.py — do not edit; change the descriptions and rerun.
# findings: every slip the review must report (kind) and the cell of the claimed value it is
# about: Sheet!A1 for xlsx, 表N 第R行第C列 for docx (merged cells occupy every grid position).
# recomputed_total: 预算执行 score from the funds + 定量 rows by the rules + 定性 rows as claimed.
"""


def checked(form: Form) -> Review:
    """The review of ``form``, asserted against what the description plants."""
    rv = review(form)
    if sorted(rv.findings) != sorted(form.plants):
        raise AssertionError(f"{form.name}: the rules find {sorted(rv.findings)}, the description plants {sorted(form.plants)}")
    if not form.plants and rv.stated_total != rv.recomputed_total:
        raise AssertionError(f"{form.name}: clean, yet states {rv.stated_total} where the rules give {rv.recomputed_total}")
    return rv


def _decimal(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def entry(form: Form, g: Grid, rv: Review) -> dict[str, object]:
    order = {w: g.places[w] for _, w in rv.findings}
    findings = sorted(rv.findings, key=lambda f: (order[f[1]], f[0]))
    return {
        "format": form.fmt,
        "readable": True,
        "project": form.project,
        "unit": form.unit or None,
        "money_unit": form.money_unit,
        "stated_total": _decimal(rv.stated_total),
        "stated_grade": form.grade,
        "indicators": rv.indicators,
        "recomputed_total": _decimal(rv.recomputed_total),
        "findings": [{"kind": kind, "cell": address(form, g, where)} for kind, where in findings],
    }


def render(form: Form, g: Grid) -> bytes:
    return write_xlsx(form, g) if form.fmt == "xlsx" else write_docx(form, g)


def unreadable_bytes(name: str) -> bytes:
    if name == "bad_old_format.xls":
        return old_xls()
    if name == "bad_not_a_zip.xlsx":
        return html_page()
    if name == "bad_truncated.xlsx":  # cut from a stored (uncompressed) package: no zlib in the bytes
        return truncated(write_xlsx(CLEAN_BASIC, layout(CLEAN_BASIC), stored=True))
    return unrelated_workbook()


def _yaml(name: str, data: dict[str, object], note: str = "") -> str:
    comment = f"# {note}\n" if note else ""
    return comment + yaml.safe_dump({name: data}, allow_unicode=True, sort_keys=False, width=400)


def build(out: Path) -> list[str]:
    """Write every file and expected.yaml into ``out``; the names written."""
    out.mkdir(parents=True, exist_ok=True)
    written, parts = [], [HEADER]
    for form in FORMS:
        g = layout(form)
        rv = checked(form)
        name = f"{form.name}.{form.fmt}"
        (out / name).write_bytes(render(form, g))
        parts.append(_yaml(name, entry(form, g, rv), form.note))
        written.append(name)
    for name, fmt, reason in UNREADABLE:
        (out / name).write_bytes(unreadable_bytes(name))
        parts.append(_yaml(name, {"format": fmt, "readable": False, "reason": reason}))
        written.append(name)
    (out / "expected.yaml").write_text("\n".join(parts), encoding="utf-8")
    return [*written, "expected.yaml"]


def main() -> None:
    names = build(CORPUS)
    for stale in sorted({p.name for p in CORPUS.iterdir()} - set(names)):
        (CORPUS / stale).unlink()
    for name in sorted(names):
        digest = hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()[:16]
        print(f"{digest}  {name}")


if __name__ == "__main__":
    main()
