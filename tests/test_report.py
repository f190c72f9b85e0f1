"""jxpj report: the founding report's numbers from the result, golden files, Markdown safety, templates.

Golden files are regenerated with ``jxpj report examples/2018_dangjian/evidence.yaml`` (the report
is written beside its evidence by default) and reviewed like code.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE
from markdown_tables import check_tables

from jxpj.errors import ProblemsError
from jxpj.report import build_report

GOLDENS = ("report.md", "summary.md", "summary.csv")


@pytest.fixture(scope="module")
def built():
    return build_report(EXAMPLE / "evidence.yaml")  # strict asks for the report date it lacks


def copy_example(tmp_path: Path, edit=None) -> Path:
    """The 2018 example in ``tmp_path``, its evidence text passed through ``edit``."""
    shutil.copy(EXAMPLE / "spec.yaml", tmp_path / "spec.yaml")
    text = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8")
    if edit is not None:
        text = edit(text)
    (tmp_path / "evidence.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "evidence.yaml"


def without_narrative(text: str) -> str:
    return text.split("\nnarrative:")[0] + "\n"


# ---- golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", GOLDENS)
def test_the_2018_report_matches_its_golden_file_byte_for_byte(built, name):
    rendered = {"report.md": built.report.encode("utf-8"), "summary.md": built.summary.encode("utf-8"), "summary.csv": built.summary_csv}
    assert rendered[name] == (EXAMPLE / name).read_bytes(), f"regenerate with: jxpj report {EXAMPLE.name}/evidence.yaml"


def test_rendering_twice_gives_identical_bytes(built):
    again = build_report(EXAMPLE / "evidence.yaml")
    assert (again.report, again.summary, again.summary_csv) == (built.report, built.summary, built.summary_csv)


# ---- the founding report's numbers -------------------------------------------------------------


def test_table_1_1_carries_every_budget_line_and_the_total(built):
    table = check_tables(built.report)[0]
    assert table[0] == ["序号", "内容", "预算明细", "实际支出明细", "预算执行率"]
    assert table[2:] == [
        ["1", "各类专题专业培训", "748,200.00", "203,679.25", "27.22%"],
        ["2", "专题栏目", "1,200,000.00", "1,520,000.00", "126.67%"],
        ["3", "基层党建网", "790,000.00", "701,158.42", "88.75%"],
        ["4", "微信公众号", "576,600.00", "240,900.00", "41.78%"],
        ["5", "党员服务热线", "158,200.00", "58,913.80", "37.24%"],
        ["6", "党员教育", "527,000.00", "637,171.86", "120.91%"],
        ["", "合计", "4,000,000.00", "3,361,823.33", "84.05%"],
    ]
    assert "表 1-1　支出明细表（单位：元）" in built.report


def test_table_3_1_has_first_level_weights_and_scores_with_the_total(built):
    table = check_tables(built.report)[1]
    assert table[0] == ["指标", "项目决策", "项目管理", "项目绩效", "合计"]
    assert table[2:] == [["权重", "10%", "30%", "60%", "100%"], ["分值", "9", "27.12", "49", "85.12"]]


def test_per_level_tables_have_leaves_and_second_level_subtotals(built):
    decision, management, performance = check_tables(built.report)[2:5]  # then the annex
    assert decision[2:] == [
        ["", "A11 战略目标适应性", "2", "适应", "2"],
        ["", "A12 立项依据充分性", "2", "充分", "2"],
        ["", "A13 项目立项规范性", "2", "规范", "2"],
        ["A1 项目立项", "小计", "6", "", "6"],
        ["", "A21 绩效目标合理性", "2", "一般", "1.5"],
        ["", "A22 绩效指标明确性", "2", "一般", "1.5"],
        ["A2 项目目标", "小计", "4", "", "3"],
    ]
    assert management[2] == ["", "B11 预算执行率", "4", "84.05%", "3.12"]
    subtotals = [r for t in (management, performance) for r in t[2:] if r[0]]
    assert subtotals == [
        ["B1 投入管理", "小计", "8", "", "6.12"], ["B2 财务管理", "小计", "10", "", "9"], ["B3 项目实施", "小计", "12", "", "12"],
        ["C1 项目产出", "小计", "32", "", "23"], ["C2 项目效果", "小计", "25", "", "23"], ["C3 影响力", "小计", "3", "", "3"],
    ]  # fmt: skip
    # the source's slip (C31's 业绩值 and score swapped) is not copied
    assert performance[-2] == ["", "C31 服务阵地体系及宣传阵地体系建设完成情况", "3", "建成", "3"]


def test_tables_are_numbered_in_order_of_appearance(built):
    numbers = re.findall(r"^表 (\d-\d)　", built.report, re.MULTILINE)
    assert numbers == ["1-1", "3-1", "3-2", "3-3", "3-4"]


def test_prose_states_total_grade_and_first_level_scores_from_the_result(built):
    report = built.report
    assert "评价组最终评分为85.12分，绩效评价等级为“良”" in report
    assert "“项目决策”指标权重分值10分，评价得分9分，得分率90%" in report
    assert "“项目管理”指标权重分值30分，评价得分27.12分，得分率90.4%" in report
    assert "“项目绩效”指标权重分值60分，评价得分49分，得分率81.67%" in report
    assert "最终评分结果：总分为85.12分，绩效评级为“良”" in report


@pytest.mark.parametrize(
    ("name", "second", "third", "weight", "score"),
    [("项目决策", 2, 5, "10", "9"), ("项目管理", 3, 8, "30", "27.12"), ("项目绩效", 3, 17, "60", "49")],
)
def test_each_first_level_section_counts_its_indicators(built, name, second, third, weight, score):
    assert f"{name}指标由{second}个二级指标和{third}个三级指标构成。权重分{weight}分，实际得分{score}分" in built.report


def test_indicator_system_is_counted(built):
    assert "包括项目决策、项目管理、项目绩效三部分内容，一共涉及8个二级指标以及30个三级指标" in built.report


def test_budget_prose_in_ten_thousands(built):
    assert "预算批复400万元，实际支出336.18万元，预算执行率84.05%" in built.report
    assert "专题栏目预算120万元，实际支出152万元，预算执行率126.67%" in built.report  # not the source's 120元万


def test_full_and_deducted_indicators_are_listed_and_explained(built):
    report = built.report
    assert "满分指标：A11战略目标适应性、A12立项依据充分性、A13项目立项规范性。" in report
    assert "扣分指标：B11预算执行率、B12预算编制合理性、B23资金使用合规性。" in report
    assert "扣分指标：C15党员服务热线运行情况、C16教育培训计划完成率、C18基层党建网故障处理及时性、C19培训覆盖率、C23党员满意率。" in report
    assert "计算过程：(95% − 84.05%) × 2% × 4 = 0.876，扣0.88分。根据评分标准，该指标满分4分，得分为3.12分。" in report
    assert "根据评分标准，该指标满分6分，得分为4分。" in report
    assert report.count("根据评分标准，该指标满分") == 30


def test_signature_names_the_evaluator(built):
    # no report_date in the example: the date is left blank to fill in by hand (--strict asks for it)
    assert built.report.split("\n## 附件")[0].rstrip().endswith("---\n\n上海中佳永信会计师事务所有限公司\n\n＿＿＿＿年＿＿月＿＿日")


def test_every_table_in_report_and_summary_has_consistent_columns(built):
    assert len(check_tables(built.report)) == 6  # 表 1-1, 表 3-1, three per-level tables, the annex
    summary = check_tables(built.summary)
    assert len(summary) == 1 and len(summary[0]) == 2 + 41 + 1  # header, delimiter, 41 indicators, 合计


def test_summary_csv_is_excel_ready_and_complete(built):
    data = built.summary_csv
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    import csv
    import io

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["代码", "一级指标", "二级指标", "三级指标"]
    b11 = next(r for r in rows if r[0] == "B11")
    assert b11[:8] == ["B11", "项目管理", "投入管理", "预算执行率", "4", "84.05%", "3.12", "78"]
    assert rows[-1][1] == "合计" and rows[-1][4:8] == ["100", "良", "85.12", "85.12"]


# ---- one fact changes every number that depends on it ------------------------------------------


def test_changing_one_budget_line_changes_every_dependent_number(tmp_path):
    evidence = copy_example(tmp_path, lambda t: t.replace("actual: 637171.86", "actual: 837171.86"))
    built = build_report(evidence)
    report, summary = built.report, built.summary
    for old in ("84.05%", "3.12", "6.12", "27.12", "85.12", "336.18万元", "3,361,823.33", "120.91%", "90.4%"):
        assert old not in report and old not in summary, old
    tables = check_tables(report)
    assert tables[0][-1] == ["", "合计", "4,000,000.00", "3,561,823.33", "89.05%"]
    assert tables[0][-2] == ["6", "党员教育", "527,000.00", "837,171.86", "158.86%"]
    assert tables[1][3] == ["分值", "9", "27.52", "49", "85.52"]
    assert tables[3][2] == ["", "B11 预算执行率", "4", "89.05%", "3.52"]
    assert ["B1 投入管理", "小计", "8", "", "6.52"] in tables[3]
    assert "(95% − 89.05%) × 2% × 4 = 0.476，扣0.48分" in report
    assert "预算批复400万元，实际支出356.18万元，预算执行率89.05%" in report
    assert "评价组最终评分为85.52分" in report and "评价得分27.52分，得分率91.73%" in report
    assert "总分85.52分" in summary


def test_changed_facts_can_change_the_grade_everywhere(tmp_path):
    def edit(text: str) -> str:
        return text.replace("facts: {actual: 254, target: 254}", "facts: {actual: 0, target: 254}").replace("facts: {actual: 4, target: 4}", "facts: {actual: 0, target: 4}")

    built = build_report(copy_example(tmp_path, edit))
    assert "评价组最终评分为76.12分，绩效评价等级为“中”" in built.report
    assert check_tables(built.report)[1][3] == ["分值", "9", "27.12", "40", "76.12"]
    assert "项目绩效指标由3个二级指标和17个三级指标构成。权重分60分，实际得分40分，得分率66.67%" in built.report
    assert "绩效评价等级为“中”" in built.summary and "良" not in built.summary


# ---- narrative sections -----------------------------------------------------------------------


def test_a_missing_section_is_left_out_with_its_heading(tmp_path):
    evidence = copy_example(tmp_path, lambda t: re.sub(r"  background: \|\n(    .*\n|\n)*?(?=  purpose:)", "", t))
    report = build_report(evidence).report
    assert "立项背景\n" not in report
    assert "##### （1）立项目的" in report  # numbering closes the gap
    assert "#### 1、立项背景和目的" in report


def test_without_any_narrative_the_report_still_has_every_number(tmp_path):
    built = build_report(copy_example(tmp_path, without_narrative))
    check_tables(built.report)
    assert "## 四、" not in built.report and "### 三、" not in built.report
    assert "#### 1、项目预算及执行情况" in built.report
    assert "评价组最终评分为85.12分" in built.report
    assert len(built.left_out) == 26


def test_strict_requires_every_section_located_in_the_evidence(tmp_path):
    evidence = copy_example(tmp_path, lambda t: re.sub(r"  limitations: \|\n    .*\n", "", t))
    with pytest.raises(ProblemsError) as caught:
        build_report(evidence, strict=True)
    (problem, date) = sorted(caught.value.problems, key=lambda p: p.check)
    assert date.check == "missing-report-date" and "report_date" in date.message
    assert problem.check == "missing-narrative" and "limitations" in problem.message and "局限性" in problem.message
    narrative_line = evidence.read_text(encoding="utf-8").splitlines().index("narrative:") + 1
    assert (problem.path, problem.line) == (evidence.as_posix(), narrative_line)
    build_report(evidence)  # without --strict the section is simply left out


def test_a_misspelt_section_gets_a_did_you_mean(tmp_path):
    evidence = copy_example(tmp_path, lambda t: t.replace("  limitations: |", "  limitation: |"))
    with pytest.raises(ProblemsError) as caught:
        build_report(evidence)
    assert "did you mean 'limitations'?" in str(caught.value)


def test_an_indicator_without_evidence_is_refused_not_zeroed(tmp_path):
    evidence = copy_example(tmp_path, lambda t: re.sub(r"  C31:\n(    .*\n)+", "", t))
    with pytest.raises(ProblemsError) as caught:
        build_report(evidence)
    assert "C31 服务阵地体系及宣传阵地体系建设完成情况 has no evidence" in str(caught.value)


# ---- Markdown safety ------------------------------------------------------------------------


def test_pipes_and_newlines_in_evidence_text_cannot_break_a_table(tmp_path):
    def edit(text: str) -> str:
        text = text.replace("name: 专题栏目,", 'name: "专题|栏目\\n第二行",')
        text = text.replace("    value: 适应\n", '    value: "适应 | 很好\\n\\n另起一段"\n')
        return text.replace("    value: 一般\n    facts:\n      findings:\n        - {reason: 项目实际", '    value: "a|b|c"\n    facts:\n      findings:\n        - {reason: 项目实际')

    built = build_report(copy_example(tmp_path, edit))
    report_tables = check_tables(built.report)
    assert report_tables[0][3][1] == "专题\\|栏目<br>第二行"
    assert report_tables[2][2][3] == "适应 \\| 很好<br>另起一段"
    check_tables(built.summary)
    import csv
    import io

    rows = list(csv.reader(io.StringIO(built.summary_csv.decode("utf-8-sig"))))
    assert next(r for r in rows if r[0] == "A11")[5] == "适应 | 很好\n\n另起一段"  # CSV keeps the text as written
