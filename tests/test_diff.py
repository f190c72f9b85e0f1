"""jxpj diff: two evaluations of one project compared, on the 2018 example and a changed copy."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

from conftest import EXAMPLE, ROOT

from jxpj import score_file
from jxpj.diff.compare import diff

A = EXAMPLE / "evidence.yaml"
GOLDEN = ROOT / "tests" / "golden" / "diff_2018_2019.md"


def later(tmp_path: Path, *, spec_edit: tuple[str, str] | None = None) -> Path:
    """A "2019" copy: 95% executed (training line +438,176.67), 250 of 254 videos, C15 fixed."""
    text = A.read_text(encoding="utf-8")
    for old, new in [
        ("  year: 2018", "  year: 2019"),
        ("actual: 203679.25", "actual: 641855.92"),
        ("    facts: {actual: 254, target: 254}", "    value: 250人\n    facts: {actual: 250, target: 254}"),
        ("    value: 正常\n    facts:\n      findings:\n        - {reason: 热线系统陈旧、无语音录制功能，无通话接线业务台账, points: 1}", "    value: 正常\n    facts: {findings: []}"),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    spec = (EXAMPLE / "spec.yaml").read_text(encoding="utf-8")
    if spec_edit:
        spec = spec.replace(*spec_edit)
        text = text.replace("  C31:", "  C32:").replace("    C31: 3", "    C32: 3")
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_per_indicator_first_level_and_total_change(tmp_path):
    d = diff(score_file(A), score_file(later(tmp_path)))
    changed = {c.code: (c.a.value, c.b.value, c.a.score, c.b.score, c.delta) for c in d.changed()}
    assert changed == {
        "B1": (None, None, Decimal("6.12"), Decimal("7.00"), Decimal("0.88")),
        "B11": ("84.05%", "95%", Decimal("3.12"), Decimal("4.00"), Decimal("0.88")),
        "C1": (None, None, Decimal(23), Decimal("23.92"), Decimal("0.92")),
        "C11": (None, "250人", Decimal(5), Decimal("4.92"), Decimal("-0.08")),
        "C15": ("正常", "正常", Decimal(2), Decimal(3), Decimal(1)),
    }
    assert {c.code: c.delta for c in d.first_level()} == {"A": 0, "B": Decimal("0.88"), "C": Decimal("0.92")}
    assert (d.a.total, d.b.total, d.total_delta) == (Decimal("85.12"), Decimal("86.92"), Decimal("1.80"))
    assert (d.a.grade, d.b.grade) == ("良", "良")
    assert d.rates == (Decimal("84.05"), Decimal("95.00")) and d.rate_delta == Decimal("10.95")


def test_the_table(cli, tmp_path):
    run = cli("diff", A, later(tmp_path))
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[-3:] == [
        "A: 2018年   B: 2019年",
        "total: 85.12 → 86.92 (+1.8); grade 良 → 良 (unchanged)",
        "预算执行率: 84.05% → 95% (+10.95 points)",
    ]
    assert "│ C15  │     党员服务热线运行情况" in run.stdout and "C16" not in run.stdout  # unchanged rows left out
    assert "C16" in cli("diff", A, later(tmp_path), "--all").stdout


def test_the_markdown_golden(cli, tmp_path):
    text = cli("diff", A, later(tmp_path), "-f", "markdown").stdout
    if os.environ.get("JXPJ_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_json(cli, tmp_path):
    data = json.loads(cli("diff", A, later(tmp_path), "-f", "json").stdout, parse_float=Decimal)
    assert list(data) == ["a", "b", "total_change", "grade_changed", "execution_rate_change", "indicators"]
    assert (data["a"]["total"], data["b"]["total"], data["total_change"], data["grade_changed"]) == (Decimal("85.12"), Decimal("86.92"), Decimal("1.8"), False)
    b11 = next(i for i in data["indicators"] if i["code"] == "B11")
    assert b11 == {
        "code": "B11", "name": "预算执行率", "level": 3, "changed": True, "score_change": Decimal("0.88"),
        "a": {"weight": 4, "value": "84.05%", "score": Decimal("3.12"), "status": "scored"},
        "b": {"weight": 4, "value": "95%", "score": 4, "status": "scored"},
    }  # fmt: skip


def test_an_indicator_only_one_side_has(cli, tmp_path):
    d = diff(score_file(A), score_file(later(tmp_path, spec_edit=("code: C31", "code: C32"))))
    gone, new = (next(c for c in d.changes if c.code == code) for code in ("C31", "C32"))
    assert (gone.a.score, gone.b, gone.delta) == (Decimal(3), None, None)
    assert (new.a, new.b.score, new.delta) == (None, Decimal(3), None)
    assert [c.code for c in d.changes][-1] == "C32"  # B's new indicators come after A's


def test_same_file_twice_changes_nothing(cli):
    run = cli("diff", A, A, "-f", "markdown")
    assert "一级指标以下各指标的权重、业绩值和得分均无变化。" in run.stdout
    assert "| 总分 | 85.12 | 85.12 | 0 |" in run.stdout


def test_a_missing_file_exits_2(cli, tmp_path):
    assert cli("diff", A, tmp_path / "nope.yaml").exit_code == 2
