"""Reviewing filled-in 自评表 as submitted: every slip the corpus plants, at its cell, and nothing else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from jxpj.errors import ProblemsError
from jxpj.forms.review import review_form
from jxpj.review.findings import KINDS

CORPUS = ROOT / "tests" / "forms" / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
READABLE = sorted(name for name, e in EXPECTED.items() if e["readable"])
UNREADABLE = sorted(name for name, e in EXPECTED.items() if not e["readable"])


def found(name: str) -> list[tuple[str, str]]:
    review = review_form(CORPUS / name).review
    return sorted([(f.kind, f.where) for f in review.findings] + [(f.kind, f.where) for f in review.notes])


@pytest.mark.parametrize("name", READABLE)
def test_every_planted_slip_is_found_at_its_cell_and_nothing_else(name):
    expected = EXPECTED[name]
    assert found(name) == sorted((f["kind"], f["cell"]) for f in expected["findings"])


@pytest.mark.parametrize("name", READABLE)
def test_the_total_is_recomputed_by_the_rules(name):
    result = review_form(CORPUS / name).result
    assert result.total == Decimal(str(expected_total(name)))


def expected_total(name: str) -> Decimal:
    return Decimal(str(EXPECTED[name]["recomputed_total"]))


@pytest.mark.parametrize("name", UNREADABLE)
def test_a_form_that_cannot_be_read_is_a_located_problem(name):
    with pytest.raises(ProblemsError) as caught:
        review_form(CORPUS / name)
    (problem,) = caught.value.problems
    assert problem.path == (CORPUS / name).as_posix()
    assert (problem.line, problem.col) == (1, 1)


def test_clean_forms_agree_with_themselves():
    for name in ("01_clean_basic.xlsx", "02_clean_word.docx", "03_clean_textnums.xlsx", "04_clean_docx_unmerged.docx", "15_clean_lower_better.docx"):
        review = review_form(CORPUS / name).review
        assert review.agrees and not review.notes, name


def test_a_met_target_deducted_without_a_reason_gives_the_arithmetic():
    review = review_form(CORPUS / "06_no_reason.docx").review
    (finding,) = review.findings
    assert finding.kind == "no-reason" and finding.where == "表1 第11行第8列"
    assert finding.computed == finding.claimed + abs(finding.difference)  # full marks, as the rule gives
    assert "已达到年度指标值" in finding.explanation_zh and "未说明偏差原因" in finding.explanation_zh


def test_a_deviation_with_a_reason_is_a_note_not_an_error():
    review = review_form(CORPUS / "07_score_deviation.xlsx").review
    assert [(f.kind, f.where) for f in review.findings] == [("score", "Sheet1!H13")]
    (note,) = review.notes
    assert note.kind == "score-noted" and note.where == "Sheet1!H12"
    assert "单位已说明偏差原因" in note.explanation_zh


def test_funds_total_of_zero_is_found_with_the_rows_beneath_it():
    review = review_form(CORPUS / "09_funds_total_zero.xlsx").review
    (finding,) = review.findings
    assert (finding.kind, finding.where, finding.claimed) == ("funds-total", "Sheet1!D5", Decimal(0))
    assert finding.computed > 0 and "年度资金总额填列为全年预算数 0.00 万元、全年执行数 0.00 万元" in finding.explanation_zh


def test_a_stated_total_its_rows_cannot_reach(tmp_path: Path):
    review = review_form(CORPUS / "05_over_maximum.xlsx").review
    kinds = {f.kind: f for f in review.findings}
    assert kinds["over-maximum"].claimed == Decimal(96) and kinds["over-maximum"].computed == Decimal(95)
    assert kinds["over-maximum"].where == "自评表!H20"


def test_a_budget_execution_row_in_the_indicator_block_is_the_funds_row(tmp_path: Path):
    from test_forms_read import INDICATORS, save, standard

    rows = [["预算执行率", "预算执行率", "预算执行率", "100%", "92.08%", 10, 9.21, ""], *INDICATORS]
    path = save(tmp_path, lambda ws: standard(ws, rows=rows))
    done = review_form(path)
    assert [n.code for n in done.result.indicators] == ["A", "B", "C", "D"]  # no fifth first level
    assert done.result.find("A").score == Decimal("9.21") and done.result.find("A").weight == Decimal(10)
    assert "over-maximum" not in {f.kind for f in done.review.findings}


def test_a_negative_score_is_a_located_problem_not_a_crash(tmp_path: Path):
    from test_forms_read import INDICATORS, save, standard

    rows = [list(r) for r in INDICATORS]
    rows[4][6] = -5  # 道路通行能力, a 定性 row: no band holds a negative score
    path = save(tmp_path, lambda ws: standard(ws, rows=rows))
    with pytest.raises(ProblemsError) as caught:
        review_form(path)
    messages = [str(p) for p in caught.value.problems]
    assert any(":17:8: error: Sheet1!H17: " in m and "must not be negative" in m for m in messages), messages


# Values a unit might type into any cell of a form, sensible or not.
STRANGE = ["", " ", "—", "0", "-5", "1e9", "999999999999999999", "九分", "≥0", "≤0", "=0", ">=", "100%", "0%", "-1%",
           0, -3, 10**16, 0.1, 1e-9, "abc", "≥95%", "≤202.6万元", "735人次", "有效", None, "=SUM(A1)", "良好", "85（良）", "１０"]  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_random_values_anywhere_in_a_form_are_reviewed_or_located(tmp_path: Path, seed: int):
    import random

    from test_forms_read import INDICATORS, save, standard

    chance = random.Random(seed)
    rows = [list(r) for r in INDICATORS]
    for _ in range(chance.randint(1, 8)):
        rows[chance.randrange(len(rows))][chance.randrange(3, 8)] = chance.choice(STRANGE)

    def build(ws):
        standard(ws, rows=rows[: chance.randint(1, len(rows))])
        for ref in chance.sample(["C6", "D6", "E6", "F6", "G6", "H6", "C7", "D7", "E7", "D8", "E8"], k=chance.randint(0, 4)):
            ws[ref] = chance.choice(STRANGE)

    path = save(tmp_path, build)
    try:
        done = review_form(path)
    except ProblemsError as exc:
        assert all(p.path == path.as_posix() and p.line >= 1 for p in exc.problems)
    else:
        assert all(f.kind in KINDS for f in done.review.findings)


def test_a_dtd_behind_a_long_comment_is_still_refused(tmp_path: Path):
    import zipfile

    source = CORPUS / "01_clean_basic.xlsx"
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/workbook.xml":
                head = b'<?xml version="1.0"?><!--' + b"x" * 10_000 + b'--><!DOCTYPE lol [<!ENTITY a "aaaa">]>'
                data = head + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data)
            new.writestr(info, data)
    with pytest.raises(ProblemsError) as caught:
        review_form(path)
    assert "declares a DTD (<!DOCTYPE>)" in str(caught.value) and "[form-file]" in str(caught.value)
