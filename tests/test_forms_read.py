"""jxpj.forms.read_form on 自评表 filled in as units really fill them in: merged cells, numbers as
text, percent formats, 万元 headers, reordered and extra columns, Word tables, damaged files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jxpj.errors import ProblemsError
from jxpj.forms import FORM_SUFFIXES, Target, read_form
from jxpj.forms.model import Value, Where
from jxpj.forms.values import target_of

D = Decimal
PCT = "0.00%"

INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
INDICATORS: list[list[Any]] = [
    ["产出指标", "数量指标", "道路维修面积", "≥5万平方米", "5.2万平方米", 10, 10, ""],
    [None, None, "路灯维修数量", "735个", "700个", 10, 9.5, "材料到货延迟"],
    [None, "质量指标", "验收合格率", "100%", 1.0, 10, "8.5", "部分路段返工"],
    [None, "时效指标", "完成及时率", "≥95%", "96%", 10, 10, ""],
    ["效益指标", "社会效益指标", "道路通行能力", "有效提升", "有效", 20, 18, ""],
    [None, "可持续影响指标", "长效管护机制", "健全", "基本健全", 10, 8, ""],
    ["满意度指标", "服务对象满意度指标", "群众满意度", ">=90%", "92%", 10, 10, ""],
]


def standard(ws: Any, *, header: list[str] | None = None, rows: list[list[Any]] | None = None) -> int:
    """The form as 财预〔2020〕10号 附件1 lays it out, merged as printed; returns the 总分 row."""
    ws.title = "Sheet1"
    ws["A1"] = "2023年度项目支出绩效自评表"
    ws.merge_cells("A1:I1")
    ws["A2"] = "（2023年度）"
    ws["A3"], ws["B3"] = "项目名称", "城区道路维护项目"
    ws.merge_cells("B3:I3")
    ws["A4"], ws["B4"], ws["E4"], ws["F4"] = "主管部门", "市住房和城乡建设局", "实施单位", "市政工程管理中心"
    ws["A5"] = "项目资金（万元）"
    ws.merge_cells("A5:A9")
    for col, label in zip("CDEFGH", ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], strict=True):
        ws[f"{col}5"] = label
    funds = [
        ["年度资金总额", 100, 120, 110.5, 10, 0.9208, 9.21],
        ["其中：当年财政拨款", 100, 110, 100.5],
        ["上年结转资金", 0, 10, 10],
        ["其他资金", "—", "—", "—"],
    ]
    for i, line in enumerate(funds):
        for j, value in enumerate(line):
            ws.cell(6 + i, 2 + j, value)
    ws["G6"].number_format = PCT
    for col in "FGH":
        ws.merge_cells(f"{col}6:{col}9")
    ws["A10"], ws["B10"], ws["F10"] = "年度总体目标", "预期目标", "实际完成情况"
    ws.merge_cells("A10:A11")
    ws.merge_cells("B10:E10")
    ws.merge_cells("F10:I10")
    ws["B11"], ws["F11"] = "完成城区主干道维修养护。", "完成维修5.2万平方米。"
    ws.merge_cells("B11:E11")
    ws.merge_cells("F11:I11")
    ws["A12"] = "绩效指标"
    for j, label in enumerate(header or INDICATOR_HEADER):
        ws.cell(12, 2 + j, label)
    data = rows if rows is not None else INDICATORS
    for i, line in enumerate(data):
        for j, value in enumerate(line):
            if value is not None:
                ws.cell(13 + i, 2 + j, value)
    last = 12 + len(data)
    ws.merge_cells(f"A12:A{last}")
    if rows is None:
        ws["F15"].number_format = PCT
        ws.merge_cells("B13:B16")
        ws.merge_cells("C13:C14")
        ws.merge_cells("B17:B18")
    total = last + 1
    ws.cell(total, 1, "总分")
    ws.merge_cells(f"A{total}:F{total}")
    ws.cell(total, 7, 100)
    ws.cell(total, 8, 83.71)
    ws.cell(total, 9, "良")
    ws.cell(total + 1, 1, "填表人：张三")
    ws.cell(total + 1, 5, "联系电话：12345678")
    ws.cell(total + 2, 1, "填报日期：2024年3月1日")
    return total


def save(tmp_path: Path, build: Any, name: str = "form.xlsx") -> Path:
    wb = openpyxl.Workbook()
    build(wb.active)
    path = tmp_path / name
    wb.save(path)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        read_form(path)
    return [str(p).removeprefix(f"{path.parent.as_posix()}/") for p in caught.value.problems]


def warnings(path: Path) -> list[str]:
    return [str(w).removeprefix(f"{path.parent.as_posix()}/") for w in read_form(path).warnings]


# ---- the printed layout, merged as printed ---------------------------------------------------


@pytest.fixture(scope="module")
def form_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save(tmp_path_factory.mktemp("std"), standard)


def test_header_fields_and_title(form_path: Path) -> None:
    form = read_form(form_path)
    assert form.format == "xlsx"
    assert form.title is not None and form.title.text == "2023年度项目支出绩效自评表"
    assert form.year == 2023
    assert form.project is not None and form.project.text == "城区道路维护项目"
    assert form.project.where.name == "Sheet1!B3"
    assert form.department is not None and form.department.text == "市住房和城乡建设局"
    assert form.unit is not None and form.unit.text == "市政工程管理中心" and form.unit.where.name == "Sheet1!F4"
    assert form.goal_planned is not None and form.goal_planned.text == "完成城区主干道维修养护。"
    assert form.goal_actual is not None and form.goal_actual.where.name == "Sheet1!F11"
    assert form.warnings == ()


def test_funds_block_merged_down(form_path: Path) -> None:
    form = read_form(form_path)
    assert form.money_unit == "万元"
    assert form.money_unit_where is not None and form.money_unit_where.name == "Sheet1!A5"
    assert [row.name.text for row in form.funds] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    total = form.funds[0]
    assert total.actual is not None and total.actual.number == D("110.5")
    assert total.rate is not None and total.rate.number == D("92.08") and total.rate.percent
    assert total.rate.text == "92.08%"
    assert total.score is not None and total.score.number == D("9.21") and total.score.where.name == "Sheet1!H6"
    fiscal = form.funds[1]
    assert fiscal.budget is not None and fiscal.budget.number == 110 and fiscal.budget.where.name == "Sheet1!D7"
    assert fiscal.weight is None and fiscal.rate is None and fiscal.score is None  # merged down from 总额
    other = form.funds[3]
    assert other.initial is not None and other.initial.text == "—" and other.initial.number is None


def test_indicators_merged_labels_and_values(form_path: Path) -> None:
    form = read_form(form_path)
    assert [i.name.text for i in form.indicators] == [row[2] for row in INDICATORS]
    second, third = form.indicators[1], form.indicators[2]
    assert second.level1.text == "产出指标" and second.level1.where.name == "Sheet1!B13"
    assert second.level2.text == "数量指标" and second.level2.where.name == "Sheet1!C13"
    assert third.score.number == D("8.5") and third.score.where.name == "Sheet1!H15"
    assert third.actual.number == 100 and third.actual.percent and third.actual.text == "100%"
    assert target_of(third.actual) == Target(None, D(100), "%")
    assert third.target.number == 100 and third.target.percent  # "100%" written as text
    assert third.deviation is not None and third.deviation.text == "部分路段返工"
    assert third.nature is None and third.measure_unit is None
    assert target_of(form.indicators[0].target, form.indicators[0].nature) == Target("≥", D(5), "万平方米")
    assert target_of(form.indicators[6].target, form.indicators[6].nature) == Target("≥", D(90), "%")
    assert target_of(form.indicators[4].target, form.indicators[4].nature) == Target(None, None, "")
    assert sum(i.weight.number or 0 for i in form.indicators) == 80


def test_footer_and_trailing_rows(form_path: Path) -> None:
    form = read_form(form_path)
    assert form.total is not None and form.total.number == D("83.71") and form.total.where.name == "Sheet1!H20"
    assert form.grade is not None and form.grade.text == "良" and form.grade.where.name == "Sheet1!I20"
    assert all("填表人" not in i.name.text for i in form.indicators)


def test_same_input_same_form(form_path: Path) -> None:
    assert read_form(form_path) == read_form(form_path)


# ---- how units change the form ---------------------------------------------------------------


def test_text_numbers_and_unit_in_column_header(tmp_path: Path) -> None:
    def build(ws: Any) -> None:
        standard(ws)
        ws.unmerge_cells("A5:A9")
        ws["A5"] = "项目资金"
        ws["C5"] = "年初预算数（万元）"
        ws["C6"], ws["D6"], ws["E6"] = " 12 ", "1,200.50", "１１０．５"
        ws["G6"] = "92.08%"
        ws["H6"] = "9.2分"
        ws["C7"] = "100万"

    form = read_form(save(tmp_path, build))
    total = form.funds[0]
    assert form.money_unit == "万元" and form.money_unit_where is not None
    assert form.money_unit_where.name == "Sheet1!C5"
    assert total.initial is not None and total.initial.number == 12 and total.initial.text == "12"
    assert total.budget is not None and total.budget.number == D("1200.50")
    assert total.actual is not None and total.actual.number == D("110.5")
    assert total.rate is not None and total.rate.number == D("92.08") and total.rate.percent
    assert total.score is not None and total.score.number == D("9.2")
    assert form.funds[1].initial is not None and form.funds[1].initial.number == 100
    assert form.warnings == ()


def test_yuan_by_default_and_stated(tmp_path: Path) -> None:
    def plain(ws: Any) -> None:
        standard(ws)
        ws["A5"] = "项目资金"

    form = read_form(save(tmp_path, plain))
    assert (form.money_unit, form.money_unit_where) == ("元", None)

    def stated(ws: Any) -> None:
        plain(ws)
        ws["I2"] = "单位：元"

    form = read_form(save(tmp_path, stated, "yuan.xlsx"))
    assert form.money_unit == "元" and form.money_unit_where is not None
    assert form.money_unit_where.name == "Sheet1!I2"


def test_amount_in_another_unit_is_a_warning(tmp_path: Path) -> None:
    def build(ws: Any) -> None:
        standard(ws)
        ws["D7"] = "1100000元"

    path = save(tmp_path, build)
    assert read_form(path).funds[1].budget.number == 1100000  # type: ignore[union-attr]
    assert warnings(path) == [
        "form.xlsx:7:4: warning: Sheet1!D7: '1100000元' is in 元 while the form's amounts are in 万元; "
        "the number is read as written [form-value]"
    ]


def test_reordered_and_extra_columns(tmp_path: Path) -> None:
    header = ["一级指标", "二级指标", "三级指标", "指标解释", "分值", "实际完成值", "年度指标值", "得分", "备注"]
    rows = [["产出指标", "数量指标", "培训人次", "参加培训的人数", 40, "802人次", "≥735人次", "40", "无"],
            ["效益指标", "社会效益指标", "培训合格率", "合格人数÷参训人数", 60, "97.5%", "≥95%", "57", ""]]
    form = read_form(save(tmp_path, lambda ws: standard(ws, header=header, rows=rows)))
    first, second = form.indicators
    assert first.target.text == "≥735人次" and first.target.where.name == "Sheet1!H13"
    assert target_of(first.target, first.nature) == Target("≥", D(735), "人次")
    assert target_of(first.actual) == Target(None, D(802), "人次")
    assert first.weight.number == 40 and first.score.number == 40
    assert first.deviation is None  # 备注 and 指标解释 are not read
    assert second.actual.number == D("97.5") and second.actual.percent


def test_two_row_header_nature_and_unit(tmp_path: Path) -> None:
    def build(ws: Any) -> None:
        standard(ws, rows=[])
        ws.delete_rows(12, 3)
        top = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", None, "度量单位", "分值", "得分", "偏差原因分析及改进措施"]
        for j, label in enumerate(top):
            ws.cell(12, 2 + j, label)
        ws.merge_cells("F12:G12")
        ws["F13"], ws["G13"] = "年度指标值", "实际完成值"
        for col in "BCDEHIJK":
            ws.merge_cells(f"{col}12:{col}13")
        ws.append([None, "产出指标", "数量指标", "改造户数", "≥", 120, 118, "户", 20, 19.5, "两户未签约"])
        ws.append([None, "产出指标", "成本指标", "改造成本", "≤", "202.6万元", 198, "万元", 20, 20])
        ws.append(["总分", None, None, None, None, None, None, None, 100, "85.5（良）"])

    form = read_form(save(tmp_path, build))
    first, second = form.indicators
    assert first.nature is not None and first.nature.text == "≥"
    assert first.measure_unit is not None and first.measure_unit.text == "户"
    assert first.target.number == 120 and first.actual.number == 118
    assert first.score.number == D("19.5") and first.score.where.name == "Sheet1!J14"
    assert target_of(second.target, second.nature) == Target("≤", D("202.6"), "万元")
    assert form.total is not None and form.total.number == D("85.5") and form.total.where.name == "Sheet1!J16"
    assert form.grade is not None and form.grade.text == "良" and form.grade.where.name == "Sheet1!J16"


def test_header_under_a_spanning_label(tmp_path: Path) -> None:
    """一级指标 in the second header row, under a 绩效指标 spanning the three levels."""

    def build(ws: Any) -> None:
        ws.title = "Sheet1"
        ws.append(["绩效指标", None, None, "年度指标值", None, None, "实际完成值", "分值", "得分"])
        ws.append(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"])
        ws.merge_cells("A1:C1")
        ws.merge_cells("D1:F1")
        for col in "GHI":
            ws.merge_cells(f"{col}1:{col}2")
        ws.append(["产出指标", "成本指标", "注册企业数量", "≥", 120, "户", 130, 50, 50])
        ws.append(["产出指标", "成本指标", "说明会场次", "≤", 5, "场", 4, 50, 45])
        ws.append(["总  分", None, None, None, None, None, None, 100, 95])

    form = read_form(save(tmp_path, build))
    assert [i.name.text for i in form.indicators] == ["注册企业数量", "说明会场次"]
    first = form.indicators[0]
    assert first.target.where.name == "Sheet1!E3" and first.actual.where.name == "Sheet1!G3"
    assert target_of(first.target, first.nature) == Target("≥", D(120), "")  # the sign from 指标性质
    assert target_of(first.actual) == Target(None, D(130), "")
    assert target_of(form.indicators[1].target, form.indicators[1].nature) == Target("≤", D(5), "")
    assert form.total is not None and form.total.number == 95 and form.total.where.name == "Sheet1!I5"
    assert (form.project, form.funds, form.money_unit) == (None, (), "元")


def test_labels_with_stray_spaces_and_colons(tmp_path: Path) -> None:
    def build(ws: Any) -> None:
        standard(ws)
        ws["A3"] = "*项　目　名　称"
        ws["A4"] = " 主管部门："
        ws["E4"] = "预算单位 "
        ws["B10"] = "预 期 目 标"

    form = read_form(save(tmp_path, build))
    assert form.project is not None and form.project.text == "城区道路维护项目"
    assert form.department is not None and form.department.where.name == "Sheet1!B4"
    assert form.unit is not None and form.unit.text == "市政工程管理中心"
    assert form.goal_planned is not None and form.goal_planned.where.name == "Sheet1!B11"


def test_labels_and_values_in_one_cell(tmp_path: Path) -> None:
    def build(ws: Any) -> None:
        standard(ws)
        ws.unmerge_cells("B3:I3")
        ws["A3"], ws["B3"] = "*项目名称：城区道路维护项目", None
        ws["A4"], ws["B4"], ws["E4"], ws["F4"] = "主管部门：市住建局 实施单位：市政中心", None, None, None

    form = read_form(save(tmp_path, build))
    assert form.project is not None and form.project.text == "城区道路维护项目"
    assert form.project.where.name == "Sheet1!A3"
    assert form.department is not None and form.department.text == "市住建局"
    assert form.unit is not None and form.unit.text == "市政中心" and form.unit.where.name == "Sheet1!A4"


def test_blank_rows_unmerged_labels_and_grade_row(tmp_path: Path) -> None:
    rows = [
        ["产出指标", "数量指标", "指标一", "10个", "10个", 30, 30, ""],
        [None, None, None, None, None, None, None, None],
        [None, None, "指标二", "≥90%", "85%", 30, 25, "原因"],
        ["效益指标", "", "指标三", "有效", "有效", 40, "40", ""],
    ]

    def build(ws: Any) -> None:
        total = standard(ws, rows=rows)
        ws.cell(total, 8, "95")
        ws.cell(total, 9).value = None
        ws.cell(total + 1, 1, "自评等级")
        ws.cell(total + 1, 2, "优")
        ws.cell(total + 2, 1, "填表人：张三")

    form = read_form(save(tmp_path, build))
    assert [i.name.text for i in form.indicators] == ["指标一", "指标二", "指标三"]
    second = form.indicators[1]
    assert second.level1.text == "产出指标" and second.level1.where.name == "Sheet1!B13"  # filled down
    assert second.level2.text == "数量指标"
    assert form.indicators[2].level2.text == "数量指标"  # blank: the label above still applies
    assert form.total is not None and form.total.number == 95
    assert form.grade is not None and form.grade.text == "优" and form.grade.where.name == "Sheet1!B18"


def test_grade_in_the_total_row_after_a_label(tmp_path: Path) -> None:
    def build(ws: Any) -> None:
        total = standard(ws)
        ws.unmerge_cells(f"A{total}:F{total}")
        ws.cell(total, 2, 92.5)
        ws.cell(total, 3, "自评等级")
        ws.cell(total, 4, "优")
        for col in (7, 8, 9):
            ws.cell(total, col).value = None

    form = read_form(save(tmp_path, build))
    assert form.total is not None and form.total.number == D("92.5") and form.total.where.name == "Sheet1!B20"
    assert form.grade is not None and form.grade.text == "优" and form.grade.where.name == "Sheet1!D20"


def test_first_sheet_with_the_form_is_read(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes["A1"] = "请按要求填写"
    notes["A2"] = "2. 一级指标分值合计为90分，预算执行率10分。"  # names the header, is not one
    standard(wb.create_sheet())
    wb["Sheet1"].title = "自评表"
    path = tmp_path / "two.xlsx"
    wb.save(path)
    form = read_form(path)
    assert form.indicators[0].name.where.name == "自评表!D13"


def test_no_form_in_any_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.create_sheet("附表")["C3"] = "项目名称"
    wb.active = 1
    path = tmp_path / "none.xlsx"
    wb.save(path)
    assert problems(path)[0].startswith(
        "none.xlsx:3:3: error: 附表!C3: no 一级指标 header found anywhere in any sheet (封面, 附表);"
    )


def test_formula_without_saved_value_is_a_warning(tmp_path: Path) -> None:
    def build(ws: Any) -> None:
        total = standard(ws)
        ws.cell(total, 8, "=SUM(H13:H19)")

    path = save(tmp_path, build)
    form = read_form(path)
    assert form.total is not None and form.total.number is None and form.total.text == ""
    assert warnings(path) == [
        "form.xlsx:20:8: warning: Sheet1!H20: formula has no saved value (the file was written by a program "
        "that does not calculate); open and save it in Excel or LibreOffice [form-formula]"
    ]


def test_unreadable_number_is_a_warning(tmp_path: Path) -> None:
    def build(ws: Any) -> None:
        standard(ws)
        ws["H14"] = "九分"

    path = save(tmp_path, build)
    assert read_form(path).indicators[1].score.number is None
    assert warnings(path) == [
        "form.xlsx:14:8: warning: Sheet1!H14: '九分' is not a number; the value is left out [form-value]"
    ]


def test_floats_as_excel_shows_them() -> None:
    from jxpj.forms.values import decimal_of_float, percent_of

    assert decimal_of_float(0.1 + 0.2) == D("0.3")
    assert str(decimal_of_float(85.5)) == "85.5"
    assert str(percent_of(D(1))) == "100"
    assert str(percent_of(decimal_of_float(0.955))) == "95.5"


@pytest.mark.parametrize(
    ("written", "op", "number", "unit"),
    [
        ("≥95%", "≥", "95", "%"),
        ("≤202.6万元", "≤", "202.6", "万元"),
        (">=90", "≥", "90", ""),
        ("＞＝90", "≥", "90", ""),
        ("735人次", None, "735", "人次"),
        ("不低于98%", "≥", "98", "%"),
        ("不少于3次", "≥", "3", "次"),
        ("不超过 50 万元", "≤", "50", "万元"),
        ("控制在202.6万元以内", "≤", "202.6", "万元"),
        ("95%以上", "≥", "95", "%"),
        ("=100%", "=", "100", "%"),
        ("<5天", "<", "5", "天"),
        ("1,200户", None, "1200", "户"),
        ("有效", None, None, ""),
        ("达标", None, None, ""),
        ("90%-100%", None, None, ""),
        ("", None, None, ""),
    ],
)
def test_targets(written: str, op: str | None, number: str | None, unit: str) -> None:
    value = Value(written, Where("f.xlsx", "Sheet1", 1, 1), None)
    assert target_of(value) == Target(op, D(number) if number else None, unit)


# ---- what stops the reader, located ----------------------------------------------------------


def test_no_score_column(tmp_path: Path) -> None:
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "备注"]
    path = save(tmp_path, lambda ws: standard(ws, header=header))
    assert problems(path) == [
        "form.xlsx:12:2: error: Sheet1!B12: no column 得分 in the indicator header row "
        "(row 12: 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 备注) [form-layout]"
    ]


def test_no_indicator_header(tmp_path: Path) -> None:
    def build(ws: Any) -> None:
        ws.title = "Sheet1"
        ws["B2"] = "项目名称"

    assert problems(save(tmp_path, build)) == [
        "form.xlsx:2:2: error: Sheet1!B2: no 一级指标 header found anywhere in sheet Sheet1; the indicator "
        "block starts with a row 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 [form-layout]"
    ]


def test_empty_workbook(tmp_path: Path) -> None:
    assert problems(save(tmp_path, lambda ws: None))[0].startswith(
        "form.xlsx:1:1: error: Sheet!A1: no 一级指标 header found anywhere in sheet Sheet;"
    )


def test_old_and_unknown_formats(tmp_path: Path) -> None:
    old = tmp_path / "form.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert problems(old) == [
        "form.xls:1:1: error: .xls (Excel 97-2003) is not read; save it as .xlsx in Excel or LibreOffice [form-file]"
    ]
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(old.read_bytes())
    assert problems(renamed) == [
        "renamed.xlsx:1:1: error: the file is in the Office 97-2003 format (.xls/.doc), not .xlsx; "
        "open it and save it as .xlsx [form-file]"
    ]
    assert problems(tmp_path / "form.pdf") == [
        "form.pdf:1:1: error: a 自评表 is read from .xlsx or .docx, not .pdf [form-file]"
    ]
    assert FORM_SUFFIXES == (".xlsx", ".docx")


def test_damaged_files(tmp_path: Path, form_path: Path) -> None:
    text = tmp_path / "text.xlsx"
    text.write_text("项目名称,一级指标\n", encoding="utf-8")
    assert problems(text) == [
        "text.xlsx:1:1: error: not a readable .xlsx file (File is not a zip file); it may be damaged "
        "or another kind of file; save it again as .xlsx [form-file]"
    ]
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(form_path.read_bytes()[:3000])
    assert problems(cut)[0].startswith("cut.xlsx:1:1: error: not a readable .xlsx file")
    hollow = tmp_path / "hollow.xlsx"
    with zipfile.ZipFile(hollow, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert problems(hollow)[0].startswith("hollow.xlsx:1:1: error: not a readable .xlsx workbook (missing part")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(form_path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data[: len(data) // 2] if info.filename.endswith("sheet1.xml") else data)
    assert problems(broken)[0].startswith("broken.xlsx:1:1: error: not a readable .xlsx workbook (")


def test_bombs_are_refused_before_parsing(tmp_path: Path, form_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (3 * 1024 * 1024))
    (message,) = problems(bomb)
    assert message.startswith("bomb.xlsx:1:1: error: part xl/worksheets/sheet1.xml unpacks ")
    assert message.endswith(" times its size; refused as a possible zip bomb [form-file]")
    laughs = tmp_path / "laughs.xlsx"
    entity = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><sst>&b;</sst>'
    with zipfile.ZipFile(form_path) as source, zipfile.ZipFile(laughs, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/sharedStrings.xml", entity)
    assert problems(laughs) == [
        "laughs.xlsx:1:1: error: part xl/sharedStrings.xml declares a DTD (<!DOCTYPE>), which Office files "
        "never do; refused as a possible entity bomb [form-file]"
    ]


def test_too_many_rows_or_columns(tmp_path: Path) -> None:
    def tall(ws: Any) -> None:
        standard(ws)
        ws["B6001"] = "x"

    assert problems(save(tmp_path, tall)) == [
        "form.xlsx:6001:2: error: Sheet1!B6001: the sheet's used range reaches row 6,001; jxpj reads forms "
        "of at most 5,000 rows (delete what lies outside the form) [form-file]"
    ]

    def wide(ws: Any) -> None:
        standard(ws)
        ws.cell(3, 300, "x")

    assert "reaches column 300" in problems(save(tmp_path, wide, "wide.xlsx"))[0]


def test_import_is_light() -> None:
    code = "import sys, jxpj.forms; print(any(m in sys.modules for m in ('openpyxl', 'docx', 'lxml')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---- Word ------------------------------------------------------------------------------------


def word_form(path: Path) -> Path:
    """A .docx 自评表: title and fields as paragraphs, the funds and the indicators as two tables,
    merged with gridSpan (across) and vMerge (down) as Word stores them."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("项目支出绩效自评表")
    document.add_paragraph("（ 2023年度 ）")
    document.add_paragraph("项目名称：城区道路维护项目")
    document.add_paragraph("主管部门：市住房和城乡建设局　　实施单位：市政工程管理中心")
    funds = document.add_table(rows=7, cols=8)
    rows = [
        ["项目资金\n（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "100", "120", "110.50", "10", "92.08%", "9.21"],
        ["", "其中：财政拨款", "100", "110", "100.5", "", "", ""],
        ["", "上年结余", "0", "10", "10", "", "", ""],
        ["", "其他资金", "", "", "", "", "", ""],
        ["年度总体目标", "预期目标", "", "", "实际完成情况", "", "", ""],
        ["", "完成城区主干道维修养护。", "", "", "完成维修5.2万平方米。", "", "", ""],
    ]
    for i, line in enumerate(rows):
        for j, text in enumerate(line):
            funds.cell(i, j).text = text
    funds.cell(0, 0).merge(funds.cell(4, 0))
    for col in (5, 6, 7):
        funds.cell(1, col).merge(funds.cell(4, col))
    funds.cell(5, 0).merge(funds.cell(6, 0))
    for row in (5, 6):
        funds.cell(row, 1).merge(funds.cell(row, 3))
        funds.cell(row, 4).merge(funds.cell(row, 7))
    document.add_paragraph("")
    table = document.add_table(rows=6, cols=9)
    lines = [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["", "产出指标", "数量指标", "道路维修面积", "≥5万平方米", "5.2万平方米", "50", "50", ""],
        ["", "", "质量指标", "验收合格率", "100%", "98%", "30", "28.5", "部分路段返工"],
        ["", "满意度指标", "满意度指标", "群众满意度", "≥90%", "92%", "20", "20", ""],
        ["总分", "", "", "", "", "", "100", "98.5", ""],
        ["自评等级", "", "优", "", "", "", "", "", ""],
    ]
    for i, line in enumerate(lines):
        for j, text in enumerate(line):
            table.cell(i, j).text = text
    table.cell(0, 0).merge(table.cell(3, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(4, 0).merge(table.cell(4, 5))
    table.cell(5, 0).merge(table.cell(5, 1))
    document.add_paragraph("填表人：张三　　联系电话：12345678")
    document.save(path)
    return path


def test_word_form(tmp_path: Path) -> None:
    path = word_form(tmp_path / "form.docx")
    form = read_form(path)
    assert form.format == "docx"
    assert form.title is not None and form.title.where.name == "正文第1段"
    assert form.year == 2023
    assert form.project is not None and form.project.text == "城区道路维护项目"
    assert form.department is not None and form.department.text == "市住房和城乡建设局"
    assert form.unit is not None and form.unit.text == "市政工程管理中心" and form.unit.where.name == "正文第4段"
    assert form.money_unit == "万元" and form.money_unit_where is not None
    assert form.money_unit_where.name == "表1 第1行第1列"
    assert [row.name.text for row in form.funds] == ["年度资金总额", "其中：财政拨款", "上年结余", "其他资金"]
    total = form.funds[0]
    assert total.actual is not None and total.actual.number == D("110.50") and total.actual.where.name == "表1 第2行第5列"
    assert total.rate is not None and total.rate.number == D("92.08") and total.rate.percent
    assert form.funds[1].score is None  # the vMerge continuation of 年度资金总额's 得分
    assert form.goal_planned is not None and form.goal_planned.text == "完成城区主干道维修养护。"
    assert form.goal_actual is not None and form.goal_actual.where.name == "表1 第7行第5列"
    assert [i.name.text for i in form.indicators] == ["道路维修面积", "验收合格率", "群众满意度"]
    quality = form.indicators[1]
    assert quality.level1.text == "产出指标" and quality.level1.where.name == "表2 第2行第2列"
    assert quality.score.number == D("28.5") and quality.score.where.name == "表2 第3行第8列"
    assert target_of(quality.actual) == Target(None, D(98), "%")
    assert form.total is not None and form.total.number == D("98.5") and form.total.where.name == "表2 第5行第8列"
    assert form.grade is not None and form.grade.text == "优" and form.grade.where.name == "表2 第6行第3列"
    assert form.warnings == ()
    assert read_form(path) == form


def test_word_table_continued_after_a_page_break(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("2024年度项目支出绩效自评表")
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    parts = [
        [header, ["产出指标", "数量指标", "指标一", "≥10个", "12个", "50", "50"]],
        [header, ["效益指标", "社会效益指标", "指标二", "有效", "有效", "50", "45"], ["总分", "", "", "", "", "100", "95"]],
    ]
    for number, rows in enumerate(parts):
        table = document.add_table(rows=len(rows), cols=7)
        for i, line in enumerate(rows):
            for j, text in enumerate(line):
                table.cell(i, j).text = text
        if number == 0:
            document.add_paragraph("（续表）")
    path = tmp_path / "two.docx"
    document.save(path)
    form = read_form(path)
    assert form.year == 2024
    assert [(i.name.text, i.score.where.name) for i in form.indicators] == [("指标一", "表1 第2行第7列"), ("指标二", "表2 第2行第7列")]
    assert form.total is not None and form.total.number == 95 and form.total.where.name == "表2 第3行第7列"


def test_word_damaged(tmp_path: Path, form_path: Path) -> None:
    pytest.importorskip("docx")
    renamed = tmp_path / "sheet.docx"
    renamed.write_bytes(form_path.read_bytes())
    (message,) = problems(renamed)
    assert message.startswith("sheet.docx:1:1: error: not a readable Word document (.docx) (")
    assert message.endswith("open it in Word or LibreOffice and save it as .docx [form-file]")
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"")
    assert problems(doc) == [
        "old.doc:1:1: error: .doc (Word 97-2003) is not read; save it as .docx in Word or LibreOffice [form-file]"
    ]
    empty = word_form(tmp_path / "empty.docx")
    with zipfile.ZipFile(empty) as source, zipfile.ZipFile(tmp_path / "cut.docx", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data[:-200] if info.filename == "word/document.xml" else data)
    assert problems(tmp_path / "cut.docx")[0].startswith("cut.docx:1:1: error: not a readable Word document")


# ---- the corpus of tests/forms (generated and published forms, and unreadable files) ---------

CORPUS = Path(__file__).parent / "forms" / "corpus"


def corpus() -> list[tuple[str, dict[str, Any]]]:
    yaml = pytest.importorskip("yaml")
    expected = CORPUS / "expected.yaml"
    if not expected.exists():
        return []
    return sorted(yaml.safe_load(expected.read_text(encoding="utf-8")).items())


def _values(node: Any) -> Any:
    """Every Value in a Form, to find the cell of each expected finding among what was read."""
    if isinstance(node, Value):
        yield node
    elif isinstance(node, tuple):
        for item in node:
            yield from _values(item)
    elif hasattr(node, "__dataclass_fields__"):
        for name in node.__dataclass_fields__:
            yield from _values(getattr(node, name))


@pytest.mark.parametrize(("name", "expected"), corpus(), ids=lambda v: v if isinstance(v, str) else "")
def test_corpus(name: str, expected: dict[str, Any]) -> None:
    path = CORPUS / name
    if not expected["readable"]:
        (message,) = problems(path)
        assert message.startswith(f"{name}:1:1: error: ") and message.endswith(("[form-file]", "[form-layout]"))
        return
    form = read_form(path)
    stated = expected["stated_total"]
    assert (form.format, form.money_unit, len(form.indicators)) == (expected["format"], expected["money_unit"], expected["indicators"])
    assert (form.project.text if form.project else None) == expected["project"]
    assert ((form.unit.text or None) if form.unit else None) == expected["unit"]
    assert (form.total.number if form.total else None) == (D(str(stated)) if stated is not None else None)
    assert (form.grade.text if form.grade else None) == expected["stated_grade"]
    read = {value.where.name for value in _values(form)}
    assert [f["cell"] for f in expected["findings"] if f["cell"] not in read] == []
