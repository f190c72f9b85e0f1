"""Writing the evidence workbook for a spec: one sheet per part, formatted rows, drop-down lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jxpj.documents.sheet import column_letter
from jxpj.models.evidence import Narrative
from jxpj.models.spec import Indicator, Spec
from jxpj.office import archive
from jxpj.office.entry.cells import keep_text
from jxpj.office.entry.layout import (
    BUDGET,
    BUDGET_COLUMNS,
    FACT,
    FINDING_COLUMNS,
    FINDINGS,
    LEAVES,
    MET_SEPARATORS,
    NARRATIVE,
    NONE_MET,
    OPTIONS,
    PROJECT,
    PROJECT_ROWS,
    YES_NO,
    Layout,
    layout,
    needed_facts,
)
from jxpj.office.extra import require


def write_entry_workbook(spec: Spec, path: str | Path, *, spec_ref: str = "spec.yaml", project: str | None = None) -> Path:
    """Write an empty evidence workbook for ``spec``; ``spec_ref`` fills its 指标体系文件 cell and
    ``project`` its 项目名称."""
    openpyxl = require("openpyxl", "the Excel evidence workbook")
    from jxpj.office.entry.write import Writer

    book = openpyxl.Workbook()
    Writer(book, spec, layout(spec)).write(spec_ref, project)
    keep_text(c for ws in book.worksheets for row in ws.iter_rows() for c in row)  # no cell here is a formula: spec text stays text
    book.properties.creator = "jxpj"
    book.properties.created = book.properties.modified = archive.FIXED_TIME
    book.properties.title = f"{spec.title}：佐证材料录入表"
    out = Path(path)
    book.save(out)
    archive.normalize(out, archive.FIXED_TIME)
    return out


BLANK_ROWS = 30  # formatted rows offered on the list sheets (more may be added below)


class Writer:
    """Writes every sheet of one workbook."""

    def __init__(self, book: Any, spec: Spec, columns: Layout) -> None:
        self.book, self.spec, self.layout = book, spec, columns
        styles = require("openpyxl.styles", "the Excel evidence workbook")
        thin = styles.Side(style="thin")
        self.border = styles.Border(left=thin, right=thin, top=thin, bottom=thin)
        self.header_fill = styles.PatternFill("solid", fgColor="D9D9D9")
        self.input_fill = styles.PatternFill("solid", fgColor="FFF2CC")  # cells to fill in
        self.unused_fill = styles.PatternFill("solid", fgColor="A6A6A6")  # not used by the rule
        self.bold = styles.Font(bold=True)
        self.wrap = styles.Alignment(vertical="top", wrap_text=True)
        self.validation = require("openpyxl.worksheet.datavalidation", "the Excel evidence workbook").DataValidation
        self.options: dict[tuple[str, ...], str] = {}  # choice lists on the hidden 选项 sheet

    def write(self, spec_ref: str, project: str | None) -> None:
        self._project(self.book.active, spec_ref, project)
        self._list_sheet(self.book.create_sheet(BUDGET), BUDGET_COLUMNS, (28, 16, 16, 16))
        self._leaves(self.book.create_sheet(LEAVES))
        findings = self.book.create_sheet(FINDINGS)
        self._list_sheet(findings, FINDING_COLUMNS, (10, 48, 8, 16, 8))
        codes = tuple(leaf.code for leaf in self.spec.leaves() if "checked" in needed_facts(self.spec, leaf))
        if codes:
            self._choices(findings, f"A2:A{BLANK_ROWS + 1}", self._option(codes))
        self._narrative(self.book.create_sheet(NARRATIVE))
        if self.options:
            options = self.book[OPTIONS]
            options.sheet_state = "hidden"
            self.book.move_sheet(options, offset=len(self.book.sheetnames) - 1 - self.book.index(options))

    def _header(self, ws: Any, labels: list[str]) -> None:
        ws.append(labels)
        for cell in ws[1]:
            cell.font, cell.fill, cell.border, cell.alignment = self.bold, self.header_fill, self.border, self.wrap
        ws.freeze_panes = "A2"

    def _project(self, ws: Any, spec_ref: str, project: str | None) -> None:
        ws.title = PROJECT
        self._header(ws, ["键", "项目", "内容", "说明"])
        for key, label, hint in PROJECT_ROWS:
            ws.append([key, label, {"spec": spec_ref, "name": project}.get(key), hint])
            ws.cell(ws.max_row, 3).fill = self.input_fill
        for letter, width in zip("ABCD", (14, 14, 48, 36), strict=False):
            ws.column_dimensions[letter].width = width

    def _narrative(self, ws: Any) -> None:
        """One row per section of the report's prose, named, with its text to write in column C."""
        self._header(ws, ["键", "章节", "文字（Markdown）"])
        for name, field in Narrative.model_fields.items():
            ws.append([name, field.description, None])
            ws.cell(ws.max_row, 3).fill = self.input_fill
            ws.cell(ws.max_row, 3).alignment = self.wrap
        for letter, width in zip("ABC", (24, 24, 100), strict=False):
            ws.column_dimensions[letter].width = width

    def _list_sheet(self, ws: Any, columns: tuple[tuple[str, str], ...], widths: tuple[int, ...]) -> None:
        self._header(ws, [label for _key, label in columns])
        for r in range(2, BLANK_ROWS + 2):
            for c in range(1, len(columns) + 1):
                ws.cell(r, c).fill, ws.cell(r, c).border = self.input_fill, self.border
        for c, width in enumerate(widths, start=1):
            ws.column_dimensions[column_letter(c)].width = width

    def _leaves(self, ws: Any) -> None:
        self._header(ws, [header for _key, header in self.layout.columns])
        for r, (leaf, ancestors) in enumerate(_leaves_with_ancestors(self.spec), start=2):
            top = ancestors[0].name if ancestors else ""
            middle = " / ".join(a.name for a in ancestors[1:])
            ws.append([leaf.code, top, middle, leaf.name, leaf.weight, leaf.standard])
            needed = needed_facts(self.spec, leaf)
            for c, (key, _header) in enumerate(self.layout.columns, start=1):
                cell = ws.cell(r, c)
                cell.border, cell.alignment = self.border, self.wrap
                if key.startswith(FACT):
                    cell.fill = self.input_fill if key.removeprefix(FACT) in needed else self.unused_fill
                elif c > 6 and (key != "not_applicable" or leaf.allow_not_applicable):
                    cell.fill = self.input_fill
            self._row_choices(ws, r, leaf, needed)
        widths = {"code": 7, "level1": 10, "level2": 12, "name": 20, "weight": 6, "standard": 40, "note": 40, FACT + "justification": 30}
        for c, (key, _header) in enumerate(self.layout.columns, start=1):
            ws.column_dimensions[column_letter(c)].width = widths.get(key, 12)
        ws.freeze_panes = "G2"  # the code and names stay in view while scrolling to the inputs

    def _row_choices(self, ws: Any, r: int, leaf: Indicator, needed: tuple[str, ...]) -> None:
        params = self.spec.rule_of(leaf)
        col = self.layout.fact_col
        if "level" in needed:
            self._choices(ws, f"{column_letter(col('level'))}{r}", self._option(tuple(params.levels)))
        for key in ("passed", "checked"):
            if key in needed:
                self._choices(ws, f"{column_letter(col(key))}{r}", YES_NO)
        if "met" in needed:
            names = "、".join(e.name for e in params.elements)
            seps = "、".join(s for s in MET_SEPARATORS if s.strip())
            prompt = f"可选要素：{names}。多个以{seps}分隔；都不具备填“{NONE_MET}”。"
            self._prompt(ws, f"{column_letter(col('met'))}{r}", "已具备要素", prompt)
        if "checked" in needed:
            prompt = f"在“{FINDINGS}”表逐条填写扣分事项；核查后未发现问题填“是”且不填扣分事项。"
            self._prompt(ws, f"{column_letter(col('checked'))}{r}", "已核查", prompt)

    def _option(self, choices: tuple[str, ...]) -> str:
        """A reference to ``choices`` listed on the hidden 选项 sheet (commas in names are fine there)."""
        if choices not in self.options:
            ws = self.book[OPTIONS] if OPTIONS in self.book.sheetnames else self.book.create_sheet(OPTIONS)
            c = len(self.options) + 1
            for r, choice in enumerate(choices, start=1):
                ws.cell(r, c, choice)
            letter = column_letter(c)
            self.options[choices] = f"'{OPTIONS}'!${letter}$1:${letter}${len(choices)}"
        return self.options[choices]

    def _choices(self, ws: Any, ref: str, formula: str) -> None:
        dv = self.validation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
        dv.error, dv.errorTitle = "请从下拉列表中选择", "不在可选范围内"
        dv.add(ref)
        ws.add_data_validation(dv)

    def _prompt(self, ws: Any, ref: str, title: str, prompt: str) -> None:
        dv = self.validation(showInputMessage=True, promptTitle=title, prompt=prompt[:255])
        dv.add(ref)
        ws.add_data_validation(dv)


def _leaves_with_ancestors(spec: Spec) -> list[tuple[Indicator, list[Indicator]]]:
    out: list[tuple[Indicator, list[Indicator]]] = []

    def visit(node: Indicator, chain: list[Indicator]) -> None:
        if node.is_leaf:
            out.append((node, chain))
        for child in node.children:
            visit(child, [*chain, node])

    for top in spec.indicators:
        visit(top, [])
    return out
