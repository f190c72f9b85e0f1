"""Chinese deliverables are wholly Chinese: no English word in the report, the summary, the Word and
Excel files or the 复核意见 of any example; and each score's working reads as an evaluator writes it."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import ROOT

from jxpj import score_file
from jxpj.explain import Explanation, Expr, Step
from jxpj.report import build_report
from jxpj.review.output import review_markdown
from jxpj.zh.working import chinese, prose

EXAMPLES = sorted((ROOT / "examples").glob("*/evidence.yaml"))
WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")  # codes such as C110 have one letter


def english(text: str) -> list[str]:
    return sorted(set(WORD.findall(text)))


def docx_text(path: Path) -> str:
    docx = pytest.importorskip("docx")
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def xlsx_text(path: Path) -> str:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str) and not c.value.startswith("="))


@pytest.mark.parametrize("evidence", EXAMPLES, ids=lambda p: p.parent.name)
def test_no_english_word_in_any_chinese_deliverable(evidence: Path, tmp_path: Path) -> None:
    from jxpj.office.docx import write_docx
    from jxpj.office.xlsx import write_xlsx

    built = build_report(evidence)
    write_docx(built.result, tmp_path / "report.docx", markdown=built.report)
    write_xlsx(built.result, tmp_path / "score.xlsx")
    texts = {
        "report.md": built.report,
        "summary.md": built.summary,
        "summary.csv": built.summary_csv.decode("utf-8"),
        "report.docx": docx_text(tmp_path / "report.docx"),
        "score.xlsx": xlsx_text(tmp_path / "score.xlsx"),
    }
    assert {name: english(text) for name, text in texts.items() if english(text)} == {}
    # where a 评分标准 comes from is the evaluator's note (standard_source): never in a deliverable
    assert [name for name, text in texts.items() if "重构" in text] == []


def test_a_draft_and_a_what_if_are_chinese_too(cli, tmp_path: Path) -> None:
    folder = tmp_path / "新项目"  # the project is named after its folder
    assert cli("init", folder, "--framework", "national-project").exit_code == 0
    assert cli("report", folder / "evidence.yaml", "--draft").exit_code == 0
    assert cli("report", folder / "evidence.yaml", "--draft", "-f", "docx").exit_code == 0
    assert cli("report", ROOT / "examples" / "2018_dangjian" / "evidence.yaml", "--set", "C11.actual=250", "--set", "budget.党员教育.actual=837171.86", "-o", tmp_path / "whatif").exit_code == 0
    texts = {
        "draft": (folder / "report.md").read_text(encoding="utf-8"),
        "draft.docx": docx_text(folder / "report.docx"),
        "what-if": (tmp_path / "whatif" / "report.md").read_text(encoding="utf-8"),
    }
    assert {name: english(text) for name, text in texts.items() if english(text)} == {}


def test_the_provenance_of_a_standard_is_kept_where_it_never_renders() -> None:
    result = score_file(ROOT / "examples" / "2018_dangjian" / "evidence.yaml")
    a11 = result.spec.find("A11")
    assert a11 is not None and a11.standard_source == "据报告评分说明重构"
    assert a11.standard == "项目与部门战略目标相适应，得2分；基本适应得1.5分；不适应不得分。"


def test_the_review_opinion_says_the_working_in_chinese(tmp_path: Path) -> None:
    """A 复核意见 whose findings quote the rules' working: judgment, pass/fail, deductions, B11."""
    from jxpj.review.file import review_file

    folder = tmp_path / "2018"
    shutil.copytree(ROOT / "examples" / "2018_dangjian", folder)
    evidence = folder / "evidence.yaml"
    text = evidence.read_text(encoding="utf-8")
    for code, wrong in (("B11", "4"), ("B21", "2"), ("B12", "2"), ("C11", "4")):
        text = re.sub(rf"^(    {code}): [\d.]+$", rf"\1: {wrong}", text, count=1, flags=re.MULTILINE)
    evidence.write_text(text, encoding="utf-8")
    opinion = review_markdown(review_file(evidence))
    assert english(opinion) == []
    assert "(95% − 84.05%) × 2% × 4 = 0.876，扣0.88分，得3.12分" in opinion
    assert "符合要求，得满分3分" in opinion
    assert "扣1分；得3分" in opinion
    assert "254 ≥ 254，达到目标，得满分5分" in opinion


def _explanation(*steps: Step) -> Explanation:
    return Explanation(steps)


@pytest.mark.parametrize(
    ("steps", "kind", "expected"),
    [
        pytest.param(
            (Step(expr=Expr("(95% − 84.05%) × 2% × 4", ""), value=D("0.876"), rounded=D("0.88"), label="deducted"),
             Step(expr=Expr("4 − 0.88", ""), value=D("3.12"))),
            "threshold_deduction", "(95% − 84.05%) × 2% × 4 = 0.876，扣0.88分，得3.12分", id="threshold"),
        pytest.param((Step(prefix="100 ≥ 100", label="→ full marks 10"),), "ratio", "100 ≥ 100，达到目标，得满分10分", id="met"),
        pytest.param((Step(prefix="yes", label="→ full marks 5"),), "pass_fail", "符合要求，得满分5分", id="yes"),
        pytest.param((Step(prefix="no", label="→ 0"),), "pass_fail", "不符合要求，得0分", id="no"),
        pytest.param((Step(prefix="80% < 85%", label="target not met → 0"),), "target", "80% < 85%，未达到目标，得0分", id="missed"),
        pytest.param((Step(prefix="230000 vs 252000 (not increased)", label="→ 0"),), "target", "230000与252000相比未上升，得0分", id="not-up"),
        pytest.param((Step(prefix="evaluator's judgment", label="→ 3 of 4: 台账不全"),), "judgment", "评价组综合判断：台账不全，得3分", id="judgment"),
        pytest.param((Step(prefix="良", label="→ 3 points (5 capped at the weight 4)"),), "grade", "评价为“良”，5分超过权重，按4分计，得3分", id="points"),
        pytest.param((Step(prefix="85% in [80%, 90%)", label="→ 4 points"),), "tiers", "85%处于80%（含）至90%区间，得4分", id="tier"),
        pytest.param((Step(prefix="no findings", label="→ full marks 3"),), "deductions", "未发现扣分事项，得满分3分", id="no-findings"),
        pytest.param((Step(prefix="−0.5 × 2: 迟报"), Step(prefix="−1: 无台账"), Step(expr=Expr("0.5 × 2 + 1", ""), value=D(2), label="deducted"),
                      Step(expr=Expr("3 − 2", ""), value=D(1))),
                     "deductions", "迟报，每次扣0.5分，共2次；无台账，扣1分；共扣2分，得1分", id="findings"),
        pytest.param((Step(prefix="2019年3月5日 > 2019年2月28日: 5 days late", label="target not met → 0"),), "target",
                     "2019年3月5日完成，晚于2019年2月28日，逾期5天，未达到目标，得0分", id="late"),
        pytest.param((Step(prefix="2019年4月5日 > 2019年2月28日: 1 month and 5 days late: counted as 2 months (a started month counts)"),
                      Step(expr=Expr("2 × 1", ""), value=D(2), label="deducted"), Step(expr=Expr("5 − 2", ""), value=D(3))),
                     "target", "2019年4月5日完成，晚于2019年2月28日，逾期1个月5天，按2个月计（不足一月按一月计），2 × 1 = 2，扣2分，得3分", id="late-months"),
        pytest.param((Step(expr=Expr("25 ÷ 10", ""), value=D("2.5"), rounded=D(2), note="只计满10天的整档"),
                      Step(expr=Expr("2 × 1", ""), value=D(2), label="deducted"), Step(expr=Expr("5 − 2", ""), value=D(3))),
                     "target", "25 ÷ 10 = 2.5（只计满10天的整档），计为2，2 × 1 = 2，扣2分，得3分", id="note"),
        pytest.param((Step(expr=Expr("min(a, 12)", ""), value=D(12)), Step(prefix="capped at the weight 10")), "formula",
                     "取较小值(a, 12) = 12，超过满分，按满分10分计，得10分", id="capped"),
    ],
)
def test_working_in_chinese(steps: tuple[Step, ...], kind: str, expected: str) -> None:
    assert chinese(_explanation(*steps), kind) == expected


def test_report_prose_gives_arithmetic_only_for_arithmetic_rules() -> None:
    result = score_file(ROOT / "examples" / "2018_dangjian" / "evidence.yaml")
    said = {n.code: prose(n.explanation, n.kind, weight=n.weight, score=n.score) for n in result.leaves() if n.deducted and n.score is not None}
    assert said["B11"] == "计算过程：(95% − 84.05%) × 2% × 4 = 0.876，扣0.88分。"
    assert said["B12"] == "项目实际支出内容与预算内容略有差异，预算编制不尽合理，故扣除1分。"
    assert said["A21"] == "评价为“一般”，扣0.5分。"  # a level is no calculation: no 75% × 2 = 1.5
    assert said["C16"] == "计算过程：5项要素中满足1项（党性教育培训），1 ÷ 5 × 5 = 1。"


# The rules' own vocabulary for the terminal: none of it may reach a Chinese working. (Names drawn
# by the property tests use A, B, C, x, y, z, which can form no word of this list.)
RULE_WORDS = {"full", "marks", "deducted", "points", "yes", "no", "findings", "judgment", "evaluator", "capped", "weight",
              "floor", "target", "met", "elements", "of", "in", "vs", "increased", "decreased", "not", "late", "day",
              "days", "month", "months", "counted", "whole", "rounded", "decimals", "decimal", "and", "as", "started",
              "counts", "excluded", "indicators", "applicable", "max", "min", "abs"}  # fmt: skip


def test_every_rule_kinds_working_reads_in_chinese() -> None:
    from hypothesis import given, settings
    from test_properties import cases, score

    @settings(max_examples=300, deadline=None)
    @given(cases())
    def check(case) -> None:
        result = score(*case)
        for node in result.leaves():
            said = chinese(node.explanation, node.kind)
            if node.explanation is not None:
                assert said, node.explanation
                assert {w.lower() for w in english(said)} & RULE_WORDS == set(), (str(node.explanation), said)
                if node.deducted and node.score is not None:
                    assert prose(node.explanation, node.kind, weight=node.weight, score=node.score)
        if result.total_explanation is not None:
            assert not {w.lower() for w in english(chinese(result.total_explanation) or "")} & RULE_WORDS

    check()
