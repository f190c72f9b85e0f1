"""The small text helpers of the report: table cells, sentences, Chinese numerals, output paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from jxpj.errors import UsageError
from jxpj.markdown import block, cell, join_cjk, sentence
from jxpj.report.output import targets
from jxpj.report.wording import cn_count, cn_numeral, ordinal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a|b", "a\\|b"),
        ("第一行\n第二行", "第一行<br>第二行"),
        ("段一\r\n\r\n  段二  ", "段一<br>段二"),
        ("  完成  ", "完成"),
        ("folded 中文 行", "folded 中文行"),
        (None, ""),
    ],
)
def test_cell(text, expected):
    assert cell(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("无台账", "无台账。"),
        ("已完成。", "已完成。"),
        ("见附件（三）", "见附件（三）"),
        ("提出的 “统筹规划”\n的战略目标", "提出的“统筹规划”的战略目标。"),
        ("预约； 10月", "预约；10月。"),
        ("Plan B and 方案", "Plan B and 方案。"),
        ("  ", None),
        (None, None),
    ],
)
def test_sentence(text, expected):
    assert sentence(text) == expected


def test_block_keeps_markdown_lines_and_paragraphs():
    assert block("  **1、标题**  \n\n正文 一\n- 项\n") == "**1、标题**\n\n正文一\n- 项"
    assert block("\n \n") is None


def test_join_cjk_keeps_spaces_between_latin_words():
    assert join_cjk("ISO 9001 认证 通过") == "ISO 9001 认证通过"


@pytest.mark.parametrize(("n", "numeral", "count"), [(1, "一", "一"), (2, "二", "两"), (3, "三", "三"), (10, "十", "十"), (12, "十二", "十二"), (20, "二十", "二十"), (100, "100", "100")])
def test_chinese_numerals(n, numeral, count):
    assert (cn_numeral(n), cn_count(n)) == (numeral, count)


def test_ordinal_styles():
    assert [ordinal(3, s) for s in ("一、", "（一）", "1、", "（1）", "1.")] == ["三、", "（三）", "3、", "（3）", "3."]
    with pytest.raises(ValueError, match="unknown numbering style"):
        ordinal(1, "i.")


def test_output_targets(tmp_path):
    evidence = tmp_path / "case" / "evidence.yaml"
    assert targets(evidence, None).report == tmp_path / "case" / "report.md"
    assert targets(evidence, tmp_path / "out").summary_csv == tmp_path / "out" / "summary.csv"
    named = targets(evidence, tmp_path / "r.MD")
    assert (named.report, named.summary.name, named.summary_csv.name) == (tmp_path / "r.MD", "r.summary.md", "r.summary.csv")
    (tmp_path / "dir.md").mkdir()
    assert targets(evidence, tmp_path / "dir.md").report == tmp_path / "dir.md" / "report.md"
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError):
        targets(evidence, Path(tmp_path / "file"))


@pytest.mark.parametrize(
    "broken",
    ["| a | b |\n|---|---|\n| x | y | z |\n", "| a | b |\n|---|---|\n| x\ny | z |\n", "para\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n"],
    ids=["extra-pipe", "newline-in-cell", "orphan-row"],
)
def test_the_table_checker_catches_broken_tables(broken):
    from markdown_tables import check_tables

    with pytest.raises(AssertionError):
        check_tables(broken)
