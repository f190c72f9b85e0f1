"""The portfolio summary: ranking, grade distribution, averages, the projects graded 中 or 差."""

from __future__ import annotations

import os
from decimal import Decimal as D

import pytest
from conftest import ROOT

from jxpj.documents.discover import kind_of
from jxpj.portfolio.rows import Deduction, Portfolio, ProjectRow
from jxpj.report.portfolio import cell, render_portfolio_markdown

GRADES = ("优", "良", "中", "差")
GOLDEN = ROOT / "tests" / "golden" / "portfolio.md"


def row(name: str, a: str | None, b: str | None, grade: str | None = None, *, path: str = "", year: int = 2023, deductions=()) -> ProjectRow:
    total = None if a is None or b is None else D(a) + D(b)
    return ProjectRow(
        path=path or f"{name}.yaml",
        name=name,
        year=year,
        unit="某单位",
        framework="测试框架",
        layout=(("A", "决策", D(30)), ("B", "产出", D(70))),
        scores=(None if a is None else D(a), None if b is None else D(b)),
        total=total,
        grade=grade,
        grades=GRADES,
        low=grade in ("中", "差"),
        deductions=tuple(deductions),
    )


def test_rank_by_total_then_name_then_path_with_shared_ranks():
    rows = [row("乙", "20", "60", "良"), row("甲", "25", "55", "良"), row("丙", "30", "70", "优"), row("丁", None, "50")]
    rows.append(row("甲", "20", "60", "良", path="z/甲.yaml"))
    portfolio = Portfolio.of(rows)
    assert [(r.name, r.path) for r in portfolio.rows] == [
        ("丙", "丙.yaml"), ("乙", "乙.yaml"), ("甲", "z/甲.yaml"), ("甲", "甲.yaml"), ("丁", "丁.yaml"),
    ]  # fmt: skip; names and paths compare by code point
    assert portfolio.ranks() == [1, 2, 2, 2, None]  # 80, 80, 80 share a rank; incomplete has none
    assert portfolio.incomplete == 1


def test_ranking_does_not_depend_on_input_order():
    rows = [row(n, a, b) for n, a, b in [("c", "1", "2"), ("a", "1", "2"), ("b", "2", "2"), ("d", None, None)]]
    assert Portfolio.of(rows).rows == Portfolio.of(reversed(rows)).rows


def test_distribution_lists_every_grade_in_band_order_and_counts_only_graded_projects():
    portfolio = Portfolio.of([row("a", "30", "65", "优"), row("b", "10", "50", "中"), row("c", "10", "51", "中"), row("d", None, "1")])
    assert portfolio.distribution() == (("优", 1), ("良", 0), ("中", 2), ("差", 0))


def test_averages_are_exact_means_rounded_half_up_once():
    portfolio = Portfolio.of([row("a", "20.01", "60", "良"), row("b", "20", "60", "良"), row("c", "20", "60.5", "良")])
    decision, output = portfolio.averages()
    assert (decision.name, decision.mean, decision.rate, decision.count) == ("决策", D(20), D("66.68"), 3)  # 60.01 / 3 = 20.0033…
    assert (output.mean, output.rate) == (D("60.17"), D("85.95"))  # 180.5 / 3 = 60.1666… → 60.17; 180.5 / 210 = 85.952…%
    total = portfolio.average_total()
    assert (total.mean, total.weight, total.rate) == (D("80.17"), D(100), D("80.17"))  # 240.51 / 3 = 80.17


def test_averages_skip_projects_without_that_score():
    portfolio = Portfolio.of([row("a", "30", None), row("b", "10", "50", "中")])
    assert [(a.name, a.mean, a.count) for a in portfolio.averages()] == [("决策", D(20), 2), ("产出", D(50), 1)]


def test_low_projects_are_those_graded_zhong_or_cha_in_rank_order():
    portfolio = Portfolio.of([row("a", "10", "40", "差"), row("b", "30", "65", "优"), row("c", "20", "45", "中")])
    assert [r.name for r in portfolio.low()] == ["c", "a"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("spec: s.yaml\nproject: {name: x}\n", "evidence"),
        ('"spec": s.yaml\n"project": {name: x}\n', "evidence"),
        ("project: {name: x}\n", "evidence"),  # broken evidence is scored, so its problems are shown
        ("title: t\nindicators:\n  - code: A\n", "spec"),
        ("rules:\n  spec: 1\nindicators: []\n", "spec"),  # spec: indented is not top level
        ("extends: national-project\n", "spec"),  # a spec may be its base alone
        ("todo: [a]\n", "other"),
    ],
)
def test_evidence_is_told_from_specs_by_its_top_level_keys(text, kind):
    assert (kind_of("f.yaml", text) or "other") == kind


def test_cells_are_one_line_with_pipes_escaped():
    assert cell("a|b\n  c") == "a\\|b<br>c"  # the report's own cell escaping
    assert cell(None) == cell("") == "—"


def sample() -> Portfolio:
    cut = [Deduction("B2", "完成率", D(20), D("12.5"), D("7.5"), "完成率 80%，低于目标 | 扣 7.5 分"), Deduction("A1", "立项", D(10), D(8), D(2), None)]
    rows = [
        row("甲项目", "30", "65", "优"),
        row("乙项目", "25", "60", "良", year=2022),
        row("丙项目", "15", "50", "中", deductions=cut),
        row("丁项目", "10", "40", "差", deductions=cut[:1]),
        row("戊项目", None, "50"),
    ]
    return Portfolio.of(rows, failed=1)


def test_portfolio_markdown_matches_the_golden_file():
    text = render_portfolio_markdown(sample())
    if os.environ.get("JXPJ_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_portfolio_markdown_without_low_projects_says_so():
    text = render_portfolio_markdown(Portfolio.of([row("甲项目", "30", "65", "优")]))
    assert "本批项目中没有评价等级为“中”或“差”的项目。" in text
    assert text.startswith("# 2023年度项目支出绩效评价汇总\n\n本次共评价项目 1 个；已评分项目平均总分 95 分。\n")



@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (None, None),
        ("无台账", "无台账"),
        ("预算执行率84.05%。因部分支出在其他项目列支。", "预算执行率84.05%。"),
        ("热线系统陈旧；无语音录制功能。", "热线系统陈旧；"),
        ("一" * 61, "一" * 59 + "…"),
        ("跨\n  行", "跨 行"),
    ],
)
def test_a_deduction_keeps_the_first_sentence_of_its_note(note, expected):
    from jxpj.portfolio.rows import brief

    assert brief(note) == expected


def test_rows_share_repeated_values_and_keep_each_numbers_digits():
    from jxpj.portfolio.rows import Interner

    shared = Interner()
    a, b = shared.row(row("a", "20", "60.50", "良")), shared.row(row("b", "20", "60.5", "良"))
    assert a.layout is b.layout and a.unit is b.unit and a.grades is b.grades
    assert a.scores[0] is b.scores[0]
    assert str(a.scores[1]) == "60.50" and str(b.scores[1]) == "60.5"  # equal, yet not merged
    assert (a, b) == (row("a", "20", "60.50", "良"), row("b", "20", "60.5", "良"))


def test_portfolio_md_is_written_into_the_report_folder(tmp_path):
    from jxpj.report.portfolio import write_portfolio_markdown

    path = write_portfolio_markdown(sample(), tmp_path)
    assert path == tmp_path / "portfolio.md"
    assert path.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")


# ---- scales never mix: a bug found on real portfolios ------------------------------------------


def scaled(name: str, framework: str, layout: tuple[tuple[str, str, str], ...], scores: tuple[str, ...], grade: str = "良") -> ProjectRow:
    values = tuple(D(s) for s in scores)
    return ProjectRow(
        path=f"{name}.yaml", name=name, year=2023, unit="某单位", framework=framework,
        layout=tuple((c, n, D(w)) for c, n, w in layout), scores=values, total=sum(values, D(0)),
        grade=grade, grades=GRADES, low=False,
    )  # fmt: skip


SELF = (("A", "预算执行率", "10"), ("B", "产出指标", "50"), ("C", "效益指标", "30"), ("D", "满意度指标", "10"))
PARTIAL = (("A", "预算执行率", "6"), ("B", "产出指标", "30"))  # a 36-point spec: a partial form


def test_totals_out_of_different_full_scores_are_not_averaged():
    portfolio = Portfolio.of([scaled("甲", "自评表", SELF, ("9", "45", "27", "9")), scaled("乙", "自评表", PARTIAL, ("6", "24"))])
    assert portfolio.average_total() is None  # (90 + 30) ÷ 2 = 60 would mean nothing
    assert portfolio.average_rate() == D("86.67")  # (90% + 83.333…%) ÷ 2, rounded once
    averages = {(a.name, a.weight): (a.mean, a.rate, a.count) for a in portfolio.averages()}
    assert averages[("预算执行率", D(10))] == (D(9), D(90), 1)
    assert averages[("预算执行率", D(6))] == (D(6), D(100), 1)  # never (9 + 6) ÷ 2 of mixed weights
    text = render_portfolio_markdown(portfolio)
    assert "已评分项目满分不同，平均得分率 86.67%。" in text
    assert "| 总分 | — | — | 86.67% | 2 |" in text
    assert "注：满分不同的项目，总分不作平均，平均得分率为各项目得分率的平均数。" in text
    assert "| 预算执行率 | 10 | 9 | 90% | 1 |\n" in text and "| 预算执行率 | 6 | 6 | 100% | 1 |\n" in text


def test_averages_are_grouped_by_framework():
    shanghai = (("A", "项目决策", "10"), ("B", "项目管理", "30"), ("C", "项目绩效", "60"))
    portfolio = Portfolio.of([
        scaled("甲", "自评表", SELF, ("9.35", "47.57", "23", "10")),
        scaled("乙", "上海市项目支出绩效评价", shanghai, ("9", "27.12", "49")),
    ])  # fmt: skip
    text = render_portfolio_markdown(portfolio)
    first = text.index("### （一）自评表")
    second = text.index("### （二）上海市项目支出绩效评价")
    assert first < text.index("| 预算执行率 | 10 | 9.35 | 93.5% | 1 |") < second < text.index("| 项目决策 | 10 | 9 | 90% | 1 |")
    assert text.count("| 总分 | 100 |") == 2  # each framework's own total
    assert "已评分项目平均总分 87.52 分" in text  # both out of 100: their totals do average
    # the ranking's score columns say they hold points out of a weight, not rates
    assert "| 预算执行率（10分） | 产出指标（50分） |" in text


def test_a_column_weighted_differently_says_it_holds_scores():
    portfolio = Portfolio.of([scaled("甲", "自评表", SELF, ("9", "45", "27", "9")), scaled("乙", "自评表", PARTIAL, ("6", "24"))])
    assert "| 预算执行率（得分） | 产出指标（得分） | 效益指标（30分） |" in render_portfolio_markdown(portfolio)
