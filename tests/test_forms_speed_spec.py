"""A form's spec composed against the national form read once per process is the spec that
composing it from the file gives, and reviewing forms never changes that shared base."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import ROOT

from jxpj.documents.sheet import SheetDocument
from jxpj.errors import ProblemsError
from jxpj.forms.model import Where
from jxpj.forms.review import _national, imported, national_spec, review_form
from jxpj.models.validate import validate_spec

CORPUS = ROOT / "tests" / "forms" / "corpus"
FORMS = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".xlsx", ".docx") and not p.name.startswith("bad_"))


def spec_doc(path: Path) -> SheetDocument:
    form, data = imported(path)
    return SheetDocument(form.path, data.spec, None, [], cells=dict(data.spec_cells), home=Where(form.path, None, 1, 1))


@pytest.mark.parametrize("name", FORMS)
def test_the_same_spec_as_composing_from_the_file(name: str) -> None:
    assert national_spec(spec_doc(CORPUS / name)) == validate_spec(spec_doc(CORPUS / name))[0]


def test_the_base_read_once_is_never_changed() -> None:
    before = copy.deepcopy(_national().data)
    for name in FORMS:
        review_form(CORPUS / name)
    assert _national().data == before
    first = [review_form(CORPUS / name).result.total for name in FORMS]
    assert [review_form(CORPUS / name).result.total for name in FORMS] == first


def test_problems_are_the_same_and_located_alike() -> None:
    doc = spec_doc(CORPUS / "01_clean_basic.xlsx")
    doc.data["indicators"][0]["children"][0]["children"][0]["weight"] = "x"  # as if its 分值 read so
    outcomes = []
    for compose in (national_spec, lambda d: validate_spec(d)[0]):
        with pytest.raises(ProblemsError) as caught:
            compose(doc)
        outcomes.append([str(p) for p in caught.value.problems])
    assert outcomes[0] == outcomes[1]
    assert outcomes[0] == [f"{(CORPUS / '01_clean_basic.xlsx').as_posix()}:12:7: error: weight: 'x' is not a number [type]"]  # its 分值 cell
