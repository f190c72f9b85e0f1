"""Evidence entry through Excel: the workbook jxpj writes, filled in, scores exactly like the YAML it mirrors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from conftest import EXAMPLE

from jxpj import score_file
from jxpj.errors import ProblemsError
from jxpj.load import load_evidence, load_spec
from jxpj.office.entry.layout import needed_facts
from jxpj.office.entry.write import write_entry_workbook

SPEC = load_spec(EXAMPLE / "spec.yaml")


@pytest.fixture
def blank(tmp_path) -> Path:
    return write_entry_workbook(SPEC, tmp_path / "book.xlsx")


def headers(ws) -> dict[str, int]:
    """Column number by key: ``等级 level`` → ``level``; plain Chinese headers by themselves."""
    return {(str(c.value).split()[-1]): c.column for c in ws[1] if c.value}


def row_of(ws, code: str) -> int:
    return next(c.row for c in ws["A"] if c.value == code)


def fill_from_yaml(path: Path, evidence_path: Path = EXAMPLE / "evidence.yaml") -> Path:
    """Type the YAML evidence into the workbook cell by cell, as an evaluator would."""
    evidence, _ = load_evidence(evidence_path)
    book = openpyxl.load_workbook(path)
    project = book["项目信息"]
    keys = {project.cell(r, 1).value: r for r in range(2, project.max_row + 1)}
    for key, value in evidence.project.model_dump(exclude_none=True).items():
        project.cell(keys[key], 3, value)
    project.cell(keys["budget_note"], 3, evidence.budget.note)
    budget = book["预算明细"]
    for r, line in enumerate(evidence.budget.lines, start=2):
        budget.cell(r, 1, line.name)
        budget.cell(r, 2, float(line.budget))  # as Excel stores a typed number: a double
        budget.cell(r, 3, float(line.actual))
    ws, findings = book["指标佐证"], book["扣分事项"]
    col = headers(ws)
    next_finding = 2
    for code, entry in evidence.indicators.items():
        r = row_of(ws, code)
        ws.cell(r, col["业绩值"], entry.value)
        ws.cell(r, col["评分说明"], entry.note)
        for key, value in (entry.facts or {}).items():
            if key == "findings":
                ws.cell(r, col["checked"], "是")
                for f in value:
                    for c, cell in enumerate([code, f["reason"], float(f["points"]), f.get("item")], start=1):
                        findings.cell(next_finding, c, cell)
                    next_finding += 1
            elif key == "met":
                ws.cell(r, col["met"], "、".join(value))
            elif key == "passed":
                ws.cell(r, col["passed"], "是" if value else "否")
            elif isinstance(value, Decimal | int):
                ws.cell(r, col[key], float(value))
            else:
                ws.cell(r, col[key], value)
    narrative = book["报告文字"]
    rows = {narrative.cell(r, 1).value: r for r in range(2, narrative.max_row + 1)}
    for key, text in evidence.narrative.model_dump(exclude_none=True).items():
        narrative.cell(rows[key], 3, text)
    book.save(path)
    return path


def test_workbook_layout(blank):
    book = openpyxl.load_workbook(blank)
    assert book.sheetnames == ["项目信息", "预算明细", "指标佐证", "扣分事项", "报告文字", "选项"]
    assert book["选项"].sheet_state == "hidden"
    ws = book["指标佐证"]
    assert [c.value for c in ws[1]] == [
        "代码", "一级指标", "二级指标", "三级指标", "权重", "评分标准", "业绩值", "等级 level", "是否达到 passed",
        "实际值 actual", "目标值 target", "基期值 baseline", "已具备要素 met", "已核查 checked", "评分说明",
        "偏差原因分析及改进措施", "年度指标值",
    ]  # fmt: skip
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == [leaf.code for leaf in SPEC.leaves()]
    r = row_of(ws, "C16")
    assert [ws.cell(r, c).value for c in range(1, 7)] == ["C16", "项目绩效", "项目产出", "教育培训计划完成率", 5, SPEC.find("C16").standard]
    assert ws.freeze_panes == "G2"


def test_input_columns_come_from_each_rule(blank):
    assert needed_facts(SPEC, SPEC.find("A11")) == ("level",)
    assert needed_facts(SPEC, SPEC.find("B11")) == ()  # computed from the budget lines
    assert needed_facts(SPEC, SPEC.find("C11")) == ("actual", "target")  # ratio
    assert needed_facts(SPEC, SPEC.find("C21")) == ("actual", "baseline")  # target, op increase
    assert needed_facts(SPEC, SPEC.find("C22")) == ("actual",)  # target fixed by the spec
    assert needed_facts(SPEC, SPEC.find("C16")) == ("met",)
    assert needed_facts(SPEC, SPEC.find("C15")) == ("checked",)
    ws = openpyxl.load_workbook(blank)["指标佐证"]
    col, r = headers(ws), row_of(ws, "C21")
    shade = {key: ws.cell(r, col[key]).fill.fgColor.rgb[-6:] for key in ("actual", "baseline", "target", "level")}
    assert shade == {"actual": "FFF2CC", "baseline": "FFF2CC", "target": "A6A6A6", "level": "A6A6A6"}


def test_drop_downs_for_grade_levels_and_yes_no(blank):
    book = openpyxl.load_workbook(blank)
    ws = book["指标佐证"]
    col = headers(ws)
    by_cell = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    a11 = by_cell[f"{openpyxl.utils.get_column_letter(col['level'])}{row_of(ws, 'A11')}"]
    sheet, ref = a11.formula1.split("!")
    assert a11.type == "list" and sheet == "'选项'"
    options = book["选项"]
    assert [c[0].value for c in options[ref.replace("$", "")]] == ["适应", "基本适应", "不适应"]
    b21 = by_cell[f"{openpyxl.utils.get_column_letter(col['passed'])}{row_of(ws, 'B21')}"]
    assert (b21.type, b21.formula1) == ("list", '"是,否"')
    c16 = by_cell[f"{openpyxl.utils.get_column_letter(col['met'])}{row_of(ws, 'C16')}"]
    assert "两级中心主任会" in c16.prompt and c16.showInputMessage
    code_list = next(dv for dv in book["扣分事项"].data_validations.dataValidation)
    first, last = code_list.formula1.split("!")[1].replace("$", "").split(":")
    codes = [c[0].value for c in options[f"{first}:{last}"]]
    assert codes == ["B12", "B23", "C15", "C18", "C23"]


def test_filled_workbook_scores_like_the_yaml(blank):
    fill_from_yaml(blank)
    from_yaml = score_file(EXAMPLE / "evidence.yaml")
    from_book = score_file(blank, spec_path=EXAMPLE / "spec.yaml")
    assert from_book.total == Decimal("85.12") and from_book.grade == "良"
    assert [(n.code, n.score, n.value, n.note) for n in from_book.walk()] == [
        (n.code, n.score, n.value, n.note) for n in from_yaml.walk()
    ]
    assert from_book.budget == from_yaml.budget
    assert from_book.evidence.project == from_yaml.evidence.project
    assert str(from_book.find("B11").explanation) == str(from_yaml.find("B11").explanation)


def test_spec_path_in_the_workbook_is_relative_to_it(tmp_path):
    book_path = write_entry_workbook(SPEC, EXAMPLE.parent / "_tmp_book.xlsx", spec_ref="2018_dangjian/spec.yaml")
    try:
        fill_from_yaml(book_path)
        assert score_file(book_path).total == Decimal("85.12")
    finally:
        book_path.unlink()


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ProblemsError) as exc:
        score_file(path, spec_path=EXAMPLE / "spec.yaml")
    return [str(p) for p in exc.value.problems]


def test_validation_errors_name_sheet_and_cell(blank):
    fill_from_yaml(blank)
    book = openpyxl.load_workbook(blank)
    book["预算明细"].cell(4, 2, "120元万")  # the founding report's own typo
    book.save(blank)
    name = blank.name
    assert [p.replace(str(blank.as_posix()), name) for p in problems_of(blank)] == [
        f"{name}:4:2: error: 预算明细!B4: budget: '120元万' carries a unit; write the amount in yuan, e.g. 1200000 [type]",
    ]


def test_engine_errors_name_sheet_and_cell(blank):
    fill_from_yaml(blank)
    book = openpyxl.load_workbook(blank)
    ws = book["指标佐证"]
    col = headers(ws)
    ws.cell(row_of(ws, "A21"), col["level"], "很好")
    ws.cell(row_of(ws, "C11"), col["actual"], "254人")
    ws.cell(row_of(ws, "C16"), col["met"], "党性教育培训、领誓人")
    ws.cell(row_of(ws, "C13"), col["level"], "好")  # a fact C13's rule does not use
    book["扣分事项"].cell(3, 3, -1)
    book.save(blank)
    got = [p.replace(blank.as_posix(), "book.xlsx") for p in problems_of(blank)]
    assert got == [
        "book.xlsx:3:3: error: 扣分事项!C3: B23: fact findings.0.points: must not be negative [fact-type]",
        "book.xlsx:5:8: error: 指标佐证!H5: A21: level '很好' is not one of this rule's levels: 合理、一般、不合理 [fact-value]",
        "book.xlsx:15:10: error: 指标佐证!J15: C11: fact actual: '254人' is not a number [fact-type]",
        "book.xlsx:17:8: error: 指标佐证!H17: C13: fact 'level' is not used by this indicator's rule [unknown-fact]",
        "book.xlsx:20:13: error: 指标佐证!M20: C16: '领誓人' is not an element of this checklist: 两级中心主任会、区中心主任季度例会、网站微信信息员培训、领誓人培训、党性教育培训 [fact-value]",
    ]


def test_checked_with_no_findings_is_full_marks_and_blank_is_no_evidence(blank):
    fill_from_yaml(blank)
    book = openpyxl.load_workbook(blank)
    findings = book["扣分事项"]
    for r in range(2, findings.max_row + 1):
        if findings.cell(r, 1).value in ("C15", "C18"):
            for c in range(1, 6):
                findings.cell(r, c).value = None
    ws = book["指标佐证"]
    ws.cell(row_of(ws, "C18"), headers(ws)["checked"]).value = None  # C18: nothing checked
    book.save(blank)
    result = score_file(blank, spec_path=EXAMPLE / "spec.yaml")
    assert result.find("C15").score == 3  # checked, no finding
    assert result.find("C18").status == "no_evidence" and result.total is None


def test_not_a_workbook_and_missing_sheets(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip", encoding="utf-8")
    assert problems_of(bad)[0].startswith(f"{bad.as_posix()}:1:1: error: not a readable Excel workbook (.xlsx)")
    renamed = tmp_path / "renamed.xlsx"  # a Word file saved under the wrong name
    pytest.importorskip("docx").Document().save(str(renamed))
    assert problems_of(renamed) == [
        f"{renamed.as_posix()}:1:1: error: not a readable Excel workbook (.xlsx): File contains no valid workbook part; save it from Excel as .xlsx [workbook]"
    ]
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    assert problems_of(empty) == [
        f"{empty.as_posix()}:1:1: error: the workbook has no sheet 项目信息、指标佐证; start from the workbook jxpj init --xlsx writes [workbook]"
    ]


def test_unknown_headers_and_duplicate_rows(blank):
    book = openpyxl.load_workbook(blank)
    ws = book["指标佐证"]
    ws.cell(1, ws.max_column + 1, "备注")
    ws.append(["A11"])
    book.save(blank)
    got = [p.replace(blank.as_posix(), "book.xlsx") for p in problems_of(blank)]
    assert "book.xlsx:1:18: error: 指标佐证!R1: unknown column '备注'; keep the headers jxpj wrote [workbook]" in got
    assert any(f"指标佐证!A{ws.max_row}: indicator A11 has a second row (first in row 2)" in p for p in got)


def test_blank_workbook_is_byte_identical(tmp_path):
    a = write_entry_workbook(SPEC, tmp_path / "a.xlsx").read_bytes()
    b = write_entry_workbook(SPEC, tmp_path / "b.xlsx").read_bytes()
    assert a == b


def test_set_overrides_on_a_workbook_still_name_the_cell(blank):
    from jxpj.documents.overrides import parse_override

    fill_from_yaml(blank)
    evidence, doc = load_evidence(blank, [parse_override("C16.met=[领誓人]")])
    with pytest.raises(ProblemsError) as exc:
        from jxpj.load import score

        score(SPEC, evidence, doc)
    assert [p.message for p in exc.value.problems] == [
        (
            "指标佐证!M20: C16: '领誓人' is not an element of this checklist: "
            "两级中心主任会、区中心主任季度例会、网站微信信息员培训、领誓人培训、党性教育培训 (value set by --set C16.met=[领誓人])"
        )
    ]
    assert (exc.value.problems[0].line, exc.value.problems[0].col) == (20, 13)


def test_narrative_sections_are_listed_and_read(blank):
    from jxpj.models.evidence import Narrative

    book = openpyxl.load_workbook(blank)
    ws = book["报告文字"]
    assert [c.value for c in ws[1]] == ["键", "章节", "文字（Markdown）"]
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == list(Narrative.model_fields)
    assert ws["B2"].value == "正文开篇（委托与依据）"
    fill_from_yaml(blank)
    book = openpyxl.load_workbook(blank)
    ws = book["报告文字"]
    ws["C3"] = "为深入学习贯彻落实……"  # abstract_overview
    ws.append(["no_such_section", None, "x"])
    book.save(blank)
    got = problems_of(blank)
    assert len(got) == 1 and f"报告文字!C{ws.max_row}: unknown key 'no_such_section'" in got[0]
    ws.delete_rows(ws.max_row)
    book.save(blank)
    evidence, _ = load_evidence(blank)
    assert evidence.narrative.abstract_overview == "为深入学习贯彻落实……"


def test_report_from_the_workbook_is_the_report_from_the_yaml(blank):
    """Everything a report shows can be entered in Excel: the Markdown comes out byte for byte."""
    from jxpj.report import build_report

    fill_from_yaml(blank)
    from_yaml = build_report(EXAMPLE / "evidence.yaml")
    from_book = build_report(blank, spec=EXAMPLE / "spec.yaml")
    assert from_book.report == from_yaml.report
    assert from_book.summary == from_yaml.summary


def test_yes_no_cells_take_excel_booleans_and_words(blank):
    fill_from_yaml(blank)
    book = openpyxl.load_workbook(blank)
    ws = book["指标佐证"]
    col = headers(ws)
    ws.cell(row_of(ws, "B21"), col["passed"]).value = True  # Excel's TRUE
    ws.cell(row_of(ws, "B22"), col["passed"]).value = " Yes "
    ws.cell(row_of(ws, "C13"), col["passed"]).value = False
    book.save(blank)
    result = score_file(blank, spec_path=EXAMPLE / "spec.yaml")
    assert (result.find("B21").score, result.find("B22").score, result.find("C13").score) == (3, 3, 0)
    assert result.total == Decimal("83.12")
