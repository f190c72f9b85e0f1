"""The 2023 examples, tried as a new user would: a Sichuan 自评表 whose 定量 rows are 按比例计分，取整
and whose one row was adjusted with a stated reason, encoded without ``judgment`` and scoring as
published; and a 部门整体支出 evaluation on the national common framework, its budget in 万元.

Golden files are compared byte for byte; regenerate them after an intended change with
``JXPJ_UPDATE_GOLDEN=1 python -m pytest tests/test_example_2023.py``.
"""

from __future__ import annotations

import os
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import ROOT

from jxpj import score_file
from jxpj.report.self_evaluation import render_self_evaluation
from jxpj.review.file import review_file

SICHUAN = ROOT / "examples" / "2023_sichuan_selfeval"
DEPARTMENT = ROOT / "examples" / "2023_department"


def golden(path: Path, actual: str) -> None:
    if os.environ.get("JXPJ_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sichuan():
    return score_file(SICHUAN / "evidence.yaml")


def test_the_sichuan_form_scores_as_published(sichuan):
    scores = {leaf.code: leaf.score for leaf in sichuan.leaves()}
    assert scores == {
        "A": D("8.98"), "B111": 10, "B112": 9, "B121": 14, "B131": 13, "B141": 10, "B211": 9, "B221": 7, "B231": 10,
    }  # fmt: skip
    assert (sichuan.total, sichuan.grade) == (D("90.98"), "优")
    assert not any(leaf.kind == "judgment" for leaf in sichuan.leaves())


def test_quantitative_rows_are_whole_points_and_only_they(sichuan):
    assert str(sichuan.find("B121").explanation) == "93.2 ÷ 95 × 15 = 14.715789… → 14（取整，舍去）"
    assert str(sichuan.find("B112").explanation) == "38.5 ÷ 42 × 10 = 9.166667… → 9（取整，舍去）"
    assert str(sichuan.find("A").explanation) == "89.77 ÷ 100 × 10 = 8.977 → 8.98"  # the form's own rounding


def test_the_adjusted_row_shows_both_scores_and_its_reason(sichuan):
    b131 = sichuan.find("B131")
    assert (b131.rule_score, b131.score) == (D(12), D(13))
    assert str(b131.explanation).startswith("83.33 ÷ 100 × 15 = 12.4995 → 12（取整，舍去）; 调整：按评分标准得12分，调整为13分，理由：第6处工程")


def test_the_published_form_reviews_clean_with_the_adjustment_noted():
    review = review_file(SICHUAN / "evidence.yaml")
    assert review.agrees and review.checked == 13
    assert [(n.kind, n.code, n.claimed, n.computed) for n in review.notes] == [("score-noted", "B131", D(13), D(12))]


def test_the_sichuan_form_golden(sichuan):
    golden(SICHUAN / "report.md", render_self_evaluation(sichuan))


def test_the_department_evaluation():
    result = score_file(DEPARTMENT / "evidence.yaml")
    assert (result.total, result.grade) == (D("89.36"), "良")
    assert {n.name: n.score for n in result.indicators} == {"投入": D(13), "过程": D("30.18"), "产出": D("24.18"), "效果": D(22)}
    assert result.budget is not None and (result.budget.unit, result.budget.budget, result.budget.rate) == ("万元", D(21106000), D("95.27"))


def test_the_department_report_golden(cli, tmp_path):
    run = cli("report", DEPARTMENT / "evidence.yaml", "-o", tmp_path)
    assert run.exit_code == 0, run.stderr
    for name in ("report.md", "summary.md", "summary.csv"):  # byte for byte: the CSV has a BOM and CRLF
        written, path = (tmp_path / name).read_bytes(), DEPARTMENT / name
        if os.environ.get("JXPJ_UPDATE_GOLDEN") == "1":
            path.write_bytes(written)
        assert written == path.read_bytes(), name
