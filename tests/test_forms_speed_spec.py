"""A bundled base is parsed once per process (a folder of forms composes every spec on the national
form): the spec is the one composing from the file gives, and composing never changes that base."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import ROOT

from jxpj.documents import compose
from jxpj.documents.bundled import bundled_specs
from jxpj.documents.sheet import SheetDocument
from jxpj.errors import ProblemsError
from jxpj.forms.convert import BASE
from jxpj.forms.model import Where
from jxpj.forms.review import imported, review_form
from jxpj.load import score_file
from jxpj.models.validate import validate_spec

CORPUS = ROOT / "tests" / "forms" / "corpus"
FORMS = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".xlsx", ".docx") and not p.name.startswith("bad_"))


def spec_doc(path: Path) -> SheetDocument:
    form, data = imported(path)
    return SheetDocument(form.path, data.spec, None, [], cells=dict(data.spec_cells), home=Where(form.path, None, 1, 1))


@pytest.mark.parametrize("name", FORMS)
def test_the_same_spec_as_composing_from_the_file(name: str) -> None:
    cached = validate_spec(spec_doc(CORPUS / name))[0]
    compose._bundled.cache_clear()  # the next composition reads the base from its file again
    assert validate_spec(spec_doc(CORPUS / name))[0] == cached


def test_the_base_read_once_is_never_changed() -> None:
    base = compose._bundled(str(bundled_specs()[BASE].resolve()))
    before = copy.deepcopy(base.data)
    for name in FORMS:
        review_form(CORPUS / name)
    score_file(ROOT / "examples" / "2024_selfeval" / "evidence.yaml")  # an evidence's spec on the same base
    assert compose._bundled(str(bundled_specs()[BASE].resolve())) is base and base.data == before
    first = [review_form(CORPUS / name).result.total for name in FORMS]
    assert [review_form(CORPUS / name).result.total for name in FORMS] == first


def test_problems_are_located_at_the_forms_cell() -> None:
    doc = spec_doc(CORPUS / "01_clean_basic.xlsx")
    doc.data["indicators"][0]["children"][0]["children"][0]["weight"] = "x"  # as if its 分值 read so
    with pytest.raises(ProblemsError) as caught:
        validate_spec(doc)
    assert [str(p) for p in caught.value.problems] == [f"{(CORPUS / '01_clean_basic.xlsx').as_posix()}:12:7: error: weight: 'x' is not a number [type]"]  # its 分值 cell
