"""A new evaluation folder from a bundled framework (``jxpj init``), and the list of frameworks.

The folder gets a ``spec.yaml`` that extends the framework (its indicators listed in comments,
ready to be replaced) and an ``evidence.yaml`` skeleton: one entry per leaf, commented with its
评分标准 and the facts its rule needs. The facts themselves stay commented out, so the untouched
skeleton scores every indicator as "no evidence", never as 0.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jxpj.documents.bundled import bundled_specs
from jxpj.errors import UsageError, display_path
from jxpj.files import exists, is_dir, write_files
from jxpj.load import load_spec
from jxpj.models.spec import Indicator, Spec
from jxpj.numbers import fmt_num

WRAP = 44  # characters of Chinese text per comment line; about 90 columns on screen



@dataclass(frozen=True, slots=True)
class Framework:
    """A bundled framework: its name (what ``extends:`` and ``--framework`` take) and its spec."""

    name: str
    path: Path
    spec: Spec


def frameworks() -> list[Framework]:
    """Every bundled framework, checked, in name order."""
    return [Framework(name, path, load_spec(path)) for name, path in bundled_specs().items()]


def framework(name: str) -> Framework:
    """The bundled framework called ``name``, or a usage error listing them."""
    found = next((f for f in frameworks() if f.name == name), None)
    if found is None:
        names = ", ".join(bundled_specs())
        raise UsageError(f"no bundled framework named {name!r}; choose one of: {names} (`jxpj frameworks` describes them)")
    return found


def init(folder: Path, name: str, *, force: bool = False) -> list[Path]:
    """Write ``spec.yaml`` and ``evidence.yaml`` into ``folder``; returns the paths written."""
    chosen = framework(name)
    if exists(folder) and not is_dir(folder):
        raise UsageError(f"{display_path(folder)} is a file; give a folder for the new evaluation")
    if is_dir(folder) and _has_files(folder) and not force:
        raise UsageError(f"{display_path(folder)} is not empty; choose a new folder, or pass --force to overwrite its spec.yaml and evidence.yaml")
    spec_path, evidence_path = folder / "spec.yaml", folder / "evidence.yaml"
    project = folder.resolve().name
    # One set, through the one writer: --force replaces a symbolic link named spec.yaml rather
    # than writing to where it points; a folder that cannot be made is a message, not a traceback.
    write_files({
        spec_path: spec_text(chosen).encode("utf-8"),
        evidence_path: evidence_text(chosen.spec, project).encode("utf-8"),
    })
    return [spec_path, evidence_path]


def _has_files(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except OSError as exc:
        raise UsageError(f"{display_path(folder)}: cannot read: {exc.strerror or exc}") from None


def spec_text(chosen: Framework) -> str:
    """A spec that extends the framework, with its indicators listed for the user to change."""
    spec = chosen.spec
    lines = [
        f"# 指标体系 of this evaluation: the bundled framework {chosen.name!r} with this project's changes.",
        f"# {spec.title}" + (f" · {spec.framework.name}" if spec.framework else ""),
        "extends: " + chosen.name,
        f"title: {spec.title}",
        "",
        "# Change the framework below; weights are re-checked after the changes, so restate a",
        "# parent's weight when its children change (README, \"Composing specs\").",
        "# indicators:",
        "#   - {code: B11, name: 培训人次, standard: …}          # a code the framework has: replace those keys",
        "#   - {code: B12, parent: B1, name: …, weight: 5, rule: …}   # a new code: add it under parent",
        "# remove: [C41]                                        # drop indicators, with what is under them",
        "#",
        "# The framework's indicators (code, name, weight, rule):",
    ]
    lines += [f"#   {'  ' * depth}{node.code} {node.name} {fmt_num(node.total_weight)}{_rule_note(spec, node)}" for node, depth in _walk(spec)]
    if spec.rules:
        lines += ["#", "# Its named rules, for rule: on new indicators: " + ", ".join(spec.rules)]
    return "\n".join(lines) + "\n"


def evidence_text(spec: Spec, project: str) -> str:
    """The evidence skeleton: every leaf with its standard and the facts its rule needs."""
    self_eval = spec.layout == "self_evaluation"
    lines = [
        "# Evidence (佐证材料) of one evaluation. Give each indicator its facts: an indicator whose",
        "# facts: stay commented out is reported as \"no evidence\", never as 0.",
        "spec: spec.yaml",
        "",
        "project:",
        f"  name: {project}                # 项目名称",
        "  # year: 2024                # 项目年度",
        "  # unit:                     # 实施单位 / 预算单位",
        "  # department:               # 主管部门",
        "  # commissioner:             # 委托方",
        "  # evaluator:                # 评价机构",
        "",
        f"# budget:                     # 支出明细表, in {'yuan' if spec.unit == '元' else spec.unit}; 预算执行率 is computed from it, never typed",
        "#   lines:",
        "#     - {name: 当年财政拨款, " + ("initial: 0.00, " if self_eval else "") + "budget: 0.00, actual: 0.00}"
        + ("   # initial = 年初预算数" if self_eval else ""),
        "#   unit: " + ("万元                # the lines' unit, when not yuan" if spec.unit == "元" else "元                  # the lines' unit, when not 万元"),
        *(["",
           "# overall_goal:               # 年度总体目标",
           "#   planned:                  # 预期目标",
           "#   actual:                   # 实际完成情况"] if self_eval else []),
        "",
        *_narrative_lines(spec),
        "",
        "# A score adjusted from what its rule gives (调整) keeps the rule's facts and adds, under the",
        "# indicator: adjusted: {score: …, reason: …}; both scores are shown, the adjusted one counts.",
        "indicators:",
    ]
    for node, depth in _walk(spec):
        if not node.is_leaf:
            rule = "──" if depth == 0 else "·"
            lines += ["", f"  # {rule} {node.code} {node.name} ({fmt_num(node.total_weight)}) {rule}"]
            continue
        lines += [f"  {node.code}:                      # {node.name} ({fmt_num(node.total_weight)}){_rule_note(spec, node)}"]
        lines += [f"    # {line}" for line in _wrapped("评分标准：" + (node.standard or "（未写明）"))]
        if self_eval:
            lines += ["    planned:                  # 年度指标值"]
        lines += ["    value:                    # " + ("实际完成值" if self_eval else "业绩值, as the tables show it")]
        lines += list(_facts_lines(spec, node))
        if node.allow_not_applicable:
            lines += ["    # not_applicable: …       # the reason, if this indicator does not apply (不适用)"]
        lines += ["    note:                     # 评分说明"]
        if self_eval:
            lines += ["    deviation:                # 偏差原因分析及改进措施"]
    return "\n".join(lines) + "\n"


def _walk(spec: Spec) -> Iterator[tuple[Indicator, int]]:
    stack = [(node, 0) for node in reversed(spec.indicators)]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        stack.extend((child, depth + 1) for child in reversed(node.children))


def _rule_note(spec: Spec, node: Indicator) -> str:
    if not node.is_leaf:
        return ""
    params = spec.rule_of(node)
    name = f"{node.rule} ({params.kind})" if isinstance(node.rule, str) else params.kind
    return f" · rule {name}"


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), WRAP, break_long_words=True, break_on_hyphens=False)


def _facts_lines(spec: Spec, node: Indicator) -> Iterator[str]:
    params = spec.rule_of(node)
    needed = needed_facts(params, node)
    if not needed:
        yield "    # no facts to give: scored from the budget lines (预算执行率 is computed from them)"
        return
    yield "    # facts:                  # uncomment and fill in"
    for fact, placeholder, hint in needed:
        yield f"    #   {fact}: {placeholder}".ljust(30) + (f"# {hint}" if hint else "")


def needed_facts(params: Any, node: Indicator) -> list[tuple[str, str, str]]:
    """(fact, placeholder, hint) for each fact the rule needs; empty when all are computed."""
    kind = params.kind
    source, fixed_target = getattr(params, "source", None), getattr(params, "target", None)
    actual = [] if source else [("actual", "", "实际值")]
    if kind == "grade":
        return [("level", "", "one of: " + "、".join(params.levels))]
    if kind in ("threshold_deduction", "tiers"):
        return [("actual", "", "percent" if kind == "threshold_deduction" else f"value{' in ' + params.unit if params.unit else ''}")] if not source else []
    if kind == "ratio":
        return actual + ([] if fixed_target is not None else [("target", "", "目标值 / 年度指标值")])
    if kind == "target":
        if params.op in ("increase", "decrease"):
            return [*actual, ("baseline", "", "the value it is compared with (上年值)")]
        if params.late is not None or isinstance(fixed_target, date):  # 完成时间 ≤ 计划时间
            done = [("actual", "", "完成时间, e.g. 2023年6月30日")]
            return done + ([] if fixed_target is not None else [("target", "", "规定时限 / 计划时间, e.g. 2023-06-30")])
        return actual + ([] if fixed_target is not None else [("target", "", "目标值")])
    if kind == "pass_fail":
        return [("passed", "", "yes / no")]
    if kind == "deductions":
        items = f"; items: {'、'.join(params.items)}" if params.items else ""
        return [("findings", "[]", "[] = checked, nothing found; else [{reason: …, points: …}]" + items)]
    if kind == "checklist":
        return [("met", "[]", "elements met, of: " + "、".join(e.name for e in params.elements))]
    if kind == "judgment":
        return [("score", "", f"0–{fmt_num(node.total_weight)}"), ("justification", "", "why")]
    if kind == "banded_judgment":
        return [("band", "", "one of: " + "、".join(params.bands)), ("score", "", "inside the band"), ("justification", "", "why")]
    if kind == "formula":
        return [(name, "", _range(allowed)) for name, allowed in params.facts.items()]
    from jxpj.rules import get  # a kind added later: list its facts model's fields

    return [(name, "", "") for name in get(kind).facts.model_fields]


def _range(allowed: Any) -> str:
    """A formula fact's declared range as a hint: ``0–100``, ``at least 0``, or nothing."""
    low, high = allowed.min, allowed.max
    if low is not None and high is not None:
        return f"{fmt_num(low)}–{fmt_num(high)}"
    if low is not None or high is not None:
        return f"at least {fmt_num(low)}" if low is not None else f"at most {fmt_num(high)}"
    return ""


def _narrative_lines(spec: Spec) -> list[str]:
    """The report's prose sections as commented keys (each with its heading), or, for the
    自评表, where its only prose goes."""
    from jxpj.models.evidence import Narrative

    if spec.layout == "self_evaluation":
        return ["# The 自评表 has no prose sections: write 偏差原因分析及改进措施 under each indicator's deviation:."]
    lines = ["# narrative:                  # the report's prose (Markdown), by section; numbers come from the result"]
    for name, field in Narrative.model_fields.items():
        lines.append(f"#   {name}: |{' ' * max(1, 24 - len(name))}# {field.description}")
    return lines
